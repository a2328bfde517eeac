//! Load: the vault on disk to plain [`SourceNote`]s.
//!
//! Takes the config; gives a [`Vault`]: every Markdown note (decoded, comments
//! stripped, frontmatter split and parsed into JSON values, unknown keys kept),
//! the list of attachment files, and diagnostics. Walks with walkdir,
//! following a symbolic link only when its target is inside the vault
//! (nothing outside is ever read); reads and decodes in parallel with rayon.
//! One bad note never stops the load: it yields a diagnostic and, where there
//! is anything to show, a note.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::parse::decode;
use crate::parse::obsidian;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// A note as read from disk.
#[derive(Debug, Clone, Default)]
pub struct SourceNote {
    /// Vault-relative path with `/` separators, e.g. `Meetings/2025-09-16 Dana.md`.
    pub path: String,
    /// The file name without `.md`.
    pub stem: String,
    /// Frontmatter as JSON values (empty when absent or invalid), in file order.
    pub frontmatter: Map<String, Value>,
    /// Whether the file had a frontmatter block at all.
    pub has_frontmatter: bool,
    /// Whether that block could not be read (invalid YAML).
    pub frontmatter_error: bool,
    /// The Markdown body after the frontmatter, comments removed.
    pub body: String,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// 1-based line of each frontmatter key (for diagnostics).
    pub key_lines: Vec<(String, usize)>,
    /// Size of the file in bytes.
    pub bytes: usize,
    /// Captions beside the note (`2024-05-08.vtt` or `.srt` next to
    /// `2024-05-08.md`): their vault path and text.
    pub captions: Option<(String, String)>,
    /// Where [`SourceNote::body`] went when it was put in a
    /// [`Store`](crate::store::Store) ([`SourceNote::spill`]): the body is
    /// empty then, and [`SourceNote::text`] reads it back.
    pub stored: Option<crate::store::Span>,
}

impl SourceNote {
    /// Move the body into `store` (it stays when the store cannot take it).
    pub fn spill(&mut self, store: &crate::store::Store) {
        if self.stored.is_some() {
            return;
        }
        if let Some(span) = store.put(self.body.as_bytes()) {
            self.stored = Some(span);
            self.body = String::new();
        }
    }

    /// The body: itself when the note holds it, else read back from `store`
    /// (empty when that read fails: the store remembers the error).
    pub fn text<'a>(&'a self, store: &crate::store::Store) -> std::borrow::Cow<'a, str> {
        store.text_or(self.stored, &self.body)
    }

    /// The note with its body in memory.
    pub fn unspilled(&self, store: &crate::store::Store) -> SourceNote {
        let mut n = SourceNote {
            body: String::new(),
            ..self.clone()
        };
        n.body = self.text(store).into_owned();
        n.stored = None;
        n
    }
}

/// Everything the load stage gives.
#[derive(Debug, Default)]
pub struct Vault {
    /// The vault folder (absolute).
    pub root: PathBuf,
    /// Notes, sorted by path.
    pub notes: Vec<SourceNote>,
    /// Vault-relative paths of all non-note files that are not ignored, sorted.
    pub attachments: Vec<String>,
    /// The canvases and bases among them ([`is_board`]): vault path and
    /// decoded text, sorted by path.
    pub boards: Vec<(String, String)>,
    /// What loading found.
    pub diagnostics: Vec<Diagnostic>,
    /// Where resolve puts transcripts' text (memory unless the build gives
    /// a folder; see [`crate::store`]).
    pub store: std::sync::Arc<crate::store::Store>,
    /// Where the notes' own text waits ([`SourceNote::spill`]): `store`,
    /// except when `serve` resolves notes it loaded for an earlier build
    /// again, into a store of its own.
    pub text: std::sync::Arc<crate::store::Store>,
}

