//! Markdown: comrak with Obsidian's extensions, analysed and rendered.
//!
//! [`analyze`] takes a note body and gives plain data for the resolve stage:
//! title, headings and their ids, block ids, wikilinks with line and context,
//! inline tags, task items and raw HTML. [`render`] takes the same body and a
//! [`LinkEnv`] (which knows where every link goes) and gives HTML. Both parse
//! with the same [`options`], so what resolve saw is what render draws.

use crate::parse::infer::minutes::{Candidate, Style};
use crate::parse::obsidian;
pub use crate::parse::syntax::{
    Heading, escape_html, escape_into, heading_key, is_tag_char, options,
};
use comrak::html::ChildRendering;
use comrak::nodes::{AstNode, CalloutFold, NodeLink, NodeValue};
use comrak::{Arena, Options, create_formatter, parse_document};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt::Write as _;

/// A wikilink or embed in a note body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    /// Raw target, before `|`.
    pub target: String,
    /// Text after `|`, if any.
    pub alias: Option<String>,
    /// `![[…]]`.
    pub embed: bool,
    /// 1-based line within the body.
    pub line: usize,
    /// 1-based column within the line.
    pub col: usize,
    /// The sentence or list item around the link, as plain text.
    pub context: String,
}

/// A task list item (`- [ ] …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskItem {
    /// The character between the brackets (' ' when open).
    pub marker: char,
    /// The item's first paragraph as written, after the checkbox, without
    /// HTML comments.
    pub raw: String,
    /// 1-based line within the body.
    pub line: usize,
}

/// An item of a section whose heading is one of those asked for
/// ([`analyze_items`]): a list item's first paragraph, or a paragraph of a
/// section that holds no list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRaw {
    /// Which of the heading lists asked for named the section.
    pub kind: usize,
    /// The paragraph as written, its lines joined by a space, without
    /// HTML comments.
    pub raw: String,
    /// 1-based line within the body.
    pub line: usize,
    /// The id of the section's heading.
    pub anchor: String,
}

/// What [`analyze`] finds in a body.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The first `# ` heading's text.
    pub title: Option<String>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// It holds a mermaid diagram (a ```` ```mermaid ```` fence).
    pub diagram: bool,
    /// Every `^block-id`.
    pub block_ids: Vec<String>,
    /// Every wikilink and embed, in order.
    pub links: Vec<BodyLink>,
    /// Inline `#tags` with their line.
    pub tags: Vec<(String, usize)>,
    /// Task list items.
    pub tasks: Vec<TaskItem>,
    /// Callout types with their line.
    pub callouts: Vec<(String, usize)>,
    /// Raw HTML snippets with their line.
    pub html: Vec<(String, usize)>,
    /// Formulas that cannot be drawn: line, column and why
    /// ([`crate::parse::math::check`]).
    pub math_errors: Vec<(usize, usize, String)>,
    /// Plain text of the body (for search and summaries).
    pub text: String,
    /// Relative URLs of Markdown links and images (`[x](files/a.pdf)`), with their line.
    pub local_urls: Vec<(String, usize, usize)>,
    /// Paragraphs that may open a turn of speech (speaker-attributed minutes).
    pub speaker_candidates: Vec<Candidate>,
    /// Attendees and role lines the body lists.
    pub people: crate::parse::infer::people::Found,
    /// Items of the sections asked for ([`analyze_items`]), in order.
    pub items: Vec<ItemRaw>,
}

/// Whether a Markdown link URL points into the vault (no scheme, not a fragment).
pub fn is_local_url(url: &str) -> bool {
    !(url.is_empty()
        || url == "#"
        || url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }))
}

/// Whether an image URL names another site (`https://…`, `//host/…`): showing
/// it would fetch from there when the page is opened. `data:` is not.
pub fn is_remote_url(url: &str) -> bool {
    let u = url.trim();
    u.starts_with("//")
        || u.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !scheme.eq_ignore_ascii_case("data")
        })
}

fn parse<'a>(arena: &'a Arena<'a>, body: &str, opts: &Options) -> &'a AstNode<'a> {
    let root = parse_document(arena, body, opts);
    coalesce_text(root);
    root
}

/// Merge adjacent text nodes, so that `#my_tag` or `^id` is one string.
fn coalesce_text<'a>(root: &'a AstNode<'a>) {
    let nodes: Vec<_> = root.descendants().collect();
    for n in nodes {
        if n.parent().is_none() && !std::ptr::eq(n, root) {
            continue; // detached earlier
        }
        let is_text = matches!(n.data().value, NodeValue::Text(_));
        if !is_text {
            continue;
        }
        while let Some(next) = n.next_sibling() {
            let more = match &next.data().value {
                NodeValue::Text(t) => t.to_string(),
                _ => break,
            };
            {
                let mut d = n.data_mut();
                if let NodeValue::Text(t) = &mut d.value {
                    t.to_mut().push_str(&more);
                }
                let end = next.data().sourcepos.end;
                d.sourcepos.end = end;
            }
            next.detach();
        }
    }
}

/// Plain text of a node and its descendants (links shown as their label).
pub fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut s = String::new();
    collect_text(node, &mut s, None, &mut None);
    s
}

fn collect_text<'a>(
    node: &'a AstNode<'a>,
    out: &mut String,
    mark: Option<&'a AstNode<'a>>,
    at: &mut Option<usize>,
) {
    if let Some(m) = mark {
        if std::ptr::eq(m, node) {
            *at = Some(out.len());
        }
    }
    if let NodeValue::WikiLink(w) = &node.data().value {
        let label: String = node.children().map(plain_text).collect();
        let (target, _) = obsidian::split_alias(&w.url);
        if label.trim().is_empty() || label.trim() == w.url.trim() {
            out.push_str(&obsidian::display_target(&target));
        } else {
            out.push_str(label.trim());
        }
        return;
    }
    match &node.data().value {
        NodeValue::Text(t) => out.push_str(t),
        NodeValue::Code(c) => out.push_str(&c.literal),
        NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
        NodeValue::Math(m) => out.push_str(&m.literal),
        NodeValue::CodeBlock(c) => {
            out.push_str(&c.literal);
            out.push('\n');
        }
        NodeValue::HtmlInline(h) if !is_html(h) => out.push_str(h),
        NodeValue::HtmlBlock(h) if !is_html(&h.literal) => out.push_str(&h.literal),
        NodeValue::HtmlInline(_) | NodeValue::HtmlBlock(_) => {}
        _ => {}
    }
    for c in node.children() {
        collect_text(c, out, mark, at);
    }
    let d = &node.data().value;
    if d.block() && !out.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
}

/// The sentence (or list item) of `block` that holds `link`.
fn link_context<'a>(link: &'a AstNode<'a>) -> String {
    let mut block = link;
    while let Some(p) = block.parent() {
        block = p;
        if matches!(
            block.data().value,
            NodeValue::Paragraph
                | NodeValue::TableCell
                | NodeValue::Heading(_)
                | NodeValue::CalloutTitle
        ) {
            break;
        }
    }
    let in_item = block
        .parent()
        .map(|p| matches!(p.data().value, NodeValue::Item(_) | NodeValue::TaskItem(_)))
        .unwrap_or(false);
    let mut text = String::new();
    let mut at = None;
    collect_text(block, &mut text, Some(link), &mut at);
    let text = text.trim_end().to_string();
    let at = at.unwrap_or(0).min(text.len());
    let (start, end) = if in_item {
        (0, text.len())
    } else {
        sentence_bounds(&text, at)
    };
    let s = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    truncate_chars(&s, 300)
}

