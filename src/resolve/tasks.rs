//! Assignees: the `@name` of an action item becomes a person or a team label.
//!
//! Takes the notes (action items parsed), the [`People`], each note's
//! [`Roles`] and the configured team names; gives each action item its
//! [`Assignee`] (a person of the meeting first, else of the vault, else a
//! team, else a new person, which is said), the assignee role in the note,
//! and the diagnostics.

use super::common::lower;
use super::people::{People, Roles};
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::parse::obsidian::{self, LinkTarget};
use crate::parse::tasks;
use std::collections::BTreeSet;

/// Give every action item that names someone its assignee.
pub(super) fn assign(
    notes: &mut [Note],
    people: &mut People,
    roles: &mut Roles,
    teams: &[String],
) -> Vec<Diagnostic> {
    let teams: BTreeSet<String> = teams.iter().map(|t| lower(t)).collect();
    let mut diagnostics = Vec::new();
    for i in 0..notes.len() {
        let local: Vec<usize> = roles[i].keys().copied().collect();
        for t in 0..notes[i].tasks.len() {
            let Some(raw) = notes[i].tasks[t].fields.assignee.clone() else {
                continue;
            };
            // `@[[Dana Reyes]]`: the link's target is the name
            let raw = match obsidian::wikilinks_in(&raw).first() {
                Some(l) if raw.trim_start().starts_with("[[") => LinkTarget::parse(&l.target).path,
                _ => raw,
            };
            let (name, rest) = tasks::split_assignee(&raw, |s| people.lookup(s, &local).is_some());
            let name = someone_else(people, &local, name.trim(), rest)
                .unwrap_or_else(|| name.trim().to_string());
            if name.is_empty() {
                continue;
            }
            let a = match people.lookup(&name, &local) {
                Some(p) => Assignee::Person(p),
                None if teams.contains(&lower(&name)) || is_team_like(&name) => {
                    Assignee::Label(name)
                }
                None => {
                    diagnostics.push(Diagnostic::info(
                        "unknown-assignee",
                        &notes[i].path,
                        notes[i].tasks[t].line,
                        format!("@{name} matches no person of the vault; a person page is made for them (list teams in `teams` in site.toml)"),
                    ));
                    Assignee::Person(people.named(&name))
                }
            };
            if let Assignee::Person(p) = a {
                roles[i].entry(p).or_default().insert(Role::Assignee);
            }
            notes[i].tasks[t].assignee = Some(a);
        }
    }
    diagnostics
}

/// `@Olu Dubois` when only `Olu Silva` (also called `Olu`) is known: a
/// first name that names someone, then a surname that is not theirs, is
/// someone else — the two words, unknown. `None` when the name stands
/// (`@Olu`, `@Olu K`, `@Olu about pricing`, or a person called `Olu` alone).
fn someone_else(people: &People, local: &[usize], name: &str, rest: &str) -> Option<String> {
    if name.contains(char::is_whitespace) {
        return None;
    }
    let known = &people.list[people.lookup(name, local)?].name;
    let last = known.split_whitespace().last()?;
    if known.split_whitespace().count() < 2 {
        return None;
    }
    let next = rest.split_whitespace().next()?;
    let surname = next.trim_end_matches([',', ';', ':', '.', '!', '?', ')']);
    let capitalised = surname.chars().next().is_some_and(char::is_uppercase)
        && surname.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && surname
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'');
    let whole = format!("{name} {surname}");
    (capitalised && !surname.eq_ignore_ascii_case(last) && people.lookup(&whole, local).is_none())
        .then_some(whole)
}

/// Whether an unknown assignee looks like a team: one word in capitals (`HR`, `GTM`).
fn is_team_like(name: &str) -> bool {
    !name.contains(' ')
        && name.chars().any(|c| c.is_alphabetic())
        && !name.chars().any(|c| c.is_lowercase())
}