/// Build the ignore matcher from config globs.
pub fn ignore_set(globs: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        if let Ok(g) = Glob::new(g) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Load the vault named by the config.
pub fn load(cfg: &Config) -> anyhow::Result<Vault> {
    load_into(cfg, std::sync::Arc::new(crate::store::Store::memory()))
}

/// [`load`], each note's body put in `store` as soon as it is read (see
/// [`SourceNote::spill`]): the vault's text is not held in memory.
pub fn load_into(
    cfg: &Config,
    store: std::sync::Arc<crate::store::Store>,
) -> anyhow::Result<Vault> {
    let root = &cfg.vault;
    if !root.is_dir() {
        anyhow::bail!("vault folder {} does not exist", root.display());
    }
    let (note_paths, mut attachments, mut diagnostics) = walk(root, &ignore_set(&cfg.ignore))?;
    let caption_files: std::collections::HashSet<&str> = attachments
        .iter()
        .map(String::as_str)
        .filter(|a| {
            let l = a.to_ascii_lowercase();
            l.ends_with(".vtt") || l.ends_with(".srt")
        })
        .collect();
    let results: Vec<(Option<SourceNote>, Vec<Diagnostic>)> = note_paths
        .par_iter()
        .map(|(rel, full)| read_note(rel, full, &caption_files, cfg, &store))
        .collect();
    let mut notes = Vec::with_capacity(results.len());
    for (n, d) in results {
        notes.extend(n);
        diagnostics.extend(d);
    }
    notes.sort_by(|a, b| a.path.cmp(&b.path));
    attachments.sort();
    let mut boards = Vec::new();
    for rel in attachments.iter().filter(|a| is_board(a)) {
        match std::fs::read(root.join(rel)) {
            Ok(b) => {
                let dec = decode::decode(&b, rel);
                diagnostics.extend(dec.diagnostics);
                boards.push((rel.clone(), dec.text));
            }
            Err(e) => diagnostics.push(unreadable(rel, &e)),
        }
    }
    Ok(Vault {
        root: root.clone(),
        notes,
        attachments,
        boards,
        diagnostics,
        text: store.clone(),
        store,
    })
}

/// A vault path and the file it names on disk.
type NotePath = (String, PathBuf);

/// The vault's files, in name order: its notes (`.md`), its other files
/// (vault paths), and what could not be walked. Hidden folders and files
/// and what `ignore` matches are left out; a symbolic link is followed
/// only to what is inside the vault.
fn walk(
    root: &Path,
    ignore: &GlobSet,
) -> anyhow::Result<(Vec<NotePath>, Vec<String>, Vec<Diagnostic>)> {
    let canon_root = std::fs::canonicalize(root)?;
    let mut diagnostics = Vec::new();
    let mut note_paths = Vec::new();
    let mut attachments = Vec::new();
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e.path().map(|p| rel_path(root, p)).unwrap_or_default();
                let (code, msg) = if e.loop_ancestor().is_some() {
                    (
                        "symlink-loop",
                        "a symbolic link loops back to a folder above it; it was not followed"
                            .to_string(),
                    )
                } else {
                    ("unreadable-file", format!("cannot be read: {e}"))
                };
                diagnostics.push(Diagnostic::warning(code, file, 0, msg));
                continue;
            }
        };
        // a symbolic link, to a file or a folder, is followed only when what
        // it names is inside the vault: nothing outside is ever read
        if entry.depth() > 0 && entry.path_is_symlink() && !inside(entry.path(), &canon_root) {
            let is_dir = entry.file_type().is_dir();
            if is_dir {
                walker.skip_current_dir();
            }
            let rel = rel_path(root, entry.path());
            if ignore.is_match(&rel) {
                continue;
            }
            diagnostics.push(Diagnostic::warning(
                "outside-vault",
                rel,
                0,
                if is_dir {
                    "a symbolic link to a folder outside the vault; nothing in it was read"
                } else {
                    "a symbolic link points outside the vault; it was not read"
                },
            ));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = rel_path(root, entry.path());
        if rel.is_empty() || ignore.is_match(&rel) {
            continue;
        }
        if rel.to_ascii_lowercase().ends_with(".md") {
            note_paths.push((rel, entry.path().to_path_buf()));
        } else {
            attachments.push(rel);
        }
    }
    Ok((note_paths, attachments, diagnostics))
}

/// One note read and split ([`parse_note`]), its text spilled to `store`,
/// with the captions file beside it (`A.vtt` or `A.srt` for `A.md`) when
/// `caption_files` holds one; `None` when it cannot be read.
fn read_note(
    rel: &str,
    full: &Path,
    caption_files: &std::collections::HashSet<&str>,
    cfg: &Config,
    store: &crate::store::Store,
) -> (Option<SourceNote>, Vec<Diagnostic>) {
    let bytes = match std::fs::read(full) {
        Ok(b) => b,
        Err(e) => return (None, vec![unreadable(rel, &e)]),
    };
    let (mut n, mut d) = parse_note(rel, &bytes, cfg);
    drop(bytes);
    n.spill(store);
    let base = &rel[..rel.len() - 3];
    for ext in ["vtt", "srt"] {
        let cap = format!("{base}.{ext}");
        if !caption_files.contains(cap.as_str()) {
            continue;
        }
        match std::fs::read(cfg.vault.join(&cap)) {
            Ok(b) => {
                let dec = crate::parse::decode::decode(&b, &cap);
                d.extend(dec.diagnostics);
                n.captions = Some((cap, dec.text));
            }
            Err(e) => d.push(unreadable(&cap, &e)),
        }
        break;
    }
    (Some(n), d)
}

