//! Markdown block structure, line by line: the one scanner that knows where
//! code, HTML, headings and comments are.
//!
//! Takes a note body and gives each line (0-based number, byte range) a
//! [`Kind`], following CommonMark's container rules closely enough that the
//! stages agree with comrak about what is a heading and what is code:
//!
//! - containers: block quotes (`>`), Obsidian callouts (`> [!note] Title`,
//!   whose title line is read as comrak reads it), list items (bullet and
//!   ordered, with their content indentation) and footnote definitions,
//!   closed when a line does not continue them (lazy paragraph continuation
//!   lines stay inside);
//! - leaves: fenced code (```` ``` ```` and `~~~`, closed by the same character
//!   at least as many times, or implicitly when its container ends), indented
//!   code (four columns after the container, never interrupting a paragraph),
//!   HTML blocks (CommonMark kinds 1 to 7; kind 7 cannot interrupt a
//!   paragraph), ATX headings (closing `#`s removed), setext headings (`===` or
//!   `---` under a paragraph; a `---` elsewhere is a thematic break), GFM
//!   tables, paragraphs and blank lines;
//! - with [`Scanner::with_comments`], Obsidian `%%comments%%`, inline and over
//!   several lines: not inside code blocks or code spans (an escaped backtick
//!   opens none); a line wholly inside a comment is [`Kind::Comment`] and
//!   counts as blank for the structure, as it is once the comment is removed.
//!
//! A [`Heading`] has its level, its text and a key for matching: the text
//! without a trailing Obsidian block id (`^id`) and trailing `#tags`, through
//! [`crate::parse::syntax::heading_key`]. [`sections`] gives every heading's
//! section: to the next heading of the same or a higher level in the same
//! container or outside it, and at the latest where the heading's container
//! (a callout, a list item) ends. [`strip_html_comments`] removes
//! `<!-- … -->` from inline text.
//!
//! Pure and allocation-light (a stack of open containers and the current
//! paragraph's line ranges): no I/O, no panics on any input, linear time. A
//! property test holds the headings, code lines and HTML lines it finds to
//! comrak's with the options of [`crate::parse::syntax::options`].

use crate::parse::syntax::heading_key;
use std::borrow::Cow;

/// Columns between tab stops.
const TAB_STOP: usize = 4;
/// Indentation that makes a line indented code.
const CODE_INDENT: usize = 4;
/// How many blocks one line may open before list items and footnote
/// definitions stop opening (comrak's limit).
const MAX_OPEN: usize = 100;
/// Tag names that open an HTML block of kind 1.
const RAW_TAGS: &[&str] = &["script", "pre", "style", "textarea"];
/// Tag names that open an HTML block of kind 6.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "source",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// A heading: ATX (`## Text`) or setext (`Text` over `---`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The text as written: trimmed, without an ATX heading's closing `#`s;
    /// a setext heading's lines joined with a space.
    pub text: String,
    /// [`crate::parse::syntax::heading_key`] of [`Heading::title`].
    pub key: String,
    /// 0-based number of the heading's first line (a setext heading starts at
    /// its first text line, not at its underline).
    pub line: usize,
    /// Byte offset of the start of that line.
    pub start: usize,
    /// Length of the title within `text`.
    title: usize,
}

impl Heading {
    fn new(level: u8, text: String, line: usize, start: usize) -> Heading {
        let title = title_len(&text);
        let key = heading_key(text.get(..title).unwrap_or(&text));
        Heading {
            level,
            text,
            key,
            line,
            start,
            title,
        }
    }

    /// The text for matching: without a trailing `^block-id` and trailing
    /// `#tags` (all of the text when that would leave nothing).
    pub fn title(&self) -> &str {
        self.text.get(..self.title).unwrap_or(&self.text)
    }
}

/// What a line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind<'a> {
    /// Nothing but container markers and whitespace.
    Blank,
    /// A line of a paragraph, lazy continuation lines included (also a table's
    /// header row, which is a paragraph line until the delimiter row comes).
    Paragraph,
    /// A GFM table's delimiter row or one of its body rows.
    Table,
    /// An ATX heading line.
    Heading(Heading),
    /// The line that opens an Obsidian callout (`> [!note] Title`) with a
    /// plain title (a title that holds a heading or another block is that
    /// block, closed at the end of the line).
    Callout,
    /// The underline of a setext heading; the heading's text is on the
    /// paragraph lines before it, reported as [`Kind::Paragraph`].
    SetextUnderline(Heading),
    /// `***`, `---`, `___` (not under a paragraph).
    ThematicBreak,
    /// The line that opens a fenced code block.
    FenceOpen {
        /// `` ` `` or `~`.
        marker: u8,
        /// Length of the marker run.
        len: usize,
        /// The info string, trimmed.
        info: &'a str,
    },
    /// A line inside a fenced code block.
    Code,
    /// The line that closes a fenced code block.
    FenceClose,
    /// A line of an indented code block.
    IndentedCode,
    /// A line of an HTML block of CommonMark kind 1 to 7.
    Html(u8),
    /// A line wholly inside an Obsidian `%%` comment
    /// ([`Scanner::with_comments`] only).
    Comment,
}

/// One line of the text, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 0-based line number.
    pub number: usize,
    /// Byte offset of the line's start.
    pub start: usize,
    /// Byte offset of the line's end, before `\n` (and a `\r` before it).
    pub end: usize,
    /// Byte offset of the next line's start.
    pub next: usize,
    /// The line without its line end.
    pub text: &'a str,
    /// Byte offset where the line's own content starts: after the container
    /// markers, a fenced code block's indentation, an indented code block's
    /// four columns, a heading's `#`s (a tab split by a marker counts whole).
    pub content: usize,
    /// Byte offset just past the last block-quote marker of the line (and the
    /// space after it); `start` when the line has none.
    pub quote_end: usize,
    /// How many containers (block quotes and callouts, list items, footnote
    /// definitions) hold the line; a lazy continuation line is held by those
    /// of its paragraph.
    pub depth: usize,
    /// What the line is.
    pub kind: Kind<'a>,
}

