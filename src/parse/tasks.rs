//! Obsidian Tasks emoji format: the text of one task to its fields.
//!
//! Takes the text of a Markdown task list item *after* its `[ ]` checkbox, such
//! as `Share the role descriptions. @Dana Reyes 🔼 📅 2025-11-01`, and gives a
//! [`TaskFields`]: the description with every recognised field removed, the
//! priority, the dates, the recurrence rule, the raw assignee, and the
//! emoji-like characters that are not Tasks fields (for a diagnostic).
//! [`TaskStatus::from_marker`] reads the checkbox character, and
//! [`split_assignee`] cuts a raw assignee down to a known name when other
//! words follow it.
//!
//! Fields recognised (an optional variation selector U+FE0F may follow any of
//! the emoji):
//!
//! | emoji | field | value |
//! |---|---|---|
//! | 🔺 ⏫ 🔼 🔽 ⏬ | priority | none |
//! | 📅 (also 📆 🗓) | due | `YYYY-MM-DD` |
//! | ⏳ (also ⌛) | scheduled | `YYYY-MM-DD` |
//! | 🛫 | start | `YYYY-MM-DD` |
//! | ➕ | created | `YYYY-MM-DD` |
//! | ✅ | done | `YYYY-MM-DD` |
//! | ❌ | cancelled | `YYYY-MM-DD` |
//! | 🔁 | recurrence | text up to the next emoji or `@assignee` |
//! | 🆔 ⛔ 🏁 | id, depends-on, on-completion | an id list; removed, not kept |
//!
//! A date emoji without a valid date after it (spaces allowed in between) and a
//! 🔁 without text are not fields: they stay in the description. When a field
//! appears twice, the first value wins and both are removed.
//!
//! An assignee is `@` at the start of the text or after whitespace (or right
//! after an emoji), followed by a non-space character; it runs to the next
//! emoji, the next assignee `@`, or the end of the text. Only the first one is
//! taken; `@` inside a word (`a@b.com`) is not an assignee.
//!
//! Pure functions: no I/O, no panics on any input, linear time in the text
//! length.

use serde::Serialize;
use std::collections::HashSet;

/// Variation selector-16: asks for the emoji presentation of the character before it.
const VS16: char = '\u{FE0F}';
/// Zero-width joiner: glues emoji into one picture (👩‍💻).
const ZWJ: char = '\u{200D}';
/// Combining enclosing keycap (1️⃣).
const KEYCAP: char = '\u{20E3}';
/// [`split_assignee`] tries word prefixes of at most this many words.
const MAX_NAME_WORDS: usize = 8;
/// [`split_assignee`] tries at most this many character prefixes of a first word
/// written in a script without spaces (Chinese, Japanese, Thai...).
const MAX_SCRIPT_CHARS: usize = 12;
/// Characters trimmed off the end of a candidate name by [`split_assignee`].
const TRAILING_PUNCTUATION: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '"', '\'', '\u{2019}', '\u{201D}',
];

/// The state of a task, from the character inside its checkbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskStatus {
    /// `[ ]`: still to do (also any marker not listed below).
    Open,
    /// `[x]` or `[X]`: done.
    Done,
    /// `[-]`: cancelled.
    Cancelled,
    /// `[/]`: in progress.
    InProgress,
}

impl TaskStatus {
    /// The status for the checkbox character `c`: `' '` open, `'x'`/`'X'` done,
    /// `'-'` cancelled, `'/'` in progress, anything else open.
    pub fn from_marker(c: char) -> TaskStatus {
        match c {
            'x' | 'X' => TaskStatus::Done,
            '-' => TaskStatus::Cancelled,
            '/' => TaskStatus::InProgress,
            _ => TaskStatus::Open,
        }
    }
}

/// A task's priority. Orders from highest to lowest, like [`Priority::rank`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// 🔺
    Highest,
    /// ⏫
    High,
    /// 🔼
    Medium,
    /// 🔽
    Low,
    /// ⏬
    Lowest,
}

impl Priority {
    /// The lowercase name: `"highest"`, `"high"`, `"medium"`, `"low"`, `"lowest"`.
    pub fn label(&self) -> &'static str {
        match self {
            Priority::Highest => "highest",
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
            Priority::Lowest => "lowest",
        }
    }

    /// The emoji that writes this priority in a task.
    pub fn emoji(&self) -> &'static str {
        match self {
            Priority::Highest => "🔺",
            Priority::High => "⏫",
            Priority::Medium => "🔼",
            Priority::Low => "🔽",
            Priority::Lowest => "⏬",
        }
    }

    /// A sort key: 0 for highest up to 4 for lowest.
    pub fn rank(&self) -> u8 {
        match self {
            Priority::Highest => 0,
            Priority::High => 1,
            Priority::Medium => 2,
            Priority::Low => 3,
            Priority::Lowest => 4,
        }
    }

    /// The priority an emoji character stands for, if it is one of the five.
    pub fn from_emoji(c: char) -> Option<Priority> {
        match c {
            '🔺' => Some(Priority::Highest),
            '⏫' => Some(Priority::High),
            '🔼' => Some(Priority::Medium),
            '🔽' => Some(Priority::Low),
            '⏬' => Some(Priority::Lowest),
            _ => None,
        }
    }
}

