//! The leak guard: before a site goes out, every output byte and path is
//! searched for what the profile promised to remove.
//!
//! The publish stage lists its promises ([`Promise`]): the real names of
//! people it pseudonymised (every spelling it saw), what `redact` patterns
//! matched, the names and titles of the notes it removed, and the text of the
//! fields, sections and transcripts it dropped. The guard folds them and every
//! output file ([`super::fold`], [`Mode::OUTPUT`]: case, whitespace and line
//! breaks, markup, entities, `%XX` and JSON escapes) and looks for them as
//! whole words: a word filter ([`super::words`]) reads every file once, and
//! only a file it flags is searched exactly, with one Aho-Corasick automaton.
//! A hit fails the build before the new site is swapped in.
//!
//! It cannot see what nobody listed (a nickname that is neither a name nor an
//! alias), text the site shows in another form than it was written (a date
//! reformatted), or words the theme itself writes (a person called `Search`):
//! promises the theme's own text holds are set aside when the guard is built.

use super::fold::{self, Mode};
use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Something the profile promised the output does not hold.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Promise {
    /// The text, as written.
    pub text: String,
    /// What it is: "a pseudonymised person's name", "a redact match", …
    pub what: &'static str,
}

/// A promise found in an output file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Leak {
    /// Output-relative path (what leaked in it masked with `…`).
    pub file: String,
    /// Byte offset in the file; `None` when the path itself holds it.
    pub offset: Option<usize>,
    /// What kind of promise.
    pub what: &'static str,
    /// The promise, masked (first letter of each word and its length), so a
    /// build log does not repeat the secret.
    pub hint: String,
}

impl std::fmt::Display for Leak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.offset {
            Some(o) => write!(f, "{} (byte {o}): {} ({})", self.file, self.what, self.hint),
            None => write!(f, "{} (its path): {} ({})", self.file, self.what, self.hint),
        }
    }
}

/// `sam okoro` → `s… o… (9 letters)`.
pub fn mask(folded: &str) -> String {
    let words: Vec<String> = folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| format!("{}…", w.chars().next().unwrap_or('?')))
        .collect();
    let n = folded.chars().filter(|c| c.is_alphanumeric()).count();
    format!("{} — {n} letters", words.join(" "))
}

/// The guard for one build.
pub struct Guard {
    keys: Vec<String>,
    what: Vec<&'static str>,
    matcher: Option<AhoCorasick>,
    filter: super::words::Words,
    /// Promises set aside because the theme itself writes them.
    pub set_aside: usize,
    /// Files the theme writes as they are, by output path.
    own: BTreeMap<String, Vec<u8>>,
}

/// Whole-word occurrences of `keys` in `text` (folded): pattern index and
/// the byte range in `text`.
pub fn occurrences(ac: &AhoCorasick, text: &str) -> Vec<(usize, (usize, usize))> {
    let f = fold::fold(text, Mode::OUTPUT);
    ac.find_overlapping_iter(&f.text)
        .filter(|m| fold::whole_words(&f, text, m.start(), m.end()))
        .map(|m| (m.pattern().as_usize(), f.original(m.start(), m.end())))
        .collect()
}

/// An automaton over folded keys.
pub fn automaton(keys: &[String]) -> Option<AhoCorasick> {
    if keys.is_empty() {
        return None;
    }
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(keys)
        .ok()
}

