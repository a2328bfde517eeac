//! Caption files as transcript turns: WebVTT (`.vtt`, `<v Ana Lima>text`)
//! and, through the same reader, SubRip (`.srt`).
//!
//! Call recorders export captions beside the meeting note. [`parse`] gives
//! their cues in order ([`Cue`]), each with its start time, its speaker (a
//! `<v Name>` voice, else a `Name: ` prefix on the first line) and its text
//! with markup removed. Several voices in one cue become several cues with
//! the same time; consecutive cues of one speaker are not merged here.
//!
//! Lenient and pure: no I/O, no panics on any input, linear in the text. What
//! is not a cue (the header, `NOTE`, `STYLE` and `REGION` blocks, cue ids, a
//! cue whose timing line does not read) is skipped.

use super::minutes::parse_clock;

/// One cue.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// Start time in seconds.
    pub seconds: f64,
    /// Start time as written (`00:01:02.500`, `01:02.500`, `00:01:02,500`).
    pub stamp: String,
    /// The `<v Ana Lima>` voice, or a `Ana Lima: ` prefix on the cue's first
    /// line when the cue has no voice tag.
    pub speaker: Option<String>,
    /// The cue text lines joined with a space, tags removed (`<i>`, `<b>`,
    /// `<c.x>`, `<00:00:01.000>` timestamps, `</v>`), entities decoded
    /// (`&amp;` `&lt;` `&gt;` `&nbsp;` `&lrm;` `&rlm;`, also `&quot;`,
    /// `&apos;` and numeric references).
    pub text: String,
    /// 1-based line of the timing line.
    pub line: usize,
}

/// The longest `Name: ` prefix taken as a speaker, in characters.
const MAX_PREFIX_CHARS: usize = 40;

/// Whether text is a WebVTT file (first line `WEBVTT`, after an optional BOM).
pub fn is_webvtt(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match text.strip_prefix("WEBVTT") {
        Some(rest) => rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']),
        None => false,
    }
}

/// The cues of a WebVTT file, in order.
///
/// Lines that are not cues (header, `NOTE`/`STYLE`/`REGION` blocks, cue ids)
/// are skipped; a cue with a malformed timing line is skipped, never a panic.
/// Consecutive cues of the same speaker are NOT merged here.
///
/// Timings read `HH:MM:SS.mmm` or `MM:SS.mmm` (hours of one to three digits,
/// a fraction of one to nine digits after `.` or `,`, or none), with cue
/// settings after the end time. A cue runs to the next blank line or the
/// next timing line; a text line holding `-->` that is not a timing line is
/// text. A `<v>` voice runs to the next one: `<v A>hi</v><v B>yo</v>` gives
/// two cues with the same time, and text after `</v>` stays with the voice
/// before it. A `<` with no `>` after it is kept as text. Cues (or voices)
/// with no text are left out. CRLF, CR line ends and a BOM are accepted; the
/// `WEBVTT` line is not required.
pub fn parse(text: &str) -> Vec<Cue> {
    read(text, Flavor::WebVtt)
}

/// The cues of a SubRip (`.srt`) file, in order: numbered cues with
/// `00:00:01,000 --> 00:00:04,000` timing lines (coordinates after them are
/// ignored). Formatting tags (`<i>`, `<font color=…>`) and `{\an8}` override
/// codes are removed; the speaker is a `Name: ` prefix on the first line.
/// Otherwise as [`parse`].
pub fn parse_srt(text: &str) -> Vec<Cue> {
    read(text, Flavor::SubRip)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    WebVtt,
    SubRip,
}

/// Where the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between blocks.
    Idle,
    /// In the `WEBVTT` header block.
    Header,
    /// After a line that may be a cue id.
    MaybeId,
    /// In a block that is not a cue.
    Skip,
    /// In a cue's text.
    Cue,
}

/// A cue being read: its timing and its text lines.
struct Open<'t> {
    stamp: &'t str,
    seconds: f64,
    line: usize,
    lines: Vec<&'t str>,
}