/// What [`parse_task`] found in the text of one task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TaskFields {
    /// The text with every recognised emoji field, its value and the
    /// `@assignee` removed; whitespace collapsed to single spaces and trimmed.
    pub description: String,
    /// 🔺 ⏫ 🔼 🔽 ⏬
    pub priority: Option<Priority>,
    /// 📅 `YYYY-MM-DD`: due date.
    pub due: Option<String>,
    /// ⏳ `YYYY-MM-DD`: scheduled date.
    pub scheduled: Option<String>,
    /// 🛫 `YYYY-MM-DD`: start date.
    pub start: Option<String>,
    /// ➕ `YYYY-MM-DD`: created date.
    pub created: Option<String>,
    /// ✅ `YYYY-MM-DD`: done date.
    pub done: Option<String>,
    /// ❌ `YYYY-MM-DD`: cancelled date.
    pub cancelled: Option<String>,
    /// 🔁 rule, e.g. `every week`: the text up to the next emoji or assignee, trimmed.
    pub recurrence: Option<String>,
    /// The raw text after the first assignee `@`, trimmed. It can carry words
    /// after the name; see [`split_assignee`].
    pub assignee: Option<String>,
    /// Emoji found that are not Tasks fields, without variation selectors,
    /// deduplicated, in order of first appearance. They stay in the description.
    pub unknown_emoji: Vec<String>,
}

/// Which date field a date emoji sets.
#[derive(Clone, Copy)]
enum DateKind {
    Due,
    Scheduled,
    Start,
    Created,
    Done,
    Cancelled,
}

/// A Tasks field emoji.
#[derive(Clone, Copy)]
enum Field {
    Priority(Priority),
    Date(DateKind),
    Recurrence,
    /// 🆔 ⛔ 🏁: Tasks fields this crate does not keep; their id values are removed.
    Ids,
}

fn field_of(c: char) -> Option<Field> {
    if let Some(p) = Priority::from_emoji(c) {
        return Some(Field::Priority(p));
    }
    Some(match c {
        '📅' | '📆' | '🗓' => Field::Date(DateKind::Due),
        '⏳' | '⌛' => Field::Date(DateKind::Scheduled),
        '🛫' => Field::Date(DateKind::Start),
        '➕' => Field::Date(DateKind::Created),
        '✅' => Field::Date(DateKind::Done),
        '❌' => Field::Date(DateKind::Cancelled),
        '🔁' => Field::Recurrence,
        '🆔' | '⛔' | '🏁' => Field::Ids,
        _ => return None,
    })
}

/// Characters that are emoji by default (pictographs, dingbats, the few emoji
/// of the technical and arrow blocks).
fn is_pictographic(c: char) -> bool {
    matches!(
        c as u32,
        0x1F000..=0x1FAFF
            | 0x2600..=0x27BF
            | 0x231A..=0x231B
            | 0x2328
            | 0x23CF
            | 0x23E9..=0x23F3
            | 0x23F8..=0x23FA
            | 0x2B05..=0x2B07
            | 0x2B1B..=0x2B1C
            | 0x2B50
            | 0x2B55
    )
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c as u32, 0x1F1E6..=0x1F1FF)
}

