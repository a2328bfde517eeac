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
//! with coordination, prefix expansion at 0.15 weight). [`Index::search`]
//! is the same scoring in Rust, for the tests.
//!
//! **Documents.** A *unit* is a note or a person (a person's note is their
//! unit). Its own document holds the title, people, series and tags, summary
//! and decisions, and body. Each transcript *window* — up to
//! [`WINDOW_TURNS`] consecutive turns of one speaker — is a document of its
//! own (transcript text, speaker as people), so a hit links to `NOTE#t-…`
//! and shows who spoke and when. Documents are numbered unit by unit,
//! units newest first.
//!
//! **Files.**
//! - `manifest.js` (loaded when search is first used): document count,
//!   fields and boosts, the first term of every shard, the lists of people,
//!   series, types and years, and one compact row per unit (number of
//!   windows, year, type, series, people) — enough to filter and map
//!   document numbers to units.
//! - `s/N.js`: term shards of about [`SHARD_BYTES`], terms sorted. A term's
//!   postings are a string of base-32 varints ([`push_varint`]): per field,
//!   the field number, its global `df`, the number of postings kept, then
//!   per posting the document's delta and the quantised weight. A term in
//!   more than [`MAX_POSTINGS`] documents of a field keeps the heaviest
//!   ones (impact-ordered pruning), so the commonest words stay small. No
//!   text is stored in postings.
//! - `r/HEX.js`: every term of four characters or more, grouped by its last
//!   three, for word-ending matches (`abrafel` finds `pabrafel`).
//! - `u/N.js`: title, URL and date of [`UNIT_CHUNK`] units.
//! - `f/U.js`, `f/U-B.js`: snippet text, loaded only for results shown: a
//!   unit's body, and its transcript windows in blocks of [`WINDOW_BLOCK`]
//!   (speaker, then each turn's anchor, time and text: a result links to
//!   the turn of its window that holds the match).

use crate::blocks;
use crate::model::{Note, Site};
use crate::publish::Published;
use crate::render::OutFile;
use elasticlunr::Language;
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::Mutex;

/// Fields of a document, in boost order (elasticlunr field names).
pub const FIELDS: [&str; 6] = ["title", "people", "tags", "summary", "body", "transcript"];
/// Boost of each field of [`FIELDS`]: title > people > series and tags >
/// summary and decisions > body > transcript.
pub const BOOSTS: [f64; 6] = [10.0, 6.0, 4.0, 3.0, 2.0, 1.0];
/// Consecutive turns of one speaker per transcript window.
pub const WINDOW_TURNS: usize = 3;
/// Windows per fragment file.
pub const WINDOW_BLOCK: usize = 16;
/// Units per unit-metadata file.
pub const UNIT_CHUNK: usize = 64;
/// Target size of a term shard (bytes of JavaScript).
pub const SHARD_BYTES: usize = 24 * 1024;
/// Body text kept for snippets, in characters.
const BODY_SNIPPET_CHARS: usize = 8000;
/// Most terms a word-ending match expands to.
pub const MAX_SUFFIX_TERMS: usize = 12;
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
    let mut cur = String::new();
    let mut n = 0;
    let mut flush = |cur: &mut String, n: &mut usize| {
        if !cur.is_empty() && *n <= 40 {
            f(cur);
        }
        cur.clear();
        *n = 0;
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
            n += 1;
        } else {
            flush(&mut cur, &mut n);
        }
    }
    flush(&mut cur, &mut n);
}

/// A transcript window: up to [`WINDOW_TURNS`] turns of one speaker.
#[derive(Debug, Clone)]
pub struct Window {
    /// Who spoke.
    pub speaker: String,
    /// The turns' text, joined.
    pub text: String,
    /// Each turn: element id (`t-00-31-43`), time (`00:31:43`), text.
    pub turns: Vec<[String; 3]>,
}

/// What a result can point at: a note or a person (with their note).
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
    /// Snippet fragment files (`f/…`).
    fragments: Vec<OutFile>,
}

