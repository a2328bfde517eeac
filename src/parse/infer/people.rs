//! People a plain-Markdown meeting note names as present, read from its body.
//!
//! Archives kept as plain Markdown in a git repository list their people in a
//! handful of shapes (names here invented):
//!
//! - a section: a heading `Present`, `Attendees`, `Attendance`, `Participants`,
//!   `Attending`, `In attendance`, `People`, `Members present`, `Who`,
//!   `Introduction of attendees` or `Roll call` (any level, any case, bold or
//!   with a colon), or a paragraph that is only `**Attendees:**`, followed by
//!   a list (`* Ana Lima @alima (voting member)`, `- Dee Evans - Acme Corp`,
//!   `* Others: cy, Eve Fox (evefox)`, `* Lima, Ana`), a paragraph of names
//!   (comma separated or one a line; `Ana Lima, Acme` is a name and an
//!   organisation) or an attendee table;
//! - a labelled line anywhere: `Attendees: Ana, Bo and Cy`,
//!   `- People in attendance: Ana Lima, Bo Chen`;
//! - an attendee table: `| Name | Abbreviation | Organization |`;
//! - a paragraph of `Name (ABBR)` entries, as minutes of standards committees
//!   open with (`Ana Lima (AL), Bo Chen (BC), Cy Diaz (CD)`);
//! - role lines: `### Moderator: Ana Lima`, `**Notes**: Bo Chen`,
//!   `* Note-taker: scottmcm`, `Chair: …`, `Facilitator: …`, `Scribe: …`.
//!
//! Every entry must look like a name ([`name_like`]): one to five capitalised
//! words of letters, or a single handle-like token; sentences, emoticons,
//! placeholders (`TBD`, `none`, `forgot to record :)`) give nothing.
//!
//! [`find`] walks a parsed tree once (linear in its size) and gives the people
//! in document order, without duplicates.

use crate::parse::obsidian;
use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeValue};
use std::collections::{HashMap, HashSet};

/// A person the note lists as present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// The name as written, cleaned of markup, handle and parenthesised role (`Ana Lima`).
    pub name: String,
    /// A GitHub-style handle written beside the name, without `@` (`alima`), from
    /// `@alima`, a github.com profile link, or `(alima)` when the parenthesis
    /// holds a single handle-like token.
    pub handle: Option<String>,
    /// An abbreviation: from an attendee table's Abbreviation/Abbr/Initials
    /// column (`ABL`), from `Ana B. Lima (ABL)` when the letters are the name's,
    /// or the entry itself when it is an upper-case abbreviation (`Attendees: ABL, BC`).
    pub abbr: Option<String>,
    /// Organisation/affiliation column, `— Org`, `| Org` or `from Org` suffix,
    /// `, Org` in a list item, or the part after `@` in `plh@w3c`.
    pub organization: Option<String>,
    /// A role or note in parentheses (`voting member`, `Guest`, `TC`, `facilitator`), if any.
    pub note: Option<String>,
    /// 1-based body line (0 for names from [`split_names`]).
    pub line: usize,
}

/// A person named in a role line (`### Moderator: Ana Lima`, `Notes: Bo Chen`,
/// `* Note-taker: scottmcm`, `Facilitator: …`, `Chair: …`, `Scribe: …`, `Minutes: …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleLine {
    /// Lower-case role key: `moderator`, `notes`, `chair`, `facilitator` or `scribe`
    /// (see [`role_key`] for the labels each stands for).
    pub role: String,
    /// The name, cleaned as for [`Attendee::name`].
    pub name: String,
    /// A handle written beside the name, without `@`.
    pub handle: Option<String>,
    /// 1-based body line.
    pub line: usize,
}

/// What [`find`] gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// People listed as present, in document order, one per name (case-insensitive).
    pub attendees: Vec<Attendee>,
    /// Role lines, in document order, one per role and name.
    pub roles: Vec<RoleLine>,
}

/// Find attendees and role lines in a parsed note body (the tree
/// [`crate::parse::markdown`] parses with [`crate::parse::syntax::options`]; sourcepos
/// lines are body lines).
pub fn find<'a>(root: &'a AstNode<'a>) -> Found {
    let mut w = Walker::default();
    w.blocks(root, 0);
    let mut out = w.out;
    out.attendees = w.people.list;
    out
}

/// Parse `body` with [`crate::parse::syntax::options`] and call [`find`] (for tests
/// and callers without a tree).
pub fn find_in(body: &str) -> Found {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, body, &crate::parse::syntax::options());
    find(root)
}

/// Split a frontmatter people value written as one string (`"Ana Lima, Bo Chen
/// and Cy Diaz"`, `"Ana Lima; Bo Chen"`) into names; wikilinks `[[Ana Lima]]`
/// give their target, Markdown links their text; handles and parentheses are
/// read as in a note body. Lines are 0. Entries that are not name-like are
/// dropped; the same name twice is kept once.
pub fn split_names(s: &str) -> Vec<Attendee> {
    let text = demarkup(s);
    let mut out = People::default();
    for part in split_list(&text) {
        if let Some(p) = parse_entry(part, Mode::List) {
            out.push(p.into_attendee(0));
        }
    }
    out.list
}

// ---------------------------------------------------------------------------
// Labels

/// The role key a label stands for (`Note-taker` → `notes`), if it is a role label.
///
/// - `moderator`: Moderator(s), Moderated by (not `Host`, which names a venue as often as a person);
/// - `notes`: Notes, Notes by, Note taker (any spelling), Minutes, Minutes by,
///   Minute taker, Minutes scribe, Recorder;
/// - `chair`: Chair(s), Chairperson, Chairman, Chairwoman, Co-chair(s), Chaired by;
/// - `facilitator`: Facilitator(s), Facilitated by;
/// - `scribe`: Scribe(s), Scribed by, Action item(s) scribe.
pub fn role_key(label: &str) -> Option<&'static str> {
    let l = norm_label(label);
    let key = match l.as_str() {
        "moderator" | "moderators" | "moderated by" => "moderator",
        "notes" | "notes by" | "note" | "note taker" | "note-taker" | "notetaker"
        | "note takers" | "note-takers" | "notetakers" | "notes taken by" | "minutes"
        | "minutes by" | "minute taker" | "minute-taker" | "minutes taker" | "minutes scribe"
        | "minute scribe" | "recorder" => "notes",
        "chair" | "chairs" | "chairperson" | "chairman" | "chairwoman" | "co-chair"
        | "co-chairs" | "cochair" | "cochairs" | "chaired by" => "chair",
        "facilitator" | "facilitators" | "facilitated by" => "facilitator",
        "scribe" | "scribes" | "scribed by" | "action item scribe" | "action items scribe" => {
            "scribe"
        }
        _ => return None,
    };
    Some(key)
}

/// Whether a heading or label names the people present (`Attendees`, `In
/// attendance`, `People present`, `Attendees list`, `Attendees (12)`).
pub fn is_attendee_label(label: &str) -> bool {
    let l = norm_label(label);
    let l = l.strip_suffix(" list").unwrap_or(&l);
    matches!(
        l,
        "present"
            | "attendees"
            | "attendee"
            | "attendance"
            | "participants"
            | "participant"
            | "attending"
            | "in attendance"
            | "people"
            | "people present"
            | "people in attendance"
            | "people attending"
            | "members present"
            | "also present"
            | "others present"
            | "present members"
            | "who"
            | "meeting attendees"
            | "meeting participants"
            | "call attendees"
            | "call participants"
            | "remote attendees"
            | "remote participants"
            | "in-person attendees"
            | "in person attendees"
            | "introduction of attendees"
            | "introductions of attendees"
            | "attendee introductions"
            | "roll call"
    )
}

/// Lower case, collapsed spaces, without markup, a trailing colon, `(s)` or a
/// count in parentheses.
fn norm_label(label: &str) -> String {
    let t = label.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '_' | '#' | ':' | '=' | '~' | '`')
    });
    let mut t = t.to_lowercase();
    if let Some(p) = t.rfind('(') {
        let inner = t[p + 1..].trim_end_matches(')');
        if inner == "s"
            || inner
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace())
        {
            t.truncate(p);
        }
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `label: value`, in a list of names, is a person (a name of two
/// words or more) followed by what they do: the value is not a list of
/// capitalised names (`Remote: Ana Lima, Bo Chen` is a group).
fn person_and_description(label: &str, value: &str) -> bool {
    label.split_whitespace().count() >= 2
        && name_like(label)
        && !value.is_empty()
        && !split_list(value).iter().all(|part| {
            part.trim()
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
}

/// `Label: value` → (label, value) when the part before the first colon is
/// a short label of letters (1–5 words).
fn split_label(line: &str) -> Option<(&str, &str)> {
    let p = line.find(':')?;
    let label = line[..p].trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '_' | '#' | '-' | '>' | '`' | '=' | '~')
    });
    let value = line[p + 1..].trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    if label.is_empty() || label.split_whitespace().count() > 5 {
        return None;
    }
    if line[p + 1..].starts_with("//") {
        return None; // a URL
    }
    let bare = label.strip_suffix("(s)").unwrap_or(label);
    let ok = bare
        .chars()
        .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '-' | '/' | '\'' | '&'));
    ok.then_some((label, value))
}

// ---------------------------------------------------------------------------
// The walk

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Section {
    level: u8,
    /// Whether it has given a name yet.
    got: bool,
}

