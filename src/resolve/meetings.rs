//! Meetings: which notes are meetings.
//!
//! Takes the notes (dates, types, series named, where their people came
//! from), the [`People`], each note's [`Roles`] and what the `[[folders]]`
//! rules say; gives each note its person (for person notes) and whether it
//! is a meeting (the rules' `meeting`, else a note that is not of a
//! non-meeting type and has a series, people fields, or a date among dated
//! notes or with minutes), and a warning for each meeting without a date.

use super::common::dir_of;
use super::people::{People, Roles};
use crate::config::FolderSays;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use std::collections::HashMap;

/// Types whose notes are not meetings.
const NOT_MEETING: &[&str] = &["person", "project", "moc", "index", "template", "reference"];

/// Decide which notes are meetings.
pub(super) fn decide(
    notes: &mut [Note],
    people: &People,
    roles: &Roles,
    says: &[FolderSays],
) -> Vec<Diagnostic> {
    let among_dated = among_dated(notes);
    let mut diagnostics = Vec::new();
    for (i, n) in notes.iter_mut().enumerate() {
        n.person = people.by_note.get(&i).copied();
        let typed_other = n.kind.as_deref().is_some_and(|k| NOT_MEETING.contains(&k));
        let has_people = n.people_from.contains(&"frontmatter")
            && roles[i].values().any(|r| {
                r.iter()
                    .any(|x| matches!(x, Role::Counterpart | Role::Attendee))
            });
        let has_series = n.series_from.is_some();
        // minutes: a date and attendees or turns of speech in the text
        let minutes = n
            .people_from
            .iter()
            .any(|f| *f == "body" || *f == "transcript");
        let inferred = n.date.is_some() && (n.kind.is_some() || among_dated[i] || minutes);
        n.is_meeting = n.person.is_none()
            && match says[i].meeting {
                Some(m) => m,
                None => !typed_other && (has_series || has_people || inferred),
            };
        if n.is_meeting && n.date.is_none() {
            diagnostics.push(Diagnostic::warning(
                "missing-date",
                &n.path,
                0,
                "no date in the frontmatter (`created` or `date`), the file name, its folders, `transcript_path`, the title or a `Date:` line; it is listed as undated",
            ));
        }
    }
    diagnostics
}

/// Per note, whether it is in a folder of minutes: one with two dated notes
/// or more, at least half of its notes dated.
fn among_dated(notes: &[Note]) -> Vec<bool> {
    let mut folders: HashMap<&str, (usize, usize)> = HashMap::new();
    for n in notes {
        let e = folders.entry(dir_of(&n.path)).or_default();
        e.0 += 1;
        e.1 += usize::from(n.date.is_some());
    }
    notes
        .iter()
        .map(|n| {
            folders
                .get(dir_of(&n.path))
                .is_some_and(|&(all, dated)| dated >= 2 && dated * 2 >= all)
        })
        .collect()
}
