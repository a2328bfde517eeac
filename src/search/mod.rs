//! Search: a sharded elasticlunr index of the published site, queried in the
//! browser by the vendored `elasticlunr.js` through `static/search.js` (also
//! from `file://`).
//!
//! Takes the [`Published`] site (never anything earlier: what the publish
//! stage dropped or redacted cannot be indexed); gives [`OutFile`]s under
//! `search/idx/`, every one a script that registers itself on a global, so it
//! loads with a `<script>` tag where `fetch` of local files is blocked.
//!
//! **The model is elasticlunr's.** Text goes through elasticlunr's English
//! pipeline (the `elasticlunr-rs` crate: trimmer, stop-word filter, Porter
//! stemmer; `search.js` runs the same functions of `elasticlunr.js` on the
//! query, and `tests/fixtures/stems.tsv` holds both libraries to the same
//! stems). Words are split at anything that is not a letter or a digit; a
//! word with a character outside ASCII skips the pipeline (the trimmer would
//! cut it) and is indexed as written, lowercased. Each document has the
//! fields of [`FIELDS`], weighted by [`BOOSTS`]; a term's weight in a field
//! is elasticlunr's `tf × fieldLengthNorm = √count / √length`, computed here
//! and stored quantised to `1..=`[`QUANT`], so the browser needs no document
//! lengths. The browser loads the shards a query needs into one
//! `elasticlunr.Index` (trie, `df`, `tf`) and calls its `search`; the score
//! is elasticlunr's (`tf × idf × boost`, `idf = 1 + ln(N / (df + 1))`, OR
//! with coordination, prefix expansion at 0.15 weight). The tests run the
//! shipped `search.js` under node over a built site.
//!
//! **Documents.** A *unit* is a note or a person (a person's note is their
//! unit). Its own document holds the title, people, series and tags, summary
//! and decisions, and body. Each transcript *window* — up to
//! [`WINDOW_TURNS`] consecutive turns of one speaker — is a document of its
//! own (transcript text, speaker as people), so a hit links to `NOTE#t-…`
//! and shows who spoke and when. Documents are numbered unit by unit,
//! units newest first.
//!
//! **Building.** Units are read in parallel. Each thread keeps its
//! working space from document to document (a pool hands it on across
//! rayon's splits): a cache of word → term — words of ASCII are split and
//! lowercased on bytes, eight at a time, those of up to 16 bytes keyed as
//! one number in an open-addressing table; others go char by char — and
//! the counts of the document being read, in slots a word finds by a
//! per-document stamp, so nothing is cleared or allocated per document.
//! The pipeline (stemmer) runs once per distinct word, behind one lock
//! shared by the threads. A unit's documents come back as flat
//! `(term, field·weight)` arrays; once all are read, the terms are
//! numbered in sorted order and the postings counted, then filled, into
//! one flat array per term and field (document, weight: five bytes), pruned
//! in place and packed. The shards are written from those arrays, and
//! every file straight into a string (JSON escaped as `serde_json` does);
//! [`Index::build`] turns the flat postings into [`Index::postings`].
//!
//! **Files.**
//! - `manifest.js` (loaded when search is first used): document count,
//!   fields and boosts, the first term of every shard, the lists of people,
//!   series, tags and types with the pages of those that have one (results
//!   that are a person, a series or a tag), and one compact row per unit
//!   (number of windows, day, type, series) — enough to map document
//!   numbers to units and to filter by date, type and series.
//! - `s/N.js`: term shards of about [`SHARD_BYTES`], terms sorted. A term's
//!   postings are a string of base-32 varints ([`push_varint`]): per field,
//!   the field number, its global `df`, the number of postings kept, then
//!   per posting the document's delta and the quantised weight. A term in
//!   more than [`MAX_POSTINGS`] documents of a field keeps the heaviest
//!   ones (impact-ordered pruning), so the commonest words stay small. No
//!   text is stored in postings.
//! - `r/N.js`: every term of four characters or more, grouped by its last
//!   three (the key), for word-ending matches (`abrafel` finds `pabrafel`);
//!   keys are spread over a fixed number of buckets by a hash both sides
//!   compute ([`ending_bucket`]), and every bucket has its file, so a query
//!   never asks for a file that does not exist.
//! - `u/N.js`: title, URL, date and people of [`UNIT_CHUNK`] units.
//! - `x.js`: every unit's people and tags, loaded only for a person or tag
//!   filter.
//! - `f/U.js`, `f/U-B.js`: snippet text, loaded only for results shown: a
//!   unit's body, and its transcript windows in blocks of [`WINDOW_BLOCK`]
//!   (speaker, then each turn's anchor, time and text — the anchor left out
//!   when it is the time's, `t-00-31-43` for `00:31:43` — a result links to
//!   the turn of its window that holds the match).

use crate::model::{Note, Site};
use crate::parse::blocks;
use crate::parse::transcript::Transcript;
use crate::publish::Published;
use crate::render::{OutFile, Sink};
use elasticlunr::Language;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The folder of the output that holds the index files.
pub const DIR: &str = "search/idx";
/// Fields of a document, in boost order (elasticlunr field names).
pub const FIELDS: [&str; 6] = ["title", "people", "tags", "summary", "body", "transcript"];
/// Boost of each field of [`FIELDS`]: title > people > series and tags >
/// summary and decisions > body > transcript.
pub const BOOSTS: [f64; 6] = [10.0, 6.0, 4.0, 3.0, 2.0, 1.0];
/// Consecutive turns of one speaker per transcript window.
pub const WINDOW_TURNS: usize = 3;
/// Windows per fragment file.
pub const WINDOW_BLOCK: usize = 8;
/// Units per unit-metadata file.
pub const UNIT_CHUNK: usize = 32;
/// Target size of a term shard (bytes of JavaScript).
pub const SHARD_BYTES: usize = 24 * 1024;
/// Body text kept for snippets, in characters.
const BODY_SNIPPET_CHARS: usize = 8000;
/// Most terms a word-ending match expands to.
pub const MAX_SUFFIX_TERMS: usize = 12;
/// About how many bytes of word endings a file `r/N.js` holds.
pub const ENDING_BYTES: usize = 8 * 1024;
/// Most postings kept per term and field (the heaviest).
pub const MAX_POSTINGS: usize = 2000;
/// Weights are stored as `1..=QUANT`, `QUANT` meaning 1.0.
pub const QUANT: u32 = 31;
/// elasticlunr's weight of a term found by expanding a query word,
/// relative to how much of the term the word covers.
pub const EXPAND_PENALTY: f64 = 0.15;

const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Append `n` as base-32 digits, most significant first: every digit but the
/// last from the first half of [`ALPHABET`], the last from the second half.
pub fn push_varint(out: &mut String, n: u64) {
    let mut digits = [0u8; 13];
    let mut k = 0;
    let mut m = n;
    loop {
        digits[k] = (m & 31) as u8;
        k += 1;
        m >>= 5;
        if m == 0 {
            break;
        }
    }
    for i in (0..k).rev() {
        let d = digits[i] as usize;
        out.push(ALPHABET[if i == 0 { 32 + d } else { d }] as char);
    }
}

/// Decode what [`push_varint`] wrote, in order.
pub fn read_varints(s: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut cur = 0u64;
    for b in s.bytes() {
        let Some(v) = ALPHABET.iter().position(|&a| a == b) else {
            continue;
        };
        if v < 32 {
            cur = (cur << 5) | v as u64;
        } else {
            out.push((cur << 5) | (v as u64 - 32));
            cur = 0;
        }
    }
    out
}

/// elasticlunr's English pipeline (trimmer, stop words, Porter stemmer).
pub struct TextPipeline(elasticlunr::Pipeline);

impl Default for TextPipeline {
    fn default() -> Self {
        TextPipeline(elasticlunr::lang::English::new().make_pipeline())
    }
}

impl TextPipeline {
    /// The index term of a lowercase word, `None` for a stop word or a
    /// single ASCII character (the `s` of `Dana's`). Words of ASCII letters
    /// and digits go through the pipeline; others are kept.
    pub fn term(&self, word: &str) -> Option<String> {
        if word.is_empty() || (word.len() == 1 && word.is_ascii()) {
            return None;
        }
        if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
            self.0
                .run(vec![word.to_string()])
                .pop()
                .filter(|t| !t.is_empty())
        } else {
            Some(word.to_string())
        }
    }

    /// The index terms of a text, in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_words(text, |w| {
            if let Some(t) = self.term(w) {
                out.push(t);
            }
        });
        out
    }
}

/// Call `f` with every word of `text`, lowercased: runs of letters and
/// digits (`search.js` splits at `[^\p{Alphabetic}\p{N}]`). Words over 40
/// characters are skipped.
pub fn for_words(text: &str, mut f: impl FnMut(&str)) {
    each_word(text, &mut String::new(), |w| match w {
        Word::Short(key, len) => f(short_str(&key.to_le_bytes()[..len])),
        Word::Long(w) => f(w),
    });
}

/// A word of [`each_word`], lowercased.
#[derive(Clone, Copy)]
enum Word<'a> {
    /// Up to 16 bytes of ASCII letters and digits, little-endian in a
    /// number padded with zero bytes (no word holds a NUL), and its length.
    Short(u128, usize),
    /// Any other word.
    Long(&'a str),
}