fn read(text: &str, flavor: Flavor) -> Vec<Cue> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // One line end for all: CRLF and lone CR count as one line each.
    let normal;
    let text = if text.contains('\r') {
        normal = text.replace("\r\n", "\n").replace('\r', "\n");
        normal.as_str()
    } else {
        text
    };
    let mut cues = Vec::new();
    let mut state = State::Idle;
    let mut open: Option<Open> = None;
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        if i == 0 && flavor == Flavor::WebVtt && is_webvtt(line) {
            state = State::Header;
            continue;
        }
        if line.trim().is_empty() {
            if let Some(cue) = open.take() {
                finish(cue, flavor, &mut cues);
            }
            state = State::Idle;
            continue;
        }
        if let Some((stamp, seconds)) = timing(line) {
            if let Some(cue) = open.take() {
                finish(cue, flavor, &mut cues);
            }
            open = Some(Open {
                stamp,
                seconds,
                line: n,
                lines: Vec::new(),
            });
            state = State::Cue;
            continue;
        }
        state = match state {
            State::Cue => {
                if let Some(cue) = open.as_mut() {
                    cue.lines.push(line);
                }
                State::Cue
            }
            State::Header | State::Skip => state,
            State::MaybeId => State::Skip,
            State::Idle if flavor == Flavor::WebVtt && is_block_keyword(line) => State::Skip,
            State::Idle => State::MaybeId,
        };
    }
    if let Some(cue) = open.take() {
        finish(cue, flavor, &mut cues);
    }
    cues
}

