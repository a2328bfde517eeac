//! Local edits: a resolved site patched for an edit that touches one note
//! alone, as `serve` rebuilds after most saves.
//!
//! Takes the resolved [`Site`], the place of the edited note, its source as
//! the site was resolved from and as it is now; gives a [`LocalEdit`] (the
//! note as a full resolve would give it, and the diagnostics of its file),
//! or `None` when the edit reaches beyond the note and the site must be
//! resolved again.
//!
//! An edit is *local* when the note, analysed again, names the same things
//! in the same order: the same frontmatter, title, date, kind, series and
//! tags; the same headings (their text and ids) and block ids; the same
//! embeds and Markdown link URLs; the same assignees, in order, on its
//! action items; the same attendee lists and role lines; the same kinds of
//! decision, open-question and risk items; the same transcript turns (its
//! fences' text); no captions, and no speaker-attributed minutes
//! (labelled paragraphs that read as no speaker stay prose while their
//! labels do). Its wikilinks may change while each target it adds goes plainly to another
//! note that is not a person's (one name, its heading or block there) and
//! each target it drops went to such a note. What may differ is
//! everything that stays on the note's page and the lists that show its
//! items: its prose, where each of those things sits (lines move), its
//! links as above and the sentences around them, its action items' text,
//! dates and states, its items' text.
//!
//! Every other phase of resolve reads of a note only what a local edit
//! keeps, so the rest of the site stays as it was, but for the notes and
//! people the note links or linked to, whose backlinks carry the sentence
//! around the link ([`LocalEdit::apply`] gives them again). The note's
//! diagnostics are those of its analysis (made again) and those of the
//! later phases (kept, their lines moved with the lines around them: an
//! edit that touches the line one of them is on is not local).

use super::links::Linked;
use super::prepare::{self, Pre};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::SourceNote;
use crate::model::{Link, Note, Person, Site, Target};
use crate::store::Store;
use std::collections::{BTreeMap, BTreeSet};

/// One note's edit, resolved: what [`LocalEdit::apply`] puts in the site.
pub struct LocalEdit {
    /// The note's place in [`Site::notes`].
    pub note: usize,
    /// The note as a full resolve of the edited vault gives it, its body and
    /// text not yet in the store.
    resolved: Note,
    /// The diagnostics of its file, sorted.
    diagnostics: Vec<Diagnostic>,
}

/// The notes and people that applying local edits changed, as they were
/// before the first: the edited notes, the notes and people whose
/// backlinks changed.
#[derive(Debug, Default, Clone)]
pub struct Before {
    /// The notes edited.
    pub edited: BTreeSet<usize>,
    pub notes: std::collections::BTreeMap<usize, Note>,
    pub people: std::collections::BTreeMap<usize, Person>,
}

/// When the edit of note `i` of `site` (resolved from the loaded notes
/// `sources`) to `new` is local (see the module's doc), the note as the
/// edited vault resolves. The notes' text may wait in `store`. Loading
/// must have said nothing of either version of the note (what it says,
/// only a load says again).
pub fn local_edit(
    site: &Site,
    sources: &[SourceNote],
    i: usize,
    new: &SourceNote,
    cfg: &Config,
    store: &Store,
) -> Option<LocalEdit> {
    let old = sources.get(i)?;
    let was = site.notes.get(i).filter(|n| n.path == old.path)?;
    // captions are a transcript read beside the note: not patched
    if !prepare::same_frame(old, new) || old.captions.is_some() || new.captions.is_some() {
        return None;
    }
    let scratch = Store::memory();
    let old = old.unspilled(store);
    let new = new.unspilled(store);
    let rules = cfg.folder_rules();
    let a = prepare::prepare(&old, cfg, &rules, &scratch, &scratch);
    let b = prepare::prepare(&new, cfg, &rules, &scratch, &scratch);
    // speaker-attributed minutes draw their turns from the prose
    let inline = was.transcript.as_ref().is_some_and(|t| t.inline);
    if !prepare::same_minutes(&a, &b, inline) || shape(&a, &scratch) != shape(&b, &scratch) {
        return None;
    }
    let lines = LineMap::new(&old.body, &new.body, old.body_line);
    let diagnostics = diagnostics(site, was, &a, &b, &lines)?;
    let transcript = match (&was.transcript, &a.block, &b.block) {
        (None, None, None) => None,
        (Some(t), Some(x), Some(y)) => {
            // every fence moved as far
            let moved: BTreeSet<isize> = x
                .fences
                .iter()
                .zip(&y.fences)
                .map(|(f, g)| g.first_line as isize - f.first_line as isize)
                .collect();
            let delta = match moved.len() {
                0 => 0,
                1 => *moved.first()?,
                _ => return None,
            };
            Some(shifted(t, delta, &site.store)?)
        }
        _ => return None,
    };
    let links = relinked(site, sources, i, &b.analysis.links, new.body_line)?;
    let resolved = note(was, b, &new, links, transcript)?;
    Some(LocalEdit {
        note: i,
        resolved,
        diagnostics,
    })
}

