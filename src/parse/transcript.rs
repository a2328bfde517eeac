//! AI meeting transcripts: finding the transcript block in a note body and
//! reading its turns.
//!
//! Takes the Markdown body of a note (LF line ends, frontmatter removed) and
//! gives:
//!
//! - [`find_block`]: the byte range of the transcript block, to cut it out of
//!   the Markdown, and the text fences inside it ([`Block`], [`Fence`]). The
//!   block lies between `<!-- ai:transcript:start -->` and
//!   `<!-- ai:transcript:end -->` lines, or, in notes without markers, under a
//!   `## Transcript` heading up to the next heading of the same or a higher
//!   level (headings and fences as [`crate::parse::blocks`] finds them).
//! - [`parse`]: the turns of a block ([`Transcript`], [`Turn`]), one a line,
//!   `[HH:MM:SS.ss] SOURCE : TEXT`, each with a unique anchor id and a
//!   resolved speaker: SOURCE when it names a person, else a person's name
//!   fused onto the front of TEXT (`Jabra Speak 710 :  Sam OkoroYeah`), else
//!   the device's person from a `speakers:` map, else the device label
//!   ([`Speakers`]).
//! - [`duration_seconds`], and [`is_noise`] / [`noise_segments`] to tell
//!   recorder noise (`AUDIOBLANK`, `(clicking)`, `[inaudible]`) from speech.
//!
//! Pure functions: no I/O, no panics on any input, and linear time: a name
//! trie finds fused names in time proportional to the name's length, however
//! many names there are.

use crate::parse::blocks;
use serde::Serialize;
use std::collections::HashMap;

/// The comment text of the line that opens a transcript block.
const START_MARKER: &str = "ai:transcript:start";
/// The comment text of the line that closes a transcript block.
const END_MARKER: &str = "ai:transcript:end";
/// The word a transcript heading starts with (ASCII case-insensitive).
const HEADING_WORD: &str = "transcript";
/// Bare upper-case noise tokens a recorder writes into the text.
const NOISE_WORDS: &[&str] = &["AUDIOBLANK", "BLANK_AUDIO", "INAUDIBLE", "CROSSTALK"];
/// Noise words recognised inside square brackets, any case: `[inaudible]`.
const BRACKET_NOISE: &[&str] = &[
    "inaudible",
    "unintelligible",
    "indiscernible",
    "crosstalk",
    "laughter",
    "laughs",
    "laughing",
    "silence",
    "music",
    "noise",
    "applause",
    "clicking",
    "coughing",
    "cough",
    "blank_audio",
    "audioblank",
];
/// Longest word looked for inside `[...]`, in bytes.
const MAX_BRACKET_WORD: usize = 16;

/// The transcript block of a note body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// Byte offset in the body where the block starts: the start of the start
    /// marker line, or of the transcript heading line.
    pub start: usize,
    /// Byte offset in the body just past the block: past the end marker line
    /// and its line end; the start of the next heading of the same or higher
    /// level; or the end of the body. `body[..start] + body[end..]` is the
    /// note without its transcript.
    pub end: usize,
    /// The text fences (info string `text`, `txt` or empty) inside the block
    /// that hold at least one turn, in order. Empty when the block holds none.
    pub fences: Vec<Fence>,
    /// Byte ranges of the body that the parsed transcript stands for: the
    /// marker lines, the transcript heading lines and the fences that hold at
    /// least one turn. Everything else of the block stays in the note's
    /// Markdown, so no text is lost. Empty when no fence holds a turn: then
    /// the block is not a transcript in a known form ([`Block::is_parsed`]).
    pub cuts: Vec<(usize, usize)>,
    /// Where the fences' text went, when it was put in a
    /// [`Store`](crate::store::Store) ([`Block::spill`]); their
    /// [`Fence::text`] are empty then.
    pub stored: Option<crate::store::Span>,
}

impl Block {
    /// Move the fences' text into `store` (they keep it when the store
    /// cannot take it).
    pub fn spill(&mut self, store: &crate::store::Store) {
        if self.stored.is_some() {
            return;
        }
        if let Some(span) = store.put_texts(self.fences.iter().map(|f| f.text.as_str())) {
            self.stored = Some(span);
            for f in &mut self.fences {
                f.text = String::new();
            }
        }
    }

    /// The block with its fences' text: itself when they hold it, else a
    /// copy read back from `store`.
    pub fn with_text<'a>(&'a self, store: &crate::store::Store) -> std::borrow::Cow<'a, Block> {
        use std::borrow::Cow;
        let Some(texts) = self.stored.and_then(|span| store.get_texts(span)) else {
            return Cow::Borrowed(self);
        };
        let mut out = self.clone();
        out.stored = None;
        for (f, text) in out.fences.iter_mut().zip(texts) {
            f.text = text;
        }
        Cow::Owned(out)
    }

    /// Whether the block holds a transcript in a known form (some fence has a
    /// `[HH:MM:SS] SOURCE : TEXT` turn).
    pub fn is_parsed(&self) -> bool {
        !self.cuts.is_empty()
    }

    /// The 1-based body line of the block's first line.
    pub fn line(&self, body: &str) -> usize {
        body.get(..self.start)
            .map_or(0, |s| s.matches('\n').count())
            + 1
    }

    /// `body` without the cut ranges, each replaced by as many line ends as it
    /// held, so that line numbers do not move.
    pub fn cut_from(&self, body: &str) -> String {
        let mut out = String::with_capacity(body.len());
        let mut at = 0;
        for &(s, e) in &self.cuts {
            if s < at || e < s {
                continue;
            }
            out.push_str(body.get(at..s).unwrap_or(""));
            let cut = body.get(s..e).unwrap_or("");
            out.extend(std::iter::repeat_n('\n', cut.matches('\n').count()));
            at = e;
        }
        out.push_str(body.get(at..).unwrap_or(""));
        // kept for the whole build: without the room the transcript took
        out.shrink_to_fit();
        out
    }
}

/// One text fence inside a transcript block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fence {
    /// The content lines, without the fence lines, joined with `\n` (no final
    /// line end). An unclosed fence runs to the end of the block.
    pub text: String,
    /// The 0-based line index, within the body, of the first content line.
    pub first_line: usize,
    /// Byte offset in the body of the opening fence line's start.
    pub start: usize,
    /// Byte offset in the body just past the closing fence line (or the end
    /// of the block for an unclosed fence).
    pub end: usize,
}

/// One line of a transcript: a parsed turn, or a line that did not parse.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Turn {
    /// The timestamp in seconds; `None` for an unparsed line.
    pub seconds: Option<f64>,
    /// The timestamp as written, e.g. `00:01:48.50`; empty for an unparsed line.
    pub stamp: String,
    /// An anchor id, unique within the transcript: `t-HH-MM-SS` (hours at
    /// least two digits) with `-2`, `-3`... for repeats; `l-<line>` for an
    /// unparsed line.
    pub id: String,
    /// SOURCE as written (`Jabra Speak 710`); empty for an unparsed line.
    pub source: String,
    /// The resolved speaker: a person's canonical name, or the device label.
    pub speaker: String,
    /// Whether [`Turn::speaker`] is a known person.
    pub is_person: bool,
    /// The turn's text, with a fused speaker name removed; the whole line,
    /// verbatim, for an unparsed line.
    pub text: String,
    /// The 1-based line within the note body.
    pub line: usize,
    /// False for a line that did not parse.
    pub parsed: bool,
}

/// The turns of a transcript block.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Transcript {
    /// Every non-blank line of the block's fences, in order.
    pub turns: Vec<Turn>,
    /// The 1-based body lines of turns whose timestamp is earlier than the
    /// previous parsed turn's in the same fence (each fence can be a separate
    /// recording that starts again at zero).
    pub out_of_order: Vec<usize>,
    /// The turns are paragraphs of the note's own text (speaker-attributed
    /// minutes), drawn in place, not a separate block.
    pub inline: bool,
    /// Where the turns went, when they were put in a
    /// [`Store`](crate::store::Store) ([`Transcript::spill`]), in one piece
    /// ([`encode_turns`]). [`Transcript::turns`] is empty then;
    /// [`Transcript::with_text`] gives them back, and
    /// [`Transcript::summary`] says what resolve, publish and the report
    /// need of them without reading them.
    pub stored: Option<crate::store::Span>,
    /// What the turns were, kept when they went to the store.
    pub spilled: Summary,
}

/// Who spoke in a transcript and where: what the stages need of its turns
/// besides drawing them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// How many turns (lines) it has.
    pub turns: usize,
    /// Each distinct voice, in the order they first spoke.
    pub voices: Vec<Voice>,
    /// The 1-based body lines of the turns that parsed, in order.
    pub parsed_lines: Vec<usize>,
}

/// One voice of a transcript: a turn's SOURCE and speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Voice {
    /// [`Turn::source`].
    pub source: String,
    /// [`Turn::speaker`].
    pub speaker: String,
    /// [`Turn::is_person`].
    pub is_person: bool,
    /// [`Turn::parsed`].
    pub parsed: bool,
}

