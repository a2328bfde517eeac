//! Assembly: the per-note analyses and links become [`Note`]s.
//!
//! Takes the source notes, their [`Pre`] analyses and their resolved links;
//! gives the [`Note`]s (with their decisions, open questions and risks; no people, series, transcript or URL yet), the
//! diagnostics so far (each note's analysis, then its links, note by note),
//! and [`Pending`]: what later phases read per note that a [`Note`] does not
//! hold.

use super::links::NoteLinks;
use super::prepare::Pre;
use crate::config::FolderSays;
use crate::diagnostics::Diagnostic;
use crate::load::SourceNote;
use crate::model::{ItemKind, Note, SectionItem};
use crate::parse::infer;
use crate::parse::transcript;

/// Per note, what the later phases take that the [`Note`] does not hold.
pub(super) struct Pending {
    /// The parsed transcript section cut out of the body.
    pub blocks: Vec<Option<transcript::Block>>,
    /// Body lines (first, last) of a transcript section in no known form.
    pub unparsed: Vec<Option<(usize, usize)>>,
    /// The series the frontmatter or the `[[folders]]` rules name.
    pub series_of: Vec<Option<String>>,
    /// What the `[[folders]]` rules say of the note.
    pub says: Vec<FolderSays>,
    /// Paragraphs that may be speaker-attributed minutes.
    pub candidates: Vec<Vec<infer::minutes::Candidate>>,
    /// Attendee lists, tables and role lines found in the body.
    pub body_people: Vec<infer::people::Found>,
}

/// The notes, the diagnostics of analysis and links, and what is pending.
pub(super) fn assemble(
    src: &[SourceNote],
    pre: Vec<Pre>,
    links: Vec<NoteLinks>,
) -> (Vec<Note>, Vec<Diagnostic>, Pending) {
    let mut diagnostics = Vec::new();
    let mut notes: Vec<Note> = Vec::with_capacity(src.len());
    let mut pending = Pending {
        blocks: Vec::with_capacity(src.len()),
        unparsed: Vec::with_capacity(src.len()),
        series_of: Vec::with_capacity(src.len()),
        says: Vec::with_capacity(src.len()),
        candidates: Vec::with_capacity(src.len()),
        body_people: Vec::with_capacity(src.len()),
    };
    for ((n, mut p), found) in src.iter().zip(pre).zip(links) {
        diagnostics.extend(p.diagnostics);
        diagnostics.extend(found.diags);
        pending.series_of.push(p.series);
        pending.says.push(p.says);
        pending
            .candidates
            .push(std::mem::take(&mut p.analysis.speaker_candidates));
        pending
            .body_people
            .push(std::mem::take(&mut p.analysis.people));
        pending.blocks.push(p.block);
        pending.unparsed.push(p.unparsed);
        notes.push(Note {
            path: n.path.clone(),
            stem: n.stem.clone(),
            title: p.title,
            date: p.when.map(|w| w.date),
            time: p.when.and_then(|w| w.time),
            date_from: p.date_from,
            series_from: p.series_from,
            kind: p.kind,
            privacy: p.privacy,
            series: None,
            frontmatter: p.frontmatter,
            body: p.body,
            stored: p.stored,
            body_line: n.body_line,
            headings: p.analysis.headings,
            diagram: p.analysis.diagram,
            block_ids: p.analysis.block_ids,
            text: {
                let mut text = p.analysis.text;
                text.shrink_to_fit();
                text
            },
            links: found.links,
            tags: p.tags,
            tasks: p.tasks,
            items: section_items(std::mem::take(&mut p.analysis.items), n.body_line),
            ..Default::default()
        });
    }
    (notes, diagnostics, pending)
}

/// A note's decisions, open questions and risks as its analysis found them
/// (body lines), with file lines (the body starting at `body_line`).
pub(super) fn section_items(
    items: Vec<crate::parse::markdown::ItemRaw>,
    body_line: usize,
) -> Vec<SectionItem> {
    items
        .into_iter()
        .filter_map(|it| {
            Some(SectionItem {
                kind: *ItemKind::ALL.get(it.kind)?,
                markdown: it.raw,
                line: it.line + body_line - 1,
                anchor: it.anchor,
            })
        })
        .collect()
}
