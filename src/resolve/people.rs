//! People: who the vault names, and in what role in which note.
//!
//! [`people_and_roles`] takes the notes (links resolved), their aliases, the
//! `[[folders]]` rules' people fields and the people found in their bodies;
//! gives the [`People`] (person notes, then names in people fields,
//! attendee lists, tables and role lines, unified through aliases and
//! handles) and each note's [`Roles`]. [`link_people`] points links naming a
//! noteless person at their page, [`meetings_of`] gives each person their
//! meetings, and [`sort_people`] puts the finished site's people in name
//! order.

use super::common::{fm_strings, lower, newest_first};
use crate::config::FolderSays;
use crate::model::*;
use crate::parse::infer;
use crate::parse::obsidian::{self, LinkTarget};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Per note, each person's roles in it.
pub(super) type Roles = Vec<BTreeMap<usize, BTreeSet<Role>>>;

/// People under construction.
#[derive(Default)]
pub(super) struct People {
    pub list: Vec<Person>,
    by_key: HashMap<String, Vec<usize>>,
    pub by_note: BTreeMap<usize, usize>,
}

impl People {
    pub(super) fn add_note_person(&mut self, note: usize, stem: &str, aliases: &[String]) -> usize {
        if let Some(&p) = self.by_note.get(&note) {
            return p;
        }
        // a noteless person of the same name becomes this person
        let id = match self
            .by_key
            .get(&lower(stem))
            .and_then(|v| v.iter().copied().find(|&p| self.list[p].note.is_none()))
        {
            Some(p) => {
                self.list[p].name = stem.to_string();
                self.list[p].note = Some(note);
                p
            }
            None => {
                self.list.push(Person {
                    name: stem.to_string(),
                    note: Some(note),
                    ..Default::default()
                });
                self.list.len() - 1
            }
        };
        self.by_note.insert(note, id);
        self.key(stem, id);
        for a in aliases {
            self.list[id].aliases.push(a.clone());
            self.key(a, id);
        }
        id
    }

    fn key(&mut self, name: &str, id: usize) {
        let v = self.by_key.entry(lower(name.trim())).or_default();
        if !v.contains(&id) {
            v.push(id);
        }
    }

    /// The person of that name or alias; among several, one of `local` first.
    pub(super) fn lookup(&self, name: &str, local: &[usize]) -> Option<usize> {
        let v = self.by_key.get(&lower(name.trim()))?;
        v.iter()
            .copied()
            .find(|p| local.contains(p))
            .or_else(|| v.first().copied())
    }

    /// A GitHub-style handle written beside a person's name becomes one of
    /// their names, unless it already names someone.
    fn add_handle(&mut self, id: usize, handle: &str) {
        let h = handle.trim().trim_start_matches('@');
        if h.is_empty() || self.by_key.contains_key(&lower(h)) {
            return;
        }
        if let Some(p) = self.list.get_mut(id) {
            if !p.aliases.iter().any(|a| a.eq_ignore_ascii_case(h)) {
                p.aliases.push(h.to_string());
            }
        }
        self.key(h, id);
    }

    /// The person a body list names: by name, else by handle, else a new
    /// person; the handle becomes one of their names.
    fn find_or_name(&mut self, name: &str, handle: Option<&str>) -> usize {
        let id = match self.lookup(name, &[]) {
            Some(p) => p,
            None => match handle.and_then(|h| self.lookup(h.trim_start_matches('@'), &[])) {
                Some(p) => p,
                None => self.named(name),
            },
        };
        if let Some(h) = handle {
            self.add_handle(id, h);
        }
        id
    }

    /// The person of that name, created (without a note) when unknown.
    pub(super) fn named(&mut self, name: &str) -> usize {
        if let Some(p) = self.lookup(name, &[]) {
            return p;
        }
        self.list.push(Person {
            name: name.trim().to_string(),
            ..Default::default()
        });
        let id = self.list.len() - 1;
        self.key(name, id);
        id
    }
}

/// The first word of a name of two words or more (`Ana Lima` → `Ana`).
pub(super) fn first_name(name: &str) -> Option<&str> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    words.next().map(|_| first)
}