impl LocalEdit {
    /// Put the edited note in `site`, with its diagnostics, and give the
    /// notes and people it links to their backlinks again; what it changes
    /// is kept in `before` as it was (unless kept there already).
    pub fn apply(self, site: &mut Site, before: &mut Before) {
        let i = self.note;
        before.edited.insert(i);
        before
            .notes
            .entry(i)
            .or_insert_with(|| site.notes[i].clone());
        let old_links = std::mem::take(&mut site.notes[i].links);
        let mut note = self.resolved;
        note.spill(&site.store);
        let path = note.path.clone();
        let new_links = note.links.clone();
        site.notes[i] = note;
        // the backlinks from this note, made again where it linked or links
        let (mut notes, mut people) = (Vec::new(), Vec::new());
        for l in old_links.iter().chain(&new_links) {
            match l.to {
                Target::Note { note, .. } if note != i => notes.push(note),
                Target::Person(p) => people.push(p),
                _ => {}
            }
        }
        notes.sort_unstable();
        notes.dedup();
        people.sort_unstable();
        people.dedup();
        for &j in &notes {
            let n = &mut site.notes[j];
            before.notes.entry(j).or_insert_with(|| n.clone());
            n.backlinks.retain(|b| b.from != i);
        }
        for &p in &people {
            let x = &mut site.people[p];
            before.people.entry(p).or_insert_with(|| x.clone());
            x.backlinks.retain(|b| b.from != i);
        }
        for (to, b) in super::links::backlinks_from(i, &new_links) {
            match to {
                Linked::Note(j) => site.notes[j].backlinks.push(b),
                Linked::Person(p) => site.people[p].backlinks.push(b),
            }
        }
        for &j in &notes {
            site.notes[j].backlinks.sort();
        }
        for &p in &people {
            site.people[p].backlinks.sort();
        }
        site.diagnostics.retain(|d| d.file != path);
        site.diagnostics.extend(self.diagnostics);
        crate::diagnostics::sort(&mut site.diagnostics);
    }
}

/// What of an analysed note reaches beyond its page (see the module's
/// doc): two versions with the same shape resolve alike but for the note.
fn shape(p: &Pre, scratch: &Store) -> String {
    let an = &p.analysis;
    let headings: Vec<(u8, &str, &str)> = an
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str(), h.id.as_str()))
        .collect();
    // a link's target is the patch's to find (`relinked`); an embed's text
    // is another note's
    let embeds: Vec<(&str, &Option<String>)> = an
        .links
        .iter()
        .filter(|l| l.embed)
        .map(|l| (l.target.as_str(), &l.alias))
        .collect();
    let urls: Vec<&str> = an.local_urls.iter().map(|(u, _, _)| u.as_str()).collect();
    let assignees: Vec<&str> = p
        .tasks
        .iter()
        .filter_map(|t| t.fields.assignee.as_deref())
        .collect();
    let mut people = an.people.clone();
    for a in &mut people.attendees {
        a.line = 0;
    }
    for r in &mut people.roles {
        r.line = 0;
    }
    let kinds: BTreeSet<usize> = an.items.iter().map(|it| it.kind).collect();
    // a transcript is its fences' turns (the rest of its section stays in
    // the Markdown)
    let block = p.block.as_ref().map(|b| {
        let b = b.with_text(scratch);
        let fences: Vec<String> = b.fences.iter().map(|f| f.text.clone()).collect();
        (b.is_parsed(), fences)
    });
    format!(
        "{}\n{:?} {:?} {:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        p.about(),
        an.title,
        an.diagram,
        headings,
        an.block_ids,
        embeds,
        urls,
        assignees,
        people,
        kinds,
        block,
    )
}

