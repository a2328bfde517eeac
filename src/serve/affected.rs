//! Which notes' pages a rebuild in place must render again.
//!
//! Takes the site as the last build resolved it, the site resolved again
//! after an edit, and the notes whose files changed; gives, per note of the
//! new site, whether its page may differ from the one on disk, or `None`
//! when every page must be rendered again.
//!
//! A note's page shows the note itself and, of other things, only: the
//! titles, dates and addresses of the notes it links to, embeds (their
//! text too), is linked from (with the sentence around the link) or sits
//! beside in its series; and the names and addresses of people, series,
//! tags and attachments. So the page is rendered again when the note's file
//! changed, when its resolved form changed (compared whole, the text aside),
//! or when one of those notes did (through embeds, however deep). A note
//! added, removed or renamed renders every page (the resolved forms refer
//! to notes by their place in the list, which then moves). People,
//! series, tags and attachments are compared by what a note's page shows of
//! them; when any differs, every page is rendered, as it is when the vault
//! has a canvas or base. Person, series, tag and
//! index pages are always rendered (a few dozen pages).

use crate::model::{Note, Site, Target};
use std::collections::BTreeSet;

/// Per note of `new`, whether its page must be rendered again; `None`:
/// all of them. `edited`: vault paths of the notes whose files changed.
pub fn notes_to_render(old: &Site, new: &Site, edited: &BTreeSet<String>) -> Option<Vec<bool>> {
    let people = |s: &Site| -> Vec<(String, String)> {
        s.people
            .iter()
            .map(|p| (p.name.clone(), p.url.clone()))
            .collect()
    };
    let series = |s: &Site| -> Vec<(String, String, String)> {
        s.series
            .iter()
            .map(|x| (x.name.clone(), x.title.clone(), x.url.clone()))
            .collect()
    };
    let tags = |s: &Site| -> Vec<(String, String)> {
        s.tags
            .iter()
            .map(|t| (t.name.clone(), t.url.clone()))
            .collect()
    };
    // a base shows other notes' properties, a canvas their titles: with
    // any board, every page is rendered
    if !new.boards.is_empty() || !old.boards.is_empty() {
        return None;
    }
    if people(old) != people(new)
        || series(old) != series(new)
        || tags(old) != tags(new)
        || format!("{:?}", old.attachments) != format!("{:?}", new.attachments)
    {
        return None;
    }
    // the resolved forms refer to notes by index: they compare only while
    // no note was added, removed or renamed
    if old.notes.len() != new.notes.len()
        || old
            .notes
            .iter()
            .zip(&new.notes)
            .any(|(a, b)| a.path != b.path)
    {
        return None;
    }
    let mut changed: Vec<bool> = old
        .notes
        .iter()
        .zip(&new.notes)
        .map(|(o, n)| edited.contains(&n.path) || resolved(o) != resolved(n))
        .collect();
    // a note that embeds a changed note shows its text: changed too
    loop {
        let mut more = false;
        for (i, n) in new.notes.iter().enumerate() {
            if !changed[i]
                && n.links
                    .iter()
                    .any(|l| l.embed && target(&l.to).is_some_and(|j| changed[j]))
            {
                changed[i] = true;
                more = true;
            }
        }
        if !more {
            break;
        }
    }
    Some(
        new.notes
            .iter()
            .enumerate()
            .map(|(i, n)| changed[i] || shown(n).any(|j| changed.get(j).copied().unwrap_or(true)))
            .collect(),
    )
}

/// The note a link goes to, if a note.
fn target(t: &Target) -> Option<usize> {
    match t {
        Target::Note { note, .. } => Some(*note),
        _ => None,
    }
}

/// The other notes `n`'s page shows something of.
fn shown(n: &Note) -> impl Iterator<Item = usize> + '_ {
    n.links
        .iter()
        .filter_map(|l| target(&l.to))
        .chain(n.local_links.iter().filter_map(|(_, t)| target(t)))
        .chain(n.backlinks.iter().map(|b| b.from))
        .chain(n.prev)
        .chain(n.next)
}

/// A note as resolved, its text and where that waits aside (the store of
/// each build puts it elsewhere).
fn resolved(n: &Note) -> String {
    let mut n = n.clone();
    n.body = String::new();
    n.text = String::new();
    n.stored = None;
    if let Some(t) = &mut n.transcript {
        t.stored = None;
        t.turns.clear();
    }
    format!("{n:?}")
}
