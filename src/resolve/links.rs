//! Links: wikilinks resolved, backlinks, relative Markdown links, embed
//! cycles, and what is wrong with links.
//!
//! [`resolve_links`] takes the notes, their [`Pre`] analyses and the
//! [`Index`]; gives each note's [`Link`]s (frontmatter and body, in that
//! order) with their diagnostics (ambiguous names, missing headings and
//! blocks, paths outside the vault). The other phases take the assembled
//! notes: [`backlinks`] gives notes and people the links that point at them,
//! [`local_links`] resolves relative Markdown links and images,
//! [`embed_cycles`] and [`diagnostics`] give warnings.

use super::common::{fm_strings, key_line};
use super::index::{Ambiguity, Found, Index, RemovedNames, find};
use super::prepare::Pre;
use crate::diagnostics::Diagnostic;
use crate::load::SourceNote;
use crate::model::*;
use crate::parse::markdown::{self, heading_key};
use crate::parse::obsidian::{self, LinkTarget};
use crate::urls;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// A wikilink as found, before resolution.
struct Occurrence {
    target: String,
    alias: Option<String>,
    embed: bool,
    line: usize,
    col: usize,
    field: Option<String>,
    context: String,
}

/// One note's links, resolved, and what was wrong with them.
pub(super) struct NoteLinks {
    pub links: Vec<Link>,
    pub diags: Vec<Diagnostic>,
}

/// What the link resolution of every note reads.
pub(super) struct Lookup<'a> {
    pub src: &'a [SourceNote],
    pub pre: &'a [Pre],
    pub ix: &'a Index,
    pub atts: &'a [String],
    pub removed: &'a RemovedNames,
}

/// What Markdown links are resolved against (see [`local_links`]).
pub(super) struct Names<'a> {
    pub src: &'a [SourceNote],
    pub ix: &'a Index,
    pub atts: &'a [String],
    pub removed: &'a RemovedNames,
}

/// Every note's wikilinks, resolved (in parallel).
pub(super) fn resolve_links(cx: &Lookup, people_fields: &[String]) -> Vec<NoteLinks> {
    (0..cx.src.len())
        .into_par_iter()
        .map(|i| {
            let mut diags = Vec::new();
            let links = occurrences(&cx.src[i], &cx.pre[i], people_fields)
                .into_iter()
                .map(|o| resolve_one(cx, i, o, &mut diags))
                .collect();
            NoteLinks { links, diags }
        })
        .collect()
}

/// The wikilinks of a note: in its frontmatter values, then in its body.
fn occurrences(n: &SourceNote, p: &Pre, people_fields: &[String]) -> Vec<Occurrence> {
    let mut raw: Vec<Occurrence> = Vec::new();
    for (k, v) in &p.frontmatter {
        for s in fm_strings(v) {
            for l in obsidian::wikilinks_in(&s) {
                let ctx = if people_fields.iter().any(|f| f == k) {
                    format!(
                        "{k}: {}",
                        l.alias.clone().unwrap_or_else(|| l.target.clone())
                    )
                } else {
                    format!("{k}: {s}")
                };
                raw.push(Occurrence {
                    target: l.target,
                    alias: l.alias,
                    embed: l.embed,
                    line: key_line(n, k),
                    col: 0,
                    field: Some(k.clone()),
                    context: ctx,
                });
            }
        }
    }
    for l in &p.analysis.links {
        raw.push(Occurrence {
            target: l.target.clone(),
            alias: l.alias.clone(),
            embed: l.embed,
            line: l.line + n.body_line - 1,
            col: l.col,
            field: None,
            context: l.context.clone(),
        });
    }
    raw
}