/// The people of the vault and each note's roles: person notes first, then,
/// note by note in path order, the people fields and the body's lists; a
/// note a people field links to becomes a person note.
pub(super) fn people_and_roles(
    notes: &mut [Note],
    aliases: &[Vec<String>],
    people_fields: &[String],
    says: &[FolderSays],
    body_people: &[infer::people::Found],
) -> (People, Roles) {
    let mut people = People::default();
    for (i, n) in notes.iter().enumerate() {
        if n.kind.as_deref() == Some("person") {
            people.add_note_person(i, &n.stem, &aliases[i]);
        }
    }
    let mut roles: Roles = vec![BTreeMap::new(); notes.len()];
    for i in 0..notes.len() {
        let fields: Vec<&String> = people_fields
            .iter()
            .chain(says[i].people_fields.iter())
            .collect();
        for &field in &fields {
            field_roles(notes, i, field, aliases, &mut people, &mut roles[i]);
        }
        body_roles(&mut notes[i], &body_people[i], &mut people, &mut roles[i]);
    }
    // a person note promoted above gets its kind
    for (&j, _) in people.by_note.clone().iter() {
        if notes[j].kind.is_none() {
            notes[j].kind = Some("person".into());
        }
    }
    (people, roles)
}

/// The people one people field of note `i` names, with their role
/// (`counterpart`, else attendee).
fn field_roles(
    notes: &mut [Note],
    i: usize,
    field: &str,
    aliases: &[Vec<String>],
    people: &mut People,
    roles: &mut BTreeMap<usize, BTreeSet<Role>>,
) {
    let Some(v) = notes[i].frontmatter.get(field).cloned() else {
        return;
    };
    if !notes[i].people_from.contains(&"frontmatter") {
        notes[i].people_from.push("frontmatter");
    }
    let role = if field == "counterpart" {
        Role::Counterpart
    } else {
        Role::Attendee
    };
    for s in fm_strings(&v) {
        let (names, handles) = field_names(&notes[i], field, &s);
        for (name, note) in names {
            let pid = match note {
                Some(j)
                    if notes[j].kind.as_deref() == Some("person") || notes[j].kind.is_none() =>
                {
                    match people.by_note.get(&j) {
                        Some(&p) => p,
                        None => people.add_note_person(j, &notes[j].stem, &aliases[j]),
                    }
                }
                _ => people.named(&name),
            };
            for (n, h) in &handles {
                if *n == name {
                    people.add_handle(pid, h);
                }
            }
            roles.entry(pid).or_default().insert(role);
        }
    }
}

/// The names one string of a people field holds, each with the note its
/// wikilink resolved to; and the handles written beside names.
type FieldNames = (Vec<(String, Option<usize>)>, Vec<(String, String)>);

/// The names in `s`, a string of the people field `field` of `note`: its
/// wikilinks (with the notes they resolved to), else a list of names.
fn field_names(note: &Note, field: &str, s: &str) -> FieldNames {
    let wl = obsidian::wikilinks_in(s);
    let mut handles: Vec<(String, String)> = Vec::new();
    if !wl.is_empty() {
        let names = wl
            .iter()
            .map(|l| {
                let t = LinkTarget::parse(&l.target);
                let linked = note
                    .links
                    .iter()
                    .find(|x| x.field.as_deref() == Some(field) && x.target == l.target)
                    .and_then(|x| match x.to {
                        Target::Note { note, .. } => Some(note),
                        _ => None,
                    });
                let name = t.path.rsplit('/').next().unwrap_or(&t.path).to_string();
                (name, linked)
            })
            .collect();
        return (names, handles);
    }
    let split = infer::people::split_names(s);
    if split.is_empty() {
        let names = s
            .split([',', ';'])
            .map(|x| (x.trim().to_string(), None))
            .filter(|(x, _)| !x.is_empty())
            .collect();
        return (names, handles);
    }
    for a in &split {
        if let Some(h) = &a.handle {
            handles.push((a.name.clone(), h.clone()));
        }
    }
    (split.into_iter().map(|a| (a.name, None)).collect(), handles)
}