/// Old file lines to new ones around one edited stretch: the lines before
/// it stay, those after it move by the lines it gained or lost, those in
/// it have no place.
struct LineMap {
    /// File lines before the stretch (1-based lines up to this stay).
    before: usize,
    /// The first old file line after the stretch.
    after: usize,
    /// How far the lines after it move.
    delta: isize,
}

impl LineMap {
    fn new(old: &str, new: &str, body_line: usize) -> LineMap {
        let a: Vec<&str> = old.split('\n').collect();
        let b: Vec<&str> = new.split('\n').collect();
        let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let room = a.len().min(b.len()) - prefix;
        let suffix = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(room)
            .take_while(|(x, y)| x == y)
            .count();
        let offset = body_line - 1;
        LineMap {
            before: prefix + offset,
            after: a.len() - suffix + 1 + offset,
            delta: b.len() as isize - a.len() as isize,
        }
    }

    /// Where old file line `line` is now; `None` in the edited stretch.
    fn map(&self, line: usize) -> Option<usize> {
        if line <= self.before {
            Some(line)
        } else if line >= self.after {
            line.checked_add_signed(self.delta)
        } else {
            None
        }
    }
}

/// The diagnostics of the note's file after the edit: its analysis' (`b`'s)
/// and, their lines moved, those the later phases gave the old version
/// (the file's in `site` but those of its analysis, `a`'s). `None` when
/// one of those is on an edited line.
fn diagnostics(
    site: &Site,
    was: &Note,
    a: &Pre,
    b: &Pre,
    lines: &LineMap,
) -> Option<Vec<Diagnostic>> {
    let mut own = a.diagnostics.clone();
    let mut out = b.diagnostics.clone();
    for d in site.diagnostics.iter().filter(|d| d.file == was.path) {
        if let Some(k) = own.iter().position(|x| x == d) {
            own.swap_remove(k);
            continue;
        }
        let mut d = d.clone();
        d.line = lines.map(d.line)?;
        out.push(d);
    }
    // every diagnostic of the analysis was in the site
    if !own.is_empty() {
        return None;
    }
    crate::diagnostics::sort(&mut out);
    Some(out)
}

/// Transcript `t` with its lines moved by `delta` (its block moved with
/// the lines above it); `None` when a line would fall before the first.
fn shifted(
    t: &crate::parse::transcript::Transcript,
    delta: isize,
    store: &Store,
) -> Option<crate::parse::transcript::Transcript> {
    if delta == 0 {
        return Some(t.clone());
    }
    let mv = |l: usize| l.checked_add_signed(delta).filter(|&l| l > 0);
    let was_stored = t.stored.is_some();
    let mut t = t.with_text(store).into_owned();
    t.stored = None;
    for turn in &mut t.turns {
        let line = mv(turn.line)?;
        if !turn.parsed {
            // an unparsed line's anchor is its line
            if turn.id != format!("l-{}", turn.line) {
                return None;
            }
            turn.id = format!("l-{line}");
        }
        turn.line = line;
    }
    for l in &mut t.out_of_order {
        *l = mv(*l)?;
    }
    if was_stored {
        t.spilled = Default::default();
        t.spill(store);
    }
    Some(t)
}

