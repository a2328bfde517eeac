//! Redaction: the published copy of a note's source.
//!
//! Takes a note that goes out and gives its text as the profile allows it:
//! dropped fields, transcripts and sections cut (lines blanked, so line
//! numbers hold); links to removed notes turned into their shown words; every
//! `redact` match and every person's name replaced — in the body, every
//! frontmatter key and value, captions, the file path and link destinations.
//! Links are kept pointing at what they pointed at before: a link whose
//! target's published path had to change to stay unique is rewritten to it.

use super::fold::{self, Mode};
use super::names::Names;
use crate::config::{Profile, TranscriptMode};
use crate::load::SourceNote;
use crate::model::{Note, Target};
use crate::parse::blocks;
use crate::parse::markdown::heading_key;
use crate::resolve::RemovedNames;
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

/// Rewrites text and paths: `redact` patterns, then people's names.
pub struct Rewriter {
    patterns: Vec<Regex>,
    with: String,
    names: Names,
    /// What the patterns matched, folded (for the leak guard).
    matched: Mutex<BTreeSet<String>>,
}

impl Rewriter {
    /// A rewriter for a profile's patterns and the names of its people.
    pub fn new(p: &Profile, names: Names) -> Rewriter {
        Rewriter {
            patterns: p.redact.iter().filter_map(|r| Regex::new(r).ok()).collect(),
            with: p.redact_with.clone(),
            names,
            matched: Mutex::new(BTreeSet::new()),
        }
    }

    /// The people's names.
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// Everything the patterns matched so far, folded for the leak guard.
    pub fn matched(&self) -> Vec<String> {
        self.matched
            .lock()
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default()
    }

    fn remember(&self, s: &str) {
        let k = fold::key(s, Mode::OUTPUT);
        if k.chars().any(char::is_alphanumeric) {
            if let Ok(mut m) = self.matched.lock() {
                m.insert(k);
            }
        }
    }

    /// Apply one pattern to the text as written, then to its folded view
    /// (so that `Project Falcon` is found in `**Project**⏎Falcon`).
    fn pattern(&self, re: &Regex, s: &str, mode: Mode) -> String {
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        for m in re.find_iter(s) {
            if m.as_str().is_empty() {
                continue;
            }
            self.remember(m.as_str());
            out.push_str(&s[last..m.start()]);
            out.push_str(&self.with);
            last = m.end();
        }
        out.push_str(&s[last..]);
        let s = out;
        // a pattern is rare in a text: positions only where it matches
        if !re.is_match(&fold::fold_text(&s, mode)) {
            return s;
        }
        let f = fold::fold(&s, mode);
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        for m in re.find_iter(&f.text) {
            if m.as_str().trim().is_empty() {
                continue;
            }
            let (os, oe) = f.original(m.start(), m.end());
            if os < last {
                continue;
            }
            self.remember(m.as_str());
            out.push_str(&s[last..os]);
            out.push_str(&self.with);
            out.push_str(&fold::kept_markup(&s[os..oe]));
            last = oe;
        }
        out.push_str(&s[last..]);
        out
    }

    /// Rewrite a text.
    pub fn text(&self, s: &str) -> String {
        self.text_in(s, Mode::PATTERNS)
    }

    /// Rewrite a path's words (`-` and `_` separate words, as in a file name).
    pub fn path_words(&self, s: &str) -> String {
        self.text_in(
            s,
            Mode {
                dashes: true,
                ..Mode::PATTERNS
            },
        )
    }

    fn text_in(&self, s: &str, mode: Mode) -> String {
        let mut out = s.to_string();
        for re in &self.patterns {
            out = self.pattern(re, &out, mode);
        }
        self.names.apply(&out)
    }