impl Line<'_> {
    /// The heading this line ends (an ATX heading line or a setext underline).
    pub fn heading(&self) -> Option<&Heading> {
        match &self.kind {
            Kind::Heading(h) | Kind::SetextUnderline(h) => Some(h),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Container {
    Quote,
    Item {
        /// Columns the item's content is indented by.
        width: usize,
        /// Whether the item holds any block yet.
        filled: bool,
    },
    /// A footnote definition (`[^1]: …`), continued by lines indented four
    /// columns.
    Footnote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaf {
    None,
    Paragraph,
    Table,
    Fenced {
        marker: u8,
        len: usize,
        indent: usize,
    },
    Indented,
    Html(u8),
}

/// Where the reading of one line is.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    off: usize,
    col: usize,
    end: usize,
}

/// The first non-space of a line from the cursor.
#[derive(Debug, Clone, Copy)]
struct Nonspace {
    off: usize,
    indent: usize,
    blank: bool,
}

/// One line being read by [`Scanner::structure`]: where it is in the text and
/// how far its reading is.
#[derive(Debug, Clone, Copy)]
struct Reading {
    number: usize,
    start: usize,
    end: usize,
    next: usize,
    /// Where the reading is (past the container markers read so far).
    c: Cursor,
    /// Byte offset past the last block-quote marker read; the line's start
    /// when none is.
    quote_end: usize,
}

/// What opening new blocks on a line found ([`Scanner::open_blocks`]).
#[derive(Debug)]
struct Opened<'a> {
    /// The leaf the line starts, with its content offset.
    leaf: Option<(usize, Kind<'a>)>,
    /// How many containers of the stack hold the line (all of them once one
    /// opened).
    matched: usize,
    /// Whether a container opened.
    any: bool,
    /// The depth of the first callout opened on the line, whose title the
    /// rest of the line is.
    title_depth: Option<usize>,
}

/// Reads a text line by line; an [`Iterator`] of [`Line`]s.
#[derive(Debug, Clone)]
pub struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    number: usize,
    comments: bool,
    in_comment: bool,
    /// Open containers, outermost first, each with its id.
    stack: Vec<(u32, Container)>,
    next_id: u32,
    leaf: Leaf,
    /// The current paragraph's lines: (line number, line start, content start, end).
    para: Vec<(usize, usize, usize, usize)>,
    /// Comment ranges of the line last returned.
    hidden: Vec<(usize, usize)>,
    /// The callout whose title line was the line before, if it holds nothing else.
    fresh_callout: Option<u32>,
    /// The current paragraph had a delimiter row that did not fit.
    no_table: bool,
}

impl<'a> Scanner<'a> {
    /// Read `text` from its start; `%%` is text.
    pub fn new(text: &'a str) -> Scanner<'a> {
        Scanner::starting_at(text, 0, 0)
    }

    /// Read `text` from its start, with Obsidian `%%comments%%` (see
    /// [`Scanner::comments`]).
    pub fn with_comments(text: &'a str) -> Scanner<'a> {
        Scanner {
            comments: true,
            ..Scanner::new(text)
        }
    }

    /// Read `text` from byte `offset` (a line start) as if the text began
    /// there, numbering that line `number`; offsets stay those of `text`.
    pub fn starting_at(text: &'a str, offset: usize, number: usize) -> Scanner<'a> {
        Scanner {
            text,
            pos: offset.min(text.len()),
            number,
            comments: false,
            in_comment: false,
            stack: Vec::new(),
            next_id: 1,
            leaf: Leaf::None,
            para: Vec::new(),
            hidden: Vec::new(),
            fresh_callout: None,
            no_table: false,
        }
    }

    /// The byte ranges of the line last returned that are inside a `%%`
    /// comment, markers included, in order (always empty without
    /// [`Scanner::with_comments`]). A comment running on past the line ends
    /// at the line's end, before its line end.
    pub fn comments(&self) -> &[(usize, usize)] {
        &self.hidden
    }

    /// Whether the container that was at `depth` (1 = outermost) with `id` is
    /// still open.
    fn holds(&self, depth: usize, id: u32) -> bool {
        depth == 0 || self.stack.get(depth - 1).is_some_and(|c| c.0 == id)
    }

    /// Id of the innermost open container (0 for the document).
    fn innermost(&self) -> u32 {
        self.stack.last().map_or(0, |c| c.0)
    }

    fn byte(&self, i: usize, c: &Cursor) -> u8 {
        if i < c.end {
            self.text.as_bytes().get(i).copied().unwrap_or(b'\n')
        } else {
            b'\n'
        }
    }

    /// Advance `count` columns (`columns`) or characters over whitespace and
    /// the ASCII markers the caller has checked.
    fn advance(&self, c: &mut Cursor, mut count: usize, columns: bool) {
        let b = self.text.as_bytes();
        while count > 0 && c.off < c.end {
            match b.get(c.off) {
                Some(b'\t') => {
                    let to_tab = TAB_STOP - c.col % TAB_STOP;
                    if columns {
                        let n = count.min(to_tab);
                        c.col += n;
                        if to_tab <= count {
                            c.off += 1;
                        }
                        count -= n;
                    } else {
                        c.col += to_tab;
                        c.off += 1;
                        count -= 1;
                    }
                }
                Some(_) => {
                    c.off += 1;
                    c.col += 1;
                    count -= 1;
                }
                None => break,
            }
        }
    }

    fn nonspace(&self, c: &Cursor) -> Nonspace {
        let b = self.text.as_bytes();
        let mut i = c.off;
        let mut col = c.col;
        let mut to_tab = TAB_STOP - col % TAB_STOP;
        while i < c.end {
            match b.get(i) {
                Some(b' ') => {
                    i += 1;
                    col += 1;
                    to_tab -= 1;
                    if to_tab == 0 {
                        to_tab = TAB_STOP;
                    }
                }
                Some(b'\t') => {
                    i += 1;
                    col += to_tab;
                    to_tab = TAB_STOP;
                }
                _ => break,
            }
        }
        Nonspace {
            off: i,
            indent: col - c.col,
            blank: i >= c.end,
        }
    }

    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.text.get(a..b).unwrap_or("")
    }

    /// Read the next line.
    fn step(&mut self) -> Option<Line<'a>> {
        let start = self.pos;
        if start >= self.text.len() {
            return None;
        }
        let b = self.text.as_bytes();
        let next = b[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.text.len(), |i| start + i + 1);
        let mut end = if next > start && b.get(next - 1) == Some(&b'\n') {
            next - 1
        } else {
            next
        };
        if end > start && b.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        self.pos = next;
        let number = self.number;
        self.number += 1;
        self.hidden.clear();
        let mut from = start;
        let mut hidden_line = false;
        if self.in_comment {
            match find2(b, start, end, b'%') {
                Some(i) => {
                    self.hidden.push((start, i + 2));
                    self.in_comment = false;
                    from = i + 2;
                }
                None => {
                    self.hidden.push((start, end));
                    from = end;
                    hidden_line = true;
                }
            }
        }
        let mut line = self.structure(start, from, end, next, number);
        if hidden_line {
            line.kind = Kind::Comment;
        } else if self.comments {
            self.inline_comments(&line);
        }
        Some(line)
    }

    /// Find `%%` comments in the inline content of a line.
    fn inline_comments(&mut self, line: &Line<'a>) {
        let spans = match line.kind {
            Kind::Paragraph | Kind::Table | Kind::Heading(_) | Kind::Callout => true,
            Kind::Html(_) => false,
            _ => return,
        };
        let b = self.text.as_bytes();
        let mut i = line.content;
        let end = line.end;
        while i < end {
            match b.get(i) {
                Some(b'`') if spans => i = code_span_end(b, i, end),
                Some(b'%') if b.get(i + 1) == Some(&b'%') && i + 1 < end => {
                    match find2(b, i + 2, end, b'%') {
                        Some(j) => {
                            self.hidden.push((i, j + 2));
                            i = j + 2;
                        }
                        None => {
                            self.hidden.push((i, end));
                            self.in_comment = true;
                            return;
                        }
                    }
                }
                _ => i += 1,
            }
        }
    }

    /// Close every container from `depth` on, and the leaf.
    fn close_from(&mut self, depth: usize) {
        self.stack.truncate(depth);
        self.leaf = Leaf::None;
    }

    fn push(&mut self, c: Container) {
        self.stack.push((self.next_id, c));
        self.next_id = self.next_id.wrapping_add(1).max(1);
    }

    /// The block structure of the line `[from, end)`, in four steps: the open
    /// containers the line continues, the open leaf it continues, the blocks
    /// it opens, and what is left of it (a lazy continuation line, a
    /// paragraph, table or blank line).
    fn structure(
        &mut self,
        start: usize,
        from: usize,
        end: usize,
        next: usize,
        number: usize,
    ) -> Line<'a> {
        let mut r = Reading {
            number,
            start,
            end,
            next,
            c: Cursor {
                off: from,
                col: 0,
                end,
            },
            quote_end: start,
        };
        // 1. the open containers this line continues
        let matched = self.match_containers(&mut r);
        let all = matched == self.stack.len();
        // 2. the open leaf, when every container goes on
        let ns = self.nonspace(&r.c);
        let fresh_callout = self.fresh_callout.take();
        if all {
            if let Some(line) = self.continue_leaf(&mut r, ns) {
                return line;
            }
        }
        let para_goes_on = all && !ns.blank && matches!(self.leaf, Leaf::Paragraph | Leaf::Table);
        // a callout with nothing but its title takes a lazy line as its body
        let lazy_callout = !all
            && !ns.blank
            && self.leaf == Leaf::None
            && fresh_callout.is_some_and(|id| id == self.innermost());
        // 3. new blocks
        let opened = self.open_blocks(
            &mut r,
            matched,
            para_goes_on && self.leaf == Leaf::Paragraph,
            self.leaf == Leaf::Paragraph || lazy_callout,
        );
        // 4. the rest of the line, when no leaf opened
        let (content, kind) = match opened.leaf {
            Some(leaf) => leaf,
            None => {
                let ns = self.nonspace(&r.c);
                if !opened.any
                    && !all
                    && !ns.blank
                    && (self.leaf == Leaf::Paragraph || lazy_callout)
                {
                    // a lazy continuation line: the containers stay open
                    self.paragraph_line(&r, ns.off);
                    return self.line(&r, ns.off, Kind::Paragraph);
                }
                (
                    ns.off,
                    self.plain_line(&r, ns, opened.matched, para_goes_on),
                )
            }
        };
        let kind = match opened.title_depth {
            Some(d) => self.end_title(d, kind),
            None => kind,
        };
        self.mark_filled(matched, kind != Kind::Blank);
        self.line(&r, content, kind)
    }

    /// The line read by `r`, with its content from `content`, as `kind`, held
    /// by the containers open now.
    fn line(&self, r: &Reading, content: usize, kind: Kind<'a>) -> Line<'a> {
        Line {
            number: r.number,
            start: r.start,
            end: r.end,
            next: r.next,
            text: self.slice(r.start, r.end),
            content,
            quote_end: r.quote_end,
            depth: self.stack.len(),
            kind,
        }
    }

    /// Step 1: read the markers of the open containers the line continues
    /// (a `>`, an item's indentation, a footnote's four columns), outermost
    /// first, until one is not continued; how many are.
    fn match_containers(&self, r: &mut Reading) -> usize {
        let mut matched = 0;
        for k in 0..self.stack.len() {
            let ns = self.nonspace(&r.c);
            let ok = match self.stack[k].1 {
                Container::Quote => {
                    let ok = ns.indent <= 3 && self.byte(ns.off, &r.c) == b'>';
                    if ok {
                        self.advance(&mut r.c, ns.indent + 1, true);
                        if matches!(self.byte(r.c.off, &r.c), b' ' | b'\t') {
                            self.advance(&mut r.c, 1, true);
                        }
                        r.quote_end = r.c.off;
                    }
                    ok
                }
                Container::Item { width, filled } => {
                    if ns.indent >= width {
                        self.advance(&mut r.c, width, true);
                        true
                    } else if ns.blank && filled {
                        let n = ns.off - r.c.off;
                        self.advance(&mut r.c, n, false);
                        true
                    } else {
                        false
                    }
                }
                Container::Footnote => {
                    if ns.indent >= CODE_INDENT {
                        self.advance(&mut r.c, CODE_INDENT, true);
                    }
                    ns.indent >= CODE_INDENT || r.start == r.end
                }
            };
            if !ok {
                break;
            }
            matched += 1;
        }
        matched
    }

    /// Step 2, when every open container goes on: the line as a line of the
    /// open fenced code, indented code or HTML block, if it is one (`ns` is
    /// the line's first non-space after the containers). A paragraph or
    /// table leaf is left for the later steps.
    fn continue_leaf(&mut self, r: &mut Reading, ns: Nonspace) -> Option<Line<'a>> {
        match self.leaf {
            Leaf::Fenced {
                marker,
                len,
                indent,
            } => {
                if ns.indent <= 3
                    && self.byte(ns.off, &r.c) == marker
                    && close_fence(self.text.as_bytes(), ns.off, r.end, marker) >= len
                {
                    self.leaf = Leaf::None;
                    return Some(self.line(r, ns.off, Kind::FenceClose));
                }
                let mut i = indent;
                while i > 0 && matches!(self.byte(r.c.off, &r.c), b' ' | b'\t') {
                    self.advance(&mut r.c, 1, true);
                    i -= 1;
                }
                Some(self.line(r, r.c.off, Kind::Code))
            }
            Leaf::Indented => {
                if ns.indent >= CODE_INDENT {
                    self.advance(&mut r.c, CODE_INDENT, true);
                    return Some(self.line(r, r.c.off, Kind::IndentedCode));
                }
                if ns.blank {
                    return Some(self.line(r, ns.off, Kind::IndentedCode));
                }
                None
            }
            Leaf::Html(k) => {
                if k <= 5 || !ns.blank {
                    if html_ends(k, self.slice(ns.off, r.end)) {
                        self.leaf = Leaf::None;
                    }
                    return Some(self.line(r, r.c.off, Kind::Html(k)));
                }
                None
            }
            Leaf::Paragraph | Leaf::Table | Leaf::None => None,
        }
    }

    /// Step 3: open the containers the line starts, then the leaf it starts,
    /// if any. The first `matched` containers of the stack hold the line;
    /// `in_para` says the line continues a paragraph (so a setext underline
    /// or a table's delimiter row may follow, and some blocks cannot
    /// interrupt it), `maybe_lazy` that it may be a lazy continuation line
    /// (so it is no indented code).
    fn open_blocks(
        &mut self,
        r: &mut Reading,
        mut matched: usize,
        mut in_para: bool,
        mut maybe_lazy: bool,
    ) -> Opened<'a> {
        let mut any = false;
        let mut title_depth = None;
        let mut depth = 0;
        let leaf = loop {
            if depth > 0 {
                // the loop goes on after a container opened: the paragraph,
                // if any, is behind
                matched = self.stack.len();
                in_para = false;
                maybe_lazy = false;
                any = true;
            }
            depth += 1;
            let ns = self.nonspace(&r.c);
            let rest = self.slice(ns.off, r.end);
            if ns.indent >= CODE_INDENT {
                if maybe_lazy || ns.blank {
                    break None;
                }
                self.close_from(matched);
                self.advance(&mut r.c, CODE_INDENT, true);
                self.leaf = Leaf::Indented;
                break Some((r.c.off, Kind::IndentedCode));
            }
            if rest.starts_with('>') {
                self.open_quote(r, ns, matched, &mut title_depth);
                continue;
            }
            if let Some(leaf) = self.open_leaf(r, ns, rest, matched, in_para) {
                break Some(leaf);
            }
            if depth < MAX_OPEN {
                if let Some(n) = footnote_definition(rest) {
                    self.close_from(matched);
                    let n = ns.off + n - r.c.off;
                    self.advance(&mut r.c, n, false);
                    self.push(Container::Footnote);
                    continue;
                }
                if let Some((marker_len, _, _)) = list_marker(rest)
                    .filter(|&(_, start_one, empty)| !in_para || (start_one && !empty))
                {
                    self.open_item(r, ns, matched, marker_len);
                    continue;
                }
            }
            if in_para && self.table_header(rest) {
                self.leaf = Leaf::Table;
                self.para.clear();
                break Some((ns.off, Kind::Table));
            }
            break None;
        };
        Opened {
            leaf,
            matched,
            any,
            title_depth,
        }
    }

    /// Open a block quote whose `>` is at `ns`, inside the first `matched`
    /// containers. An Obsidian callout's title is then read as blocks that
    /// all end with the line: `title_depth` becomes the depth of the first
    /// callout opened on the line.
    fn open_quote(
        &mut self,
        r: &mut Reading,
        ns: Nonspace,
        matched: usize,
        title_depth: &mut Option<usize>,
    ) {
        self.close_from(matched);
        let n = ns.off + 1 - r.c.off;
        self.advance(&mut r.c, n, false);
        if let Some(title) = callout_title(self.slice(r.c.off, r.end)) {
            self.push(Container::Quote);
            r.quote_end = r.c.off + usize::from(self.byte(r.c.off, &r.c) == b' ');
            let n = r.end - title.len() - r.c.off;
            self.advance(&mut r.c, n, false);
            if title_depth.is_none() {
                self.fresh_callout = Some(self.innermost());
                *title_depth = Some(self.stack.len());
            }
            return;
        }
        if matches!(self.byte(r.c.off, &r.c), b' ' | b'\t') {
            self.advance(&mut r.c, 1, true);
        }
        r.quote_end = r.c.off;
        self.push(Container::Quote);
    }

    /// The leaf `rest` (from the first non-space `ns`, not indented as code)
    /// starts, inside the first `matched` containers: an ATX heading, a code
    /// fence, an HTML block, a setext underline (`in_para` only) or a
    /// thematic break; its content offset and kind.
    fn open_leaf(
        &mut self,
        r: &Reading,
        ns: Nonspace,
        rest: &'a str,
        matched: usize,
        in_para: bool,
    ) -> Option<(usize, Kind<'a>)> {
        if let Some((level, text)) = atx(rest) {
            self.close_from(matched);
            let text_at = ns.off + (rest.len() - rest.trim_start_matches('#').len());
            let h = Heading::new(level, text.to_string(), r.number, r.start);
            let content = skip_blanks(self.text.as_bytes(), text_at, r.end);
            return Some((content, Kind::Heading(h)));
        }
        if let Some((marker, len, info)) = open_fence(rest) {
            self.close_from(matched);
            self.leaf = Leaf::Fenced {
                marker,
                len,
                indent: ns.off - r.c.off,
            };
            return Some((ns.off, Kind::FenceOpen { marker, len, info }));
        }
        if let Some(k) = html_start(rest).filter(|&k| k < 7 || !in_para) {
            self.close_from(matched);
            if !html_ends(k, rest) {
                self.leaf = Leaf::Html(k);
            }
            return Some((r.c.off, Kind::Html(k)));
        }
        if in_para {
            if let Some(level) = setext(rest) {
                let h = self.setext_heading(level);
                self.close_from(matched);
                return Some((ns.off, Kind::SetextUnderline(h)));
            }
        }
        if thematic_break(rest) {
            self.close_from(matched);
            return Some((ns.off, Kind::ThematicBreak));
        }
        None
    }

    /// Open a list item whose marker, `marker_len` bytes, is at `ns`, inside
    /// the first `matched` containers: its content is indented by the
    /// marker and 1 to 4 columns after it (1 when there are more, or
    /// nothing follows).
    fn open_item(&mut self, r: &mut Reading, ns: Nonspace, matched: usize, marker_len: usize) {
        self.close_from(matched);
        let marker_offset = ns.indent;
        let n = ns.off + marker_len - r.c.off;
        self.advance(&mut r.c, n, false);
        let saved = r.c;
        while r.c.col - saved.col <= 5 && matches!(self.byte(r.c.off, &r.c), b' ' | b'\t') {
            self.advance(&mut r.c, 1, true);
        }
        let spaces = r.c.col - saved.col;
        let padding = if !(1..5).contains(&spaces) || r.c.off >= r.end {
            r.c = saved;
            if spaces > 0 {
                self.advance(&mut r.c, 1, true);
            }
            marker_len + 1
        } else {
            marker_len + spaces
        };
        self.push(Container::Item {
            width: marker_offset + padding,
            filled: false,
        });
    }

    /// Step 4, when the line opens no leaf and is no lazy continuation line:
    /// close what it does not continue (containers past the first `matched`,
    /// a leaf other than a going-on paragraph or table), and read it as a
    /// blank line, a table row or a paragraph line (`ns` is its first
    /// non-space).
    fn plain_line(
        &mut self,
        r: &Reading,
        ns: Nonspace,
        matched: usize,
        para_goes_on: bool,
    ) -> Kind<'a> {
        if self.stack.len() > matched || (!para_goes_on && self.leaf != Leaf::None) {
            self.close_from(matched);
        }
        if ns.blank {
            Kind::Blank
        } else if para_goes_on && self.leaf == Leaf::Table {
            Kind::Table
        } else {
            self.paragraph_line(r, ns.off);
            Kind::Paragraph
        }
    }

    /// Add the line, with its content from `content`, to the paragraph,
    /// opening one if none is.
    fn paragraph_line(&mut self, r: &Reading, content: usize) {
        if self.leaf != Leaf::Paragraph {
            self.start_paragraph();
        }
        self.para.push((r.number, r.start, content, r.end));
    }

    /// End the blocks of a callout's title line (the callout at depth `d`
    /// stays open); a plain title line is [`Kind::Callout`].
    fn end_title(&mut self, d: usize, kind: Kind<'a>) -> Kind<'a> {
        self.close_from(d);
        self.para.clear();
        if matches!(kind, Kind::Paragraph | Kind::Blank) {
            Kind::Callout
        } else {
            kind
        }
    }

    /// The list items opened on this line, and the innermost one of the first
    /// `matched`, hold a block now if a deeper container opened or the line
    /// is `full` (not blank).
    fn mark_filled(&mut self, matched: usize, full: bool) {
        let n = self.stack.len();
        for k in matched.saturating_sub(1)..n {
            if let Some((_, Container::Item { filled, .. })) = self.stack.get_mut(k) {
                if k + 1 < n || full {
                    *filled = true;
                }
            }
        }
    }

    /// The current paragraph as a setext heading of `level`.
    fn setext_heading(&mut self, level: u8) -> Heading {
        let mut text = String::new();
        for &(_, _, a, b) in &self.para {
            let l = self.slice(a, b).trim();
            if !text.is_empty() && !l.is_empty() {
                text.push(' ');
            }
            text.push_str(l);
        }
        let (line, start) = self.para.first().map_or((0, 0), |p| (p.0, p.1));
        self.para.clear();
        Heading::new(level, text, line, start)
    }

    /// Whether `row` is a GFM table's delimiter row matching the paragraph's
    /// last line as its header.
    /// A paragraph whose delimiter row did not match is never a table.
    fn table_header(&mut self, row: &str) -> bool {
        let Some(&(_, _, a, b)) = self.para.last() else {
            return false;
        };
        let Some(cells) = delimiter_cells(row) else {
            return false;
        };
        let ok = !self.no_table && row_cells(self.slice(a, b)) == cells;
        self.no_table = !ok;
        ok
    }

    /// Open a paragraph.
    fn start_paragraph(&mut self) {
        self.leaf = Leaf::Paragraph;
        self.para.clear();
        self.no_table = false;
    }
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        self.step()
    }
}

