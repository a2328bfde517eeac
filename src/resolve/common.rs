//! Shared helpers of the resolve phases: frontmatter reading, name keys,
//! chronological order, and what `serve`'s cache keeps between resolves.
//!
//! Takes plain values (a frontmatter map, a path, a note); gives strings,
//! keys and orderings. It uses no other resolve module, so every phase may
//! use it.

use crate::diagnostics::Diagnostic;
use crate::load::SourceNote;
use crate::model::Note;
use crate::parse::transcript;
use crate::store::Span;
use serde_json::{Map, Value};

/// A name or path as it is looked up: lower case.
pub(super) fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// `s` without a trailing `.md` (any case), unless that is all of it.
pub(super) fn strip_md(s: &str) -> &str {
    match s
        .len()
        .checked_sub(3)
        .and_then(|k| s.get(k..).map(|ext| (k, ext)))
    {
        Some((k, ext)) if k > 0 && ext.eq_ignore_ascii_case(".md") => &s[..k],
        _ => s,
    }
}

/// Whether a value is an unfilled template placeholder (`{{date}}`).
pub(super) fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    (t.contains("{{") && t.contains("}}")) || (t.starts_with("{ {") && t.ends_with("} }"))
}

/// A frontmatter value read as one string: trimmed, not empty.
pub(super) fn fm_str(fm: &Map<String, Value>, key: &str) -> Option<String> {
    match fm.get(key)? {
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Strings of a frontmatter value: a string, or a list of strings.
pub fn fm_strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().flat_map(fm_strings).collect(),
        Value::Number(n) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// The line of the file a frontmatter key is written on (1 when unknown).
pub(super) fn key_line(n: &SourceNote, key: &str) -> usize {
    n.key_lines
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, l)| *l)
        .unwrap_or(1)
}

/// The aliases a note's frontmatter gives it.
pub fn note_aliases(fm: &Map<String, Value>) -> Vec<String> {
    fm.get("aliases")
        .or_else(|| fm.get("alias"))
        .map(fm_strings)
        .unwrap_or_default()
        .into_iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

/// Order for "newest first" lists: dated notes newest first, then undated ones by path.
pub fn newest_first(a: &Note, b: &Note) -> std::cmp::Ordering {
    match (a.date, b.date) {
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        _ => chrono_key(b).cmp(&chrono_key(a)).then(a.path.cmp(&b.path)),
    }
}

/// Sort key of a meeting in time: date, time, path (undated last).
pub fn chrono_key(n: &Note) -> (bool, Option<chrono::NaiveDate>, Option<(u32, u32)>, &str) {
    (n.date.is_none(), n.date, n.time, &n.path)
}

/// The folder of a vault path (`a/b/c.md` → `a/b`; `c.md` → ``).
pub(super) fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Values kept by note path, each under a key (where the note's text was,
/// and what else the value was made from): given back only under the same
/// key.
pub(super) struct KeptBy<K, V>(std::sync::Mutex<std::collections::HashMap<String, (K, V)>>);

impl<K, V> Default for KeptBy<K, V> {
    fn default() -> Self {
        KeptBy(Default::default())
    }
}

impl<K: PartialEq, V: Clone> KeptBy<K, V> {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, (K, V)>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The value kept for `path` under `key`.
    pub(super) fn get(&self, path: &str, key: &K) -> Option<V> {
        self.lock()
            .get(path)
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// Keep `value` for `path` under `key` (replacing what was kept).
    pub(super) fn put(&self, path: &str, key: K, value: V) {
        self.lock().insert(path.to_string(), (key, value));
    }

    /// Forget the paths `keep` says no to.
    pub(super) fn retain(&self, keep: impl Fn(&String) -> bool) {
        self.lock().retain(|path, _| keep(path));
    }
}

/// Parsed transcripts kept from one resolve to the next (what `serve`'s
/// [`Cache`](super::Cache) holds): by note path, each under the place of
/// the note's text and a hash of the names its speakers were read with;
/// their turns wait in the store the notes' text is in.
pub(super) type KeptTranscripts = KeptBy<(Span, u64), (transcript::Transcript, Option<Diagnostic>)>;
