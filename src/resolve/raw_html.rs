//! What the sanitiser will do to a note's raw HTML, said before it does it.
//!
//! Takes one snippet of raw HTML (as [`crate::parse::markdown::Analysis`]
//! finds them), whether `unsafe_html` is set and the `[embeds]` table; gives
//! what an author should be told: the kinds of markup removed (scripts,
//! event handlers, `javascript:` URLs, plugin frames, stylesheets, forms,
//! style properties other than colours and text styles) for an
//! `unsafe-html` warning, and each `<iframe>` that is shown as a link (for an
//! `iframe-blocked` warning). The sanitiser itself is [`crate::render::sanitize`]
//! and [`crate::html::web::frames`].

use crate::config::Embeds;
use crate::html::{css, web};
use regex::Regex;
use std::sync::LazyLock;

/// The kinds of markup of `lower` (a snippet, lowercased) the sanitiser removes.
pub fn removed(lower: &str) -> Vec<&'static str> {
    let has = |tags: &[&str]| {
        tags.iter().any(|t| {
            lower.match_indices(t).any(|(at, _)| {
                lower[at + t.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
            })
        })
    };
    let mut what = Vec::new();
    if has(&["<script"]) {
        what.push("<script> elements");
    }
    if has_event_handler(lower) {
        what.push("event handlers (on…=)");
    }
    if lower.contains("javascript:") {
        what.push("javascript: URLs");
    }
    if has(&["<object", "<embed", "<frame", "<frameset", "<applet"]) {
        what.push("<object>, <embed> and <frame> elements");
    }
    if has(&["<style", "<link", "<meta", "<base"]) {
        what.push("<style>, <link>, <meta> and <base> elements");
    }
    if has(&["<form", "<button", "<textarea", "<select"]) {
        what.push("forms and their controls");
    }
    if STYLE_ATTR.captures_iter(lower).any(|c| {
        let v = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
        css::drops_some(v)
    }) {
        what.push("style properties other than colours and text styles");
    }
    what
}

/// A `style` attribute and its quoted value.
#[allow(clippy::expect_used)]
static STYLE_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"[\s"'/]style\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("static regex")
});

/// An `<iframe>` start tag's `src`, however quoted.
#[allow(clippy::expect_used)]
static IFRAME_SRC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?is)<iframe\b([^>]*)>"#).expect("static regex"));

#[allow(clippy::expect_used)]
static SRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)(?:^|\s)src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#)
        .expect("static regex")
});

/// For each `<iframe>` of `snippet` shown as a link, why, as a message.
pub fn blocked_frames(snippet: &str, embeds: &Embeds) -> Vec<String> {
    IFRAME_SRC
        .captures_iter(snippet)
        .filter_map(|c| {
            let src = SRC
                .captures(&c[1])
                .and_then(|s| s.get(1).or(s.get(2)).or(s.get(3)))
                .map(|m| m.as_str().replace("&amp;", "&"));
            // a script or data URL the sanitiser drops: no source left
            let Some(src) = src.filter(|s| {
                let l = s.trim().to_ascii_lowercase();
                !(l.is_empty() || ["javascript:", "vbscript:", "data:"].iter().any(|p| l.starts_with(p)))
            }) else {
                return Some("an <iframe> with no source is removed; a notice stands in its place".into());
            };
            match web::https_host(&src) {
                Some(h) if embeds.allows(&h) => None,
                // a known video player: a click-to-load card, nothing lost
                _ if web::video(&src).is_some() => None,
                Some(h) => Some(format!(
                    "an <iframe> from {h} is shown as a link; allow its host with [embeds] iframe_hosts in site.toml"
                )),
                None => Some(format!(
                    "an <iframe> of {} is shown as a link; only https:// frames can be allowed",
                    src.trim()
                )),
            }
        })
        .collect()
}

/// Whether `lower` holds an `on…=` attribute.
pub fn has_event_handler(lower: &str) -> bool {
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(p) = lower[i..].find("on") {
        let s = i + p;
        let before_ok =
            s > 0 && (b[s - 1].is_ascii_whitespace() || b[s - 1] == b'/' || b[s - 1] == b'"');
        let mut j = s + 2;
        while j < b.len() && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if before_ok && j > s + 2 && b.get(j) == Some(&b'=') {
            return true;
        }
        i = s + 2;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_removal_is_named() {
        assert_eq!(removed("<script>x</script>"), ["<script> elements"]);
        assert_eq!(
            removed("<img src=x onerror=\"y\">"),
            ["event handlers (on…=)"]
        );
        assert_eq!(
            removed("<span style=\"color: red; position: fixed\">x</span>"),
            ["style properties other than colours and text styles"]
        );
        assert!(removed("<span style=\"color: red\">x</span>").is_empty());
        assert!(removed("<font color=\"red\">x</font>").is_empty());
        assert_eq!(
            removed("<form><button>go</button></form>"),
            ["forms and their controls"]
        );
        assert_eq!(
            removed("<style>p{}</style>"),
            ["<style>, <link>, <meta> and <base> elements"]
        );
        assert!(removed("<details><summary>s</summary></details>").is_empty());
        assert!(removed("<iframe src=\"https://a.example/\"></iframe>").is_empty());
    }

    #[test]
    fn frames_are_blocked_unless_allowed_or_a_known_video() {
        let e = Embeds {
            iframe_hosts: vec!["maps.example.org".into()],
        };
        assert!(
            blocked_frames("<iframe src=\"https://maps.example.org/x\"></iframe>", &e).is_empty()
        );
        assert!(
            blocked_frames(
                "<iframe src='https://www.youtube.com/embed/aBcDeFgHiJ0'>",
                &e
            )
            .is_empty()
        );
        assert_eq!(
            blocked_frames(
                "<IFRAME width=1 SRC=https://board.example.com/b?a=1&amp;b=2>",
                &e
            ),
            [
                "an <iframe> from board.example.com is shown as a link; allow its host with [embeds] iframe_hosts in site.toml"
            ]
        );
        assert_eq!(
            blocked_frames("<iframe src=\"http://maps.example.org/x\">", &e),
            [
                "an <iframe> of http://maps.example.org/x is shown as a link; only https:// frames can be allowed"
            ]
        );
    }
}
