//! Raw HTML and web content in notes: what of it a page keeps.
//!
//! Knowledge of HTML that two stages share, kept apart from both: the
//! resolve stage reads a note's raw HTML to say what the page will drop
//! (`unsafe-html`, `iframe-blocked`), and the render stage drops it.
//!
//! - [`css`]: the declarations of a `style` attribute a page keeps.
//! - [`web`]: videos, web pages and frames from other sites, as cards and
//!   sandboxed frames that load nothing until clicked.
//!
//! Takes strings (a style, a URL, sanitised HTML); gives strings. Imports
//! only the config and the parsers' HTML escaping.

pub mod css;
pub mod web;

use std::sync::LazyLock;

/// One attribute of a tag as the sanitiser writes it (`name="value"`, or a
/// bare `name`).
#[allow(clippy::expect_used)]
pub static HTML_ATTR: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:="([^"]*)")?"#).expect("static regex")
});