/// The warning for a vault file that cannot be read.
fn unreadable(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::warning(
        "unreadable-file",
        rel.to_string(),
        0,
        format!("cannot be read: {e}"),
    )
}

/// Whether a vault file is an Obsidian canvas or base (read by the load
/// stage and drawn by minutebook, not copied).
pub fn is_board(path: &str) -> bool {
    let l = path.to_ascii_lowercase();
    let name = l.rsplit('/').next().unwrap_or(&l);
    (name.ends_with(".canvas") && name.len() > 7) || (name.ends_with(".base") && name.len() > 5)
}

/// A vault held in memory: notes as (vault path, bytes), attachment paths.
/// Used by the fuzz targets and tests; the pipeline after it is the same.
/// A "note" whose path is a canvas or base ([`is_board`]) is one.
pub fn from_memory(cfg: &Config, notes: &[(String, Vec<u8>)], attachments: &[String]) -> Vault {
    let mut diagnostics = Vec::new();
    let mut out = Vec::new();
    let mut boards = Vec::new();
    let mut attachments = attachments.to_vec();
    for (rel, bytes) in notes {
        if is_board(rel) {
            let dec = decode::decode(bytes, rel);
            diagnostics.extend(dec.diagnostics);
            boards.push((rel.clone(), dec.text));
            attachments.push(rel.clone());
            continue;
        }
        let (n, d) = parse_note(rel, bytes, cfg);
        out.push(n);
        diagnostics.extend(d);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    attachments.sort();
    attachments.dedup();
    boards.sort();
    boards.dedup_by(|a, b| a.0 == b.0);
    let store = std::sync::Arc::<crate::store::Store>::default();
    Vault {
        root: cfg.vault.clone(),
        notes: out,
        attachments,
        boards,
        diagnostics,
        text: store.clone(),
        store,
    }
}

/// Whether `p`, all symbolic links followed, lies inside the folder `canon_root`
/// (itself canonical).
fn inside(p: &Path, canon_root: &Path) -> bool {
    std::fs::canonicalize(p).is_ok_and(|real| real.starts_with(canon_root))
}

/// Vault-relative `/`-separated path.
fn rel_path(root: &Path, p: &Path) -> String {
    let r = p.strip_prefix(root).unwrap_or(p);
    r.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Decode and split one note. Never fails: problems become diagnostics.
pub fn parse_note(rel: &str, bytes: &[u8], cfg: &Config) -> (SourceNote, Vec<Diagnostic>) {
    let decoded = decode::decode(bytes, rel);
    let mut diags = decoded.diagnostics;
    let mut text = decoded.text;
    if cfg.repair_mojibake {
        if let Some(r) = crate::parse::mojibake::repair_note(&text) {
            diags.push(Diagnostic::warning(
                "mojibake-repaired",
                rel,
                0,
                format!(
                    "the text had been saved through a Windows-1252 misreading of UTF-8 (\"â€”\" for \"—\"); {} sequence(s) repaired{}. Re-save the note as UTF-8 to fix the file",
                    r.repaired + r.guessed,
                    if r.guessed > 0 { format!(", {} by a unique guess", r.guessed) } else { String::new() }
                ),
            ));
            text = r.text.trim_start_matches('\u{feff}').to_string();
        }
    }
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
        .trim_end_matches(".MD")
        .to_string();
    let mut note = SourceNote {
        path: rel.to_string(),
        stem,
        bytes: bytes.len(),
        body_line: 1,
        ..Default::default()
    };
    let (fm, body, body_line) = split_frontmatter(&text);
    if let Some(fm) = fm {
        note.has_frontmatter = true;
        note.key_lines = key_lines(fm);
        match parse_yaml(fm) {
            Ok(map) => note.frontmatter = map,
            Err((msg, line)) => {
                note.frontmatter_error = true;
                diags.push(Diagnostic::warning(
                "invalid-frontmatter",
                rel,
                line.map(|l| l + 1).unwrap_or(1),
                    format!("the frontmatter is not valid YAML ({msg}); the note is built from its body alone"),
                ));
            }
        }
    }
    // `%%` is an Obsidian comment; elsewhere it is prose (`%%Intrinsic%%`),
    // except under a publish profile, which fails closed
    note.body = if cfg.obsidian_vault || cfg.profile.is_some() {
        obsidian::strip_comments(body)
    } else {
        body.to_string()
    };
    note.body_line = body_line;
    if text.trim().is_empty() {
        diags.push(Diagnostic::warning(
            "empty-note",
            rel,
            0,
            "the note is empty; it gets a page with its file name as title",
        ));
    }
    (note, diags)
}

/// Split `---` frontmatter from the body. Gives (yaml, body, body's first line).
pub fn split_frontmatter(text: &str) -> (Option<&str>, &str, usize) {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return (None, text, 1);
    }
    let mut pos = first_end + 1;
    let mut line = 2;
    while pos <= text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            let yaml = &text[first_end + 1..pos];
            let body_start = (end + 1).min(text.len());
            return (Some(yaml), &text[body_start..], line + 1);
        }
        if end >= text.len() {
            break;
        }
        pos = end + 1;
        line += 1;
    }
    (None, text, 1)
}

