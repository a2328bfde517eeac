//! The name and path index that wikilinks and Markdown links are looked up in.
//!
//! Takes the notes, their aliases and the attachment paths; gives an
//! [`Index`] and [`find`], which answers "what does this link path name,
//! seen from that note" the way Obsidian does (file name anywhere,
//! case-insensitive, same folder first, then shortest path; path-qualified
//! names; aliases), with the other candidates when the name is ambiguous.
//! [`RemovedNames`] holds the names of notes a publish profile removed.

use super::common::{dir_of, lower, strip_md};
use crate::load::SourceNote;
use std::collections::{HashMap, HashSet};

/// Lookup tables for link resolution.
pub(super) struct Index {
    by_stem: HashMap<String, Vec<usize>>,
    by_path: HashMap<String, usize>,
    by_alias: HashMap<String, Vec<usize>>,
    att_by_name: HashMap<String, Vec<usize>>,
    /// Attachments by lower-case path: several when paths differ only in case.
    att_by_path: HashMap<String, Vec<usize>>,
}

/// What a link path names.
pub(super) enum Found {
    Note(usize),
    Attachment(usize),
    Missing,
    Outside,
}

impl Index {
    pub(super) fn new(
        notes: &[SourceNote],
        aliases: &[Vec<String>],
        attachments: &[String],
    ) -> Index {
        let mut ix = Index {
            by_stem: HashMap::new(),
            by_path: HashMap::new(),
            by_alias: HashMap::new(),
            att_by_name: HashMap::new(),
            att_by_path: HashMap::new(),
        };
        for (i, n) in notes.iter().enumerate() {
            ix.by_stem.entry(lower(&n.stem)).or_default().push(i);
            ix.by_path.insert(lower(strip_md(&n.path)), i);
            for a in &aliases[i] {
                ix.by_alias.entry(lower(a)).or_default().push(i);
            }
        }
        for (i, a) in attachments.iter().enumerate() {
            let name = a.rsplit('/').next().unwrap_or(a);
            ix.att_by_name.entry(lower(name)).or_default().push(i);
            ix.att_by_path.entry(lower(a)).or_default().push(i);
        }
        ix
    }

    /// The attachment at vault path `path`: the one spelled exactly so, else
    /// the first (in path order) of those that differ from it only in case,
    /// with the others when there are several.
    pub(super) fn attachment_at(
        &self,
        atts: &[String],
        path: &str,
    ) -> Option<(usize, Vec<String>)> {
        let c = self.att_by_path.get(&lower(path))?;
        if let Some(&i) = c.iter().find(|&&i| atts[i] == path) {
            return Some((i, Vec::new()));
        }
        let amb = if c.len() > 1 {
            c.iter().map(|&i| atts[i].clone()).collect()
        } else {
            Vec::new()
        };
        Some((c[0], amb))
    }

    /// The note at vault path `path` (with or without `.md`, any case).
    pub(super) fn note_at(&self, path: &str) -> Option<usize> {
        self.by_path.get(&lower(strip_md(path))).copied()
    }
}

/// Obsidian's choice among notes sharing a name: same folder as the linking
/// note first, then fewest folders, then shortest path, then alphabetical.
fn pick(cands: &[usize], paths: &dyn Fn(usize) -> String, from_dir: &str) -> usize {
    pick_why(cands, paths, from_dir).0
}

/// [`pick`], with the rule that decided between the chosen path and the
/// runner-up, in words for a diagnostic.
fn pick_why(
    cands: &[usize],
    paths: &dyn Fn(usize) -> String,
    from_dir: &str,
) -> (usize, &'static str) {
    let key = |i: usize| {
        let p = paths(i);
        let dir = p
            .rsplit_once('/')
            .map(|(d, _)| d.to_string())
            .unwrap_or_default();
        (dir != from_dir, p.matches('/').count(), p.len(), p)
    };
    let mut v: Vec<_> = cands.iter().map(|&i| (key(i), i)).collect();
    v.sort();
    let why = match v.get(1) {
        Some((b, _)) => {
            let a = &v[0].0;
            if a.0 != b.0 {
                "it is in this note's folder"
            } else if a.1 != b.1 {
                "it is in the fewest folders"
            } else if a.2 != b.2 {
                "its path is the shortest"
            } else {
                "its path comes first alphabetically"
            }
        }
        None => "it is the only one",
    };
    (v[0].1, why)
}

/// When a link path names several files: all their paths, and why the
/// chosen one was chosen.
#[derive(Debug, Default)]
pub(super) struct Ambiguity {
    pub paths: Vec<String>,
    pub why: &'static str,
}

impl Ambiguity {
    /// The `ambiguous-link` message for link `what` that went to `found`,
    /// when it could mean several files.
    pub(super) fn message(
        &self,
        what: &str,
        found: &Found,
        notes: &[SourceNote],
        atts: &[String],
    ) -> Option<String> {
        if self.paths.len() < 2 {
            return None;
        }
        let chosen = match found {
            Found::Note(j) => notes[*j].path.as_str(),
            Found::Attachment(a) => atts[*a].as_str(),
            _ => "",
        };
        Some(format!(
            "{what} matches {} files ({}); it goes to {chosen}, as Obsidian would: {}. Qualify it with a folder to choose",
            self.paths.len(),
            self.paths.join(", "),
            self.why
        ))
    }
}

