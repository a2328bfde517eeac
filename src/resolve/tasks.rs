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
            let (name, _) = tasks::split_assignee(&raw, |s| people.lookup(s, &local).is_some());
            let name = name.trim().to_string();
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

/// Whether an unknown assignee looks like a team: one word in capitals (`HR`, `GTM`).
fn is_team_like(name: &str) -> bool {
    !name.contains(' ')
        && name.chars().any(|c| c.is_alphabetic())
        && !name.chars().any(|c| c.is_lowercase())
}