/// Whether a line opens a WebVTT block that is not a cue.
fn is_block_keyword(line: &str) -> bool {
    ["NOTE", "STYLE", "REGION"].iter().any(|k| {
        line.strip_prefix(k)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

/// A timing line `start --> end [settings]`: the start as written and in
/// seconds.
fn timing(line: &str) -> Option<(&str, f64)> {
    let (start, rest) = line.split_once("-->")?;
    let start = start.trim();
    let end = rest.split_whitespace().next()?;
    let seconds = timestamp(start)?;
    timestamp(end)?;
    Some((start, seconds))
}

/// A caption timestamp: digits, colons and one `.` or `,` only.
fn timestamp(s: &str) -> Option<f64> {
    let plain = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b','));
    if plain { parse_clock(s) } else { None }
}

/// Turn a finished cue into one cue a voice.
fn finish(cue: Open<'_>, flavor: Flavor, out: &mut Vec<Cue>) {
    let payload = cue.lines.join("\n");
    let payload = if flavor == Flavor::SubRip {
        strip_overrides(&payload)
    } else {
        payload
    };
    let (segments, voiced) = segments(&payload);
    for (speaker, raw) in segments {
        let decoded = decode_entities(&raw);
        let mut lines: Vec<&str> = decoded
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut speaker = speaker.map(|s| clean(&s)).filter(|s| !s.is_empty());
        if !voiced {
            let prefix = lines.first().copied().and_then(prefix_speaker);
            if let (Some((name, rest)), Some(first)) = (prefix, lines.first_mut()) {
                speaker = Some(name.to_string());
                *first = rest;
            }
        }
        let text = lines
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() {
            continue;
        }
        out.push(Cue {
            seconds: cue.seconds,
            stamp: cue.stamp.to_string(),
            speaker,
            text,
            line: cue.line,
        });
    }
}

/// Remove SubRip/ASS override codes: `{\an8}`, `{\i1}`.
fn strip_overrides(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("{\\") {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        match after.find('}') {
            Some(j) => rest = after.get(j + 1..).unwrap_or(""),
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Split a cue payload at its voice tags, removing every other tag: each
/// voice's speaker annotation (raw) and text (raw, with line ends). The flag
/// tells whether the payload had a voice tag.
fn segments(payload: &str) -> (Vec<(Option<String>, String)>, bool) {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut speaker: Option<String> = None;
    let mut text = String::new();
    let mut voiced = false;
    let mut rest = payload;
    while let Some(open) = rest.find('<') {
        let (before, tag_on) = rest.split_at(open);
        text.push_str(before);
        let Some(close) = tag_on.find('>') else {
            // No tag: a literal `<`.
            text.push_str(tag_on);
            rest = "";
            break;
        };
        let tag = tag_on.get(1..close).unwrap_or("");
        rest = tag_on.get(close + 1..).unwrap_or("");
        if let Some(annotation) = voice(tag) {
            voiced = true;
            if !text.trim().is_empty() {
                out.push((speaker.take(), std::mem::take(&mut text)));
            }
            text.clear();
            speaker = Some(annotation.to_string());
        }
    }
    text.push_str(rest);
    if !text.trim().is_empty() {
        out.push((speaker, text));
    }
    (out, voiced)
}

/// The annotation of a voice start tag (`v Ana Lima`, `v.loud Ana`), if the
/// tag is one.
fn voice(tag: &str) -> Option<&str> {
    let rest = tag.strip_prefix('v')?;
    if rest.is_empty() {
        return Some("");
    }
    if rest.starts_with('.') {
        // Classes run to the first white space.
        return Some(match rest.find(char::is_whitespace) {
            Some(i) => rest.get(i..).unwrap_or("").trim(),
            None => "",
        });
    }
    rest.starts_with(char::is_whitespace).then(|| rest.trim())
}

/// Decode entities, trim each line and join the lines with a space.
fn clean(raw: &str) -> String {
    let decoded = decode_entities(raw);
    let lines: Vec<&str> = decoded
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" ")
}

/// The longest entity name looked for, in bytes (`&#x10FFFF;`).
const MAX_ENTITY: usize = 10;

/// Decode `&amp;` `&lt;` `&gt;` `&nbsp;` `&lrm;` `&rlm;` `&quot;` `&apos;`
/// and `&#N;` / `&#xH;`; anything else stays as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let semi = from
            .get(1..)
            .and_then(|after| {
                after
                    .char_indices()
                    .take(MAX_ENTITY)
                    .find(|&(_, c)| c == ';')
            })
            .map(|(j, _)| j + 1);
        let decoded = semi.and_then(|j| Some((entity(from.get(1..j)?)?, j)));
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = from.get(j + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = from.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let (digits, radix) = match num.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (num, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            let code = u32::from_str_radix(digits, radix).ok()?;
            char::from_u32(code).filter(|&c| c != '\0')?
        }
    })
}

/// A `Name: text` speaker prefix: up to five words of letters, digits and
/// `.'’-_`, starting with a letter, at most forty characters, before a colon
/// and white space (or the end).
fn prefix_speaker(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let name = text.get(..colon)?.trim();
    let after = text.get(colon + 1..)?;
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let words = name.split_whitespace().count();
    let ok = (1..=5).contains(&words)
        && name.chars().count() <= MAX_PREFIX_CHARS
        && name.starts_with(char::is_alphabetic)
        && name.chars().all(|c| {
            c.is_alphanumeric() || c.is_whitespace() || matches!(c, '.' | '\'' | '’' | '-' | '_')
        });
    ok.then(|| (name, after.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (seconds, speaker, text, line) of each cue.
    fn brief(cues: &[Cue]) -> Vec<(f64, Option<&str>, &str, usize)> {
        cues.iter()
            .map(|c| (c.seconds, c.speaker.as_deref(), c.text.as_str(), c.line))
            .collect()
    }

    const SAMPLE: &str = "WEBVTT - planning call\n\
        Kind: captions\n\
        \n\
        NOTE exported by a recorder\n\
        with two lines\n\
        \n\
        STYLE\n\
        ::cue { color: lime }\n\
        \n\
        1\n\
        00:00:01.000 --> 00:00:04.250 align:start position:10%\n\
        <v Wren Adeyemi>Good morning, everyone.\n\
        \n\
        intro-2\n\
        00:04.250 --> 00:07.000\n\
        <v.loud Kofi Mensah>Morning! Shall we start\n\
        with the budget?</v>\n\
        \n\
        00:00:07.500 --> 00:00:09.000\n\
        Wren Adeyemi: Yes, <i>please</i>.\n\
        \n\
        00:00:09.000 --> 00:00:12.000\n\
        Just a caption &amp; no speaker\n";

    #[test]
    fn sample_file() {
        assert!(is_webvtt(SAMPLE));
        let cues = parse(SAMPLE);
        assert_eq!(
            brief(&cues),
            vec![
                (1.0, Some("Wren Adeyemi"), "Good morning, everyone.", 11),
                (
                    4.25,
                    Some("Kofi Mensah"),
                    "Morning! Shall we start with the budget?",
                    15
                ),
                (7.5, Some("Wren Adeyemi"), "Yes, please.", 19),
                (9.0, None, "Just a caption & no speaker", 22),
            ]
        );
        assert_eq!(cues[0].stamp, "00:00:01.000");
        assert_eq!(cues[1].stamp, "00:04.250");
    }

    #[test]
    fn is_webvtt_forms() {
        assert!(is_webvtt("WEBVTT"));
        assert!(is_webvtt("WEBVTT\n\n00:01.000 --> 00:02.000\nhi"));
        assert!(is_webvtt("\u{feff}WEBVTT\r\n"));
        assert!(is_webvtt("WEBVTT\tfile"));
        assert!(is_webvtt("WEBVTT - title"));
        assert!(!is_webvtt("WEBVTTX"));
        assert!(!is_webvtt(" WEBVTT"));
        assert!(!is_webvtt("webvtt"));
        assert!(!is_webvtt(""));
        assert!(!is_webvtt("1\n00:00:01,000 --> 00:00:02,000\nhi"));
    }

    #[test]
    fn crlf_cr_and_bom() {
        let text = "\u{feff}WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\n<v Ines>one\r\ntwo\r\n\r\n00:03.000 --> 00:04.000\rthree\r";
        let cues = parse(text);
        assert_eq!(
            brief(&cues),
            vec![(1.0, Some("Ines"), "one two", 3), (3.0, None, "three", 7)]
        );
    }

    #[test]
    fn several_voices_in_one_cue() {
        let text = "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\n<v Ana Lima>hi</v><v Bo Chen>yo</v>\n";
        assert_eq!(
            brief(&parse(text)),
            vec![
                (5.0, Some("Ana Lima"), "hi", 3),
                (5.0, Some("Bo Chen"), "yo", 3)
            ]
        );
        let text = "WEBVTT\n\n00:05.000 --> 00:06.000\n<v Ana>first\nline\n<v Bo>second\n";
        assert_eq!(
            brief(&parse(text)),
            vec![
                (5.0, Some("Ana"), "first line", 3),
                (5.0, Some("Bo"), "second", 3),
            ]
        );
        // Text after `</v>` stays with its voice; empty voices are dropped.
        let text =
            "WEBVTT\n\n00:05.000 --> 00:06.000\n<v Ana>well</v> (laughs) <v Bo></v><v>plain\n";
        assert_eq!(
            brief(&parse(text)),
            vec![
                (5.0, Some("Ana"), "well (laughs)", 3),
                (5.0, None, "plain", 3)
            ]
        );
    }

    #[test]
    fn tags_and_entities_are_removed() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<c.yellow.bg_blue>Tea</c> <00:00:01.500><b>and</b> <u>toast</u> <lang fr>merci</lang> &lt;b&gt; &nbsp;x&lrm;&rlm; &quot;q&quot; &#39;s&#x27; &unknown; & &amp\n";
        let cues = parse(text);
        assert_eq!(
            cues[0].text,
            "Tea and toast merci <b> \u{a0}x\u{200e}\u{200f} \"q\" 's' &unknown; & &amp"
        );
        assert_eq!(cues[0].speaker, None);
        // Entities in a voice annotation are decoded too.
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana &amp; Bo>together\n";
        assert_eq!(parse(text)[0].speaker.as_deref(), Some("Ana & Bo"));
        // A `<` with no `>` is text.
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n3 < 4 is true\n";
        assert_eq!(parse(text)[0].text, "3 < 4 is true");
    }

    #[test]
    fn speaker_prefixes() {
        let cue = |t: &str| {
            let text = format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{t}\n");
            parse(&text)
                .first()
                .map(|c| (c.speaker.clone(), c.text.clone()))
        };
        let s = |a: &str, b: &str| Some((Some(a.to_string()), b.to_string()));
        let none = |b: &str| Some((None, b.to_string()));
        assert_eq!(cue("Ana Lima: hello there"), s("Ana Lima", "hello there"));
        assert_eq!(cue("Speaker 2: fine\nmore"), s("Speaker 2", "fine more"));
        assert_eq!(cue("<i>Ana</i>: tagged"), s("Ana", "tagged"));
        assert_eq!(cue("It was 10:30 already"), none("It was 10:30 already"));
        assert_eq!(
            cue("see https://example.org"),
            none("see https://example.org")
        );
        assert_eq!(
            cue("one two three four five six: x"),
            none("one two three four five six: x")
        );
        assert_eq!(cue("(laughs): ok"), none("(laughs): ok"));
        assert_eq!(
            cue("first line\nAna: second"),
            none("first line Ana: second")
        );
        // A voice tag wins over a prefix.
        assert_eq!(cue("<v Bo>Ana: quoted"), s("Bo", "Ana: quoted"));
        // A prefix with nothing after it leaves no cue.
        assert_eq!(cue("Ana:"), None);
    }

    #[test]
    fn timing_forms() {
        let first = |timing: &str| {
            parse(&format!("WEBVTT\n\n{timing}\ntext\n"))
                .first()
                .map(|c| (c.seconds, c.stamp.clone()))
        };
        assert_eq!(
            first("00:00:01.000 --> 00:00:02.000"),
            Some((1.0, "00:00:01.000".into()))
        );
        assert_eq!(
            first("01:02:03.500 --> 01:02:04.000"),
            Some((3723.5, "01:02:03.500".into()))
        );
        assert_eq!(
            first("02:03.250 --> 02:04.000"),
            Some((123.25, "02:03.250".into()))
        );
        assert_eq!(
            first("00:01.000-->00:02.000"),
            Some((1.0, "00:01.000".into()))
        );
        assert_eq!(
            first("00:01.000 --> 00:02.000 line:0 position:20% size:60% align:end"),
            Some((1.0, "00:01.000".into()))
        );
        assert_eq!(
            first("  00:01.000   -->   00:02.000  "),
            Some((1.0, "00:01.000".into()))
        );
        assert_eq!(
            first("00:01,000 --> 00:02,000"),
            Some((1.0, "00:01,000".into()))
        );
        for bad in [
            "00:01.000 -->",
            "--> 00:02.000",
            "00:61.000 --> 00:62.000",
            "aa:01.000 --> 00:02.000",
            "00:01.000 -> 00:02.000",
            "00:01.000 --> soon",
            "x 00:01.000 --> 00:02.000",
            "-00:01.000 --> 00:02.000",
        ] {
            assert_eq!(first(bad), None, "{bad}");
        }
    }

    #[test]
    fn malformed_cues_are_skipped() {
        let text = "WEBVTT\n\n00:01.000 --> later\nlost text\n\nid\n00:99.000 --> 01:00.000\nalso lost\n\n00:02.000 --> 00:03.000\nkept\n";
        assert_eq!(brief(&parse(text)), vec![(2.0, None, "kept", 10)]);
    }

    #[test]
    fn arrows_in_text_are_text() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\nmove A --> B\n<v Ana>then --> 00:05.000\n";
        assert_eq!(
            brief(&parse(text)),
            vec![
                (1.0, None, "move A --> B", 3),
                (1.0, Some("Ana"), "then --> 00:05.000", 3),
            ]
        );
    }

    #[test]
    fn cues_without_blank_lines_between() {
        let text = "WEBVTT\n00:01.000 --> 00:02.000\none\n00:02.000 --> 00:03.000\ntwo\n";
        assert_eq!(
            brief(&parse(text)),
            vec![(1.0, None, "one", 2), (2.0, None, "two", 4)]
        );
    }

    #[test]
    fn note_blocks_and_ids() {
        let text = "WEBVTT\n\nNOTE\n00:01.000 --> 00:02.000\ncommented? no: a timing line starts a cue\n\nNOTES are not notes\n00:03.000 --> 00:04.000\nid above\n\nREGION\nid:fred width:40%\n\n00:05.000 --> 00:06.000\nlast\n";
        assert_eq!(
            brief(&parse(text)),
            vec![
                (1.0, None, "commented? no: a timing line starts a cue", 4),
                (3.0, None, "id above", 8),
                (5.0, None, "last", 14),
            ]
        );
    }

    #[test]
    fn not_merged_and_empty_cues_dropped() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>a\n\n00:02.000 --> 00:03.000\n<v Ana>b\n\n00:03.000 --> 00:04.000\n<i></i>\n\n00:04.000 --> 00:05.000\n";
        assert_eq!(
            brief(&parse(text)),
            vec![(1.0, Some("Ana"), "a", 3), (2.0, Some("Ana"), "b", 6)]
        );
    }

    #[test]
    fn headerless_and_empty_inputs() {
        assert!(parse("").is_empty());
        assert!(parse("WEBVTT").is_empty());
        assert!(parse("\u{feff}").is_empty());
        assert_eq!(parse("00:01.000 --> 00:02.000\nno header").len(), 1);
        // Header lines are not cues.
        assert!(parse("WEBVTT\nKind: captions\nLanguage: en\n").is_empty());
    }

    #[test]
    fn subrip() {
        let text = "\u{feff}1\r\n00:00:01,000 --> 00:00:03,500\r\n{\\an8}<i>Ana Lima:</i> Budget first,\r\nthen hiring.\r\n\r\n2\r\n00:00:03,500 --> 00:00:05,000 X1:40 X2:600 Y1:20 Y2:50\r\n<font color=\"#ffff00\">Sure.</font>\r\n\r\n3\r\n00:00:99,000 --> 00:01:00,000\r\nbad timing\r\n\r\n4\r\n00:01:00,000 --> 00:01:02,000\r\n{\\i1 unclosed override\r\n";
        let cues = parse_srt(text);
        assert_eq!(
            brief(&cues),
            vec![
                (1.0, Some("Ana Lima"), "Budget first, then hiring.", 2),
                (3.5, None, "Sure.", 7),
                (60.0, None, "{\\i1 unclosed override", 15),
            ]
        );
        assert_eq!(cues[0].stamp, "00:00:01,000");
        // NOTE is a cue id in SubRip, not a comment.
        let cues = parse_srt("NOTE\n00:00:01,000 --> 00:00:02,000\nhello\n");
        assert_eq!(brief(&cues), vec![(1.0, None, "hello", 2)]);
    }

    #[test]
    fn large_file_is_linear() {
        let mut text = String::from("WEBVTT\n\n");
        for i in 0..50_000u32 {
            let (m, s) = (i / 60 % 60, i % 60);
            let h = i / 3600;
            text.push_str(&format!(
                "{i}\n{h:02}:{m:02}:{s:02}.000 --> {h:02}:{m:02}:{s:02}.900\n<v Speaker {}>line {i}\n\n",
                i % 7
            ));
        }
        let cues = parse(&text);
        assert_eq!(cues.len(), 50_000);
        assert_eq!(cues[49_999].text, "line 49999");
        assert_eq!(cues[123].seconds, 123.0);
    }

    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("WEBVTT".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("\u{feff}".to_string()),
            Just("00:01.000 --> 00:02.000".to_string()),
            Just("00:00:01,000 --> 00:00:02,000".to_string()),
            Just("-->".to_string()),
            Just("<v Ana>".to_string()),
            Just("<v.x".to_string()),
            Just("</v>".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("&amp;".to_string()),
            Just("&#".to_string()),
            Just("&#x110000;".to_string()),
            Just("{\\".to_string()),
            Just("NOTE".to_string()),
            Just("Ana: ".to_string()),
            "\\PC{0,6}",
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    fn check(cues: &[Cue], text: &str) -> Result<(), TestCaseError> {
        let lines = text.split(['\n', '\r']).count();
        for c in cues {
            prop_assert!(!c.text.is_empty());
            prop_assert!(c.seconds.is_finite() && c.seconds >= 0.0);
            prop_assert!(c.line >= 1 && c.line <= lines);
            prop_assert!(!c.text.contains('\n'));
            prop_assert!(c.speaker.as_deref() != Some(""));
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn any_text_never_panics(text in any::<String>()) {
            check(&parse(&text), &text)?;
            check(&parse_srt(&text), &text)?;
            let _ = is_webvtt(&text);
        }

        #[test]
        fn caption_like_text_never_panics(text in pieces()) {
            check(&parse(&text), &text)?;
            check(&parse_srt(&text), &text)?;
        }

        #[test]
        fn voices_round_trip(
            cues in proptest::collection::vec(
                (0u32..36_000, "[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", "[a-z][a-z ,.!?]{0,30}[a-z.!?]"),
                1..20,
            ),
        ) {
            let mut text = String::from("WEBVTT\n\n");
            for (t, who, said) in &cues {
                let (h, m, s) = (t / 3600, t / 60 % 60, t % 60);
                text.push_str(&format!("{h:02}:{m:02}:{s:02}.000 --> {h:02}:{m:02}:{s:02}.500\n<v {who}>{said}\n\n"));
            }
            let got = parse(&text);
            prop_assert_eq!(got.len(), cues.len());
            for (c, (t, who, said)) in got.iter().zip(&cues) {
                prop_assert_eq!(c.seconds, f64::from(*t));
                prop_assert_eq!(c.speaker.as_deref(), Some(who.as_str()));
                prop_assert_eq!(&c.text, said);
            }
        }
    }
}
