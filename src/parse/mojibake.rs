//! Mojibake repair: undo UTF-8 that was once misread as Windows-1252.
//!
//! Takes the text of a note and gives, when the text as a whole looks like
//! UTF-8 bytes that some tool decoded as Windows-1252 (`—` saved as `â€”`,
//! `🔼` as `ðŸ”¼`), a [`Repair`]: the text with each such sequence turned back
//! into its character, and how many sequences were fixed. Text that does not
//! look like mojibake gives `None` and must be left alone: French `âge`,
//! Portuguese `SÃO`, a correctly encoded `—` or `✅` are not touched.
//!
//! How it works, in one linear pass over the text:
//!
//! 1. Every character is mapped back to the Windows-1252 byte it would have
//!    come from (U+0000–U+00FF to the same byte, `€ ‚ ƒ … Ÿ` to 0x80–0x9F). A
//!    character with no such byte (`会`, `✅`, a correct `🔼`) cannot be part of
//!    mojibake: the whole text then gives `None`. (A C1 control such as U+0081
//!    maps to its own byte, so text misread by a WHATWG or Latin-1 decoder,
//!    which keeps those bytes, repairs exactly too.)
//! 2. The bytes are read as UTF-8: a lead byte 0xC2–0xF4 followed by as many
//!    continuation bytes (0x80–0xBF) as it announces is one sequence.
//! 3. Many tools (Python's `cp1252`, the test vault generator) *drop* the five
//!    bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D), so some
//!    sequences are one continuation byte short: `⏫` (E2 8F AB) reads `â«`.
//!    For those, each dropped byte is tried at each position, and a candidate
//!    wins only when it is strictly the most plausible: first the Obsidian
//!    Tasks emoji and common typographic punctuation (or, by context, a
//!    zero-width joiner between two emoji or a skin tone after one), then a
//!    few letters that are by far the commonest of their group (`Á`, `č`,
//!    `А`, a combining acute accent), then any assigned letter, digit, mark,
//!    symbol or emoji when it is the only one. A tie at the top leaves the
//!    run as it is.
//! 4. The text is judged mojibake only on strong evidence: at least one
//!    sequence decodes (or is restored to a Tasks emoji or punctuation mark),
//!    and either nothing is left over (no stray high characters, no run that
//!    could not be restored) or the evidence holds a classic signature (`Ã`,
//!    `Â`, `â€`, `âœ`, `ðŸ` …, i.e. a Latin-1, three- or four-byte sequence)
//!    and outnumbers the leftovers four to one. A restoration by letter
//!    frequency alone (`SÃO` → `SÁO`) is never evidence.
//!
//! The vault generator only garbles the part of a note *before* its
//! `<!-- ai:transcript:start -->` marker; [`repair_note`] judges that part and
//! the transcript separately, so correct UTF-8 in a transcript does not veto
//! the repair of the rest.
//!
//! Pure, never panics, linear in the length of the text. A note garbled twice
//! (`Ã¢â‚¬â€`) comes back garbled once from one call; call again to finish.

/// The bytes Windows-1252 leaves undefined, which many decoders drop.
const DROPPED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// The marker where a note's AI transcript starts.
const TRANSCRIPT_START: &str = "<!-- ai:transcript:start -->";

/// Characters a restoration prefers above all: the Obsidian Tasks emoji, the
/// emoji variation selector, common typographic punctuation and arrows, and
/// the two commonest reaction emoji that lose a byte (👍 over 👏, 🙏 over 🙁).
const PREFERRED: &[char] = &[
    '🔺', '⏫', '🔼', '🔽', '⏬', '📅', '📆', '🗓', '⏳', '⌛', '🛫', '➕', '✅', '❌', '🔁', '🆔',
    '⛔', '🏁', '\u{FE0F}', '—', '–', '‘', '’', '‚', '“', '”', '„', '•', '…', '†', '‡', '‰', '‹',
    '›', '€', '™', '←', '→', '↑', '↓', '✓', '✔', '⚠', '👍', '🙏',
];

