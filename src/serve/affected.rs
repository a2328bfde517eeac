//! Which pages a rebuild in place must render again.
//!
//! Takes the site as the last build resolved it, the site resolved again
//! after an edit, and the notes whose files changed; gives, per note,
//! person, series, tag and log of the new site, whether its pages may
//! differ from those on disk (a [`Pick`]), or `None` when every page must
//! be rendered again.
//!
//! A note's page shows the note itself and, of other things, only: the
//! titles, dates and addresses of the notes it links to, embeds (their
//! text too), is linked from (with the sentence around the link, which its
//! resolved form holds) or sits beside in its series; and the names and
//! addresses of people, series, tags and attachments. So the page is
//! rendered again when the note's file changed, when its resolved form
//! changed (compared whole, the text aside), when a note it embeds did
//! (however deep), or when one of those other notes changed its row
//! (title, address, date…). A note added, removed or renamed renders every
//! page (the resolved forms refer to notes by their place in the list,
//! which then moves). People, series, tags and attachments are compared by
//! what a note's page shows of them; when any differs, every page is
//! rendered, as it is when the vault has a canvas or base.
//!
//! A person's or series' pages show its record (compared whole), its own
//! note whole, and of the notes it lists (a person's meetings and notes,
//! the notes that link to them or give them a task; a series' meetings)
//! each one's row, items and, on a person's page, the action items it
//! gives them. They are rendered again when the record changed, their own
//! note did, or one of those notes (as the last build or the new one lists
//! them) changed in what the page shows of it.
//!
//! A log's pages show, of every note with items of its kind, its title,
//! address, date, series, people and those items (drawn with the note's
//! links): they are rendered again when one of those changed, or the row
//! of a note such a note links to; and every log's pages when the number
//! of items of a kind changed (each log counts them all). Person and series
//! pages link to a log's pages: when a log's layout moves, the caller
//! renders them all.
//!
//! A tag's pages and the archive's show each note as a row (title,
//! address, date, kind, series, people): rendered again when a row they
//! list changed (every tag's, when any tag's notes moved). The hover
//! previews of a shard are written again when one of its notes changed.
//! The actions page is rendered again when a changed note's action items or
//! row changed. The home, index and search pages are always rendered (a
//! handful).

use crate::model::{Assignee, ItemKind, Note, Person, Site, Target};
use crate::render::Pick;
use crate::resolve::{Before, same_resolved};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// The pages of `new` that must be rendered again; `None`: all of them.
/// `edited`: vault paths of the notes whose files changed.
pub fn pages_to_render(old: &Site, new: &Site, edited: &BTreeSet<String>) -> Option<Pick> {
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
    let changed: Vec<bool> = old
        .notes
        .par_iter()
        .zip(&new.notes)
        .map(|(o, n)| edited.contains(&n.path) || !same_resolved(o, n))
        .collect();
    Some(pick(&Old::Site(old), new, changed))
}

/// The pages of `site` that must be rendered again after local edits
/// ([`crate::resolve::local_edit`]) changed the notes and people in
/// `before` (as they were there).
pub fn pages_after_edits(site: &Site, before: &Before) -> Pick {
    let mut changed = vec![false; site.notes.len()];
    for (&i, was) in &before.notes {
        changed[i] = before.edited.contains(&i) || !same_resolved(was, &site.notes[i]);
    }
    pick(&Old::Patched(site, before), site, changed)
}

/// The site as the last build left it: whole, or the site as it is now
/// with the notes and people local edits changed as they were.
enum Old<'a> {
    Site(&'a Site),
    Patched(&'a Site, &'a Before),
}

impl Old<'_> {
    fn site(&self) -> &Site {
        match self {
            Old::Site(s) | Old::Patched(s, _) => s,
        }
    }

    fn note(&self, i: usize) -> &Note {
        match self {
            Old::Site(s) => &s.notes[i],
            Old::Patched(s, b) => b.notes.get(&i).unwrap_or(&s.notes[i]),
        }
    }

    fn person(&self, p: usize) -> &Person {
        match self {
            Old::Site(s) => &s.people[p],
            Old::Patched(s, b) => b.people.get(&p).unwrap_or(&s.people[p]),
        }
    }

    fn notes(&self) -> impl Iterator<Item = &Note> {
        (0..self.site().notes.len()).map(|i| self.note(i))
    }
}