fn sentence_bounds(text: &str, at: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = at;
    while i > 0 {
        i -= 1;
        if matches!(b[i], b'.' | b'!' | b'?' | b'\n')
            && b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())
        {
            start = i + 1;
            break;
        }
    }
    let mut end = text.len();
    let mut j = at;
    while j < b.len() {
        if matches!(b[j], b'.' | b'!' | b'?')
            && b.get(j + 1).is_none_or(|c| c.is_ascii_whitespace())
        {
            end = j + 1;
            break;
        }
        if b[j] == b'\n' {
            end = j;
            break;
        }
        j += 1;
    }
    (start, end.max(start))
}

/// At most `n` characters, with an ellipsis when cut.
pub fn truncate_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
        None => s.to_string(),
    }
}

/// Element names of HTML (and the SVG and MathML roots) that raw HTML in a
/// note may use. A tag with another name (`<in chat>`, `<TL to fill in>`) is
/// prose that happens to sit in angle brackets: it is shown as written.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "math",
    "menu",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
    "frame",
    "frameset",
    "noframes",
    "marquee",
    "blink",
    "nobr",
    "big",
    "acronym",
    "applet",
    "basefont",
    "plaintext",
    "image",
    "portal",
    "fencedframe",
];

/// Whether raw HTML as comrak found it starts with real HTML: a comment, a
/// declaration, a processing instruction, CDATA, a known element or a custom
/// element (a name with a `-`). Anything else is text in angle brackets.
pub fn is_html(raw: &str) -> bool {
    let t = raw.trim_start();
    let Some(rest) = t.strip_prefix('<') else {
        return true;
    };
    if rest.starts_with(['!', '?']) {
        return true;
    }
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        return true;
    }
    if name.contains('-') {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    HTML_ELEMENTS.contains(&lower.as_str())
}

/// The length of the HTML comment at the start of `s`, as an HTML parser
/// reads it: `<!-->` and `<!--->` are whole comments; otherwise it ends at
/// the first `-->` or `--!>`. None when `s` does not open one, or it is not
/// closed.
pub fn comment_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("<!--")?;
    if rest.starts_with('>') {
        return Some(5);
    }
    if rest.starts_with("->") {
        return Some(6);
    }
    let end = [
        rest.find("-->").map(|k| k + 3),
        rest.find("--!>").map(|k| k + 4),
    ]
    .into_iter()
    .flatten()
    .min()?;
    Some(4 + end)
}

/// Whether raw HTML is nothing but comments and whitespace.
pub fn only_comments(raw: &str) -> bool {
    let mut rest = raw.trim_start();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let Some(n) = comment_len(rest) else {
            return false;
        };
        rest = rest[n..].trim_start();
    }
    true
}

fn is_in<'a>(node: &'a AstNode<'a>, pred: impl Fn(&NodeValue) -> bool) -> bool {
    let mut n = node.parent();
    while let Some(p) = n {
        if pred(&p.data().value) {
            return true;
        }
        n = p.parent();
    }
    false
}

fn tag_blocked(v: &NodeValue) -> bool {
    matches!(
        v,
        NodeValue::Link(_) | NodeValue::WikiLink(_) | NodeValue::Heading(_) | NodeValue::Image(_)
    )
}

/// Inline tags in a text: (byte start, byte end of `#tag`, normalised tag).
pub fn find_tags(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '#' && prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | ',' | ';')) {
            let rest = &text[i + 1..];
            let len: usize = rest
                .chars()
                .take_while(|&ch| is_tag_char(ch))
                .map(char::len_utf8)
                .sum();
            let raw = rest[..len].trim_end_matches('/');
            if let Some(tag) = obsidian::normalize_tag(raw) {
                let end = i + 1 + raw.len();
                out.push((i, end, tag));
                while it.peek().is_some_and(|(j, _)| *j < end) {
                    it.next();
                }
                prev = text[..end].chars().last();
                continue;
            }
        }
        prev = Some(c);
    }
    out
}

/// `… ^block-id` at the end of a text: (text without it, id).
fn split_block_id(s: &str) -> Option<(&str, &str)> {
    let t = s.trim_end();
    let p = t.rfind('^')?;
    let id = &t[p + 1..];
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let before = &t[..p];
    if !(before.is_empty() || before.ends_with(char::is_whitespace)) {
        return None;
    }
    Some((before.trim_end(), id))
}

/// Heading ids in document order, GitHub style and unique.
fn heading_ids<'a>(root: &'a AstNode<'a>) -> Vec<(&'a AstNode<'a>, u8, String, String)> {
    let mut anch = comrak::Anchorizer::new();
    let mut out = Vec::new();
    for n in root.descendants() {
        let level = match &n.data().value {
            NodeValue::Heading(h) => h.level,
            _ => continue,
        };
        let text = plain_text(n).trim().to_string();
        let mut id = anch.anchorize(&text);
        if id.is_empty() {
            id = anch.anchorize("section");
        }
        out.push((n, level, text, id));
    }
    out
}

/// Analyse a note body (comments already removed), reading inline `#tags`.
pub fn analyze(body: &str) -> Analysis {
    analyze_with(body, true)
}

/// Analyse a note body; `inline_tags` says whether `#word` is a tag.
pub fn analyze_with(body: &str, inline_tags: bool) -> Analysis {
    analyze_items(body, inline_tags, &[], None)
}

/// A heading's text as section names are matched: lower case, without
/// trailing `#tags`, a `^block-id` or a `:`.
pub fn section_name(text: &str) -> String {
    let mut t = text.trim();
    loop {
        let cut = match t.rsplit_once(char::is_whitespace) {
            Some((head, last)) if last.starts_with(['#', '^']) && last.len() > 1 => head,
            _ => break,
        };
        t = cut.trim_end();
    }
    t.trim_end_matches(':').trim_end().to_lowercase()
}

