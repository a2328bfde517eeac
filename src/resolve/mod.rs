//! Resolve: loaded notes to a linked [`Site`].
//!
//! Takes the [`Vault`] from the load stage and the config; gives a [`Site`]:
//! titles and dates, every wikilink resolved the way Obsidian resolves it
//! (file name anywhere, case-insensitive, shortest path first; path-qualified
//! names; aliases; headings and block ids), backlinks with context, people
//! unified through aliases, series with previous / next, tags, action items,
//! transcripts, page URLs — and the diagnostics of all of it. For notes
//! outside minutebook's frontmatter schema it uses what [`crate::parse::infer`]
//! reads (dates from paths, titles and body lines; attendee lists and
//! tables; speaker-attributed minutes; captions beside a note) and decides
//! which notes are meetings (a date among dated notes) and their series (one
//! a folder, split by file-name prefix), under the `[[folders]]` rules. The heavy,
//! per-note work (Markdown analysis, transcripts, link lookup) runs in
//! parallel; the assembly is sequential and deterministic.
//!
//! [`resolve_with`] runs the phases in order, each a module that takes and
//! gives plain data:
//!
//! 1. `prepare`: each note analysed on its own (in parallel);
//! 2. `index`: the name and path index links are looked up in;
//! 3. `links`: wikilinks resolved (in parallel);
//! 4. `notes`: the analyses and links assembled into notes;
//! 5. `people`: people and their roles; `tasks`: assignees; mentions;
//! 6. `transcripts`: timed transcripts, captions and minutes, speakers;
//! 7. `meetings` and `series`;
//! 8. people's meetings, `tags`, backlinks, relative Markdown links,
//!    embed cycles, `attachments`, link diagnostics; `boards`: canvases
//!    and bases read, their links resolved (beside `links`);
//! 9. `pages`: URLs; people in name order.
//!
//! The helpers they share are in `common`, which uses none of them.
//! Beside the phases, `patch` gives what an edit of one note that reaches
//! no other ([`local_edit`]) changes in a resolved site: what `serve` does
//! after most saves instead of resolving again.

mod attachments;
mod boards;
mod common;
mod index;
mod links;
mod meetings;
mod notes;
mod pages;
mod patch;
mod people;
mod prepare;
mod raw_html;
mod series;
mod tags;
mod tasks;
mod transcripts;

use crate::config::Config;
use crate::load::Vault;
use crate::model::Site;
use rayon::prelude::*;

pub use common::{chrono_key, fm_strings, newest_first, note_aliases};
pub use index::RemovedNames;
pub use pages::{RESERVED, tag_notes};
#[cfg(debug_assertions)]
pub use patch::alike;
pub use patch::{Before, LocalEdit, local_edit, same_resolved};
pub use prepare::{Cache, TextEdit};
pub use series::readable_folder;

/// When note `new` is `old` with only its prose changed (no heading, link,
/// task, tag, date, person, transcript or diagnostic added, removed or
/// moved to another line), the body and plain text a full resolve would
/// give it: every other part of the resolved site stays as it is. `None`
/// when anything else changed; `old` may wait in `store`. What `serve`
/// asks before re-rendering only the pages that show the note's text.
pub fn text_edit(
    old: &crate::load::SourceNote,
    new: &crate::load::SourceNote,
    minutes: bool,
    cfg: &Config,
    store: &crate::store::Store,
) -> Option<TextEdit> {
    prepare::text_edit(old, new, minutes, cfg, store)
}

/// Resolve the vault into a site.
pub fn resolve(vault: &Vault, cfg: &Config) -> Site {
    resolve_with(vault, cfg, &RemovedNames::default())
}

/// [`resolve`], with links to the notes in `removed` resolving to
/// [`Target::Removed`](crate::model::Target::Removed).
pub fn resolve_with(vault: &Vault, cfg: &Config, removed: &RemovedNames) -> Site {
    resolve_kept(vault, cfg, removed, None)
}

/// [`resolve`], the notes analysed as `cache` kept them when their text has
/// not changed since (and the others kept there), when the vault's `text`
/// and `store` are one: what `serve`'s builds resolve with. The site is the
/// one [`resolve`] gives.
pub fn resolve_cached(vault: &Vault, cfg: &Config, cache: &Cache) -> Site {
    resolve_kept(vault, cfg, &RemovedNames::default(), Some(cache))
}