/// The turns, in one piece of bytes: per turn a flags byte (timestamp,
/// person, parsed), the timestamp (f64) when there is one, the line (u64),
/// then `stamp`, `id`, `source`, `speaker` and `text`, each its length
/// (u64) and bytes; little-endian.
pub fn encode_turns(turns: &[Turn]) -> Vec<u8> {
    let size: usize = turns
        .iter()
        .map(|t| {
            25 + 40 + t.stamp.len() + t.id.len() + t.source.len() + t.speaker.len() + t.text.len()
        })
        .sum();
    let mut out = Vec::with_capacity(size);
    for t in turns {
        let flags =
            u8::from(t.seconds.is_some()) | u8::from(t.is_person) << 1 | u8::from(t.parsed) << 2;
        out.push(flags);
        if let Some(s) = t.seconds {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out.extend_from_slice(&(t.line as u64).to_le_bytes());
        for f in [&t.stamp, &t.id, &t.source, &t.speaker, &t.text] {
            out.extend_from_slice(&(f.len() as u64).to_le_bytes());
            out.extend_from_slice(f.as_bytes());
        }
    }
    out
}

/// [`encode_turns`] read back; `None` when the bytes are not that.
pub fn decode_turns(mut b: &[u8]) -> Option<Vec<Turn>> {
    fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (head, rest) = b.split_at_checked(n)?;
        *b = rest;
        Some(head)
    }
    fn u64_of(b: &mut &[u8]) -> Option<u64> {
        Some(u64::from_le_bytes(take(b, 8)?.try_into().ok()?))
    }
    fn string(b: &mut &[u8]) -> Option<String> {
        let n = usize::try_from(u64_of(b)?).ok()?;
        Some(crate::store::utf8(take(b, n)?))
    }
    let mut out = Vec::new();
    while !b.is_empty() {
        let flags = take(&mut b, 1)?[0];
        let seconds = if flags & 1 != 0 {
            Some(f64::from_le_bytes(take(&mut b, 8)?.try_into().ok()?))
        } else {
            None
        };
        let line = usize::try_from(u64_of(&mut b)?).ok()?;
        out.push(Turn {
            seconds,
            stamp: string(&mut b)?,
            id: string(&mut b)?,
            source: string(&mut b)?,
            speaker: string(&mut b)?,
            is_person: flags & 2 != 0,
            text: string(&mut b)?,
            line,
            parsed: flags & 4 != 0,
        });
    }
    Some(out)
}

impl Transcript {
    /// Move the turns into `store` in one piece, keeping their
    /// [`Summary`]. When the store cannot take them, the turns stay.
    pub fn spill(&mut self, store: &crate::store::Store) {
        if self.stored.is_some() {
            return;
        }
        let summary = self.summary().into_owned();
        if let Some(span) = store.put(&encode_turns(&self.turns)) {
            self.stored = Some(span);
            self.spilled = summary;
            self.turns = Vec::new();
        }
    }

    /// Who spoke and where, whether the turns are here or in the store.
    pub fn summary(&self) -> std::borrow::Cow<'_, Summary> {
        use std::borrow::Cow;
        if self.stored.is_some() {
            return Cow::Borrowed(&self.spilled);
        }
        let mut voices: Vec<Voice> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for t in &self.turns {
            if seen.insert((&t.source, &t.speaker, t.is_person, t.parsed)) {
                voices.push(Voice {
                    source: t.source.clone(),
                    speaker: t.speaker.clone(),
                    is_person: t.is_person,
                    parsed: t.parsed,
                });
            }
        }
        Cow::Owned(Summary {
            turns: self.turns.len(),
            voices,
            parsed_lines: self
                .turns
                .iter()
                .filter(|t| t.parsed)
                .map(|t| t.line)
                .collect(),
        })
    }

    /// The transcript with its turns: itself when it holds them, else a
    /// copy read back from `store` (itself, without turns, when that read
    /// fails: the store remembers the error).
    pub fn with_text<'a>(
        &'a self,
        store: &crate::store::Store,
    ) -> std::borrow::Cow<'a, Transcript> {
        use std::borrow::Cow;
        let Some(span) = self.stored else {
            return Cow::Borrowed(self);
        };
        let Some(bytes) = store.get(span) else {
            return Cow::Borrowed(self);
        };
        let Some(turns) = decode_turns(&bytes) else {
            store.fail(format!(
                "transcript turns at {} cannot be read back",
                span.at
            ));
            return Cow::Borrowed(self);
        };
        Cow::Owned(Transcript {
            turns,
            out_of_order: self.out_of_order.clone(),
            inline: self.inline,
            stored: None,
            spilled: Summary::default(),
        })
    }
}

/// Speaker name resolution for [`parse`].
///
/// Built once per note from the people the note knows; lookups cost time
/// proportional to the text examined, not to the number of names.
#[derive(Debug, Clone)]
pub struct Speakers<'a> {
    /// Lower-cased written form → canonical name.
    by_lower: HashMap<String, &'a str>,
    /// Written forms, for fused-name prefix matching.
    trie: Trie<'a>,
    /// Device label → canonical name.
    device_exact: HashMap<&'a str, &'a str>,
    /// Lower-cased device label → canonical name.
    device_lower: HashMap<String, &'a str>,
    /// Names looked up when this resolver's own do not match (the site's
    /// people, built once, under a meeting's own): see [`Speakers::over`].
    fallback: Option<&'a Speakers<'a>>,
}

/// A character trie of written name forms, each leading to a canonical name.
#[derive(Debug, Clone)]
struct Trie<'a> {
    nodes: Vec<TrieNode<'a>>,
}

#[derive(Debug, Clone, Default)]
struct TrieNode<'a> {
    /// Children sorted by character.
    children: Vec<(char, usize)>,
    /// The canonical name when a written form ends here.
    value: Option<&'a str>,
}

impl<'a> Trie<'a> {
    fn new() -> Self {
        Trie {
            nodes: vec![TrieNode::default()],
        }
    }

    fn child(&self, node: usize, c: char) -> Option<usize> {
        let children = &self.nodes.get(node)?.children;
        children
            .binary_search_by_key(&c, |&(ch, _)| ch)
            .ok()
            .and_then(|i| children.get(i))
            .map(|&(_, n)| n)
    }

    /// Add a written form; the first value given for a form is kept.
    fn insert(&mut self, key: &str, value: &'a str) {
        let mut node = 0;
        for c in key.chars() {
            node = match self.child(node, c) {
                Some(n) => n,
                None => {
                    let new = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    let Some(parent) = self.nodes.get_mut(node) else {
                        return;
                    };
                    let at = parent
                        .children
                        .binary_search_by_key(&c, |&(ch, _)| ch)
                        .unwrap_or_else(|i| i);
                    parent.children.insert(at, (c, new));
                    new
                }
            };
        }
        if let Some(n) = self.nodes.get_mut(node) {
            n.value.get_or_insert(value);
        }
    }

    /// The longest written form that `text` starts with and that is not
    /// followed by a lowercase letter: its byte length and canonical name.
    fn longest_prefix(&self, text: &str) -> Option<(usize, &'a str)> {
        let mut node = 0;
        let mut best = None;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let Some(next) = self.child(node, c) else {
                break;
            };
            node = next;
            if let Some(value) = self.nodes.get(node).and_then(|n| n.value) {
                let after = chars.peek().map(|&(_, ch)| ch);
                if !after.is_some_and(char::is_lowercase) {
                    best = Some((i + c.len_utf8(), value));
                }
            }
        }
        best
    }
}

impl<'a> Speakers<'a> {
    /// Build the resolver.
    ///
    /// `names` are (written form, canonical person name) pairs: full names and
    /// aliases, e.g. `("Dana", "Dana Reyes")` and `("Dana Reyes", "Dana
    /// Reyes")`; each canonical name also counts as a written form of itself.
    /// `device_map` are (device label, canonical person) pairs from a
    /// `speakers:` map. Written forms are trimmed; empty ones are ignored. When
    /// a form is given twice, the first pair wins.
    pub fn new(names: &'a [(String, String)], device_map: &'a [(String, String)]) -> Self {
        let mut by_lower = HashMap::new();
        let mut trie = Trie::new();
        let forms = names
            .iter()
            .map(|(written, canonical)| (written.trim(), canonical.as_str()))
            .chain(names.iter().map(|(_, c)| (c.trim(), c.as_str())));
        for (written, canonical) in forms {
            if written.is_empty() {
                continue;
            }
            by_lower.entry(written.to_lowercase()).or_insert(canonical);
            trie.insert(written, canonical);
        }
        let mut device_exact = HashMap::new();
        let mut device_lower = HashMap::new();
        for (label, canonical) in device_map {
            let label = label.trim();
            if label.is_empty() {
                continue;
            }
            device_exact.entry(label).or_insert(canonical.as_str());
            device_lower
                .entry(label.to_lowercase())
                .or_insert(canonical.as_str());
        }
        Speakers {
            by_lower,
            trie,
            device_exact,
            device_lower,
            fallback: None,
        }
    }

    /// [`Speakers::new`] over `fallback`: a form of `names` wins over the
    /// same form in `fallback`, and a longer fused name wins over a shorter
    /// one wherever it comes from. A meeting's own people over the site's
    /// resolver, built once: no per-note work grows with the site's people.
    pub fn over(
        names: &'a [(String, String)],
        device_map: &'a [(String, String)],
        fallback: &'a Speakers<'a>,
    ) -> Self {
        Speakers {
            fallback: Some(fallback),
            ..Speakers::new(names, device_map)
        }
    }