/// [`analyze_with`], also collecting [`Analysis::items`]: the items of the
/// sections whose heading is named in `sections[k]` (matched by
/// [`section_name`]), as kind `k`. A section's items also end at the line
/// `stop` (1-based; the transcript block's first line): what follows the
/// transcript is not the last section's.
pub fn analyze_items(
    body: &str,
    inline_tags: bool,
    sections: &[&[String]],
    stop: Option<usize>,
) -> Analysis {
    let arena = Arena::new();
    let opts = options();
    let root = parse(&arena, body, &opts);
    let lines: Vec<&str> = body.lines().collect();
    let mut a = Analysis::default();
    let wanted: Vec<Vec<String>> = sections
        .iter()
        .map(|names| names.iter().map(|n| section_name(n)).collect())
        .collect();
    let kind_of = |text: &str| {
        let name = section_name(text);
        wanted.iter().position(|w| w.contains(&name))
    };
    for (n, level, text, id) in heading_ids(root) {
        let line = n.data().sourcepos.start.line;
        if let Some(kind) = kind_of(&text) {
            let end = stop.filter(|&s| s > line).unwrap_or(usize::MAX);
            section_items(n, level, end, &lines, &kind_of, |raw, line| {
                a.items.push(ItemRaw {
                    kind,
                    raw,
                    line,
                    anchor: id.clone(),
                })
            });
        }
        if level == 1 && a.title.is_none() && !text.is_empty() {
            a.title = Some(text.clone());
        }
        a.headings.push(Heading {
            level,
            text,
            id,
            line,
        });
    }
    for n in root.descendants() {
        let pos = n.data().sourcepos;
        match &n.data().value {
            NodeValue::WikiLink(w) => {
                let label = plain_text(n);
                let (target, _) = obsidian::split_alias(&w.url);
                let alias = (label.trim() != w.url.trim() && !label.trim().is_empty())
                    .then(|| label.trim().to_string());
                a.links.push(BodyLink {
                    target,
                    alias,
                    embed: w.embed,
                    line: pos.start.line,
                    col: pos.start.column,
                    context: link_context(n),
                });
            }
            NodeValue::Paragraph => {
                if let Some((c, _)) = speaker_label(n) {
                    a.speaker_candidates.push(c);
                }
            }
            NodeValue::Text(t) => {
                if inline_tags && !is_in(n, tag_blocked) {
                    for (_, _, tag) in find_tags(t) {
                        a.tags.push((tag, pos.start.line));
                    }
                }
                if n.next_sibling().is_none() {
                    if let Some((_, id)) = split_block_id(t) {
                        a.block_ids.push(id.to_string());
                    }
                }
            }
            NodeValue::TaskItem(ti) => {
                let marker = ti.symbol.unwrap_or(' ');
                let para = n
                    .first_child()
                    .filter(|c| matches!(c.data().value, NodeValue::Paragraph));
                let raw = match para {
                    Some(p) => {
                        let sp = p.data().sourcepos;
                        source_slice(&lines, sp.start.line, sp.start.column, sp.end.line)
                    }
                    None => String::new(),
                };
                a.tasks.push(TaskItem {
                    marker,
                    // an HTML comment is not part of the task's text
                    raw: crate::parse::blocks::strip_html_comments(strip_checkbox(&raw))
                        .into_owned(),
                    line: pos.start.line,
                });
            }
            NodeValue::Link(l) | NodeValue::Image(l) if is_local_url(&l.url) => a
                .local_urls
                .push((l.url.clone(), pos.start.line, pos.start.column)),
            NodeValue::Callout(c) => a.callouts.push((c.callout_type.clone(), pos.start.line)),
            NodeValue::HtmlInline(h) => a.html.push((h.clone(), pos.start.line)),
            NodeValue::HtmlBlock(h) => a.html.push((h.literal.clone(), pos.start.line)),
            NodeValue::CodeBlock(cb)
                if cb
                    .info
                    .split_whitespace()
                    .next()
                    .is_some_and(|l| l.eq_ignore_ascii_case("mermaid")) =>
            {
                a.diagram = true;
            }
            NodeValue::Math(m) => {
                if let Some(why) = crate::parse::math::check(&m.literal) {
                    a.math_errors.push((pos.start.line, pos.start.column, why));
                }
            }
            _ => {}
        }
    }
    a.text = plain_text(root);
    a.people = crate::parse::infer::people::find(root);
    a
}

/// The items of the section that `heading` (of `level`) opens: the first
/// paragraph of each list item of its lists (not task items: those are
/// action items), or, when it holds no list, each of its paragraphs. The
/// section ends at a heading of the same or a higher level, at one that
/// opens a section of its own (`kind_of`), or at the line `end`.
fn section_items<'a>(
    heading: &'a AstNode<'a>,
    level: u8,
    end: usize,
    lines: &[&str],
    kind_of: &dyn Fn(&str) -> Option<usize>,
    mut push: impl FnMut(String, usize),
) {
    let mut listed: Vec<(String, usize)> = Vec::new();
    let mut paragraphs: Vec<(String, usize)> = Vec::new();
    let mut any_list = false;
    let mut next = heading.next_sibling();
    while let Some(n) = next {
        next = n.next_sibling();
        if n.data().sourcepos.start.line >= end {
            break;
        }
        match &n.data().value {
            NodeValue::Heading(h)
                if h.level <= level || kind_of(plain_text(n).trim()).is_some() =>
            {
                break;
            }
            NodeValue::List(_) => {
                any_list = true;
                for item in n.children() {
                    if !matches!(item.data().value, NodeValue::Item(_)) {
                        continue;
                    }
                    if let Some(p) = item
                        .first_child()
                        .filter(|c| matches!(c.data().value, NodeValue::Paragraph))
                    {
                        listed.extend(item_source(p, lines));
                    }
                }
            }
            NodeValue::Paragraph => paragraphs.extend(item_source(n, lines)),
            _ => {}
        }
    }
    for (raw, line) in if any_list { listed } else { paragraphs } {
        push(raw, line);
    }
}

/// A paragraph's source on one line (block-quote markers of its
/// continuation lines removed, HTML comments and a closing `^block-id`
/// too), with its first line;
/// `None` when nothing is left.
fn item_source<'a>(p: &'a AstNode<'a>, lines: &[&str]) -> Option<(String, usize)> {
    let sp = p.data().sourcepos;
    let mut parts: Vec<&str> = Vec::new();
    for l in sp.start.line..=sp.end.line.max(sp.start.line) {
        let Some(line) = lines.get(l.wrapping_sub(1)) else {
            break;
        };
        let mut s = if l == sp.start.line {
            line.get(sp.start.column.saturating_sub(1)..)
                .unwrap_or(line)
        } else {
            line
        };
        if l > sp.start.line
            && is_in(p, |v| {
                matches!(v, NodeValue::BlockQuote | NodeValue::Callout(_))
            })
        {
            s = s.trim_start().trim_start_matches(['>', ' ', '\t']);
        }
        parts.push(s.trim());
    }
    let joined = parts.join(" ");
    let raw = crate::parse::blocks::strip_html_comments(&joined);
    // a block id anchors the item on its own page, not in a list of many
    let raw = split_block_id(&raw).map_or(raw.trim(), |(t, _)| t.trim());
    (!raw.is_empty()).then(|| (raw.to_string(), sp.start.line))
}

/// Where a turn's label sits in its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelAt {
    /// The paragraph's first child is `**Label:**` / `**Label**` (then `:`).
    Strong,
    /// The first `n` bytes of the paragraph's first text node.
    Text(usize),
}

#[allow(clippy::expect_used)]
static ABBR_LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^([A-Z][A-Z0-9]{0,4}):[ \t]+\S").expect("static regex")
});
#[allow(clippy::expect_used)]
static NAME_LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(\p{L}[\p{L}\p{M}'’.\-]*(?: \p{L}[\p{L}\p{M}'’.\-]*){0,3}):[ \t]+\S")
        .expect("static regex")
});
#[allow(clippy::expect_used)]
static NAME_TIME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(\p{L}[\p{L}\p{M}'’.\-]*(?: \p{L}[\p{L}\p{M}'’.\-]*){0,3})[ \t]{1,4}(\d{1,2}:\d{2}(?::\d{2})?)[ \t]*$",
    )
    .expect("static regex")
});

