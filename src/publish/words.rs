//! A word-level filter for many folded keys: which keys a text may hold as
//! whole words, in one pass over its folded view and without building it.
//!
//! The leak guard looks for thousands of promises (names, and windows of the
//! text a profile cut) in every output file, and the publish stage looks for
//! the same in every published source. An Aho-Corasick automaton over that
//! many keys is large, and walking it byte by byte over a site's hundreds of
//! megabytes was most of a profile build's time. Most files hold none of
//! them; this filter says so, word by word: it reads the view [`super::fold`]
//! gives (through [`fold::fold_into`], so no view string is built), hashes
//! each word as it goes, keeps the last [`RING`] word hashes, and at the end
//! of each word looks up the keys that end with it and compares their
//! earlier words with the ring. A word is a run of letters and digits, or one
//! letter of a script written without spaces (Chinese, Thai, …).
//!
//! The filter never misses a whole-word match ([`fold::whole_words`]) of a
//! key — a match starts and ends on word boundaries, and its words are the
//! key's — including one whose last word is fused onto a capital (`SamOkoro`
//! holds `sam` for the guard): at a small letter followed by a capital, the
//! word so far is tried as a word too. It may report what is not a match (a
//! hash collision, or `sam okoro` in `SamOkoro`), so callers read a text it
//! flags again with the exact search ([`super::guard::occurrences`]).

use super::fold::{self, Mode, View};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// How many words back a key is compared; a longer key is reported on its
/// last two words (the exact search decides).
pub const RING: usize = 64;

/// The words of many keys, indexed by their last words.
pub struct Words {
    /// For every key, its words' hashes.
    keys: Vec<Vec<u64>>,
    /// The hash of a key's last [`TAIL`] words (fewer in a shorter key) →
    /// the keys ending with them.
    by_tail: HashMap<u64, Vec<u32>, BuildHasherDefault<Id>>,
    /// One bit per such hash (low bits): most word sequences end no key.
    bits: Vec<u64>,
}

/// How many last words index a key: common words end many windows of cut
/// text (`… of the`), three together end few.
const TAIL: usize = 3;

const BITS: usize = 1 << 18;
const SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct Id(u64);