/// Characters that extend the emoji before them: variation selector, keycap,
/// skin tones, tag characters (subdivision flags).
fn is_emoji_modifier(c: char) -> bool {
    c == VS16 || c == KEYCAP || matches!(c as u32, 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
}

/// The character at `i`, if any.
fn char_at(cs: &[(usize, char)], i: usize) -> Option<char> {
    cs.get(i).map(|&(_, c)| c)
}

/// The byte offset of character `i` in the text, or the text's length past the end.
fn byte_at(cs: &[(usize, char)], len: usize, i: usize) -> usize {
    cs.get(i).map_or(len, |&(b, _)| b)
}

/// Does an emoji (or emoji sequence) start at character `i`?
fn is_emoji_start(cs: &[(usize, char)], i: usize) -> bool {
    let Some(c) = char_at(cs, i) else {
        return false;
    };
    if is_pictographic(c) {
        return true;
    }
    let next = char_at(cs, i + 1);
    if matches!(c, '0'..='9' | '#' | '*') {
        return next == Some(KEYCAP) || (next == Some(VS16) && char_at(cs, i + 2) == Some(KEYCAP));
    }
    // A text-style symbol asked to show as an emoji: ©️ ↔️ ▶️ ...
    next == Some(VS16)
        && !c.is_alphanumeric()
        && !c.is_whitespace()
        && c != VS16
        && c != ZWJ
        && c != '@'
}

/// The index just past the emoji sequence starting at `i` (which must be an
/// emoji start).
fn emoji_end(cs: &[(usize, char)], i: usize) -> usize {
    let mut q = i + 1;
    if char_at(cs, i).is_some_and(is_regional_indicator)
        && char_at(cs, q).is_some_and(is_regional_indicator)
    {
        q += 1;
    }
    loop {
        match char_at(cs, q) {
            Some(c) if is_emoji_modifier(c) => q += 1,
            Some(ZWJ) if char_at(cs, q + 1).is_some_and(is_pictographic) => q += 2,
            _ => return q,
        }
    }
}

/// Index of the first character at or after `i` that is not whitespace.
fn skip_whitespace(cs: &[(usize, char)], mut i: usize) -> usize {
    while char_at(cs, i).is_some_and(char::is_whitespace) {
        i += 1;
    }
    i
}

/// Does an assignee begin at character `i`: an `@` at the start or after
/// whitespace or an emoji, followed by a character that can begin a name?
fn starts_assignee(cs: &[(usize, char)], i: usize) -> bool {
    if char_at(cs, i) != Some('@') {
        return false;
    }
    let after_boundary = match i.checked_sub(1).and_then(|p| char_at(cs, p)) {
        None => true,
        Some(p) => p.is_whitespace() || p == VS16 || is_pictographic(p) || is_emoji_modifier(p),
    };
    after_boundary
        && char_at(cs, i + 1).is_some_and(|n| !n.is_whitespace() && n != '@')
        && !is_emoji_start(cs, i + 1)
}

/// Index of the next emoji or assignee at or after `i`, or the end.
fn find_stop(cs: &[(usize, char)], mut i: usize) -> usize {
    while i < cs.len() && !is_emoji_start(cs, i) && !starts_assignee(cs, i) {
        i += 1;
    }
    i
}

/// Is `y`-`m`-`d` a real calendar date?
fn is_valid_date(y: u32, m: u32, d: u32) -> bool {
    let leap = matches!((y % 4, y % 100, y % 400), (_, _, 0) | (0, 1.., _));
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// A `YYYY-MM-DD` date after optional whitespace from character `i`: the date
/// and the index just past it. Refused when a digit follows it or it is not a
/// real date.
fn parse_date_at(cs: &[(usize, char)], i: usize) -> Option<(String, usize)> {
    let q = skip_whitespace(cs, i);
    let mut date = String::with_capacity(10);
    let mut num = [0u32; 3];
    for k in 0..10 {
        let c = char_at(cs, q + k)?;
        if k == 4 || k == 7 {
            if c != '-' {
                return None;
            }
        } else {
            let digit = c.to_digit(10)?;
            let part = usize::from(k > 4) + usize::from(k > 7);
            if let Some(n) = num.get_mut(part) {
                *n = *n * 10 + digit;
            }
        }
        date.push(c);
    }
    if char_at(cs, q + 10).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let [y, m, d] = num;
    is_valid_date(y, m, d).then_some((date, q + 10))
}

/// An id list (`abc123`, `abc, def`) after optional whitespace from character
/// `i`: the index just past it.
fn parse_ids_at(cs: &[(usize, char)], i: usize) -> Option<usize> {
    let is_id = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let scan_id = |mut q: usize| {
        while char_at(cs, q).is_some_and(is_id) {
            q += 1;
        }
        q
    };
    let start = skip_whitespace(cs, i);
    let mut end = scan_id(start);
    if end == start {
        return None;
    }
    loop {
        let comma = skip_whitespace(cs, end);
        if char_at(cs, comma) != Some(',') {
            return Some(end);
        }
        let next = skip_whitespace(cs, comma + 1);
        let next_end = scan_id(next);
        if next_end == next {
            return Some(end);
        }
        end = next_end;
    }
}

/// Parse the text of a task (what follows its `[ ]` checkbox) into its fields.
///
/// ```text
/// "Share the role descriptions. @Dana Reyes 🔼 📅 2025-11-01"
///   → description "Share the role descriptions.", assignee "Dana Reyes",
///     priority Medium, due "2025-11-01"
/// ```
///
/// Never panics; linear in the length of `text`.
pub fn parse_task(text: &str) -> TaskFields {
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let len = text.len();
    let slice = |from: usize, to: usize| text.get(byte_at(&cs, len, from)..byte_at(&cs, len, to));

    let mut fields = TaskFields::default();
    let mut desc = String::with_capacity(len);
    let mut seen_unknown: HashSet<String> = HashSet::new();
    let mut i = 0;
    while let Some(c) = char_at(&cs, i) {
        if let Some(field) = field_of(c) {
            let after = if char_at(&cs, i + 1) == Some(VS16) {
                i + 2
            } else {
                i + 1
            };
            let taken = match field {
                Field::Priority(p) => {
                    fields.priority.get_or_insert(p);
                    Some(after)
                }
                Field::Date(kind) => parse_date_at(&cs, after).map(|(date, next)| {
                    let slot = match kind {
                        DateKind::Due => &mut fields.due,
                        DateKind::Scheduled => &mut fields.scheduled,
                        DateKind::Start => &mut fields.start,
                        DateKind::Created => &mut fields.created,
                        DateKind::Done => &mut fields.done,
                        DateKind::Cancelled => &mut fields.cancelled,
                    };
                    slot.get_or_insert(date);
                    next
                }),
                Field::Recurrence => {
                    let stop = find_stop(&cs, after);
                    let rule = slice(after, stop).map(str::trim).unwrap_or("");
                    (!rule.is_empty()).then(|| {
                        fields.recurrence.get_or_insert_with(|| rule.to_string());
                        stop
                    })
                }
                Field::Ids => parse_ids_at(&cs, after),
            };
            match taken {
                Some(next) => {
                    desc.push(' ');
                    i = next;
                }
                None => {
                    // Not a field after all: the emoji stays as text.
                    desc.push_str(slice(i, after).unwrap_or(""));
                    i = after;
                }
            }
            continue;
        }
        if fields.assignee.is_none() && starts_assignee(&cs, i) {
            let stop = find_stop(&cs, i + 1);
            let raw = slice(i + 1, stop).map(str::trim).unwrap_or("");
            if !raw.is_empty() {
                fields.assignee = Some(raw.to_string());
                desc.push(' ');
                i = stop;
                continue;
            }
        }
        if is_emoji_start(&cs, i) {
            let end = emoji_end(&cs, i).max(i + 1);
            let shown = slice(i, end).unwrap_or("");
            let key: String = shown.chars().filter(|&ch| ch != VS16).collect();
            if !key.is_empty() && seen_unknown.insert(key.clone()) {
                fields.unknown_emoji.push(key);
            }
            desc.push_str(shown);
            i = end;
            continue;
        }
        desc.push(c);
        i += 1;
    }
    fields.description = collapse_whitespace(&desc);
    fields
}

/// Words separated by single spaces, no leading or trailing whitespace.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Characters of scripts written without spaces between words, where a name can
/// be fused onto the next word (王伟负责).
fn is_unspaced_script(c: char) -> bool {
    matches!(
        c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
            | 0x3400..=0x4DBF // CJK extension A
            | 0x4E00..=0x9FFF // CJK unified ideographs
            | 0xF900..=0xFAFF // CJK compatibility ideographs
            | 0x20000..=0x2FA1F // CJK extensions B-F, compatibility supplement
            | 0x0E00..=0x0EFF // Thai, Lao
            | 0x1000..=0x109F // Myanmar
            | 0x1780..=0x17FF // Khmer
    )
}

/// Candidate names for one prefix: itself, without trailing punctuation, and
/// without a possessive `'s`.
fn name_candidates(prefix: &str) -> [&str; 3] {
    let bare = prefix.trim_end_matches(TRAILING_PUNCTUATION);
    let possessive = ["'s", "\u{2019}s"]
        .iter()
        .find_map(|s| bare.strip_suffix(*s))
        .map_or(bare, |p| p.trim_end_matches(TRAILING_PUNCTUATION));
    [prefix, bare, possessive]
}

/// Split a raw assignee (the text after `@`, as [`parse_task`] gives it) into
/// the known name it starts with and the words after it.
///
/// Returns the longest prefix of whole words (at most eight words) for which
/// `is_known` is true, and the rest with leading whitespace removed:
/// `("Dana about pricing", known "Dana")` gives `("Dana", "about pricing")`.
/// A prefix is also tried without trailing punctuation and without a
/// possessive `'s` (`"Dana, then"` gives `("Dana", ", then")`), and, when the
/// first word is in a script written without spaces (Chinese, Japanese, Thai),
/// its leading characters are tried too (`"王伟负责"` gives `("王伟", "负责")`).
/// When nothing is known, returns the part that looks like a name:
/// capitalised words and initials (at most four: `Felix K to make a
/// recommendation` gives `Felix K`), or a lower-case handle alone (`alima`).
///
/// Calls `is_known` a bounded number of times (at most about 40), each on a
/// prefix of `raw`, so the cost is linear in the length of `raw`.
pub fn split_assignee<'a>(raw: &'a str, is_known: impl Fn(&str) -> bool) -> (&'a str, &'a str) {
    let name = raw.trim();
    if name.is_empty() || is_known(name) {
        return (name, "");
    }
    let split = |cand: &'a str| -> (&'a str, &'a str) {
        let rest = name.get(cand.len()..).unwrap_or("").trim_start();
        (cand, rest)
    };

    // Byte ends of the first words.
    let mut ends: Vec<usize> = Vec::with_capacity(MAX_NAME_WORDS);
    let mut in_word = false;
    for (b, c) in name.char_indices() {
        if c.is_whitespace() {
            if in_word {
                ends.push(b);
                if ends.len() == MAX_NAME_WORDS {
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    if in_word && ends.len() < MAX_NAME_WORDS {
        ends.push(name.len());
    }

    for &end in ends.iter().rev() {
        let Some(prefix) = name.get(..end) else {
            continue;
        };
        for cand in name_candidates(prefix) {
            if !cand.is_empty() && is_known(cand) {
                return split(cand);
            }
        }
    }

    // A name fused onto the next word, in a script without spaces.
    let first_end = ends.first().copied().unwrap_or(name.len());
    let first_word = name.get(..first_end).unwrap_or("");
    if first_word.chars().next().is_some_and(is_unspaced_script) {
        let bounds: Vec<usize> = first_word
            .char_indices()
            .skip(1)
            .map(|(b, _)| b)
            .take(MAX_SCRIPT_CHARS)
            .collect();
        for &b in bounds.iter().rev() {
            if let Some(cand) = name.get(..b).filter(|cand| is_known(cand)) {
                return split(cand);
            }
        }
    }
    split(name_like_prefix(name))
}

/// Surname particles that may sit lower-case inside a name (`Ana de Souza`).
const PARTICLES: &[&str] = &[
    "de", "da", "das", "do", "dos", "del", "della", "der", "den", "di", "du", "la", "le", "van",
    "von", "bin", "ibn", "al", "el", "y", "zu",
];

/// The part of an unknown assignee that looks like a name: capitalised words
/// (and initials, and particles between them), at most four; a first word in
/// lower case is a handle and stands alone (`@alima`). `Felix K to make a
/// recommendation` gives `Felix K`.
fn name_like_prefix(name: &str) -> &str {
    let words: Vec<(usize, &str)> = name
        .split_whitespace()
        .map(|w| {
            let at = w.as_ptr() as usize - name.as_ptr() as usize;
            (at, w)
        })
        .collect();
    let Some(&(_, first)) = words.first() else {
        return name;
    };
    let upper = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic() && !c.is_ascii_punctuation())
    };
    let end_of = |(at, w): (usize, &str)| {
        at + w
            .trim_end_matches([',', ';', ':', '.', '!', '?', ')'])
            .len()
    };
    if !upper(first) {
        return name.get(..end_of(words[0])).unwrap_or(name);
    }
    let mut end = end_of(words[0]);
    let mut k = 1;
    while k < words.len() && k < 4 {
        let (_, w) = words[k];
        let punct_before = words[k - 1]
            .1
            .ends_with([',', ';', ':', '.', '!', '?', ')'])
            && !is_initial(words[k - 1].1);
        if punct_before {
            break;
        }
        if upper(w) {
            end = end_of(words[k]);
        } else if PARTICLES.contains(&w) && words.get(k + 1).is_some_and(|(_, n)| upper(n)) {
            // taken with the next word
        } else {
            break;
        }
        k += 1;
    }
    name.get(..end).unwrap_or(name)
}

/// `K` or `K.`: one capital letter, maybe with a dot.
fn is_initial(w: &str) -> bool {
    let t = w.trim_end_matches('.');
    t.chars().count() == 1 && t.chars().all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn known<'n>(names: &'n [&'n str]) -> impl Fn(&str) -> bool + 'n {
        move |s: &str| names.contains(&s)
    }

    #[test]
    fn unknown_assignees_end_where_the_name_ends() {
        let none = |_: &str| false;
        assert_eq!(
            split_assignee("Felix K to make a recommendation", none),
            ("Felix K", "to make a recommendation")
        );
        assert_eq!(
            split_assignee("alima to review", none),
            ("alima", "to review")
        );
        assert_eq!(split_assignee("Dana Reyes", none), ("Dana Reyes", ""));
        assert_eq!(split_assignee("HR", none), ("HR", ""));
        assert_eq!(
            split_assignee("Ana de Souza will", none),
            ("Ana de Souza", "will")
        );
        assert_eq!(split_assignee("Bo, then", none), ("Bo", ", then"));
        assert_eq!(
            split_assignee("Felix K to make", |s: &str| s == "Felix"),
            ("Felix", "K to make")
        );
    }

    #[test]
    fn status_markers() {
        assert_eq!(TaskStatus::from_marker(' '), TaskStatus::Open);
        assert_eq!(TaskStatus::from_marker('x'), TaskStatus::Done);
        assert_eq!(TaskStatus::from_marker('X'), TaskStatus::Done);
        assert_eq!(TaskStatus::from_marker('-'), TaskStatus::Cancelled);
        assert_eq!(TaskStatus::from_marker('/'), TaskStatus::InProgress);
        assert_eq!(TaskStatus::from_marker('?'), TaskStatus::Open);
        assert_eq!(TaskStatus::from_marker('✅'), TaskStatus::Open);
    }

    #[test]
    fn priority_accessors() {
        let all = [
            Priority::Highest,
            Priority::High,
            Priority::Medium,
            Priority::Low,
            Priority::Lowest,
        ];
        let labels: Vec<_> = all.iter().map(Priority::label).collect();
        assert_eq!(labels, ["highest", "high", "medium", "low", "lowest"]);
        let emoji: String = all.iter().map(Priority::emoji).collect();
        assert_eq!(emoji, "🔺⏫🔼🔽⏬");
        let ranks: Vec<_> = all.iter().map(Priority::rank).collect();
        assert_eq!(ranks, [0, 1, 2, 3, 4]);
        for p in all {
            let c = p.emoji().chars().next();
            assert_eq!(c.and_then(Priority::from_emoji), Some(p));
        }
        assert!(Priority::Highest < Priority::Lowest);
        assert_eq!(Priority::from_emoji('x'), None);
    }

    #[test]
    fn serde_names_are_lowercase() {
        let s = serde_json::to_string(&TaskStatus::InProgress).unwrap();
        assert_eq!(s, "\"inprogress\"");
        assert_eq!(
            serde_json::to_string(&TaskStatus::Done).unwrap(),
            "\"done\""
        );
        assert_eq!(serde_json::to_string(&Priority::High).unwrap(), "\"high\"");
        let f = parse_task("x @A 🔽");
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["priority"], "low");
        assert_eq!(v["assignee"], "A");
    }

    #[test]
    fn format_md_examples() {
        let f =
            parse_task("Start the formal process and schedule interviews. @HR ⏫ ✅ 2025-10-26");
        assert_eq!(
            f.description,
            "Start the formal process and schedule interviews."
        );
        assert_eq!(f.assignee.as_deref(), Some("HR"));
        assert_eq!(f.priority, Some(Priority::High));
        assert_eq!(f.done.as_deref(), Some("2025-10-26"));
        assert!(f.unknown_emoji.is_empty());

        let f = parse_task("Share the role descriptions. @Dana Reyes 🔼 📅 2025-11-01");
        assert_eq!(f.description, "Share the role descriptions.");
        assert_eq!(f.assignee.as_deref(), Some("Dana Reyes"));
        assert_eq!(f.priority, Some(Priority::Medium));
        assert_eq!(f.due.as_deref(), Some("2025-11-01"));
        assert_eq!(f.done, None);

        let f = parse_task("Confirm preferred scope. @Sam Okoro 🔼 ✅ 2025-10-26");
        assert_eq!(f.assignee.as_deref(), Some("Sam Okoro"));
        assert_eq!(f.description, "Confirm preferred scope.");
    }

    #[test]
    fn generator_shapes() {
        // gen-vault writes "@owner " with nothing after when there is no priority.
        let f = parse_task("Gpu and we decision on but market think to. @Leila Nowak ");
        assert_eq!(f.assignee.as_deref(), Some("Leila Nowak"));
        assert_eq!(f.description, "Gpu and we decision on but market think to.");
        let f = parse_task("In will this be that will quota! @Leila Nowak 🔽 📅 2023-01-07");
        assert_eq!(f.priority, Some(Priority::Low));
        assert_eq!(f.due.as_deref(), Some("2023-01-07"));
    }

    #[test]
    fn every_field() {
        let f = parse_task(
            "Water plants 🔺 🔁 every week on Monday ➕ 2025-01-01 🛫 2025-01-02 ⏳ 2025-01-03 \
             📅 2025-01-04 ✅ 2025-01-05 ❌ 2025-01-06 @Eun-ji Dubois",
        );
        assert_eq!(f.description, "Water plants");
        assert_eq!(f.priority, Some(Priority::Highest));
        assert_eq!(f.recurrence.as_deref(), Some("every week on Monday"));
        assert_eq!(f.created.as_deref(), Some("2025-01-01"));
        assert_eq!(f.start.as_deref(), Some("2025-01-02"));
        assert_eq!(f.scheduled.as_deref(), Some("2025-01-03"));
        assert_eq!(f.due.as_deref(), Some("2025-01-04"));
        assert_eq!(f.done.as_deref(), Some("2025-01-05"));
        assert_eq!(f.cancelled.as_deref(), Some("2025-01-06"));
        assert_eq!(f.assignee.as_deref(), Some("Eun-ji Dubois"));
        assert!(f.unknown_emoji.is_empty());
    }

    #[test]
    fn alternative_date_emoji_and_variation_selector() {
        let f = parse_task("a 📅️ 2025-11-01 b ⌛ 2025-11-02 c 📆2025-11-03");
        assert_eq!(f.due.as_deref(), Some("2025-11-01"));
        assert_eq!(f.scheduled.as_deref(), Some("2025-11-02"));
        assert_eq!(f.description, "a b c");
        let f = parse_task("Ship ✅\u{FE0F}2025-02-28");
        assert_eq!(f.done.as_deref(), Some("2025-02-28"));
        assert_eq!(f.description, "Ship");
        let f = parse_task("Ship ⏫\u{FE0F}now");
        assert_eq!(f.priority, Some(Priority::High));
        assert_eq!(f.description, "Ship now");
    }

    #[test]
    fn invalid_dates_stay_in_description() {
        let f = parse_task("Plan 📅 2025-13-01");
        assert_eq!(f.due, None);
        assert_eq!(f.description, "Plan 📅 2025-13-01");
        let f = parse_task("Plan 📅 soon");
        assert_eq!(f.due, None);
        assert_eq!(f.description, "Plan 📅 soon");
        let f = parse_task("Plan 📅 2025-02-29 and 📅 2024-02-29");
        assert_eq!(f.due.as_deref(), Some("2024-02-29"));
        assert_eq!(f.description, "Plan 📅 2025-02-29 and");
        let f = parse_task("Plan 📅 2025-01-011");
        assert_eq!(f.due, None);
        let f = parse_task("Plan 📅 ２０２５-01-01"); // full-width digits are not a date
        assert_eq!(f.due, None);
        let f = parse_task("Plan ✅");
        assert_eq!(f.done, None);
        assert_eq!(f.description, "Plan ✅");
        // Field emoji are never reported as unknown.
        assert!(f.unknown_emoji.is_empty());
    }

    #[test]
    fn first_value_wins() {
        let f = parse_task("x 📅 2025-01-01 🔽 📅 2025-02-02 🔺");
        assert_eq!(f.due.as_deref(), Some("2025-01-01"));
        assert_eq!(f.priority, Some(Priority::Low));
        assert_eq!(f.description, "x");
    }

    #[test]
    fn recurrence_stops_at_emoji_and_assignee() {
        let f = parse_task("Report 🔁 every month when done @HR 📅 2025-03-01");
        assert_eq!(f.recurrence.as_deref(), Some("every month when done"));
        assert_eq!(f.assignee.as_deref(), Some("HR"));
        assert_eq!(f.description, "Report");
        let f = parse_task("Report 🔁");
        assert_eq!(f.recurrence, None);
        assert_eq!(f.description, "Report 🔁");
        let f = parse_task("Report 🔁 🔼");
        assert_eq!(f.recurrence, None);
        assert_eq!(f.description, "Report 🔁");
    }

    #[test]
    fn id_fields_are_removed() {
        let f = parse_task("Do it 🆔 abc123 ⛔ x1, y2 🏁 delete @Dana");
        assert_eq!(f.description, "Do it");
        assert_eq!(f.assignee.as_deref(), Some("Dana"));
        assert!(f.unknown_emoji.is_empty());
        let f = parse_task("Do it 🆔");
        assert_eq!(f.description, "Do it 🆔");
    }

    #[test]
    fn assignee_rules() {
        let f = parse_task("Email a@b.com about it");
        assert_eq!(f.assignee, None);
        assert_eq!(f.description, "Email a@b.com about it");

        let f = parse_task("@Dana do the thing");
        assert_eq!(f.assignee.as_deref(), Some("Dana do the thing"));
        assert_eq!(f.description, "");

        let f = parse_task("Pair up @Dana @Sam 🔼");
        assert_eq!(f.assignee.as_deref(), Some("Dana"));
        assert_eq!(f.description, "Pair up @Sam");

        let f = parse_task("Meet @ noon");
        assert_eq!(f.assignee, None);
        assert_eq!(f.description, "Meet @ noon");

        let f = parse_task("Trailing @");
        assert_eq!(f.assignee, None);

        let f = parse_task("Ship🔼@Dana");
        assert_eq!(f.assignee.as_deref(), Some("Dana"));
        assert_eq!(f.description, "Ship");

        let f = parse_task("Tab\t@Dana\tReyes\t⏬");
        assert_eq!(f.assignee.as_deref(), Some("Dana\tReyes"));
        assert_eq!(f.priority, Some(Priority::Lowest));
    }

    #[test]
    fn assignee_unicode_names() {
        let f = parse_task("Translate the deck @王伟 🔼 📅 2025-11-01");
        assert_eq!(f.assignee.as_deref(), Some("王伟"));
        assert_eq!(f.description, "Translate the deck");
        let f = parse_task("Review @Ravi O'Brien ⏫");
        assert_eq!(f.assignee.as_deref(), Some("Ravi O'Brien"));
        let f = parse_task("Review @Zoë Ødegaard-Núñez");
        assert_eq!(f.assignee.as_deref(), Some("Zoë Ødegaard-Núñez"));
        let f = parse_task("Ask @Björn Müller ✅ 2025-01-01");
        assert_eq!(f.assignee.as_deref(), Some("Björn Müller"));
        assert_eq!(f.done.as_deref(), Some("2025-01-01"));
    }

    #[test]
    fn assignee_ends_at_unknown_emoji() {
        let f = parse_task("Party @Dana 🎉 tomorrow");
        assert_eq!(f.assignee.as_deref(), Some("Dana"));
        assert_eq!(f.description, "Party 🎉 tomorrow");
        assert_eq!(f.unknown_emoji, ["🎉"]);
    }

    #[test]
    fn unknown_emoji_are_deduplicated_in_order() {
        let f = parse_task("🎉 Launch 👍🏽 done 🎉 ⚠️ ⚠ 👩‍💻 🇩🇪 1️⃣ ©️ ok 🔼");
        assert_eq!(
            f.unknown_emoji,
            ["🎉", "👍🏽", "⚠", "👩\u{200D}💻", "🇩🇪", "1\u{20E3}", "©"]
        );
        assert_eq!(f.description, "🎉 Launch 👍🏽 done 🎉 ⚠️ ⚠ 👩‍💻 🇩🇪 1️⃣ ©️ ok");
        assert_eq!(f.priority, Some(Priority::Medium));
    }

    #[test]
    fn plain_symbols_are_not_emoji() {
        let f = parse_task("A → B — C © 2025 #tag 1. 50% [[Link]]");
        assert!(f.unknown_emoji.is_empty());
        assert_eq!(f.description, "A → B — C © 2025 #tag 1. 50% [[Link]]");
    }

    #[test]
    fn mojibake_is_left_alone() {
        // A mangled 🔼 and ✅ are not fields; repairing them is not this module's job.
        let f = parse_task("Fix it @Dana ðŸ”¼ âœ… 2025-01-01");
        assert_eq!(f.priority, None);
        assert_eq!(f.done, None);
        assert_eq!(f.assignee.as_deref(), Some("Dana ðŸ”¼ âœ… 2025-01-01"));
    }

    #[test]
    fn whitespace_is_collapsed() {
        let f = parse_task("  lots   of\t space 🔼  here  ");
        assert_eq!(f.description, "lots of space here");
        let f = parse_task("");
        assert_eq!(f, TaskFields::default());
        let f = parse_task("   ");
        assert_eq!(f.description, "");
    }

    #[test]
    fn fields_split_fused_words() {
        let f = parse_task("a🔼b📅2025-01-01c");
        assert_eq!(f.description, "a b c");
        assert_eq!(f.due.as_deref(), Some("2025-01-01"));
    }

    #[test]
    fn split_assignee_trailing_words() {
        let names = [
            "Dana",
            "Dana Reyes",
            "HR",
            "王伟",
            "Ravi O'Brien",
            "Eun-ji Dubois",
        ];
        let k = known(&names);
        assert_eq!(
            split_assignee("Dana about pricing", &k),
            ("Dana", "about pricing")
        );
        assert_eq!(
            split_assignee("Dana Reyes about pricing", &k),
            ("Dana Reyes", "about pricing")
        );
        assert_eq!(split_assignee("Dana Reyes", &k), ("Dana Reyes", ""));
        assert_eq!(split_assignee("  HR  ", &k), ("HR", ""));
        assert_eq!(split_assignee("Nobody here", &k), ("Nobody", "here"));
        assert_eq!(split_assignee("Nobody Here", &k), ("Nobody Here", ""));
        assert_eq!(split_assignee("", &k), ("", ""));
        assert_eq!(
            split_assignee("Dana, then ship.", &k),
            ("Dana", ", then ship.")
        );
        assert_eq!(split_assignee("HR.", &k), ("HR", "."));
        assert_eq!(
            split_assignee("Ravi O'Brien's draft", &k),
            ("Ravi O'Brien", "'s draft")
        );
        assert_eq!(
            split_assignee("Eun-ji Dubois to check", &k),
            ("Eun-ji Dubois", "to check")
        );
        assert_eq!(split_assignee("王伟 负责定价", &k), ("王伟", "负责定价"));
        assert_eq!(split_assignee("王伟负责定价", &k), ("王伟", "负责定价"));
        assert_eq!(split_assignee("王伟", &k), ("王伟", ""));
        assert_eq!(split_assignee("Danaabout", &k), ("Danaabout", ""));
    }

    #[test]
    fn split_assignee_calls_are_bounded() {
        let calls = std::cell::Cell::new(0usize);
        let long = "word ".repeat(10_000);
        let (name, rest) = split_assignee(&long, |_| {
            calls.set(calls.get() + 1);
            false
        });
        assert_eq!(name, "word");
        assert_eq!(rest, long.trim().trim_start_matches("word").trim_start());
        assert!(calls.get() <= 1 + 3 * MAX_NAME_WORDS + MAX_SCRIPT_CHARS);
    }

    #[test]
    fn long_input_is_linear_enough() {
        // Pathological shapes finish quickly (a quadratic scan would not).
        let many_at = "@".repeat(200_000);
        let f = parse_task(&many_at);
        assert_eq!(f.assignee, None);
        let many_rec = "🔁 ".repeat(50_000);
        let f = parse_task(&many_rec);
        assert_eq!(f.recurrence, None);
        let many_emoji: String = (0..50_000u32)
            .filter_map(|i| char::from_u32(0x1F400 + i % 0x200))
            .collect();
        let f = parse_task(&many_emoji);
        let fields = (0x1F400..0x1F600u32)
            .filter_map(char::from_u32)
            .filter(|&c| field_of(c).is_some())
            .count();
        assert_eq!(f.unknown_emoji.len(), 0x200 - fields);
    }

    fn date_strategy() -> impl Strategy<Value = String> {
        (1900u32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
    }

    proptest! {
        #[test]
        fn never_panics_and_keeps_invariants(text in any::<String>()) {
            let f = parse_task(&text);
            prop_assert_eq!(f.description.trim(), f.description.as_str());
            prop_assert!(!f.description.contains("  "));
            prop_assert!(f.description.len() <= text.len());
            for d in [&f.due, &f.scheduled, &f.start, &f.created, &f.done, &f.cancelled].into_iter().flatten() {
                prop_assert_eq!(d.len(), 10);
                prop_assert!(text.contains(d.as_str()));
            }
            let unique: HashSet<_> = f.unknown_emoji.iter().collect();
            prop_assert_eq!(unique.len(), f.unknown_emoji.len());
            if let Some(a) = &f.assignee {
                prop_assert!(!a.is_empty());
                prop_assert!(text.contains(a.as_str()));
            }
        }

        #[test]
        fn never_panics_on_emoji_heavy_text(
            text in "([ a-zA-Z0-9@,.\\-]|🔺|⏫|🔼|🔽|⏬|📅|⏳|🛫|➕|✅|❌|🔁|🆔|⛔|🏁|🎉|\u{FE0F}|\u{200D}|\u{20E3}|🇩|🏽|王|2025-01-01){0,40}"
        ) {
            let f = parse_task(&text);
            prop_assert!(!f.description.contains("  "));
            for e in &f.unknown_emoji {
                prop_assert!(!e.contains(VS16));
                prop_assert!(!e.is_empty());
            }
        }

        #[test]
        fn round_trip(
            words in proptest::collection::vec("[a-zA-Z][a-z,.]{0,8}", 1..8),
            prio in proptest::option::of(0usize..5),
            due in proptest::option::of(date_strategy()),
            done in proptest::option::of(date_strategy()),
            who in proptest::option::of(prop_oneof![
                Just("Dana Reyes"), Just("HR"), Just("王伟"), Just("Ravi O'Brien"), Just("Eun-ji Dubois")
            ]),
            rec in proptest::option::of(prop_oneof![Just("every week"), Just("every 2 days when done")]),
        ) {
            let all = [Priority::Highest, Priority::High, Priority::Medium, Priority::Low, Priority::Lowest];
            let priority = prio.and_then(|i| all.get(i).copied());
            let description = words.join(" ");
            let mut line = description.clone();
            if let Some(w) = who { line.push_str(&format!(" @{w}")); }
            if let Some(p) = priority { line.push_str(&format!(" {}", p.emoji())); }
            if let Some(r) = rec { line.push_str(&format!(" 🔁 {r}")); }
            if let Some(d) = &due { line.push_str(&format!(" 📅 {d}")); }
            if let Some(d) = &done { line.push_str(&format!(" ✅ {d}")); }
            let f = parse_task(&line);
            prop_assert_eq!(f.description, description);
            prop_assert_eq!(f.priority, priority);
            prop_assert_eq!(f.due, due);
            prop_assert_eq!(f.done, done);
            prop_assert_eq!(f.assignee.as_deref(), who);
            prop_assert_eq!(f.recurrence.as_deref(), rec);
            prop_assert!(f.unknown_emoji.is_empty());
        }

        #[test]
        fn split_assignee_returns_parts_of_raw(raw in any::<String>(), cut in 0usize..64) {
            // Know a prefix of the text, whatever it is.
            let chars: Vec<char> = raw.trim().chars().collect();
            let known_name: String = chars.iter().take(cut).collect();
            let (name, rest) = split_assignee(&raw, |s| s == known_name);
            let trimmed = raw.trim();
            prop_assert!(trimmed.starts_with(name));
            prop_assert!(trimmed.ends_with(rest));
            prop_assert!(name.len() + rest.len() <= trimmed.len());
            prop_assert!(name == known_name || trimmed.get(name.len()..).is_some_and(|r| r.trim_start() == rest));
        }
    }
}