#[derive(Default)]
struct Walker {
    out: Found,
    people: People,
    seen_roles: HashSet<(&'static str, String)>,
    section: Option<Section>,
    /// The previous block was an attendee label with no value (`**Attendees:**`).
    pending: bool,
}

/// What a block is to the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Heading(u8),
    Paragraph,
    List,
    Table,
    /// A quote or callout: its blocks are walked in line.
    Quote,
    /// HTML, a thematic break: neither names nor an end of them.
    Transparent,
    /// A code block and the like: ends a list of names.
    Other,
}

/// How deep the walk follows nested lists, items and quotes.
const MAX_DEPTH: usize = 24;

impl Walker {
    fn blocks<'a>(&mut self, container: &'a AstNode<'a>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in container.children() {
            self.block(child, depth);
        }
    }

    fn attendee_mode(&self) -> bool {
        self.section.is_some() || self.pending
    }

    /// After a block: note whether it gave names (closing a section that has
    /// ended) and clear `pending` unless the block left a label open.
    fn after_block(&mut self, gave: usize, open_label: bool) {
        if let Some(s) = &mut self.section {
            if gave > 0 {
                s.got = true;
            } else if s.got {
                self.section = None;
            }
        }
        self.pending = open_label;
    }

    fn block<'a>(&mut self, node: &'a AstNode<'a>, depth: usize) {
        let kind = match &node.data().value {
            NodeValue::Heading(h) => Block::Heading(h.level),
            NodeValue::Paragraph => Block::Paragraph,
            NodeValue::List(_) => Block::List,
            NodeValue::Table(_) => Block::Table,
            NodeValue::BlockQuote
            | NodeValue::MultilineBlockQuote(_)
            | NodeValue::Callout(_)
            | NodeValue::Alert(_) => Block::Quote,
            NodeValue::HtmlBlock(_)
            | NodeValue::ThematicBreak
            | NodeValue::FrontMatter(_)
            | NodeValue::CalloutTitle => Block::Transparent,
            _ => Block::Other,
        };
        let mode = self.attendee_mode();
        match kind {
            Block::Heading(level) => self.heading(node, level),
            Block::Paragraph => {
                let lines = inline_lines(node);
                let (gave, open) = self.lines(&lines, mode, Mode::List, true);
                self.after_block(gave, open);
            }
            Block::List => {
                let gave = self.list(node, mode, depth + 1);
                self.after_block(gave, false);
            }
            Block::Table => {
                let gave = self.table(node, mode);
                self.after_block(gave, false);
            }
            Block::Quote => self.blocks(node, depth + 1),
            Block::Transparent => {}
            Block::Other => {
                // a code block or the like ends a list of names
                self.section = None;
                self.pending = false;
            }
        }
    }

    fn heading<'a>(&mut self, node: &'a AstNode<'a>, level: u8) {
        self.pending = false;
        let line = node.data().sourcepos.start.line;
        let text = inline_lines(node)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join(" ");
        let text = text.trim();
        let is_key = is_attendee_label(text);
        if let Some(s) = self.section {
            // a deeper heading inside the section keeps it open until names came
            if level <= s.level || (s.got && !is_key) {
                self.section = None;
            }
        }
        if is_key {
            self.section = Some(Section { level, got: false });
            return;
        }
        if let Some((label, value)) = split_label(text) {
            if let Some(role) = role_key(label) {
                self.roles(role, value, line);
            } else if is_attendee_label(label) {
                if value.is_empty() {
                    self.section = Some(Section { level, got: false });
                } else {
                    let gave = self.entries(value, Mode::List, line);
                    if gave > 0 {
                        self.section = None;
                    }
                }
            }
        }
    }

    /// Lines of a paragraph (or of an item's paragraph). `mode`: whether
    /// unlabelled lines are names; `unlabelled`: how such a line is read;
    /// `paragraph`: a top-level paragraph (may be a `Name (ABBR)` list).
    /// Gives (names found, whether the block ends with an open attendee
    /// label, so that the next block lists names).
    fn lines(
        &mut self,
        lines: &[(usize, String)],
        mode: bool,
        unlabelled: Mode,
        paragraph: bool,
    ) -> (usize, bool) {
        let mut gave = 0;
        let mut open = false;
        // whether unlabelled lines are names from here on
        let mut names = mode;
        for (line, text) in lines {
            let text = text.trim().trim_start_matches('#').trim_start();
            if text.is_empty() {
                continue;
            }
            if let Some((label, value)) = split_label(text) {
                if let Some(role) = role_key(label) {
                    self.roles(role, value, *line);
                    open = false;
                    continue;
                }
                let attendee = is_attendee_label(label);
                // `Wei Zhang: infrastructure, Terraform` in a list of names
                // is a person and what they do, not a group of names
                if names && !attendee && person_and_description(label, value) {
                    gave += self.entry(label, Mode::Item, *line);
                    open = false;
                    continue;
                }
                // (a bare `Attendees` line is handled below)
                if attendee || names {
                    // `Attendees: …`, or a group inside a list of names
                    // (`Team members: …`, `Remote:`)
                    if value.is_empty() {
                        open = true;
                        names = true;
                    } else {
                        gave += self.entries(value, Mode::List, *line);
                        open = false;
                    }
                    continue;
                }
            }
            if !text.contains(':')
                && text.split_whitespace().count() <= 4
                && is_attendee_label(text)
            {
                // `**Attendees**` or `#Attendees` alone on its line
                open = true;
                names = true;
                continue;
            }
            if names {
                gave += match unlabelled {
                    Mode::List if name_and_org(text) => self.entry(text, Mode::Item, *line),
                    Mode::List => self.entries(text, Mode::List, *line),
                    Mode::Item => self.entry(text, Mode::Item, *line),
                };
            }
            open = false;
        }
        if gave == 0 && !mode && !open && paragraph {
            let n = self.abbr_list(lines);
            if n > 0 {
                // a second paragraph may follow (`Remote:` and more names)
                return (n, true);
            }
        }
        (gave, open)
    }

    /// A paragraph of `Name (ABBR)` entries outside any attendee section:
    /// taken when every entry is name-like and most carry an abbreviation.
    fn abbr_list(&mut self, lines: &[(usize, String)]) -> usize {
        let mut parsed = Vec::new();
        for (line, text) in lines {
            for part in split_list(text) {
                match parse_entry(part, Mode::List) {
                    Some(p) => parsed.push((*line, p)),
                    None => return 0,
                }
            }
        }
        let with_abbr = parsed.iter().filter(|(_, p)| p.abbr_from_paren).count();
        if with_abbr < 3 || with_abbr * 10 < parsed.len() * 6 {
            return 0;
        }
        promote_abbrs(parsed.iter_mut().map(|(_, p)| p));
        let n = parsed.len();
        for (line, p) in parsed {
            self.people.push(p.into_attendee(line));
        }
        n
    }

    /// A comma list of names (`Ana, Bo Chen and Cy`). Taken only when at
    /// least two thirds of its parts are names: otherwise it is a sentence
    /// that happens to hold commas (`We fed it apples, pears, plums.`).
    fn entries(&mut self, value: &str, mode: Mode, line: usize) -> usize {
        let parts = split_list(value);
        let mut parsed: Vec<Parsed> = parts
            .iter()
            .filter_map(|part| parse_entry(part, mode))
            .collect();
        if parsed.len() * 3 < parts.len() * 2 {
            return 0;
        }
        let with_abbr = parsed.iter().filter(|p| p.abbr_from_paren).count();
        if with_abbr >= 3 && with_abbr * 10 >= parsed.len() * 6 {
            promote_abbrs(parsed.iter_mut());
        }
        let n = parsed.len();
        for p in parsed {
            self.people.push(p.into_attendee(line));
        }
        n
    }

    fn entry(&mut self, text: &str, mode: Mode, line: usize) -> usize {
        match parse_entry(text, mode) {
            Some(p) => {
                self.people.push(p.into_attendee(line));
                1
            }
            None => 0,
        }
    }

    fn roles(&mut self, role: &'static str, value: &str, line: usize) {
        let parts = split_list(value);
        let parsed: Vec<Parsed> = parts
            .iter()
            .filter_map(|part| parse_entry(part, Mode::List))
            .collect();
        if parsed.len() * 3 < parts.len() * 2 {
            return;
        }
        for p in parsed {
            if self.seen_roles.insert((role, name_key(&p.name))) {
                self.out.roles.push(RoleLine {
                    role: role.to_string(),
                    name: p.name,
                    handle: p.handle,
                    line,
                });
            }
        }
    }

    fn list<'a>(&mut self, list: &'a AstNode<'a>, mode: bool, depth: usize) -> usize {
        if depth > MAX_DEPTH {
            return 0;
        }
        let any_checked = list.children().any(|c| {
            matches!(&c.data().value, NodeValue::TaskItem(t) if t.symbol.is_some_and(|s| s != ' '))
        });
        let mut gave = 0;
        for item in list.children() {
            let skip = match &item.data().value {
                NodeValue::Item(_) => false,
                NodeValue::TaskItem(t) => any_checked && t.symbol.is_none_or(|s| s == ' '),
                _ => true,
            };
            if !skip {
                gave += self.item(item, mode, depth + 1);
            }
        }
        gave
    }

    fn item<'a>(&mut self, item: &'a AstNode<'a>, mode: bool, depth: usize) -> usize {
        if depth > MAX_DEPTH {
            return 0;
        }
        let mut gave = 0;
        let mut open = false;
        for child in item.children() {
            let kind = match &child.data().value {
                NodeValue::Paragraph => Block::Paragraph,
                NodeValue::List(_) => Block::List,
                NodeValue::Table(_) => Block::Table,
                _ => Block::Other,
            };
            match kind {
                Block::Paragraph => {
                    let lines = inline_lines(child);
                    let (g, o) = self.lines(&lines, mode, Mode::Item, false);
                    gave += g;
                    open = o;
                }
                Block::List => {
                    gave += self.list(child, mode || open, depth + 1);
                    open = false;
                }
                Block::Table => {
                    gave += self.table(child, mode || open);
                    open = false;
                }
                _ => {}
            }
        }
        gave
    }

    fn table<'a>(&mut self, table: &'a AstNode<'a>, mode: bool) -> usize {
        let mut rows = table.children();
        let Some(header) = rows.next() else {
            return 0;
        };
        let heads: Vec<String> = header
            .children()
            .map(|c| norm_label(&cell_text(c)))
            .collect();
        let find = |keys: &[&str]| heads.iter().position(|h| keys.contains(&h.as_str()));
        let explicit = [
            "attendee",
            "attendees",
            "delegate",
            "delegates",
            "person",
            "participant",
            "participants",
        ];
        let name_col = find(&["name", "names", "full name"]).or_else(|| find(&explicit));
        let Some(name_col) = name_col else {
            return 0;
        };
        let abbr_col = find(&[
            "abbreviation",
            "abbreviations",
            "abbr",
            "abbr.",
            "abbrev",
            "abbrev.",
            "initials",
        ]);
        let org_col = find(&[
            "organization",
            "organisation",
            "organizations",
            "organisations",
            "org",
            "company",
            "affiliation",
            "employer",
            "member company",
            "member organization",
            "member organisation",
        ]);
        let is_explicit = explicit.contains(&heads[name_col].as_str());
        if !(mode || is_explicit || abbr_col.is_some() || org_col.is_some()) {
            return 0;
        }
        let mut gave = 0;
        for row in rows {
            let line = row.data().sourcepos.start.line;
            let cells: Vec<String> = row.children().map(cell_text).collect();
            let cell = |i: Option<usize>| {
                i.and_then(|i| cells.get(i))
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
            };
            let Some(name) = cell(Some(name_col)) else {
                continue;
            };
            let Some(mut p) = parse_entry(name, Mode::Item) else {
                continue;
            };
            if let Some(a) = cell(abbr_col).filter(|a| abbr_like(a)) {
                p.abbr = Some(a.to_string());
            }
            if let Some(o) = cell(org_col).filter(|o| o.chars().count() <= 80) {
                p.organization = Some(o.to_string());
            }
            self.people.push(p.into_attendee(line));
            gave += 1;
        }
        gave
    }
}