/// The first `cc` (a doubled byte) in `b[from..end)`: its offset.
fn find2(b: &[u8], from: usize, end: usize, c: u8) -> Option<usize> {
    let end = end.min(b.len());
    let mut i = from;
    while i + 1 < end {
        if b[i] == c && b[i + 1] == c {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Past the code span whose backtick run starts at `i` (a run preceded by an
/// odd number of backslashes starts one later), or past the run when no run of
/// the same length closes it on the line.
fn code_span_end(b: &[u8], i: usize, end: usize) -> usize {
    let slashes = b[..i].iter().rev().take_while(|&&c| c == b'\\').count();
    let open = if slashes % 2 == 1 { i + 1 } else { i };
    let run = b[open..end].iter().take_while(|&&c| c == b'`').count();
    if run == 0 {
        return open.max(i + 1);
    }
    let mut j = open + run;
    while j < end {
        if b[j] == b'`' {
            let r = b[j..end].iter().take_while(|&&c| c == b'`').count();
            if r == run {
                return j + r;
            }
            j += r;
        } else {
            j += 1;
        }
    }
    open + run
}

/// Skip spaces and tabs.
fn skip_blanks(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

/// An ATX heading at the start of `rest`: its level and text (closing `#`s
/// and surrounding blanks removed).
fn atx(rest: &str) -> Option<(u8, &str)> {
    let after = rest.trim_start_matches('#');
    let level = rest.len() - after.len();
    if !(1..=6).contains(&level) || !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let text = after.trim_matches([' ', '\t']);
    let closed = text.trim_end_matches('#');
    let text = if closed.is_empty() {
        closed
    } else if closed.ends_with([' ', '\t']) {
        closed.trim_end_matches([' ', '\t'])
    } else {
        text
    };
    Some((level as u8, text))
}

/// The title of an Obsidian callout, when `after` (the text after a `>`)
/// opens one: `[!type]`, an optional `+` or `-`, then the end of the line or
/// whitespace before the title.
fn callout_title(after: &str) -> Option<&str> {
    let input = after.strip_prefix(' ').unwrap_or(after);
    let rest = input.strip_prefix("[!")?;
    let close = rest.find(']')?;
    if close == 0 {
        return None;
    }
    let after_close = rest.get(close + 1..)?;
    let after_close = after_close.strip_prefix(['+', '-']).unwrap_or(after_close);
    match after_close.chars().next() {
        None => Some(""),
        Some(c) if c.is_whitespace() => after_close.get(c.len_utf8()..),
        Some(_) => None,
    }
}

/// A footnote definition's marker at the start of `rest` (`[^name]:` and
/// the blanks after it): its length.
fn footnote_definition(rest: &str) -> Option<usize> {
    let name = rest.strip_prefix("[^")?;
    let n = name
        .bytes()
        .take_while(|c| !matches!(c, b']' | b' ' | b'\t' | b'\r' | b'\n'))
        .count();
    if n == 0 || !name.get(n..)?.starts_with("]:") {
        return None;
    }
    let at = 2 + n + 2;
    Some(at + skip_blanks(rest.as_bytes(), at, rest.len()) - at)
}

/// An opening code fence at the start of `rest`: marker, run length, info.
fn open_fence(rest: &str) -> Option<(u8, usize, &str)> {
    let marker = *rest.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&c| c == marker).count();
    if len < 3 {
        return None;
    }
    let info = rest.get(len..)?;
    if marker == b'`' && info.contains('`') {
        return None;
    }
    Some((marker, len, info.trim()))
}

/// The length of a closing fence of `marker` at `b[at..end)` (0 when the line
/// holds anything else after the run).
fn close_fence(b: &[u8], at: usize, end: usize, marker: u8) -> usize {
    let end = end.min(b.len());
    let run = b[at.min(end)..end]
        .iter()
        .take_while(|&&c| c == marker)
        .count();
    let rest_blank = b[(at + run).min(end)..end]
        .iter()
        .all(|&c| c == b' ' || c == b'\t');
    if run >= 3 && rest_blank { run } else { 0 }
}

/// A setext underline: `=` → 1, `-` → 2.
fn setext(rest: &str) -> Option<u8> {
    let t = rest.trim_end_matches([' ', '\t']);
    let c = t.bytes().next()?;
    if !t.bytes().all(|x| x == c) {
        return None;
    }
    match c {
        b'=' => Some(1),
        b'-' => Some(2),
        _ => None,
    }
}

/// `***`, `---`, `___` (three or more, spaces and tabs between).
fn thematic_break(rest: &str) -> bool {
    let Some(c) = rest.bytes().next() else {
        return false;
    };
    if !matches!(c, b'*' | b'-' | b'_') {
        return false;
    }
    let mut n = 0;
    for x in rest.bytes() {
        if x == c {
            n += 1;
        } else if x != b' ' && x != b'\t' {
            return false;
        }
    }
    n >= 3
}

/// A list marker at the start of `rest`: its length, whether it may interrupt
/// a paragraph as a marker goes (a bullet, or the number 1), and whether
/// nothing follows it.
fn list_marker(rest: &str) -> Option<(usize, bool, bool)> {
    let b = rest.as_bytes();
    let (len, one) = match b.first()? {
        b'-' | b'+' | b'*' => (1, true),
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(b.get(digits), Some(b'.' | b')')) {
                return None;
            }
            let n = rest.get(..digits)?;
            (digits + 1, n.trim_start_matches('0') == "1")
        }
        _ => return None,
    };
    match b.get(len) {
        None => Some((len, one, true)),
        Some(b' ' | b'\t') => {
            let empty = b[len..].iter().all(|&c| c == b' ' || c == b'\t');
            Some((len, one, empty))
        }
        _ => None,
    }
}

/// The HTML block kind (1 to 7) that `rest` opens, if any.
fn html_start(rest: &str) -> Option<u8> {
    let b = rest.as_bytes();
    if b.first() != Some(&b'<') {
        return None;
    }
    let after = rest.get(1..)?;
    if after.starts_with("!--") {
        return Some(2);
    }
    if after.starts_with('?') {
        return Some(3);
    }
    if after.starts_with("![CDATA[") {
        return Some(5);
    }
    if after.starts_with('!') && after.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
        return Some(4);
    }
    let closing = after.starts_with('/');
    let name_from = if closing { 2 } else { 1 };
    let name_len = b[name_from.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = rest
        .get(name_from..name_from + name_len)?
        .to_ascii_lowercase();
    let next = b.get(name_from + name_len).copied();
    if !closing
        && RAW_TAGS.contains(&name.as_str())
        && matches!(next, None | Some(b' ' | b'\t' | b'>'))
    {
        return Some(1);
    }
    if BLOCK_TAGS.contains(&name.as_str())
        && (matches!(next, None | Some(b' ' | b'\t' | b'>'))
            || (next == Some(b'/') && b.get(name_from + name_len + 1) == Some(&b'>')))
    {
        return Some(6);
    }
    let tag_end = if closing {
        closing_tag(rest)
    } else {
        open_tag(rest)
    }?;
    let tail_blank = rest.get(tag_end..)?.trim_matches([' ', '\t']).is_empty();
    tail_blank.then_some(7)
}

/// Whether the HTML block of `kind` ends on a line holding `rest`.
fn html_ends(kind: u8, rest: &str) -> bool {
    match kind {
        1 => {
            let l = rest.to_ascii_lowercase();
            RAW_TAGS.iter().any(|t| l.contains(&format!("</{t}>")))
        }
        2 => rest.contains("-->"),
        3 => rest.contains("?>"),
        4 => rest.contains('>'),
        5 => rest.contains("]]>"),
        _ => false,
    }
}

/// Past a tag name (`[A-Za-z][A-Za-z0-9-]*`) at `b[i..]`.
fn tag_name(b: &[u8], i: usize) -> Option<usize> {
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let n = b[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    Some(i + n)
}

/// Past a complete open tag at the start of `s` (`<name attr="v" …>`).
fn open_tag(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = tag_name(b, 1)?;
    loop {
        let at = skip_blanks(b, i, b.len());
        match b.get(at) {
            Some(b'>') => return Some(at + 1),
            Some(b'/') => return (b.get(at + 1) == Some(&b'>')).then_some(at + 2),
            Some(c) if at > i && (c.is_ascii_alphabetic() || *c == b'_' || *c == b':') => {
                i = at
                    + b[at..]
                        .iter()
                        .take_while(|c| {
                            c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'-')
                        })
                        .count();
                let eq = skip_blanks(b, i, b.len());
                if b.get(eq) != Some(&b'=') {
                    continue;
                }
                i = skip_blanks(b, eq + 1, b.len());
                match b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let close = b[i + 1..].iter().position(|c| c == q)?;
                        i += close + 2;
                    }
                    _ => {
                        let n = b[i..]
                            .iter()
                            .take_while(|c| {
                                !matches!(
                                    c,
                                    b' ' | b'\t' | b'"' | b'\'' | b'=' | b'<' | b'>' | b'`'
                                )
                            })
                            .count();
                        if n == 0 {
                            return None;
                        }
                        i += n;
                    }
                }
            }
            _ => return None,
        }
    }
}

/// Past a closing tag at the start of `s` (`</name >`).
fn closing_tag(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let i = skip_blanks(b, tag_name(b, 2)?, b.len());
    (b.get(i) == Some(&b'>')).then_some(i + 1)
}

/// Split a table row into cells at unescaped `|`s: how many.
fn row_cells(row: &str) -> usize {
    let t = row.trim_matches([' ', '\t']);
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = match t.strip_suffix('|') {
        Some(x) if !x.ends_with('\\') => x,
        _ => t,
    };
    let b = t.as_bytes();
    let pipes = (0..b.len())
        .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
        .count();
    pipes + 1
}

/// A delimiter row (`| --- | :-: |`): its number of cells.
fn delimiter_cells(row: &str) -> Option<usize> {
    let t = row.trim_matches([' ', '\t']);
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut n = 0;
    for cell in t.split('|') {
        let c = cell.trim_matches([' ', '\t']);
        let c = c.strip_prefix(':').unwrap_or(c);
        let c = c.strip_suffix(':').unwrap_or(c);
        if c.is_empty() || !c.bytes().all(|x| x == b'-') {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// Length of a heading's title: its text without trailing ` ^block-id` and
/// ` #tags` (all of it when nothing would be left).
fn title_len(text: &str) -> usize {
    let mut t = text.trim_end();
    while let Some(p) = t.rfind([' ', '\t']) {
        let word = &t[p + 1..];
        let block = word.strip_prefix('^').is_some_and(|id| {
            !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        let tag = word.strip_prefix('#').is_some_and(|tag| {
            !tag.is_empty()
                && tag.chars().all(crate::parse::syntax::is_tag_char)
                && !tag.chars().all(|c| c.is_ascii_digit())
        });
        if !(block || tag) {
            break;
        }
        t = t[..p].trim_end();
    }
    if t.is_empty() { text.len() } else { t.len() }
}

/// A heading's section, by line numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading.
    pub heading: Heading,
    /// The section's first line: the heading's first line.
    pub start: usize,
    /// The line just past the section: the first line of the next heading of
    /// the same or a higher level in the same container or outside it, the
    /// first line outside the heading's container, or the number of lines.
    pub end: usize,
    /// How many containers hold the heading.
    pub depth: usize,
}

/// Every heading's section, in the order of the headings.
pub fn sections(text: &str) -> Vec<Section> {
    let mut sc = Scanner::new(text);
    let mut out: Vec<Section> = Vec::new();
    // open sections: index in `out` and the id of the heading's container
    let mut open: Vec<(usize, u32)> = Vec::new();
    let mut lines = 0;
    while let Some(line) = sc.next() {
        lines = line.number + 1;
        open.retain(|&(k, id)| {
            let s = &out[k];
            let inside = sc.holds(s.depth, id);
            if !inside {
                out[k].end = line.number;
            }
            inside
        });
        let Some(h) = line.heading() else {
            continue;
        };
        open.retain(|&(k, _)| {
            let s = &out[k];
            let ends = h.level <= s.heading.level && line.depth <= s.depth;
            if ends {
                out[k].end = h.line;
            }
            !ends
        });
        open.push((out.len(), sc.innermost()));
        out.push(Section {
            heading: h.clone(),
            start: h.line,
            end: 0,
            depth: line.depth,
        });
    }
    for (k, _) in open {
        out[k].end = lines;
    }
    out
}

/// Remove HTML comments (`<!-- … -->`, `<!-->`, `<!--->`) from inline text,
/// outside code spans; line ends inside a comment are kept. An unclosed
/// `<!--` is text, as CommonMark reads it.
pub fn strip_html_comments(s: &str) -> Cow<'_, str> {
    if !s.contains("<!--") {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'`' => {
                let line_end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p);
                i = code_span_end(b, i, line_end);
            }
            b'<' if s[i..].starts_with("<!--") => {
                let body = &s[i + 4..];
                let close = if body.starts_with('>') {
                    Some(i + 5)
                } else if body.starts_with("->") {
                    Some(i + 6)
                } else {
                    body.find("-->").map(|p| i + 4 + p + 3)
                };
                let Some(close) = close else {
                    break;
                };
                out.push_str(&s[last..i]);
                out.extend(s[i..close].matches('\n'));
                last = close;
                i = close;
            }
            _ => i += 1,
        }
    }
    out.push_str(&s[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The kind of every line, as a short name.
    fn kinds(text: &str) -> Vec<&'static str> {
        Scanner::new(text)
            .map(|l| match l.kind {
                Kind::Blank => "blank",
                Kind::Paragraph => "para",
                Kind::Table => "table",
                Kind::Heading(_) => "h",
                Kind::Callout => "callout",
                Kind::SetextUnderline(_) => "setext",
                Kind::ThematicBreak => "hr",
                Kind::FenceOpen { .. } => "open",
                Kind::Code => "code",
                Kind::FenceClose => "close",
                Kind::IndentedCode => "indented",
                Kind::Html(_) => "html",
                Kind::Comment => "comment",
            })
            .collect()
    }

    fn headings(text: &str) -> Vec<(u8, String, usize)> {
        Scanner::new(text)
            .filter_map(|l| l.heading().map(|h| (h.level, h.text.clone(), h.line)))
            .collect()
    }

    fn strip(text: &str) -> String {
        let mut out = String::new();
        let mut sc = Scanner::with_comments(text);
        while let Some(l) = sc.next() {
            let mut at = l.start;
            for &(a, b) in sc.comments() {
                out.push_str(&text[at..a]);
                at = b;
            }
            out.push_str(&text[at..l.next]);
        }
        out
    }

    #[test]
    fn atx_headings() {
        assert_eq!(
            headings("# One\n## Two ##\n### C#\n#### #\n####### seven\n#hashtag\n   ## indented\n"),
            vec![
                (1, "One".into(), 0),
                (2, "Two".into(), 1),
                (3, "C#".into(), 2),
                (4, "".into(), 3),
                (2, "indented".into(), 6),
            ]
        );
        assert_eq!(kinds("    # code\n"), ["indented"]);
        let l = Scanner::new("##   Title  \n").next().unwrap();
        assert_eq!(&"##   Title  "[l.content..], "Title  ");
    }

    #[test]
    fn setext_headings_and_thematic_breaks() {
        let text = "Open\nquestions\n---\n\n---\nTitle\n===\n- - -\npara\n***\n";
        assert_eq!(
            headings(text),
            vec![(2, "Open questions".into(), 0), (1, "Title".into(), 5)]
        );
        assert_eq!(
            kinds(text),
            [
                "para", "para", "setext", "blank", "hr", "para", "setext", "hr", "para", "hr"
            ]
        );
        let h = Scanner::new(text).nth(2).unwrap();
        assert_eq!(h.heading().unwrap().start, 0);
    }

    #[test]
    fn headings_in_quotes_callouts_and_list_items() {
        let text =
            "> [!note] Notes\n> ## Open questions\n> text\n\n- ## In item\n  Setext\n  ---\n";
        assert_eq!(
            headings(text),
            vec![
                (2, "Open questions".into(), 1),
                (2, "In item".into(), 4),
                (2, "Setext".into(), 5),
            ]
        );
        let lines: Vec<Line> = Scanner::new(text).collect();
        assert_eq!(lines[1].depth, 1);
        assert_eq!(lines[1].quote_end, lines[1].start + 2);
        assert_eq!(lines[3].depth, 0, "a blank line ends the quote");
        assert_eq!(lines[4].depth, 1);
        assert_eq!(lines[6].depth, 1);
    }

    #[test]
    fn heading_titles_drop_block_ids_and_tags() {
        let h = |t: &str| Scanner::new(t).next().unwrap().heading().unwrap().clone();
        let a = h("## Open questions ^q1");
        assert_eq!(a.title(), "Open questions");
        assert_eq!(a.key, "openquestions");
        assert_eq!(
            h("## Open questions #private #a/b").title(),
            "Open questions"
        );
        assert_eq!(h("## Open questions #123").title(), "Open questions #123");
        assert_eq!(h("## #private").title(), "#private");
        assert_eq!(h("## Issue#5").title(), "Issue#5");
        assert_eq!(h("## Sub ^x #t ^y").title(), "Sub");
    }

    #[test]
    fn fenced_code() {
        let text = "```rust\n# not\n~~~\n``\n```\nafter\n~~~ info\ncode\n~~~~\n";
        assert_eq!(
            kinds(text),
            [
                "open", "code", "code", "code", "close", "para", "open", "code", "close"
            ]
        );
        // a short closing run does not close; an info string with a backtick opens none
        assert_eq!(kinds("````\n```\n````\n"), ["open", "code", "close"]);
        assert_eq!(kinds("``` a`b\n"), ["para"]);
        let l = Scanner::new("~~~ text {.x}\n").next().unwrap();
        assert_eq!(
            l.kind,
            Kind::FenceOpen {
                marker: b'~',
                len: 3,
                info: "text {.x}"
            }
        );
        // the fence's indentation is removed from its lines
        let text = "  ```\n    x\n y\n  ```\n";
        let c: Vec<&str> = Scanner::new(text)
            .filter(|l| l.kind == Kind::Code)
            .map(|l| &text[l.content..l.end])
            .collect();
        assert_eq!(c, ["  x", "y"]);
        // an unclosed fence runs to the end
        assert_eq!(kinds("```\n# a\n\n"), ["open", "code", "code"]);
    }

    #[test]
    fn fences_end_with_their_container() {
        assert_eq!(
            kinds("- item\n  ```\n  code\n\n  more\nout\n"),
            ["para", "open", "code", "code", "code", "para"]
        );
        assert_eq!(kinds("> ```\n> code\n# heading\n"), ["open", "code", "h"]);
        assert_eq!(kinds("> ```\n> code\n\n"), ["open", "code", "blank"]);
    }

    #[test]
    fn indented_code() {
        assert_eq!(
            kinds("para\n    not code\n\n    code\n\n    more\nend\n"),
            [
                "para", "para", "blank", "indented", "indented", "indented", "para"
            ]
        );
        // inside a list item, four columns past the item's content
        assert_eq!(
            kinds("- a\n\n      code\n    para\n"),
            ["para", "blank", "indented", "para"]
        );
        assert_eq!(kinds("\t# tab\n"), ["indented"]);
    }

    #[test]
    fn html_blocks() {
        assert_eq!(
            kinds("<div>\n# not a heading\n</div>\n\n# heading\n"),
            ["html", "html", "html", "blank", "h"]
        );
        assert_eq!(
            kinds("<!-- a\n\n# b\n-->\n# c\n"),
            ["html", "html", "html", "html", "h"]
        );
        assert_eq!(kinds("<!-- one line -->\n# c\n"), ["html", "h"]);
        assert_eq!(
            kinds("<script>\n\n# x\n</SCRIPT>\n# y\n"),
            ["html", "html", "html", "html", "h"]
        );
        assert_eq!(kinds("<?php\n# x\n?>\n"), ["html", "html", "html"]);
        assert_eq!(kinds("<!DOCTYPE html>\n# x\n"), ["html", "h"]);
        assert_eq!(kinds("<![CDATA[\n# x\n]]>\n"), ["html", "html", "html"]);
        // kind 7: a lone complete tag, which cannot interrupt a paragraph
        assert_eq!(kinds("<custom-tag a=\"1\">\n# x\n"), ["html", "html"]);
        assert_eq!(kinds("para\n<custom-tag>\n"), ["para", "para"]);
        assert_eq!(kinds("para\n<div>\n"), ["para", "html"]);
        assert_eq!(kinds("<in chat> said\n"), ["para"]);
        assert_eq!(kinds("</span>\n</pre>\n"), ["html", "html"]);
        // an HTML block ends with its container
        assert_eq!(kinds("> <div>\n> x\n# h\n"), ["html", "html", "h"]);
    }

    #[test]
    fn list_items() {
        // a continuation needs the item's content indentation
        let lines: Vec<Line> = Scanner::new("1. one\n   two\n  three\nfour\n").collect();
        let depths: Vec<usize> = lines.iter().map(|l| l.depth).collect();
        assert_eq!(depths, [1, 1, 1, 1], "lazy continuation lines stay");
        let lines: Vec<Line> = Scanner::new("- a\n\n  b\n\nc\n").collect();
        let depths: Vec<usize> = lines.iter().map(|l| l.depth).collect();
        assert_eq!(depths, [1, 1, 1, 1, 0]);
        // only a bullet or 1. interrupts a paragraph, and not an empty one
        assert_eq!(kinds("a\n2. b\n-\n"), ["para", "para", "setext"]);
        let lines: Vec<Line> = Scanner::new("a\n1. b\n").collect();
        assert_eq!(lines[1].depth, 1);
        // an item that starts blank holds one blank line at most
        let lines: Vec<Line> = Scanner::new("-\n  a\n-\n\n  b\n").collect();
        let depths: Vec<usize> = lines.iter().map(|l| l.depth).collect();
        assert_eq!(depths, [1, 1, 1, 0, 0]);
        assert_eq!(kinds("- - -\n* a\n"), ["hr", "para"]);
        // five spaces after the marker: content at one, the rest is code
        assert_eq!(kinds("-     code\n"), ["indented"]);
    }

    #[test]
    fn lazy_continuation() {
        let lines: Vec<Line> = Scanner::new("> a\nb\n> c\n\nd\n").collect();
        let depths: Vec<usize> = lines.iter().map(|l| l.depth).collect();
        assert_eq!(depths, [1, 1, 1, 0, 0]);
        // no lazy continuation of code
        let lines: Vec<Line> = Scanner::new(">     code\nb\n").collect();
        assert_eq!(lines[1].depth, 0);
        // a lazy line that would be a setext underline is a paragraph line
        assert_eq!(kinds("> a\n---\n"), ["para", "hr"]);
    }

    #[test]
    fn tables() {
        assert_eq!(
            kinds("| a | b |\n|---|:-:|\n| 1 | 2 |\nrow\n\n---\n"),
            ["para", "table", "table", "table", "blank", "hr"]
        );
        // a table is not a paragraph: no setext underline, no lazy line
        assert_eq!(
            kinds("a | b\n--|--\nc | d\n---\n"),
            ["para", "table", "table", "hr"]
        );
        let lines: Vec<Line> = Scanner::new("> a | b\n> --|--\nc\n").collect();
        assert_eq!(lines[2].depth, 0);
        // a cell count that differs: no table
        assert_eq!(kinds("a | b\n|---|\n"), ["para", "para"]);
    }

    #[test]
    fn offsets_and_line_ends() {
        let text = "a\r\n\r\n> b\nc";
        let lines: Vec<Line> = Scanner::new(text).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].text, "a");
        assert_eq!(lines[0].next, 3);
        assert_eq!(lines[1].kind, Kind::Blank);
        assert_eq!(&text[lines[2].content..lines[2].end], "b");
        assert_eq!(lines[3].next, text.len());
        assert!(Scanner::new("").next().is_none());
        let l: Vec<Line> = Scanner::starting_at("x\n# h\n", 2, 7).collect();
        assert_eq!((l[0].number, l[0].start), (7, 2));
    }

    #[test]
    fn comments_inline_and_multiline() {
        assert_eq!(
            strip("a %%secret%% b\n%%\nblock\nmore\n%%\nafter\n"),
            "a  b\n\n\n\n\nafter\n"
        );
        assert_eq!(strip("keep %%hide\nall\n"), "keep \n\n");
        let k: Vec<Kind> = Scanner::with_comments("%%\n# x\n%%\n")
            .map(|l| l.kind)
            .collect();
        assert_eq!(k[1], Kind::Comment);
    }

    #[test]
    fn comments_not_in_code() {
        assert_eq!(
            strip("`a %% b` x %%gone%%\n```\n%% kept %%\n```\n\n    %% code %%\n"),
            "`a %% b` x \n```\n%% kept %%\n```\n\n    %% code %%\n"
        );
        // a fence left open in a list item ends with the item
        assert_eq!(
            strip("- a\n  ```\n  %%code%%\nout %%gone%%\n"),
            "- a\n  ```\n  %%code%%\nout \n"
        );
        // an escaped backtick opens no code span; inside a span a backslash is text
        assert_eq!(strip("\\` %%gone%% `\n"), "\\`  `\n");
        assert_eq!(strip("\\\\`%%kept%%`\n"), "\\\\`%%kept%%`\n");
        assert_eq!(strip("`a\\` %%gone%% `\n"), "`a\\`  `\n");
        // a comment inside an HTML block is a comment
        assert_eq!(strip("<div>\n`%%x%%`\n</div>\n"), "<div>\n``\n</div>\n");
        // a comment hides the structure it spans: no fence opens inside it
        assert_eq!(strip("%%\n```\n%%\n%%x%%\n"), "\n\n\n\n");
    }

    #[test]
    fn sections_by_container() {
        let text =
            "# T\n## A\na\n### A1\nx\n## B\n> ## Q\n> q\n> ## R\n\nafter\n- ## L\n  l\n- m\n";
        let s: Vec<(String, usize, usize)> = sections(text)
            .into_iter()
            .map(|s| (s.heading.text, s.start, s.end))
            .collect();
        assert_eq!(
            s,
            vec![
                ("T".into(), 0, 14),
                ("A".into(), 1, 5),
                ("A1".into(), 3, 5),
                ("B".into(), 5, 14),
                ("Q".into(), 6, 8),
                ("R".into(), 8, 9),
                ("L".into(), 11, 13),
            ]
        );
        // a setext heading ends a section at its first line
        let s = sections("## A\nx\n\nB\n--\n");
        assert_eq!((s[0].end, s[1].start), (3, 3));
        // a `#` line in indented code or an HTML block ends nothing
        let s = sections("## A\n\n    # x\n\n<div>\n# y\n</div>\n");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].end, 7);
    }

    #[test]
    fn html_comments_leave_inline_text() {
        assert_eq!(
            strip_html_comments("a <!-- x --> b <!--> c <!---> d"),
            "a  b  c  d"
        );
        assert_eq!(strip_html_comments("a <!-- x\ny --> b"), "a \n b");
        assert_eq!(
            strip_html_comments("`<!-- kept -->` x"),
            "`<!-- kept -->` x"
        );
        assert_eq!(strip_html_comments("open <!-- never"), "open <!-- never");
        assert!(matches!(strip_html_comments("plain"), Cow::Borrowed(_)));
    }

    /// Lines of the shapes the scanner tells apart.
    fn structured() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just("## Open questions ^q1".to_string()),
            Just("# T".to_string()),
            Just("Open questions".to_string()),
            Just("---".to_string()),
            Just("===".to_string()),
            Just("> [!note] x".to_string()),
            Just("> ## Q".to_string()),
            Just(">".to_string()),
            Just("- item".to_string()),
            Just("1. item".to_string()),
            Just("  - nested".to_string()),
            Just("    code".to_string()),
            Just("\tcode".to_string()),
            Just("```".to_string()),
            Just("~~~ text".to_string()),
            Just("<div>".to_string()),
            Just("<!-- c".to_string()),
            Just("-->".to_string()),
            Just("%%".to_string()),
            Just("a %%b%% `%%` \\` c".to_string()),
            Just("| a | b |".to_string()),
            Just("|---|---|".to_string()),
            Just(String::new()),
            "[ \t>*#`~%<!-|\\\\a1.]{0,12}",
            "\\PC{0,12}",
        ];
        proptest::collection::vec(line, 0..40).prop_map(|v| v.join("\n"))
    }

    fn check(text: &str) -> Result<(), TestCaseError> {
        for comments in [false, true] {
            let mut sc = if comments {
                Scanner::with_comments(text)
            } else {
                Scanner::new(text)
            };
            let mut expect = 0;
            let mut at = 0;
            while let Some(l) = sc.next() {
                prop_assert_eq!(l.number, expect);
                prop_assert_eq!(l.start, at);
                prop_assert!(l.start <= l.content && l.content <= l.end.max(l.start));
                prop_assert!(l.start <= l.quote_end && l.quote_end <= l.end);
                prop_assert!(l.end <= l.next && l.next <= text.len() && l.next > l.start);
                prop_assert_eq!(l.text, &text[l.start..l.end]);
                prop_assert!(text.is_char_boundary(l.content));
                let mut last = l.start;
                for &(a, b) in sc.comments() {
                    prop_assert!(last <= a && a <= b && b <= l.end);
                    prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
                    last = b;
                }
                if let Some(h) = l.heading() {
                    prop_assert!(h.line <= l.number && h.start <= l.start);
                    prop_assert!((1..=6).contains(&h.level));
                }
                expect += 1;
                at = l.next;
            }
            prop_assert_eq!(at, text.len());
        }
        let n = text.split_inclusive('\n').count();
        for s in sections(text) {
            prop_assert!(s.start < s.end && s.end <= n);
        }
        let stripped = strip(text);
        prop_assert_eq!(stripped.matches('\n').count(), text.matches('\n').count());
        let h = strip_html_comments(text);
        prop_assert_eq!(h.matches('\n').count(), text.matches('\n').count());
        Ok(())
    }

    proptest! {
        #[test]
        fn scanner_never_panics(text in any::<String>()) {
            check(&text)?;
        }

        #[test]
        fn structured_text_keeps_invariants(text in structured()) {
            check(&text)?;
        }
    }
}