    /// The person whose written form equals `source`, ignoring case.
    pub fn person(&self, source: &str) -> Option<&'a str> {
        self.person_lower(&source.trim().to_lowercase())
    }

    fn person_lower(&self, lower: &str) -> Option<&'a str> {
        self.by_lower
            .get(lower)
            .copied()
            .or_else(|| self.fallback.and_then(|f| f.person_lower(lower)))
    }

    /// The longest written form `text` starts with, here or in the fallback
    /// (here on a tie).
    fn longest_prefix(&self, text: &str) -> Option<(usize, &'a str)> {
        let own = self.trie.longest_prefix(text);
        let other = self.fallback.and_then(|f| f.longest_prefix(text));
        match (own, other) {
            (Some(a), Some(b)) if b.0 > a.0 => Some(b),
            (None, b) => b,
            (a, _) => a,
        }
    }

    /// The person a device label is mapped to (exact, else ignoring case).
    pub fn device(&self, source: &str) -> Option<&'a str> {
        let source = source.trim();
        self.device_exact
            .get(source)
            .or_else(|| self.device_lower.get(&source.to_lowercase()))
            .copied()
    }

    /// A person's name fused onto the front of `text` (leading whitespace
    /// ignored): the longest written form `text` starts with (case-sensitive)
    /// that is not followed by a lowercase letter. Gives the canonical name and
    /// the text after it, with leading whitespace and one `,` `:` or `;`
    /// separator removed.
    pub fn fused<'t>(&self, text: &'t str) -> Option<(&'a str, &'t str)> {
        let text = text.trim_start();
        let (len, name) = self.longest_prefix(text)?;
        // A fused name is glued to the text ("Sam OkoroI might"): a space,
        // comma or lowercase letter after it means the name is part of what
        // was said ("Sam, can you…", "Sam said so"), not the speaker.
        let after = text.get(len..).and_then(|r| r.chars().next());
        if after.is_some_and(|c| {
            c.is_whitespace() || c.is_lowercase() || matches!(c, ',' | ';' | ':' | '.' | '?' | '!')
        }) {
            return None;
        }
        let rest = text.get(len..).unwrap_or("").trim_start();
        let rest = rest
            .strip_prefix([',', ':', ';'])
            .map_or(rest, str::trim_start);
        Some((name, rest))
    }
}

/// `Some(true)` for a start marker line, `Some(false)` for an end marker line.
fn marker(line: &str) -> Option<bool> {
    let inner = line
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    if inner.eq_ignore_ascii_case(START_MARKER) {
        Some(true)
    } else if inner.eq_ignore_ascii_case(END_MARKER) {
        Some(false)
    } else {
        None
    }
}

/// Is a fence with this info string a transcript fence?
fn is_text_info(info: &str) -> bool {
    let lang = info.split_whitespace().next().unwrap_or("");
    lang.is_empty() || lang.eq_ignore_ascii_case("text") || lang.eq_ignore_ascii_case("txt")
}

/// Does a heading's text name a transcript (`Transcript\b`, case-insensitive)?
fn is_transcript_title(text: &str) -> bool {
    let (Some(word), Some(tail)) = (
        text.get(..HEADING_WORD.len()),
        text.get(HEADING_WORD.len()..),
    ) else {
        return false;
    };
    let boundary = !tail
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_');
    word.eq_ignore_ascii_case(HEADING_WORD) && boundary
}

/// The level of a line's transcript heading: a heading outside any block
/// quote or list item whose text is `Transcript\b`.
fn transcript_heading(line: &blocks::Line<'_>) -> Option<u8> {
    let h = line.heading()?;
    (line.depth == 0 && is_transcript_title(&h.text)).then_some(h.level)
}

/// A fence being read.
struct OpenFence {
    /// A transcript fence, whose content is kept.
    keep: bool,
    first_line: usize,
    start: usize,
    text: String,
    has_lines: bool,
}

/// Follows the fences that [`blocks::Scanner`] finds, keeping the content of
/// transcript fences.
struct FenceReader {
    open: Option<OpenFence>,
    fences: Vec<Fence>,
}

impl FenceReader {
    fn new() -> Self {
        FenceReader {
            open: None,
            fences: Vec::new(),
        }
    }

    fn feed(&mut self, line: &blocks::Line<'_>) {
        match line.kind {
            blocks::Kind::Code => {
                if let Some(f) = self.open.as_mut().filter(|f| f.keep) {
                    if f.has_lines {
                        f.text.push('\n');
                    }
                    f.text
                        .push_str(line.text.get(line.content - line.start..).unwrap_or(""));
                    f.has_lines = true;
                }
            }
            blocks::Kind::FenceClose => self.close(line.next),
            ref kind => {
                // a fence that ends without a closing line ends with its container
                self.close(line.start);
                if let blocks::Kind::FenceOpen { info, .. } = kind {
                    self.open = Some(OpenFence {
                        keep: is_text_info(info),
                        first_line: line.number + 1,
                        start: line.start,
                        text: String::new(),
                        has_lines: false,
                    });
                }
            }
        }
    }

    fn close(&mut self, end: usize) {
        if let Some(f) = self.open.take().filter(|f| f.keep) {
            self.fences.push(Fence {
                text: f.text,
                first_line: f.first_line,
                start: f.start,
                end,
            });
        }
    }

    /// The transcript fences, an unclosed one running to the end.
    fn finish(mut self, end: usize) -> Vec<Fence> {
        self.close(end);
        self.fences
    }
}

/// Find the transcript block of a note body.
///
/// Markers first: from the line `<!-- ai:transcript:start -->` to the line
/// `<!-- ai:transcript:end -->` (both included; to the end of the body when
/// the end marker is missing). Without markers, a heading outside block
/// quotes and list items whose text starts with the word `Transcript`
/// (case-insensitive; ATX `## Transcript` or setext, not inside code or an
/// HTML block) starts the block, which runs to the next such heading of the
/// same or a higher level or the end of the body. `None` when there is
/// neither. Headings and fences are those of [`blocks::Scanner`].
///
/// The fences inside are the fenced code blocks (``` or ~~~, three or more,
/// closed by the same character at least as many times, or by the end of
/// their container) whose info string is `text`, `txt` or empty and that hold
/// at least one turn. Only those, the marker lines and transcript heading
/// lines are cut from the Markdown ([`Block::cuts`]); every other line of the
/// block stays in the note.
pub fn find_block(body: &str) -> Option<Block> {
    find_marked(body).or_else(|| find_headed(body))
}

fn find_marked(body: &str) -> Option<Block> {
    let start = blocks::Scanner::new(body).find(|l| marker(l.text) == Some(true))?;
    // the block is read afresh after its start marker
    let mut reader = FenceReader::new();
    let mut end = body.len();
    let mut frame = vec![(start.start, start.next)];
    for line in blocks::Scanner::starting_at(body, start.next, start.number + 1) {
        if marker(line.text) == Some(false) {
            end = line.next;
            frame.push((line.start, line.next));
            break;
        }
        if let Some(h) = line
            .heading()
            .filter(|_| transcript_heading(&line).is_some())
        {
            frame.push((h.start, line.next));
        }
        reader.feed(&line);
    }
    Some(block(start.start, end, reader.finish(end), frame))
}

fn find_headed(body: &str) -> Option<Block> {
    let mut all = blocks::Scanner::new(body);
    let (start, heading_end, level) = all.by_ref().find_map(|l| {
        let level = transcript_heading(&l)?;
        Some((l.heading()?.start, l.next, level))
    })?;
    let mut reader = FenceReader::new();
    let mut end = body.len();
    for line in all {
        if let Some(h) = line
            .heading()
            .filter(|h| line.depth == 0 && h.level <= level)
        {
            end = h.start;
            break;
        }
        reader.feed(&line);
    }
    Some(block(
        start,
        end,
        reader.finish(end),
        vec![(start, heading_end)],
    ))
}

/// A block whose cuts are its frame lines (markers, transcript headings) and
/// the fences that hold a turn, when any fence does.
fn block(start: usize, end: usize, fences: Vec<Fence>, frame: Vec<(usize, usize)>) -> Block {
    let turns: Vec<&Fence> = fences
        .iter()
        .filter(|f| f.text.split('\n').any(|l| parse_line(l).is_some()))
        .collect();
    let mut cuts = Vec::new();
    if !turns.is_empty() {
        cuts = frame;
        cuts.extend(turns.iter().map(|f| (f.start, f.end)));
        cuts.sort_unstable();
    }
    let fences = fences
        .into_iter()
        .filter(|f| cuts.contains(&(f.start, f.end)))
        .collect();
    Block {
        start,
        end,
        fences,
        cuts,
        stored: None,
    }
}

/// A timestamp: seconds and whole seconds. Accepts `HH:MM:SS`, `H:MM:SS`,
/// `MM:SS`, each with an optional `.ss` or `,ss` fraction. Minutes after hours
/// must be below 60; seconds may be 60 (a rounded 59.996).
pub(crate) fn parse_stamp(stamp: &str) -> Option<(f64, u64)> {
    let (clock, frac) = match stamp.find(['.', ',']) {
        Some(i) => (stamp.get(..i)?, Some(stamp.get(i + 1..)?)),
        None => (stamp, None),
    };
    let number = |s: &str, min: usize, max: usize| -> Option<u64> {
        let ok = (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| s.parse().ok()).flatten()
    };
    let mut parts = clock.split(':');
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next());
    if parts.next().is_some() {
        return None;
    }
    let (h, m, s) = match c {
        Some(c) => (number(a, 1, 4)?, number(b, 2, 2)?, number(c, 2, 2)?),
        None => (0, number(a, 1, 4)?, number(b, 2, 2)?),
    };
    // Seconds of 60 happen when a recorder rounds 59.996 up to "60.00".
    if s > 60 || (c.is_some() && m >= 60) {
        return None;
    }
    let whole = h * 3600 + m * 60 + s;
    let fraction = match frac {
        Some(f) => {
            let digits = number(f, 1, 9)?;
            let scale = f.len().try_into().map_or(1.0, |e: i32| 10f64.powi(e));
            digits as f64 / scale
        }
        None => 0.0,
    };
    Some((whole as f64 + fraction, whole))
}