/// In a list where most people carry an abbreviation, `Shane Carr (SFC)`
/// carries one too, though its letters are not all in the name: an
/// upper-case note becomes the abbreviation.
fn promote_abbrs<'p>(people: impl Iterator<Item = &'p mut Parsed>) {
    for p in people {
        if p.abbr.is_some() {
            continue;
        }
        let Some(note) = p.note.take() else {
            continue;
        };
        let (head, tail) = match note.split_once(';') {
            Some((h, t)) => (h.trim(), Some(t.trim())),
            None => (note.as_str(), None),
        };
        if is_upper_abbr(head) {
            p.abbr = Some(head.to_string());
            p.note = tail.filter(|t| !t.is_empty()).map(str::to_string);
        } else {
            p.note = Some(note);
        }
    }
}

/// Whether a line of names is rather one person and an organisation
/// (`Ana Lima, Acme` or `Ana Lima, Acme, interested in X`): two or three
/// parts, the first a name of several words, the second not.
fn name_and_org(line: &str) -> bool {
    if line.contains([';', '&']) {
        return false;
    }
    let parts = split_list(line);
    if !(2..=3).contains(&parts.len()) {
        return false;
    }
    let multi = |p: &str| p.split_whitespace().count() >= 2 && name_like(p);
    parts.first().is_some_and(|p| multi(p)) && parts.get(1).is_some_and(|p| !multi(p))
}

/// Whether a table cell holds an abbreviation (`ABL`, `Ab1`): a short token.
fn abbr_like(s: &str) -> bool {
    let n = s.chars().count();
    (1..=10).contains(&n)
        && s.chars().any(char::is_alphabetic)
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn cell_text<'a>(cell: &'a AstNode<'a>) -> String {
    inline_lines(cell)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of a block's inline content, a line per soft or hard break, with
/// each line's body line number. Links give their text (and ` @handle` when
/// they point at a github.com profile), wikilinks their target's name; HTML,
/// images and footnote references give nothing.
fn inline_lines<'a>(block: &'a AstNode<'a>) -> Vec<(usize, String)> {
    let start = block.data().sourcepos.start.line;
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut cur = String::new();
    let mut cur_line: Option<usize> = None;
    let mut last_line = start;
    let mut skip: Option<&'a AstNode<'a>> = None;
    let mut link_start = 0usize;
    for edge in block.traverse() {
        match edge {
            NodeEdge::Start(n) => {
                if skip.is_some() || std::ptr::eq(n, block) {
                    continue;
                }
                let d = n.data();
                let nline = d.sourcepos.start.line;
                let mut put = |s: &str, cur: &mut String| {
                    if cur_line.is_none() && !s.trim().is_empty() {
                        cur_line = Some(if nline > 0 { nline } else { last_line });
                    }
                    cur.push_str(s);
                };
                match &d.value {
                    NodeValue::Text(t) => put(t, &mut cur),
                    NodeValue::Code(c) => put(&c.literal, &mut cur),
                    NodeValue::Math(m) => put(&m.literal, &mut cur),
                    NodeValue::SoftBreak | NodeValue::LineBreak => {
                        let l = cur_line.unwrap_or(last_line);
                        lines.push((l, std::mem::take(&mut cur)));
                        last_line = if nline > 0 { nline + 1 } else { l + 1 };
                        cur_line = None;
                    }
                    NodeValue::Link(_) => link_start = cur.len(),
                    NodeValue::WikiLink(w) => {
                        let (target, alias) = obsidian::split_alias(&w.url);
                        let name = wikilink_name(&target);
                        let shown = if name.is_empty() {
                            alias.unwrap_or_default()
                        } else {
                            name
                        };
                        put(&shown, &mut cur);
                        skip = Some(n);
                    }
                    NodeValue::HtmlInline(_)
                    | NodeValue::Image(_)
                    | NodeValue::FootnoteReference(_)
                    | NodeValue::List(_)
                    | NodeValue::Table(_)
                    | NodeValue::CodeBlock(_)
                    | NodeValue::HtmlBlock(_) => skip = Some(n),
                    _ => {}
                }
            }
            NodeEdge::End(n) => {
                if let Some(s) = skip {
                    if std::ptr::eq(s, n) {
                        skip = None;
                    }
                    continue;
                }
                if let NodeValue::Link(l) = &n.data().value {
                    if let Some(h) = github_handle(&l.url) {
                        let text = cur.get(link_start..).unwrap_or("");
                        if !text.to_lowercase().contains(&h.to_lowercase()) {
                            cur.push_str(" @");
                            cur.push_str(&h);
                        }
                    }
                }
            }
        }
    }
    let l = cur_line.unwrap_or(last_line);
    lines.push((l, cur));
    lines
}

/// The note name a wikilink target points at (`People/Ana Lima#Bio` → `Ana Lima`).
fn wikilink_name(target: &str) -> String {
    let t = obsidian::LinkTarget::parse(target);
    let name = t.path.rsplit('/').next().unwrap_or("");
    name.strip_suffix(".md").unwrap_or(name).trim().to_string()
}

// ---------------------------------------------------------------------------
// People, deduplicated

fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Default)]
struct People {
    list: Vec<Attendee>,
    index: HashMap<String, usize>,
}

