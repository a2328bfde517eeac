//! A canvas drawn as a static, zoomable board.
//!
//! Takes a parsed [`Canvas`] and the page it is drawn on; gives HTML: a
//! stage as wide as the page (at least 45% of the canvas's own size, so it
//! scrolls rather than shrinks to nothing), whose cards are placed with
//! percentages of the canvas's bounding box and whose text is sized in
//! container units, so the whole board scales as one; groups behind, edges
//! in an SVG (cubic curves, arrowheads, labels), cards in front. Colours
//! are classes (`canvas-c1`…`canvas-c6`, Obsidian's presets mapped to the
//! theme's palette) or a `--node-color` of the card. Text cards are Markdown
//! rendered by the notes' renderer ([`BoardEnv`]) and sanitised; file cards
//! show the note's title and opening words, an image, or a link; cards of an
//! unknown type show their text as written. `minutebook.js` adds zoom
//! buttons, Ctrl+wheel zoom and drag to pan.

use crate::model::Target;
use crate::parse::canvas::{Canvas, Color, Edge, Node, NodeKind, Side};
use crate::parse::markdown::{self, escape_html as esc};
use crate::render::board_env::{BoardEnv, notices};
use crate::render::{Renderer, is_image, sanitize, unlink_remote_images};
use std::cell::Cell;
use std::fmt::Write;

/// Space around the cards, in canvas pixels.
const PAD: f64 = 40.0;
/// How many characters of a note a file card shows.
const EXCERPT: usize = 280;