/// The text of a [`Word::Short`]'s bytes (ASCII).
fn short_str(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or_default()
}

const LOW_BITS: u128 = u128::from_le_bytes([0x40; 16]);

/// Up to 16 ASCII letters and digits at `b[start..end]` as a lowercase
/// [`Word::Short`] key: one unaligned load where the text allows, then
/// the bytes past the word masked off and every `A`–`Z` given its 0x20
/// bit (among letters and digits only capitals have 0x40 without 0x20).
fn short_key(b: &[u8], start: usize, end: usize) -> u128 {
    let n = end - start;
    let x = match b.get(start..start + 16) {
        Some(w) => {
            let x = u128::from_le_bytes(w.try_into().unwrap_or([0; 16]));
            if n == 16 {
                x
            } else {
                x & ((1u128 << (8 * n)) - 1)
            }
        }
        None => {
            let mut k = [0u8; 16];
            k[..n].copy_from_slice(&b[start..end]);
            u128::from_le_bytes(k)
        }
    };
    x | ((x & !(x << 1) & LOW_BITS) >> 1)
}

/// [`for_words`] with a buffer of one's own for the lowercased words.
/// Words of ASCII are split and lowercased byte by byte, those of up to 16
/// bytes as a number ([`short_key`]); a word with a character outside
/// ASCII goes character by character ([`slow_word`]).
fn each_word(text: &str, buf: &mut String, mut f: impl FnMut(Word)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        i = ascii_run(b, i);
        if i < b.len() && b[i] >= 0x80 {
            i = slow_word(text, start, buf, &mut f);
            continue;
        }
        // an ASCII word (perhaps empty) ended by an ASCII separator or the end
        let n = i - start;
        if n > 0 && n <= 16 {
            f(Word::Short(short_key(b, start, i), n));
        } else if n > 16 && n <= 40 {
            buf.clear();
            buf.push_str(&text[start..i]);
            buf.make_ascii_lowercase();
            f(Word::Long(buf));
        }
        i += 1;
    }
}

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGH: u64 = u64::from_le_bytes([0x80; 8]);

/// Bit 7 of each byte of `x` that is an ASCII letter or digit. With the
/// bytes' top bit off, `v + 0x80 - lo` has bit 7 where `v >= lo` and `v +
/// 0x7f - hi` where `v > hi`, no byte carrying into the next.
fn alnum_bytes(x: u64) -> u64 {
    let v = x & !HIGH;
    let between = |v: u64, lo: u64, hi: u64| {
        v.wrapping_add((0x80 - lo) * ONES) & !v.wrapping_add((0x7f - hi) * ONES) & HIGH
    };
    let digit = between(v, 0x30, 0x39);
    let letter = between(v | (0x20 * ONES), 0x61, 0x7a);
    (digit | letter) & !x & HIGH
}

/// The end of the run of ASCII letters and digits at `b[i..]`, eight bytes
/// at a time.
fn ascii_run(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        let stop = !alnum_bytes(x) & HIGH;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// The word of `text` from byte `start` (which may be empty so far), char
/// by char, through the separator that ends it; returns where that
/// separator ends.
fn slow_word(text: &str, start: usize, buf: &mut String, f: &mut impl FnMut(Word)) -> usize {
    buf.clear();
    let mut n = 0;
    let mut end = text.len();
    for (k, c) in text[start..].char_indices() {
        if c.is_alphanumeric() {
            buf.extend(c.to_lowercase());
            n += 1;
        } else {
            end = start + k + c.len_utf8();
            break;
        }
    }
    if !buf.is_empty() && n <= 40 {
        f(Word::Long(buf));
    }
    end
}

/// A transcript window: up to [`WINDOW_TURNS`] turns of one speaker,
/// borrowed from the note.
#[derive(Debug, Clone)]
pub struct Window<'a> {
    /// Who spoke.
    pub speaker: &'a str,
    /// Each turn: element id (`t-00-31-43`), time (`00:31:43`), text.
    pub turns: Vec<[&'a str; 3]>,
}

#[derive(Debug, Clone)]
pub struct Unit {
    /// Title.
    pub title: String,
    /// Page URL relative to the output root (`meetings/…/`).
    pub url: String,
    /// `YYYY-MM-DD` or empty.
    pub date: String,
    /// Note `type` (`person` for people).
    pub kind: String,
    /// Series name or empty.
    pub series: String,
    /// People of the note (for a person: themself).
    pub people: Vec<String>,
    /// Its date as days from the common era (chrono's `num_days_from_ce`).
    pub day: Option<i32>,
    /// Its tags.
    pub tags: Vec<String>,
    /// Vault path of the note, if any.
    pub source: Option<String>,
    /// Anchors of its transcript windows, and of the turns each covers.
    pub windows: Vec<(String, Vec<String>)>,
}

/// A document: a unit itself or one of its windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocRef {
    /// Index into [`Index::units`].
    pub unit: usize,
    /// The window, or None for the unit's own document.
    pub window: Option<usize>,
}

/// One field's postings of a term: the field's document frequency before
/// pruning, and `(document, weight 1..=QUANT)`, documents ascending.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldPostings {
    /// Field number in [`FIELDS`].
    pub field: u8,
    /// Documents of this field holding the term (all, not only those kept).
    pub df: u32,
    /// Kept postings.
    pub docs: Vec<(u32, u8)>,
}

/// The whole index in memory, and the snippet fragments already rendered.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Units in document order.
    pub units: Vec<Unit>,
    /// First document number of each unit.
    pub starts: Vec<u32>,
    /// Number of documents.
    pub docs: u32,
    /// Term → its postings per field.
    pub postings: BTreeMap<String, Vec<FieldPostings>>,
    /// Snippet fragment files (`f/…`) not yet given to a sink.
    fragments: Vec<OutFile>,
    /// Fragment files already given to a sink, and their bytes.
    streamed: (usize, usize),
    /// Pages of series (by the name shown) and of tags, for results that
    /// are a series or a tag.
    pages: Pages,
}

/// The page URLs of series (by the name shown; the first of a name) and
/// tags, relative to the output root.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    pub series: BTreeMap<String, String>,
    pub tags: BTreeMap<String, String>,
}

impl Pages {
    fn of(site: &Site) -> Pages {
        let mut p = Pages::default();
        for s in &site.series {
            p.series
                .entry(s.title.clone())
                .or_insert_with(|| s.url.clone());
        }
        for t in &site.tags {
            p.tags
                .entry(t.name.clone())
                .or_insert_with(|| t.url.clone());
        }
        p
    }
}

/// The frontmatter `summary` and the lines under headings that name a
/// summary, decisions or outcomes (to the next heading of any level), as
/// [`blocks`] finds headings; HTML comments are not text.
fn summary_text(n: &Note, store: &crate::store::Store) -> String {
    let mut out = String::new();
    if let Some(v) = n.frontmatter.get("summary") {
        out.push_str(&crate::resolve::fm_strings(v).join(" "));
        out.push('\n');
    }
    let mut on = false;
    // (line number, text) of the lines kept
    let mut kept: Vec<(usize, &str)> = Vec::new();
    let md = n.body_in(store);
    for line in blocks::Scanner::new(&md) {
        if let Some(h) = line.heading() {
            // a setext heading's text lines were read as a paragraph
            while kept.last().is_some_and(|(l, _)| *l >= h.line) {
                kept.pop();
            }
            let t = h.title().to_lowercase();
            on = ["summary", "decision", "outcome", "tl;dr", "tldr"]
                .iter()
                .any(|k| t.contains(k));
            continue;
        }
        if on && !matches!(line.kind, blocks::Kind::Html(2)) {
            kept.push((line.number, line.text));
        }
    }
    for (_, l) in kept {
        out.push_str(l);
        out.push('\n');
    }
    blocks::strip_html_comments(&out).into_owned()
}

fn windows(t: Option<&Transcript>) -> Vec<Window<'_>> {
    let mut out: Vec<Window> = Vec::new();
    let Some(t) = t else {
        return out;
    };
    let mut last_speaker: Option<&str> = None;
    for turn in &t.turns {
        if !turn.parsed {
            last_speaker = None;
            continue;
        }
        let same = last_speaker == Some(turn.speaker.as_str());
        let stamp = turn.stamp.split(['.', ',']).next().unwrap_or(&turn.stamp);
        let row = [turn.id.as_str(), stamp, turn.text.as_str()];
        match out.last_mut() {
            Some(w) if same && w.turns.len() < WINDOW_TURNS => w.turns.push(row),
            _ => out.push(Window {
                speaker: &turn.speaker,
                turns: vec![row],
            }),
        }
        last_speaker = Some(turn.speaker.as_str());
    }
    out
}

