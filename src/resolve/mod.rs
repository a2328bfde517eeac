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
//!    embed cycles, `attachments`, link diagnostics;
//! 9. `pages`: URLs; people in name order.
//!
//! The helpers they share are in `common`, which uses none of them.

mod attachments;
mod common;
mod index;
mod links;
mod meetings;
mod notes;
mod pages;
mod people;
mod prepare;
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
pub use pages::RESERVED;
pub use prepare::TextEdit;

/// When note `new` is `old` with only its prose changed (no heading, link,
/// task, tag, date, person, transcript or diagnostic added, removed or
/// moved to another line), the body and plain text a full resolve would
/// give it: every other part of the resolved site stays as it is. `None`
/// when anything else changed; `old` may wait in `store`. What `serve`
/// asks before re-rendering only the pages that show the note's text.
pub fn text_edit(
    old: &crate::load::SourceNote,
    new: &crate::load::SourceNote,
    cfg: &Config,
    store: &crate::store::Store,
) -> Option<TextEdit> {
    prepare::text_edit(old, new, cfg, store)
}

/// Resolve the vault into a site.
pub fn resolve(vault: &Vault, cfg: &Config) -> Site {
    resolve_with(vault, cfg, &RemovedNames::default())
}

/// [`resolve`], with links to the notes in `removed` resolving to
/// [`Target::Removed`](crate::model::Target::Removed).
pub fn resolve_with(vault: &Vault, cfg: &Config, removed: &RemovedNames) -> Site {
    let src = &vault.notes;
    let att_paths = &vault.attachments;
    let rules = cfg.folder_rules();
    let mut pre: Vec<prepare::Pre> = src
        .par_iter()
        .map(|n| prepare::prepare(n, cfg, &rules, &vault.text, &vault.store))
        .collect();
    let local_urls: Vec<Vec<(String, usize)>> = pre
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

    let mut diagnostics = vault.diagnostics.clone();
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
        src,
        &mut pending,
        &cfg.speakers,
        &mut people,
        &mut roles,
        &vault.store,
    ));
    diagnostics.extend(meetings::decide(&mut notes, &people, &roles, &pending.says));
    let series = series::series(&mut notes, &mut pending.series_of);
    let mut person_list = people::meetings_of(people.list, &roles, &mut notes);
    let tags = tags::tags(&notes);
    links::backlinks(&mut notes, &mut person_list);
    links::local_links(&mut notes, local_urls, &ix, att_paths);
    diagnostics.extend(links::embed_cycles(&notes));
    let attachments = attachments::attachments(att_paths, &notes);
    diagnostics.extend(links::diagnostics(&notes, cfg.obsidian_vault));

    let mut site = Site {
        notes,
        people: person_list,
        series,
        tags,
        attachments,
        diagnostics,
        store: vault.store.clone(),
    };
    pages::assign_urls(&mut site, cfg.unsafe_html);
    // people sorted by name, meetings newest first
    people::sort_people(&mut site);
    crate::diagnostics::sort(&mut site.diagnostics);
    site
}