impl People {
    /// Add a person, or merge what is new into the one of the same name.
    fn push(&mut self, a: Attendee) {
        let key = name_key(&a.name);
        match self.index.get(&key).and_then(|&i| self.list.get_mut(i)) {
            Some(old) => {
                if old.handle.is_none() {
                    old.handle = a.handle;
                }
                if old.abbr.is_none() {
                    old.abbr = a.abbr;
                }
                if old.organization.is_none() {
                    old.organization = a.organization;
                }
                if old.note.is_none() {
                    old.note = a.note;
                }
            }
            None => {
                self.index.insert(key, self.list.len());
                self.list.push(a);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Entries

/// How an entry is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// One of several in a comma list: `, ` already split it.
    List,
    /// A list item or table cell on its own: `Fay Gu, Acme` is a name and an organisation.
    Item,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Parsed {
    name: String,
    handle: Option<String>,
    abbr: Option<String>,
    abbr_from_paren: bool,
    organization: Option<String>,
    note: Option<String>,
}

impl Parsed {
    fn into_attendee(self, line: usize) -> Attendee {
        Attendee {
            name: self.name,
            handle: self.handle,
            abbr: self.abbr,
            organization: self.organization,
            note: self.note,
            line,
        }
    }
}

/// Split a list of names at commas, semicolons, line ends and the words
/// `and` / `&`, outside parentheses and brackets.
fn split_list(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth: usize = 0;
    let mut start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                // `Ana Lima (AL) Bo Chen (BC)`: a comma forgotten
                if depth == 0
                    && c == b')'
                    && b.get(i + 1) == Some(&b' ')
                    && b.get(i + 2).is_some_and(u8::is_ascii_uppercase)
                {
                    out.push(&s[start..=i]);
                    start = i + 1;
                }
            }
            b',' | b';' | b'\n' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            b' ' | b'\t' if depth == 0 => {
                let rest = &b[i + 1..];
                let word = if rest.len() >= 4 && rest[..4].eq_ignore_ascii_case(b"and ") {
                    4
                } else if rest.len() >= 2 && &rest[..2] == b"& " {
                    2
                } else {
                    0
                };
                if word > 0 {
                    out.push(&s[start..i]);
                    start = i + 1 + word;
                    i = start;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if start <= s.len() {
        out.push(&s[start..]);
    }
    // fullwidth separators
    out.into_iter()
        .flat_map(|p| p.split(['，', '、', '；']))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Read one entry: `Ana Lima @alima (voting member)`, `Bo Chen (Guest)`,
/// `Dee Evans - Acme Corp`, `Eve Fox (evefox)`, `Ana Lima (AL)`, `plh@w3c`.
fn parse_entry(raw: &str, mode: Mode) -> Option<Parsed> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 400 {
        return None;
    }
    let s = s.trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c.is_whitespace());
    // bullets and marks written by hand (`♦ Ana`, `• Bo`, `✓ Cy`)
    let s = s.trim_start_matches(|c: char| {
        !(c.is_alphanumeric() || matches!(c, '@' | '(' | '[' | '<' | '\'' | '.'))
    });
    let s = strip_prefix_word(s, "and")
        .or_else(|| s.strip_prefix("& "))
        .unwrap_or(s);
    let (core, groups) = split_groups(s)?;
    let mut p = Parsed::default();
    let core = entry_words(&core, &mut p)?;
    let core = organisation(core, mode, &mut p)?;
    let name = core
        .trim()
        .trim_end_matches(['.', ',', ':', ';', '*'])
        .trim_start_matches(['*', '-', '•', '·'])
        .trim();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if !name_like(&name) {
        return None;
    }
    for g in groups {
        read_group(g.trim(), &name, &mut p);
    }
    if p.abbr.is_none() && is_upper_abbr(&name) {
        p.abbr = Some(name.clone());
    }
    p.name = name;
    Some(p)
}

/// Parenthesised groups out of the core of an entry: the core (a space
/// where each group was) and the groups; None on an unmatched closing
/// bracket. A group left open runs to the end.
fn split_groups(s: &str) -> Option<(String, Vec<String>)> {
    let mut core = String::new();
    let mut groups: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut group = String::new();
    for c in s.chars() {
        match c {
            '(' | '[' | '<' => {
                if depth > 0 {
                    group.push(c);
                }
                depth += 1;
            }
            ')' | ']' | '>' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push(std::mem::take(&mut group));
                    core.push(' ');
                } else {
                    group.push(c);
                }
            }
            ')' | ']' | '>' => return None,
            _ if depth > 0 => group.push(c),
            _ => core.push(c),
        }
    }
    if depth > 0 {
        groups.push(group);
    }
    Some((core, groups))
}

/// The words of an entry's core, its `@handle`, URLs and e-mail addresses
/// taken out (a handle, or a GitHub URL's user, into `p`; `plh@w3c` gives
/// `plh` at the organisation `w3c`); None when an `@` word is no handle.
fn entry_words(core: &str, p: &mut Parsed) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    for tok in core.split_whitespace() {
        if let Some(h) = tok.strip_prefix('@') {
            let h = h.trim_end_matches(['.', ',', ':', ';']);
            if handle_like(h) {
                if p.handle.is_none() {
                    p.handle = Some(h.to_string());
                }
                continue;
            }
            return None;
        }
        if tok.contains("://") || tok.starts_with("www.") {
            if let Some(h) = github_handle(tok) {
                if p.handle.is_none() {
                    p.handle = Some(h);
                }
            }
            continue;
        }
        if let Some((user, host)) = tok.split_once('@') {
            if host.contains('.') || user.is_empty() || host.is_empty() {
                continue; // an e-mail address: not kept
            }
            // `plh@w3c`: a name at an organisation
            if p.organization.is_none() && host.chars().all(|c| c.is_alphanumeric() || c == '-') {
                p.organization = Some(host.to_string());
            }
            words.push(user.to_string());
            continue;
        }
        words.push(tok.to_string());
    }
    Some(words.join(" "))
}

/// An organisation suffix (`Dee Evans - Acme Corp`, in an item also
/// `Fay Gu, Acme`) cut off the core into `p`, or a note when it reads as
/// one; `Lima, Ana` read as `Ana Lima`. None when ` from ` is followed by
/// something that is no organisation.
fn organisation(mut core: String, mode: Mode, p: &mut Parsed) -> Option<String> {
    let seps: &[&str] = match mode {
        Mode::Item => &[" — ", " – ", " - ", " | ", " from ", ", "],
        Mode::List => &[" — ", " – ", " - ", " | ", " from "],
    };
    for sep in seps {
        let Some(pos) = core.find(sep) else {
            continue;
        };
        let mut org = core[pos + sep.len()..]
            .trim()
            .trim_end_matches(['.', ','])
            .trim()
            .to_string();
        core.truncate(pos);
        // `Ana Lima, Acme, interested in weak refs`: the rest is a note
        if *sep == ", " {
            if let Some((o, rest)) = org.split_once(", ") {
                push_note(&mut p.note, rest);
                org = o.trim().to_string();
            }
        }
        if org.is_empty() {
            break;
        }
        // `Lima, Ana`: a surname, then the given name
        let one_word = |w: &str| {
            !w.contains(char::is_whitespace)
                && letter_word(w)
                && w.chars().next().is_some_and(char::is_uppercase)
                && !is_upper_abbr(w)
        };
        if *sep == ", " && p.note.is_none() && one_word(core.trim()) && one_word(&org) {
            core = format!("{org} {}", core.trim());
            break;
        }
        let lower_start = org.chars().next().is_some_and(char::is_lowercase);
        if lower_start || *sep == " from " && !org_like(&org) {
            if *sep == " from " {
                return None;
            }
            push_note(&mut p.note, &org);
        } else if p.organization.is_none() {
            p.organization = Some(org);
        }
        break;
    }
    Some(core)
}

/// What a parenthesised group of an entry named `name` held: an e-mail
/// (dropped), a GitHub URL (its user the handle), the name's abbreviation,
/// a handle, else a note.
fn read_group(g: &str, name: &str, p: &mut Parsed) {
    if g.is_empty() {
        return;
    }
    if g.contains('@') && g.contains('.') && !g.contains(' ') {
        return; // e-mail
    }
    if g.contains("://") {
        if let Some(h) = github_handle(g) {
            if p.handle.is_none() {
                p.handle = Some(h);
            }
        }
        return;
    }
    let (head, tail) = match g.split_once(',') {
        Some((h, t)) => (h.trim(), Some(t.trim())),
        None => (g, None),
    };
    let head_clean = head.strip_prefix('@').unwrap_or(head);
    if p.abbr.is_none() && abbr_of(name, head) {
        p.abbr = Some(head.to_string());
        p.abbr_from_paren = true;
        if let Some(t) = tail.filter(|t| !t.is_empty()) {
            push_note(&mut p.note, t);
        }
        return;
    }
    if tail.is_none()
        && p.handle.is_none()
        && handle_like(head_clean)
        && (head.starts_with('@') || paren_handle(head_clean, name))
    {
        p.handle = Some(head_clean.to_string());
        return;
    }
    push_note(&mut p.note, g);
}

fn strip_prefix_word<'s>(s: &'s str, word: &str) -> Option<&'s str> {
    let head = s.get(..word.len())?;
    let rest = s.get(word.len()..)?;
    (head.eq_ignore_ascii_case(word) && rest.starts_with(char::is_whitespace))
        .then(|| rest.trim_start())
}

fn push_note(note: &mut Option<String>, s: &str) {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return;
    }
    match note {
        Some(n) => {
            n.push_str("; ");
            n.push_str(&s);
        }
        None => *note = Some(s),
    }
}

/// An organisation after `from`: capitalised words, not a sentence.
fn org_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

/// A GitHub-style handle: letters, digits, `-`, `_`, `.`; at most 39; a letter in it.
fn handle_like(s: &str) -> bool {
    let n = s.len();
    (1..=39).contains(&n)
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && s.bytes().any(|b| b.is_ascii_alphabetic())
        && !s.starts_with(['-', '.'])
        && !s.ends_with(['-', '.'])
}

/// Words that, in parentheses, are a role or a note rather than a handle.
const NOTE_WORDS: &[&str] = &[
    "guest",
    "guests",
    "host",
    "chair",
    "cochair",
    "co-chair",
    "facilitator",
    "moderator",
    "scribe",
    "notes",
    "notetaker",
    "note-taker",
    "observer",
    "remote",
    "online",
    "onsite",
    "on-site",
    "in-person",
    "virtual",
    "presenter",
    "speaker",
    "member",
    "members",
    "emeritus",
    "regrets",
    "absent",
    "late",
    "partial",
    "part-time",
    "parttime",
    "tentative",
    "maybe",
    "invited",
    "expert",
    "staff",
    "lead",
    "organizer",
    "organiser",
    "owner",
    "champion",
    "author",
    "editor",
    "editors",
    "intern",
    "alumni",
    "alumnus",
    "liaison",
    "secretary",
    "treasurer",
    "president",
    "director",
    "manager",
    "founder",
    "visitor",
    "visiting",
    "new",
    "tsc",
    "ctc",
    "tc",
];