/// Letters far commoner than the other candidates that share their bytes:
/// `Á` (vs `Í Ï Ð Ý`), `č` (vs `ā ď Đ ĝ`), Cyrillic `А` (vs `Ё Ѝ Џ Н`) and the
/// combining acute accent of decomposed text (vs other combining marks).
const FREQUENT: &[char] = &['Á', 'č', 'А', '\u{0301}'];

/// Result of a repair attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// The repaired text.
    pub text: String,
    /// Sequences fixed (each one character of the original text).
    pub repaired: usize,
    /// Of those, sequences whose dropped byte was restored by a unique guess.
    pub guessed: usize,
}

/// If `text` looks like UTF-8 once misread as Windows-1252, reverse it;
/// `None` when the text does not look like mojibake (leave it alone).
#[must_use]
pub fn repair(text: &str) -> Option<Repair> {
    // Without a character that may start a misread UTF-8 sequence there is
    // nothing to repair: the common case, checked without building the units.
    if text.is_ascii() || !may_hold_mojibake(text) {
        return None;
    }
    scan_repair(text)
}

/// [`repair`] without its quick check: the units read and scanned.
fn scan_repair(text: &str) -> Option<Repair> {
    let units = text
        .chars()
        .map(|c| to_cp1252(c).map(|b| (b, c)))
        .collect::<Option<Vec<(u8, char)>>>()?;
    if units.iter().all(|&(b, _)| b < 0x80) {
        return None;
    }
    let mut scan = Scan {
        out: String::with_capacity(text.len()),
        last: None,
        stats: Stats::default(),
    };
    let quoted = quoted_units(&units);
    let mut quoted_evidence = 0;
    let mut i = 0;
    while let Some(&(b, c)) = units.get(i) {
        i += match b {
            0x00..=0x7F => {
                scan.push(c);
                1
            }
            0xC2..=0xF4 => {
                let before = scan.stats.complete + scan.stats.strong;
                let n = scan.run(&units, i);
                if quoted.get(i).copied().unwrap_or(false) {
                    quoted_evidence += scan.stats.complete + scan.stats.strong - before;
                }
                n
            }
            _ => {
                scan.stray(c);
                1
            }
        };
    }
    let s = scan.stats;
    let evidence = s.complete + s.strong;
    let leftover = s.lone + s.unresolved;
    let convincing = leftover == 0 || (s.signature && evidence >= leftover.saturating_mul(4));
    // a garbled string quoted in prose or code (`"â€”" is what the old
    // exporter wrote`) shows the misreading, it is not one: only evidence
    // outside quotes counts
    if evidence == quoted_evidence || !convincing {
        return None;
    }
    Some(Repair {
        text: scan.out,
        repaired: s.complete + s.strong + s.weak,
        guessed: s.strong + s.weak,
    })
}

/// For each unit, whether it sits between a pair of quotes on its line:
/// ASCII double quotes, backticks (code), or typographic double quotes. A
/// quote with no partner on its line quotes nothing.
fn quoted_units(units: &[(u8, char)]) -> Vec<bool> {
    let mut out = vec![false; units.len()];
    let mut start = 0;
    while start < units.len() {
        let end = units[start..]
            .iter()
            .position(|&(_, c)| c == '\n')
            .map_or(units.len(), |k| start + k);
        let line = &units[start..end];
        for (open, close) in [('`', '`'), ('"', '"'), ('\u{201C}', '\u{201D}')] {
            let mut at = None;
            for (k, &(_, c)) in line.iter().enumerate() {
                match at {
                    None if c == open => at = Some(k),
                    Some(a) if c == close => {
                        out[start + a..=start + k]
                            .iter_mut()
                            .for_each(|q| *q = true);
                        at = None;
                    }
                    _ => {}
                }
            }
        }
        start = end + 1;
    }
    out
}