/// The wikilinks `found` in the body (its first line the file's line
/// `body_line`) of note `i` of `site`, resolved: a target the note linked
/// to goes where it went; a new one must go plainly to another note
/// ([`super::links::plainly_to_note`]), which is not a person's (their
/// page would list the note). `None` when one does not, or when a target
/// the note no longer links to went to anything but such a note: a person
/// it mentioned, a file, nothing (which says so on the line).
fn relinked(
    site: &Site,
    sources: &[SourceNote],
    i: usize,
    found: &[crate::parse::markdown::BodyLink],
    body_line: usize,
) -> Option<Vec<Link>> {
    let was = &site.notes[i];
    let mut went: BTreeMap<&str, (&Target, &Option<String>)> = BTreeMap::new();
    for l in was.links.iter().filter(|l| l.field.is_none()) {
        went.insert(&l.target, (&l.to, &l.resolved_path));
    }
    let persons: BTreeSet<usize> = site.people.iter().filter_map(|p| p.note).collect();
    let plain = |to: &Target| matches!(to, Target::Note { note, .. } if *note != i && !persons.contains(note));
    // names looked up only for a new target
    let mut index = None;
    let mut out = Vec::with_capacity(found.len());
    let mut kept = BTreeSet::new();
    for b in found {
        let (to, resolved_path) = match went.get(b.target.as_str()) {
            Some((to, path)) => {
                kept.insert(b.target.as_str());
                ((*to).clone(), (*path).clone())
            }
            None if b.embed => return None,
            None => {
                let ix = index.get_or_insert_with(|| {
                    let aliases: Vec<Vec<String>> = site
                        .notes
                        .iter()
                        .map(|n| super::note_aliases(&n.frontmatter))
                        .collect();
                    let atts: Vec<String> =
                        site.attachments.iter().map(|a| a.path.clone()).collect();
                    (super::index::Index::new(sources, &aliases, &atts), atts)
                });
                let (to, path) = super::links::plainly_to_note(
                    &ix.0,
                    sources,
                    &site.notes,
                    &ix.1,
                    i,
                    &b.target,
                )?;
                if !plain(&to) {
                    return None;
                }
                (to, Some(path))
            }
        };
        out.push(Link {
            target: b.target.clone(),
            alias: b.alias.clone(),
            embed: b.embed,
            line: b.line + body_line - 1,
            col: b.col,
            field: None,
            context: b.context.clone(),
            to,
            resolved_path,
        });
    }
    // a target no longer linked to
    for (target, (to, _)) in &went {
        if !kept.contains(target) && !plain(to) {
            return None;
        }
    }
    Some(out)
}

/// Note `was` as the edited version resolves: analysed as `p` (of the
/// source `n`), its transcript `transcript`; what later phases gave it
/// (people, series, assignees, where its links go) kept.
fn note(
    was: &Note,
    p: Pre,
    n: &SourceNote,
    body_links: Vec<Link>,
    transcript: Option<crate::parse::transcript::Transcript>,
) -> Option<Note> {
    let mut note = was.clone();
    let an = p.analysis;
    note.body = p.body;
    note.text = {
        let mut text = an.text;
        text.shrink_to_fit();
        text
    };
    note.stored = None;
    note.headings = an.headings;
    note.block_ids = an.block_ids;
    note.diagram = an.diagram;
    // the frontmatter's links, then the body's
    note.links.retain(|l| l.field.is_some());
    note.links.extend(body_links);
    // each assignee as the same name resolved before
    let mut given = was
        .tasks
        .iter()
        .filter(|t| t.fields.assignee.is_some())
        .map(|t| t.assignee.clone());
    let mut tasks = p.tasks;
    for t in tasks.iter_mut().filter(|t| t.fields.assignee.is_some()) {
        t.assignee = given.next()?;
    }
    if given.next().is_some() {
        return None;
    }
    note.tasks = tasks;
    note.items = super::notes::section_items(an.items, n.body_line);
    note.transcript = transcript;
    Some(note)
}