impl Hasher for Id {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[inline]
fn chain(h: u64, w: u64) -> u64 {
    (h.rotate_left(23) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The hash of a run of words (hashes), first to last.
fn tail_hash(words: &[u64]) -> u64 {
    finish(words.iter().fold(SEED, |h, &w| chain(h, w)))
}

/// The hash of a word (its view bytes), eight bytes at a time.
#[inline]
fn word_hash(w: &[u8]) -> u64 {
    let mut h = SEED ^ w.len() as u64;
    let mut chunks = w.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        h = (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut x = [0u8; 8];
        x[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(x)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    finish(h)
}

#[inline]
fn finish(h: u64) -> u64 {
    // fold the high bits down: the bit table reads the low ones
    h ^ (h >> 29) ^ (h >> 41)
}

/// Whether `c` is a letter or digit of a word (one of a script written
/// without spaces is a word alone).
#[inline]
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphanumeric() && !fold::spaceless(c))
}

/// The words of `view` (a folded key), as hashes.
fn key_words(view: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in view.chars() {
        if word_char(c) {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(word_hash(word.as_bytes()));
            word.clear();
        }
        if c.is_alphanumeric() {
            out.push(word_hash(c.encode_utf8(&mut [0; 4]).as_bytes()));
        }
    }
    if !word.is_empty() {
        out.push(word_hash(word.as_bytes()));
    }
    out
}

impl Words {
    /// A filter for `keys`, folded views ([`fold::key`]) as the exact search
    /// takes them; the reported key numbers are positions in `keys`.
    pub fn new(keys: &[String]) -> Words {
        let keys: Vec<Vec<u64>> = keys.iter().map(|k| key_words(k)).collect();
        let mut by_tail: HashMap<u64, Vec<u32>, BuildHasherDefault<Id>> = HashMap::default();
        let mut bits = vec![0u64; BITS / 64];
        for (i, k) in keys.iter().enumerate() {
            if k.is_empty() {
                continue;
            }
            let t = tail_hash(&k[k.len().saturating_sub(TAIL)..]);
            by_tail.entry(t).or_default().push(i as u32);
            let b = t as usize % BITS;
            bits[b / 64] |= 1 << (b % 64);
        }
        Words {
            keys,
            by_tail,
            bits,
        }
    }

    /// Whether `text`, folded with `mode`, may hold one of the keys.
    pub fn may_hold(&self, text: &str, mode: Mode) -> bool {
        let mut found = false;
        self.scan(text, mode, &mut |_| {
            found = true;
            false
        });
        found
    }

    /// The keys `text`, folded with `mode`, may hold (sorted, each once).
    pub fn candidates(&self, text: &str, mode: Mode) -> Vec<usize> {
        let mut out = Vec::new();
        self.scan(text, mode, &mut |k| {
            out.push(k);
            true
        });
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Report every key that may end at each word of `text` to `hit`, until
    /// it says to stop.
    fn scan(&self, text: &str, mode: Mode, hit: &mut dyn FnMut(usize) -> bool) {
        if self.keys.is_empty() {
            return;
        }
        let mut reader = Reader {
            words: self,
            ring: [0; RING],
            seen: 0,
            word: Vec::with_capacity(64),
            lower: false,
            fused: Vec::new(),
            hit,
            stop: false,
        };
        fold::fold_into(text, mode, true, &mut reader);
        reader.end_word();
    }
}

/// The state of one [`Words::scan`].
struct Reader<'a> {
    words: &'a Words,
    ring: [u64; RING],
    /// Words read so far.
    seen: usize,
    /// The view bytes of the word being read.
    word: Vec<u8>,
    /// Whether the last character of the word was a small letter (as written).
    lower: bool,
    /// Lengths of the word so far at each small letter then capital in it.
    fused: Vec<usize>,
    hit: &'a mut dyn FnMut(usize) -> bool,
    stop: bool,
}

impl Reader<'_> {
    #[inline]
    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let h = word_hash(&self.word);
        self.ring[self.seen % RING] = h;
        self.seen += 1;
        if !self.stop {
            self.lookup(h);
            for i in 0..self.fused.len() {
                if self.stop {
                    break;
                }
                let f = word_hash(&self.word[..self.fused[i]]);
                self.lookup(f);
            }
        }
        self.word.clear();
        self.fused.clear();
    }

    /// Keys whose last word is `last`, the word that just ended (or a
    /// fused part of it): those whose earlier words are the words before.
    #[inline]
    fn lookup(&mut self, last: u64) {
        // the word before `last` is `back` words back in the ring
        let before = |d: usize| self.ring[(self.seen - 1 - d) % RING];
        // the hashes of the last one, two and three words (TAIL = 3)
        let (p1, p2) = match self.seen {
            0 | 1 => (0, 0),
            2 => (before(1), 0),
            _ => (before(1), before(2)),
        };
        let tails = [
            finish(chain(SEED, last)),
            finish(chain(chain(SEED, p1), last)),
            finish(chain(chain(chain(SEED, p2), p1), last)),
        ];
        for n in 1..=TAIL.min(self.seen) {
            let t = tails[n - 1];
            let b = t as usize % BITS;
            if self.words.bits[b / 64] & (1 << (b % 64)) == 0 {
                continue;
            }
            let Some(ks) = self.words.by_tail.get(&t) else {
                continue;
            };
            for &k in ks {
                let key = &self.words.keys[k as usize];
                let len = key.len();
                // keys of n words, or longer ones (n = TAIL) whose earlier
                // words are the ring's, as far as it reaches
                if len < n || (len > n && n < TAIL) || len > self.seen {
                    continue;
                }
                let back = (len - 1).min(RING - 1);
                let matched =
                    key[len - 1] == last && (1..=back).all(|d| before(d) == key[len - 1 - d]);
                if matched && !(self.hit)(k as usize) {
                    self.stop = true;
                    return;
                }
            }
        }
    }

    #[inline]
    fn one_letter(&mut self, c: char) {
        self.end_word();
        self.word
            .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        self.end_word();
    }
}

impl View for Reader<'_> {
    #[inline]
    fn char(&mut self, c: char, orig: char, _span: (u32, u32)) {
        if self.stop {
            return;
        }
        if word_char(c) {
            if !self.word.is_empty() && self.lower && orig.is_uppercase() {
                self.fused.push(self.word.len());
            }
            self.word
                .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            self.lower = orig.is_lowercase();
        } else if c.is_alphanumeric() {
            self.one_letter(c);
        } else {
            self.end_word();
        }
    }