/// One wikilink of note `i`, resolved.
fn resolve_one(cx: &Lookup, i: usize, o: Occurrence, diags: &mut Vec<Diagnostic>) -> Link {
    let n = &cx.src[i];
    let Occurrence {
        target,
        alias,
        embed,
        line,
        col,
        field,
        context,
    } = o;
    let t = LinkTarget::parse(&target);
    let (found, amb) = if t.path.is_empty() {
        (Found::Note(i), Ambiguity::default())
    } else {
        find(cx.ix, cx.src, cx.atts, i, &t.path)
    };
    let warn = |diags: &mut Vec<Diagnostic>, code: &'static str, message: String| {
        diags.push(Diagnostic::warning(code, &n.path, line, message).at_col(col));
    };
    if let Some(m) = amb.message(&format!("[[{target}]]"), &found, cx.src, cx.atts) {
        warn(diags, "ambiguous-link", m);
    }
    let (to, resolved_path) = match found {
        Found::Note(j) => {
            let anchor = anchor(cx, j, &t, |m| {
                warn(diags, "broken-anchor", format!("[[{target}]]: {m}"))
            });
            (
                Target::Note { note: j, anchor },
                Some(cx.src[j].path.clone()),
            )
        }
        Found::Attachment(a) => (Target::Attachment(a), Some(cx.atts[a].clone())),
        Found::Outside => {
            warn(
                diags,
                "outside-vault",
                format!("[[{target}]] points outside the vault; it is not followed"),
            );
            (Target::Outside, None)
        }
        Found::Missing if cx.removed.contains(&t.path) => (Target::Removed, None),
        Found::Missing => (Target::Missing, None),
    };
    Link {
        target,
        alias,
        embed,
        line,
        col,
        field,
        context,
        to,
        resolved_path,
    }
}

/// The anchor in note `j` of a link's `#heading` or `#^block`; what it
/// lacks is told to `broken`.
pub(super) fn anchor(
    cx: &Lookup,
    j: usize,
    t: &LinkTarget,
    broken: impl FnMut(String),
) -> Option<String> {
    let analysis = &cx.pre[j].analysis;
    anchor_in(
        &cx.src[j].path,
        &analysis.headings,
        &analysis.block_ids,
        t,
        broken,
    )
}

/// [`anchor`], in the note at `path` with these headings and block ids.
fn anchor_in(
    path: &str,
    headings: &[markdown::Heading],
    block_ids: &[String],
    t: &LinkTarget,
    mut broken: impl FnMut(String),
) -> Option<String> {
    let mut anchor = None;
    if let Some(h) = &t.heading {
        let key = heading_key(h);
        match headings.iter().find(|x| heading_key(&x.text) == key) {
            Some(x) => anchor = Some(x.id.clone()),
            None => broken(format!("{path} has no heading \"{h}\"")),
        }
    }
    if let Some(b) = &t.block {
        if block_ids.iter().any(|x| x == b) {
            anchor = Some(markdown::block_anchor(b));
        } else {
            broken(format!("{path} has no block ^{b}"));
        }
    }
    anchor
}

/// Where a wikilink to `target` written in note `i` goes, when it goes to
/// another note plainly: the note found (with its anchor) and its path,
/// with nothing to say of the link (no other candidate, no missing
/// heading or block). `src` are the notes as loaded, `notes` as resolved,
/// `ix` their index, `atts` the attachments. `None` for anything else (a
/// person, a file, nothing, the note itself).
pub(super) fn plainly_to_note(
    ix: &Index,
    src: &[SourceNote],
    notes: &[Note],
    atts: &[String],
    i: usize,
    target: &str,
) -> Option<(Target, String)> {
    let t = LinkTarget::parse(target);
    if t.path.is_empty() {
        return None;
    }
    let (found, amb) = find(ix, src, atts, i, &t.path);
    if amb.message("", &found, src, atts).is_some() {
        return None;
    }
    let Found::Note(j) = found else {
        return None;
    };
    let n = notes.get(j).filter(|_| j != i)?;
    let mut broken = false;
    let anchor = anchor_in(&n.path, &n.headings, &n.block_ids, &t, |_| broken = true);
    (!broken).then(|| (Target::Note { note: j, anchor }, n.path.clone()))
}

/// Backlinks: each note and person linked to gets the linking note, once
/// for each context.
pub(super) fn backlinks(notes: &mut [Note], people: &mut [Person]) {
    for i in 0..notes.len() {
        for (to, b) in backlinks_from(i, &notes[i].links) {
            match to {
                Linked::Note(j) => notes[j].backlinks.push(b),
                Linked::Person(p) => people[p].backlinks.push(b),
            }
        }
    }
}