#[cfg(test)]
mod differential {
    use super::*;
    use comrak::nodes::NodeValue;
    use proptest::prelude::*;

    /// Heading lines (level, line), and the non-blank lines inside code
    /// blocks and HTML blocks, as comrak parses `text`.
    type Shape = (Vec<(u8, usize)>, Vec<usize>, Vec<usize>);

    /// None when the footnote reference put first to keep footnote
    /// definitions in the tree became a link.
    fn comrak_shape(text: &str) -> Option<Shape> {
        let arena = comrak::Arena::new();
        let doc = format!("[^1]\n\n{text}");
        let root = comrak::parse_document(&arena, &doc, &crate::parse::syntax::options());
        let referenced = root
            .descendants()
            .any(|n| matches!(n.data().value, NodeValue::FootnoteReference(_)));
        if !referenced && text.contains("[^1]:") {
            return None;
        }
        let lines: Vec<&str> = text.split('\n').collect();
        let blank = |i: usize| {
            lines.get(i).is_none_or(|l| {
                l.trim().is_empty() || l.trim_start_matches([' ', '>', '\t']).is_empty()
            })
        };
        let mut heads = std::collections::BTreeSet::new();
        let mut code = std::collections::BTreeSet::new();
        let mut html = std::collections::BTreeSet::new();
        for n in root.descendants() {
            let sp = n.data().sourcepos;
            let (a, b) = (
                sp.start.line.saturating_sub(3),
                sp.end.line.saturating_sub(3),
            );
            match &n.data().value {
                NodeValue::Heading(h) => {
                    heads.insert((h.level, a));
                }
                NodeValue::CodeBlock(c) => {
                    let from = if c.fenced { a + 1 } else { a };
                    let count = c.literal.lines().count();
                    code.extend((from..from + count).filter(|&i| !blank(i)));
                }
                NodeValue::HtmlBlock(_) => {
                    html.extend((a..=b).filter(|&i| !blank(i)));
                }
                _ => {}
            }
        }
        Some((
            heads.into_iter().collect(),
            code.into_iter().collect(),
            html.into_iter().collect(),
        ))
    }