/// Like [`repair`], but the part of a note before `<!-- ai:transcript:start -->`
/// and the part from it on are judged and repaired separately (an AI
/// transcript is often appended by another tool, in correct UTF-8). `None`
/// when neither part looks like mojibake.
#[must_use]
pub fn repair_note(text: &str) -> Option<Repair> {
    let Some((head, tail)) = text
        .find(TRANSCRIPT_START)
        .and_then(|at| text.split_at_checked(at))
    else {
        return repair(text);
    };
    let parts = [(head, repair(head)), (tail, repair(tail))];
    if parts.iter().all(|(_, r)| r.is_none()) {
        return None;
    }
    let mut all = Repair {
        text: String::with_capacity(text.len()),
        repaired: 0,
        guessed: 0,
    };
    for (part, fixed) in parts {
        match fixed {
            Some(r) => {
                all.text.push_str(&r.text);
                all.repaired += r.repaired;
                all.guessed += r.guessed;
            }
            None => all.text.push_str(part),
        }
    }
    Some(all)
}

/// The Windows-1252 byte `c` decodes from, if any.
fn to_cp1252(c: char) -> Option<u8> {
    if let Ok(b) = u8::try_from(u32::from(c)) {
        // ASCII, Latin-1, and the C1 controls that decoders which keep the
        // undefined bytes (WHATWG, Latin-1) give for 0x80–0x9F.
        return Some(b);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

fn is_continuation(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// Whether the scan may find anything: a character that reads as the lead
/// byte of a two-byte sequence (0xC2–0xDF: its one continuation may have
/// been dropped), or one that reads as the lead of a longer sequence
/// (0xE0–0xF4) followed by one that reads as a continuation byte. Evidence
/// of mojibake starts from one of these; a lowercase `é` or `ë` alone is
/// none.
fn may_hold_mojibake(text: &str) -> bool {
    let mut long_lead = false;
    text.chars().any(|c| {
        let b = to_cp1252(c);
        let hit = b.is_some_and(|b| (0xC2..=0xDF).contains(&b))
            || (long_lead && b.is_some_and(is_continuation));
        long_lead = b.is_some_and(|b| (0xE0..=0xF4).contains(&b));
        hit
    })
}

/// Counts of what the scan found.
#[derive(Default, Clone, Copy)]
struct Stats {
    /// Complete sequences decoded.
    complete: usize,
    /// Short sequences restored to a preferred character (evidence).
    strong: usize,
    /// Short sequences restored by letter frequency or as the only candidate.
    weak: usize,
    /// High characters that belong to no sequence.
    lone: usize,
    /// Short sequences that could not be restored unambiguously.
    unresolved: usize,
    /// Some evidence is a Latin-1, three- or four-byte sequence.
    signature: bool,
}

/// The output being built and what has been seen.
struct Scan {
    out: String,
    last: Option<char>,
    stats: Stats,
}

impl Scan {
    fn push(&mut self, c: char) {
        self.out.push(c);
        self.last = Some(c);
    }

    fn stray(&mut self, c: char) {
        self.stats.lone += 1;
        self.push(c);
    }

    /// Handle the run that starts with the lead byte at `units[i]`; gives how
    /// many units it consumed (at least one).
    fn run(&mut self, units: &[(u8, char)], i: usize) -> usize {
        let Some(&(lead, lead_char)) = units.get(i) else {
            return 1;
        };
        let need = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            _ => 3,
        };
        let rest = units.get(i + 1..).unwrap_or_default();
        let k = rest
            .iter()
            .take(need)
            .take_while(|&&(b, _)| is_continuation(b))
            .count();
        let conts = rest.get(..k).unwrap_or_default();
        let signature = lead <= 0xC3 || lead >= 0xE0;
        if k == need {
            let mut buf = [lead, 0, 0, 0];
            for (slot, &(b, _)) in buf.iter_mut().skip(1).zip(conts) {
                *slot = b;
            }
            if let Some(c) = decode_one(buf.get(..=need).unwrap_or_default()) {
                self.stats.complete += 1;
                self.stats.signature |= signature;
                self.push(c);
                return 1 + need;
            }
            self.stray(lead_char);
            return 1;
        }
        if k + 1 < need {
            self.stray(lead_char);
            return 1;
        }
        // One continuation byte short: try to restore the dropped byte.
        let next = rest.get(k).map(|&(b, _)| b);
        if let Some((c, rank)) = self.guess(lead, conts, next) {
            if rank >= Rank::Preferred {
                self.stats.strong += 1;
                self.stats.signature |= signature;
            } else {
                self.stats.weak += 1;
            }
            self.push(c);
        } else {
            self.stats.unresolved += 1;
            self.push(lead_char);
            for &(_, c) in conts {
                self.push(c);
            }
        }
        1 + k
    }

    /// The unique most plausible character for `lead` + `conts` with one
    /// dropped byte inserted somewhere, and how plausible it is.
    fn guess(&self, lead: u8, conts: &[(u8, char)], next: Option<u8>) -> Option<(char, Rank)> {
        let mut short_buf = [lead, 0, 0, 0];
        for (slot, &(b, _)) in short_buf.iter_mut().skip(1).zip(conts) {
            *slot = b;
        }
        let short = short_buf.get(..=conts.len()).unwrap_or_default();
        let mut best: Option<(char, Rank)> = None;
        let mut tie = false;
        for pos in 1..=short.len() {
            for d in DROPPED {
                let mut buf = [0u8; 4];
                let bytes = short
                    .iter()
                    .take(pos)
                    .chain(std::iter::once(&d))
                    .chain(short.iter().skip(pos));
                for (slot, &b) in buf.iter_mut().zip(bytes) {
                    *slot = b;
                }
                let Some(c) = decode_one(buf.get(..=short.len()).unwrap_or_default()) else {
                    continue;
                };
                let rank = rank(c, self.last, next);
                if rank == Rank::Implausible {
                    continue;
                }
                match best {
                    Some((_, r)) if r > rank => {}
                    Some((_, r)) if r == rank => tie = true,
                    _ => {
                        best = Some((c, rank));
                        tie = false;
                    }
                }
            }
        }
        if tie { None } else { best }
    }
}

/// The one character `bytes` encode, if they are exactly one valid UTF-8 char.
fn decode_one(bytes: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(bytes).ok()?;
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// How plausible a restored character is, least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// Control, private use, unassigned or otherwise unlikely.
    Implausible,
    /// An assigned letter, digit, mark, symbol or emoji.
    Valid,
    /// A letter far commoner than its look-alikes ([`FREQUENT`]).
    Frequent,
    /// A Tasks emoji or common punctuation ([`PREFERRED`]).
    Preferred,
    /// A zero-width joiner between two emoji, a skin tone after an emoji.
    InContext,
}

fn rank(c: char, prev: Option<char>, next: Option<u8>) -> Rank {
    let after_emoji = prev.is_some_and(is_pictographic);
    if c == '\u{200D}' {
        let between_emoji = after_emoji && matches!(next, Some(0xE2 | 0xF0));
        return if between_emoji {
            Rank::InContext
        } else {
            Rank::Implausible
        };
    }
    if ('\u{1F3FB}'..='\u{1F3FF}').contains(&c) && after_emoji {
        return Rank::InContext;
    }
    if PREFERRED.contains(&c) {
        Rank::Preferred
    } else if FREQUENT.contains(&c) {
        Rank::Frequent
    } else if is_valid(c) {
        Rank::Valid
    } else {
        Rank::Implausible
    }
}

/// Emoji and pictographic symbols that a zero-width joiner may follow.
fn is_pictographic(c: char) -> bool {
    let u = u32::from(c);
    u >= 0x1F000 || (0x2300..=0x27BF).contains(&u) || (0x2B00..=0x2BFF).contains(&u) || u == 0xFE0F
}

/// An assigned letter, digit, combining mark, punctuation mark, symbol or
/// emoji; not a control, format character, private-use or noncharacter.
fn is_valid(c: char) -> bool {
    const RANGES: &[(u32, u32)] = &[
        (0x0300, 0x036F),   // combining diacritical marks
        (0x0483, 0x0489),   // Cyrillic combining marks
        (0x0591, 0x05C7),   // Hebrew points
        (0x2010, 0x2027),   // general punctuation
        (0x2030, 0x205E),   // general punctuation
        (0x20A0, 0x20C0),   // currency
        (0x20D0, 0x20F0),   // combining marks for symbols
        (0x2100, 0x2BFF),   // letterlike, arrows, maths, technical, dingbats …
        (0x3000, 0x303F),   // CJK punctuation
        (0xFE10, 0xFE19),   // vertical forms
        (0xFE30, 0xFE4F),   // CJK compatibility forms
        (0xFF01, 0xFFEE),   // full- and half-width forms
        (0x1F000, 0x1FAFF), // emoji and pictographs
    ];
    let u = u32::from(c);
    let private = (0xE000..=0xF8FF).contains(&u) || u >= 0xF0000;
    let nonchar = (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE;
    if c.is_control() || private || nonchar {
        return false;
    }
    c.is_alphabetic() || c.is_numeric() || RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The quick check passes over no text the scan would repair.
        #[test]
        fn the_quick_check_misses_no_repair(
            s in "([a-z \n\"`]|é|ë|à|ü|Ö|ß|Ã|Â|â|ð|Ÿ|€|©|¨|\u{A0}|™|œ|”|“|–){0,24}"
        ) {
            if !may_hold_mojibake(&s) {
                prop_assert!(scan_repair(&s).is_none(), "{:?}", s);
            }
        }
    }

    const TASKS: &[char] = &[
        '⏫', '🔼', '🔽', '⏬', '🔺', '📅', '⏳', '🛫', '➕', '✅', '❌', '🔁',
    ];

    /// The character Windows-1252 decodes `b` to (`None` for the 5 undefined).
    fn from_cp1252(b: u8) -> Option<char> {
        if DROPPED.contains(&b) {
            return None;
        }
        if !(0x80..=0x9F).contains(&b) {
            return Some(char::from(b));
        }
        "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ"
            .chars()
            .nth(usize::from(b - 0x80))
    }

    /// gen-vault's `mojibake`: UTF-8 bytes read as Windows-1252, the undefined
    /// bytes dropped.
    fn mojibake(s: &str) -> String {
        s.bytes().filter_map(from_cp1252).collect()
    }

    /// A WHATWG decoder's mojibake: the undefined bytes kept as C1 controls.
    fn mojibake_keeping(s: &str) -> String {
        s.bytes()
            .map(|b| from_cp1252(b).unwrap_or(char::from(b)))
            .collect()
    }

    fn has_dropped_byte(c: char) -> bool {
        c.to_string().bytes().any(|b| DROPPED.contains(&b))
    }

    #[track_caller]
    fn round_trip(s: &str) -> Repair {
        let m = mojibake(s);
        assert_ne!(m, s, "test input has nothing to garble");
        let r = repair(&m).unwrap_or_else(|| panic!("not repaired: {m:?} (from {s:?})"));
        assert_eq!(r.text, s, "garbled as {m:?}");
        r
    }

    #[track_caller]
    fn untouched(s: &str) {
        assert_eq!(repair(s), None, "{s:?} was changed");
    }

    #[test]
    fn helper_matches_format_md() {
        assert_eq!(mojibake("—"), "â€”");
        assert_eq!(mojibake("✅"), "âœ…");
        assert_eq!(mojibake("🔼"), "ðŸ”¼");
        assert_eq!(mojibake("⏫"), "â«");
    }

    #[test]
    fn title_with_em_dashes() {
        let r = round_trip("1:1 — Dana Reyes — 2025-09-16");
        assert_eq!((r.repaired, r.guessed), (2, 0));
    }

    #[test]
    fn each_tasks_emoji() {
        for &e in TASKS {
            let line = format!("- [ ] Send the pricing deck @Dana Reyes {e} 2025-09-16");
            let r = round_trip(&line);
            assert_eq!(r.repaired, 1, "{e}");
            assert_eq!(r.guessed, usize::from(has_dropped_byte(e)), "{e}");
        }
        let all: String = TASKS.iter().map(|e| format!("- [x] t {e}\n")).collect();
        round_trip(&all);
    }

    #[test]
    fn names() {
        for name in [
            "Zoë Ødegaard-Núñez",
            "Björn Müller",
            "José Ángel",
            "Søren",
            "王伟",
            "Ана Иванова",
            "Tomáš Dvořák, Čapek",
        ] {
            round_trip(name);
        }
        assert_eq!(round_trip("José Ángel").guessed, 1);
    }

    #[test]
    fn whole_note() {
        let note = "---\n\
            type: \"1-1\"\n\
            created: 2025-09-16\n\
            counterpart: \"[[Zoë Ødegaard-Núñez]]\"\n\
            attendees:\n  - \"[[José Ángel]]\"\n  - \"[[Björn Müller]]\"\n  - \"[[王伟]]\"\n\
            tags: [meeting, 1-1]\n\
            ---\n\
            # 1:1 — Zoë Ødegaard-Núñez — 2025-09-16\n\n\
            > [!info] Purpose\n> Review the “egress” plan – it’s late…\n\n\
            ## Summary\n\nCafé talk with Søren • see [[Egress Program]].\n\n\
            ## Action items\n\n\
            - [ ] Share the deck @José Ángel ⏫ 📅 2025-09-20\n\
            - [ ] Ping legal @Søren 🔼 ⏳ 2025-09-18\n\
            - [x] Book the room @Björn Müller 🔽 ✅ 2025-09-16\n\
            - [ ] Weekly sync 🔁 every week 🛫 2025-09-01 ➕ 2025-08-30\n\
            - [-] Old idea 🔺 ⏬ ❌ 2025-09-02\n\n\
            > Next meeting (if any): 2025-09-23\n";
        let r = round_trip(note);
        assert!(r.guessed >= 5, "{r:?}");
        // The same note, decoded by a tool that keeps the undefined bytes.
        let kept = repair(&mojibake_keeping(note)).map(|r| (r.text, r.guessed));
        assert_eq!(kept, Some((note.to_string(), 0)));
    }

    #[test]
    fn emoji_sequences() {
        round_trip("Ship it 👩‍💻 then 👍🏽 ⚠️ done ✔️");
        round_trip("“quoted” and ‘single’ – • … ← ok");
    }

    #[test]
    fn transcript_in_correct_utf8() {
        let head = "# Sync — Wei\n\n- [ ] Plan ⏫ @王伟\n";
        let tail = "<!-- ai:transcript:start -->\n[00:00:01.00] 王伟 : Hello — José.\n";
        let note = format!("{}{tail}", mojibake(head));
        assert_eq!(repair(&note), None, "mixed text is not judged mojibake");
        let r = repair_note(&note).map(|r| r.text);
        assert_eq!(r.as_deref(), Some(format!("{head}{tail}").as_str()));
        assert_eq!(repair_note(tail), None);
        assert_eq!(repair_note(head), None);
        let whole = format!("{head}{tail}");
        assert_eq!(
            repair_note(&mojibake(&whole)).map(|r| r.text).as_deref(),
            Some(whole.as_str())
        );
    }

    #[test]
    fn a_quoted_garbled_string_is_not_the_note_misread() {
        // the note quotes what a broken exporter wrote; the rest is fine
        for text in [
            "The old exporter wrote \"\u{e2}\u{20ac}\u{201d}\" for a dash.\n",
            "It printed `\u{c3}\u{a9}` where the name had an accent.\n",
        ] {
            assert_eq!(repair(text), None, "{text}");
        }
        // the same string unquoted, or the whole note garbled, is repaired
        let garbled = mojibake("Budget \u{2014} approved \u{2705}, see \"Q4 \u{2014} plan\".");
        assert_eq!(
            repair(&garbled).map(|r| r.text).as_deref(),
            Some("Budget \u{2014} approved \u{2705}, see \"Q4 \u{2014} plan\".")
        );
        assert_eq!(
            repair("Budget \u{e2}\u{20ac}\u{201d} approved.")
                .map(|r| r.text)
                .as_deref(),
            Some("Budget \u{2014} approved.")
        );
    }

    #[test]
    fn twice_garbled_needs_two_calls() {
        let once = repair(&mojibake(&mojibake("A — B ⏫"))).map(|r| r.text);
        assert_eq!(once.as_deref(), Some(mojibake("A — B ⏫").as_str()));
        let twice = once.as_deref().and_then(repair).map(|r| r.text);
        assert_eq!(twice.as_deref(), Some("A — B ⏫"));
    }

    #[test]
    fn ambiguous_run_is_left_alone() {
        // Ǎ (C7 8D) reads "Ç": ǁ Ǎ Ǐ ǐ ǝ are all candidates.
        let m = mojibake("— — — — Ǎ");
        let r = repair(&m).map(|r| (r.text, r.repaired, r.guessed));
        assert_eq!(r, Some(("— — — — Ç".to_string(), 4, 0)));
        // Too few certain sequences to outweigh the ambiguity.
        assert_eq!(repair(&mojibake("— Ǎ")), None);
    }

    #[test]
    fn frequency_guess_alone_is_not_evidence() {
        untouched("SÃO PAULO");
        untouched("Ã");
        untouched("ÐATA");
    }

    #[test]
    fn french_and_portuguese_are_untouched() {
        untouched(
            "À l’âge de vingt ans, il visita le château de Chambord. Ça lui plut : \
             « Élégant ! » dit-il — c’était l’été.",
        );
        untouched("Ça va ? Très bien, à bientôt.");
        untouched(
            "A reunião em São Paulo foi ótima: a irmã de João e Ângela chegou às 9h. \
             SÃO PAULO, BRASIL — ATENÇÃO: INSCRIÇÃO ABERTA.",
        );
        untouched("SÃO JOÃO");
        untouched("Zoë and Müller, Søren and José Ángel");
        untouched("Björn Müller");
    }

    #[test]
    fn correct_notes_are_untouched() {
        untouched("# 1:1 — Dana Reyes — 2025-09-16\n\n- [x] Done ✅ 2025-09-16\n");
        untouched("- [ ] Ship 🔼 📅 2025-10-01 — “soon”…\n");
        untouched("Meeting — notes – draft • “quoted” ‘single’ … €5 ™");
        untouched("会议纪要：讨论了预算。");
        untouched("会议 — 2025 — Zoë");
        untouched("Ана Иванова");
        untouched("");
        untouched("plain ASCII notes, nothing to see\n");
    }

    #[test]
    fn mixed_correct_and_garbled_is_untouched() {
        untouched("会议 Ã© â€” ðŸ”¼");
        untouched("Done ✅ but â€” looks odd");
        untouched(&format!("{} 🔼", mojibake("— Zoë ⏫")));
    }

    #[test]
    fn lone_and_broken_bytes_do_not_panic() {
        for s in [
            "Ã",
            "â",
            "ð",
            "ðŸ",
            "ðŸ”",
            "Ã€€€",
            "\u{80}\u{81}",
            "ÿþ",
            "Ã‰Ã",
            "õ€€€",
            "ô\u{90}\u{80}\u{80}",
        ] {
            let _ = repair(s);
            let _ = repair_note(s);
        }
    }

    #[test]
    fn every_preferred_char_is_restored() {
        for &c in PREFERRED.iter().chain(FREQUENT) {
            let s = format!("x {c} y — z");
            if c.to_string()
                .bytes()
                .filter(|b| DROPPED.contains(b))
                .count()
                > 1
            {
                continue; // two bytes lost: beyond repair (🏁)
            }
            round_trip(&s);
        }
    }

    fn restorable_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => any::<char>().prop_filter("no dropped byte", |&c| !has_dropped_byte(c)),
            2 => prop::sample::select(TASKS),
            2 => prop::char::range(' ', '~'),
            1 => prop::char::range('\u{A0}', '\u{17F}')
                .prop_filter("no dropped byte", |&c| !has_dropped_byte(c)),
        ]
    }

    /// `s` without the quote characters that make a garbled string a
    /// quotation rather than a misreading (tested on their own).
    fn unquoted(s: &str) -> String {
        s.chars()
            .map(|c| {
                if matches!(c, '"' | '`' | '\u{201C}' | '\u{201D}') {
                    'q'
                } else {
                    c
                }
            })
            .collect()
    }

    fn is_cp1252_special(c: char) -> bool {
        u32::from(c) > 0xFF && to_cp1252(c).is_some()
    }

    proptest! {
        // No regression files written next to the sources.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = repair(&s);
            let _ = repair_note(&s);
        }

        #[test]
        fn never_panics_on_cp1252_soup(v in prop::collection::vec(any::<u8>(), 0..64)) {
            let dropped: String = v.iter().copied().filter_map(from_cp1252).collect();
            let kept: String = v.iter().map(|&b| from_cp1252(b).unwrap_or(char::from(b))).collect();
            let _ = repair(&dropped);
            let _ = repair(&kept);
            let _ = repair_note(&format!("{kept}{TRANSCRIPT_START}{dropped}"));
        }

        #[test]
        fn round_trips(v in prop::collection::vec(restorable_char(), 0..24)) {
            let s = unquoted(&v.into_iter().collect::<String>());
            let fixed = repair(&mojibake(&s)).map(|r| r.text);
            if s.is_ascii() {
                prop_assert_eq!(fixed, None);
            } else {
                prop_assert_eq!(fixed.as_deref(), Some(s.as_str()));
            }
        }

        #[test]
        fn round_trips_with_frequency_guesses(
            v in prop::collection::vec(
                prop_oneof![restorable_char(), prop::sample::select(FREQUENT)], 0..24),
            anchor in restorable_char().prop_filter("non-ASCII", |c| !c.is_ascii()),
        ) {
            let s = unquoted(&v.into_iter().chain([anchor]).collect::<String>());
            let fixed = repair(&mojibake(&s)).map(|r| r.text);
            prop_assert_eq!(fixed.as_deref(), Some(s.as_str()));
        }

        #[test]
        fn any_text_comes_back_exact_or_not_at_all(s in any::<String>()) {
            // A lost byte may be beyond repair (or guessed wrong); with
            // nothing lost the repair is exact whenever there is anything
            // to garble.
            let s = unquoted(&s);
            let fixed = repair(&mojibake(&s)).map(|r| r.text);
            if !s.chars().any(has_dropped_byte) {
                let want = (!s.is_ascii()).then_some(s.as_str());
                prop_assert_eq!(fixed.as_deref(), want);
            }
        }

        #[test]
        fn text_without_cp1252_high_chars_is_untouched(
            v in prop::collection::vec(
                any::<char>().prop_filter("no cp1252 high char", |&c| {
                    !('\u{80}'..='\u{FF}').contains(&c) && !is_cp1252_special(c)
                }), 0..32)
        ) {
            let s: String = v.into_iter().collect();
            prop_assert_eq!(repair(&s), None);
        }
    }
}
