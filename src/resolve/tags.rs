//! Tags: the tag tree.
//!
//! Takes the notes (their tags); gives every [`Tag`] in name order, each
//! parent of a nested tag (`project/alpha` → `project`) included, with the
//! notes tagged so and its child tags.

use crate::model::*;
use std::collections::BTreeSet;

/// The tags of the vault.
pub(super) fn tags(notes: &[Note]) -> Vec<Tag> {
    let mut tag_names: BTreeSet<String> = BTreeSet::new();
    for n in notes {
        for t in &n.tags {
            let mut acc = String::new();
            for part in t.split('/') {
                if !acc.is_empty() {
                    acc.push('/');
                }
                acc.push_str(part);
                tag_names.insert(acc.clone());
            }
        }
    }
    let tag_list: Vec<String> = tag_names.into_iter().collect();
    let mut tags: Vec<Tag> = tag_list
        .iter()
        .map(|t| Tag {
            name: t.clone(),
            ..Default::default()
        })
        .collect();
    for (i, n) in notes.iter().enumerate() {
        for t in &n.tags {
            if let Ok(k) = tag_list.binary_search(t) {
                tags[k].notes.push(i);
            }
        }
    }
    for k in 0..tags.len() {
        if let Some((parent, _)) = tags[k].name.rsplit_once('/') {
            if let Ok(pk) = tag_list.binary_search(&parent.to_string()) {
                tags[pk].children.push(k);
            }
        }
    }
    tags
}