/// Whether `(tok)` beside `name` is a handle (`Eve Fox (evefox)`, `Dan Ro
/// (danro)`, `Wu Tan (wutan42)`) rather than a note (`Bo Chen (Guest)`,
/// `Cy Diaz (TC)`, `Ann Oh (Research)`, `Al Bu (zclient)`).
///
/// A capitalised word or an acronym is a note; another token is a handle
/// when it shares three letters in a row with the name or starts with its
/// initials, which handles made from a name do (a client or team name
/// beside a person does not).
fn paren_handle(tok: &str, name: &str) -> bool {
    let lower = tok.to_lowercase();
    if NOTE_WORDS.contains(&lower.as_str()) || is_stopword(&lower) {
        return false;
    }
    let mut chars = tok.chars();
    let first = chars.next();
    let capitalised = first.is_some_and(char::is_uppercase) && chars.all(|c| c.is_lowercase());
    let acronym = tok.chars().all(|c| !c.is_lowercase());
    if capitalised || acronym {
        return false;
    }
    let name_l = name.to_lowercase();
    if lower == name_l {
        return false;
    }
    // `wltan` for `Wu Li Tan`: the first two letters are two initials
    let initials: Vec<char> = name_l
        .split(|ch: char| ch.is_whitespace() || ch == '-')
        .filter_map(|w| w.chars().next())
        .collect();
    let mut tc = lower.chars();
    let initial = match (tc.next(), tc.next(), initials.first()) {
        (Some(a), Some(b), Some(&first)) => {
            a == first && initials.get(1..).is_some_and(|rest| rest.contains(&b))
        }
        _ => false,
    };
    let letters: Vec<char> = name_l.chars().filter(|c| c.is_alphabetic()).collect();
    let tok_l: Vec<char> = lower.chars().collect();
    // names and handles are short: this is a few hundred comparisons at most
    let shared = tok_l.len() >= 3
        && letters.len() >= 3
        && tok_l.windows(3).any(|w| letters.windows(3).any(|l| l == w));
    initial || shared
}