fn iso(n: &Note) -> String {
    n.date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The number of a word that is no term (a stop word, a single letter).
const NO_TERM: u32 = u32::MAX;

thread_local! {
    /// The pipeline is not `Send`: one per thread, for [`Interner::id`].
    static PIPELINE: TextPipeline = TextPipeline::default();
}

/// Words and terms to numbers, shared by the threads: the pipeline runs
/// once per distinct word. Each thread keeps its own cache of word →
/// number ([`Scratch`]), so the lock is taken once per new word a thread
/// meets.
#[derive(Default)]
struct Interner(Mutex<Vocabulary>);

#[derive(Default)]
struct Vocabulary {
    /// Lowercase word → term number or [`NO_TERM`].
    words: FxHashMap<Box<str>, u32>,
    /// Term → number, in the order first met.
    terms: FxHashMap<Box<str>, u32>,
}

impl Interner {
    fn id(&self, word: &str) -> u32 {
        let mut v = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = v.words.get(word) {
            return id;
        }
        let id = match PIPELINE.with(|p| p.term(word)) {
            Some(t) => {
                let next = v.terms.len() as u32;
                *v.terms.entry(t.into_boxed_str()).or_insert(next)
            }
            None => NO_TERM,
        };
        v.words.insert(word.into(), id);
        id
    }
}

/// A thread's working space, kept from document to document: its word
/// cache, and the counts of the document being read.
#[derive(Default)]
struct Scratch {
    words: WordCache,
    buf: String,
    /// The current document's stamp (see [`Seen`]).
    doc: u32,
    /// Term number → the stamp of the last document that met it, and its
    /// slot there.
    last: Vec<(u32, u32)>,
    /// The current document's terms, in the order first met, with their
    /// count per field.
    slots: Vec<(u32, [u32; 6])>,
    lengths: [u32; 6],
    /// The current unit's finished documents.
    docs: DocTerms,
}

/// A word in a thread's cache: its term, and its slot in the document
/// being read if `doc` is that document's stamp (so a document's counts
/// start empty without clearing anything).
#[derive(Clone, Copy)]
struct Seen {
    term: u32,
    doc: u32,
    slot: u32,
}

impl Seen {
    fn new(term: u32) -> Seen {
        Seen {
            term,
            doc: u32::MAX,
            slot: 0,
        }
    }
}

/// A thread's cache of words: those of up to 16 ASCII bytes (most) in a
/// table of their own ([`ShortWords`]); others by their text, to a place in
/// `seen`.
#[derive(Default)]
struct WordCache {
    short: ShortWords,
    long: FxHashMap<Box<str>, usize>,
    seen: Vec<Seen>,
}

/// Short words by their [`Word::Short`] key, in open addressing with
/// linear probing: key and [`Seen`] side by side, so a lookup reads one
/// cache line (where a hash map reads its control bytes, then the entry).
/// Key 0 marks a free place (a word is never empty); at most ¾ full.
#[derive(Default)]
struct ShortWords {
    places: Vec<(u128, Seen)>,
    len: usize,
    /// 64 − log2(places): the hash's top bits pick the place.
    shift: u32,
}

impl ShortWords {
    fn place(&self, key: u128) -> usize {
        let h = ((key as u64) ^ ((key >> 64) as u64).rotate_left(32))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> self.shift) as usize
    }

    fn get(&mut self, key: u128, new: impl FnOnce() -> Seen) -> &mut Seen {
        if (self.len + 1) * 4 > self.places.len() * 3 {
            self.grow();
        }
        let mask = self.places.len() - 1;
        let mut i = self.place(key);
        while self.places[i].0 != key && self.places[i].0 != 0 {
            i = (i + 1) & mask;
        }
        if self.places[i].0 == 0 {
            self.places[i] = (key, new());
            self.len += 1;
        }
        &mut self.places[i].1
    }

    fn grow(&mut self) {
        let size = (self.places.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.places, vec![(0, Seen::new(NO_TERM)); size]);
        self.shift = 64 - size.trailing_zeros();
        let mask = size - 1;
        for (key, seen) in old.into_iter().filter(|e| e.0 != 0) {
            let mut i = self.place(key);
            while self.places[i].0 != 0 {
                i = (i + 1) & mask;
            }
            self.places[i] = (key, seen);
        }
    }
}

impl WordCache {
    fn get(&mut self, ix: &Interner, w: Word) -> &mut Seen {
        match w {
            Word::Short(key, len) => self.short.get(key, || {
                Seen::new(ix.id(short_str(&key.to_le_bytes()[..len])))
            }),
            Word::Long(w) => {
                let i = match self.long.get(w) {
                    Some(&i) => i,
                    None => {
                        self.seen.push(Seen::new(ix.id(w)));
                        self.long.insert(w.into(), self.seen.len() - 1);
                        self.seen.len() - 1
                    }
                };
                &mut self.seen[i]
            }
        }
    }
}

/// The documents of one unit while building, in order (its own, then its
/// windows): `(term, field << 5 | weight)`, `ends` closing each document.
#[derive(Default, Clone)]
struct DocTerms {
    terms: Vec<u32>,
    fields: Vec<u8>,
    ends: Vec<u32>,
}

impl DocTerms {
    /// In bytes: the counts of entries and of documents (u32), then the
    /// terms (u32), the fields (u8) and the ends (u32); little-endian.
    fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(8 + self.terms.len() * 5 + self.ends.len() * 4);
        b.extend_from_slice(&(self.terms.len() as u32).to_le_bytes());
        b.extend_from_slice(&(self.ends.len() as u32).to_le_bytes());
        for t in &self.terms {
            b.extend_from_slice(&t.to_le_bytes());
        }
        b.extend_from_slice(&self.fields);
        for e in &self.ends {
            b.extend_from_slice(&e.to_le_bytes());
        }
        b
    }

    /// [`DocTerms::encode`] read back; `None` when the bytes are not that.
    fn decode(b: &[u8]) -> Option<DocTerms> {
        let word = |at: usize| -> Option<u32> {
            Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
        };
        let (n, d) = (word(0)? as usize, word(4)? as usize);
        if b.len() != 8 + n * 5 + d * 4 {
            return None;
        }
        let terms = (0..n).map(|k| word(8 + 4 * k)).collect::<Option<_>>()?;
        let fields = b.get(8 + 4 * n..8 + 5 * n)?.to_vec();
        let ends = (0..d)
            .map(|k| word(8 + 5 * n + 4 * k))
            .collect::<Option<Vec<u32>>>()?;
        // the ends close documents in order, within the entries
        let ordered =
            ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().is_none_or(|&e| e as usize <= n);
        ordered.then_some(DocTerms {
            terms,
            fields,
            ends,
        })
    }
}

/// A unit's [`DocTerms`], here or waiting in the site's store until the
/// index is assembled (at 20,000 notes they are hundreds of megabytes).
enum Docs {
    Here(DocTerms),
    Stored(crate::store::Span),
}

impl Docs {
    fn stored(d: DocTerms, store: &crate::store::Store) -> Docs {
        if d.terms.is_empty() {
            return Docs::Here(d);
        }
        match store.put(&d.encode()) {
            Some(span) => Docs::Stored(span),
            None => Docs::Here(d),
        }
    }

    /// The unit's documents (none when they cannot be read back: the
    /// store remembers the error, and the build fails on it).
    fn get(&self, store: &crate::store::Store) -> std::borrow::Cow<'_, DocTerms> {
        use std::borrow::Cow;
        match self {
            Docs::Here(d) => Cow::Borrowed(d),
            Docs::Stored(span) => match store.get(*span).map(|b| DocTerms::decode(&b)) {
                Some(Some(d)) => Cow::Owned(d),
                Some(None) => {
                    store.fail(format!(
                        "search postings at {} cannot be read back",
                        span.at
                    ));
                    Cow::Owned(DocTerms::default())
                }
                None => Cow::Owned(DocTerms::default()),
            },
        }
    }
}

impl Scratch {
    /// Count the terms of `text` in `field` of the current document.
    fn add(&mut self, ix: &Interner, field: usize, text: &str) {
        let Scratch {
            words,
            buf,
            doc,
            last,
            slots,
            lengths,
            ..
        } = self;
        each_word(text, buf, |w| {
            let e = words.get(ix, w);
            if e.term == NO_TERM {
                return;
            }
            if e.doc != *doc {
                // the word's first time in this document; its term's?
                let t = e.term as usize;
                if t >= last.len() {
                    last.resize((t + 1).next_power_of_two(), (u32::MAX, 0));
                }
                if last[t].0 != *doc {
                    last[t] = (*doc, slots.len() as u32);
                    slots.push((e.term, [0; 6]));
                }
                e.doc = *doc;
                e.slot = last[t].1;
            }
            slots[e.slot as usize].1[field] += 1;
            lengths[field] += 1;
        });
    }

    /// End the current document: its terms onto the unit's, the counts
    /// cleared.
    /// The summary and decisions count once, in their own field (the body
    /// also holds them; only a unit's own document has either field).
    fn finish(&mut self) {
        let out = &mut self.docs;
        for (_, c) in &mut self.slots {
            let d = c[4].min(c[3]);
            c[4] -= d;
            self.lengths[4] -= d;
        }
        // most counts are small: their weights in this document, once each
        let mut memo = [[0u8; 8]; 6];
        for (t, c) in &self.slots {
            for (f, &n) in c.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                let w = match memo[f].get_mut(n as usize) {
                    Some(m) => {
                        if *m == 0 {
                            *m = quantise(n, self.lengths[f]);
                        }
                        *m
                    }
                    None => quantise(n, self.lengths[f]),
                };
                out.terms.push(*t);
                out.fields.push(((f as u8) << 5) | w);
            }
        }
        self.slots.clear();
        self.lengths = [0; 6];
        self.doc = self.doc.wrapping_add(1);
        out.ends.push(out.terms.len() as u32);
    }

    /// The current unit's documents, allocated to size; the buffers stay.
    fn take(&mut self) -> DocTerms {
        let d = DocTerms {
            terms: self.docs.terms.clone(),
            fields: self.docs.fields.clone(),
            ends: self.docs.ends.clone(),
        };
        self.docs.terms.clear();
        self.docs.fields.clear();
        self.docs.ends.clear();
        d
    }
}

