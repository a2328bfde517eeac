//! Boards: the vault's canvases and bases, read and their links resolved.
//!
//! Takes the canvas and base files the load stage read (path, text), the
//! link [`Lookup`] and the attachment list; gives a [`Board`] for each
//! (parsed by [`crate::parse::canvas`] or [`crate::parse::bases`], or kept
//! as written when it cannot be read), the attachments marked as boards, and
//! diagnostics: `canvas-invalid` (with line and column for JSON that is not
//! JSON), `base-invalid`, `base-unsupported`, and for a canvas's links what
//! a note's links would give (`broken-link`, `broken-anchor`,
//! `outside-vault`, `ambiguous-link`). A file card's target missing is
//! always a `broken-link`: unlike `[[…]]` in prose, it is never text.

use super::common::dir_of;
use super::index::{Ambiguity, Found, find_from};
use super::links::{Lookup, anchor};
use crate::diagnostics::Diagnostic;
use crate::model::{Attachment, Board, BoardContent, Target};
use crate::parse::canvas::NodeKind;
use crate::parse::obsidian::{LinkTarget, wikilinks_in};
use crate::parse::{bases, canvas};

/// Read every board and resolve its links.
pub(super) fn boards(
    files: &[(String, String)],
    cx: &Lookup,
    obsidian_vault: bool,
) -> (Vec<Board>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (path, text) in files {
        let Ok(a) = cx.atts.binary_search(path) else {
            continue;
        };
        let name = path.rsplit('/').next().unwrap_or(path);
        let (title, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let is_canvas = ext.eq_ignore_ascii_case("canvas");
        let content = if is_canvas {
            read_canvas(path, text, &mut diags)
        } else {
            read_base(path, text, &mut diags)
        };
        let mut links: Vec<(String, Target)> = Vec::new();
        if let BoardContent::Canvas(c) = &content {
            let mut add = |target: &str, line: usize, card: bool| {
                if links.iter().any(|(k, _)| k == target) {
                    return;
                }
                let to = resolve(cx, path, target, line, card, obsidian_vault, &mut diags);
                links.push((target.to_string(), to));
            };
            for n in &c.nodes {
                match &n.kind {
                    NodeKind::Text(t) => {
                        for l in wikilinks_in(t) {
                            add(&l.target, n.line, false);
                        }
                    }
                    NodeKind::File { file, subpath } => add(
                        &format!("{file}{}", subpath.as_deref().unwrap_or("")),
                        n.line,
                        true,
                    ),
                    NodeKind::Group {
                        background: Some(b),
                        ..
                    } => add(b, n.line, true),
                    _ => {}
                }
            }
        }
        out.push(Board {
            path: path.clone(),
            title: title.to_string(),
            url: String::new(),
            attachment: a,
            content,
            links,
        });
    }
    (out, diags)
}

/// Mark each board's attachment, and the files its cards show as used.
pub(super) fn mark(boards: &[Board], attachments: &mut [Attachment]) {
    for (i, b) in boards.iter().enumerate() {
        attachments[b.attachment].board = Some(i);
        for (_, t) in &b.links {
            if let Target::Attachment(x) = t {
                attachments[*x].used = true;
            }
        }
    }
}

/// A file that cannot be read as a canvas or base: a warning at `(line,
/// col)`, and the file kept to be shown as written.
fn unreadable(
    code: &'static str,
    path: &str,
    (line, col): (usize, usize),
    message: String,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> BoardContent {
    diags.push(
        Diagnostic::warning(
            code,
            path,
            line,
            format!("{message}; it is shown as written"),
        )
        .at_col(col),
    );
    BoardContent::Unreadable {
        message,
        text: text.to_string(),
    }
}

fn read_canvas(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> BoardContent {
    match canvas::parse(text) {
        Ok(c) => {
            diags.extend(
                c.issues.iter().map(|i| {
                    Diagnostic::warning("canvas-invalid", path, i.line, i.message.clone())
                }),
            );
            BoardContent::Canvas(c)
        }
        Err(e) => unreadable(
            "canvas-invalid",
            path,
            (e.line, e.column),
            format!(
                "this canvas is not valid JSON (line {}, column {}: {})",
                e.line, e.column, e.message
            ),
            text,
            diags,
        ),
    }
}

fn read_base(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> BoardContent {
    match bases::parse(text) {
        Ok(b) => {
            diags.extend(b.issues.iter().map(|i| {
                Diagnostic::warning(
                    "base-unsupported",
                    path,
                    i.line,
                    format!("not supported: {}", i.message),
                )
            }));
            BoardContent::Base(b)
        }
        Err(e) => unreadable(
            "base-invalid",
            path,
            (e.line, 0),
            format!("this base cannot be read: {}", e.message),
            text,
            diags,
        ),
    }
}

/// Where a link of board `path` goes; what is wrong with it goes to `diags`.
fn resolve(
    cx: &Lookup,
    path: &str,
    target: &str,
    line: usize,
    card: bool,
    obsidian_vault: bool,
    diags: &mut Vec<Diagnostic>,
) -> Target {
    let t = LinkTarget::parse(target);
    let mut warn = |code: &'static str, m: String| {
        diags.push(Diagnostic::warning(code, path, line, m));
    };
    let what = if card {
        format!("the file card {target:?}")
    } else {
        format!("[[{target}]]")
    };
    // a file card names a vault path; a link, a name seen from the canvas's folder
    let exact = card
        .then(|| {
            cx.ix
                .note_at(&t.path)
                .filter(|&j| cx.src[j].path.eq_ignore_ascii_case(&t.path))
                .map(Found::Note)
                .or_else(|| {
                    cx.ix
                        .attachment_at(cx.atts, &t.path)
                        .map(|(a, _)| Found::Attachment(a))
                })
        })
        .flatten();
    let (found, amb) = match exact {
        Some(f) => (f, Ambiguity::default()),
        None if t.path.is_empty() => (Found::Missing, Ambiguity::default()),
        None => find_from(cx.ix, cx.src, cx.atts, dir_of(path), &t.path),
    };
    if let Some(m) = amb.message(&what, &found, cx.src, cx.atts) {
        warn("ambiguous-link", m);
    }
    match found {
        Found::Note(j) => Target::Note {
            note: j,
            anchor: anchor(cx, j, &t, |m| warn("broken-anchor", format!("{what}: {m}"))),
        },
        Found::Attachment(a) => Target::Attachment(a),
        Found::Outside => {
            warn(
                "outside-vault",
                format!("{what} points outside the vault; it is not followed"),
            );
            Target::Outside
        }
        Found::Missing if cx.removed.contains(&t.path) => Target::Removed,
        Found::Missing => {
            if card || obsidian_vault {
                diags.push(Diagnostic::error(
                    "broken-link",
                    path,
                    line,
                    format!("{what} names a note or file that does not exist in the vault"),
                ));
            }
            Target::Missing
        }
    }
}