    fn our_shape(text: &str) -> Shape {
        let lines: Vec<&str> = text.split('\n').collect();
        let blank = |i: usize| {
            lines.get(i).is_none_or(|l| {
                l.trim().is_empty() || l.trim_start_matches([' ', '>', '\t']).is_empty()
            })
        };
        let mut heads = std::collections::BTreeSet::new();
        let mut code = Vec::new();
        let mut html = Vec::new();
        for l in Scanner::new(text) {
            if let Some(h) = l.heading() {
                heads.insert((h.level, h.line));
            }
            match l.kind {
                Kind::Code | Kind::IndentedCode if !blank(l.number) => code.push(l.number),
                Kind::Html(_) if !blank(l.number) => html.push(l.number),
                _ => {}
            }
        }
        (heads.into_iter().collect(), code, html)
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("## H".to_string()),
            Just("# T #".to_string()),
            Just("Para".to_string()),
            Just("---".to_string()),
            Just("===".to_string()),
            Just("***".to_string()),
            Just("> ".to_string()),
            Just(">".to_string()),
            Just("> [!note] x".to_string()),
            Just("- ".to_string()),
            Just("-".to_string()),
            Just("1. ".to_string()),
            Just("2) ".to_string()),
            Just("  ".to_string()),
            Just("    ".to_string()),
            Just("\t".to_string()),
            Just("```".to_string()),
            Just("~~~".to_string()),
            Just("<div>".to_string()),
            Just("</div>".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("<span a=\"b\">".to_string()),
            Just("<pre>".to_string()),
            Just("</pre>".to_string()),
            Just("| a | b |".to_string()),
            Just("|---|---|".to_string()),
            Just("x".to_string()),
            Just("[^1]: ".to_string()),
            Just("> [!tip]- ".to_string()),
            Just(":-".to_string()),
            Just("+ ".to_string()),
            Just("*".to_string()),
            Just("<script>".to_string()),
            Just("</style>".to_string()),
            Just("<!-- c -->".to_string()),
            Just("<?x".to_string()),
            Just("?>".to_string()),
            Just(" ".to_string()),
            Just("#".to_string()),
            Just("10. ".to_string()),
        ]
    }

    fn doc() -> impl Strategy<Value = String> {
        let line = proptest::collection::vec(piece(), 0..4).prop_map(|v| v.concat());
        proptest::collection::vec(line, 0..14).prop_map(|v| v.join("\n"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn headings_agree_with_comrak(text in doc()) {
            if let Some(theirs) = comrak_shape(&text) {
                prop_assert_eq!(our_shape(&text), theirs, "{:?}", text);
            }
        }
    }
}