/// An upper-case abbreviation of 2–6 letters (digits allowed after the first).
fn is_upper_abbr(s: &str) -> bool {
    let n = s.chars().count();
    (2..=6).contains(&n)
        && s.chars().next().is_some_and(|c| c.is_uppercase())
        && s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether `abbr` abbreviates `name`: upper case, the name's first letter
/// first, then letters found in order in the name (`ARB` for `Alan Rees-Brook`,
/// `LEO` for `Leo Balt`, not `TSC` for `Tom Smith`).
fn abbr_of(name: &str, abbr: &str) -> bool {
    let single = abbr.chars().count() == 1 && abbr.chars().all(char::is_uppercase);
    if !(single || is_upper_abbr(abbr)) {
        return false;
    }
    let letters: Vec<char> = name
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect();
    let mut want = abbr.chars().filter(|c| c.is_alphabetic());
    let Some(first) = want.next() else {
        return false;
    };
    if letters.first() != Some(&first) {
        return false;
    }
    let mut it = letters.iter().skip(1);
    want.all(|w| it.any(|&l| l == w))
}

/// A github.com profile URL's user (`https://github.com/alima` → `alima`).
fn github_handle(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let path = rest.strip_prefix("github.com/")?;
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_end_matches('/');
    if path.is_empty() || path.contains('/') || !handle_like(path) || path.contains('.') {
        return None;
    }
    const RESERVED: &[&str] = &[
        "orgs",
        "issues",
        "pulls",
        "topics",
        "settings",
        "features",
        "about",
        "sponsors",
        "marketplace",
        "explore",
        "notifications",
        "login",
        "join",
        "search",
        "trending",
        "collections",
        "events",
        "new",
        "organizations",
        "enterprise",
        "pricing",
        "security",
        "site",
        "apps",
    ];
    if RESERVED.contains(&path.to_lowercase().as_str()) {
        return None;
    }
    Some(path.to_string())
}

/// Single words that are not a person however they are written.
const STOPWORDS: &[&str] = &[
    "none",
    "nobody",
    "noone",
    "no-one",
    "everyone",
    "everybody",
    "all",
    "tbd",
    "tba",
    "tbc",
    "na",
    "n.a",
    "nil",
    "null",
    "empty",
    "forgot",
    "unknown",
    "various",
    "other",
    "others",
    "misc",
    "same",
    "see",
    "above",
    "below",
    "approved",
    "yes",
    "no",
    "ok",
    "okay",
    "todo",
    "etc",
    "me",
    "us",
    "we",
    "you",
    "they",
    "them",
    "i",
    "he",
    "she",
    "it",
    "my",
    "our",
    "your",
    "their",
    "his",
    "her",
    "the",
    "and",
    "or",
    "of",
    "to",
    "for",
    "with",
    "from",
    "on",
    "at",
    "in",
    "is",
    "are",
    "was",
    "were",
    "be",
    "by",
    "an",
    "not",
    "who",
    "what",
    "when",
    "where",
    "how",
    "why",
    "some",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "many",
    "several",
    "few",
    "more",
    "lots",
    "pending",
    "later",
    "absent",
    "skip",
    "skipped",
    "cancelled",
    "canceled",
    "unassigned",
    "volunteer",
    "volunteers",
    "needed",
    "name",
    "names",
    "attendee",
    "attendees",
    "attendance",
    "participant",
    "participants",
    "present",
    "people",
    "members",
    "member",
    "team",
    "agenda",
    "notes",
    "note",
    "minutes",
    "recording",
    "video",
    "slides",
    "link",
    "links",
    "discussion",
    "summary",
    "meeting",
    "meetings",
    "call",
    "chair",
    "moderator",
    "facilitator",
    "scribe",
    "guest",
    "guests",
    "host",
    "action",
    "actions",
    "item",
    "items",
    "update",
    "updates",
    "issue",
    "issues",
    "proposal",
    "proposals",
    "question",
    "questions",
    "thanks",
    "welcome",
    "introduction",
    "introductions",
    "zoom",
    "chat",
    "channel",
    "review",
    "next",
    "previous",
    "unidentified",
    "speakers",
    "speaker",
    "xx",
    "xxx",
    "tk",
    "closure",
    "adjourn",
    "adjourned",
    "adjournment",
    "opening",
    "logistics",
    "recordbot",
    "notetaker",
    "foobar",
    "o_o",
    "0_0",
    "x_x",
    "t_t",
    "iphone",
    "ipad",
    "android",
    "phone",
    "remote",
    "online",
    "in-person",
];

/// Upper-case tokens that are placeholders, not abbreviations of a person.
const PLACEHOLDERS: &[&str] = &[
    "tbd", "tba", "tbc", "none", "na", "nil", "null", "all", "todo", "ok", "yes", "no", "xx",
    "xxx", "tk",
];

fn is_stopword(lower: &str) -> bool {
    STOPWORDS.contains(&lower)
}

/// Lower-case particles inside a multi-word name (`Antoine du Hamel`).
const PARTICLES: &[&str] = &[
    "de", "da", "das", "do", "dos", "del", "della", "der", "den", "di", "du", "la", "le", "van",
    "von", "bin", "ibn", "al", "el", "y", "e", "ter", "ten", "zu", "af", "av", "st.", "mac",
];

/// Whether `s` is a name: 1–5 words of letters (any script; `'`, `’`, `-`
/// and `.` in initials), each capitalised but for particles, none a word that
/// is not a name; or a single handle-like token (`dtolnay`, `y86-dev`).
/// At most 60 characters, no URL, not a placeholder (`TBD`, `none`).
pub fn name_like(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 60 || s.contains("://") || s.starts_with("www.") {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    if words.len() == 1 {
        let w = words[0];
        let lower = w.to_lowercase();
        let lower = lower.trim_end_matches('.');
        if w.chars().count() < 2 {
            return false;
        }
        if is_upper_abbr(w) {
            return !PLACEHOLDERS.contains(&lower);
        }
        const DOMAINS: &[&str] = &[
            "io", "com", "org", "net", "dev", "app", "ai", "co", "edu", "gov", "md", "html",
        ];
        let domain = lower
            .rsplit_once('.')
            .is_some_and(|(_, tld)| DOMAINS.contains(&tld));
        // a title alone (`Dr`, `Mr.`) is no one's name
        let title = matches!(lower, "dr" | "mr" | "mrs" | "ms" | "prof" | "sir");
        return !is_stopword(lower) && !domain && !title && (letter_word(w) || handle_like(w));
    }
    for (i, w) in words.iter().enumerate() {
        if !letter_word(w) {
            return false;
        }
        // a full stop inside is a sentence's end unless after an initial or a
        // short title (`Ana B. Lima`, `Jr.`, `Dr. Bo Chen`)
        if i + 1 < words.len()
            && w.ends_with('.')
            && w.chars().filter(|c| c.is_alphabetic()).count() > 3
        {
            return false;
        }
        let lower = w.to_lowercase();
        if is_stopword(&lower) && !PARTICLES.contains(&lower.as_str()) {
            return false;
        }
        // `Ana`, `李`, `d'Arcy`, `McKay`: not all lower case
        let capital = w
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(|c| !c.is_lowercase())
            || w.chars().any(char::is_uppercase);
        if !capital && (i == 0 || !PARTICLES.contains(&lower.as_str())) {
            return false;
        }
    }
    true
}

/// A word of letters, with `'`, `’`, `-` inside and `.` after (initials, `Jr.`).
fn letter_word(w: &str) -> bool {
    let mut letters = 0;
    // letters since the last mark
    let mut run = 0;
    let mut prev: Option<char> = None;
    for c in w.chars() {
        match c {
            _ if c.is_alphabetic() => letters += 1,
            '\u{300}'..='\u{36f}' | '\u{200c}' | '\u{200d}' if prev.is_some() => {}
            '\'' | '’' | '-' | '‐' if prev.is_some_and(char::is_alphabetic) => {}
            // `.` ends an initial or a short title (`J.R.`, `Jr.`), not `Tweag.io`
            '.' if prev.is_some_and(char::is_alphabetic) && run <= 3 => {}
            _ => return false,
        }
        run = if c.is_alphabetic() { run + 1 } else { 0 };
        prev = Some(c);
    }
    letters > 0 && !w.ends_with(['\'', '’', '-', '‐'])
}

/// A raw frontmatter string's markup out: wikilinks to their target's name,
/// Markdown links to their text (and ` @handle` for a github.com profile),
/// bold and code markers dropped.
fn demarkup(s: &str) -> String {
    // searches look at most this far ahead, which keeps the whole linear
    const AHEAD: usize = 300;
    fn window(s: &str) -> &str {
        let mut m = AHEAD.min(s.len());
        while !s.is_char_boundary(m) {
            m -= 1;
        }
        &s[..m]
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("[[") {
            if let Some(end) = window(after).find("]]") {
                let inner = &after[..end];
                let (target, alias) = obsidian::split_alias(inner);
                let name = wikilink_name(&target);
                out.push_str(if name.is_empty() {
                    alias.as_deref().unwrap_or("")
                } else {
                    &name
                });
                rest = &after[end + 2..];
                continue;
            }
        }
        if let Some(after) = rest.strip_prefix('[') {
            if let Some(end) = window(after).find("](") {
                let text = &after[..end];
                if !text.contains(['[', ']']) {
                    let tail = &after[end + 2..];
                    if let Some(close) = window(tail).find(')') {
                        let url = tail[..close].trim();
                        out.push_str(text);
                        if let Some(h) = github_handle(url) {
                            if !text.to_lowercase().contains(&h.to_lowercase()) {
                                out.push_str(" @");
                                out.push_str(&h);
                            }
                        }
                        rest = &tail[close + 1..];
                        continue;
                    }
                }
            }
        }
        if let Some(after) = rest.strip_prefix("**").or_else(|| rest.strip_prefix("__")) {
            rest = after;
            continue;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        if c != '`' {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(f: &Found) -> Vec<&str> {
        f.attendees.iter().map(|a| a.name.as_str()).collect()
    }

    fn roles(f: &Found) -> Vec<(&str, &str)> {
        f.roles
            .iter()
            .map(|r| (r.role.as_str(), r.name.as_str()))
            .collect()
    }

    fn get<'f>(f: &'f Found, name: &str) -> &'f Attendee {
        match f.attendees.iter().find(|a| a.name == name) {
            Some(a) => a,
            None => panic!("{name} not in {:?}", names(f)),
        }
    }

    #[test]
    fn a_person_and_what_they_do_is_not_a_group() {
        let f = find_in(
            "# Project\n\n## People\n\n- [[Wei Zhang]]: infrastructure, Terraform, Trino sizing.\n- Ola Berg: lead; ingestion and query layer.\n- Remote: Ana Lima, Bo Chen\n",
        );
        assert_eq!(
            names(&f),
            vec!["Wei Zhang", "Ola Berg", "Ana Lima", "Bo Chen"]
        );
    }

    #[test]
    fn present_list_with_handles_and_roles() {
        let f = find_in(
            "# Meeting\n\n## Present\n\n* Ana Lima @alima (voting member)\n* Bo Chen (Guest)\n- Cy Diaz (TC)\n* Dee Evans - Acme Corp\n* Fay Gu, Acme\n\n## Agenda\n\n* Release plan\n* Budget\n",
        );
        assert_eq!(
            names(&f),
            vec!["Ana Lima", "Bo Chen", "Cy Diaz", "Dee Evans", "Fay Gu"]
        );
        let ana = get(&f, "Ana Lima");
        assert_eq!(ana.handle.as_deref(), Some("alima"));
        assert_eq!(ana.note.as_deref(), Some("voting member"));
        assert_eq!(ana.line, 5);
        assert_eq!(get(&f, "Bo Chen").note.as_deref(), Some("Guest"));
        assert_eq!(get(&f, "Bo Chen").handle, None);
        assert_eq!(get(&f, "Cy Diaz").note.as_deref(), Some("TC"));
        assert_eq!(get(&f, "Cy Diaz").abbr, None);
        assert_eq!(
            get(&f, "Dee Evans").organization.as_deref(),
            Some("Acme Corp")
        );
        assert_eq!(get(&f, "Fay Gu").organization.as_deref(), Some("Acme"));
        assert_eq!(get(&f, "Fay Gu").line, 9);
        let f = find_in("## Attendees\n\n* Lima, Ana\n* Chen, Bo\n* Cy, ACME\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen", "Cy"]);
    }

    #[test]
    fn heading_variants() {
        for h in [
            "## Attendees",
            "### attendees:",
            "# **Attendance**",
            "#### Participants",
            "## Attending",
            "## In attendance",
            "## People",
            "## Members present",
            "## Who",
            "## Attendees (3)",
            "## Attendees list",
            "Attendees\n---------",
        ] {
            let f = find_in(&format!("{h}\n\n- Ana Lima\n- Bo Chen\n"));
            assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"], "{h}");
        }
        for h in [
            "## Agenda",
            "## Who can attend",
            "## Notes",
            "## People problems",
        ] {
            let f = find_in(&format!("{h}\n\n- Ana Lima\n- Bo Chen\n"));
            assert!(f.attendees.is_empty(), "{h}: {f:?}");
        }
    }

    #[test]
    fn bold_label_paragraph_then_list_or_table() {
        let f = find_in("**Attendees:**\n\n- Ana Lima\n- Bo Chen\n\n- Not Counted\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
        let f = find_in("Attendees:\n\n* Ana Lima\n");
        assert_eq!(names(&f), vec!["Ana Lima"]);
        let f = find_in(
            "**Attendees:**\n| Name | Abbreviation | Organization |\n| --- | --- | --- |\n| Ana B. Lima | ABL | Acme |\n|  |  |  |\n| Bo Chen | BC | Initech |\n",
        );
        assert_eq!(names(&f), vec!["Ana B. Lima", "Bo Chen"]);
        assert_eq!(get(&f, "Ana B. Lima").abbr.as_deref(), Some("ABL"));
        assert_eq!(get(&f, "Ana B. Lima").organization.as_deref(), Some("Acme"));
        assert_eq!(get(&f, "Ana B. Lima").line, 4);
        assert_eq!(get(&f, "Bo Chen").line, 6);
    }

    #[test]
    fn attendee_tables() {
        let f = find_in(
            "## Attendees\n\n| Name | Abbr | Company | Where |\n|:--|:--|:--|:--|\n| Ana Lima | AL | Acme | In-person |\n| **Bo Chen** | BC | | Remote |\n",
        );
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
        assert_eq!(get(&f, "Bo Chen").abbr.as_deref(), Some("BC"));
        assert_eq!(get(&f, "Bo Chen").organization, None);
        // no attendee section, but an Abbreviation column
        let f = find_in("| Name | Initials |\n|---|---|\n| Ana Lima | AL |\n");
        assert_eq!(get(&f, "Ana Lima").abbr.as_deref(), Some("AL"));
        let f = find_in("| Delegate | Affiliation |\n|---|---|\n| Ana Lima | Acme |\n");
        assert_eq!(names(&f), vec!["Ana Lima"]);
        // a Name column alone, far from any attendee section: not people
        let f = find_in("## Proposals\n\n| Name | Stage |\n|---|---|\n| Pattern Matching | 1 |\n");
        assert!(f.attendees.is_empty(), "{f:?}");
        // placeholder rows
        let f = find_in(
            "| Team | Name | Abbreviation |\n|---|---|---|\n| Alpha | [Name] | [Abbr] |\n| Beta | TBD | |\n",
        );
        assert!(f.attendees.is_empty(), "{f:?}");
    }

    #[test]
    fn labelled_comma_lists_in_a_section() {
        let f = find_in(
            "## Attendance\n\n* Team members: ana, bo\n* Others: cy, dee, Eve Fox (evefox), gil (30min late)\n\n## Meeting roles\n\n* Action item scribe: \n* Note-taker: scottmcm\n",
        );
        assert_eq!(names(&f), vec!["ana", "bo", "cy", "dee", "Eve Fox", "gil"]);
        assert_eq!(get(&f, "Eve Fox").handle.as_deref(), Some("evefox"));
        assert_eq!(get(&f, "gil").note.as_deref(), Some("30min late"));
        assert_eq!(roles(&f), vec![("notes", "scottmcm")]);
        assert_eq!(f.roles[0].line, 9);
    }

    #[test]
    fn roles_inside_attendee_list_are_roles() {
        let f = find_in(
            "## Attending\n\n* Team: ana, bo\n* Other: cy\n* Action item scribe: cy\n* Minutes scribe: bo\n* [Watch the recording](https://example.com/v)\n\n## Updates\n\n* Ana Lima\n",
        );
        assert_eq!(names(&f), vec!["ana", "bo", "cy"]);
        assert_eq!(roles(&f), vec![("scribe", "cy"), ("notes", "bo")]);
    }

    #[test]
    fn paragraph_after_heading() {
        let f = find_in(
            "# Attendees\n\nAna Lima, Bo Chen and Cy Diaz\n\n# Discussion\n\nAna Lima: hello\n",
        );
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen", "Cy Diaz"]);
        let f = find_in("## Participants\n\nAna Lima\nBo Chen\nCy Diaz\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen", "Cy Diaz"]);
        assert_eq!(get(&f, "Cy Diaz").line, 5);
        let f = find_in("## Attendees\n**Ana Lima**  \n**Bo Chen**  \n**Cy**\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen", "Cy"]);
        let f = find_in(
            "# Attendees\n\nLang: Ana, Bo Chen\nLibs: Cy, Bo Chen\nOther attendees: Dee, bo8472\n",
        );
        assert_eq!(names(&f), vec!["Ana", "Bo Chen", "Cy", "Dee", "bo8472"]);
    }

    #[test]
    fn section_ends_at_same_level_heading_or_prose() {
        let f = find_in(
            "## Attendees\n\n- Ana Lima\n\nWe talked about a great many things today.\n\n- Not Aname\n",
        );
        assert_eq!(names(&f), vec!["Ana Lima"]);
        let f = find_in("## Attendees\n\n### Core\n\n- Ana Lima\n\n### Notes\n\n- Release Train\n");
        assert_eq!(names(&f), vec!["Ana Lima"]);
        let f = find_in("# Attendees\n\n## Participants\n\n\n## Agenda items\n\n- Item One\n");
        assert!(f.attendees.is_empty(), "{f:?}");
        let f = find_in("## Attendees\n\n```\nAna Lima\n```\n\n- Bo Chen\n");
        assert!(f.attendees.is_empty(), "{f:?}");
    }

    #[test]
    fn labelled_lines_anywhere() {
        let f =
            find_in("# Notes\n\n- Date: 2020-01-02\n- People in attendance: Ana Lima, Bo Chen\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
        assert_eq!(f.attendees[0].line, 4);
        let f = find_in("Attendees: Ana, Bo and Cy\n\nPresent: Dee Evans; Eve Fox, and Gil\n");
        assert_eq!(
            names(&f),
            vec!["Ana", "Bo", "Cy", "Dee Evans", "Eve Fox", "Gil"]
        );
        let f = find_in("- **Who**: Ana Lima & Bo Chen\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
        let f = find_in("## Attendees: Ana Lima, Bo Chen\n\n- Not Here\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
    }

    #[test]
    fn junk_gives_nothing() {
        for body in [
            "- People in attendance: forgot to record :)",
            "Attendees: none",
            "Attendees: TBD",
            "Attendees: n/a",
            "Present: everyone from the working group was there today",
            "Who: all",
            "## Attendees\n\n- Several unnamed callers\n- https://example.com/list\n",
            "Attendees: see the spreadsheet.",
            "## Attendees\n\n(none recorded)\n",
            "Attendees: Ana Lima!!!",
            "Attendees: 12",
            "Notes: we discussed the roadmap and agreed on it",
            "Notes: TBD",
            "**Note Taker:** TBD",
            "Minutes approved.",
            "Minutes: approved",
            "## Notes\n\n- Ana Lima\n",
        ] {
            let f = find_in(body);
            assert_eq!(f, Found::default(), "{body}");
        }
    }

    #[test]
    fn role_lines() {
        let f = find_in(
            "# Call 42\n\n### Moderator: Ana Lima\n### Notes: Bo Chen, Cy Diaz\n\n**Facilitator:** Dee Evans\n\n**Notes**: Bo Chen\n\n* Note-taker: scottmcm\n* Action item scribe: \n\nChair: Eve Fox @efox\nScribe: Gil Ho\nMinutes: Ida Jo\n### Moderator:  Kai Lu<!-- omit in toc -->\n### **Notes: Lee Ma**\n### Notes\n",
        );
        assert_eq!(
            roles(&f),
            vec![
                ("moderator", "Ana Lima"),
                ("notes", "Bo Chen"),
                ("notes", "Cy Diaz"),
                ("facilitator", "Dee Evans"),
                ("notes", "scottmcm"),
                ("chair", "Eve Fox"),
                ("scribe", "Gil Ho"),
                ("notes", "Ida Jo"),
                ("moderator", "Kai Lu"),
                ("notes", "Lee Ma"),
            ]
        );
        assert_eq!(f.roles[0].line, 3);
        assert_eq!(f.roles[5].handle.as_deref(), Some("efox"));
        assert_eq!(f.roles[5].line, 13);
        assert_eq!(f.roles[6].line, 14);
        assert!(f.attendees.is_empty());
        let f = find_in("### Notes: Ana (anal1ma)\n### Notes:Bo Chen\n");
        assert_eq!(roles(&f), vec![("notes", "Ana"), ("notes", "Bo Chen")]);
        assert_eq!(f.roles[0].handle.as_deref(), Some("anal1ma"));
    }

    #[test]
    fn links_and_wikilinks() {
        let f = find_in(
            "## Attendees\n\n- [Ana Lima](https://github.com/alima)\n- [@bchen](https://github.com/bchen)\n- [[People/Cy Diaz|Cy]]\n- [Dee Evans](https://example.com/dee)\n- [Eve](https://github.com/orgs/acme)\n",
        );
        assert_eq!(names(&f), vec!["Ana Lima", "Cy Diaz", "Dee Evans", "Eve"]);
        assert_eq!(get(&f, "Ana Lima").handle.as_deref(), Some("alima"));
        assert_eq!(get(&f, "Eve").handle, None);
        // `[@bchen](…)` alone is a handle and no name
        let f = find_in("## Attendees\n\n- Bo Chen [@bchen](https://github.com/bchen)\n");
        assert_eq!(get(&f, "Bo Chen").handle.as_deref(), Some("bchen"));
    }

    #[test]
    fn handles_and_odd_tokens() {
        let f = find_in(
            "## Attendees\n\n- dtolnay\n- y86-dev\n- Plh@w3c\n- Dan Ro (danro)\n- Joe Zhou (Zephyr)\n- Ana Lima <ana@example.com>\n- Bo Chen (https://github.com/bchen)\n- Иванова Анна Сергеевна @annIv (TSC)\n- 李小明\n- Lucas du Pont @ldupont\n- Chris from Initech\n- Mira | ACX\n- Tom L. Berg\n",
        );
        assert_eq!(
            names(&f),
            vec![
                "dtolnay",
                "y86-dev",
                "Plh",
                "Dan Ro",
                "Joe Zhou",
                "Ana Lima",
                "Bo Chen",
                "Иванова Анна Сергеевна",
                "李小明",
                "Lucas du Pont",
                "Chris",
                "Mira",
                "Tom L. Berg",
            ]
        );
        assert_eq!(get(&f, "Plh").organization.as_deref(), Some("w3c"));
        assert_eq!(get(&f, "Dan Ro").handle.as_deref(), Some("danro"));
        // a capitalised word in parentheses is a note, not a handle
        assert_eq!(get(&f, "Joe Zhou").handle, None);
        assert_eq!(get(&f, "Joe Zhou").note.as_deref(), Some("Zephyr"));
        assert_eq!(get(&f, "Ana Lima").handle, None);
        assert_eq!(get(&f, "Bo Chen").handle.as_deref(), Some("bchen"));
        let c = get(&f, "Иванова Анна Сергеевна");
        assert_eq!(c.handle.as_deref(), Some("annIv"));
        assert_eq!(c.note.as_deref(), Some("TSC"));
        assert_eq!(get(&f, "Chris").organization.as_deref(), Some("Initech"));
        assert_eq!(get(&f, "Mira").organization.as_deref(), Some("ACX"));
    }

    #[test]
    fn abbreviation_paragraph_near_the_top() {
        let f = find_in(
            "# May 23 Meeting Notes\n-----\n\nAna Lima (AL), Bo Chen (BCN), Cy Diaz (CD), Leo Balt (LEO), Dee Ng (DN, via video, part-time), Sam Holt (SQH)\n\nRemote:\nEve Fox (EF), Gil Ho (GH)\n\n-----\n\n## Agenda\n\nAL: Let us start.\n",
        );
        assert_eq!(
            names(&f),
            vec![
                "Ana Lima", "Bo Chen", "Cy Diaz", "Leo Balt", "Dee Ng", "Sam Holt", "Eve Fox",
                "Gil Ho"
            ]
        );
        assert_eq!(get(&f, "Sam Holt").abbr.as_deref(), Some("SQH"));
        assert_eq!(get(&f, "Sam Holt").note, None);
        assert_eq!(get(&f, "Bo Chen").abbr.as_deref(), Some("BCN"));
        assert_eq!(get(&f, "Leo Balt").abbr.as_deref(), Some("LEO"));
        let dee = get(&f, "Dee Ng");
        assert_eq!(dee.abbr.as_deref(), Some("DN"));
        assert_eq!(dee.note.as_deref(), Some("via video, part-time"));
        assert_eq!(get(&f, "Gil Ho").line, 7);
        // prose with a few parentheses is not a list of people
        let f =
            find_in("We asked Ana Lima (AL) and Bo Chen (BC) about it, then Cy Diaz (CD) left.\n");
        assert!(f.attendees.is_empty(), "{f:?}");
    }

    #[test]
    fn parenthesised_handles_and_affiliations() {
        let f = find_in(
            "## Attendance\n\nAl Bu (Research), Cy Oda (zclient), Dee Evans (examJ), Wu Li Tan (wltan), Kim Park (kpark-dev), Lu Chen (remote)\n",
        );
        let h: Vec<_> = f.attendees.iter().map(|a| a.handle.as_deref()).collect();
        assert_eq!(
            h,
            vec![None, None, None, Some("wltan"), Some("kpark-dev"), None]
        );
        let n: Vec<_> = f.attendees.iter().map(|a| a.note.as_deref()).collect();
        assert_eq!(
            n,
            vec![
                Some("Research"),
                Some("zclient"),
                Some("examJ"),
                None,
                None,
                Some("remote")
            ]
        );
    }

    #[test]
    fn sentences_with_commas_are_not_lists() {
        let f = find_in(
            "## Attendees\n\n- Ana Lima\n\nBo: We fed it apples, pears, plums, figs, and more fruit. Then more.\n",
        );
        assert_eq!(names(&f), vec!["Ana Lima"]);
        let f = find_in("Attendees: Ana, Bo, and a few others who came late\n");
        assert_eq!(names(&f), vec!["Ana", "Bo"]);
        let f = find_in("Attendees: Ana, we think, and possibly others, maybe\n");
        assert!(f.attendees.is_empty(), "{f:?}");
    }

    #[test]
    fn name_and_organisation_paragraphs() {
        let f = find_in(
            "### Introduction of attendees\n\nAna Lima, Acme\n\nBo Chen, Initech.io Labs, interested in gardening\n\nCy Diaz, Dee Evans\n",
        );
        assert_eq!(
            names(&f),
            vec!["Ana Lima", "Bo Chen", "Cy Diaz", "Dee Evans"]
        );
        assert_eq!(get(&f, "Ana Lima").organization.as_deref(), Some("Acme"));
        let bo = get(&f, "Bo Chen");
        assert_eq!(bo.organization.as_deref(), Some("Initech.io Labs"));
        assert_eq!(bo.note.as_deref(), Some("interested in gardening"));
    }

    #[test]
    fn bare_labels_and_hand_bullets() {
        let f = find_in("#Attendees\n\nAna Lima\nBo Chen\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
        let f = find_in("**Attendees**\n* Ana Lima (Acme)\n* Bo Chen\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
        let f = find_in("# Attendees\n* ♦ Ana Lima\n* • Bo Chen\n* o_O\n* iPhone\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
        let f = find_in("Attendees: Ana Lima (AL) Bo Chen (BC), Cy Diaz (CD)\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen", "Cy Diaz"]);
    }

    #[test]
    fn abbreviations_as_names() {
        let f = find_in("Attendees: AB, CDE, FG, HI (note taker)\n");
        assert_eq!(names(&f), vec!["AB", "CDE", "FG", "HI"]);
        assert_eq!(get(&f, "CDE").abbr.as_deref(), Some("CDE"));
        assert_eq!(get(&f, "HI").note.as_deref(), Some("note taker"));
    }

    #[test]
    fn duplicates_merge() {
        let f = find_in(
            "## Attendees\n\n- Ana Lima\n- Ana  LIMA @alima\n\n| Name | Abbreviation | Organization |\n|--|--|--|\n| ANA LIMA | AL | Acme |\n",
        );
        assert_eq!(f.attendees.len(), 1, "{f:?}");
        let a = &f.attendees[0];
        assert_eq!(a.name, "Ana Lima");
        assert_eq!(a.handle.as_deref(), Some("alima"));
        assert_eq!(a.abbr.as_deref(), Some("AL"));
        assert_eq!(a.organization.as_deref(), Some("Acme"));
        assert_eq!(a.line, 3);
        let f = find_in("### Notes: Ana Lima\n\nNotes: ana lima\n");
        assert_eq!(f.roles.len(), 1);
    }

    #[test]
    fn task_checklists() {
        let f = find_in("## Attendees\n\n- [x] Ana Lima\n- [ ] Bo Chen\n- [x] Cy Diaz\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Cy Diaz"]);
        let f = find_in("## Attendees\n\n- [ ] Ana Lima\n- [ ] Bo Chen\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
    }

    #[test]
    fn nested_lists_under_a_label() {
        let f = find_in(
            "- Date: 2024-05-08\n- Attendees:\n  - Ana Lima\n  - Bo Chen\n- Agenda:\n  - Budget Review\n",
        );
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
        let f =
            find_in("## Present\n\n- Core:\n  - Ana Lima\n  - Bo Chen\n- Guests:\n  - Cy Diaz\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen", "Cy Diaz"]);
    }

    #[test]
    fn inside_callouts_and_quotes() {
        let f = find_in("> [!info] Attendees\n> - Ana Lima\n\n> **Attendees:** Bo Chen, Cy Diaz\n");
        assert_eq!(names(&f), vec!["Bo Chen", "Cy Diaz"]);
        let f = find_in("> ## Attendees\n> - Ana Lima\n> - Bo Chen\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
    }

    #[test]
    fn split_names_frontmatter_strings() {
        let v = split_names("Ana Lima, Bo Chen and Cy Diaz");
        let n: Vec<_> = v.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(n, vec!["Ana Lima", "Bo Chen", "Cy Diaz"]);
        assert!(v.iter().all(|a| a.line == 0));
        let v = split_names("Ana Lima; Bo Chen");
        assert_eq!(v.len(), 2);
        let v = split_names("[[Ana Lima]], [[People/Bo Chen|Bo]], [[Cy Diaz#Notes]]");
        let n: Vec<_> = v.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(n, vec!["Ana Lima", "Bo Chen", "Cy Diaz"]);
        let v = split_names(
            "Ana Lima @alima (chair), Eve Fox (evefox), **Dee Evans**, [Gil Ho](https://github.com/gilho)",
        );
        assert_eq!(v[0].handle.as_deref(), Some("alima"));
        assert_eq!(v[0].note.as_deref(), Some("chair"));
        assert_eq!(v[1].handle.as_deref(), Some("evefox"));
        assert_eq!(v[2].name, "Dee Evans");
        assert_eq!(v[3].name, "Gil Ho");
        assert_eq!(v[3].handle.as_deref(), Some("gilho"));
        assert!(split_names("TBD").is_empty());
        assert!(split_names("").is_empty());
        assert!(split_names("forgot to record :)").is_empty());
        let v = split_names("Ana, ana, ANA");
        assert_eq!(v.len(), 1);
    }

    #[test]
    fn name_likeness() {
        for ok in [
            "Ana Lima",
            "Ana B. Lima",
            "O'Neil",
            "Jean-Luc Picard",
            "d'Arcy Smith",
            "dtolnay",
            "y86-dev",
            "bo8472",
            "Ludwig van der Berg",
            "Zoë Ñúñez",
            "José Álvarez",
            "SYG",
            "Ana Lima Costa Pereira Silva",
            "J.R.R. Tolkien",
            "Sam Jr.",
            "Dr. Bo Chen",
            "Dr Bo Chen",
        ] {
            assert!(name_like(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "forgot to record",
            "Ana Lima Costa Pereira Silva Souza",
            "Tweag.io",
            "Bo Chen. Here",
            "see https://example.com",
            "Ana Lima!",
            "none",
            "TBD",
            "N/A",
            "Several Unnamed Callers",
            "The Team",
            "Ana lima",
            ":)",
            "1234",
            "Ana 2",
            "Meeting Notes",
            "Dr.",
            "Closure",
            &"A".repeat(61),
        ] {
            assert!(!name_like(bad), "{bad}");
        }
    }

    #[test]
    fn abbreviation_letters() {
        assert!(abbr_of("Alan Rees-Brook", "ARB"));
        assert!(abbr_of("Leo Balt", "LEO"));
        assert!(abbr_of("Mila Saxe", "MLS"));
        assert!(!abbr_of("Tom Smith", "TSC"));
        assert!(!abbr_of("Cy Diaz", "TC"));
        assert!(!abbr_of("Ana Lima", "al"));
    }

    #[test]
    fn github_profiles() {
        assert_eq!(
            github_handle("https://github.com/alima").as_deref(),
            Some("alima")
        );
        assert_eq!(
            github_handle("https://www.github.com/alima/").as_deref(),
            Some("alima")
        );
        assert_eq!(github_handle("https://github.com/acme/repo"), None);
        assert_eq!(github_handle("https://github.com/issues"), None);
        assert_eq!(github_handle("https://gitlab.com/alima"), None);
    }

    #[test]
    fn crlf_and_bom_do_not_matter() {
        let f = find_in("\u{feff}## Attendees\r\n\r\n- Ana Lima\r\n- Bo Chen\r\n");
        assert_eq!(names(&f), vec!["Ana Lima", "Bo Chen"]);
    }

    #[test]
    fn find_on_a_caller_tree() {
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(
            &arena,
            "## Present\n\n* Ana Lima\n",
            &crate::parse::syntax::options(),
        );
        assert_eq!(names(&find(root)), vec!["Ana Lima"]);
    }

    #[test]
    fn long_inputs_stay_fast() {
        let mut body = String::from("## Attendees\n\n");
        for i in 0..20_000 {
            body.push_str(&format!("- Person{i} @p{i}\n"));
        }
        body.push_str(&"[[".repeat(20_000));
        body.push_str(&"(".repeat(20_000));
        let t = std::time::Instant::now();
        let f = find_in(&body);
        assert_eq!(f.attendees.len(), 20_000);
        assert!(t.elapsed().as_secs() < 20);
        let s = "[a".repeat(50_000) + &"](".repeat(10) + &"[[x".repeat(50_000);
        let t = std::time::Instant::now();
        let _ = split_names(&s);
        assert!(t.elapsed().as_secs() < 5);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let _ = find_in(&s);
            let _ = split_names(&s);
        }

        #[test]
        fn never_panics_on_markdownish(s in "([-*#|>:@(),\\[\\] \n]|Ana|Lima|Attendees|Notes|[a-z]{1,4}|\\PC){0,120}") {
            let f = find_in(&s);
            for a in &f.attendees {
                prop_assert!(name_like(&a.name), "{:?}", a);
            }
            let _ = split_names(&s);
        }
    }
}
