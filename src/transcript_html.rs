//! How a transcript renders: a collapsed, speaker-attributed `<details>`.
//!
//! Takes a parsed [`Transcript`]; gives HTML: a `<details class="transcript">`
//! whose summary shows the turn count, the duration and the speakers, a talk
//! share bar chart (words spoken per speaker), and one `.turn` element per
//! line with a self-link id from its timestamp, the speaker (linked to their
//! person page, with a stable colour) and the text, noise tokens muted.
//! Built with one pass over the turns and plain string pushes: linear time,
//! no syntax highlighting.

use crate::markdown::escape_html as esc;
use crate::render::Renderer;
use crate::transcript::{self, Transcript};
use std::collections::BTreeMap;
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

/// The transcript of note `note` as HTML, seen from the page at `from`.
pub fn render(t: &Transcript, r: &Renderer, from: &str, note: usize) -> String {
    let _ = note;
    let mut words: BTreeMap<&str, usize> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut hrefs: BTreeMap<&str, Option<String>> = BTreeMap::new();
    for turn in t.turns.iter().filter(|t| t.parsed) {
        let w = turn.text.split_whitespace().count();
        if !words.contains_key(turn.speaker.as_str()) {
            order.push(&turn.speaker);
            let href = if turn.is_person {
                r.person_href(from, &turn.speaker)
            } else {
                None
            };
            hrefs.insert(&turn.speaker, href);
        }
        *words.entry(&turn.speaker).or_default() += w;
    }
    let palette = colours(t);
    let colour = |s: &str| palette.get(s).copied().unwrap_or(0);
    let total: usize = words.values().sum();
    let parsed = t.turns.iter().filter(|t| t.parsed).count();
    let mut out =
        String::with_capacity(t.turns.iter().map(|x| x.text.len() + 160).sum::<usize>() + 1024);
    if t.inline {
        // minutes: the turns are the note's own paragraphs, drawn in place;
        // this card only sums them up
        out.push_str("<details class=\"transcript transcript-inline\" id=\"transcript\" open>\n<summary><span class=\"transcript-label\">Who spoke</span> ");
    } else {
        out.push_str("<details class=\"transcript\" id=\"transcript\">\n<summary><span class=\"transcript-label\">Transcript</span> ");
    }
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
    if !order.is_empty() {
        out.push_str(" · <span class=\"transcript-speakers\">");
        for (k, s) in order.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str(&esc(s));
        }
        out.push_str("</span>");
    }
    out.push_str("</summary>\n");
    // talk share
    if total > 0 {
        let mut share: Vec<(&str, usize)> = words.iter().map(|(k, v)| (*k, *v)).collect();
        share.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out.push_str(
            "<div class=\"talk-share\" role=\"img\" aria-label=\"Words spoken per speaker\">\n",
        );
        for (s, w) in share {
            let pct = (w as f64) * 100.0 / (total as f64);
            let _ = writeln!(
                out,
                "<div class=\"share-row\"><span class=\"share-name speaker-{c}\">{n}</span><span class=\"share-bar\"><span class=\"share-fill speaker-{c}\" style=\"width:{pct:.1}%\"></span></span><span class=\"share-pct\">{pct:.0}% · {w} words</span></div>",
                c = colour(s),
                n = esc(s),
            );
        }
        out.push_str("</div>\n");
    }
    if t.inline {
        out.push_str("</details>\n");
        return out;
    }
    out.push_str("<ol class=\"turns\">\n");
    for turn in &t.turns {
        if !turn.parsed {
            let _ = writeln!(
                out,
                "<li class=\"turn unparsed\" id=\"{}\"><span class=\"turn-text\">{}</span></li>",
                esc(&turn.id),
                esc(&turn.text)
            );
            continue;
        }
        let c = colour(&turn.speaker);
        let _ = write!(
            out,
            "<li class=\"turn speaker-{c}\" id=\"{id}\"><a class=\"turn-time\" href=\"#{id}\">{stamp}</a> ",
            id = esc(&turn.id),
            stamp = esc(turn.stamp.split(['.', ',']).next().unwrap_or(&turn.stamp)),
        );
        match hrefs.get(turn.speaker.as_str()).cloned().flatten() {
            Some(h) => {
                let _ = write!(
                    out,
                    "<a class=\"speaker\" href=\"{}\">{}</a>",
                    esc(&h),
                    esc(&turn.speaker)
                );
            }
            None => {
                let cls = if turn.is_person {
                    "speaker"
                } else {
                    "speaker device"
                };
                let _ = write!(out, "<span class=\"{cls}\">{}</span>", esc(&turn.speaker));
            }
        }
        if !turn.is_person && turn.source != turn.speaker {
            let _ = write!(
                out,
                " <span class=\"source\">via {}</span>",
                esc(&turn.source)
            );
        } else if turn.source != turn.speaker {
            let _ = write!(
                out,
                " <span class=\"source\">({})</span>",
                esc(&turn.source)
            );
        }
        out.push_str(" <span class=\"turn-text\">");
        for (seg, noise) in transcript::noise_segments(&turn.text) {
            if noise {
                let _ = write!(out, "<span class=\"noise\">{}</span>", esc(&seg));
            } else {
                out.push_str(&esc(&seg));
            }
        }
        out.push_str("</span></li>\n");
    }
    out.push_str("</ol>\n</details>\n");
    out
}