impl Guard {
    /// A guard for `promises`, minus what `theme_text` (the theme's own
    /// templates and assets) holds.
    pub fn new(promises: &[Promise], theme_text: &str) -> Guard {
        let mut pairs: Vec<(String, &'static str)> = promises
            .iter()
            .map(|p| (fold::key(&p.text, Mode::OUTPUT), p.what))
            .filter(|(k, _)| k.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
            .collect();
        pairs.sort();
        pairs.dedup_by(|a, b| a.0 == b.0);
        let keys: Vec<String> = pairs.iter().map(|p| p.0.clone()).collect();
        let mut in_theme = vec![false; keys.len()];
        if let Some(ac) = automaton(&keys) {
            for (k, _) in occurrences(&ac, theme_text) {
                in_theme[k] = true;
            }
        }
        let set_aside = in_theme.iter().filter(|&&x| x).count();
        let (keys, what): (Vec<String>, Vec<&'static str>) = pairs
            .into_iter()
            .zip(in_theme)
            .filter(|(_, t)| !t)
            .map(|(p, _)| p)
            .unzip();
        Guard {
            matcher: automaton(&keys),
            filter: super::words::Words::new(&keys),
            keys,
            what,
            set_aside,
            own: BTreeMap::new(),
        }
    }

    /// Files the theme writes as they are (output path and bytes; its
    /// scripts, styles, vendored libraries): an output file at such a path
    /// with exactly those bytes holds nothing from the vault and is not
    /// searched. Any other bytes at that path are.
    pub fn own_files(mut self, files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Guard {
        self.own.extend(files);
        self
    }

    /// How many promises it checks.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether it checks nothing.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The promises a file (path and bytes) breaks.
    pub fn scan(&self, path: &str, bytes: &[u8]) -> Vec<Leak> {
        let Some(ac) = &self.matcher else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        // most files hold no promise: the word filter says so in one pass;
        // only a file it flags is read again for where its matches are
        let clean = |s: &str| !self.filter.may_hold(s, Mode::OUTPUT);
        if clean(path) && clean(&text) {
            return out;
        }
        let in_path = occurrences(ac, path);
        // the path as shown: what leaked in it masked
        let mut shown = String::new();
        let mut last = 0;
        let mut ranges: Vec<(usize, usize)> = in_path.iter().map(|x| x.1).collect();
        ranges.sort_unstable();
        for (a, b) in ranges {
            if a >= last {
                shown.push_str(&path[last..a]);
                shown.push('…');
                last = b;
            }
        }
        shown.push_str(&path[last..]);
        let hits = in_path.into_iter().map(|(k, _)| (k, None)).chain(
            occurrences(ac, &text)
                .into_iter()
                .map(|(k, (o, _))| (k, Some(o))),
        );
        for (k, offset) in hits {
            if seen.insert((k, offset.is_none())) {
                out.push(Leak {
                    file: shown.clone(),
                    offset,
                    what: self.what[k],
                    hint: mask(&self.keys[k]),
                });
            }
        }
        out
    }

    /// Scan every file under `root` (what is about to be swapped in).
    pub fn scan_dir(&self, root: &Path) -> Result<Vec<Leak>> {
        if self.is_empty() {
            return Ok(Vec::new());
        }
        if self.matcher.is_none() {
            // fail closed: a guard that cannot search must not pass a site
            anyhow::bail!("leak guard: its matcher could not be built; the site was not written");
        }
        let mut files = Vec::new();
        for e in walkdir::WalkDir::new(root).sort_by_file_name() {
            let e = e?;
            if e.file_type().is_file() {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(e.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((rel, e.path().to_path_buf()));
            }
        }
        let mut leaks: Vec<Leak> = files
            .par_iter()
            .map(|(rel, p)| -> Result<Vec<Leak>> {
                let bytes = std::fs::read(p)?;
                if self.own.get(rel) == Some(&bytes) {
                    return Ok(Vec::new());
                }
                Ok(self.scan(rel, &bytes))
            })
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect();
        leaks.sort();
        Ok(leaks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Promise {
        Promise {
            text: text.into(),
            what: "a test",
        }
    }

    #[test]
    fn finds_promises_however_written() {
        let g = Guard::new(
            &[p("Sam Okoro"), p("$120k"), p("Search")],
            "<h1>Search</h1>",
        );
        assert_eq!(g.len(), 2);
        assert_eq!(g.set_aside, 1);
        for hit in [
            "<p>SAM\n  OKORO</p>",
            "<a href=\"/people/sam-okoro/\">",
            "{\"t\":\"sam\\nokoro\"}",
            "Sam&nbsp;<em>Okoro</em>",
            "Sam%20Okoro",
            "cost $120K",
        ] {
            assert!(!g.scan("x.html", hit.as_bytes()).is_empty(), "{hit}");
        }
        for miss in ["Samantha Okoroa", "Sam Okorov", "cost $1200k", "120k"] {
            assert_eq!(g.scan("x.html", miss.as_bytes()), vec![], "{miss}");
        }
        let l = g.scan("people/sam-okoro/index.html", b"");
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].offset, None);
        assert!(!l[0].to_string().contains("okoro"), "{}", l[0]);
    }

    #[test]
    fn the_themes_own_files_pass_only_as_they_are() {
        let lib = b"var Okoro=1;/* a vendored library that happens to hold a name */".to_vec();
        let g = Guard::new(&[p("Sam Okoro"), p("Okoro")], "<h1>Notes</h1>")
            .own_files([("static/lib.min.js".to_string(), lib.clone())]);
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("static")).unwrap();
        std::fs::write(d.path().join("static/lib.min.js"), &lib).unwrap();
        assert_eq!(g.scan_dir(d.path()).unwrap(), vec![]);
        // the same path with other bytes is searched
        std::fs::write(d.path().join("static/lib.min.js"), b"var x='Sam Okoro';").unwrap();
        assert_eq!(g.scan_dir(d.path()).unwrap().len(), 2);
        // and so is the same bytes at another path
        std::fs::write(d.path().join("static/lib.min.js"), &lib).unwrap();
        std::fs::write(d.path().join("copy.js"), &lib).unwrap();
        assert_eq!(g.scan_dir(d.path()).unwrap().len(), 1);
    }
}
