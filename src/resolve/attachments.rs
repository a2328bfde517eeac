//! Attachments: which files of the vault the notes use.
//!
//! Takes the attachment paths and the notes (wikilinks and Markdown links
//! resolved); gives an [`Attachment`] a path, marked used when a note links
//! to or embeds it (only used files are copied and get a URL).

use crate::model::*;

/// The attachments, each marked used or not.
pub(super) fn attachments(paths: &[String], notes: &[Note]) -> Vec<Attachment> {
    let mut attachments: Vec<Attachment> = paths
        .iter()
        .map(|p| Attachment {
            path: p.clone(),
            ..Default::default()
        })
        .collect();
    for n in notes {
        let targets = n
            .links
            .iter()
            .map(|l| &l.to)
            .chain(n.local_links.iter().map(|(_, t)| t));
        for t in targets {
            if let Target::Attachment(a) = t {
                attachments[*a].used = true;
            }
        }
    }
    attachments
}