fn resolve_kept(
    vault: &Vault,
    cfg: &Config,
    removed: &RemovedNames,
    cache: Option<&Cache>,
) -> Site {
    let src = &vault.notes;
    let att_paths = &vault.attachments;
    let rules = cfg.folder_rules();
    // the kept analyses' text waits where the resolved notes' does: with
    // two stores, nothing is kept
    let cache = cache.filter(|_| std::sync::Arc::ptr_eq(&vault.text, &vault.store));
    // a transcript's block waits where the notes' text does
    let mut pre: Vec<prepare::Pre> = src
        .par_iter()
        .map(|n| match cache {
            Some(c) => c.prepare(n, cfg, &rules, &vault.text),
            None => prepare::prepare(n, cfg, &rules, &vault.text, &vault.text),
        })
        .collect();
    if let Some(c) = cache {
        c.keep_only(src);
    }
    let local_urls: Vec<Vec<(String, usize, usize)>> = pre
        .iter_mut()
        .map(|p| std::mem::take(&mut p.analysis.local_urls))
        .collect();
    let aliases: Vec<Vec<String>> = pre.iter().map(|p| note_aliases(&p.frontmatter)).collect();
    let ix = index::Index::new(src, &aliases, att_paths);
    let lookup = links::Lookup {
        src,
        pre: &pre,
        ix: &ix,
        atts: att_paths,
        removed,
    };
    let link_sets = links::resolve_links(&lookup, &cfg.people_fields);
    let (boards, board_diags) = boards::boards(&vault.boards, &lookup, cfg.obsidian_vault);

    let mut diagnostics = vault.diagnostics.clone();
    diagnostics.extend(board_diags);
    let (mut notes, found, mut pending) = notes::assemble(src, pre, link_sets);
    diagnostics.extend(found);
    // bodies wait in the store until render and search reach their note
    notes.par_iter_mut().for_each(|n| n.spill(&vault.store));

    let (mut people, mut roles) = people::people_and_roles(
        &mut notes,
        &aliases,
        &cfg.people_fields,
        &pending.says,
        &pending.body_people,
    );
    diagnostics.extend(tasks::assign(
        &mut notes,
        &mut people,
        &mut roles,
        &cfg.teams,
    ));
    people::link_people(&mut notes, &people, &mut roles);
    diagnostics.extend(transcripts::transcripts(
        &mut notes,
        vault,
        &mut pending,
        &cfg.speakers,
        &mut people,
        &mut roles,
        cache.map(|c| &c.transcripts),
    ));
    diagnostics.extend(meetings::decide(&mut notes, &people, &roles, &pending.says));
    let series = series::series(&mut notes, &mut pending.series_of, &people.list);
    let mut person_list = people::meetings_of(people.list, &roles, &mut notes);
    let tags = tags::tags(&notes);
    links::backlinks(&mut notes, &mut person_list);
    let names = links::Names {
        src,
        ix: &ix,
        atts: att_paths,
        removed,
    };
    diagnostics.extend(links::local_links(&mut notes, local_urls, &names));
    diagnostics.extend(links::embed_cycles(&notes));
    let mut attachments = attachments::attachments(att_paths, &notes);
    boards::mark(&boards, &mut attachments);
    diagnostics.extend(links::diagnostics(&notes, cfg.obsidian_vault));

    let mut site = Site {
        notes,
        people: person_list,
        series,
        tags,
        attachments,
        boards,
        archive: Default::default(),
        diagnostics,
        store: vault.store.clone(),
    };
    pages::assign_urls(&mut site, cfg.unsafe_html);
    // people sorted by name, meetings newest first
    people::sort_people(&mut site);
    crate::diagnostics::sort(&mut site.diagnostics);
    site
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Target;

    fn site(notes: &[(&str, &str)], attachments: &[&str]) -> Site {
        let cfg = Config {
            progress: false,
            ..Config::default()
        };
        let notes: Vec<(String, Vec<u8>)> = notes
            .iter()
            .map(|(p, s)| (p.to_string(), s.as_bytes().to_vec()))
            .collect();
        let atts: Vec<String> = attachments.iter().map(|a| a.to_string()).collect();
        let vault = crate::load::from_memory(&cfg, &notes, &atts);
        resolve(&vault, &cfg)
    }

    fn note<'a>(s: &'a Site, path: &str) -> &'a crate::model::Note {
        s.notes.iter().find(|n| n.path == path).expect("the note")
    }

    /// Where each link of `from` goes: a vault path, `person:NAME`,
    /// `file:PATH`, or `-` for nothing; with the anchor.
    fn targets(s: &Site, from: &str) -> Vec<(String, String, Option<String>)> {
        note(s, from)
            .links
            .iter()
            .filter(|l| l.field.is_none())
            .map(|l| {
                let (to, anchor) = match &l.to {
                    Target::Note { note, anchor } => (s.notes[*note].path.clone(), anchor.clone()),
                    Target::Person(p) => (format!("person:{}", s.people[*p].name), None),
                    Target::Attachment(a) => (format!("file:{}", s.attachments[*a].path), None),
                    _ => ("-".to_string(), None),
                };
                (l.target.clone(), to, anchor)
            })
            .collect()
    }

    #[test]
    fn links_resolve_as_obsidian_resolves_them() {
        let s = site(
            &[
                (
                    "Meetings/m.md",
                    "# M\n\n[[dup]] [[deep/Dup]] [[Nick]] [[B#Real Part]] [[B#^blk1]] [[B#Nope]] [[Ada Byrne]] [[pic.png]] [[Nothing]] [[../../x]]\n\n- [ ] Do it @Ada Byrne\n",
                ),
                ("Meetings/Dup.md", "# Dup near\n"),
                ("a/b/c/deep/Dup.md", "# Dup deep\n"),
                ("x/Dup.md", "# Dup short\n"),
                (
                    "B.md",
                    "---\naliases: [Nick]\n---\n# B\n\n## Real Part\n\nText ^blk1\n",
                ),
            ],
            &["img/pic.png"],
        );
        let t = targets(&s, "Meetings/m.md");
        let want: Vec<(String, String, Option<String>)> = vec![
            // the one in the linking note's folder wins over the shorter path
            ("dup".into(), "Meetings/Dup.md".into(), None),
            ("deep/Dup".into(), "a/b/c/deep/Dup.md".into(), None),
            ("Nick".into(), "B.md".into(), None),
            (
                "B#Real Part".into(),
                "B.md".into(),
                Some("real-part".into()),
            ),
            ("B#^blk1".into(), "B.md".into(), Some("^blk1".into())),
            ("B#Nope".into(), "B.md".into(), None),
            ("Ada Byrne".into(), "person:Ada Byrne".into(), None),
            ("pic.png".into(), "file:img/pic.png".into(), None),
            ("Nothing".into(), "-".into(), None),
            ("../../x".into(), "-".into(), None),
        ];
        assert_eq!(t, want);
        // a note elsewhere gets the shortest path
        let s2 = site(
            &[
                ("z/y/q.md", "# Q\n\n[[Dup]]\n"),
                ("a/b/c/deep/Dup.md", "# Dup deep\n"),
                ("x/Dup.md", "# Dup short\n"),
            ],
            &[],
        );
        assert_eq!(targets(&s2, "z/y/q.md")[0].1, "x/Dup.md");
        // the same folder wins, and the warning says so
        let s3 = site(
            &[
                (
                    "Sync/Headless.md",
                    "# Headless

[[Privacy]]
",
                ),
                (
                    "Publish/Privacy.md",
                    "# Privacy of Publish
",
                ),
                (
                    "Sync/Privacy.md",
                    "# Privacy of Sync
",
                ),
            ],
            &[],
        );
        assert_eq!(targets(&s3, "Sync/Headless.md")[0].1, "Sync/Privacy.md");
        let amb = s3
            .diagnostics
            .iter()
            .find(|d| d.code == "ambiguous-link")
            .expect("an ambiguous-link warning");
        assert!(
            amb.message.contains("it goes to Sync/Privacy.md")
                && amb.message.contains("in this note's folder"),
            "{}",
            amb.message
        );
        let codes: Vec<(&str, &str, usize)> = s
            .diagnostics
            .iter()
            .map(|d| (d.code, d.file.as_str(), d.line))
            .collect();
        assert_eq!(
            codes,
            [
                ("ambiguous-link", "Meetings/m.md", 3),
                ("broken-anchor", "Meetings/m.md", 3),
                ("broken-link", "Meetings/m.md", 3),
                ("outside-vault", "Meetings/m.md", 3),
                ("unknown-assignee", "Meetings/m.md", 5),
            ]
        );
        // backlinks carry their sentence
        let b = note(&s, "B.md");
        assert_eq!(b.backlinks.len(), 1);
        assert_eq!(s.notes[b.backlinks[0].from].path, "Meetings/m.md");
    }

    #[test]
    fn a_first_name_with_another_surname_is_someone_else() {
        let s = site(
            &[
                (
                    "People/Olu Silva.md",
                    "---\ntype: person\naliases: [Olu]\n---\n# Olu Silva\n",
                ),
                (
                    "M/2025-01-08 Sync.md",
                    "---\ncreated: 2025-01-08\n---\n# Sync\n\n- [ ] Draft @Olu Dubois\n- [ ] Review @Olu about pricing\n- [ ] Sign @Olu Silva\n- [ ] Ship @Olu K.\n",
                ),
            ],
            &[],
        );
        let who: Vec<String> = note(&s, "M/2025-01-08 Sync.md")
            .tasks
            .iter()
            .map(|t| match &t.assignee {
                Some(crate::model::Assignee::Person(p)) => s.people[*p].name.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(who, ["Olu Dubois", "Olu Silva", "Olu Silva", "Olu Silva"]);
        assert!(
            s.diagnostics
                .iter()
                .any(|d| d.code == "unknown-assignee" && d.message.contains("@Olu Dubois")),
            "{:?}",
            s.diagnostics
        );
    }

    #[test]
    fn people_are_unified_through_aliases_and_series_are_ordered() {
        let s = site(
            &[
                (
                    "People/Ada Byrne.md",
                    "---\ntype: person\naliases: [Ada, AB]\n---\n# Ada Byrne\n",
                ),
                (
                    "S/2025-01-08 Sync.md",
                    "---\ntype: team\ncreated: 2025-01-08\nseries: Team/Kiln Sync\nattendees: [\"[[Ada]]\", \"Cy Dunn\"]\n---\n# Sync two\n\n- [ ] Ship @AB\n",
                ),
                (
                    "S/2025-01-01 Sync.md",
                    "---\ntype: team\ncreated: 2025-01-01\nseries: Team/Kiln Sync\ncounterpart: \"[[Ada Byrne]]\"\n---\n# Sync one\n",
                ),
            ],
            &[],
        );
        let names: Vec<&str> = s.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Ada Byrne", "Cy Dunn"]);
        let ada = &s.people[0];
        assert_eq!(ada.url, "people/ada-byrne/");
        assert_eq!(
            ada.note.map(|n| s.notes[n].path.as_str()),
            Some("People/Ada Byrne.md")
        );
        // both meetings, newest first; the task's @AB is Ada's
        let meetings: Vec<&str> = ada
            .meetings
            .iter()
            .map(|(n, _)| s.notes[*n].title.as_str())
            .collect();
        assert_eq!(meetings, ["Sync two", "Sync one"]);
        let task = &note(&s, "S/2025-01-08 Sync.md").tasks[0];
        assert_eq!(task.assignee, Some(crate::model::Assignee::Person(0)));
        // one series, its meetings in date order, shown by the last part of its name
        assert_eq!(s.series.len(), 1);
        assert_eq!(s.series[0].title, "Kiln Sync");
        let order: Vec<&str> = s.series[0]
            .meetings
            .iter()
            .map(|n| s.notes[*n].title.as_str())
            .collect();
        assert_eq!(order, ["Sync one", "Sync two"]);
    }

    #[test]
    fn colliding_slugs_get_a_deterministic_suffix() {
        let s = site(
            &[
                ("A b.md", "# One\n"),
                ("a-b.md", "# Two\n"),
                ("A  B.md", "# Three\n"),
            ],
            &[],
        );
        let mut urls: Vec<(&str, &str)> = s
            .notes
            .iter()
            .map(|n| (n.path.as_str(), n.url.as_str()))
            .collect();
        urls.sort();
        assert_eq!(
            urls,
            [
                ("A  B.md", "a-b/"),
                ("A b.md", "a-b-2/"),
                ("a-b.md", "a-b-3/")
            ]
        );
    }
}