/// Scratch spaces kept across rayon's splits of the work (`map_init`
/// makes one per split): a split takes one and gives it back when done.
#[derive(Default)]
struct Pool(Mutex<Vec<Scratch>>);

struct Lease<'a> {
    pool: &'a Pool,
    scratch: Scratch,
}

impl Pool {
    fn lease(&self) -> Lease<'_> {
        let scratch = self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .unwrap_or_default();
        Lease {
            pool: self,
            scratch,
        }
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        let s = std::mem::take(&mut self.scratch);
        self.pool
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(s);
    }
}

/// elasticlunr's `tf × fieldLengthNorm`, `√count / √length`, as `1..=QUANT`.
pub fn quantise(count: u32, length: u32) -> u8 {
    let w = (f64::from(count) / f64::from(length.max(count).max(1))).sqrt();
    (w * f64::from(QUANT)).round().clamp(1.0, f64::from(QUANT)) as u8
}

/// Whether `serde_json` escapes the byte `b` in a string.
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Append `s` as a JSON string, escaped as `serde_json` escapes it. Runs
/// of 16 bytes with nothing to escape are copied whole.
fn push_json(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 16) {
            if !chunk.iter().fold(false, |a, &b| a | escaped(b)) {
                i += 16;
                continue;
            }
        }
        let b = bytes[i];
        if escaped(b) {
            out.push_str(&s[from..i]);
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                0x08 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                _ => {
                    let _ = write!(out, "\\u{b:04x}");
                }
            }
            from = i + 1;
        }
        i += 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

/// A JSON array of strings.
fn push_json_list<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json(out, s);
    }
    out.push(']');
}

/// A file that calls `name(key, data)`: `data` is what `fill` appends, in
/// about `size` bytes.
fn js_call(
    path: String,
    name: &str,
    key: &str,
    size: usize,
    fill: impl FnOnce(&mut String),
) -> OutFile {
    let mut s = String::with_capacity(name.len() + key.len() + size + 8);
    let _ = write!(s, "{name}({key},");
    fill(&mut s);
    s.push_str(");\n");
    OutFile {
        path,
        bytes: s.into_bytes(),
    }
}

/// What a unit is: a note (with its person, for a person's note), a
/// person without a note, or a canvas or base (index into
/// [`Site::boards`]).
type Unit3 = (Option<usize>, Option<usize>, Option<usize>);

/// A unit, its documents' terms, its fragment files.
type Built = (Unit, DocTerms, Vec<OutFile>);

/// One unit: its metadata, its documents' terms, its fragment files.
fn unit_of(
    site: &Site,
    number: usize,
    (note, person, board): Unit3,
    ix: &Interner,
    s: &mut Scratch,
    turns: bool,
) -> Built {
    let n = note.map(|i| &site.notes[i]);
    let (title, url, kind) = match (person, n) {
        (Some(p), _) => {
            let p = &site.people[p];
            s.add(ix, 0, &p.name);
            for a in &p.aliases {
                s.add(ix, 0, a);
            }
            (p.name.clone(), p.url.clone(), "person".to_string())
        }
        (None, Some(n)) => {
            s.add(ix, 0, &n.title);
            (
                n.title.clone(),
                n.url.clone(),
                n.kind.clone().unwrap_or_default(),
            )
        }
        (None, None) => match board.map(|b| &site.boards[b]) {
            Some(b) => {
                s.add(ix, 0, &b.title);
                let kind = match b.content {
                    crate::model::BoardContent::Base(_) => "base",
                    _ => "canvas",
                };
                (b.title.clone(), b.url.clone(), kind.to_string())
            }
            None => Default::default(),
        },
    };
    let mut people = Vec::new();
    let mut series = String::new();
    let mut body = "";
    let mut wins = Vec::new();
    // the transcript's text, read back from where resolve put it
    let transcript = n
        .and_then(|n| n.transcript.as_ref())
        .map(|t| t.with_text(&site.store));
    let text = match (n, board) {
        (Some(n), _) => Some(n.text_in(&site.store)),
        (None, Some(b)) => Some(std::borrow::Cow::Owned(site.boards[b].text())),
        _ => None,
    };
    if let Some(p) = person {
        people.push(site.people[p].name.clone());
    }
    if let Some(n) = n {
        for (p, _) in &n.people {
            let name = &site.people[*p].name;
            s.add(ix, 1, name);
            if !people.contains(name) {
                people.push(name.clone());
            }
        }
        if let Some(k) = n.series {
            series = site.series[k].title.clone();
            s.add(ix, 2, &series);
        }
        for t in &n.tags {
            s.add(ix, 2, t);
        }
        s.add(ix, 3, &summary_text(n, &site.store));
        let text = text.as_deref().unwrap_or_default();
        s.add(ix, 4, text);
        wins = windows(transcript.as_deref());
    }
    if n.is_some() || board.is_some() {
        let text = text.as_deref().unwrap_or_default();
        if n.is_none() {
            s.add(ix, 4, text);
        }
        body = match text.char_indices().nth(BODY_SNIPPET_CHARS) {
            Some((i, _)) => &text[..i],
            None => text,
        };
    }
    s.finish();
    for w in &wins {
        s.add(ix, 1, w.speaker);
        // the turns' text, as if joined by spaces
        for t in &w.turns {
            s.add(ix, 5, t[2]);
        }
        s.finish();
    }
    let docs = s.take();
    let frags = fragments(number, body, &wins);
    let unit = Unit {
        title,
        url,
        date: n.map(iso).unwrap_or_default(),
        day: n
            .and_then(|n| n.date)
            .map(|d| chrono::Datelike::num_days_from_ce(&d)),
        tags: n.map(|n| n.tags.clone()).unwrap_or_default(),
        kind,
        series,
        people,
        source: n
            .map(|n| n.path.clone())
            .or_else(|| board.map(|b| site.boards[b].path.clone())),
        windows: wins
            .iter()
            .map(|w| {
                if !turns {
                    return Default::default();
                }
                let ids: Vec<String> = w.turns.iter().map(|t| t[0].to_string()).collect();
                (ids[0].clone(), ids)
            })
            .collect(),
    };
    (unit, docs, frags)
}

/// Whether a turn's element id is the one its time gives (`00:31:43` →
/// `t-00-31-43`): the snippet files then leave the id out and the search
/// script makes it again.
fn derived_id(id: &str, time: &str) -> bool {
    id.len() == time.len() + 2
        && id.starts_with("t-")
        && id[2..]
            .bytes()
            .zip(time.bytes())
            .all(|(a, b)| a == b || (a == b'-' && b == b':'))
}

/// A unit's snippet files: its body, and its windows in blocks.
fn fragments(number: usize, body: &str, wins: &[Window]) -> Vec<OutFile> {
    let dir = "search/idx/f";
    let mut out = Vec::with_capacity(1 + wins.len().div_ceil(WINDOW_BLOCK));
    out.push(js_call(
        format!("{dir}/{number}.js"),
        "__mb_f",
        &format!("\"{number}\""),
        body.len() + 2,
        |s| push_json(s, body),
    ));
    for (b, block) in wins.chunks(WINDOW_BLOCK).enumerate() {
        let size: usize = block
            .iter()
            .flat_map(|w| &w.turns)
            .map(|t| t[0].len() + t[1].len() + t[2].len() + 12)
            .sum::<usize>()
            + block.iter().map(|w| w.speaker.len() + 8).sum::<usize>();
        out.push(js_call(
            format!("{dir}/{number}-{b}.js"),
            "__mb_f",
            &format!("\"{number}-{b}\""),
            size,
            |s| {
                s.push('[');
                for (i, w) in block.iter().enumerate() {
                    if i > 0 {
                        s.push(',');
                    }
                    s.push('[');
                    push_json(s, w.speaker);
                    s.push_str(",[");
                    for (k, t) in w.turns.iter().enumerate() {
                        if k > 0 {
                            s.push(',');
                        }
                        // `[time, text]` when the id is the time's (most turns)
                        let skip = usize::from(derived_id(t[0], t[1]));
                        push_json_list(s, t[skip..].iter().copied());
                    }
                    s.push_str("]]");
                }
                s.push(']');
            },
        ));
    }
    out
}

/// The units in document order: notes (a person's note as the person),
/// then people without a note; newest first, so that among equal scores
/// newer meetings come first (elasticlunr breaks ties by document number).
fn plan(site: &Site) -> Vec<Unit3> {
    let mut plan: Vec<Unit3> = site
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| (Some(i), n.person, None))
        .collect();
    plan.extend(
        site.people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.note.is_none())
            .map(|(k, _)| (None, Some(k), None)),
    );
    plan.extend((0..site.boards.len()).map(|b| (None, None, Some(b))));
    plan.sort_by_key(|&(n, _, _)| {
        let d = n.and_then(|i| site.notes[i].date);
        (d.is_none(), std::cmp::Reverse(d))
    });
    plan
}