/// The speaker label a paragraph opens with, if it has one: the candidate
/// (for [`crate::parse::infer::minutes::decide`]) and where the label sits.
fn speaker_label<'a>(para: &'a AstNode<'a>) -> Option<(Candidate, LabelAt)> {
    if is_in(para, |v| {
        matches!(
            v,
            NodeValue::Table(_) | NodeValue::Heading(_) | NodeValue::TaskItem(_)
        )
    }) {
        return None;
    }
    let line = para.data().sourcepos.start.line;
    let first = para.first_child()?;
    // the paragraph's words after the first `skip` bytes of its plain text
    let rest_text = |all: &str, skip: usize| -> String {
        all.get(skip..)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    match &first.data().value {
        NodeValue::Strong => {
            let inner = plain_text(first);
            let inner = inner.trim();
            let after = first.next_sibling().map(plain_text).unwrap_or_default();
            let (label, colon_inside) = match inner.strip_suffix(':') {
                Some(l) => (l.trim(), true),
                None => (inner, false),
            };
            if !colon_inside && !after.starts_with(':') {
                return None;
            }
            let words = label.split_whitespace().count();
            if label.is_empty()
                || words > 4
                || !label.chars().next().is_some_and(char::is_alphabetic)
                || label
                    .chars()
                    .any(|c| matches!(c, '[' | ']' | '(' | ')' | '`' | '/'))
            {
                return None;
            }
            let all = plain_text(para);
            let skip = all.find(':').map_or(0, |i| i + 1);
            Some((
                Candidate {
                    line,
                    label: label.to_string(),
                    style: Style::Bold,
                    text: rest_text(&all, skip),
                    stamp: None,
                },
                LabelAt::Strong,
            ))
        }
        NodeValue::Text(t) => {
            let first_line = t.split('\n').next().unwrap_or("");
            let only_line = first.next_sibling().is_none_or(|n| {
                matches!(n.data().value, NodeValue::SoftBreak | NodeValue::LineBreak)
            });
            if let Some(c) = ABBR_LABEL.captures(first_line) {
                let label = c.get(1)?.as_str();
                return Some((
                    Candidate {
                        line,
                        label: label.to_string(),
                        style: Style::Abbr,
                        text: rest_text(&plain_text(para), label.len() + 1),
                        stamp: None,
                    },
                    LabelAt::Text(label.len()),
                ));
            }
            if only_line {
                if let Some(c) = NAME_TIME.captures(first_line) {
                    let label = c.get(1)?.as_str();
                    let stamp = c.get(2)?.as_str();
                    return Some((
                        Candidate {
                            line,
                            label: label.to_string(),
                            style: Style::NameTime,
                            text: rest_text(&plain_text(para), first_line.len()),
                            stamp: Some(stamp.to_string()),
                        },
                        LabelAt::Text(first_line.trim_end().len()),
                    ));
                }
            }
            let c = NAME_LABEL.captures(first_line)?;
            let label = c.get(1)?.as_str();
            Some((
                Candidate {
                    line,
                    label: label.to_string(),
                    style: Style::ListName,
                    text: rest_text(&plain_text(para), label.len() + 1),
                    stamp: None,
                },
                LabelAt::Text(label.len()),
            ))
        }
        _ => None,
    }
}

/// Mark a paragraph as a turn: an anchor first, the label wrapped.
fn mark_turn<'a>(arena: &'a Arena<'a>, para: &'a AstNode<'a>, at: LabelAt, t: &TurnHtml) {
    let Some(first) = para.first_child() else {
        return;
    };
    let (open, close) = match &t.href {
        Some(h) => (
            format!(
                "<a class=\"speaker speaker-{}\" href=\"{}\" title=\"{}\">",
                t.colour,
                esc(h),
                esc(&t.speaker)
            ),
            "</a>",
        ),
        None => (
            format!(
                "<span class=\"speaker speaker-{}\" title=\"{}\">",
                t.colour,
                esc(&t.speaker)
            ),
            "</span>",
        ),
    };
    let node = |v: NodeValue| -> &'a AstNode<'a> { arena.alloc(AstNode::from(v)) };
    let label_node = match at {
        LabelAt::Strong => first,
        LabelAt::Text(n) => {
            let NodeValue::Text(text) = first.data().value.clone() else {
                return;
            };
            let (Some(label), Some(rest)) = (text.get(..n), text.get(n..)) else {
                return;
            };
            let l = node(NodeValue::Text(Cow::Owned(label.to_string())));
            first.insert_before(l);
            first.data_mut().value = NodeValue::Text(Cow::Owned(rest.to_string()));
            l
        }
    };
    label_node.insert_before(node(NodeValue::HtmlInline(open)));
    label_node.insert_after(node(NodeValue::HtmlInline(close.to_string())));
    let anchor = format!(
        "<a class=\"turn-anchor\" id=\"{}\" href=\"#{}\" aria-label=\"Link to this turn\"></a>",
        esc(&t.id),
        esc(&t.id)
    );
    if let Some(f) = para.first_child() {
        f.insert_before(node(NodeValue::HtmlInline(anchor)));
    }
}

fn strip_checkbox(s: &str) -> &str {
    let t = s.trim_start();
    let b = t.as_bytes();
    if b.len() >= 3 && b[0] == b'[' && b[2] == b']' {
        return t[3..].trim_start();
    }
    if let Some(rest) = t.strip_prefix('[') {
        if let Some(p) = rest.find(']') {
            if rest[..p].chars().count() == 1 {
                return rest[p + 1..].trim_start();
            }
        }
    }
    t
}

/// Source text of lines `start..=end` (1-based), the first from byte column `col`.
fn source_slice(lines: &[&str], start: usize, col: usize, end: usize) -> String {
    let mut parts = Vec::new();
    for l in start..=end.max(start) {
        let Some(line) = lines.get(l.wrapping_sub(1)) else {
            break;
        };
        let s = if l == start {
            line.get(col.saturating_sub(1)..).unwrap_or(line)
        } else {
            line
        };
        parts.push(s.trim());
    }
    parts.join(" ")
}

/// What a [`LinkEnv`] gives for one wikilink.
#[derive(Debug, Clone)]
pub struct LinkHtml {
    /// The HTML to put where the link was.
    pub html: String,
    /// True when it is block content (a transclusion), to replace a paragraph
    /// that holds nothing else.
    pub block: bool,
}

/// What a Markdown link or image into the vault becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Local {
    /// A link (or image) to this href.
    Href(String),
    /// Nothing it names exists: its text in a visible unresolved span,
    /// with this title.
    Unresolved(String),
    /// It names a note a publish profile removed: its text, as prose.
    Plain,
}

