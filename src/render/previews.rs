//! Hover previews of internal links: what `static/previews.js` shows when
//! the pointer rests on (or the keyboard focuses) a link to a note's page.
//!
//! Takes the published site (the renderer's, which is
//! [`crate::publish::Published::site`]: what the profile dropped or redacted
//! is not here); gives the files `previews/N.js`, each a script that calls
//! `__mb_pv(N, {URL: [title, date, series, people, summary]})` for the notes
//! whose page URL (relative to the site root, as [`Note::url`]) hashes to
//! shard `N` (FNV-1a of its UTF-8 bytes, modulo [`shards`]; `previews.js`
//! computes the same). Scripts, not JSON, so that they load with a
//! `<script>` tag from `file://`, where `fetch` is blocked. A page loads the
//! shard of a link only when a preview of it is asked for.

use crate::model::{Note, Site};
use crate::parse::markdown::truncate_chars;
use crate::render::OutFile;
use std::collections::BTreeMap;

/// Notes per shard, about: a shard of 64 previews is 15–25 KB.
pub const PER_SHARD: usize = 64;
/// Longest summary shown, in characters.
pub const SUMMARY_CHARS: usize = 220;

/// The number of shards for a site: one per [`PER_SHARD`] notes, at least one.
pub fn shards(site: &Site) -> usize {
    site.notes.len().div_ceil(PER_SHARD).max(1)
}

/// FNV-1a (32 bits) of `key`'s UTF-8 bytes: the shard of a URL is this
/// modulo [`shards`].
pub fn hash(key: &str) -> u32 {
    key.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// A note's summary: its frontmatter `summary`, else the section under its
/// first heading that names a summary (`Summary`, `TL;DR`, `Overview`),
/// else its first lines that are not headings; plain text, cut to
/// [`SUMMARY_CHARS`].
pub fn summary(n: &Note, store: &crate::store::Store) -> String {
    if let Some(v) = n.frontmatter.get("summary") {
        let s = crate::resolve::fm_strings(v).join(" ");
        if !s.trim().is_empty() {
            return truncate_chars(s.trim(), SUMMARY_CHARS);
        }
    }
    let text = n.text_in(store);
    let is_heading = |l: &str| n.headings.iter().any(|h| h.text.trim() == l);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != n.title.trim())
        .collect();
    let named = n.headings.iter().find(|h| {
        let t = h.text.to_lowercase();
        ["summary", "tl;dr", "tldr", "overview"]
            .iter()
            .any(|k| t.contains(k))
    });
    let start = named
        .and_then(|h| lines.iter().position(|l| *l == h.text.trim()))
        .map_or(0, |k| k + 1);
    let mut out = String::new();
    for l in lines.iter().skip(start) {
        if is_heading(l) {
            if out.is_empty() {
                continue;
            }
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(l);
        if out.chars().count() > SUMMARY_CHARS {
            break;
        }
    }
    truncate_chars(&out, SUMMARY_CHARS)
}

/// The output path of shard `k`'s file: `previews/0.js` … `previews/{shards-1}.js`
/// (every shard has its file, so a page never asks for one that is missing).
pub fn path(k: usize) -> String {
    format!("previews/{k}.js")
}

/// The shard of the note whose page URL is `url`.
pub fn shard_of(site: &Site, url: &str) -> usize {
    hash(url) as usize % shards(site)
}

/// The notes of each shard (indices into [`Site::notes`], in note order):
/// found in one pass, for the shards' files to be made apart.
pub fn by_shard(site: &Site) -> Vec<Vec<usize>> {
    let count = shards(site);
    let mut out = vec![Vec::new(); count];
    for (i, n) in site.notes.iter().enumerate() {
        // a person's note has its person's page URL
        out[hash(&n.url) as usize % count].push(i);
    }
    out
}

/// Shard `k`'s file, of its notes `notes` (see [`by_shard`]).
pub fn file(site: &Site, k: usize, notes: &[usize]) -> OutFile {
    let mut part: BTreeMap<&str, [String; 5]> = BTreeMap::new();
    for &i in notes {
        let n = &site.notes[i];
        let people: Vec<&str> = n
            .people
            .iter()
            .filter(|(_, r)| r.iter().any(|x| x.present()))
            .filter_map(|(p, _)| site.people.get(*p).map(|p| p.name.as_str()))
            .collect();
        let entry = [
            n.title.clone(),
            n.date
                .map(|d| d.format("%a %-d %b %Y").to_string())
                .unwrap_or_default(),
            n.series
                .and_then(|s| site.series.get(s))
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            people.join(", "),
            summary(n, &site.store),
        ];
        part.insert(n.url.as_str(), entry);
    }
    let json = serde_json::to_string(&part).unwrap_or_else(|_| "{}".into());
    OutFile {
        path: path(k),
        bytes: format!("__mb_pv({k},{json});\n").into_bytes(),
    }
}

/// The preview files of the shards that `keep` picks.
pub fn files_of(site: &Site, keep: &dyn Fn(usize) -> bool) -> Vec<OutFile> {
    by_shard(site)
        .iter()
        .enumerate()
        .filter(|(k, _)| keep(*k))
        .map(|(k, notes)| file(site, k, notes))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fnv1a_as_previews_js_computes_it() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(hash("foobar"), 0xbf9c_f968);
    }
}
