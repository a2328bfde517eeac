//! How a transcript renders: a collapsed, speaker-attributed `<details>`.
//!
//! Takes a parsed [`Transcript`]; gives HTML: a skip link past it, then a
//! `<details class="transcript">` whose summary shows the turn count, the
//! duration and the speakers; a talk share bar chart (words spoken per
//! person; recording devices such as `zoom.us` apart, not counted as
//! people, see [`transcript::is_device_label`]); the find and speaker
//! filter tools (hidden until `transcript.js` wires them); the turns, with
//! consecutive turns of one speaker (from one source) merged into one
//! `.turn-group` that names the speaker once, each turn keeping its own
//! `.turn` element, self-link id and timestamp, noise tokens muted; and a
//! collapse button at the end. Built with one pass over the turns and
//! plain string pushes: linear time, no syntax highlighting.

use crate::parse::markdown::{escape_html as esc, escape_into as esc_into};
use crate::parse::transcript::{self, Transcript, Turn};
use crate::render::Renderer;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Number of speaker colours in the theme (`speaker-0` … `speaker-7`).
pub const COLOURS: u64 = 8;

/// Colour classes for a transcript's speakers: by order of first appearance,
/// so the first eight speakers never share a colour and a speaker keeps theirs
/// throughout.
pub fn colours(t: &Transcript) -> BTreeMap<&str, u64> {
    let mut m: BTreeMap<&str, u64> = BTreeMap::new();
    for turn in t.turns.iter().filter(|t| t.parsed) {
        let n = m.len() as u64;
        m.entry(turn.speaker.as_str()).or_insert(n % COLOURS);
    }
    m
}

fn hms(secs: f64) -> String {
    let s = secs.max(0.0) as u64;
    if s >= 3600 {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}m {:02}s", s / 60, s % 60)
    }
}

/// `text.split_whitespace().count()`, without decoding ASCII text.
fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // the ASCII characters `char::is_whitespace` takes
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let mut words = 0;
    let mut in_word = false;
    for b in text.bytes() {
        let s = space(b);
        words += usize::from(!s && !in_word);
        in_word = !s;
    }
    words
}

/// A speaker of a transcript, as its HTML shows them.
struct Speaker<'t> {
    name: &'t str,
    /// Words spoken, in parsed turns.
    words: usize,
    /// Colour class number (see [`colours`]).
    colour: u64,
    /// Their person page, escaped for an attribute.
    href: Option<String>,
    /// The name, escaped.
    shown: String,
    /// A recording device or app, not a person.
    device: bool,
}

/// The speakers of the parsed turns in order of first appearance (so each
/// one's colour is the one [`colours`] gives), and where each turn's is.
fn speakers<'t>(
    t: &'t Transcript,
    r: &Renderer,
    from: &str,
) -> (Vec<Speaker<'t>>, HashMap<&'t str, usize>) {
    let mut list: Vec<Speaker> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for turn in t.turns.iter().filter(|t| t.parsed) {
        let k = *index.entry(turn.speaker.as_str()).or_insert_with(|| {
            // the href is that of the speaker's first turn
            let href = turn
                .is_person
                .then(|| r.person_href(from, &turn.speaker))
                .flatten();
            list.push(Speaker {
                name: &turn.speaker,
                words: 0,
                colour: list.len() as u64 % COLOURS,
                href: href.map(|h| esc(&h)),
                shown: esc(&turn.speaker),
                device: !turn.is_person && transcript::is_device_label(&turn.speaker),
            });
            list.len() - 1
        });
        list[k].words += word_count(&turn.text);
    }
    (list, index)
}