impl Index {
    /// Build the index of a published site, in parallel.
    pub fn build(published: &Published) -> Index {
        let (mut ix, flat) = Index::collect(published, true, None, &published.site().store)
            .unwrap_or_else(|_| unreachable!("no sink, nothing to fail"));
        ix.postings = flat.into_map();
        ix
    }

    /// [`Index::build`], its postings apart; without `turns`, the units'
    /// windows are left without their anchors (only their number is
    /// written).
    /// With a `sink`, each unit's snippet files go to it as soon as they
    /// are made, instead of waiting in the index. The postings wait in
    /// `scratch` until they are assembled.
    fn collect(
        published: &Published,
        turns: bool,
        sink: Option<&dyn Sink>,
        scratch: &crate::store::Store,
    ) -> anyhow::Result<(Index, Flat)> {
        let site = published.site();
        let plan = plan(site);
        let ix = Interner::default();
        let pool = Pool::default();
        let streamed = (AtomicUsize::new(0), AtomicUsize::new(0));
        let built: Vec<(Unit, Docs, Vec<OutFile>)> = plan
            .par_iter()
            .enumerate()
            .map_init(
                || pool.lease(),
                |l, (k, &p)| {
                    let (unit, docs, frags) = unit_of(site, k, p, &ix, &mut l.scratch, turns);
                    // the unit's postings wait in the store, not in memory
                    let docs = Docs::stored(docs, scratch);
                    let Some(sink) = sink else {
                        return Ok((unit, docs, frags));
                    };
                    for f in frags {
                        streamed.0.fetch_add(1, Relaxed);
                        streamed.1.fetch_add(f.bytes.len(), Relaxed);
                        sink.put(f)?;
                    }
                    Ok((unit, docs, Vec::new()))
                },
            )
            .collect::<anyhow::Result<_>>()?;
        drop(pool);
        // number the terms in sorted order
        let vocabulary = ix.0.into_inner().unwrap_or_else(|e| e.into_inner());
        drop(vocabulary.words);
        let mut names: Vec<(Box<str>, u32)> = vocabulary.terms.into_iter().collect();
        names.par_sort_unstable();
        let (mut index, flat) = assemble(names, built, scratch);
        index.pages = Pages::of(site);
        index.streamed = (streamed.0.into_inner(), streamed.1.into_inner());
        Ok((index, flat))
    }

    /// The unit and window of a document number.
    pub fn doc_ref(&self, doc: u32) -> DocRef {
        let unit = self.starts.partition_point(|&s| s <= doc).saturating_sub(1);
        let k = (doc - self.starts.get(unit).copied().unwrap_or(0)) as usize;
        DocRef {
            unit,
            window: k.checked_sub(1),
        }
    }

    /// The URL of a document, relative to the root.
    pub fn doc_url(&self, d: DocRef) -> String {
        let u = &self.units[d.unit];
        match d.window {
            Some(w) => format!("{}#{}", u.url, u.windows[w].0),
            None => u.url.clone(),
        }
    }
}