/// The pages to render, given which notes (of the same list in `old` and
/// `new`) changed.
fn pick(old: &Old, new: &Site, mut changed: Vec<bool>) -> Pick {
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
    // a note no longer there counts as changed
    let moved = |j: usize| changed.get(j).copied().unwrap_or(true);
    // lists of notes show each as a row, and a note's page the notes
    // around it
    let rows: Vec<bool> = (0..changed.len())
        .map(|i| changed[i] && row(old.note(i)) != row(&new.notes[i]))
        .collect();
    let row_moved = |j: usize| rows.get(j).copied().unwrap_or(true);
    let notes = new
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| changed[i] || shown(n).any(row_moved))
        .collect();
    // each log's pages count the items of every kind
    let counts = |notes: &mut dyn Iterator<Item = &Note>| {
        let mut c = [0usize; 3];
        for n in notes {
            for it in &n.items {
                if let Some(k) = ItemKind::ALL.iter().position(|&x| x == it.kind) {
                    c[k] += 1;
                }
            }
        }
        c
    };
    let recounted = counts(&mut old.notes()) != counts(&mut new.notes.iter());
    // a note's items draw the notes they link to by their rows, and those
    // they embed whole
    let draws_moved = |n: &Note| {
        n.links
            .iter()
            .any(|l| target(&l.to).is_some_and(|j| if l.embed { moved(j) } else { row_moved(j) }))
            || n.local_links
                .iter()
                .filter_map(|(_, t)| target(t))
                .any(row_moved)
    };
    let logs = ItemKind::ALL.map(|kind| {
        recounted
            || (0..changed.len()).any(|i| {
                let (o, n) = (old.note(i), &new.notes[i]);
                let has = |x: &Note| x.items.iter().any(|it| it.kind == kind);
                (has(o) || has(n)) && (log_entry(o, kind) != log_entry(n, kind) || draws_moved(n))
            })
    });
    let (old_tasked, new_tasked) = (
        tasked(old.notes(), new.people.len()),
        tasked(new.notes.iter(), new.people.len()),
    );
    // a changed note a person's or series' page lists, shown otherwise
    let listed = |i: usize, p: Option<usize>, own: bool| {
        moved(i)
            && (own
                || new
                    .notes
                    .get(i)
                    .is_none_or(|n| listed_otherwise(old.note(i), n, p)))
    };
    let people = (0..new.people.len())
        .map(|p| {
            let (was, now) = (old.person(p), &new.people[p]);
            let own = |i: usize| was.note == Some(i) || now.note == Some(i);
            was != now
                || person_notes(was, p, &old_tasked)
                    .chain(person_notes(now, p, &new_tasked))
                    .any(|i| listed(i, Some(p), own(i)))
        })
        .collect();
    let series = (0..new.series.len())
        .map(|k| {
            let (o, n) = (&old.site().series[k], &new.series[k]);
            let own = |i: usize| o.note == Some(i) || n.note == Some(i);
            o != n
                || (o.meetings.iter().copied().chain(o.note))
                    .chain(n.meetings.iter().copied().chain(n.note))
                    .any(|i| listed(i, None, own(i)))
        })
        .collect();
    // a tag's pages count the notes of the tags under it: when one tag's
    // notes moved, every tag's pages are rendered
    let tags_moved = old.site().tags != new.tags;
    let tags = (0..new.tags.len())
        .map(|k| {
            tags_moved
                || crate::resolve::tag_notes(&new.tags, k)
                    .into_iter()
                    .any(row_moved)
        })
        .collect();
    let mut previews = vec![false; crate::render::previews::shards(new)];
    for (i, n) in new.notes.iter().enumerate() {
        if changed[i] {
            previews[crate::render::previews::shard_of(new, &n.url)] = true;
        }
    }
    // the actions page lists open action items with their notes' rows
    let actions = (0..changed.len())
        .any(|i| rows[i] || changed[i] && old.note(i).tasks != new.notes[i].tasks);
    Pick {
        notes,
        people,
        series,
        tags,
        logs,
        archive: rows.iter().any(|&r| r),
        actions,
        previews,
    }
}