/// Top-level keys of a YAML block and their 1-based file lines (block starts at line 2).
fn key_lines(yaml: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, l) in yaml.lines().enumerate() {
        if l.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        if let Some(p) = l.find(':') {
            let k = l[..p].trim().trim_matches(['"', '\'']);
            if !k.is_empty() {
                out.push((k.to_string(), i + 2));
            }
        }
    }
    out
}

/// Parse frontmatter YAML into a JSON map. On error gives the message and the
/// 1-based line inside the block, if known.
pub fn parse_yaml(yaml: &str) -> Result<Map<String, Value>, (String, Option<usize>)> {
    if yaml.trim().is_empty() {
        return Ok(Map::new());
    }
    let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).map_err(|e| {
        let full = e.to_string();
        // "found unexpected end of stream at line 6 column 1, while scanning a
        // quoted scalar at line 3 column 9": the construct that was left open
        // is where the author has to look.
        let (problem, context) = match full.split_once(", while ") {
            Some((p, c)) => (p, Some(c)),
            None => (full.as_str(), None),
        };
        let at_line = |s: &str| -> Option<usize> {
            let rest = s.rsplit_once(" at line ")?.1;
            rest.split_whitespace().next()?.parse().ok()
        };
        let line = context
            .and_then(at_line)
            .or_else(|| e.location().map(|l| l.line()));
        let strip = |s: &str| {
            s.rsplit_once(" at line ")
                .map(|(a, _)| a.to_string())
                .unwrap_or_else(|| s.to_string())
        };
        let msg = match context {
            Some(c) => format!("{}, while {}", strip(problem), strip(c)),
            None => strip(problem),
        };
        (msg, line)
    })?;
    match yaml_to_json(v) {
        Value::Object(m) => Ok(m),
        Value::Null => Ok(Map::new()),
        _ => Err((
            "the frontmatter is not a mapping of keys to values".into(),
            Some(1),
        )),
    }
}

/// YAML value to JSON value. Non-string keys become their YAML text; a mapping
/// used as a key (as in the unfilled placeholder `{ { DATE } }`) becomes the
/// string `{{DATE}}` so that placeholder detection sees it.
pub fn yaml_to_json(v: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => {
            // `{ { DATE } }`: a mapping whose only key is itself a mapping
            if m.len() == 1 {
                if let Some((k, Y::Null)) = m.iter().next() {
                    if let Some(s) = placeholder_text(k) {
                        return Value::String(s);
                    }
                }
            }
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    other => placeholder_text(&other).unwrap_or_else(|| {
                        serde_yaml_ng::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_string()
                    }),
                };
                out.insert(key, yaml_to_json(v));
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// `{ DATE: null }` (from `{ { DATE } }`) as `{{DATE}}`.
fn placeholder_text(k: &serde_yaml_ng::Value) -> Option<String> {
    use serde_yaml_ng::Value as Y;
    if let Y::Mapping(inner) = k {
        if inner.len() == 1 {
            if let Some((Y::String(s), Y::Null)) = inner.iter().next() {
                return Some(format!("{{{{{}}}}}", s.trim()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_frontmatter_and_counts_lines() {
        let (fm, body, line) = split_frontmatter("---\na: 1\nb: 2\n---\n# T\n");
        assert_eq!(fm, Some("a: 1\nb: 2\n"));
        assert_eq!(body, "# T\n");
        assert_eq!(line, 5);
    }

    #[test]
    fn unclosed_frontmatter_is_body() {
        let (fm, body, _) = split_frontmatter("---\na: 1\n");
        assert!(fm.is_none());
        assert_eq!(body, "---\na: 1\n");
    }

    #[test]
    fn placeholder_mapping_becomes_text() {
        let m = parse_yaml("created: { { DATE } }\ntitle: x\n").unwrap();
        assert_eq!(m["created"], Value::String("{{DATE}}".into()));
    }

    #[test]
    fn bad_yaml_reports_a_line() {
        let e = parse_yaml("a: 1\nstatus: \"unclosed\n\tbad: [\n").unwrap_err();
        assert!(e.1.is_some());
    }

    #[test]
    fn keeps_unknown_keys_in_order() {
        let m = parse_yaml("zeta: 1\nalpha: [a, b]\n").unwrap();
        let keys: Vec<_> = m.keys().cloned().collect();
        assert_eq!(keys, vec!["zeta", "alpha"]);
    }
}