    /// Rewrite a vault path as a whole (a pattern may span `/`), keeping the
    /// extension; no segment is left empty and no `/` is made.
    pub fn path(&self, p: &str) -> String {
        let (stem, ext) = match p.rsplit_once('.') {
            Some((s, e)) if !e.contains('/') && !s.is_empty() => (s, format!(".{e}")),
            _ => (p, String::new()),
        };
        // rewrite the whole, so that a pattern may span `/`
        let rewritten = self.path_words(stem);
        // a replacement that took a separator with it leaves fewer segments:
        // those are rewritten once more, so nothing matched survives in any
        let whole = rewritten.matches('/').count() == stem.matches('/').count();
        let segs: Vec<String> = rewritten
            .split('/')
            .map(|s| {
                if whole {
                    s.to_string()
                } else {
                    self.path_words(s)
                }
            })
            .map(|s| {
                let s = s.replace(['\n', '\r'], " ");
                if s.trim().is_empty() { "_".into() } else { s }
            })
            .collect();
        format!("{}{ext}", segs.join("/"))
    }
}

/// Blank the lines of the ranges `cuts` (0-based, end excluded), keeping line
/// ends so that the line numbers of the rest stay. A range that starts inside
/// a block quote keeps its lines' `>` markers, so that the quote or callout
/// around it stays one, unless the range is the whole quote.
fn blank_lines(body: &str, cuts: &[(usize, usize)]) -> String {
    // (start, end of the `>` markers, next line's start) of every line
    let marks: Vec<(usize, usize, usize)> = blocks::Scanner::new(body)
        .map(|l| (l.start, l.quote_end, l.next))
        .collect();
    let quoted = |i: usize| marks.get(i).is_some_and(|m| m.1 > m.0);
    // per line: None to keep it, Some(keep the `>` markers) to blank it
    let mut blank: Vec<Option<bool>> = vec![None; marks.len()];
    for &(start, end) in cuts {
        let keep = quoted(start) && ((start > 0 && quoted(start - 1)) || quoted(end));
        for b in blank.iter_mut().take(end).skip(start) {
            *b = Some(keep || b.unwrap_or(false));
        }
    }
    let mut out = String::with_capacity(body.len());
    for (&(start, quote_end, next), b) in marks.iter().zip(&blank) {
        let line = body.get(start..next).unwrap_or("");
        match b {
            None => out.push_str(line),
            Some(keep) => {
                if *keep {
                    out.push_str(body.get(start..quote_end).unwrap_or("").trim_end());
                }
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Cut the sections whose heading is in `drop`, with their sub-sections: ATX
/// and setext headings, in block quotes, callouts and list items too, matched
/// by [`heading_key`] without a trailing `^block-id` or `#tags`; a section runs
/// to the next heading of the same or a higher level in its container or
/// outside it, and ends with its container ([`blocks::sections`]).
pub fn drop_sections(body: &str, drop: &[String]) -> String {
    let keys: Vec<String> = drop
        .iter()
        .map(|d| heading_key(d))
        .filter(|k| !k.is_empty())
        .collect();
    if keys.is_empty() {
        return body.to_string();
    }
    let cuts: Vec<(usize, usize)> = blocks::sections(body)
        .into_iter()
        .filter(|s| keys.contains(&s.heading.key))
        .map(|s| (s.start, s.end))
        .collect();
    if cuts.is_empty() {
        return body.to_string();
    }
    blank_lines(body, &cuts)
}

/// Where a note's links go, for rewriting them in its text.
pub struct LinkMap<'a> {
    /// Wikilink target as written (lower-cased) → the vault path it resolved to.
    wiki: HashMap<String, &'a str>,
    /// Markdown link destination as written → the vault path it resolved to.
    local: HashMap<&'a str, String>,
}

impl<'a> LinkMap<'a> {
    /// The links of a resolved note.
    pub fn of(n: &'a Note, site_paths: &dyn Fn(&Target) -> Option<String>) -> LinkMap<'a> {
        let wiki = n
            .links
            .iter()
            .filter_map(|l| Some((l.target.trim().to_lowercase(), l.resolved_path.as_deref()?)))
            .collect();
        let local = n
            .local_links
            .iter()
            .filter_map(|(url, t)| Some((url.as_str(), site_paths(t)?)))
            .collect();
        LinkMap { wiki, local }
    }
}

/// What rewriting links needs to know about the whole site.
pub struct Paths<'a> {
    /// Removed notes by name, for links the first resolution did not resolve.
    pub removed_names: &'a RemovedNames,
    /// Vault paths of removed notes.
    pub removed: &'a BTreeSet<String>,
    /// Vault path → published path, for every note and attachment that goes out.
    pub published: &'a HashMap<String, String>,
    /// Vault paths whose published path is not simply their rewritten path
    /// (it had to be made unique): links to them are rewritten to it.
    pub moved: &'a BTreeSet<String>,
}

/// A placeholder for the `k`-th link destination: private-use characters no
/// pattern or name matches.
fn placeholder(k: usize) -> String {
    let mut s = String::from('\u{F8FE}');
    for d in k.to_string().chars() {
        let v = d.to_digit(10).unwrap_or(0);
        s.push(char::from_u32(0xE000 + v).unwrap_or('\u{E000}'));
    }
    s.push('\u{F8FF}');
    s
}

fn fill_placeholders(s: &str, dests: &[String]) -> String {
    if dests.is_empty() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\u{F8FE}') {
        out.push_str(&rest[..i]);
        let after = &rest[i + '\u{F8FE}'.len_utf8()..];
        let Some(j) = after.find('\u{F8FF}') else {
            rest = after;
            continue;
        };
        let k: String = after[..j]
            .chars()
            .filter_map(|c| char::from_digit((c as u32).wrapping_sub(0xE000), 10))
            .collect();
        if let Some(d) = k.parse::<usize>().ok().and_then(|k| dests.get(k)) {
            out.push_str(d);
        }
        rest = &after[j + '\u{F8FF}'.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// A Markdown inline link or image in text.
struct MdLink {
    /// `[` (or `!` of an image) .. after `)`.
    start: usize,
    end: usize,
    image: bool,
    /// The link text.
    text: (usize, usize),
    /// The destination as written (without `<>`).
    dest: (usize, usize),
}

/// Markdown inline links and images (`[text](dest "title")`), by their `](`.
fn md_links(s: &str) -> Vec<MdLink> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = s[from..].find("](") {
        let close = from + rel;
        from = close + 2;
        // the matching `[`, on this paragraph
        let mut depth = 0usize;
        let mut open = None;
        let mut j = close;
        while j > 0 && close - j < 4000 {
            j -= 1;
            match b[j] {
                b']' => depth += 1,
                b'[' if depth == 0 => {
                    open = Some(j);
                    break;
                }
                b'[' => depth -= 1,
                b'\n' if j > 0 && b[j - 1] == b'\n' => break,
                _ => {}
            }
        }
        let Some(open) = open else { continue };
        if b.get(open + 1) == Some(&b'[') || (open > 0 && b[open - 1] == b'[') {
            continue; // a wikilink's `[[`
        }
        let mut k = close + 2;
        let (ds, de) = if b.get(k) == Some(&b'<') {
            let Some(e) = s[k + 1..].find(['>', '\n']) else {
                continue;
            };
            let r = (k + 1, k + 1 + e);
            k = k + 1 + e + 1;
            r
        } else {
            let mut depth = 0usize;
            let start = k;
            while let Some(&c) = b.get(k) {
                match c {
                    b'(' => depth += 1,
                    b')' if depth == 0 => break,
                    b')' => depth -= 1,
                    c if c.is_ascii_whitespace() => break,
                    _ => {}
                }
                k += 1;
            }
            (start, k)
        };
        // an optional title, then `)`
        let Some(e) = s[k..].find(')') else { continue };
        if s[k..k + e].contains("\n\n") {
            continue;
        }
        let image = open > 0 && b[open - 1] == b'!';
        out.push(MdLink {
            start: if image { open - 1 } else { open },
            end: k + e + 1,
            image,
            text: (open + 1, close),
            dest: (ds, de),
        });
        from = k + e + 1;
    }
    out
}

/// `../`-relative path from a note's folder to a vault path, URL-encoded.
fn relative(from_note: &str, to: &str) -> String {
    let from: Vec<&str> = from_note.split('/').collect();
    let from = &from[..from.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut rel = "../".repeat(from.len() - common);
    rel.push_str(&to_parts[common..].join("/"));
    crate::urls::encode_path(&rel)
}

/// A wikilink whose target is the `k`-th placeholder, keeping its anchor and
/// what it shows: its alias, or (not for an embed) the target as written.
fn placed(l: &crate::parse::obsidian::RawLink, k: usize) -> String {
    let anchor = l.target.find('#').map_or("", |i| &l.target[i..]);
    let bang = if l.embed { "!" } else { "" };
    let alias = match (&l.alias, l.embed) {
        (Some(a), _) => format!("|{a}"),
        (None, true) => String::new(),
        (None, false) => format!("|{}", l.target),
    };
    format!("{bang}[[{}{anchor}{alias}]]", placeholder(k))
}

/// Links in `s` to removed notes become their shown words (embeds nothing);
/// links to moved targets get a placeholder for their new destination.
fn relink(
    s: &str,
    links: &LinkMap,
    paths: &Paths,
    rw: &Rewriter,
    published_path: &str,
    dests: &mut Vec<String>,
) -> String {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (start, end, l) in crate::parse::obsidian::wikilinks_at(s) {
        let t = crate::parse::obsidian::LinkTarget::parse(&l.target);
        let resolved = links.wiki.get(&l.target.trim().to_lowercase()).copied();
        let removed = match resolved {
            Some(p) => paths.removed.contains(p),
            None => !t.path.is_empty() && paths.removed_names.contains(&t.path),
        };
        if removed {
            let shown = if l.embed {
                String::new()
            } else {
                l.alias.clone().unwrap_or_else(|| l.target.clone())
            };
            edits.push((start, end, shown));
        } else if resolved.is_none_or(|p| !paths.moved.contains(p))
            && !t.path.is_empty()
            && rw.text(&t.path) != rw.path_words(&t.path)
        {
            // a target written like a file name (`project-falcon.png`) is
            // rewritten the way its file's path is
            dests.push(rw.path_words(&t.path));
            edits.push((start, end, placed(&l, dests.len() - 1)));
        } else if let Some(p) = resolved.filter(|p| paths.moved.contains(*p)) {
            let Some(to) = paths.published.get(p) else {
                continue;
            };
            dests.push(to.strip_suffix(".md").unwrap_or(to).to_string());
            edits.push((start, end, placed(&l, dests.len() - 1)));
        }
    }
    for m in md_links(s) {
        if edits.iter().any(|e| e.0 < m.end && m.start < e.1) {
            continue;
        }
        let dest = &s[m.dest.0..m.dest.1];
        let Some(p) = links.local.get(dest) else {
            // elsewhere: what the destination says, decoded, is text too
            if let Some(decoded) = crate::urls::percent_decode(dest).filter(|d| d != dest) {
                let rewritten = rw.text(&decoded);
                if rewritten != decoded {
                    edits.push((m.dest.0, m.dest.1, rewritten.replace(' ', "%20")));
                }
            }
            continue;
        };
        if paths.removed.contains(p) {
            let shown = if m.image {
                String::new()
            } else {
                s[m.text.0..m.text.1].to_string()
            };
            edits.push((m.start, m.end, shown));
        } else if let Some(to) = paths.published.get(p) {
            // by identity: the published file this destination named
            let frag = dest.find('#').map(|i| &dest[i..]).unwrap_or("");
            dests.push(relative(published_path, to));
            edits.push((
                m.dest.0,
                m.dest.1,
                format!("{}{frag}", placeholder(dests.len() - 1)),
            ));
        }
    }
    if edits.is_empty() {
        return s.to_string();
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (a, b, with) in edits {
        if a < last {
            continue;
        }
        out.push_str(&s[last..a]);
        out.push_str(&with);
        last = b;
    }
    out.push_str(&s[last..]);
    out
}

/// What a note's redaction needs besides the note.
pub struct Context<'a> {
    pub profile: &'a Profile,
    pub rewriter: &'a Rewriter,
    pub paths: Paths<'a>,
    /// Where the loaded notes' text waits ([`crate::load::Vault::text`]).
    pub text: &'a crate::store::Store,
    /// Where the published copies' text is put (see [`crate::store`]).
    pub store: &'a crate::store::Store,
}

fn rewrite_value(v: &Value, f: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(f(s)),
        Value::Array(a) => Value::Array(a.iter().map(|x| rewrite_value(x, f)).collect()),
        Value::Object(m) => rewrite_map(m, f),
        other => other.clone(),
    }
}

/// Keys and values; two keys that rewrite alike keep both values (` (2)`).
fn rewrite_map(m: &serde_json::Map<String, Value>, f: &dyn Fn(&str) -> String) -> Value {
    let mut out = serde_json::Map::new();
    for (k, x) in m {
        let mut key = f(k);
        let mut n = 2;
        while out.contains_key(&key) {
            key = format!("{} ({n})", f(k));
            n += 1;
        }
        out.insert(key, rewrite_value(x, f));
    }
    Value::Object(out)
}

/// Cut every transcript block of a body (a note may hold more than one).
fn drop_transcripts(body: &str) -> String {
    let mut body = body.to_string();
    while let Some(b) = crate::parse::transcript::find_block(&body) {
        let cut = body.get(b.start..b.end).unwrap_or("");
        if cut.is_empty() {
            break;
        }
        let blank = "\n".repeat(cut.matches('\n').count());
        body = format!(
            "{}{blank}{}",
            body.get(..b.start).unwrap_or(""),
            body.get(b.end..).unwrap_or("")
        );
    }
    body
}

/// What was cut from a note (for the leak guard): dropped fields' values,
/// sections' and transcripts' lines.
#[derive(Default)]
pub struct Cut {
    pub texts: Vec<String>,
}

/// Lines of `before` that are not in `after` (blanked lines).
fn blanked(before: &str, after: &str, into: &mut Vec<String>) {
    for (a, b) in before.lines().zip(after.lines()) {
        if !a.trim().is_empty() && b.trim().is_empty() {
            into.push(a.to_string());
        }
    }
}

fn strings_of(v: &Value, into: &mut Vec<String>) {
    match v {
        Value::String(s) => into.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings_of(x, into)),
        Value::Object(m) => m.values().for_each(|x| strings_of(x, into)),
        _ => {}
    }
}

/// The published copy of a note's source, and what was cut from it.
pub fn redact_note(
    src: &SourceNote,
    links: &LinkMap,
    cx: &Context,
    published_path: &str,
) -> (SourceNote, Cut) {
    let p = cx.profile;
    let rw = cx.rewriter;
    let mut cut = Cut::default();
    let mut n = src.unspilled(cx.text);
    for f in &p.drop_fields {
        if let Some(v) = n.frontmatter.remove(f) {
            strings_of(&v, &mut cut.texts);
        }
    }
    if p.transcripts == TranscriptMode::Drop {
        if let Some(v) = n.frontmatter.remove("speakers") {
            strings_of(&v, &mut cut.texts);
        }
        let body = drop_transcripts(&n.body);
        blanked(&n.body, &body, &mut cut.texts);
        n.body = body;
        if let Some((_, text)) = n.captions.take() {
            cut.texts.extend(text.lines().map(str::to_string));
        }
    }
    let body = drop_sections(&n.body, &p.drop_sections);
    blanked(&n.body, &body, &mut cut.texts);
    let mut dests = Vec::new();
    let body = relink(&body, links, &cx.paths, rw, published_path, &mut dests);
    n.body = fill_placeholders(&rw.text(&body), &dests);
    let relink_value = |s: &str| -> String {
        let mut dests = Vec::new();
        let s = relink(s, links, &cx.paths, rw, published_path, &mut dests);
        fill_placeholders(&rw.text(&s), &dests)
    };
    n.frontmatter = match rewrite_map(&n.frontmatter, &relink_value) {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    n.key_lines = n.key_lines.iter().map(|(k, l)| (rw.text(k), *l)).collect();
    if let Some((path, text)) = n.captions.take() {
        n.captions = Some((rw.path(&path), rw.text(&text)));
    }
    n.path = published_path.to_string();
    n.stem = n
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&n.path)
        .trim_end_matches(".md")
        .to_string();
    // the published copy's text waits in the store too
    n.spill(cx.store);
    (n, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_cut_with_their_subsections() {
        let body = "# T\n\n## Summary\nok\n\n## Open questions\n- secret?\n### Sub\nmore secret\n## Risks\nfine\n";
        let out = drop_sections(body, &["open questions".into()]);
        assert!(!out.contains("secret"));
        assert!(out.contains("## Risks\nfine"));
        assert_eq!(out.lines().count(), body.lines().count());
    }

    #[test]
    fn every_spelling_of_a_heading_is_cut() {
        let drop = ["Open questions".to_string()];
        for body in [
            "Open questions\n---\nsecret\n\nRisks\n===\nfine\n",
            "## Open questions ^q1\nsecret\n## Risks\nfine\n",
            "## Open questions #private\nsecret\n## Risks\nfine\n",
            "## Open questions\n\n    # code\n\nsecret\n<div>\n# html\n</div>\n\nsecret\n## Risks\nfine\n",
            "- ## Open questions\n  secret\n- fine\n",
        ] {
            let out = drop_sections(body, &drop);
            assert!(!out.contains("secret"), "{out}");
            assert!(out.contains("fine"), "{out}");
            assert_eq!(out.lines().count(), body.lines().count());
        }
    }

    #[test]
    fn a_section_in_a_callout_keeps_the_callout_whole() {
        let body = "> [!note] Notes\n> ## Open questions\n> secret\n> ## Risks\n> fine\n\nafter\n";
        let out = drop_sections(body, &["open questions".into()]);
        assert_eq!(out, "> [!note] Notes\n>\n>\n> ## Risks\n> fine\n\nafter\n");
        // the whole quote goes with its section, and the section ends with it
        let body = "> ## Open questions\n> secret\n\nafter\n";
        let out = drop_sections(body, &["open questions".into()]);
        assert_eq!(out, "\n\n\nafter\n");
    }

    #[test]
    fn markdown_links_are_found_with_their_parts() {
        let s = "a [Sam](../People/Sam%20Okoro.md) b ![x](<img one.png> \"t\") [[w]](no)";
        let l = md_links(s);
        assert_eq!(l.len(), 2);
        assert_eq!(&s[l[0].dest.0..l[0].dest.1], "../People/Sam%20Okoro.md");
        assert_eq!(&s[l[0].text.0..l[0].text.1], "Sam");
        assert!(l[1].image);
        assert_eq!(&s[l[1].dest.0..l[1].dest.1], "img one.png");
        assert_eq!(&s[l[1].start..l[1].end], "![x](<img one.png> \"t\")");
    }

    #[test]
    fn placeholders_round_trip() {
        let dests = vec!["a".to_string(); 12];
        let mut d2 = dests.clone();
        d2[11] = "eleven".into();
        assert_eq!(
            fill_placeholders(&format!("x{}y", placeholder(11)), &d2),
            "xeleveny"
        );
        assert_eq!(relative("A/B/n.md", "A/C/x y.png"), "../C/x%20y.png");
        assert_eq!(relative("n.md", "A/x.png"), "A/x.png");
    }
}