/// Per person (of `people`), the notes (in order) that give them a task.
fn tasked<'a>(notes: impl Iterator<Item = &'a Note>, people: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); people];
    for (i, n) in notes.enumerate() {
        for t in &n.tasks {
            if let Some(Assignee::Person(p)) = t.assignee {
                if let Some(v) = out.get_mut(p) {
                    v.push(i);
                }
            }
        }
    }
    out
}

/// The notes person `p`'s page shows something of: their meetings and
/// notes, those that link to them or give them a task (`tasked`), their
/// own note.
fn person_notes<'a>(
    person: &'a Person,
    p: usize,
    tasked: &'a [Vec<usize>],
) -> impl Iterator<Item = usize> + 'a {
    person
        .meetings
        .iter()
        .map(|(i, _)| *i)
        .chain(person.backlinks.iter().map(|b| b.from))
        .chain(person.note)
        .chain(tasked.get(p).into_iter().flatten().copied())
}

/// What a log of `kind` shows of note `n` (its items drawn with its links,
/// which [`linked`] gives).
fn log_entry(n: &Note, kind: ItemKind) -> impl PartialEq + use<'_> {
    let items: Vec<(&String, &String)> = n
        .items
        .iter()
        .filter(|it| it.kind == kind)
        .map(|it| (&it.markdown, &it.anchor))
        .collect();
    // where the links an item may hold go
    let links: Vec<(&String, &Target)> = n
        .links
        .iter()
        .filter(|l| items.iter().any(|(md, _)| md.contains(l.target.as_str())))
        .map(|l| (&l.target, &l.to))
        .collect();
    (
        (&n.title, &n.url, n.date, n.time, n.series, &n.people),
        items,
        links,
    )
}

/// Whether a person's (`p`) or series' (`None`) page shows note `o`,
/// which is now `n`, otherwise: its row (with its frontmatter, whose
/// fields a series counts), its items (the latest of which those pages
/// show), and the action items it gives the person. Their own note is
/// shown whole: the caller asks no question of it.
fn listed_otherwise(o: &Note, n: &Note, p: Option<usize>) -> bool {
    fn given(x: &Note, p: Option<usize>) -> Vec<&crate::model::Task> {
        x.tasks
            .iter()
            .filter(|t| p.is_some_and(|p| t.assignee == Some(Assignee::Person(p))))
            .collect()
    }
    // an item shows as its Markdown, linked to its section
    fn items(x: &Note) -> Vec<(ItemKind, &str, &str)> {
        x.items
            .iter()
            .map(|it| (it.kind, it.markdown.as_str(), it.anchor.as_str()))
            .collect()
    }
    row(o) != row(n)
        || o.frontmatter != n.frontmatter
        || items(o) != items(n)
        || given(o, p) != given(n, p)
}

/// What a list of notes (a tag's, the archive's) shows of note `n`, and
/// sorts it by.
fn row(n: &Note) -> impl PartialEq + use<'_> {
    (
        (&n.path, &n.title, &n.url, n.date, n.time),
        (&n.kind, n.series, &n.people),
    )
}

/// The notes `n` links to or embeds.
fn linked(n: &Note) -> impl Iterator<Item = usize> + '_ {
    n.links
        .iter()
        .filter_map(|l| target(&l.to))
        .chain(n.local_links.iter().filter_map(|(_, t)| target(t)))
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
    linked(n)
        .chain(n.backlinks.iter().map(|b| b.from))
        .chain(n.prev)
        .chain(n.next)
}