/// Where links go: the resolve stage's knowledge, as seen from one page.
pub trait LinkEnv {
    /// HTML for `[[target|label]]` or `![[target|label]]`.
    fn wikilink(&self, target: &str, label: Option<&str>, embed: bool) -> LinkHtml;
    /// The relative href of a tag's page.
    fn tag_href(&self, tag: &str) -> String;
    /// Where a Markdown link or image URL into the vault goes; `None` leaves
    /// it as written.
    fn local_url(&self, _url: &str) -> Option<Local> {
        None
    }
    /// For a relative Markdown link to a file published only as a download,
    /// the name to save it under.
    fn local_download(&self, _url: &str) -> Option<String> {
        None
    }
    /// Whether images from other sites are shown (else each is a link).
    fn remote_images(&self) -> bool {
        true
    }
    /// Task attributes for the n-th task item (class, data attributes…), as
    /// HTML attribute text, and replacement inner HTML for its first paragraph.
    fn task(&self, _index: usize) -> Option<TaskHtml> {
        None
    }
    /// Whether `#word` is an inline tag (Obsidian vaults) or prose.
    fn inline_tags(&self) -> bool {
        true
    }
    /// The turn of speech opened by the paragraph on this body line, if any.
    fn turn(&self, _line: usize) -> Option<TurnHtml> {
        None
    }
    /// Told when the body holds raw HTML of its own (an element, a comment,
    /// a declaration): HTML that only the sanitiser may let through.
    fn raw_html(&self) {}
    /// The card for a video or a web page written as an image
    /// (`![words](https://youtu.be/…)`), as HTML, with the image's words
    /// `text` and `title`; `None` keeps it an image.
    fn web_card(&self, _url: &str, _text: &str, _title: &str) -> Option<String> {
        None
    }
    /// A fenced code block in language `lang`, highlighted, as HTML;
    /// `None` draws it as plain code.
    fn highlight(&self, _code: &str, _lang: &str) -> Option<String> {
        None
    }
}

/// How a turn of speech in minutes renders: an anchor before the paragraph
/// and the speaker label wrapped in a coloured (and, for a person, linked)
/// element.
#[derive(Debug, Clone, Default)]
pub struct TurnHtml {
    /// The anchor id (`t-12`).
    pub id: String,
    /// The speaker's name (shown as the label's title).
    pub speaker: String,
    /// Relative href of their person page.
    pub href: Option<String>,
    /// Colour class number.
    pub colour: u64,
}

/// How a task list item renders.
#[derive(Debug, Clone, Default)]
pub struct TaskHtml {
    /// Attributes for the `<li>` (already escaped), e.g. ` class="task" data-assignee="…"`.
    pub attrs: String,
    /// HTML after the description: badges and dates.
    pub suffix: String,
    /// Emoji metadata to strip from the end of the description text.
    pub strip: Vec<String>,
}

#[derive(Default)]
struct FmtState {
    heading_ids: VecDeque<String>,
    open_headings: Vec<String>,
    tasks: VecDeque<Option<TaskHtml>>,
    open_tasks: Vec<Option<TaskHtml>>,
}

/// Callout type to its family (the colour and icon it shares), and whether it is known.
pub fn callout_family(t: &str) -> (&'static str, bool) {
    let f = match t.to_ascii_lowercase().as_str() {
        "note" => "note",
        "abstract" | "summary" | "tldr" => "abstract",
        "info" => "info",
        "todo" => "todo",
        "tip" | "hint" | "important" => "tip",
        "success" | "check" | "done" => "success",
        "question" | "help" | "faq" => "question",
        "warning" | "caution" | "attention" => "warning",
        "failure" | "fail" | "missing" => "failure",
        "danger" | "error" => "danger",
        "bug" => "bug",
        "example" => "example",
        "quote" | "cite" => "quote",
        _ => return ("note", false),
    };
    (f, true)
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    escape_into(&mut o, s);
    o
}

create_formatter!(NoteFormatter<FmtState>, {
    NodeValue::Heading(ref h) => |context, node, entering| {
        let _ = node;
        if entering {
            context.cr()?;
            let id = context.user.heading_ids.pop_front().unwrap_or_default();
            write!(context, "<h{} id=\"{}\">", h.level, esc(&id))?;
            context.user.open_headings.push(id);
        } else {
            let id = context.user.open_headings.pop().unwrap_or_default();
            write!(context, "<a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a></h{}>", esc(&id), h.level)?;
            context.lf()?;
        }
    },
    NodeValue::Callout(ref c) => |context, node, entering| {
        let (family, _) = callout_family(&c.callout_type);
        let fold = c.fold;
        let has_title = node.first_child().is_some_and(|ch| matches!(ch.data().value, NodeValue::CalloutTitle));
        if entering {
            context.cr()?;
            let tag = if fold == CalloutFold::None { "div" } else { "details" };
            write!(context, "<{tag} class=\"callout callout-{family}\" data-callout=\"{}\"", esc(&c.callout_type))?;
            if fold == CalloutFold::Expanded {
                context.write_str(" open")?;
            }
            context.write_str(">\n")?;
            if !has_title {
                let t = if fold == CalloutFold::None { "div" } else { "summary" };
                write!(context, "<{t} class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-text\">{}</span></{t}>\n<div class=\"callout-content\">\n", esc(&c.default_title()))?;
            }
        } else {
            let tag = if fold == CalloutFold::None { "div" } else { "details" };
            context.cr()?;
            write!(context, "</div>\n</{tag}>\n")?;
        }
    },
    NodeValue::CalloutTitle => |context, node, entering| {
        let folded = node.parent().is_some_and(|p| matches!(&p.data().value, NodeValue::Callout(c) if c.fold != CalloutFold::None));
        let t = if folded { "summary" } else { "div" };
        if entering {
            write!(context, "<{t} class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-text\">")?;
        } else {
            write!(context, "</span></{t}>\n<div class=\"callout-content\">\n")?;
        }
    },
    NodeValue::TaskItem(ref ti) => |context, node, entering| {
        let in_list = node.parent().is_some_and(|p| matches!(p.data().value, NodeValue::List(_)));
        if entering {
            let task = context.user.tasks.pop_front().flatten();
            context.cr()?;
            let status = match ti.symbol {
                None | Some(' ') => "open",
                Some('x') | Some('X') => "done",
                Some('-') => "cancelled",
                Some('/') => "in-progress",
                Some(_) => "open",
            };
            if in_list {
                match &task {
                    Some(t) => write!(context, "<li{}>", t.attrs)?,
                    None => write!(context, "<li class=\"task\" data-status=\"{status}\">")?,
                }
            }
            let checked = if status == "done" { " checked" } else { "" };
            write!(context, "<input type=\"checkbox\" disabled{checked} aria-label=\"{status}\"> ")?;
            context.user.open_tasks.push(task);
        } else {
            let task = context.user.open_tasks.pop().flatten();
            if let Some(t) = task {
                context.write_str(&t.suffix)?;
            }
            if in_list {
                context.write_str("</li>\n")?;
            }
        }
    },
    NodeValue::Math(ref m) => |context, node, entering| {
        let _ = node;
        if entering {
            context.write_str(&crate::parse::math::to_html(&m.literal, m.display_math))?;
            return Ok(ChildRendering::Skip);
        }
    },
});