/// A number as CSS and SVG take it: at most two decimals.
fn num(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// The class and style a colour gives.
fn colour(c: &Option<Color>) -> (String, String) {
    match c {
        Some(Color::Preset(n)) => (format!(" canvas-c{n}"), String::new()),
        Some(Color::Hex(h)) => (" canvas-hex".into(), format!(";--node-color:{h}")),
        None => (String::new(), String::new()),
    }
}

/// The HTML of canvas `c` (board `b`) on the page at `from`.
pub(crate) fn html(r: &Renderer, b: usize, c: &Canvas, from: &str) -> String {
    let (l, t, right, bottom) = c.bounds();
    let (w, h) = (right - l + 2.0 * PAD, bottom - t + 2.0 * PAD);
    let (ox, oy) = (PAD - l, PAD - t);
    let mut s = notices(
        &c.issues
            .iter()
            .map(|i| i.message.clone())
            .collect::<Vec<_>>(),
    );
    let title = &r.site().boards[b].title;
    let _ = write!(
        s,
        "<figure class=\"canvas\" style=\"--cw:{};--ch:{}\">\n<div class=\"canvas-tools\" hidden><button type=\"button\" data-zoom=\"out\" aria-label=\"Zoom out\" title=\"Zoom out\">−</button><button type=\"button\" data-zoom=\"fit\" aria-label=\"Fit to width\" title=\"Fit to width\">Fit</button><button type=\"button\" data-zoom=\"in\" aria-label=\"Zoom in\" title=\"Zoom in\">+</button></div>\n<div class=\"canvas-viewport\" tabindex=\"0\" role=\"group\" aria-label=\"Canvas {}\">\n<div class=\"canvas-stage\">\n",
        num(w),
        num(h),
        esc(title)
    );
    let place = |n: &Node| {
        format!(
            "--x:{};--y:{};--w:{};--h:{}",
            num(n.x + ox),
            num(n.y + oy),
            num(n.width),
            num(n.height)
        )
    };
    // groups behind everything
    for n in &c.nodes {
        if let NodeKind::Group { label, background } = &n.kind {
            let (class, style) = colour(&n.color);
            let _ = write!(
                s,
                "<div class=\"canvas-node canvas-group{class}\" data-id=\"{}\" style=\"{}{style}\">",
                esc(&n.id),
                place(n)
            );
            if let Some(bg) = background {
                if let Target::Attachment(a) = r.site().boards[b].target(bg) {
                    let att = &r.site().attachments[a];
                    let _ = write!(
                        s,
                        "<img class=\"canvas-group-bg\" src=\"{}\" alt=\"\" loading=\"lazy\">",
                        esc(&r.href(from, &att.url))
                    );
                }
            }
            if let Some(label) = label {
                let _ = write!(
                    s,
                    "<span class=\"canvas-group-label\">{}</span>",
                    esc(label)
                );
            }
            s.push_str("</div>\n");
        }
    }
    // edges between the groups and the cards
    let _ = write!(
        s,
        "<svg class=\"canvas-edges\" viewBox=\"0 0 {} {}\" preserveAspectRatio=\"none\">",
        num(w),
        num(h)
    );
    for e in &c.edges {
        edge(&mut s, &c.nodes[e.from], &c.nodes[e.to], e, ox, oy);
    }
    s.push_str("</svg>\n");
    for n in &c.nodes {
        if matches!(n.kind, NodeKind::Group { .. }) {
            continue;
        }
        let (mut class, style) = colour(&n.color);
        let body = card(r, b, n, from, &mut class);
        let _ = writeln!(
            s,
            "<div class=\"canvas-node{class}\" data-id=\"{}\" style=\"{}{style}\">{body}</div>",
            esc(&n.id),
            place(n)
        );
    }
    s.push_str("</div>\n</div>\n</figure>\n");
    s
}

/// The inside of a card; its kind's classes go to `class`.
fn card(r: &Renderer, b: usize, n: &Node, from: &str, class: &mut String) -> String {
    let site = r.site();
    match &n.kind {
        NodeKind::Text(t) => {
            class.insert_str(0, " canvas-text");
            let (raw, embeds) = (Cell::new(false), Cell::new(0));
            let html = markdown::render(t, &BoardEnv::new(r, b, from, &raw, &embeds));
            let html = if r.cfg.unsafe_html {
                html
            } else {
                sanitize(&html)
            };
            let html = if r.cfg.remote_images || !html.contains("<img") {
                html
            } else {
                unlink_remote_images(&html)
            };
            format!("<div class=\"canvas-card markdown\">{html}</div>")
        }
        NodeKind::File { file, subpath } => {
            class.insert_str(0, " canvas-file");
            let key = format!("{file}{}", subpath.as_deref().unwrap_or(""));
            let name = file.rsplit('/').next().unwrap_or(file);
            match site.boards[b].target(&key) {
                Target::Note { note, anchor } => {
                    let n = &site.notes[note];
                    let mut href = r.href(from, &n.url);
                    if let Some(a) = anchor {
                        href.push('#');
                        href.push_str(&crate::urls::encode_path(&a));
                    }
                    let text = n.text_in(&site.store);
                    // the note's words after its title
                    let text = text.trim_start();
                    let text = text.strip_prefix(n.title.as_str()).unwrap_or(text);
                    let mut excerpt: String = text.chars().take(EXCERPT).collect();
                    if text.chars().nth(EXCERPT).is_some() {
                        excerpt.push('…');
                    }
                    format!(
                        "<a class=\"canvas-file-title\" href=\"{}\">{}</a><p class=\"canvas-excerpt\">{}</p>",
                        esc(&href),
                        esc(&n.title),
                        esc(excerpt.trim())
                    )
                }
                Target::Attachment(a) => {
                    let att = &site.attachments[a];
                    let href = r.href(from, &att.url);
                    if att.board.is_none() && is_image(&att.path) {
                        class.push_str(" canvas-image");
                        format!(
                            "<img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
                            esc(&href),
                            esc(name)
                        )
                    } else {
                        let download = if att.download {
                            format!(" download=\"{}\"", esc(name))
                        } else {
                            String::new()
                        };
                        format!(
                            "<a class=\"canvas-file-title\" href=\"{}\"{download}>{}</a>",
                            esc(&href),
                            esc(name)
                        )
                    }
                }
                _ => {
                    class.push_str(" unresolved");
                    format!(
                        "<span class=\"wikilink unresolved\" title=\"{}\">{}</span><p class=\"canvas-notice\">No file at this path in the vault.</p>",
                        esc(&format!("No note or file “{file}” in this vault")),
                        esc(file)
                    )
                }
            }
        }
        NodeKind::Link(url) => {
            class.insert_str(0, " canvas-link");
            let l = url.trim().to_ascii_lowercase();
            if l.starts_with("https://") || l.starts_with("http://") {
                format!(
                    "<a class=\"canvas-url\" href=\"{}\" rel=\"noopener nofollow\">{}</a>",
                    esc(url.trim()),
                    esc(url.trim())
                )
            } else {
                format!("<span class=\"canvas-url\">{}</span>", esc(url))
            }
        }
        NodeKind::Group { .. } => String::new(),
        NodeKind::Unknown { kind, text } => {
            class.insert_str(0, " canvas-unknown");
            let kind = if kind.is_empty() { "(none)" } else { kind };
            format!(
                "<p class=\"canvas-notice\">A card of a type minutebook does not draw ({}); its text as written:</p><pre>{}</pre>",
                esc(kind),
                esc(text)
            )
        }
    }
}

/// The point of a side of a node, and the direction out of it.
fn port(n: &Node, side: Side, ox: f64, oy: f64) -> ((f64, f64), (f64, f64)) {
    let (x, y) = (n.x + ox, n.y + oy);
    match side {
        Side::Top => ((x + n.width / 2.0, y), (0.0, -1.0)),
        Side::Bottom => ((x + n.width / 2.0, y + n.height), (0.0, 1.0)),
        Side::Left => ((x, y + n.height / 2.0), (-1.0, 0.0)),
        Side::Right => ((x + n.width, y + n.height / 2.0), (1.0, 0.0)),
    }
}

/// The side of `a` that faces `b`.
fn facing(a: &Node, b: &Node) -> Side {
    let dx = (b.x + b.width / 2.0) - (a.x + a.width / 2.0);
    let dy = (b.y + b.height / 2.0) - (a.y + a.height / 2.0);
    if dx.abs() >= dy.abs() {
        if dx >= 0.0 { Side::Right } else { Side::Left }
    } else if dy >= 0.0 {
        Side::Bottom
    } else {
        Side::Top
    }
}

/// An arrowhead with its tip at `tip`, pointing along `dir`.
fn arrow(tip: (f64, f64), dir: (f64, f64)) -> String {
    let len = (dir.0 * dir.0 + dir.1 * dir.1).sqrt().max(1e-9);
    let (ux, uy) = (dir.0 / len, dir.1 / len);
    let (bx, by) = (tip.0 - ux * 14.0, tip.1 - uy * 14.0);
    format!(
        "<path class=\"canvas-arrow\" d=\"M{} {}L{} {}L{} {}Z\"/>",
        num(tip.0),
        num(tip.1),
        num(bx - uy * 6.0),
        num(by + ux * 6.0),
        num(bx + uy * 6.0),
        num(by - ux * 6.0)
    )
}

/// One edge: a cubic curve between the two sides, arrowheads, label.
fn edge(s: &mut String, a: &Node, b: &Node, e: &Edge, ox: f64, oy: f64) {
    let (p0, n0) = port(a, e.from_side.unwrap_or_else(|| facing(a, b)), ox, oy);
    let (p3, n3) = port(b, e.to_side.unwrap_or_else(|| facing(b, a)), ox, oy);
    let d = ((p3.0 - p0.0).powi(2) + (p3.1 - p0.1).powi(2)).sqrt();
    let k = (d * 0.4).clamp(30.0, 160.0);
    let p1 = (p0.0 + n0.0 * k, p0.1 + n0.1 * k);
    let p2 = (p3.0 + n3.0 * k, p3.1 + n3.1 * k);
    let (class, style) = colour(&e.color);
    let style = if style.is_empty() {
        String::new()
    } else {
        format!(" style=\"{}\"", &style[1..])
    };
    let _ = write!(
        s,
        "<g class=\"canvas-edge{class}\" data-id=\"{}\"{style}><path class=\"canvas-line\" d=\"M{} {}C{} {} {} {} {} {}\"/>",
        esc(&e.id),
        num(p0.0),
        num(p0.1),
        num(p1.0),
        num(p1.1),
        num(p2.0),
        num(p2.1),
        num(p3.0),
        num(p3.1)
    );
    if e.to_arrow {
        s.push_str(&arrow(p3, (p3.0 - p2.0, p3.1 - p2.1)));
    }
    if e.from_arrow {
        s.push_str(&arrow(p0, (p0.0 - p1.0, p0.1 - p1.1)));
    }
    if let Some(label) = &e.label {
        let mx = (p0.0 + 3.0 * p1.0 + 3.0 * p2.0 + p3.0) / 8.0;
        let my = (p0.1 + 3.0 * p1.1 + 3.0 * p2.1 + p3.1) / 8.0;
        let _ = write!(
            s,
            "<text class=\"canvas-edge-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"middle\">{}</text>",
            num(mx),
            num(my),
            esc(label)
        );
    }
    s.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.5), "0.5");
    }
}