/// Whether two notes were resolved alike, apart from their text and where
/// it waits (the store of each build puts it elsewhere), and, of a
/// transcript, its turns (what a page shows of them follows from the text).
pub fn same_resolved(a: &Note, b: &Note) -> bool {
    // every field named, so that a new one must be placed here
    let Note {
        path,
        stem,
        title,
        url,
        date,
        time,
        date_from,
        series_from,
        people_from,
        kind,
        privacy,
        series,
        frontmatter,
        body: _,
        body_line,
        headings,
        diagram,
        block_ids,
        text: _,
        stored: _,
        links,
        local_links,
        tags,
        people,
        tasks,
        items,
        transcript,
        backlinks,
        is_meeting,
        person,
        prev,
        next,
    } = a;
    let transcripts_alike = match (transcript, &b.transcript) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            x.out_of_order == y.out_of_order && x.inline == y.inline && x.spilled == y.spilled
        }
        _ => false,
    };
    *path == b.path
        && *stem == b.stem
        && *title == b.title
        && *url == b.url
        && *date == b.date
        && *time == b.time
        && *date_from == b.date_from
        && *series_from == b.series_from
        && *people_from == b.people_from
        && *kind == b.kind
        && *privacy == b.privacy
        && *series == b.series
        && *frontmatter == b.frontmatter
        && *body_line == b.body_line
        && *headings == b.headings
        && *diagram == b.diagram
        && *block_ids == b.block_ids
        && *links == b.links
        && *local_links == b.local_links
        && *tags == b.tags
        && *people == b.people
        && *tasks == b.tasks
        && *items == b.items
        && transcripts_alike
        && *backlinks == b.backlinks
        && *is_meeting == b.is_meeting
        && *person == b.person
        && *prev == b.prev
        && *next == b.next
}