/// Obsidian's size syntax in an image's alt text: `alt|100x145`, `alt|100`,
/// or a bare `250` / `250x100`; gives the alt text left and the width and
/// height.
pub fn image_size(alt: &str) -> (&str, Option<(u32, Option<u32>)>) {
    let (text, spec) = match alt.rsplit_once('|') {
        Some((t, s)) => (t, s),
        None => ("", alt),
    };
    let (w, h) = spec.trim().split_once('x').unwrap_or((spec.trim(), ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(w) || !(h.is_empty() || digits(h)) {
        return (alt, None);
    }
    match w.parse::<u32>() {
        Ok(w) => (text.trim_end(), Some((w, h.parse().ok()))),
        Err(_) => (alt, None),
    }
}

/// An image with Obsidian's size syntax in its alt text becomes an `<img>`
/// with that width and height (the rest of the alt text its alt); others
/// keep comrak's rendering, with `src` set to `src`.
fn sized_image<'a>(arena: &'a Arena<'a>, n: &'a AstNode<'a>, src: &str, title: &str) {
    let alt = plain_text(n);
    let (text, size) = image_size(&alt);
    let Some((w, h)) = size else {
        if let NodeValue::Image(x) = &mut n.data_mut().value {
            x.url = src.to_string();
        }
        return;
    };
    let mut html = format!(
        "<img src=\"{}\" alt=\"{}\" width=\"{w}\"",
        escape_html(src),
        escape_html(text)
    );
    if let Some(h) = h {
        let _ = write!(html, " height=\"{h}\"");
    }
    if !title.is_empty() {
        let _ = write!(html, " title=\"{}\"", escape_html(title));
    }
    html.push('>');
    n.insert_before(arena.alloc(AstNode::from(NodeValue::HtmlInline(html))));
    n.detach();
}

/// An image's alt text, without Obsidian's size syntax, as its only child.
fn alt_only<'a>(arena: &'a Arena<'a>, n: &'a AstNode<'a>) {
    let alt = plain_text(n);
    let (text, size) = image_size(&alt);
    if size.is_some() {
        let text = text.to_string();
        for c in n.children().collect::<Vec<_>>() {
            c.detach();
        }
        n.append(arena.alloc(AstNode::from(NodeValue::Text(Cow::Owned(text)))));
    }
}

/// Put raw HTML `open` and `close` around the children of `n`, in its place.
fn unwrap_into<'a>(arena: &'a Arena<'a>, n: &'a AstNode<'a>, open: String, close: &str) {
    let first: &'a AstNode<'a> = arena.alloc(AstNode::from(NodeValue::HtmlInline(open)));
    n.insert_before(first);
    let mut prev = first;
    for c in n.children().collect::<Vec<_>>() {
        c.detach();
        prev.insert_after(c);
        prev = c;
    }
    prev.insert_after(arena.alloc(AstNode::from(NodeValue::HtmlInline(close.to_string()))));
    n.detach();
}

/// Render a note body to HTML through `env`. Raw HTML is left for the caller
/// to sanitise; [`LinkEnv::raw_html`] says when there is some.
pub fn render(body: &str, env: &dyn LinkEnv) -> String {
    let arena = Arena::new();
    let opts = options();
    let root = parse(&arena, body, &opts);
    let mut state = FmtState::default();
    for (_, _, _, id) in heading_ids(root) {
        state.heading_ids.push_back(id);
    }
    let nodes: Vec<_> = root.descendants().collect();
    let mut task_index = 0;
    for n in nodes {
        // text, the commonest node, is read in place (copied only if it changes)
        if matches!(n.data().value, NodeValue::Text(_)) {
            text_node(&arena, n, env);
            continue;
        }
        let value = n.data().value.clone();
        match value {
            NodeValue::WikiLink(w) => wikilink_node(n, &w, env),
            NodeValue::Link(l) if is_local_url(&l.url) => local_link(&arena, n, &l, false, env),
            NodeValue::Image(l) => image_node(&arena, n, l, env),
            NodeValue::TaskItem(_) => {
                let t = env.task(task_index);
                task_index += 1;
                if let Some(t) = &t {
                    strip_task_meta(n, &t.strip);
                }
                state.tasks.push_back(t);
            }
            NodeValue::Paragraph => {
                let line = n.data().sourcepos.start.line;
                if let Some(t) = env.turn(line) {
                    if let Some((_, at)) = speaker_label(n) {
                        mark_turn(&arena, n, at, &t);
                    }
                }
            }
            NodeValue::HtmlInline(h) if !is_html(&h) => {
                n.data_mut().value = NodeValue::Text(Cow::Owned(h));
            }
            NodeValue::HtmlBlock(h) if !is_html(&h.literal) => {
                n.data_mut().value = NodeValue::HtmlBlock(comrak::nodes::NodeHtmlBlock {
                    block_type: 6,
                    literal: format!(
                        "<p>{}</p>\n",
                        esc(h.literal.trim_end()).replace('\n', "<br>\n")
                    ),
                });
            }
            // comments the sanitiser only removes; anything else needs it
            NodeValue::HtmlInline(h) if !only_comments(&h) => env.raw_html(),
            NodeValue::HtmlBlock(h) if !only_comments(&h.literal) => env.raw_html(),
            NodeValue::CodeBlock(cb) => code_block(n, &cb, env),
            _ => {}
        }
    }
    let mut out = String::with_capacity(body.len() * 2);
    if NoteFormatter::format_document(root, &opts, &mut out, state).is_err() {
        out.clear();
        out.push_str("<p class=\"render-error\">This note could not be rendered.</p>");
    }
    out
}

/// A `[[wikilink]]` node: the HTML the environment gives for it, as a block
/// when it stands alone in its paragraph and the environment draws a block
/// (an embed), else inline.
fn wikilink_node<'a>(n: &'a AstNode<'a>, w: &comrak::nodes::NodeWikiLink, env: &dyn LinkEnv) {
    let label = plain_text(n);
    let (target, _) = obsidian::split_alias(&w.url);
    let label = (label.trim() != w.url.trim() && !label.trim().is_empty())
        .then(|| label.trim().to_string());
    let out = env.wikilink(&target, label.as_deref(), w.embed);
    for c in n.children().collect::<Vec<_>>() {
        c.detach();
    }
    let parent = n.parent();
    let alone = parent.is_some_and(|p| {
        matches!(p.data().value, NodeValue::Paragraph)
            && p.children().count() == 1
            && p.parent().is_some_and(|g| {
                matches!(
                    g.data().value,
                    NodeValue::Document | NodeValue::BlockQuote | NodeValue::Callout(_)
                )
            })
    });
    if out.block && alone {
        if let Some(p) = parent {
            let mut d = p.data_mut();
            d.value = NodeValue::HtmlBlock(comrak::nodes::NodeHtmlBlock {
                block_type: 6,
                literal: out.html + "\n",
            });
            drop(d);
            n.detach();
        }
    } else {
        n.data_mut().value = NodeValue::HtmlInline(out.html);
    }
}

/// A text node: a `^block-id` at the end of a paragraph or item becomes an
/// anchor, and inline `#tags` links to their pages.
fn text_node<'a>(arena: &'a Arena<'a>, n: &'a AstNode<'a>, env: &dyn LinkEnv) {
    // the length of the text before a block id, and the id
    let (block_id, tagged) = {
        let d = n.data();
        let NodeValue::Text(t) = &d.value else {
            return;
        };
        (
            n.next_sibling()
                .is_none()
                .then(|| split_block_id(t))
                .flatten()
                .map(|(before, id)| (before.len(), id.to_string())),
            t.contains('#') && env.inline_tags() && !is_in(n, tag_blocked),
        )
    };
    if block_id.is_none() && !tagged {
        return;
    }
    let mut text: Cow<'static, str> = match &n.data().value {
        NodeValue::Text(t) => t.clone(),
        _ => return,
    };
    if let Some((before, id)) = block_id {
        let anchor = format!(
            "<a class=\"block-anchor\" id=\"{}\"></a>",
            esc(&block_anchor(&id))
        );
        n.insert_after(arena.alloc(AstNode::from(NodeValue::HtmlInline(anchor))));
        text = Cow::Owned(text[..before].to_string());
        n.data_mut().value = NodeValue::Text(text.clone());
    }
    if !tagged {
        return;
    }
    let tags = find_tags(&text);
    if tags.is_empty() {
        return;
    }
    let mut last = 0;
    let mut pieces = Vec::new();
    for (s, e, tag) in tags {
        if s > last {
            pieces.push(NodeValue::Text(Cow::Owned(text[last..s].to_string())));
        }
        pieces.push(NodeValue::HtmlInline(format!(
            "<a class=\"tag\" href=\"{}\">{}</a>",
            esc(&env.tag_href(&tag)),
            esc(&text[s..e])
        )));
        last = e;
    }
    if last < text.len() {
        pieces.push(NodeValue::Text(Cow::Owned(text[last..].to_string())));
    }
    let mut prev = n;
    for p in pieces {
        let node = arena.alloc(AstNode::from(p));
        prev.insert_after(node);
        prev = node;
    }
    n.detach();
}

