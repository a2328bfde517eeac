//! Publish: what of the resolved site may go out.
//!
//! Takes the resolved [`Site`]; gives a [`Published`] site. This is the only
//! way to make a [`Published`], and the render stage, the report and (later)
//! the search index accept nothing else — so no page type can be added that
//! reads the site before this stage has filtered and redacted it.
//!
//! Without a publish profile every note goes out as it is. (`%%comments%%`
//! never reach this stage: the load stage removes them from the text.)

use crate::model::Site;

/// A site that has been through the publish stage.
#[derive(Debug, Clone)]
pub struct Published(Site);

impl Published {
    /// The site as published.
    pub fn site(&self) -> &Site {
        &self.0
    }

    /// Diagnostics of all stages so far.
    pub fn diagnostics(&self) -> &[crate::diagnostics::Diagnostic] {
        &self.0.diagnostics
    }
}

/// Run the publish stage. With no profile selected, nothing is removed.
pub fn publish(site: Site) -> Published {
    Published(site)
}