    #[inline]
    fn ascii(&mut self, run: &str, lower: bool, _at: u32) {
        if self.stop {
            return;
        }
        let b = run.as_bytes();
        if b.is_empty() {
            return;
        }
        let start = self.word.len();
        // a small letter then a capital: a fused word ends there too
        let mut was_lower = self.lower && start > 0;
        for (k, &c) in b.iter().enumerate() {
            if was_lower && c.is_ascii_uppercase() {
                self.fused.push(start + k);
            }
            was_lower = c.is_ascii_lowercase();
        }
        self.lower = was_lower;
        self.word.extend_from_slice(b);
        if lower {
            self.word[start..].make_ascii_lowercase();
        }
    }

    #[inline]
    fn space(&mut self, _span: (u32, u32)) {
        self.end_word();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::guard;

    fn keys(ks: &[&str]) -> (Words, aho_corasick::AhoCorasick) {
        let ks: Vec<String> = ks.iter().map(|k| fold::key(k, Mode::OUTPUT)).collect();
        (Words::new(&ks), guard::automaton(&ks).unwrap())
    }

    #[test]
    fn finds_keys_as_whole_words() {
        let (w, _) = keys(&["Sam Okoro", "$120k", "田中", "open the budget review"]);
        for (text, want) in [
            ("<p>SAM\n  OKORO</p>", vec![0]),
            ("{\"t\":\"sam\\nokoro\"}", vec![0]),
            ("Sam%20Okoro and the cost: $120K.", vec![0, 1]),
            ("Sam OkoroYes", vec![0]),
            ("会議で田中さん", vec![2]),
            ("we <em>open</em> the\nbudget review", vec![3]),
            ("Samantha Okoroa", vec![]),
            ("120 k", vec![]),
            ("open the budget reviews", vec![]),
        ] {
            assert_eq!(w.candidates(text, Mode::OUTPUT), want, "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Whatever the text, every key the exact search finds, the filter
        /// reports.
        #[test]
        fn never_misses_what_the_exact_search_finds(
            text in "([a-zA-Z ]{0,3}(Sam|Okoro|OKORO|sam|okoro|田|中|Zoë|ZOË|&amp;|&#83;|%20|\\\\n|<b>|</b>|-|_|\\$|1|2|0|k|'|\n|> ))*",
            picked in proptest::collection::vec(0usize..9, 1..4),
        ) {
            let all = ["Sam Okoro", "sam", "okoro sam", "田中", "zoë", "$120k", "o'sam", "s", "am ok"];
            let chosen: Vec<&str> = picked.iter().map(|&i| all[i]).collect();
            let (w, exact) = keys(&chosen);
            let found = w.candidates(&text, Mode::OUTPUT);
            for k in guard::occurrences(&exact, &text).into_iter().map(|x| x.0) {
                proptest::prop_assert!(found.contains(&k), "{:?} holds key {} ({:?}); the filter reported {:?}", text, k, chosen[k], found);
            }
        }
    }
}