/// A Markdown link or image (`image`) to a file of the vault: where the
/// environment says it goes, a download, or its words when it goes nowhere.
fn local_link<'a>(
    arena: &'a Arena<'a>,
    n: &'a AstNode<'a>,
    l: &NodeLink,
    image: bool,
    env: &dyn LinkEnv,
) {
    match env.local_url(&l.url) {
        Some(Local::Href(href)) => {
            let download = (!image).then(|| env.local_download(&l.url)).flatten();
            if let Some(name) = download {
                let title = if l.title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape_html(&l.title))
                };
                let open = format!(
                    "<a href=\"{}\"{title} download=\"{}\">",
                    escape_html(&href),
                    escape_html(&name)
                );
                unwrap_into(arena, n, open, "</a>");
            } else if image {
                sized_image(arena, n, &href, &l.title);
            } else if let NodeValue::Link(x) = &mut n.data_mut().value {
                x.url = href;
            }
        }
        Some(Local::Unresolved(title)) => {
            if image {
                alt_only(arena, n);
            }
            let open = format!(
                "<span class=\"wikilink unresolved\" title=\"{}\">",
                escape_html(&title)
            );
            unwrap_into(arena, n, open, "</span>");
        }
        Some(Local::Plain) => unwrap_into(arena, n, String::new(), ""),
        None => {}
    }
}

/// A Markdown image: a file of the vault ([`local_link`]); a video or a web
/// page written as an image, as the environment's card (not inside a link:
/// a card is a link itself); else an image, or a link to one from another
/// site when those are not shown.
fn image_node<'a>(arena: &'a Arena<'a>, n: &'a AstNode<'a>, l: Box<NodeLink>, env: &dyn LinkEnv) {
    if is_local_url(&l.url) {
        return local_link(arena, n, &l, true, env);
    }
    let remote = is_remote_url(&l.url);
    if remote
        && !n
            .ancestors()
            .skip(1)
            .any(|a| matches!(a.data().value, NodeValue::Link(_)))
    {
        if let Some(html) = env.web_card(&l.url, &plain_text(n), &l.title) {
            for c in n.children().collect::<Vec<_>>() {
                c.detach();
            }
            n.data_mut().value = NodeValue::HtmlInline(html);
            return;
        }
    }
    if !remote || env.remote_images() {
        sized_image(arena, n, &l.url, &l.title);
        return;
    }
    if n.first_child().is_none() {
        let url = NodeValue::Text(Cow::Owned(l.url.clone()));
        n.append(arena.alloc(AstNode::from(url)));
    }
    n.data_mut().value = NodeValue::Link(l);
}

/// A fenced code block: a Mermaid diagram's source for the browser to draw,
/// or the code highlighted by the environment.
fn code_block<'a>(n: &'a AstNode<'a>, cb: &comrak::nodes::NodeCodeBlock, env: &dyn LinkEnv) {
    let lang = cb
        .info
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let html = if lang == "mermaid" {
        Some(format!(
            "<pre class=\"mermaid\">{}</pre>\n",
            esc(&cb.literal)
        ))
    } else {
        env.highlight(&cb.literal, &lang)
    };
    if let Some(literal) = html {
        n.data_mut().value = NodeValue::HtmlBlock(comrak::nodes::NodeHtmlBlock {
            block_type: 6,
            literal,
        });
    }
}

/// The element id of a `^block-id`.
pub fn block_anchor(id: &str) -> String {
    format!("^{id}")
}

/// Remove Tasks emoji metadata (dates, priority, assignee) from the text of a
/// task's first paragraph; `strip` lists the exact substrings to remove.
fn strip_task_meta<'a>(item: &'a AstNode<'a>, strip: &[String]) {
    let Some(para) = item.first_child() else {
        return;
    };
    for c in para.descendants() {
        let mut d = c.data_mut();
        if let NodeValue::Text(t) = &mut d.value {
            let mut s = t.to_string();
            let mut changed = false;
            for piece in strip {
                if !piece.is_empty() && s.contains(piece.as_str()) {
                    s = s.replacen(piece.as_str(), "", 1);
                    changed = true;
                }
            }
            if changed {
                let collapsed = s
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                let lead = if s.starts_with(' ') { " " } else { "" };
                // a space before what follows in the item; none at its end,
                // where the metadata's own element follows with its space
                let trail = if s.ends_with(' ') && !collapsed.is_empty() && followed(c, para) {
                    " "
                } else {
                    ""
                };
                *t = Cow::Owned(format!("{lead}{collapsed}{trail}"));
            }
        }
    }
}