/// Whether two resolutions of one vault are the same site: every note
/// (its text and transcript turns too), person, series, tag and
/// attachment, and the diagnostics. What differs is said.
#[cfg(debug_assertions)]
pub fn alike(a: &Site, b: &Site) -> Result<(), String> {
    if a.notes.len() != b.notes.len() {
        return Err(format!("{} notes, not {}", a.notes.len(), b.notes.len()));
    }
    for (x, y) in a.notes.iter().zip(&b.notes) {
        let turns = |s: &Site, n: &Note| {
            n.transcript
                .as_ref()
                .map(|t| t.with_text(&s.store).turns.clone())
        };
        if !same_resolved(x, y)
            || x.body_in(&a.store) != y.body_in(&b.store)
            || x.text_in(&a.store) != y.text_in(&b.store)
            || turns(a, x) != turns(b, y)
        {
            return Err(format!("{} differs:\n{x:#?}\n{y:#?}", x.path));
        }
    }
    if a.people != b.people {
        return Err(format!(
            "the people differ:\n{:#?}\n{:#?}",
            a.people, b.people
        ));
    }
    if a.series != b.series || a.tags != b.tags {
        return Err("the series or tags differ".to_string());
    }
    if format!("{:?}", a.attachments) != format!("{:?}", b.attachments) {
        return Err("the attachments differ".to_string());
    }
    if a.diagnostics != b.diagnostics {
        return Err(format!(
            "the diagnostics differ:\n{:#?}\n{:#?}",
            a.diagnostics, b.diagnostics
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEETING: &str = "---\ndate: 2025-01-08\nattendees: [\"[[Ada Byrne]]\", \"Cy Dunn\"]\n---\n# Kiln Sync\n\nWe went over [[Kiln#Plan]] in detail.\n\nAda said the burner is [[Nowhere]] yet.\n\n## Decisions\n\n- Fire on Fridays.\n\n## Action items\n\n- [ ] Ship the glaze @Ada 📅 2025-02-01\n- [ ] Call the supplier @Zed Quill\n\n## Transcript\n\n```text\n[00:00:01.00] Ada Byrne : Shall we start?\n\nnot a turn at all\n\n[00:00:09.50] Cy Dunn : Yes.\n```\n";

    fn vault(meeting: &str) -> Vec<(String, Vec<u8>)> {
        [
            (
                "People/Ada Byrne.md",
                "---\ntype: person\naliases: [Ada]\n---\n# Ada Byrne\n",
            ),
            ("Projects/Kiln.md", "# Kiln\n\n## Plan\n\nBuild it. ^kp1\n"),
            ("M/2025-01-08 Kiln Sync.md", meeting),
            (
                "M/2025-01-15 Kiln Sync.md",
                "---\ndate: 2025-01-15\n---\n# Kiln Sync again\n\nAfter [[2025-01-08 Kiln Sync]], [[Ada Byrne]] tested.\n",
            ),
        ]
        .into_iter()
        .map(|(p, s)| (p.to_string(), s.as_bytes().to_vec()))
        .collect()
    }

    fn cfg() -> Config {
        Config {
            progress: false,
            ..Config::default()
        }
    }

    /// The site of the vault with `before` as the meeting, patched for the
    /// edit to `after` (`None` when it is not local), and the site of the
    /// vault with `after`.
    fn patched(before: &str, after: &str) -> (Option<Site>, Site) {
        let cfg = cfg();
        let old = crate::load::from_memory(&cfg, &vault(before), &[]);
        let new = crate::load::from_memory(&cfg, &vault(after), &[]);
        let mut site = super::super::resolve(&old, &cfg);
        let fresh = super::super::resolve(&new, &cfg);
        let i = old
            .notes
            .iter()
            .position(|n| n.path == "M/2025-01-08 Kiln Sync.md")
            .unwrap();
        let edit = local_edit(&site, &old.notes, i, &new.notes[i], &cfg, &old.store);
        let patched = edit.map(|e| {
            let mut before = Before::default();
            e.apply(&mut site, &mut before);
            assert!(before.edited.contains(&i));
            site
        });
        (patched, fresh)
    }

    fn by_path<'a>(s: &'a Site, path: &str) -> &'a Note {
        s.notes.iter().find(|n| n.path == path).expect("the note")
    }

    #[track_caller]
    fn local(after: &str) -> Site {
        let (patched, fresh) = patched(MEETING, after);
        let patched = patched.unwrap_or_else(|| panic!("a local edit: {after}"));
        if let Err(e) = alike(&patched, &fresh) {
            panic!("the patched site is not the resolved one: {e}");
        }
        patched
    }

    #[test]
    fn local_edits_resolve_as_the_whole_vault_does() {
        // prose
        local(&MEETING.replace("in detail", "at length"));
        // a paragraph above everything: every line, diagnostic and turn moves
        let s = local(&MEETING.replace(
            "# Kiln Sync\n\n",
            "# Kiln Sync\n\nA new first paragraph.\n\nAnd another.\n\n",
        ));
        let m = by_path(&s, "M/2025-01-08 Kiln Sync.md");
        assert_eq!(m.tasks[1].line, 22, "{:?}", m.tasks);
        assert!(
            s.diagnostics
                .iter()
                .any(|d| d.code == "unknown-assignee" && d.line == 22),
            "{:?}",
            s.diagnostics
        );
        // the sentence around a link: the linked note's backlink follows
        let s = local(&MEETING.replace("We went over", "Then we reread"));
        let kiln = by_path(&s, "Projects/Kiln.md");
        assert!(kiln.backlinks[0].context.starts_with("Then we reread"));
        // a link to another note added, its block found; one taken out:
        // the notes' backlinks come and go
        let s = local(&MEETING.replace(
            "in detail.\n",
            "in detail.\n\nAnd [[Projects/Kiln#^kp1]].\n",
        ));
        assert_eq!(by_path(&s, "Projects/Kiln.md").backlinks.len(), 2);
        let s = local(&MEETING.replace("[[Kiln#Plan]]", "the plan"));
        assert!(by_path(&s, "Projects/Kiln.md").backlinks.is_empty());
        let s = local(&MEETING.replace("[[Kiln#Plan]]", "[[2025-01-15 Kiln Sync|the next one]]"));
        let next = by_path(&s, "M/2025-01-15 Kiln Sync.md");
        assert_eq!(next.backlinks.len(), 1);
        // an action item added, one done, one's date moved
        local(&MEETING.replace(
            "- [ ] Call the supplier @Zed Quill\n",
            "- [ ] Call the supplier @Zed Quill\n- [ ] Sweep up 📅 2025-03-01\n",
        ));
        local(&MEETING.replace(
            "- [ ] Ship the glaze @Ada 📅 2025-02-01",
            "- [x] Ship the glaze @Ada 📅 2025-02-04",
        ));
        // a decision added to the list
        local(&MEETING.replace(
            "- Fire on Fridays.\n",
            "- Fire on Fridays.\n- Cool on Mondays.\n",
        ));
        // an action item after the transcript's fence, in its section
        local(&format!(
            "{MEETING}\n- [ ] File the recording 📅 2025-03-01\n"
        ));
        // an action item after a paragraph after the transcript's markers,
        // the last section above them empty
        let marked = MEETING.replace(
            "## Transcript\n\n```text",
            "## Open questions\n\n> Next meeting (if any): none\n\n---\n\n<!-- ai:transcript:start -->\n\n## Transcript (auto)\n\n```text",
        ) + "\n<!-- ai:transcript:end -->\n\nA closing line.\n";
        let (site, fresh) = patched(
            &marked,
            &format!("{marked}\n- [ ] File the recording 📅 2025-03-01\n"),
        );
        alike(&site.expect("a local edit"), &fresh).unwrap();
        // labels that read as no speaker (an agenda's): prose, a word
        // edited or lines moved around them
        let labelled = MEETING.replace(
            "## Decisions",
            "**Agenda**: the burner, see <https://example.com/agenda>\n\n**Notes**: 12\n\n## Decisions",
        );
        for after in [
            labelled.replace("in detail", "at length"),
            labelled.replace("**Notes**: 12", "A line.\n\n**Notes**: 12"),
        ] {
            let (site, fresh) = patched(&labelled, &after);
            alike(&site.expect("a local edit"), &fresh).unwrap();
        }
        // lines removed above the transcript: its turns move up
        let longer = MEETING.replace("# Kiln Sync\n\n", "# Kiln Sync\n\nA stray line.\n\n");
        let (patched, fresh) = patched(&longer, MEETING);
        alike(&patched.expect("a local edit"), &fresh).unwrap();
    }

    #[test]
    fn edits_that_reach_beyond_the_note_are_not_local() {
        for after in [
            // a link to a person's note: they are mentioned
            MEETING.replace("in detail.", "in detail, with [[Ada Byrne]]."),
            // a link to nothing (a person's name, perhaps), to a heading
            // that is not there
            MEETING.replace("in detail.", "in detail, with [[Ed Fenn]]."),
            MEETING.replace("in detail.", "in detail, see [[Kiln#Nope]]."),
            // another assignee
            MEETING.replace("@Zed Quill", "@Cy Dunn"),
            // a heading renamed (links to it may break)
            MEETING.replace("## Decisions", "## Decided"),
            // an open question: a kind of item the note did not have
            MEETING.replace(
                "## Action items",
                "## Open questions\n\n- Which clay?\n\n## Action items",
            ),
            // the line a diagnostic is on
            MEETING.replace("burner is", "burner was"),
            // the transcript's text
            MEETING.replace("Shall we start?", "Shall we begin?"),
        ] {
            let (patched, _) = patched(MEETING, &after);
            assert!(patched.is_none(), "local: {after}");
        }
        // minutes read from the prose: a turn's words are the transcript's
        let minutes = MEETING.split("## Transcript").next().unwrap().to_string()
            + "## Minutes\n\n**Ada Byrne**: We fire on Friday.\n\n**Cy Dunn**: Agreed.\n\n**Ada Byrne**: Good.\n";
        let (_, fresh) = patched(&minutes, &minutes);
        let m = by_path(&fresh, "M/2025-01-08 Kiln Sync.md");
        assert!(m.transcript.as_ref().is_some_and(|t| t.inline), "minutes");
        for after in [
            minutes.replace("Agreed.", "Agreed, Friday."),
            minutes.replace("in detail", "at length"),
        ] {
            let (patched, _) = patched(&minutes, &after);
            assert!(patched.is_none(), "local: {after}");
        }
    }

    #[test]
    fn the_line_map_moves_lines_around_the_edited_stretch() {
        let m = LineMap::new("a\nb\nc\nd", "a\nx\ny\nc\nd", 3);
        // body lines 1..4 are file lines 3..6
        assert_eq!(m.map(2), Some(2));
        assert_eq!(m.map(3), Some(3));
        assert_eq!(m.map(4), None);
        assert_eq!(m.map(5), Some(6));
        assert_eq!(m.map(6), Some(7));
        // a line appended: everything before stays
        let m = LineMap::new("a\nb", "a\nb\nc", 1);
        assert_eq!((m.map(1), m.map(2)), (Some(1), Some(2)));
    }
}