/// What a backlink is on.
pub(super) enum Linked {
    Note(usize),
    Person(usize),
}

/// The backlinks note `i`'s `links` give the other notes and the people
/// they go to: once for each target and sentence, in the links' order.
pub(super) fn backlinks_from(i: usize, links: &[Link]) -> Vec<(Linked, Backlink)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for l in links {
        let to = match l.to {
            Target::Note { note, .. } if note != i => Linked::Note(note),
            Target::Person(p) => Linked::Person(p),
            _ => continue,
        };
        let key = match to {
            Linked::Note(j) => (0, j),
            Linked::Person(p) => (1, p),
        };
        if seen.insert((key, l.context.clone())) {
            out.push((
                to,
                Backlink {
                    from: i,
                    context: l.context.clone(),
                },
            ));
        }
    }
    out
}

/// Markdown links and images to files of the vault (`local_urls`, a list
/// a note: URL, body line, column), resolved the way Obsidian resolves them:
/// relative to the note's folder, else from the vault root (also for
/// `/root/paths`), else by file name anywhere in the vault (`![](pic.png)`,
/// `[x](Other%20Note.md)`), with `#Heading` and `#^block` fragments to the
/// target's anchors and `#Heading` alone to the note's own. What names
/// nothing is [`Target::Missing`] (a note a profile removed,
/// [`Target::Removed`]), with a `broken-link` error.
pub(super) fn local_links(
    notes: &mut [Note],
    local_urls: Vec<Vec<(String, usize, usize)>>,
    cx: &Names,
) -> Vec<Diagnostic> {
    let find_at = |p: &str| {
        cx.ix
            .attachment_at(cx.atts, p)
            .map(|(a, _)| Found::Attachment(a))
            .or_else(|| cx.ix.note_at(p).map(Found::Note))
    };
    let mut diags = Vec::new();
    for (i, urls_of) in local_urls.into_iter().enumerate() {
        let dir = notes[i].path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let dir = dir.to_string();
        for (url, line, col) in urls_of {
            let (path, frag) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let Some(decoded) = urls::percent_decode(path) else {
                continue;
            };
            let found = if decoded.is_empty() {
                Found::Note(i)
            } else if decoded.starts_with('/') {
                // Obsidian's root: the vault's
                join_vault_path("", &decoded)
                    .and_then(|p| find_at(&p))
                    .unwrap_or(Found::Missing)
            } else {
                match join_vault_path(&dir, &decoded) {
                    None => Found::Outside,
                    Some(joined) => find_at(&joined)
                        .or_else(|| join_vault_path("", &decoded).and_then(|p| find_at(&p)))
                        .unwrap_or_else(|| find(cx.ix, cx.src, cx.atts, i, &decoded).0),
                }
            };
            let target = match found {
                Found::Attachment(a) => Target::Attachment(a),
                Found::Note(j) => {
                    let frag = frag.and_then(urls::percent_decode);
                    let anchor = frag.as_deref().and_then(|f| note_anchor(&notes[j], f));
                    if frag.is_some() && anchor.is_none() && decoded.is_empty() {
                        // `#fragment` alone: an id on this page (a footnote, a
                        // raw HTML anchor) is left as written
                        continue;
                    }
                    Target::Note { note: j, anchor }
                }
                Found::Outside => Target::Outside,
                Found::Missing if cx.removed.contains(&decoded) => Target::Removed,
                Found::Missing => Target::Missing,
            };
            if matches!(target, Target::Missing | Target::Outside) {
                let n = &notes[i];
                let why = if target == Target::Outside {
                    "leads outside the vault"
                } else {
                    "names no note or file in the vault"
                };
                diags.push(
                    Diagnostic::error(
                        "broken-link",
                        &n.path,
                        line + n.body_line - 1,
                        format!(
                            "({url}): {} {why}; it is shown as text, not a link",
                            if decoded.is_empty() { &url } else { &decoded }
                        ),
                    )
                    .at_col(col),
                );
            }
            notes[i].local_links.push((url, target));
        }
    }
    diags
}