/// The choice among `cands`, with an [`Ambiguity`] when there are several.
fn choose(cands: &[usize], path: &dyn Fn(usize) -> String, from_dir: &str) -> (usize, Ambiguity) {
    let (i, why) = pick_why(cands, path, from_dir);
    if cands.len() > 1 {
        let paths = cands.iter().map(|&i| path(i)).collect();
        (i, Ambiguity { paths, why })
    } else {
        (i, Ambiguity::default())
    }
}

/// What the link path `path`, written in note `from`, names; with the
/// candidates when it is ambiguous.
pub(super) fn find(
    ix: &Index,
    notes: &[SourceNote],
    atts: &[String],
    from: usize,
    path: &str,
) -> (Found, Ambiguity) {
    find_from(ix, notes, atts, dir_of(&notes[from].path), path)
}

/// [`find`], for a link written in a file of the folder `from_dir` (a
/// canvas, say).
pub(super) fn find_from(
    ix: &Index,
    notes: &[SourceNote],
    atts: &[String],
    from_dir: &str,
    path: &str,
) -> (Found, Ambiguity) {
    let path = path.trim().trim_start_matches("./").trim_start_matches('/');
    if path.split('/').any(|s| s == "..") {
        return (Found::Outside, Ambiguity::default());
    }
    let l = lower(path);
    // attachments: a name with an extension other than .md
    let name = l.rsplit('/').next().unwrap_or(&l);
    if name.contains('.') && !name.ends_with(".md") {
        if let Some(found) = find_attachment(ix, atts, path, from_dir) {
            return found;
        }
    }
    let l = lower(strip_md(path));
    if l.contains('/') {
        return (
            find_qualified(ix, notes, &l, from_dir),
            Ambiguity::default(),
        );
    }
    let note_path = |i: usize| notes[i].path.clone();
    for table in [&ix.by_stem, &ix.by_alias] {
        if let Some(c) = table.get(&l) {
            let mut c = c.clone();
            c.dedup();
            let (i, amb) = choose(&c, &note_path, from_dir);
            return (Found::Note(i), amb);
        }
    }
    (Found::Missing, Ambiguity::default())
}

/// The attachment a link path with a file extension names: at that path,
/// else by file name (whole folders of the link matching), a name spelled
/// exactly as the link spells it winning over one that differs in case.
fn find_attachment(
    ix: &Index,
    atts: &[String],
    path: &str,
    from_dir: &str,
) -> Option<(Found, Ambiguity)> {
    if let Some((i, paths)) = ix.attachment_at(atts, path) {
        let why = "none is spelled exactly as the link and it comes first of those that differ only in case";
        return Some((Found::Attachment(i), Ambiguity { paths, why }));
    }
    let l = lower(path);
    let name = l.rsplit('/').next().unwrap_or(&l);
    let c = ix.att_by_name.get(name)?;
    let suffix = format!("/{l}");
    let matching: Vec<usize> = if l.contains('/') {
        // whole folders only: `img/x.png` is not `myimg/x.png`
        c.iter()
            .copied()
            .filter(|&i| lower(&atts[i]).ends_with(&suffix))
            .collect()
    } else {
        c.clone()
    };
    // a name spelled exactly as the link spells it wins over one
    // that differs only in case
    let spelled = |i: &usize| {
        let a = &atts[*i];
        if path.contains('/') {
            a.ends_with(&format!("/{path}"))
        } else {
            a.rsplit('/').next() == Some(path)
        }
    };
    let exact: Vec<usize> = matching.iter().copied().filter(spelled).collect();
    let matching = if exact.is_empty() { matching } else { exact };
    if matching.is_empty() {
        return None;
    }
    let att_path = |i: usize| atts[i].clone();
    let (i, amb) = choose(&matching, &att_path, from_dir);
    Some((Found::Attachment(i), amb))
}

/// The note a path-qualified link (`folder/Name`, lower case, no `.md`)
/// names: at that path, else the notes of that name under such folders.
fn find_qualified(ix: &Index, notes: &[SourceNote], l: &str, from_dir: &str) -> Found {
    if let Some(&i) = ix.by_path.get(l) {
        return Found::Note(i);
    }
    let stem = l.rsplit('/').next().unwrap_or(l);
    let suffix = format!("/{l}");
    if let Some(c) = ix.by_stem.get(stem) {
        let m: Vec<usize> = c
            .iter()
            .copied()
            .filter(|&i| lower(strip_md(&notes[i].path)).ends_with(&suffix))
            .collect();
        if !m.is_empty() {
            let note_path = |i: usize| notes[i].path.clone();
            return Found::Note(pick(&m, &note_path, from_dir));
        }
    }
    Found::Missing
}

/// Names (file names, vault paths, aliases) of notes a publish profile removed,
/// so that links to them resolve to [`Target::Removed`](crate::model::Target::Removed)
/// instead of being broken.
#[derive(Debug, Default, Clone)]
pub struct RemovedNames {
    names: HashSet<String>,
}

impl RemovedNames {
    /// Remember a removed note's path and aliases.
    pub fn add(&mut self, path: &str, aliases: &[String]) {
        let no_ext = strip_md(path);
        self.names.insert(lower(no_ext));
        let stem = no_ext.rsplit('/').next().unwrap_or(no_ext);
        self.names.insert(lower(stem));
        for a in aliases {
            self.names.insert(lower(a.trim()));
        }
    }

    /// Whether a link path names a removed note.
    pub fn contains(&self, link_path: &str) -> bool {
        let p = lower(strip_md(
            link_path
                .trim()
                .trim_start_matches("./")
                .trim_start_matches('/'),
        ));
        self.names.contains(&p)
    }

    /// Nothing was removed.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