/// The parts of a turn line.
struct RawTurn<'t> {
    stamp: &'t str,
    seconds: f64,
    whole: u64,
    source: &'t str,
    text: &'t str,
}

/// Parse `[stamp] SOURCE : TEXT`. SOURCE runs to the first ` : `; a line
/// ending in ` :` has an empty TEXT.
fn parse_line(line: &str) -> Option<RawTurn<'_>> {
    let rest = line.trim_start().strip_prefix('[')?;
    let close = rest.find(']')?;
    let stamp = rest.get(..close)?.trim();
    let (seconds, whole) = parse_stamp(stamp)?;
    let after = rest.get(close + 1..)?;
    let (source, text) = match after.find(" : ") {
        Some(i) => (after.get(..i)?, after.get(i + 3..)?),
        None => (after.trim_end().strip_suffix(" :")?, ""),
    };
    Some(RawTurn {
        stamp,
        seconds,
        whole,
        source: source.trim(),
        text: text.trim(),
    })
}

/// What a SOURCE resolves to without looking at the text.
#[derive(Clone, Copy)]
struct SourceInfo<'a> {
    person: Option<&'a str>,
    device: Option<&'a str>,
}

/// Read the turns of a transcript block.
///
/// Every non-blank line of every fence becomes a [`Turn`]: a parsed turn when
/// it reads `[HH:MM:SS.ss] SOURCE : TEXT` (also `[H:MM:SS]`, `[MM:SS]`,
/// `[HH:MM:SS,ss]`), else an unparsed line kept verbatim. The speaker of a
/// parsed turn is, in order: the person SOURCE names (any case); the person
/// whose name is fused onto the front of TEXT ([`Speakers::fused`]); the
/// person SOURCE is mapped to as a device; SOURCE itself, not a person.
///
/// Linear in the size of the block.
pub fn parse(block: &Block, speakers: &Speakers) -> Transcript {
    let mut transcript = Transcript::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut sources: HashMap<&str, SourceInfo> = HashMap::new();
    for fence in &block.fences {
        let mut previous: Option<f64> = None;
        for (k, raw) in fence.text.split('\n').enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            let line = fence.first_line.saturating_add(k).saturating_add(1);
            let Some(turn) = parse_line(raw) else {
                transcript.turns.push(Turn {
                    seconds: None,
                    stamp: String::new(),
                    id: format!("l-{line}"),
                    source: String::new(),
                    speaker: String::new(),
                    is_person: false,
                    text: raw.to_string(),
                    line,
                    parsed: false,
                });
                continue;
            };
            if previous.is_some_and(|p| turn.seconds < p) {
                transcript.out_of_order.push(line);
            }
            previous = Some(turn.seconds);

            let info = *sources.entry(turn.source).or_insert_with(|| SourceInfo {
                person: speakers.person(turn.source),
                device: speakers.device(turn.source),
            });
            let (speaker, is_person, text) = if let Some(p) = info.person {
                (p, true, turn.text)
            } else if let Some((p, rest)) = speakers.fused(turn.text) {
                (p, true, rest)
            } else if let Some(p) = info.device {
                (p, true, turn.text)
            } else {
                (turn.source, false, turn.text)
            };

            let id = timed_id(&mut ids, turn.whole);

            transcript.turns.push(Turn {
                seconds: Some(turn.seconds),
                stamp: turn.stamp.to_string(),
                id,
                source: turn.source.to_string(),
                speaker: speaker.to_string(),
                is_person,
                text: text.to_string(),
                line,
                parsed: true,
            });
        }
    }
    transcript
}

/// The anchor id of a turn at `whole` seconds: `t-HH-MM-SS`, with `-2`,
/// `-3`… for later turns of the same second (`ids` counts them).
pub(crate) fn timed_id(ids: &mut HashMap<String, usize>, whole: u64) -> String {
    let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60);
    let base = format!("t-{h:02}-{m:02}-{s:02}");
    let count = ids.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base
    } else {
        format!("{base}-{count}")
    }
}

/// The time a transcript spans: from its earliest to its latest parsed
/// timestamp (for a transcript in order, the last turn's time minus the
/// first's). `None` when no turn parsed. Never negative.
pub fn duration_seconds(t: &Transcript) -> Option<f64> {
    let mut times = t.turns.iter().filter_map(|turn| turn.seconds);
    let first = times.next()?;
    let (min, max) = times.fold((first, first), |(lo, hi), s| (lo.min(s), hi.max(s)));
    Some(max - min)
}

/// Is `token` exactly one noise token: `AUDIOBLANK`, `INAUDIBLE`,
/// `BLANK_AUDIO`, `CROSSTALK`; a parenthesised single lowercase word of two or
/// more letters (`(clicking)`, `(laughter)`; not roman numerals such as
/// `(ii)`); or a known noise word in square brackets, any case (`[inaudible]`,
/// `[CROSSTALK]`)?
pub fn is_noise(token: &str) -> bool {
    noise_at(token, 0, None) == Some(token.len())
}

/// Split `text` into runs of speech (`false`) and noise tokens (`true`), in
/// order; concatenated, the runs give back `text`. Each noise token is its own
/// run, so `(clicking)AUDIOBLANK` gives two noise runs. A bare upper-case
/// token counts only when no upper-case letter, digit or `_` touches it.
pub fn noise_segments(text: &str) -> Vec<(String, bool)> {
    let mut runs = Vec::new();
    noise_runs(text, |run, noise| runs.push((run.to_string(), noise)));
    runs
}

/// [`noise_segments`] without copying: `f` is given each run, a slice of
/// `text`, in order.
pub fn noise_runs<'t>(text: &'t str, mut f: impl FnMut(&'t str, bool)) {
    let b = text.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < b.len() {
        // a token opens only on these ASCII bytes, never inside a character
        if matches!(b[i], b'(' | b'[') || b[i].is_ascii_uppercase() {
            let prev = text[..i].chars().next_back();
            if let Some(end) = noise_at(text, i, prev) {
                if plain < i {
                    f(&text[plain..i], false);
                }
                if let Some(noise) = text.get(i..end) {
                    f(noise, true);
                }
                i = end;
                plain = end;
                continue;
            }
        }
        i += 1;
    }
    if plain < b.len() {
        f(&text[plain..], false);
    }
}

fn joins_token(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'
}

/// The end of a noise token starting at byte `i` of `text`; `prev` is the
/// character before it.
fn noise_at(text: &str, i: usize, prev: Option<char>) -> Option<usize> {
    let rest = text.get(i..)?;
    match rest.chars().next()? {
        '(' => {
            let inner = rest.get(1..)?;
            let word_len = inner
                .find(|c: char| !(c.is_lowercase() && c.is_alphabetic()))
                .unwrap_or(inner.len());
            let word = inner.get(..word_len)?;
            let closed = inner.get(word_len..)?.starts_with(')');
            let roman = word.len() <= 4 && word.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
            (closed && word.chars().nth(1).is_some() && !roman).then_some(i + word_len + 2)
        }
        '[' => {
            let inner = rest.get(1..)?;
            let word_len = inner
                .bytes()
                .take(MAX_BRACKET_WORD + 1)
                .position(|b| b == b']')?;
            let word = inner.get(..word_len)?;
            BRACKET_NOISE
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word))
                .then_some(i + word_len + 2)
        }
        c if c.is_ascii_uppercase() => {
            if prev.is_some_and(joins_token) {
                return None;
            }
            let word = NOISE_WORDS.iter().find(|w| rest.starts_with(**w))?;
            let next = rest.get(word.len()..)?.chars().next();
            (!next.is_some_and(joins_token)).then_some(i + word.len())
        }
        _ => None,
    }
}

/// Words that make a speaker label a recording device rather than a person.
const DEVICE_WORDS: &[&str] = &[
    "mic",
    "mics",
    "microphone",
    "microphones",
    "iphone",
    "ipad",
    "android",
    "macbook",
    "laptop",
    "desktop",
    "room",
    "boardroom",
    "jabra",
    "poly",
    "polycom",
    "speakerphone",
    "headset",
    "headphones",
    "airpods",
    "webcam",
    "camera",
    "logitech",
    "yealink",
    "sennheiser",
    "teams",
    "zoom",
    "webex",
    "recorder",
    "dictaphone",
    "phone",
    "usb",
    "bluetooth",
    "realtek",
];