/// Keep the `MAX_POSTINGS` heaviest of a bucket's postings (ties: lower
/// document, that is newer) in its first places, documents ascending.
fn prune(docs: &mut [u32], weights: &mut [u8]) {
    if docs.len() <= MAX_POSTINGS {
        return;
    }
    let mut v: Vec<(u32, u8)> = docs.iter().copied().zip(weights.iter().copied()).collect();
    v.select_nth_unstable_by(MAX_POSTINGS - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(MAX_POSTINGS);
    v.sort_unstable();
    for (i, (d, w)) in v.into_iter().enumerate() {
        docs[i] = d;
        weights[i] = w;
    }
}

/// Every term's postings, flat. Term `r` (of `terms`, sorted) has in field
/// `f` the bucket `b = r × 6 + f`: `df[b]` documents, of which those kept
/// (the heaviest [`MAX_POSTINGS`]) are `docs` and `weights` in
/// `start[b]..start[b + 1]`, documents ascending.
#[derive(Default)]
struct Flat {
    terms: Vec<Box<str>>,
    df: Vec<u32>,
    start: Vec<usize>,
    docs: Vec<u32>,
    weights: Vec<u8>,
}

impl Flat {
    /// Term `r`'s fields: number, `df`, kept postings.
    fn fields(&self, r: usize) -> impl Iterator<Item = (u8, u32, Kept<'_>)> {
        let nf = FIELDS.len();
        (r * nf..(r + 1) * nf).filter_map(move |b| {
            let span = self.start[b]..self.start[b + 1];
            (self.df[b] > 0).then(|| {
                let kept = self.docs[span.clone()]
                    .iter()
                    .copied()
                    .zip(self.weights[span].iter().copied());
                ((b % nf) as u8, self.df[b], kept)
            })
        })
    }

    /// Per term, as [`Index::postings`] holds them.
    fn into_map(self) -> BTreeMap<String, Vec<FieldPostings>> {
        let per: Vec<Vec<FieldPostings>> = (0..self.terms.len())
            .into_par_iter()
            .map(|r| {
                self.fields(r)
                    .map(|(field, df, kept)| FieldPostings {
                        field,
                        df,
                        docs: kept.collect(),
                    })
                    .collect()
            })
            .collect();
        self.terms.into_iter().map(String::from).zip(per).collect()
    }
}

/// A bucket's kept postings, `(document, weight)`.
type Kept<'a> = std::iter::Zip<
    std::iter::Copied<std::slice::Iter<'a, u32>>,
    std::iter::Copied<std::slice::Iter<'a, u8>>,
>;

/// How many postings one pass of [`assemble`] groups (five bytes each): a
/// larger index is grouped in several passes, its postings handed to their
/// pass's records in the store ([`distribute`]) and read back pass by pass,
/// so memory holds one pass's share.
const PASS_POSTINGS: usize = 1 << 22;

/// Number the documents unit by unit and group the postings by term (in
/// sorted order) and field, documents ascending ([`Flat`]): counted, then
/// filled in, a range of buckets per pass ([`PASS_POSTINGS`]); each
/// bucket pruned in place and the kept packed.
fn assemble(
    names: Vec<(Box<str>, u32)>,
    built: Vec<(Unit, Docs, Vec<OutFile>)>,
    store: &crate::store::Store,
) -> (Index, Flat) {
    let nf = FIELDS.len();
    let mut rank = vec![0u32; names.len()];
    for (r, (_, id)) in names.iter().enumerate() {
        rank[*id as usize] = r as u32;
    }
    let bucket = |t: u32, f: u8| rank[t as usize] as usize * nf + usize::from(f >> 5);
    // bucket b is start[b]..start[b + 1]
    let mut start = vec![0usize; names.len() * nf + 1];
    let mut unit_docs = Vec::with_capacity(built.len());
    for (_, d, _) in &built {
        let d = d.get(store);
        for (&t, &f) in d.terms.iter().zip(&d.fields) {
            start[bucket(t, f) + 1] += 1;
        }
        unit_docs.push(d.ends.len() as u32);
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let buckets = start.len() - 1;
    let mut flat = Flat {
        terms: names.into_iter().map(|(t, _)| t).collect(),
        df: Vec::with_capacity(buckets),
        start: Vec::with_capacity(buckets + 1),
        docs: Vec::new(),
        weights: Vec::new(),
    };
    // the passes: ranges of buckets of at most PASS_POSTINGS postings (or one bucket)
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut b0 = 0;
    while b0 < buckets {
        let mut b1 = b0 + 1;
        while b1 < buckets && start[b1 + 1] - start[b0] <= PASS_POSTINGS {
            b1 += 1;
        }
        parts.push((b0, b1));
        b0 = b1;
    }
    // every posting as (bucket, document, weight), each pass's apart
    let runs = distribute(&built, &parts, &bucket, store);
    for (&(b0, b1), run) in parts.iter().zip(runs) {
        let base = start[b0];
        let mut docs = vec![0u32; start[b1] - base];
        let mut weights = vec![0u8; start[b1] - base];
        let mut fill: Vec<usize> = start[b0..b1].iter().map(|s| s - base).collect();
        for chunk in run {
            let bytes = chunk.get(store);
            for r in bytes.chunks_exact(9) {
                let word = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
                let Some(at) = fill.get_mut((word(0) as usize).wrapping_sub(b0)) else {
                    continue;
                };
                if let (Some(d), Some(w)) = (docs.get_mut(*at), weights.get_mut(*at)) {
                    *d = word(4);
                    *w = r[8];
                    *at += 1;
                }
            }
        }
        pack(&start[b0..=b1], docs, weights, &mut flat);
    }
    flat.start.push(flat.docs.len());
    flat.docs.shrink_to_fit();
    flat.weights.shrink_to_fit();
    let mut units = Vec::with_capacity(built.len());
    let mut starts = Vec::with_capacity(built.len());
    let mut fragments = Vec::with_capacity(built.iter().map(|b| b.2.len()).sum());
    let mut doc = 0u32;
    for ((unit, _, frags), n) in built.into_iter().zip(unit_docs) {
        starts.push(doc);
        doc += n;
        units.push(unit);
        fragments.extend(frags);
    }
    let ix = Index {
        units,
        starts,
        docs: doc,
        postings: BTreeMap::new(),
        fragments,
        streamed: (0, 0),
        pages: Pages::default(),
    };
    (ix, flat)
}

/// Postings of one pass, as `(bucket, document, weight)` records of nine
/// bytes (little-endian), in document order: in the store, or here.
enum Chunk {
    Stored(crate::store::Span),
    Here(Vec<u8>),
}

impl Chunk {
    fn get(&self, store: &crate::store::Store) -> std::borrow::Cow<'_, [u8]> {
        match self {
            Chunk::Here(b) => std::borrow::Cow::Borrowed(b),
            Chunk::Stored(span) => std::borrow::Cow::Owned(store.get(*span).unwrap_or_default()),
        }
    }
}

/// Bytes of a pass's records kept before they go to the store.
const CHUNK_BYTES: usize = 1 << 20;

/// Read every unit's postings once, numbering the documents, and hand each
/// posting to the pass (`parts`, ranges of buckets) that groups it: one pass
/// holds it all in memory; more put their records in the store, a chunk at
/// a time, to be read back pass by pass.
fn distribute(
    built: &[(Unit, Docs, Vec<OutFile>)],
    parts: &[(usize, usize)],
    bucket: &impl Fn(u32, u8) -> usize,
    store: &crate::store::Store,
) -> Vec<Vec<Chunk>> {
    let mut part_of = vec![0u32; parts.last().map_or(0, |p| p.1)];
    for (k, &(b0, b1)) in parts.iter().enumerate() {
        part_of[b0..b1].fill(k as u32);
    }
    let spill = parts.len() > 1;
    let mut open: Vec<Vec<u8>> = vec![Vec::new(); parts.len()];
    let mut runs: Vec<Vec<Chunk>> = (0..parts.len()).map(|_| Vec::new()).collect();
    let mut doc = 0u32;
    for (_, d, _) in built {
        let d = d.get(store);
        let mut from = 0;
        for &end in &d.ends {
            let end = end as usize;
            for (&t, &f) in d.terms[from..end].iter().zip(&d.fields[from..end]) {
                let b = bucket(t, f);
                let k = part_of[b] as usize;
                let buf = &mut open[k];
                buf.extend_from_slice(&(b as u32).to_le_bytes());
                buf.extend_from_slice(&doc.to_le_bytes());
                buf.push(f & 31);
                if spill && buf.len() >= CHUNK_BYTES {
                    let bytes = std::mem::take(buf);
                    runs[k].push(match store.put(&bytes) {
                        Some(span) => Chunk::Stored(span),
                        None => Chunk::Here(bytes),
                    });
                }
            }
            from = end;
            doc += 1;
        }
    }
    for (k, bytes) in open.into_iter().enumerate() {
        if !bytes.is_empty() {
            runs[k].push(Chunk::Here(bytes));
        }
    }
    runs
}

/// Prune the buckets of one pass (`start`: their bounds, from the pass's
/// first posting; in parallel, in place) and append the kept to `flat`.
fn pack(start: &[usize], mut docs: Vec<u32>, mut weights: Vec<u8>, flat: &mut Flat) {
    let base = start[0];
    let buckets = start.len() - 1;
    // the buckets to prune, as disjoint slices
    let mut big: Vec<(&mut [u32], &mut [u8])> = Vec::new();
    let (mut d, mut w, mut at) = (&mut docs[..], &mut weights[..], 0);
    for b in 0..buckets {
        let (lo, hi) = (start[b] - base, start[b + 1] - base);
        if hi - lo > MAX_POSTINGS {
            let (bd, rest) = std::mem::take(&mut d)
                .split_at_mut(lo - at)
                .1
                .split_at_mut(hi - lo);
            d = rest;
            let (bw, rest) = std::mem::take(&mut w)
                .split_at_mut(lo - at)
                .1
                .split_at_mut(hi - lo);
            w = rest;
            big.push((bd, bw));
            at = hi;
        }
    }
    big.into_par_iter().for_each(|(d, w)| prune(d, w));
    for b in 0..buckets {
        let (lo, n) = (start[b] - base, start[b + 1] - start[b]);
        let k = n.min(MAX_POSTINGS);
        flat.df.push(n as u32);
        flat.start.push(flat.docs.len());
        flat.docs.extend_from_slice(&docs[lo..lo + k]);
        flat.weights.extend_from_slice(&weights[lo..lo + k]);
    }
}

/// A term's postings as a string of varints (see the module docs).
pub fn encode_postings(p: &[FieldPostings]) -> String {
    let mut s = String::new();
    for fp in p {
        push_field(&mut s, fp.field, fp.df, fp.docs.iter().copied());
    }
    s
}

/// One field of a term's postings onto `s`: its number, `df`, the number
/// kept, then each kept posting's document delta and weight.
fn push_field(s: &mut String, field: u8, df: u32, kept: impl ExactSizeIterator<Item = (u32, u8)>) {
    push_varint(s, u64::from(field));
    push_varint(s, u64::from(df));
    push_varint(s, kept.len() as u64);
    let mut prev = 0u32;
    for (doc, w) in kept {
        push_varint(s, u64::from(doc - prev));
        push_varint(s, u64::from(w));
        prev = doc;
    }
}

/// Bytes [`push_field`] writes.
fn field_len(field: u8, df: u32, kept: impl ExactSizeIterator<Item = (u32, u8)>) -> usize {
    let mut n =
        varint_len(u64::from(field)) + varint_len(u64::from(df)) + varint_len(kept.len() as u64);
    let mut prev = 0u32;
    for (doc, w) in kept {
        n += varint_len(u64::from(doc - prev)) + varint_len(u64::from(w));
        prev = doc;
    }
    n
}

/// Digits [`push_varint`] writes for `n`.
fn varint_len(n: u64) -> usize {
    (64 - n.leading_zeros() as usize).div_ceil(5).max(1)
}

/// The terms, in order, that the shards are written from: those of an
/// [`Index`] or a [`Flat`].
trait TermSource: Sync {
    fn count(&self) -> usize;
    fn term(&self, k: usize) -> &str;
    /// Bytes [`TermSource::encode`] writes.
    fn size(&self, k: usize) -> usize;
    /// Term `k`'s postings as [`encode_postings`] writes them.
    fn encode(&self, k: usize, s: &mut String);
}

impl TermSource for Vec<(&String, &Vec<FieldPostings>)> {
    fn count(&self) -> usize {
        self.len()
    }
    fn term(&self, k: usize) -> &str {
        self[k].0
    }
    fn size(&self, k: usize) -> usize {
        self[k]
            .1
            .iter()
            .map(|fp| field_len(fp.field, fp.df, fp.docs.iter().copied()))
            .sum()
    }
    fn encode(&self, k: usize, s: &mut String) {
        for fp in self[k].1 {
            push_field(s, fp.field, fp.df, fp.docs.iter().copied());
        }
    }
}

impl TermSource for Flat {
    fn count(&self) -> usize {
        self.terms.len()
    }
    fn term(&self, k: usize) -> &str {
        &self.terms[k]
    }
    fn size(&self, k: usize) -> usize {
        self.fields(k)
            .map(|(f, df, kept)| field_len(f, df, kept))
            .sum()
    }
    fn encode(&self, k: usize, s: &mut String) {
        for (f, df, kept) in self.fields(k) {
            push_field(s, f, df, kept);
        }
    }
}

/// Read what [`encode_postings`] wrote.
pub fn decode_postings(s: &str) -> Vec<FieldPostings> {
    let v = read_varints(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 <= v.len() {
        let (field, df, n) = (v[i] as u8, v[i + 1] as u32, v[i + 2] as usize);
        i += 3;
        let mut docs = Vec::with_capacity(n);
        let mut doc = 0u32;
        for _ in 0..n {
            if i + 2 > v.len() {
                break;
            }
            doc += v[i] as u32;
            docs.push((doc, v[i + 1] as u8));
            i += 2;
        }
        out.push(FieldPostings { field, df, docs });
    }
    out
}

/// The key of a term's word-ending group: its last three characters.
pub fn suffix_key(t: &str) -> String {
    let c: Vec<char> = t.chars().collect();
    c[c.len().saturating_sub(3)..].iter().collect()
}

/// Sizes of what [`files`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Documents.
    pub docs: u32,
    /// Distinct terms.
    pub terms: usize,
    /// Term shards.
    pub shards: usize,
    /// Files written.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: usize,
}

/// The manifest's JSON (its keys in this order).
#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    dl: bool,
    n: u32,
    fields: [&'static str; 6],
    boosts: [f64; 6],
    q: u32,
    msx: usize,
    wb: usize,
    uc: usize,
    rb: usize,
    bounds: Vec<&'a str>,
    people: Vec<&'a str>,
    purl: Vec<&'a str>,
    series: Vec<&'a str>,
    surl: Vec<&'a str>,
    tags: Vec<&'a str>,
    turl: Vec<&'a str>,
    types: Vec<&'a str>,
    d0: i32,
    units: String,
}

/// The page of `k` in `m`, or "".
fn page_of<'a>(m: &'a BTreeMap<String, String>, k: &str) -> &'a str {
    m.get(k).map_or("", String::as_str)
}