/// The `<summary>` line.
fn summary_line(out: &mut String, t: &Transcript, speakers: &[Speaker]) {
    if t.inline {
        // minutes: the turns are the note's own paragraphs, drawn in place;
        // this card only sums them up
        out.push_str("<details class=\"transcript transcript-inline\" id=\"transcript\" open>\n<summary><span class=\"transcript-label\">Who spoke</span> ");
    } else {
        out.push_str("<details class=\"transcript\" id=\"transcript\">\n<summary><span class=\"transcript-label\">Transcript</span> ");
    }
    let parsed = t.turns.iter().filter(|t| t.parsed).count();
    let _ = write!(
        out,
        "<span class=\"transcript-turns\">{parsed} turns</span>"
    );
    if let Some(d) = transcript::duration_seconds(t) {
        let _ = write!(
            out,
            " · <span class=\"transcript-duration\">{}</span>",
            hms(d)
        );
    }
    for (device, class) in [(false, "transcript-speakers"), (true, "transcript-devices")] {
        let mut names = speakers.iter().filter(|s| s.device == device).peekable();
        if names.peek().is_none() {
            continue;
        }
        let _ = write!(out, " · <span class=\"{class}\">");
        if device {
            out.push_str("recorded on ");
        }
        for (k, s) in names.enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str(&s.shown);
        }
        out.push_str("</span>");
    }
    out.push_str("</summary>\n");
}

/// The summary line and the talk share chart: people's words as shares
/// of what people said; devices apart, in words.
fn summary(out: &mut String, t: &Transcript, speakers: &[Speaker]) {
    summary_line(out, t, speakers);
    let total: usize = speakers.iter().filter(|s| !s.device).map(|s| s.words).sum();
    if total > 0 {
        let mut share: Vec<&Speaker> = speakers.iter().filter(|s| !s.device).collect();
        share.sort_by(|a, b| b.words.cmp(&a.words).then(a.name.cmp(b.name)));
        out.push_str(
            "<div class=\"talk-share\" role=\"img\" aria-label=\"Words spoken per person\">\n",
        );
        for s in share {
            let w = s.words;
            let pct = (w as f64) * 100.0 / (total as f64);
            let _ = writeln!(
                out,
                "<div class=\"share-row\"><span class=\"share-name speaker-{c}\">{n}</span><span class=\"share-bar\"><span class=\"share-fill speaker-{c}\" style=\"width:{pct:.1}%\"></span></span><span class=\"share-pct\">{pct:.0}% · {w} words</span></div>",
                c = s.colour,
                n = s.shown,
            );
        }
        out.push_str("</div>\n");
    }
    let devices: Vec<&Speaker> = speakers
        .iter()
        .filter(|s| s.device && s.words > 0)
        .collect();
    if !devices.is_empty() {
        out.push_str("<p class=\"device-share\">Recording devices, not counted as people: ");
        for (k, s) in devices.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            let _ = write!(
                out,
                "<span class=\"device-name\">{}</span> <span class=\"device-words\">({} words)</span>",
                s.shown, s.words
            );
        }
        out.push_str("</p>\n");
    }
}

/// The find box and the speaker filter, hidden until `transcript.js`
/// shows them (they need it).
fn tools(out: &mut String, speakers: &[Speaker]) {
    out.push_str("<div class=\"transcript-tools\" hidden>\n<div class=\"tt-find\"><label for=\"transcript-find\">Find in transcript</label> <input type=\"search\" id=\"transcript-find\" autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"transcript-find-count\"> <button type=\"button\" class=\"tt-prev\" aria-label=\"Previous match\" title=\"Previous match (Shift+Enter)\">↑</button><button type=\"button\" class=\"tt-next\" aria-label=\"Next match\" title=\"Next match (Enter)\">↓</button> <span class=\"tt-count\" id=\"transcript-find-count\" role=\"status\" aria-live=\"polite\"></span></div>\n");
    if speakers.len() > 1 {
        out.push_str("<fieldset class=\"tt-speakers\"><legend>Show turns of</legend>");
        for (k, s) in speakers.iter().enumerate() {
            let _ = write!(
                out,
                "<label class=\"speaker-{c}\"><input type=\"checkbox\" value=\"{k}\" checked> {n}</label>",
                c = s.colour,
                n = s.shown,
            );
        }
        out.push_str("</fieldset>\n");
    }
    out.push_str("</div>\n");
}

/// A line that did not parse: an `<li>` of its own, as written.
fn unparsed_html(out: &mut String, turn: &Turn) {
    out.push_str("<li class=\"turn unparsed\" id=\"");
    esc_into(out, &turn.id);
    out.push_str("\"><span class=\"turn-text\">");
    esc_into(out, &turn.text);
    out.push_str("</span></li>\n");
}