/// A scored result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The document.
    pub doc: DocRef,
    /// Its score.
    pub score: f64,
    /// The URL (`meetings/…/#t-00-01-02`), relative to the root.
    pub url: String,
}

/// The frontmatter `summary` and the lines under headings that name a
/// summary, decisions or outcomes (to the next heading of any level), as
/// [`blocks`] finds headings; HTML comments are not text.
fn summary_text(n: &Note) -> String {
    let mut out = String::new();
    if let Some(v) = n.frontmatter.get("summary") {
        out.push_str(&crate::resolve::fm_strings(v).join(" "));
        out.push('\n');
    }
    let mut on = false;
    // (line number, text) of the lines kept
    let mut kept: Vec<(usize, &str)> = Vec::new();
    for line in blocks::Scanner::new(&n.body) {
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

fn windows(n: &Note) -> Vec<Window> {
    let mut out: Vec<Window> = Vec::new();
    let Some(t) = &n.transcript else {
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
        let row = [turn.id.clone(), stamp.to_string(), turn.text.clone()];
        match out.last_mut() {
            Some(w) if same && w.turns.len() < WINDOW_TURNS => {
                w.text.push(' ');
                w.text.push_str(&turn.text);
                w.turns.push(row);
            }
            _ => out.push(Window {
                speaker: turn.speaker.clone(),
                text: turn.text.clone(),
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

/// Terms to numbers, shared by the threads; each thread keeps its own
/// cache of word → number so the lock is taken once per new word.
struct Interner {
    terms: Mutex<HashMap<String, u32>>,
}

struct Local {
    pipeline: TextPipeline,
    words: HashMap<String, Option<u32>>,
}

impl Interner {
    fn id(&self, local: &mut Local, word: &str) -> Option<u32> {
        if let Some(&id) = local.words.get(word) {
            return id;
        }
        let id = local.pipeline.term(word).map(|t| {
            let mut m = self.terms.lock().unwrap_or_else(|e| e.into_inner());
            let next = m.len() as u32;
            *m.entry(t).or_insert(next)
        });
        local.words.insert(word.to_string(), id);
        id
    }
}

/// A document's terms while counting: term → count per field.
#[derive(Default)]
struct Counter {
    counts: HashMap<u32, [u32; 6]>,
    lengths: [u32; 6],
}

impl Counter {
    fn add(&mut self, ix: &Interner, local: &mut Local, field: usize, text: &str) {
        for_words(text, |w| {
            if let Some(id) = ix.id(local, w) {
                self.counts.entry(id).or_insert([0; 6])[field] += 1;
                self.lengths[field] += 1;
            }
        });
    }

    /// `(term, field, weight)`, sorted.
    fn finish(self) -> Vec<(u32, u8, u8)> {
        let mut out = Vec::with_capacity(self.counts.len());
        for (t, c) in self.counts {
            for (f, &n) in c.iter().enumerate() {
                if n > 0 {
                    out.push((t, f as u8, quantise(n, self.lengths[f])));
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// elasticlunr's `tf × fieldLengthNorm`, `√count / √length`, as `1..=QUANT`.
pub fn quantise(count: u32, length: u32) -> u8 {
    let w = (f64::from(count) / f64::from(length.max(count).max(1))).sqrt();
    (w * f64::from(QUANT)).round().clamp(1.0, f64::from(QUANT)) as u8
}

fn js_call(f: &str, key: &Value, data: &Value) -> Vec<u8> {
    format!("{f}({key},{data});\n").into_bytes()
}

/// A document's `(term, field, weight)`, sorted.
type DocTerms = Vec<(u32, u8, u8)>;

/// A unit, its documents' terms, its fragment files.
type Built = (Unit, Vec<DocTerms>, Vec<OutFile>);

/// One unit: its metadata, its documents' terms, its fragment files.
fn unit_of(
    site: &Site,
    number: usize,
    (note, person): (Option<usize>, Option<usize>),
    ix: &Interner,
    local: &mut Local,
) -> Built {
    let dir = "search/idx/f";
    let n = note.map(|i| &site.notes[i]);
    let mut own = Counter::default();
    let (title, url, kind) = match (person, n) {
        (Some(p), _) => {
            let p = &site.people[p];
            own.add(ix, local, 0, &p.name);
            for a in &p.aliases {
                own.add(ix, local, 0, a);
            }
            (p.name.clone(), p.url.clone(), "person".to_string())
        }
        (None, Some(n)) => {
            own.add(ix, local, 0, &n.title);
            (
                n.title.clone(),
                n.url.clone(),
                n.kind.clone().unwrap_or_default(),
            )
        }
        (None, None) => Default::default(),
    };
    let mut people = Vec::new();
    let mut series = String::new();
    let mut body = String::new();
    let mut wins = Vec::new();
    if let Some(p) = person {
        people.push(site.people[p].name.clone());
    }
    if let Some(n) = n {
        for (p, _) in &n.people {
            let name = &site.people[*p].name;
            own.add(ix, local, 1, name);
            if !people.contains(name) {
                people.push(name.clone());
            }
        }
        if let Some(s) = n.series {
            series = site.series[s].title.clone();
            own.add(ix, local, 2, &series);
        }
        for t in &n.tags {
            own.add(ix, local, 2, t);
        }
        own.add(ix, local, 3, &summary_text(n));
        own.add(ix, local, 4, &n.text);
        // the summary and decisions count once, in their own field
        for c in own.counts.values_mut() {
            let d = c[4].min(c[3]);
            c[4] -= d;
            own.lengths[4] -= d;
        }
        own.counts.retain(|_, c| c.iter().any(|&x| x > 0));
        wins = windows(n);
        body = n.text.chars().take(BODY_SNIPPET_CHARS).collect();
    }
    let mut docs = vec![own.finish()];
    let mut frags = vec![OutFile {
        path: format!("{dir}/{number}.js"),
        bytes: js_call("__mb_f", &json!(number.to_string()), &json!(body)),
    }];
    for w in &wins {
        let mut c = Counter::default();
        c.add(ix, local, 1, &w.speaker);
        c.add(ix, local, 5, &w.text);
        docs.push(c.finish());
    }
    for (b, block) in wins.chunks(WINDOW_BLOCK).enumerate() {
        let rows: Vec<Value> = block.iter().map(|w| json!([w.speaker, w.turns])).collect();
        frags.push(OutFile {
            path: format!("{dir}/{number}-{b}.js"),
            bytes: js_call("__mb_f", &json!(format!("{number}-{b}")), &json!(rows)),
        });
    }
    let unit = Unit {
        title,
        url,
        date: n.map(iso).unwrap_or_default(),
        kind,
        series,
        people,
        source: n.map(|n| n.path.clone()),
        windows: wins
            .into_iter()
            .map(|w| {
                let ids: Vec<String> = w.turns.into_iter().map(|[id, _, _]| id).collect();
                (ids[0].clone(), ids)
            })
            .collect(),
    };
    (unit, docs, frags)
}

/// Keep the `MAX_POSTINGS` heaviest postings (ties: lower document, that
/// is newer), documents ascending again.
fn prune(mut docs: Vec<(u32, u8)>) -> Vec<(u32, u8)> {
    if docs.len() > MAX_POSTINGS {
        docs.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        docs.truncate(MAX_POSTINGS);
        docs.sort_unstable();
    }
    docs
}

impl Index {
    /// Build the index of a published site, in parallel.
    pub fn build(published: &Published) -> Index {
        let site = published.site();
        // units: notes (a person's note as the person), then people without
        // a note; newest first, so that among equal scores newer meetings
        // come first (elasticlunr breaks ties by document number)
        let mut plan: Vec<(Option<usize>, Option<usize>)> = site
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| (Some(i), n.person))
            .collect();
        plan.extend(
            site.people
                .iter()
                .enumerate()
                .filter(|(_, p)| p.note.is_none())
                .map(|(k, _)| (None, Some(k))),
        );
        plan.sort_by_key(|&(n, _)| {
            let d = n.and_then(|i| site.notes[i].date);
            (d.is_none(), std::cmp::Reverse(d))
        });
        let ix = Interner {
            terms: Mutex::new(HashMap::new()),
        };
        let built: Vec<Built> = plan
            .par_iter()
            .enumerate()
            .map_init(
                || Local {
                    pipeline: TextPipeline::default(),
                    words: HashMap::new(),
                },
                |local, (k, &p)| unit_of(site, k, p, &ix, local),
            )
            .collect();
        // number the terms in sorted order
        let terms = ix.terms.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut names: Vec<(String, u32)> = terms.into_iter().collect();
        names.par_sort_unstable();
        let mut rank = vec![0u32; names.len()];
        for (r, (_, id)) in names.iter().enumerate() {
            rank[*id as usize] = r as u32;
        }
        let mut units = Vec::with_capacity(built.len());
        let mut starts = Vec::with_capacity(built.len());
        let mut fragments = Vec::new();
        // postings grouped by term: count, then fill in document order
        let mut count = vec![0u32; names.len() + 1];
        let mut docs = 0u32;
        for (_, ds, _) in &built {
            for d in ds {
                for &(t, _, _) in d {
                    count[rank[t as usize] as usize + 1] += 1;
                }
            }
        }
        for i in 1..count.len() {
            count[i] += count[i - 1];
        }
        let total = count.last().copied().unwrap_or(0) as usize;
        let mut flat: Vec<(u32, u8, u8)> = vec![(0, 0, 0); total];
        let mut fill = count.clone();
        for (unit, ds, frags) in built {
            starts.push(docs);
            for d in ds {
                for (t, f, w) in d {
                    let r = rank[t as usize] as usize;
                    flat[fill[r] as usize] = (docs, f, w);
                    fill[r] += 1;
                }
                docs += 1;
            }
            units.push(unit);
            fragments.extend(frags);
        }
        let postings: Vec<(String, Vec<FieldPostings>)> = names
            .into_par_iter()
            .enumerate()
            .map(|(r, (term, _))| {
                let all = &flat[count[r] as usize..count[r + 1] as usize];
                let mut per: Vec<FieldPostings> = Vec::new();
                for f in 0..FIELDS.len() as u8 {
                    let docs: Vec<(u32, u8)> = all
                        .iter()
                        .filter(|p| p.1 == f)
                        .map(|p| (p.0, p.2))
                        .collect();
                    if !docs.is_empty() {
                        per.push(FieldPostings {
                            field: f,
                            df: docs.len() as u32,
                            docs: prune(docs),
                        });
                    }
                }
                (term, per)
            })
            .collect();
        Index {
            units,
            starts,
            docs,
            postings: postings.into_iter().collect(),
            fragments,
        }
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

    /// elasticlunr's search (`Index.prototype.search` with every field,
    /// OR, no expansion) over the query's terms: per field, the sum over
    /// the terms of `tf × idf`, times the share of the terms the document
    /// holds in that field, times the field's boost; summed over fields.
    /// Documents holding more of the words (in any field) first, then by
    /// score, then by document number — as `search.js` orders them.
    pub fn search(&self, q: &str) -> Vec<Hit> {
        let terms = TextPipeline::default().terms(q);
        let mut total: BTreeMap<u32, f64> = BTreeMap::new();
        for (f, boost) in BOOSTS.iter().enumerate() {
            let mut scores: BTreeMap<u32, (f64, usize)> = BTreeMap::new();
            for t in &terms {
                let Some(fp) = self
                    .postings
                    .get(t)
                    .and_then(|p| p.iter().find(|x| usize::from(x.field) == f))
                else {
                    continue;
                };
                let idf = 1.0 + (f64::from(self.docs) / (f64::from(fp.df) + 1.0)).ln();
                for &(d, w) in &fp.docs {
                    let e = scores.entry(d).or_default();
                    e.0 += f64::from(w) / f64::from(QUANT) * idf;
                    e.1 += 1;
                }
            }
            for (d, (s, n)) in scores {
                *total.entry(d).or_default() += s * n as f64 / terms.len() as f64 * boost;
            }
        }
        // across fields, documents that hold more of the words come first
        let mut held: BTreeMap<u32, usize> = BTreeMap::new();
        let distinct: BTreeSet<&String> = terms.iter().collect();
        for t in distinct {
            let docs: BTreeSet<u32> = self
                .postings
                .get(t)
                .into_iter()
                .flatten()
                .flat_map(|fp| fp.docs.iter().map(|d| d.0))
                .collect();
            for d in docs {
                *held.entry(d).or_default() += 1;
            }
        }
        let mut hits: Vec<(u32, f64)> = total.into_iter().collect();
        let held = |d: u32| held.get(&d).copied().unwrap_or(0);
        hits.sort_by(|a, b| {
            held(b.0)
                .cmp(&held(a.0))
                .then(b.1.total_cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        hits.into_iter()
            .map(|(d, score)| {
                let doc = self.doc_ref(d);
                Hit {
                    doc,
                    score,
                    url: self.doc_url(doc),
                }
            })
            .collect()
    }
}

/// A term's postings as a string of varints (see the module docs).
pub fn encode_postings(p: &[FieldPostings]) -> String {
    let mut s = String::new();
    for fp in p {
        push_varint(&mut s, u64::from(fp.field));
        push_varint(&mut s, u64::from(fp.df));
        push_varint(&mut s, fp.docs.len() as u64);
        let mut prev = 0u32;
        for &(doc, w) in &fp.docs {
            push_varint(&mut s, u64::from(doc - prev));
            push_varint(&mut s, u64::from(w));
            prev = doc;
        }
    }
    s
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

fn hex(s: &str) -> String {
    s.bytes().fold(String::new(), |mut o, b| {
        let _ = write!(o, "{b:02x}");
        o
    })
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

/// The index as files under `search/idx/`, sorted by path.
pub fn files(ix: Index, directory_links: bool) -> (Vec<OutFile>, Stats) {
    let dir = "search/idx";
    // lists for filters
    let mut people: BTreeSet<&str> = BTreeSet::new();
    let mut series: BTreeSet<&str> = BTreeSet::new();
    let mut kinds: BTreeSet<&str> = BTreeSet::new();
    let mut years: BTreeSet<u32> = BTreeSet::new();
    for u in &ix.units {
        people.extend(u.people.iter().map(String::as_str));
        if !u.series.is_empty() {
            series.insert(&u.series);
        }
        if !u.kind.is_empty() {
            kinds.insert(&u.kind);
        }
        if let Some(y) = u.date.get(..4).and_then(|y| y.parse().ok()) {
            years.insert(y);
        }
    }
    let pos = |set: &BTreeSet<&str>, v: &str| set.iter().position(|x| *x == v);
    let people_v: Vec<&str> = people.iter().copied().collect();
    let people_ix: HashMap<&str, usize> =
        people_v.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let min_year = years.first().copied().unwrap_or(2000);
    let mut rows = String::new();
    for u in &ix.units {
        push_varint(&mut rows, u.windows.len() as u64);
        let y: u64 = u
            .date
            .get(..4)
            .and_then(|y| y.parse::<u32>().ok())
            .map(|y| u64::from(y.saturating_sub(min_year) + 1))
            .unwrap_or(0);
        push_varint(&mut rows, y);
        push_varint(
            &mut rows,
            pos(&kinds, &u.kind).map(|k| k as u64 + 1).unwrap_or(0),
        );
        push_varint(
            &mut rows,
            pos(&series, &u.series).map(|k| k as u64 + 1).unwrap_or(0),
        );
        push_varint(&mut rows, u.people.len() as u64);
        for p in &u.people {
            push_varint(
                &mut rows,
                people_ix.get(p.as_str()).copied().unwrap_or(0) as u64,
            );
        }
    }
    // term shards
    let keys: Vec<&String> = ix.postings.keys().collect();
    let encoded: Vec<String> = keys
        .par_iter()
        .map(|t| encode_postings(&ix.postings[*t]))
        .collect();
    let mut shards: Vec<Vec<usize>> = Vec::new();
    let mut size = SHARD_BYTES;
    for (k, e) in encoded.iter().enumerate() {
        if size >= SHARD_BYTES {
            shards.push(Vec::new());
            size = 0;
        }
        size += keys[k].len() + e.len() + 6;
        if let Some(s) = shards.last_mut() {
            s.push(k);
        }
    }
    let bounds: Vec<&str> = shards.iter().map(|s| keys[s[0]].as_str()).collect();
    let manifest = json!({
        "v": 2,
        "dl": directory_links,
        "n": ix.docs,
        "fields": FIELDS,
        "boosts": BOOSTS,
        "q": QUANT,
        "msx": MAX_SUFFIX_TERMS,
        "wb": WINDOW_BLOCK,
        "uc": UNIT_CHUNK,
        "bounds": bounds,
        "people": people_v,
        "series": series.iter().collect::<Vec<_>>(),
        "types": kinds.iter().collect::<Vec<_>>(),
        "y0": min_year,
        "units": rows,
    });
    let mut out: Vec<OutFile> = vec![OutFile {
        path: format!("{dir}/manifest.js"),
        bytes: format!("__mb_manifest({manifest});\n").into_bytes(),
    }];
    let shard_files: Vec<OutFile> = shards
        .par_iter()
        .enumerate()
        .map(|(n, s)| {
            let mut m = serde_json::Map::new();
            for &k in s {
                m.insert(keys[k].clone(), Value::String(encoded[k].clone()));
            }
            OutFile {
                path: format!("{dir}/s/{n}.js"),
                bytes: js_call("__mb_s", &json!(n), &Value::Object(m)),
            }
        })
        .collect();
    out.extend(shard_files);
    // word endings
    let mut ends: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for t in &keys {
        if t.chars().count() >= 4 {
            ends.entry(suffix_key(t)).or_default().push(t);
        }
    }
    for (k, ts) in &ends {
        out.push(OutFile {
            path: format!("{dir}/r/{}.js", hex(k)),
            bytes: js_call("__mb_r", &json!(k), &json!(ts)),
        });
    }
    // unit metadata
    for (c, chunk) in ix.units.chunks(UNIT_CHUNK).enumerate() {
        let rows: Vec<Value> = chunk
            .iter()
            .map(|u| json!([u.title, u.url, u.date]))
            .collect();
        out.push(OutFile {
            path: format!("{dir}/u/{c}.js"),
            bytes: js_call("__mb_u", &json!(c), &json!(rows)),
        });
    }
    let stats_terms = keys.len();
    let n_shards = shards.len();
    out.extend(ix.fragments);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    let stats = Stats {
        docs: ix.docs,
        terms: stats_terms,
        shards: n_shards,
        files: out.len(),
        bytes: out.iter().map(|f| f.bytes.len()).sum(),
    };
    (out, stats)
}

/// Build the index of the published site and its files.
pub fn build(published: &Published, directory_links: bool) -> (Vec<OutFile>, Stats) {
    files(Index::build(published), directory_links)
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
        let s = summary_text(&n);
        assert_eq!(
            s,
            "intro\n\nagreed \n```\n# not a heading\n```\n#tag line\n> shipped\n"
        );
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
        let docs: Vec<(u32, u8)> = (0..MAX_POSTINGS as u32 + 10)
            .map(|d| (d, if d % 100 == 7 { 30 } else { 2 }))
            .collect();
        let kept = prune(docs);
        assert_eq!(kept.len(), MAX_POSTINGS);
        assert!(
            kept.iter()
                .any(|&(d, _)| d == MAX_POSTINGS as u32 + 7 - 100)
        );
        assert!(kept.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