/// The names the units use, sorted, each list with its index by name.
struct Lists<'a> {
    people: Vec<&'a str>,
    series: Vec<&'a str>,
    tags: Vec<&'a str>,
    kinds: Vec<&'a str>,
    index: [FxHashMap<&'a str, usize>; 4],
    person_url: FxHashMap<&'a str, &'a str>,
}

impl<'a> Lists<'a> {
    fn of(units: &'a [Unit]) -> Lists<'a> {
        let mut sets: [BTreeSet<&str>; 4] = Default::default();
        let mut person_url: FxHashMap<&str, &str> = FxHashMap::default();
        for u in units {
            sets[0].extend(u.people.iter().map(String::as_str));
            sets[2].extend(u.tags.iter().map(String::as_str));
            if !u.series.is_empty() {
                sets[1].insert(&u.series);
            }
            if !u.kind.is_empty() {
                sets[3].insert(&u.kind);
            }
            if u.kind == "person" {
                person_url.entry(&u.title).or_insert(&u.url);
            }
        }
        let [people, series, tags, kinds] = sets.map(|x| x.into_iter().collect::<Vec<&str>>());
        let index = [&people, &series, &tags, &kinds]
            .map(|l| l.iter().enumerate().map(|(i, x)| (*x, i)).collect());
        Lists {
            people,
            series,
            tags,
            kinds,
            index,
            person_url,
        }
    }

    /// `v`'s number in list `k` (0 people, 1 series, 2 tags, 3 kinds).
    fn at(&self, k: usize, v: &str) -> usize {
        self.index[k].get(v).copied().unwrap_or(0)
    }

    /// `v`'s number in list `k` plus one, or 0 for none.
    fn at_or_none(&self, k: usize, v: &str) -> u64 {
        self.index[k].get(v).map_or(0, |i| *i as u64 + 1)
    }

    /// A unit's people and tags as varints: count, numbers, count, numbers.
    fn people_and_tags(&self, u: &Unit, out: &mut String) {
        push_varint(out, u.people.len() as u64);
        for p in &u.people {
            push_varint(out, self.at(0, p) as u64);
        }
        push_varint(out, u.tags.len() as u64);
        for t in &u.tags {
            push_varint(out, self.at(2, t) as u64);
        }
    }
}

/// `manifest.js`: counts, fields, shard bounds, the lists of people,
/// series, tags and types (with the pages of those that have one), and a
/// row per unit: windows, day (the change from the unit before, units
/// being newest first: 0 undated, else zigzag + 1), type, series. Who was
/// in a unit and its tags wait in `x.js` ([`filter_file`]) until a filter
/// needs them.
fn manifest(
    units: &[Unit],
    lists: &Lists,
    docs: u32,
    directory_links: bool,
    bounds: Vec<&str>,
    pages: &Pages,
    buckets: usize,
) -> OutFile {
    let d0 = units.iter().filter_map(|u| u.day).max().unwrap_or(0);
    let mut rows = String::new();
    let mut prev = d0;
    for u in units {
        push_varint(&mut rows, u.windows.len() as u64);
        let day = match u.day {
            None => 0,
            Some(d) => {
                let delta = i64::from(prev) - i64::from(d);
                prev = d;
                ((delta << 1) ^ (delta >> 63)) as u64 + 1
            }
        };
        push_varint(&mut rows, day);
        push_varint(&mut rows, lists.at_or_none(3, &u.kind));
        push_varint(&mut rows, lists.at_or_none(1, &u.series));
    }
    let purl = lists
        .people
        .iter()
        .map(|p| lists.person_url.get(p).copied().unwrap_or(""))
        .collect();
    let surl = lists
        .series
        .iter()
        .map(|x| page_of(&pages.series, x))
        .collect();
    let turl = lists.tags.iter().map(|x| page_of(&pages.tags, x)).collect();
    let m = Manifest {
        v: 3,
        dl: directory_links,
        n: docs,
        fields: FIELDS,
        boosts: BOOSTS,
        q: QUANT,
        msx: MAX_SUFFIX_TERMS,
        wb: WINDOW_BLOCK,
        uc: UNIT_CHUNK,
        rb: buckets,
        bounds,
        people: lists.people.clone(),
        purl,
        series: lists.series.clone(),
        surl,
        tags: lists.tags.clone(),
        turl,
        types: lists.kinds.clone(),
        d0,
        units: rows,
    };
    // strings, numbers and lists of them: nothing that fails to serialise
    let json = serde_json::to_string(&m).unwrap_or_default();
    OutFile {
        path: "search/idx/manifest.js".to_string(),
        bytes: format!("__mb_manifest({json});\n").into_bytes(),
    }
}

/// `x.js`: every unit's people and tags (see [`Lists::people_and_tags`]),
/// loaded only for a person or tag filter.
fn filter_file(units: &[Unit], lists: &Lists) -> OutFile {
    let mut rows = String::new();
    for u in units {
        lists.people_and_tags(u, &mut rows);
    }
    js_call(
        "search/idx/x.js".to_string(),
        "__mb_x",
        "0",
        rows.len() + 2,
        |s| push_json(s, &rows),
    )
}

/// Consecutive terms, a shard each, of about [`SHARD_BYTES`] (`sizes`:
/// the terms' encoded postings).
fn shard_ranges(terms: &impl TermSource, sizes: &[usize]) -> Vec<Range<usize>> {
    let mut shards: Vec<Range<usize>> = Vec::new();
    let mut size = SHARD_BYTES;
    for (k, e) in sizes.iter().enumerate() {
        if size >= SHARD_BYTES {
            shards.push(k..k);
            size = 0;
        }
        size += terms.term(k).len() + e + 6;
        if let Some(s) = shards.last_mut() {
            s.end = k + 1;
        }
    }
    shards
}

/// `s/N.js`: an object of term → encoded postings.
fn shard_file(n: usize, terms: &impl TermSource, r: Range<usize>, sizes: &[usize]) -> OutFile {
    let size = r
        .clone()
        .map(|k| terms.term(k).len() + sizes[k] + 6)
        .sum::<usize>();
    js_call(
        format!("search/idx/s/{n}.js"),
        "__mb_s",
        &n.to_string(),
        size + 2,
        |s| {
            s.push('{');
            for (i, k) in r.enumerate() {
                if i > 0 {
                    s.push(',');
                }
                push_json(s, terms.term(k));
                // postings are varint digits: nothing to escape
                s.push_str(":\"");
                terms.encode(k, s);
                s.push('"');
            }
            s.push('}');
        },
    )
}

/// The bucket of a word-ending key: FNV-1a (32 bits) of its UTF-8 bytes,
/// modulo `buckets` (search.js computes the same).
pub fn ending_bucket(key: &str, buckets: usize) -> usize {
    let h = key.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    h as usize % buckets.max(1)
}

/// `r/N.js`: the terms of four characters or more, by their last three
/// characters (the key), the keys spread over buckets of about
/// [`ENDING_BYTES`] by [`ending_bucket`]. Every bucket has its file, empty
/// or not, so the browser never asks for one that does not exist. Gives
/// the files and the number of buckets.
fn word_endings(terms: &impl TermSource) -> (Vec<OutFile>, usize) {
    let mut ends: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut bytes = 0;
    for k in 0..terms.count() {
        let t = terms.term(k);
        let mut from_end = t.char_indices().rev();
        // where the last three characters start, if a fourth precedes them
        if let Some((cut, _)) = from_end.nth(2) {
            if from_end.next().is_some() {
                ends.entry(&t[cut..]).or_default().push(t);
                bytes += t.len() + 3;
            }
        }
    }
    let buckets = (bytes / ENDING_BYTES).clamp(1, 4096);
    let mut by: Vec<Vec<(&str, &Vec<&str>)>> = vec![Vec::new(); buckets];
    for (k, ts) in &ends {
        by[ending_bucket(k, buckets)].push((k, ts));
    }
    let files = by
        .iter()
        .enumerate()
        .map(|(n, keys)| {
            let size: usize = keys
                .iter()
                .map(|(k, ts)| k.len() + 4 + ts.iter().map(|t| t.len() + 3).sum::<usize>())
                .sum();
            js_call(
                format!("search/idx/r/{n}.js"),
                "__mb_r",
                &n.to_string(),
                size + 2,
                |s| {
                    s.push('{');
                    for (i, (k, ts)) in keys.iter().enumerate() {
                        if i > 0 {
                            s.push(',');
                        }
                        push_json(s, k);
                        s.push(':');
                        push_json_list(s, ts.iter().copied());
                    }
                    s.push('}');
                },
            )
        })
        .collect();
    (files, buckets)
}

/// `u/N.js`: title, URL, date and people (their numbers, as varints) of
/// [`UNIT_CHUNK`] units.
fn unit_files(units: &[Unit], lists: &Lists) -> Vec<OutFile> {
    units
        .chunks(UNIT_CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            js_call(
                format!("search/idx/u/{c}.js"),
                "__mb_u",
                &c.to_string(),
                chunk
                    .iter()
                    .map(|u| u.title.len() + u.url.len() + u.date.len() + 3 * u.people.len() + 16)
                    .sum(),
                |s| {
                    s.push('[');
                    for (i, u) in chunk.iter().enumerate() {
                        if i > 0 {
                            s.push(',');
                        }
                        let mut people = String::new();
                        for p in &u.people {
                            push_varint(&mut people, lists.at(0, p) as u64);
                        }
                        push_json_list(s, [u.title.as_str(), &u.url, &u.date, &people]);
                    }
                    s.push(']');
                },
            )
        })
        .collect()
}