/// The head of a group of turns: the speaker (linked to their page) and,
/// when it is not the speaker, the source the recorder knew.
fn group_head(out: &mut String, turn: &Turn, k: usize, sp: &Speaker) {
    let _ = write!(
        out,
        "<li class=\"turn-group speaker-{}\" data-s=\"{k}\"><div class=\"turn-head\">",
        sp.colour
    );
    match &sp.href {
        Some(h) => {
            out.push_str("<a class=\"speaker\" href=\"");
            out.push_str(h);
            out.push_str("\">");
            out.push_str(&sp.shown);
            out.push_str("</a>");
        }
        None => {
            out.push_str(if turn.is_person {
                "<span class=\"speaker\">"
            } else {
                "<span class=\"speaker device\">"
            });
            out.push_str(&sp.shown);
            out.push_str("</span>");
        }
    }
    if turn.source != turn.speaker {
        out.push_str(if turn.is_person {
            " <span class=\"source\">("
        } else {
            " <span class=\"source\">via "
        });
        esc_into(out, &turn.source);
        out.push_str(if turn.is_person {
            ")</span>"
        } else {
            "</span>"
        });
    }
    out.push_str("</div>\n");
}

/// One parsed turn inside its group: its time (a self-link) and its text.
fn turn_html(out: &mut String, turn: &Turn) {
    out.push_str("<div class=\"turn\" id=\"");
    esc_into(out, &turn.id);
    out.push_str("\"><a class=\"turn-time\" href=\"#");
    esc_into(out, &turn.id);
    out.push_str("\">");
    esc_into(
        out,
        turn.stamp.split(['.', ',']).next().unwrap_or(&turn.stamp),
    );
    out.push_str("</a> <span class=\"turn-text\">");
    transcript::noise_runs(&turn.text, |run, noise| {
        if noise {
            out.push_str("<span class=\"noise\">");
            esc_into(out, run);
            out.push_str("</span>");
        } else {
            esc_into(out, run);
        }
    });
    out.push_str("</span></div>\n");
}

/// The transcript of note `note` as HTML, seen from the page at `from`.
pub fn render(t: &Transcript, r: &Renderer, from: &str, note: usize) -> String {
    let _ = note;
    let (speakers, index) = speakers(t, r, from);
    let widest = speakers
        .iter()
        .map(|s| s.shown.len() + s.href.as_ref().map_or(0, String::len))
        .max()
        .unwrap_or(0);
    let size: usize = t
        .turns
        .iter()
        .map(|x| x.text.len() + x.source.len() + 2 * x.id.len() + x.stamp.len())
        .sum();
    let mut out = String::with_capacity(
        size + (size >> 4) + t.turns.len() * 120 + speakers.len() * (widest + 600) + 2048,
    );
    if !t.inline {
        out.push_str("<a class=\"transcript-skip\" href=\"#after-transcript\">Skip past the transcript</a>\n");
    }
    summary(&mut out, t, &speakers);
    if t.inline {
        out.push_str("</details>\n");
        return out;
    }
    tools(&mut out, &speakers);
    out.push_str("<ol class=\"turns\">\n");
    // the group open: its speaker and source
    let mut open: Option<(usize, &str)> = None;
    for turn in &t.turns {
        let k = index
            .get(turn.speaker.as_str())
            .copied()
            .filter(|_| turn.parsed);
        let Some(k) = k else {
            if open.take().is_some() {
                out.push_str("</li>\n");
            }
            unparsed_html(&mut out, turn);
            continue;
        };
        if open != Some((k, turn.source.as_str())) {
            if open.is_some() {
                out.push_str("</li>\n");
            }
            group_head(&mut out, turn, k, &speakers[k]);
            open = Some((k, turn.source.as_str()));
        }
        turn_html(&mut out, turn);
    }
    if open.is_some() {
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n<p class=\"transcript-end\"><button type=\"button\" class=\"transcript-collapse\" hidden>Collapse the transcript</button></p>\n</details>\n");
    let parsed = t.turns.iter().filter(|t| t.parsed).count();
    let _ = writeln!(
        out,
        "<p class=\"transcript-print-note\">The transcript ({parsed} turns) was left out of this printout: open it on the page, then print, to include it.</p>"
    );
    out.push_str("<div id=\"after-transcript\" tabindex=\"-1\"></div>\n");
    out
}