/// Attendee lists, tables and role lines in the body.
fn body_roles(
    note: &mut Note,
    found: &infer::people::Found,
    people: &mut People,
    roles: &mut BTreeMap<usize, BTreeSet<Role>>,
) {
    if !found.attendees.is_empty() || !found.roles.is_empty() {
        note.people_from.push("body");
    }
    for a in &found.attendees {
        let pid = people.find_or_name(&a.name, a.handle.as_deref());
        roles.entry(pid).or_default().insert(Role::Attendee);
    }
    for r in &found.roles {
        let pid = people.find_or_name(&r.name, r.handle.as_deref());
        let role = match r.role.as_str() {
            "notes" | "scribe" | "note-taker" | "minutes" => Role::Scribe,
            _ => Role::Chair,
        };
        roles.entry(pid).or_default().insert(role);
    }
}

/// Mentions: body links to person notes, or unresolved links naming a
/// person; then frontmatter links naming noteless people go to their page too.
pub(super) fn link_people(notes: &mut [Note], people: &People, roles: &mut Roles) {
    for i in 0..notes.len() {
        let local: Vec<usize> = roles[i].keys().copied().collect();
        for l in notes[i].links.iter_mut() {
            if l.field.is_some() {
                continue;
            }
            match l.to {
                Target::Note { note, .. } => {
                    if let Some(&p) = people.by_note.get(&note) {
                        if note != i {
                            roles[i].entry(p).or_default().insert(Role::Mentioned);
                        }
                    }
                }
                Target::Missing | Target::Removed => {
                    let t = LinkTarget::parse(&l.target);
                    if let Some(p) = people.lookup(&t.path, &local) {
                        l.to = Target::Person(p);
                        roles[i].entry(p).or_default().insert(Role::Mentioned);
                    }
                }
                _ => {}
            }
        }
    }
    for i in 0..notes.len() {
        let local: Vec<usize> = roles[i].keys().copied().collect();
        for l in notes[i].links.iter_mut() {
            if l.field.is_some() && matches!(l.to, Target::Missing | Target::Removed) {
                let t = LinkTarget::parse(&l.target);
                if let Some(p) = people.lookup(&t.path, &local) {
                    l.to = Target::Person(p);
                }
            }
        }
    }
}

/// The people, each with the notes they have roles in (not their own
/// note); each note gets its people with their roles.
pub(super) fn meetings_of(mut list: Vec<Person>, roles: &Roles, notes: &mut [Note]) -> Vec<Person> {
    for (i, r) in roles.iter().enumerate() {
        let mut v: Vec<(usize, Vec<Role>)> = r
            .iter()
            .map(|(p, roles)| (*p, roles.iter().copied().collect()))
            .collect();
        v.retain(|(p, _)| list[*p].note != Some(i));
        for (p, rs) in &v {
            list[*p].meetings.push((i, rs.clone()));
        }
        notes[i].people = v;
    }
    list
}

/// People sorted by name as [`crate::collate`] orders names (every
/// reference to them renumbered), their
/// meetings newest first; backlinks sorted.
pub(super) fn sort_people(site: &mut Site) {
    let mut order: Vec<usize> = (0..site.people.len()).collect();
    order.sort_by(|&a, &b| {
        crate::collate::cmp(&site.people[a].name, &site.people[b].name).then(a.cmp(&b))
    });
    let mut remap = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old] = new;
    }
    let mut people: Vec<Person> = order.iter().map(|&o| site.people[o].clone()).collect();
    let notes = &site.notes;
    for p in &mut people {
        p.meetings
            .sort_by(|a, b| newest_first(&notes[a.0], &notes[b.0]));
        p.backlinks.sort();
    }
    site.people = people;
    for n in &mut site.notes {
        if let Some(p) = n.person {
            n.person = Some(remap[p]);
        }
        for (p, _) in &mut n.people {
            *p = remap[*p];
        }
        n.people
            .sort_by(|a, b| a.1.first().cmp(&b.1.first()).then(a.0.cmp(&b.0)));
        for l in &mut n.links {
            if let Target::Person(p) = l.to {
                l.to = Target::Person(remap[p]);
            }
        }
        for t in &mut n.tasks {
            if let Some(Assignee::Person(p)) = t.assignee {
                t.assignee = Some(Assignee::Person(remap[p]));
            }
        }
        n.backlinks.sort();
    }
}