/// The index as files under `search/idx/`, sorted by path.
pub fn files(mut ix: Index, directory_links: bool) -> (Vec<OutFile>, Stats) {
    let postings = std::mem::take(&mut ix.postings);
    let terms: Vec<(&String, &Vec<FieldPostings>)> = postings.iter().collect();
    write(ix, &terms, directory_links)
}

/// The files of an index whose postings are `terms`.
fn write(ix: Index, terms: &impl TermSource, directory_links: bool) -> (Vec<OutFile>, Stats) {
    let Index {
        units,
        docs,
        fragments,
        streamed,
        pages,
        ..
    } = ix;
    let sizes: Vec<usize> = (0..terms.count())
        .into_par_iter()
        .map(|k| terms.size(k))
        .collect();
    let shards = shard_ranges(terms, &sizes);
    let bounds: Vec<&str> = shards.iter().map(|s| terms.term(s.start)).collect();
    let (endings, buckets) = word_endings(terms);
    let lists = Lists::of(&units);
    let mut out = vec![
        manifest(
            &units,
            &lists,
            docs,
            directory_links,
            bounds,
            &pages,
            buckets,
        ),
        filter_file(&units, &lists),
    ];
    out.par_extend(
        shards
            .par_iter()
            .enumerate()
            .map(|(n, r)| shard_file(n, terms, r.clone(), &sizes)),
    );
    out.extend(endings);
    out.extend(unit_files(&units, &lists));
    out.extend(fragments);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    let stats = Stats {
        docs,
        terms: terms.count(),
        shards: shards.len(),
        files: out.len() + streamed.0,
        bytes: out.iter().map(|f| f.bytes.len()).sum::<usize>() + streamed.1,
    };
    (out, stats)
}

/// Build the index of the published site and its files.
pub fn build(published: &Published, directory_links: bool) -> (Vec<OutFile>, Stats) {
    let (ix, flat) = Index::collect(published, false, None, &published.site().store)
        .unwrap_or_else(|_| unreachable!("no sink, nothing to fail"));
    write(ix, &flat, directory_links)
}

/// [`build`], giving the files to `sink`: each unit's snippet files as soon
/// as they are made (most of the index's bytes), the rest at the end. What
/// waits meanwhile goes to a store in the sink's scratch folder (else to
/// the site's).
pub fn build_into(
    published: &Published,
    directory_links: bool,
    sink: &dyn Sink,
) -> anyhow::Result<Stats> {
    // the postings wait in a store of the index's own, gone with it (the
    // site's may outlive it: `serve` keeps one for the session)
    let own = sink
        .scratch_dir()
        .and_then(|d| crate::store::Store::in_dir(d).ok());
    let scratch = own.as_ref().unwrap_or(&published.site().store);
    let (ix, flat) = Index::collect(published, false, Some(sink), scratch)?;
    if let Some(e) = scratch.error() {
        anyhow::bail!(e);
    }
    let (files, stats) = write(ix, &flat, directory_links);
    files.into_iter().try_for_each(|f| sink.put(f))?;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_sections_by_the_block_scanner() {
        let n = Note {
            body: "# Decision review\nintro\n\nSummary\n-------\nagreed <!-- hidden -->\n<!--\nhidden too\n-->\n```\n# not a heading\n```\n#tag line\n## Risks\nrisky\n> ## Outcomes\n> shipped\n".into(),
            ..Default::default()
        };
        let s = summary_text(&n, &crate::store::Store::memory());
        assert_eq!(
            s,
            "intro\n\nagreed \n```\n# not a heading\n```\n#tag line\n> shipped\n"
        );
    }

    #[test]
    fn a_turn_id_is_left_out_only_when_its_time_gives_it() {
        assert!(derived_id("t-00-31-43", "00:31:43"));
        assert!(derived_id("t-01-02-03", "01:02:03"));
        // a second turn at the same second, or a time written otherwise
        assert!(!derived_id("t-01-02-03-2", "01:02:03"));
        assert!(!derived_id("t-00-00-29", "0:29"));
        assert!(!derived_id("t-00-31-44", "00:31:43"));
        assert!(!derived_id("x-00-31-43", "00:31:43"));
        assert!(!derived_id("", ""));
    }

    #[test]
    fn varints_round_trip() {
        let mut s = String::new();
        let ns = [0u64, 1, 31, 32, 33, 1023, 1024, 123_456_789];
        for n in ns {
            push_varint(&mut s, n);
        }
        assert_eq!(read_varints(&s), ns);
    }

    #[test]
    fn postings_round_trip() {
        let p = vec![
            FieldPostings {
                field: 0,
                df: 9,
                docs: vec![(3, 31), (70, 1)],
            },
            FieldPostings {
                field: 5,
                df: 1,
                docs: vec![(100_000, 12)],
            },
        ];
        assert_eq!(decode_postings(&encode_postings(&p)), p);
        let term = String::from("t");
        assert_eq!(vec![(&term, &p)].size(0), encode_postings(&p).len());
        for n in [0u64, 31, 32, 1023, 1024, u64::from(u32::MAX), u64::MAX] {
            let mut s = String::new();
            push_varint(&mut s, n);
            assert_eq!(varint_len(n), s.len(), "{n}");
        }
    }

    #[test]
    fn pipeline_is_elasticlunrs() {
        let p = TextPipeline::default();
        assert_eq!(
            p.terms("The Meetings were GENERALLY about pricing; Pabrafel's café-bar!"),
            ["meet", "gener", "price", "pabrafel", "café", "bar"]
        );
    }

    #[test]
    fn quantised_weights() {
        assert_eq!(quantise(1, 1), 31);
        assert_eq!(quantise(1, 4), 16);
        assert_eq!(quantise(1, 10_000), 1);
        assert_eq!(quantise(0, 0), 1);
    }

    #[test]
    fn pruning_keeps_the_heaviest() {
        let mut docs: Vec<u32> = (0..MAX_POSTINGS as u32 + 10).collect();
        let mut weights: Vec<u8> = docs
            .iter()
            .map(|d| if d % 100 == 7 { 30 } else { 2 })
            .collect();
        prune(&mut docs, &mut weights);
        let kept: Vec<(u32, u8)> = docs[..MAX_POSTINGS]
            .iter()
            .copied()
            .zip(weights.iter().copied())
            .collect();
        // the 21 heavy ones, then the lightest with the lowest documents
        assert_eq!(kept.iter().filter(|p| p.1 == 30).count(), 21);
        assert_eq!(kept[0], (0, 2));
        assert!(
            kept.iter()
                .any(|&(d, _)| d == MAX_POSTINGS as u32 + 7 - 100)
        );
        assert!(kept.windows(2).all(|w| w[0].0 < w[1].0));
    }

    /// The words as the first version found them, char by char.
    fn words_char_by_char(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut n = 0;
        for c in text.chars().chain([' ']) {
            if c.is_alphanumeric() {
                cur.extend(c.to_lowercase());
                n += 1;
            } else {
                if !cur.is_empty() && n <= 40 {
                    out.push(cur.clone());
                }
                cur.clear();
                n = 0;
            }
        }
        out
    }

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_words(text, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn alnum_bytes_are_ascii_letters_and_digits() {
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b'.', b, b'a', 0xff, b'Z', b'0', b' ', b]);
            let want: u64 = [b'.', b, b'a', 0xff, b'Z', b'0', b' ', b]
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_ascii_alphanumeric())
                .map(|(i, _)| 0x80u64 << (8 * i))
                .sum();
            assert_eq!(alnum_bytes(x), want, "{b:#x}");
        }
    }

    #[test]
    fn words_split_as_char_by_char() {
        let long = "x".repeat(40);
        for t in [
            "",
            "a",
            "Hello, World! 42x",
            "café-Bar naïve ÉCOLE",
            "ABCdef\u{212A}elvin \u{130}stanbul straße ǅemal",
            "日本語のテキスト and Ωmega—dash…end",
            &format!("{long} {long}y {long}é é{long}"),
            "trailing\u{2014}",
            "\u{2014}leading",
            "mixé",
            "x\u{300}y",
        ] {
            assert_eq!(words(t), words_char_by_char(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn words_split_as_char_by_char_any(t in "(\\PC|[A-Za-z0-9 ]){0,80}") {
            proptest::prop_assert_eq!(words(&t), words_char_by_char(&t));
        }

        #[test]
        fn json_strings_as_serde_json(t in "(\\PC|[\\x00-\\x1f\"\\\\])*") {
            let mut s = String::new();
            push_json(&mut s, &t);
            proptest::prop_assert_eq!(s, serde_json::to_string(&t).unwrap());
        }
    }
}
