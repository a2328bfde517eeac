//! The dialect's shared definitions, used by every parser and by the HTML
//! writers: the comrak options every note is parsed with, the heading type
//! and Obsidian's heading key, the characters of a `#tag`, HTML escaping.
//! A leaf: it imports nothing of the crate.

use comrak::Options;

/// The comrak options every note is parsed with.
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.wikilinks_title_after_pipe = true;
    o.extension.ofm_callouts = true;
    o.extension.highlight = true;
    o.extension.math_dollars = true;
    o.parse.relaxed_tasklist_matching = true;
    // raw HTML is passed to the sanitiser (or through, with unsafe_html)
    o.render.r#unsafe = true;
    o
}

/// A heading of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its plain text.
    pub text: String,
    /// The element id it renders with.
    pub id: String,
    /// 1-based line within the body.
    pub line: usize,
}

/// Obsidian's heading-link comparison key: lowercase, letters and digits only.
pub fn heading_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Whether `c` may appear in a `#tag` (after the `#`).
pub fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '/')
}

/// HTML-escape text for element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    escape_into(&mut o, s);
    o
}

/// [`escape_html`], pushed onto `out`.
pub fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}