/// The element id in note `n` of a Markdown link's fragment: a heading
/// spelled as its text (`Next%20steps`, decoded) or as its id, or a
/// `^block`.
fn note_anchor(n: &Note, frag: &str) -> Option<String> {
    if let Some(b) = frag.strip_prefix('^') {
        return Some(markdown::block_anchor(b));
    }
    let key = heading_key(frag);
    n.headings
        .iter()
        .find(|h| h.id == frag)
        .or_else(|| n.headings.iter().find(|h| heading_key(&h.text) == key))
        .map(|h| h.id.clone())
}

/// `rel` joined to the vault folder `dir`; None when it leaves the vault.
fn join_vault_path(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// A warning for each note whose embeds lead back to itself. A note's own
/// section or block (`![[#Heading]]`, `![[#^id]]`) is not a cycle unless the
/// embed sits inside what it embeds.
pub(super) fn embed_cycles(notes: &[Note]) -> Vec<Diagnostic> {
    // edges between notes; embeds of the note's own sections are judged apart
    let edges: Vec<Vec<(usize, usize, usize)>> = notes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            n.links
                .iter()
                .filter(|l| l.embed)
                .filter_map(|l| match &l.to {
                    Target::Note { note, anchor } => {
                        let own_part = *note == i && anchor.is_some();
                        (!own_part || embeds_itself(n, anchor.as_deref(), l.line))
                            .then_some((*note, l.line, l.col))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (start, es) in edges.iter().enumerate() {
        for &(first, line, col) in es {
            // is `start` reachable from `first` through embeds?
            let mut seen = vec![false; notes.len()];
            let mut stack = vec![first];
            let mut cyclic = false;
            while let Some(x) = stack.pop() {
                if x == start {
                    cyclic = true;
                    break;
                }
                if std::mem::replace(&mut seen[x], true) {
                    continue;
                }
                stack.extend(edges[x].iter().map(|e| e.0));
            }
            if cyclic {
                out.push(
                    Diagnostic::warning(
                        "embed-cycle",
                        &notes[start].path,
                        line,
                        format!(
                            "embedding {} leads back to this note; the repeat is shown as a link",
                            notes[first].path
                        ),
                    )
                    .at_col(col),
                );
            }
        }
    }
    out
}

/// Whether note `n`'s embed of its own section or block `anchor`, written
/// on file line `line`, lies inside that section or block.
fn embeds_itself(n: &Note, anchor: Option<&str>, line: usize) -> bool {
    let Some(anchor) = anchor else {
        return true;
    };
    let body_line = (line + 1).saturating_sub(n.body_line);
    if anchor.starts_with('^') {
        // a block is the paragraph or item its id ends; it holds the embed
        // only when the embed is on the id's line (conservative)
        return false;
    }
    let Some(k) = n.headings.iter().position(|h| h.id == anchor) else {
        return false;
    };
    let h = &n.headings[k];
    let end = n.headings[k + 1..]
        .iter()
        .find(|x| x.level <= h.level)
        .map_or(usize::MAX, |x| x.line);
    (h.line..end).contains(&body_line)
}

/// Links to notes a publish profile removed, and (in an Obsidian vault)
/// links to nothing.
pub(super) fn diagnostics(notes: &[Note], obsidian_vault: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for n in notes {
        for l in &n.links {
            if l.to == Target::Removed {
                out.push(
                    Diagnostic::warning(
                        "links-to-removed",
                        &n.path,
                        l.line,
                        format!("[[{}]] links to a note the publish profile removes; it is shown as plain text", l.target),
                    )
                    .at_col(l.col),
                );
            }
            if l.to == Target::Missing && obsidian_vault {
                let what = if l.embed { "embeds" } else { "links to" };
                out.push(
                    Diagnostic::error(
                        "broken-link",
                        &n.path,
                        l.line,
                        format!(
                            "[[{}]] {what} a note or file that does not exist in the vault",
                            l.target
                        ),
                    )
                    .at_col(l.col),
                );
            }
        }
    }
    out
}