/// Is a transcript speaker label a recording device or app (`zoom.us`,
/// `MacBook Pro Microphone`, `Laptop mic`, `Room 4B`, `iPhone`, `Jabra
/// Speak 710`) rather than a person? A label that looks like a domain
/// name, or holds one of a list of device words (any case). Only labels
/// that name nobody are asked: a person's name is never a device.
pub fn is_device_label(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    let domain = l.contains('.')
        && !l.contains(' ')
        && l.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && l.rsplit('.')
            .next()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()));
    domain
        || l.split(|c: char| !c.is_alphanumeric())
            .any(|w| DEVICE_WORDS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_labels_are_told_from_names() {
        for d in [
            "zoom.us",
            "MacBook Pro Microphone",
            "Laptop mic",
            "Room 4B",
            "iPhone",
            "Jabra Speak 710",
            "Teams Room",
            "Poly Sync 20",
            "otter.ai",
        ] {
            assert!(is_device_label(d), "{d}");
        }
        for p in [
            "Dana Reyes",
            "Speaker 2",
            "Ана Иванова",
            "Micah",
            "Dr. Lee",
            "",
        ] {
            assert!(!is_device_label(p), "{p}");
        }
    }

    #[test]
    fn a_meetings_own_names_win_over_the_sites() {
        let site = vec![
            ("Dana".to_string(), "Dana Ortiz".to_string()),
            ("Sam Okoro".to_string(), "Sam Okoro".to_string()),
            ("Sam Okoro-Lee".to_string(), "Sam Okoro-Lee".to_string()),
        ];
        let own = vec![("Dana".to_string(), "Dana Reyes".to_string())];
        let global = Speakers::new(&site, &[]);
        let s = Speakers::over(&own, &[], &global);
        assert_eq!(s.person("dana"), Some("Dana Reyes"));
        assert_eq!(s.person("Sam Okoro"), Some("Sam Okoro"));
        assert_eq!(s.person("Dana Ortiz"), Some("Dana Ortiz"));
        assert_eq!(s.person("Nobody"), None);
        // the longest fused form, from either layer
        assert_eq!(
            s.fused("Sam Okoro-LeeWe ship"),
            Some(("Sam Okoro-Lee", "We ship"))
        );
        assert_eq!(s.fused("DanaWe ship"), Some(("Dana Reyes", "We ship")));
        assert_eq!(global.fused("DanaWe ship"), Some(("Dana Ortiz", "We ship")));
    }
    use proptest::prelude::*;
    use std::collections::HashSet;
    use std::fmt::Write as _;

    fn names(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn people() -> Vec<(String, String)> {
        names(&[
            ("Dana", "Dana Reyes"),
            ("Dana Reyes", "Dana Reyes"),
            ("Sam", "Sam Okoro"),
            ("Sam Okoro", "Sam Okoro"),
            ("王伟", "王伟"),
            ("Ravi O'Brien", "Ravi O'Brien"),
            ("Eun-ji Dubois", "Eun-ji Dubois"),
            ("Zoë Ødegaard-Núñez", "Zoë Ødegaard-Núñez"),
        ])
    }

    /// Parse a body with the standard people and no device map.
    fn parse_body(body: &str) -> Transcript {
        let n = people();
        let speakers = Speakers::new(&n, &[]);
        let block = find_block(body).expect("a block");
        parse(&block, &speakers)
    }

    const FORMAT_EXAMPLE: &str = "# 1:1 — Dana Reyes — 2025-09-16\n\
        \n\
        ## Summary\n\
        (prose)\n\
        \n\
        ---\n\
        \n\
        <!-- ai:transcript:start -->\n\
        \n\
        ## Transcript (auto)\n\
        \n\
        ```text\n\
        [00:00:00.04] zoom.us : Recording in progress. Sorry I'm late ...\n\
        \n\
        [00:01:48.50] Jabra Speak 710 :  Sam OkoroYeah, sorry about that ...\n\
        \n\
        [00:01:52.70] zoom.us : No, it was an internal call, so let's jump in ...\n\
        ```\n\
        \n\
        <!-- ai:transcript:end -->\n\
        \n\
        After.\n";

    #[test]
    fn format_md_example() {
        let block = find_block(FORMAT_EXAMPLE).unwrap();
        let start = FORMAT_EXAMPLE.find("<!-- ai:transcript:start").unwrap();
        assert_eq!(block.start, start);
        let end_marker = "<!-- ai:transcript:end -->\n";
        let end = FORMAT_EXAMPLE.find(end_marker).unwrap() + end_marker.len();
        assert_eq!(block.end, end);
        assert_eq!(&FORMAT_EXAMPLE[block.end..], "\nAfter.\n");
        assert_eq!(block.fences.len(), 1);
        assert_eq!(block.fences[0].first_line, 12);
        assert!(block.fences[0].text.starts_with("[00:00:00.04] zoom.us"));
        assert!(block.fences[0].text.ends_with("jump in ..."));

        let t = parse_body(FORMAT_EXAMPLE);
        assert_eq!(t.turns.len(), 3);
        let a = &t.turns[0];
        assert_eq!(a.seconds, Some(0.04));
        assert_eq!(a.stamp, "00:00:00.04");
        assert_eq!(a.id, "t-00-00-00");
        assert_eq!(a.source, "zoom.us");
        assert_eq!(a.speaker, "zoom.us");
        assert!(!a.is_person);
        assert_eq!(a.text, "Recording in progress. Sorry I'm late ...");
        assert_eq!(a.line, 13);
        assert!(a.parsed);
        assert_eq!(
            FORMAT_EXAMPLE.lines().nth(a.line - 1).unwrap(),
            format!("[00:00:00.04] zoom.us : {}", a.text)
        );

        let b = &t.turns[1];
        assert_eq!(b.seconds, Some(108.5));
        assert_eq!(b.id, "t-00-01-48");
        assert_eq!(b.source, "Jabra Speak 710");
        assert_eq!(b.speaker, "Sam Okoro");
        assert!(b.is_person);
        assert_eq!(b.text, "Yeah, sorry about that ...");
        assert_eq!(b.line, 15);

        assert_eq!(t.turns[2].id, "t-00-01-52");
        assert!(t.out_of_order.is_empty());
        let d = duration_seconds(&t).unwrap();
        assert!((d - 112.66).abs() < 1e-9);
    }

    #[test]
    fn source_is_a_person_any_case() {
        let t = parse_body(
            "## Transcript\n```\n[00:00:01] dana reyes : Hello\n[00:00:02] DANA : Hi again\n```\n",
        );
        assert_eq!(t.turns[0].speaker, "Dana Reyes");
        assert!(t.turns[0].is_person);
        assert_eq!(t.turns[0].source, "dana reyes");
        assert_eq!(t.turns[1].speaker, "Dana Reyes");
        assert_eq!(t.turns[1].text, "Hi again");
    }

    #[test]
    fn fused_names_with_aliases_and_longest_match() {
        let body = "## Transcript\n```text\n\
            [00:00:01] zoom.us :  DanaYes, go.\n\
            [00:00:02] zoom.us :  Sam OkoroI might actually\n\
            [00:00:03] zoom.us :  SamOkay.\n\
            [00:00:04] zoom.us :  Sam Okoro, yes\n\
            [00:00:05] zoom.us :  Sam Okoro\n\
            [00:00:06] zoom.us :  Samantha said so\n\
            [00:00:07] zoom.us :  Sam said so\n\
            [00:00:08] zoom.us :  王伟Yes\n\
            [00:00:09] zoom.us :  Ravi O'BrienRight.\n\
            [00:00:10] zoom.us :  Eun-ji DuboisNo.\n\
            [00:00:11] zoom.us :  Zoë Ødegaard-NúñezÉtonnant.\n\
            [00:00:12] zoom.us :  Sam Okorofine\n\
            ```\n";
        let t = parse_body(body);
        let got: Vec<(&str, bool, &str)> = t
            .turns
            .iter()
            .map(|t| (t.speaker.as_str(), t.is_person, t.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Dana Reyes", true, "Yes, go."),
                ("Sam Okoro", true, "I might actually"),
                ("Sam Okoro", true, "Okay."),
                ("zoom.us", false, "Sam Okoro, yes"),
                ("Sam Okoro", true, ""),
                ("zoom.us", false, "Samantha said so"),
                ("zoom.us", false, "Sam said so"),
                ("王伟", true, "Yes"),
                ("Ravi O'Brien", true, "Right."),
                ("Eun-ji Dubois", true, "No."),
                ("Zoë Ødegaard-Núñez", true, "Étonnant."),
                // followed by a lowercase letter: not a fused name
                ("zoom.us", false, "Sam Okorofine"),
            ]
        );
        assert!(t.turns.iter().all(|t| t.source == "zoom.us"));
    }

    #[test]
    fn fused_match_is_case_sensitive() {
        let t = parse_body("## Transcript\n```\n[00:00:01] zoom.us :  sam okoroYes\n```\n");
        assert_eq!(t.turns[0].speaker, "zoom.us");
        assert_eq!(t.turns[0].text, "sam okoroYes");
    }

    #[test]
    fn device_map_applies_after_fused_names() {
        let n = people();
        let devices = names(&[
            ("Jabra Speak 710", "Dana Reyes"),
            ("teams room", "Sam Okoro"),
        ]);
        let speakers = Speakers::new(&n, &devices);
        let body = "## Transcript\n```\n\
            [00:00:01] Jabra Speak 710 : Hello\n\
            [00:00:02] Jabra Speak 710 :  Sam OkoroHi\n\
            [00:00:03] Teams Room : Hey\n\
            [00:00:04] MacBook Pro Microphone : Unknown\n\
            ```\n";
        let t = parse(&find_block(body).unwrap(), &speakers);
        let got: Vec<(&str, bool)> = t
            .turns
            .iter()
            .map(|t| (t.speaker.as_str(), t.is_person))
            .collect();
        assert_eq!(
            got,
            [
                ("Dana Reyes", true),
                ("Sam Okoro", true),
                ("Sam Okoro", true),
                ("MacBook Pro Microphone", false)
            ]
        );
        assert_eq!(speakers.device("JABRA SPEAK 710"), Some("Dana Reyes"));
        assert_eq!(speakers.person("sam"), Some("Sam Okoro"));
        assert_eq!(speakers.person("nobody"), None);
    }

    #[test]
    fn first_pair_wins_and_empty_forms_are_ignored() {
        let n = names(&[
            ("Dana", "Dana Reyes"),
            ("Dana", "Dana Silva"),
            ("", "Ghost"),
            ("  ", "Ghost"),
        ]);
        let s = Speakers::new(&n, &[]);
        assert_eq!(s.person("dana"), Some("Dana Reyes"));
        assert_eq!(s.fused("DanaYes"), Some(("Dana Reyes", "Yes")));
        assert_eq!(s.fused("Yes"), None);
        assert_eq!(s.fused(""), None);
        // Canonical names are written forms too.
        assert_eq!(s.fused("Dana SilvaYes"), Some(("Dana Silva", "Yes")));
        assert_eq!(s.person("ghost"), Some("Ghost"));
    }

    #[test]
    fn timestamp_forms() {
        let body = "## Transcript\n```\n\
            [1:02:03] a : one\n\
            [02:03] a : two\n\
            [01:02:03,25] a : three\n\
            [00:00:04.5] a : four\n\
            [75:00] a : five\n\
            ```\n";
        let t = parse_body(body);
        let secs: Vec<Option<f64>> = t.turns.iter().map(|t| t.seconds).collect();
        assert_eq!(
            secs,
            [
                Some(3723.0),
                Some(123.0),
                Some(3723.25),
                Some(4.5),
                Some(4500.0)
            ]
        );
        let ids: Vec<&str> = t.turns.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "t-01-02-03",
                "t-00-02-03",
                "t-01-02-03-2",
                "t-00-00-04",
                "t-01-15-00"
            ]
        );
        assert_eq!(t.turns[2].stamp, "01:02:03,25");
        // A generator's rounding: 59.996 s written as "60.00".
        let t = parse_body("## Transcript\n```\n[00:27:60.00] a : x\n```\n");
        assert_eq!(t.turns[0].seconds, Some(1680.0));
        assert_eq!(t.turns[0].id, "t-00-28-00");
    }

    #[test]
    fn bad_timestamps_are_unparsed() {
        for bad in [
            "[00:61:00] a : x",
            "[00:00:61] a : x",
            "[aa:bb] a : x",
            "[00:00:01.] a : x",
            "[00:00] a x",
            "[] a : x",
            "[00:00:00:00] a : x",
            "[12345:00] a : x",
            "00:00:01 a : x",
            "[00:00:01 a : x",
            "[00:0:01] a : x",
        ] {
            let body = format!("## Transcript\n```\n{bad}\n```\n");
            let b = find_block(&body).unwrap();
            assert!(!b.is_parsed(), "{bad}");
            let t = parse_body(&format!(
                "## Transcript\n```\n[00:00:01] a : ok\n{bad}\n```\n"
            ));
            assert_eq!(t.turns.len(), 2, "{bad}");
            assert!(!t.turns[1].parsed, "{bad}");
        }
    }

    #[test]
    fn source_and_text_split() {
        let body = "## Transcript\n```\n\
            [00:00:01] Teams Room : \n\
            [00:00:02] Teams Room :\n\
            [00:00:03] A : B : C\n\
            [00:00:04]zoom.us : tight\n\
            [00:00:05] : no source\n\
            \t[00:00:06] zoom.us : indented\n\
            ```\n";
        let t = parse_body(body);
        let got: Vec<(&str, &str, bool)> = t
            .turns
            .iter()
            .map(|t| (t.source.as_str(), t.text.as_str(), t.parsed))
            .collect();
        assert_eq!(
            got,
            [
                ("Teams Room", "", true),
                ("Teams Room", "", true),
                ("A", "B : C", true),
                ("zoom.us", "tight", true),
                ("", "no source", true),
                ("zoom.us", "indented", true),
            ]
        );
    }

    #[test]
    fn unparsed_lines_are_kept_verbatim() {
        let body = "## Transcript\n```text\n\
            [00:00:01] zoom.us : Hi\n\
            \n\
            just some words  \n\
            [00:00:02] zoom.us: no space before colon\n\
            \n\
            [00:00:03] zoom.us : Bye\n\
            ```\n";
        let t = parse_body(body);
        assert_eq!(t.turns.len(), 4);
        let u = &t.turns[1];
        assert!(!u.parsed);
        assert_eq!(u.text, "just some words  ");
        assert_eq!(u.line, 5);
        assert_eq!(u.id, "l-5");
        assert_eq!(u.seconds, None);
        assert_eq!(
            (u.stamp.as_str(), u.source.as_str(), u.speaker.as_str()),
            ("", "", "")
        );
        assert!(!u.is_person);
        assert_eq!(t.turns[2].id, "l-6");
        assert!(!t.turns[2].parsed);
        assert_eq!(t.turns[3].line, 8);
        assert_eq!(duration_seconds(&t), Some(2.0));
    }

    #[test]
    fn duplicate_timestamps_get_unique_ids() {
        let body = "## Transcript\n```\n\
            [00:01:48.10] a : x\n\
            [00:01:48.50] a : y\n\
            [00:01:48.90] a : z\n\
            [00:01:49] a : w\n\
            ```\n";
        let t = parse_body(body);
        let ids: Vec<&str> = t.turns.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            ["t-00-01-48", "t-00-01-48-2", "t-00-01-48-3", "t-00-01-49"]
        );
    }

    #[test]
    fn out_of_order_turns() {
        let body = "## Transcript\n```\n\
            [00:00:10] a : x\n\
            [00:00:05] a : y\n\
            [00:00:07] a : z\n\
            [00:00:07] a : same time is fine\n\
            garbage\n\
            [00:00:06] a : w\n\
            ```\n";
        let t = parse_body(body);
        assert_eq!(t.out_of_order, [4, 8]);
        assert_eq!(duration_seconds(&t), Some(5.0));
    }

    #[test]
    fn heading_form_without_markers() {
        let body = "# Meeting\n\
            ## Notes\n\
            text\n\
            ```bash\n\
            # transcript of the old call\n\
            ```\n\
            ## Transcript (auto)\n\
            intro line, ignored\n\
            ```text\n\
            [00:00:01] zoom.us : Hi\n\
            # not a heading inside a fence\n\
            ```\n\
            ### Sub-heading stays inside\n\
            ~~~txt\n\
            [00:00:02] zoom.us : Again\n\
            ~~~\n\
            ## Next section\n\
            after\n";
        let block = find_block(body).unwrap();
        assert_eq!(block.start, body.find("## Transcript").unwrap());
        assert_eq!(block.end, body.find("## Next section").unwrap());
        assert_eq!(block.fences.len(), 2);
        assert_eq!(
            block.fences[0].text,
            "[00:00:01] zoom.us : Hi\n# not a heading inside a fence"
        );
        assert_eq!(block.fences[0].first_line, 9);
        assert_eq!(block.fences[1].text, "[00:00:02] zoom.us : Again");
        assert_eq!(block.fences[1].first_line, 14);
        let t = parse_body(body);
        assert_eq!(t.turns.len(), 3);
        assert!(!t.turns[1].parsed);
        assert_eq!(t.turns[2].line, 15);
    }

    /// The transcript heading level of a one-line body.
    fn heading_level(line: &str) -> Option<u8> {
        blocks::Scanner::new(line)
            .next()
            .and_then(|l| transcript_heading(&l))
    }

    #[test]
    fn heading_matching_rules() {
        assert_eq!(heading_level("## Transcript"), Some(2));
        assert_eq!(heading_level("# transcript"), Some(1));
        assert_eq!(heading_level("###### TRANSCRIPT: call"), Some(6));
        assert_eq!(heading_level("## Transcript (auto)"), Some(2));
        assert_eq!(heading_level("   ## Transcript"), Some(2));
        assert_eq!(heading_level("####### Transcript"), None);
        assert_eq!(heading_level("##Transcript"), None);
        assert_eq!(heading_level("## Transcripts"), None);
        assert_eq!(heading_level("## Transcription"), None);
        assert_eq!(heading_level("## Transcripté"), None);
        assert_eq!(heading_level("## The transcript"), None);
        assert_eq!(heading_level("    ## Transcript"), None);
        assert_eq!(heading_level("## Transcrip"), None);
        assert_eq!(heading_level("## Transcrip€"), None);
    }

    #[test]
    fn headings_and_fences_are_the_block_scanners() {
        // no transcript heading in indented code, an HTML block or a quote
        assert_eq!(find_block("    ## Transcript\n"), None);
        assert_eq!(find_block("<div>\n## Transcript\n</div>\n"), None);
        assert_eq!(find_block("> ## Transcript\n"), None);
        // a setext heading starts and ends a block
        let body = "Transcript\n----------\n```\n[00:01] a : x\n```\n<div>\n# in html\n</div>\n\nNext\n====\n";
        let block = find_block(body).unwrap();
        assert_eq!(block.start, 0);
        assert_eq!(&body[block.end..], "Next\n====\n");
        assert_eq!(block.cuts[0], (0, body.find("```").unwrap()));
        // a fence left open in a list item ends with the item
        let body = "## Transcript\n- ```text\n  [00:01] a : x\nafter\n";
        let block = find_block(body).unwrap();
        assert_eq!(block.fences[0].text, "[00:01] a : x");
        assert_eq!(&body[block.fences[0].end..], "after\n");
    }

    #[test]
    fn heading_block_ends_at_same_or_higher_level() {
        let body = "### Transcript\n```\n[00:01] a : x\n```\n#### Deeper\n## Higher\nrest\n";
        let block = find_block(body).unwrap();
        assert_eq!(&body[block.end..], "## Higher\nrest\n");
        let body = "## Transcript\n```\n[00:01] a : x\n```\n";
        assert_eq!(find_block(body).unwrap().end, body.len());
    }

    #[test]
    fn several_fences_in_a_marked_block() {
        let body = "intro\n<!-- ai:transcript:start -->\n## Transcript (auto)\n\
            ```text\n[00:00:01] a : one\n```\n\
            ```python\nprint('[00:00:02] a : not a transcript')\n```\n\
            ```\n[00:00:30] a : two\n```\n\
            ````txt\n[00:00:03] a : three\n```\nstill inside\n````\n\
            <!-- ai:transcript:end -->\nafter\n";
        let block = find_block(body).unwrap();
        assert_eq!(block.fences.len(), 3);
        assert_eq!(
            block.fences[2].text,
            "[00:00:03] a : three\n```\nstill inside"
        );
        let t = parse_body(body);
        let texts: Vec<&str> = t.turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["one", "two", "three", "```", "still inside"]);
        // The third fence starts again: not out of order.
        assert!(t.out_of_order.is_empty());
        assert_eq!(&body[block.end..], "after\n");
        assert_eq!(&body[..block.start], "intro\n");
    }

    #[test]
    fn markers_without_fences_and_missing_end() {
        let body =
            "a\n<!-- ai:transcript:start -->\nno fence here\n<!-- ai:transcript:end -->\nb\n";
        let block = find_block(body).unwrap();
        assert!(block.fences.is_empty());
        assert_eq!(&body[block.end..], "b\n");
        assert!(parse(&block, &Speakers::new(&[], &[])).turns.is_empty());

        let body = "a\n<!-- ai:transcript:start -->\n```text\n[00:00:01] a : x\n";
        let block = find_block(body).unwrap();
        assert_eq!(block.end, body.len());
        assert_eq!(block.fences.len(), 1);
        assert_eq!(block.fences[0].text, "[00:00:01] a : x");

        // An unclosed fence stops at the end marker.
        let body = "<!-- ai:transcript:start -->\n```text\n[00:00:01] a : x\n<!-- ai:transcript:end -->\nz";
        let block = find_block(body).unwrap();
        assert_eq!(block.fences[0].text, "[00:00:01] a : x");
        assert_eq!(&body[block.end..], "z");
    }

    #[test]
    fn marker_variants_and_precedence() {
        assert_eq!(marker("<!-- ai:transcript:start -->"), Some(true));
        assert_eq!(marker("  <!--AI:Transcript:Start-->  "), Some(true));
        assert_eq!(marker("<!-- ai:transcript:end -->"), Some(false));
        assert_eq!(marker("<!-- other -->"), None);
        assert_eq!(marker("<!-->"), None);
        // Markers win over an earlier heading.
        let body = "## Transcript\nold\n<!-- ai:transcript:start -->\n```\n[00:01] a : x\n```\n";
        let block = find_block(body).unwrap();
        assert_eq!(block.start, body.find("<!--").unwrap());
        // Neither form: no block.
        assert_eq!(find_block("# Notes\n## Summary\ntext\n"), None);
        assert_eq!(find_block(""), None);
        // A heading inside a code fence does not count.
        assert_eq!(find_block("```\n## Transcript\n```\n"), None);
    }

    #[test]
    fn fence_details() {
        // Indented fence: its indent is removed from content lines.
        let body = "## Transcript\n  ```text\n  [00:00:01] a : x\n    [00:00:02] a : y\n  ```\n";
        let block = find_block(body).unwrap();
        assert_eq!(block.fences[0].text, "[00:00:01] a : x\n  [00:00:02] a : y");
        // A short closing fence does not close; an info string with a backtick is not a fence.
        let body = "## Transcript\n````\n[00:00:01] a : x\n```\n````\n``` te`xt\n";
        let block = find_block(body).unwrap();
        assert_eq!(block.fences.len(), 1);
        assert_eq!(block.fences[0].text, "[00:00:01] a : x\n```");
        // Empty fence.
        let body = "## Transcript\n```text\n```\n";
        // An empty fence holds no turn: the section is not a transcript in a
        // known form and nothing is cut from the note.
        let block = find_block(body).unwrap();
        assert!(block.fences.is_empty());
        assert!(!block.is_parsed());
        assert_eq!(block.cut_from(body), body);
        // Info string `text` with attributes, and TEXT in capitals.
        let body = "## Transcript\n``` TEXT {.x}\n[00:01] a : b\n```\n";
        assert_eq!(find_block(body).unwrap().fences.len(), 1);
    }

    #[test]
    fn only_parsed_fences_are_cut_and_the_rest_of_the_section_stays() {
        let body = "# T\n\n## Transcript\n\nSome words before.\n\n```text\n[00:00:01] a : x\n```\n\n```\nnot a turn\n```\n\n## Next\n";
        let block = find_block(body).unwrap();
        assert!(block.is_parsed());
        assert_eq!(block.fences.len(), 1);
        let kept = block.cut_from(body);
        assert_eq!(kept.lines().count(), body.lines().count());
        assert!(kept.contains("Some words before."));
        assert!(kept.contains("not a turn"));
        assert!(!kept.contains("[00:00:01]"));
        assert!(!kept.contains("## Transcript"));
        assert!(kept.contains("## Next"));
        // a section of prose under a transcript heading: nothing is cut
        let body = "## Transcript\n\n**Ana:** hello there\n";
        let block = find_block(body).unwrap();
        assert!(!block.is_parsed());
        assert_eq!(block.cut_from(body), body);
    }

    #[test]
    fn stray_carriage_returns_are_tolerated() {
        let body = "<!-- ai:transcript:start -->\r\n```text\r\n[00:00:01] zoom.us :  DanaHi\r\n```\r\n<!-- ai:transcript:end -->\r\n";
        let t = parse_body(body);
        assert_eq!(t.turns.len(), 1);
        assert_eq!(t.turns[0].speaker, "Dana Reyes");
        assert_eq!(t.turns[0].text, "Hi");
    }

    #[test]
    fn unicode_sources_and_text() {
        let body = "## Transcript\n```\n[00:00:01] 王伟 : 你好\n[00:00:02] Zoë Ødegaard-Núñez : Hej 👋\n```\n";
        let t = parse_body(body);
        assert_eq!(t.turns[0].speaker, "王伟");
        assert!(t.turns[0].is_person);
        assert_eq!(t.turns[0].text, "你好");
        assert_eq!(t.turns[1].speaker, "Zoë Ødegaard-Núñez");
        assert_eq!(t.turns[1].text, "Hej 👋");
    }

    #[test]
    fn duration_edge_cases() {
        assert_eq!(duration_seconds(&Transcript::default()), None);
        let t = parse_body("## Transcript\n```\n[00:00:07] a : x\n```\n");
        assert_eq!(duration_seconds(&t), Some(0.0));
    }

    #[test]
    fn noise_tokens() {
        for yes in [
            "AUDIOBLANK",
            "INAUDIBLE",
            "BLANK_AUDIO",
            "(clicking)",
            "(laughter)",
            "(inaudible)",
            "(coughs)",
            "(müde)",
            "[inaudible]",
            "[CROSSTALK]",
            "[Laughter]",
        ] {
            assert!(is_noise(yes), "{yes}");
        }
        for no in [
            "",
            "inaudible",
            "Audioblank",
            "AUDIOBLANKS",
            "(clicking)AUDIOBLANK",
            "(Clicking)",
            "(two words)",
            "(a)",
            "(ii)",
            "(iv)",
            "(x)",
            "[sic]",
            "[x]",
            "(clicking",
            "()",
            "[]",
            "hello",
            " AUDIOBLANK",
        ] {
            assert!(!is_noise(no), "{no}");
        }
    }

    #[test]
    fn noise_segmenting() {
        let seg = |s: &str| noise_segments(s);
        let owned = |v: &[(&str, bool)]| -> Vec<(String, bool)> {
            v.iter().map(|(s, b)| (s.to_string(), *b)).collect()
        };
        assert_eq!(
            seg("(clicking)AUDIOBLANK"),
            owned(&[("(clicking)", true), ("AUDIOBLANK", true)])
        );
        assert_eq!(
            seg("So (laughter) we INAUDIBLE the [inaudible] plan."),
            owned(&[
                ("So ", false),
                ("(laughter)", true),
                (" we ", false),
                ("INAUDIBLE", true),
                (" the ", false),
                ("[inaudible]", true),
                (" plan.", false),
            ])
        );
        assert_eq!(
            seg("okayAUDIOBLANK."),
            owned(&[("okay", false), ("AUDIOBLANK", true), (".", false)])
        );
        assert_eq!(
            seg("AUDIOBLANKS XINAUDIBLE"),
            owned(&[("AUDIOBLANKS XINAUDIBLE", false)])
        );
        assert_eq!(
            seg("see (a) and (ii) and [sic]"),
            owned(&[("see (a) and (ii) and [sic]", false)])
        );
        assert_eq!(seg(""), Vec::<(String, bool)>::new());
        assert_eq!(seg("AUDIOBLANK"), owned(&[("AUDIOBLANK", true)]));
        assert_eq!(
            seg("[inaudible]王王王王王王"),
            owned(&[("[inaudible]", true), ("王王王王王王", false)])
        );
        assert_eq!(
            seg("[王王王王王王王王王王王王]"),
            owned(&[("[王王王王王王王王王王王王]", false)])
        );
    }

    /// First names × last names: 500 distinct people.
    fn many_people() -> Vec<(String, String)> {
        let first = [
            "Aiko", "Amara", "Björn", "Chloe", "Dana", "Diego", "Dmitri", "Elena", "Eun-ji",
            "Fatima", "Hannah", "Henrik", "Ingrid", "Jonas", "Leila", "Mateo", "Maya", "Nia",
            "Noam", "Olu", "Ravi", "Sam", "Zoë", "王", "Sami",
        ];
        let last = [
            "Nakamura", "Rossi", "Müller", "Iyer", "Silva", "Schulz", "Ferreira", "Kim", "Dubois",
            "Cohen", "Berg", "Núñez", "Okafor", "Petrova", "Lund", "Murphy", "Nowak", "Haddad",
            "Reyes", "O'Brien",
        ];
        let mut out = Vec::new();
        for f in first {
            for l in last {
                let full = format!("{f} {l}");
                out.push((full.clone(), full));
            }
        }
        out
    }

    #[test]
    fn five_hundred_names() {
        let n = many_people();
        assert_eq!(n.len(), 500);
        let mut n2 = n.clone();
        n2.push(("Sam".into(), "Sam Reyes".into()));
        let s = Speakers::new(&n2, &[]);
        let mut body = String::from("## Transcript\n```text\n");
        for (i, (name, _)) in n.iter().enumerate() {
            let _ = writeln!(
                body,
                "[00:{:02}:{:02}] Jabra Speak 710 :  {name}Text number {i}.",
                i / 60 % 60,
                i % 60
            );
        }
        body.push_str("[01:00:00] Jabra Speak 710 :  SamYes\n[01:00:01] Jabra Speak 710 :  Samira here\n```\n");
        let t = parse(&find_block(&body).unwrap(), &s);
        assert_eq!(t.turns.len(), 502);
        for (i, (turn, (name, _))) in t.turns.iter().zip(&n).enumerate() {
            assert_eq!(&turn.speaker, name);
            assert!(turn.is_person);
            assert_eq!(turn.text, format!("Text number {i}."));
        }
        assert_eq!(t.turns[500].speaker, "Sam Reyes");
        assert_eq!(t.turns[501].speaker, "Jabra Speak 710");
        let ids: HashSet<&str> = t.turns.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), t.turns.len());
    }

    #[test]
    fn large_transcript() {
        let n = many_people();
        let s = Speakers::new(&n, &[]);
        let devices = [
            "zoom.us",
            "Jabra Speak 710",
            "Teams Room",
            "MacBook Pro Microphone",
        ];
        let words = "Pricing roadmap latency (clicking)AUDIOBLANK cluster migration budget review ";
        let mut body =
            String::from("<!-- ai:transcript:start -->\n\n## Transcript (auto)\n\n```text\n");
        let turns = 15_000;
        for i in 0..turns {
            let t = i * 3;
            let (h, m, sec) = (t / 3600, t / 60 % 60, t % 60);
            let (name, _) = &n[i * 7 % n.len()];
            let dev = devices[i % devices.len()];
            let text = words.repeat(1 + i % 3);
            let _ = match i % 3 {
                0 => writeln!(
                    body,
                    "[{h:02}:{m:02}:{sec:02}.{:02}] {dev} :  {name}{text}\n",
                    i % 100
                ),
                1 => writeln!(
                    body,
                    "[{h:02}:{m:02}:{sec:02}.{:02}] {name} : {text}\n",
                    i % 100
                ),
                _ => writeln!(
                    body,
                    "[{h:02}:{m:02}:{sec:02}.{:02}] {dev} : Plain {text}\n",
                    i % 100
                ),
            };
        }
        body.push_str("```\n\n<!-- ai:transcript:end -->\n");
        assert!(body.len() > 2_000_000, "{}", body.len());
        let block = find_block(&body).unwrap();
        let tr = parse(&block, &s);
        assert_eq!(tr.turns.len(), turns);
        assert!(tr.turns.iter().all(|t| t.parsed));
        assert!(tr.out_of_order.is_empty());
        let persons = tr.turns.iter().filter(|t| t.is_person).count();
        assert_eq!(persons, 10_000);
        let ids: HashSet<&str> = tr.turns.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), turns);
        assert_eq!(duration_seconds(&tr), Some(((turns - 1) * 3) as f64 + 0.99));
    }

    /// Lines made of the pieces transcript blocks are built from.
    fn structured_body() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just("<!-- ai:transcript:start -->".to_string()),
            Just("<!-- ai:transcript:end -->".to_string()),
            Just("## Transcript".to_string()),
            Just("# Other".to_string()),
            Just("### Deep".to_string()),
            Just("```text".to_string()),
            Just("```".to_string()),
            Just("~~~".to_string()),
            Just("````txt".to_string()),
            Just("```python".to_string()),
            Just(String::new()),
            Just("[00:00:01.50] zoom.us :  Sam OkoroYes".to_string()),
            Just("[00:00:00] Dana : hi".to_string()),
            Just("[1:00] Jabra :".to_string()),
            "\\PC{0,20}",
        ];
        proptest::collection::vec(line, 0..30).prop_map(|v| v.join("\n"))
    }

    fn check_block(body: &str) -> Result<(), TestCaseError> {
        if let Some(b) = find_block(body) {
            prop_assert!(b.start <= b.end && b.end <= body.len());
            prop_assert!(body.is_char_boundary(b.start) && body.is_char_boundary(b.end));
            let line_count = body.split('\n').count();
            for f in &b.fences {
                prop_assert!(f.first_line <= line_count);
            }
            let n = people();
            let t = parse(&b, &Speakers::new(&n, &[]));
            let ids: HashSet<&str> = t.turns.iter().map(|t| t.id.as_str()).collect();
            prop_assert_eq!(ids.len(), t.turns.len());
            for turn in &t.turns {
                prop_assert!(turn.line >= 1 && turn.line <= line_count);
                prop_assert_eq!(turn.parsed, turn.seconds.is_some());
                prop_assert!(!turn.text.is_empty() || turn.parsed);
            }
            if let Some(d) = duration_seconds(&t) {
                prop_assert!(d >= 0.0);
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn find_block_never_panics(body in any::<String>()) {
            check_block(&body)?;
        }

        #[test]
        fn structured_bodies_keep_invariants(body in structured_body()) {
            check_block(&body)?;
        }

        #[test]
        fn parse_any_fence_text(text in any::<String>(), first_line in 0usize..1000) {
            let n = people();
            let s = Speakers::new(&n, &[]);
            let block = Block { start: 0, end: 0, fences: vec![Fence { text: text.clone(), first_line, start: 0, end: 0 }], cuts: vec![(0, 0)], stored: None };
            let t = parse(&block, &s);
            let non_blank = text.split('\n').filter(|l| !l.trim().is_empty()).count();
            prop_assert_eq!(t.turns.len(), non_blank);
        }

        #[test]
        fn turn_lines_round_trip(
            h in 0u64..24, m in 0u64..60, s in 0u64..60, frac in 0u64..100,
            source in "[A-Za-z][A-Za-z0-9 .]{0,15}[A-Za-z0-9]",
            text in "[A-Za-z0-9 ,.'!?]{0,40}",
        ) {
            let line = format!("[{h:02}:{m:02}:{s:02}.{frac:02}] {source} : {text}");
            let block = Block { start: 0, end: 0, fences: vec![Fence { text: line, first_line: 0, start: 0, end: 0 }], cuts: vec![(0, 0)], stored: None };
            let t = parse(&block, &Speakers::new(&[], &[]));
            prop_assert_eq!(t.turns.len(), 1);
            let turn = &t.turns[0];
            prop_assert!(turn.parsed);
            prop_assert_eq!(&turn.source, source.trim());
            prop_assert_eq!(&turn.speaker, source.trim());
            prop_assert_eq!(&turn.text, text.trim());
            let expect = (h * 3600 + m * 60 + s) as f64 + frac as f64 / 100.0;
            prop_assert!((turn.seconds.unwrap_or(-1.0) - expect).abs() < 1e-9);
            prop_assert_eq!(&turn.id, &format!("t-{h:02}-{m:02}-{s:02}"));
        }

        #[test]
        fn fused_speakers_are_found(
            idx in 0usize..500,
            text in "[A-Z][a-z ,.]{0,30}",
        ) {
            let n = many_people();
            let s = Speakers::new(&n, &[]);
            let (name, _) = &n[idx];
            let line = format!("[00:00:01] Jabra Speak 710 :  {name}{text}");
            let block = Block { start: 0, end: 0, fences: vec![Fence { text: line, first_line: 0, start: 0, end: 0 }], cuts: vec![(0, 0)], stored: None };
            let t = parse(&block, &s);
            prop_assert_eq!(&t.turns[0].speaker, name);
            prop_assert_eq!(&t.turns[0].text, text.trim());
        }

        #[test]
        fn noise_segments_rebuild_the_text(text in any::<String>()) {
            let runs = noise_segments(&text);
            let joined: String = runs.iter().map(|(s, _)| s.as_str()).collect();
            prop_assert_eq!(&joined, &text);
            for (s, noise) in &runs {
                prop_assert!(!s.is_empty());
                if *noise {
                    prop_assert!(is_noise(s));
                }
            }
            for pair in runs.windows(2) {
                prop_assert!(pair[0].1 || pair[1].1, "speech runs are merged");
            }
        }

        #[test]
        fn noise_segments_on_noisy_text(text in "(AUDIOBLANK|INAUDIBLE|\\(clicking\\)|\\[inaudible\\]|\\(|\\)|\\[|\\]|[a-zA-Z_ ]|é|王){0,30}") {
            let runs = noise_segments(&text);
            let joined: String = runs.iter().map(|(s, _)| s.as_str()).collect();
            prop_assert_eq!(&joined, &text);
            for (s, noise) in &runs {
                if *noise {
                    prop_assert!(is_noise(s));
                }
            }
        }
    }
}