/// Whether anything follows `node` inside `within` (a sibling of it or of
/// one of its ancestors below `within`).
fn followed<'a>(node: &'a AstNode<'a>, within: &'a AstNode<'a>) -> bool {
    let mut n = node;
    loop {
        if n.next_sibling().is_some() {
            return true;
        }
        match n.parent() {
            Some(p) if !std::ptr::eq(p, within) => n = p,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Env;
    impl LinkEnv for Env {
        fn wikilink(&self, target: &str, label: Option<&str>, embed: bool) -> LinkHtml {
            LinkHtml {
                html: format!(
                    "<a href=\"{}\">{}</a>",
                    esc(target),
                    esc(label.unwrap_or(target))
                ),
                block: embed,
            }
        }
        fn tag_href(&self, tag: &str) -> String {
            format!("tags/{tag}/")
        }
    }

    #[test]
    fn dollars_in_prose_are_not_math() {
        for prose in [
            "The plan costs $5 and the add-on $10 a month.",
            "Between $5-$10, or $5, $10 and $15.",
            "US$5 to US$10 a seat.",
            "Prices of 5$ and 10$.",
            "An escaped \\$x$ is text, and so is $ x $.",
            "Code `$x^2$` and a fence:\n\n```\n$$y$$\n```",
        ] {
            let html = render(prose, &Env);
            assert!(!html.contains("<math"), "{prose:?} gave {html}");
            assert!(!analyze(prose).text.is_empty());
            assert!(analyze(prose).math_errors.is_empty());
        }
        let html = render("Then $x$ and $$\ny = 2\n$$ are.", &Env);
        assert_eq!(html.matches("<math").count(), 2, "{html}");
    }

    #[test]
    fn formulas_that_cannot_be_drawn_are_found_with_their_place() {
        let a = analyze("# T\n\nFine $x^2$.\n\nBad, $\\frac{a}{$ and $$\n\\sqrt{\n$$\n");
        let at: Vec<(usize, usize)> = a.math_errors.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(at, vec![(5, 6), (5, 22)]);
        assert!(
            a.text.contains("\\frac{a}{"),
            "the TeX is the searchable text"
        );
    }

    #[test]
    fn obsidian_image_size_syntax() {
        assert_eq!(
            image_size("Sketch|120x80"),
            ("Sketch", Some((120, Some(80))))
        );
        assert_eq!(image_size("Sketch | 120"), ("Sketch", Some((120, None))));
        assert_eq!(image_size("250"), ("", Some((250, None))));
        assert_eq!(image_size("250x100"), ("", Some((250, Some(100)))));
        // not a size: the alt text stays as written
        for alt in ["a|b", "Sketch", "x|99999999999", "Q4|12xy", "", "|"] {
            assert_eq!(image_size(alt), (alt, None), "{alt}");
        }
    }

    #[test]
    fn remote_urls() {
        for u in ["https://x/p.gif", "HTTP://x", "//x/p.gif", "ftp://x"] {
            assert!(is_remote_url(u), "{u}");
        }
        for u in [
            "files/x.png",
            "../x.png",
            "/x.png",
            "data:image/png;base64,AA",
            "#a",
            "a b:c",
        ] {
            assert!(!is_remote_url(u), "{u}");
        }
    }

    #[test]
    fn analysis_finds_links_tags_tasks_headings() {
        let body = "# Title\n\nSee [[Dana Reyes|Dana]] about #pricing. Then more.\n\n## Next Steps\n\n- [x] Ship it @Sam 🔼\n- [ ] Call [[Northwind]]\n\n`#notatag` and [[code]]\n\nLast line ^abc-1\n";
        let a = analyze(body);
        assert_eq!(a.title.as_deref(), Some("Title"));
        assert_eq!(a.headings[1].id, "next-steps");
        assert_eq!(a.links.len(), 3);
        assert_eq!(a.links[0].target, "Dana Reyes");
        assert_eq!(a.links[0].alias.as_deref(), Some("Dana"));
        assert_eq!(a.links[0].context, "See Dana about #pricing.");
        assert_eq!(a.links[0].line, 3);
        assert_eq!(a.links[1].context, "Call Northwind");
        assert_eq!(a.tags, vec![("pricing".to_string(), 3)]);
        assert_eq!(a.tasks.len(), 2);
        assert_eq!(a.tasks[0].marker, 'x');
        assert_eq!(a.tasks[0].raw, "Ship it @Sam 🔼");
        assert_eq!(a.block_ids, vec!["abc-1"]);
    }

    #[test]
    fn html_comments_are_not_task_text() {
        let a = analyze(
            "- [ ] Send <!-- not this --> the `<!-- code -->` report <!-- nor\n  this --> today @Ann\n",
        );
        assert_eq!(
            a.tasks[0].raw,
            "Send  the `<!-- code -->` report  today @Ann"
        );
        assert!(!a.text.contains("not this"));
    }

    #[test]
    fn wikilinks_in_code_are_not_links() {
        let a = analyze("```\n[[Nope]]\n```\n\n`[[No]]`\n");
        assert!(a.links.is_empty());
    }

    #[test]
    fn render_replaces_links_and_tags_and_callouts() {
        let html = render(
            "> [!faq]- Why?\n> Because [[X]].\n\nA #tag/sub here.\n",
            &Env,
        );
        assert!(
            html.contains("<details class=\"callout callout-question\" data-callout=\"faq\">"),
            "{html}"
        );
        assert!(html.contains("<summary class=\"callout-title\">"), "{html}");
        assert!(html.contains("<a href=\"X\">X</a>"), "{html}");
        assert!(
            html.contains("<a class=\"tag\" href=\"tags/tag/sub/\">#tag/sub</a>"),
            "{html}"
        );
    }

    #[test]
    fn headings_get_ids_and_block_ids_anchor() {
        let html = render("## Open questions\n\nText ^q1\n", &Env);
        assert!(html.contains("<h2 id=\"open-questions\">"), "{html}");
        assert!(html.contains("id=\"^q1\""), "{html}");
        assert!(!html.contains("^q1\n"), "{html}");
    }

    #[test]
    fn comments_as_a_parser_ends_them() {
        assert_eq!(comment_len("<!-->x"), Some(5));
        assert_eq!(comment_len("<!--->x"), Some(6));
        assert_eq!(comment_len("<!-- a -- b --->x"), Some(16));
        assert_eq!(comment_len("<!-- a --!> b -->"), Some(11));
        assert_eq!(comment_len("<!-- open"), None);
        assert!(only_comments("<!-- a -->\n <!-- b -->\n"));
        assert!(!only_comments("<!-- a --> <b>x</b>"));
        assert!(!only_comments("<div>"));
        assert!(!only_comments(""));
    }

    #[test]
    fn items_of_decision_sections() {
        let kinds: [Vec<String>; 2] = [
            vec!["Decisions".into(), "Outcomes".into()],
            vec!["Risks".into()],
        ];
        let refs: Vec<&[String]> = kinds.iter().map(|k| k.as_slice()).collect();
        let body = "# T\n\n## Decisions #decision\n\nIntro paragraph.\n\n- Ship it, see [[Plan]]. <!-- hidden -->\n  on two lines ^d1\n  - a detail\n- [ ] a task stays a task\n\n### Detail\n\n- under a sub-heading\n\n## Risks:\nOne risk as a paragraph.\n\nAnother.\n\n## Next\n\n- not an item\n\n> ## Outcomes\n> - quoted outcome\n>   wrapped\n";
        let a = analyze_items(body, true, &refs, None);
        let got: Vec<(usize, &str, usize, &str)> = a
            .items
            .iter()
            .map(|i| (i.kind, i.raw.as_str(), i.line, i.anchor.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    0,
                    "Ship it, see [[Plan]].  on two lines",
                    7,
                    "decisions-decision"
                ),
                (0, "under a sub-heading", 14, "decisions-decision"),
                (1, "One risk as a paragraph.", 17, "risks"),
                (1, "Another.", 19, "risks"),
                (0, "quoted outcome wrapped", 26, "outcomes"),
            ]
        );
        assert_eq!(section_name("Open Questions: #q ^b1"), "open questions");
        // the items end at the transcript's line
        let body = "## Risks\n\nA risk.\n\n\n\n\nAfter the transcript.\n";
        let raw = |stop| -> Vec<String> {
            analyze_items(body, true, &refs, stop)
                .items
                .into_iter()
                .map(|i| i.raw)
                .collect()
        };
        assert_eq!(raw(Some(5)), ["A risk."]);
        assert_eq!(raw(None), ["A risk.", "After the transcript."]);
        // a stop above the heading is not its section's end
        assert_eq!(raw(Some(1)), ["A risk.", "After the transcript."]);
    }

    #[test]
    fn tags_in_text() {
        let t = find_tags("a #x/y, #1 not, (#ok) mid#no #ünï");
        let tags: Vec<_> = t.into_iter().map(|x| x.2).collect();
        assert_eq!(tags, vec!["x/y", "ok", "ünï"]);
    }
}
