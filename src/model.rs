//! The resolved site: plain data that the publish, render and report stages read.
//!
//! Notes, people, series, tags and attachments refer to each other by index
//! into the vectors of [`Site`]. Everything is sorted, so iteration order is
//! deterministic.

use crate::diagnostics::Diagnostic;
use crate::parse::markdown::Heading;
use crate::parse::tasks::TaskFields;
use crate::parse::transcript::Transcript;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

/// How a person took part in a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The other person of a 1:1, the main contact.
    Counterpart,
    /// Listed among those present.
    Attendee,
    /// Owns an action item.
    Assignee,
    /// Spoke in the transcript.
    Speaker,
    /// Linked from the note's text.
    Mentioned,
    /// Chaired or moderated the meeting (`Moderator:`, `Chair:`, `Facilitator:`).
    Chair,
    /// Took the notes (`Notes:`, `Scribe:`, `Note-taker:`).
    Scribe,
}

impl Role {
    /// Lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Counterpart => "counterpart",
            Role::Attendee => "attendee",
            Role::Assignee => "assignee",
            Role::Speaker => "speaker",
            Role::Mentioned => "mentioned",
            Role::Chair => "chair",
            Role::Scribe => "scribe",
        }
    }

    /// Whether the role means the person was in the meeting.
    pub fn present(&self) -> bool {
        matches!(
            self,
            Role::Counterpart | Role::Attendee | Role::Speaker | Role::Chair | Role::Scribe
        )
    }
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A note, with the element id of a heading or block when one was named
    /// (None also when the named anchor does not exist).
    Note {
        /// Index into [`Site::notes`].
        note: usize,
        /// Element id in the target page.
        anchor: Option<String>,
    },
    /// An attachment (index into [`Site::attachments`]).
    Attachment(usize),
    /// A person without a note (index into [`Site::people`]).
    Person(usize),
    /// Nothing in the vault has that name.
    Missing,
    /// The path leaves the vault; never followed.
    Outside,
    /// The target was removed by the publish profile.
    Removed,
}

/// A wikilink or embed, in the body or the frontmatter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Raw target before `|`.
    pub target: String,
    /// Shown text after `|`.
    pub alias: Option<String>,
    /// `![[…]]`.
    pub embed: bool,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column (0 when unknown, as in frontmatter).
    pub col: usize,
    /// The frontmatter key it came from, if any.
    pub field: Option<String>,
    /// The sentence or list item around it.
    pub context: String,
    /// Where it goes.
    pub to: Target,
    /// The vault path Obsidian would open (also for noteless people: None).
    pub resolved_path: Option<String>,
}

/// Who owns an action item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignee {
    /// A person (index into [`Site::people`]).
    Person(usize),
    /// A team or other label, such as `HR`.
    Label(String),
}

/// An action item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// The character between the brackets.
    pub marker: char,
    /// Parsed Tasks fields.
    pub fields: TaskFields,
    /// Who owns it.
    pub assignee: Option<Assignee>,
    /// 1-based line in the file.
    pub line: usize,
}

impl Task {
    /// Open (not done and not cancelled).
    pub fn is_open(&self) -> bool {
        !self.is_done() && !self.is_cancelled()
    }
    /// Checked off.
    pub fn is_done(&self) -> bool {
        matches!(self.marker, 'x' | 'X')
    }
    /// Cancelled (`[-]`).
    pub fn is_cancelled(&self) -> bool {
        self.marker == '-'
    }
}

/// What a [`SectionItem`] is: the kind of section it is under
/// (`[decisions]` in site.toml names their headings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// Under `Decisions`, `Outcomes`.
    Decision,
    /// Under `Open questions`.
    OpenQuestion,
    /// Under `Risks`.
    Risk,
}

impl ItemKind {
    /// Every kind, in the order of [`crate::config::Decisions::headings`].
    pub const ALL: [ItemKind; 3] = [ItemKind::Decision, ItemKind::OpenQuestion, ItemKind::Risk];

    /// The URL folder of its site-wide page (`decisions/`).
    pub fn slug(&self) -> &'static str {
        match self {
            ItemKind::Decision => "decisions",
            ItemKind::OpenQuestion => "open-questions",
            ItemKind::Risk => "risks",
        }
    }

    /// The heading of its lists: `Decisions`.
    pub fn title(&self) -> &'static str {
        match self {
            ItemKind::Decision => "Decisions",
            ItemKind::OpenQuestion => "Open questions",
            ItemKind::Risk => "Risks",
        }
    }
}

/// An item of a section that holds decisions, open questions or risks: a
/// list item of the section (a paragraph when the section has no list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionItem {
    /// What it is.
    pub kind: ItemKind,
    /// Its Markdown as written (the item's first paragraph, on one line).
    pub markdown: String,
    /// 1-based line in the file.
    pub line: usize,
    /// The element id of the section's heading on the note's page.
    pub anchor: String,
}

/// A note that links here.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    /// Index into [`Site::notes`].
    pub from: usize,
    /// The sentence or list item around the link.
    pub context: String,
}

/// A note, resolved.
#[derive(Debug, Clone, Default)]
pub struct Note {
    /// Vault-relative path.
    pub path: String,
    /// File name without `.md`.
    pub stem: String,
    /// Title: frontmatter `title`, else the first `# ` heading, else the file name.
    pub title: String,
    /// Page URL (`meetings/…/`), relative to the output root.
    pub url: String,
    /// When it happened.
    pub date: Option<NaiveDate>,
    /// Time of day (hours, minutes), if known.
    pub time: Option<(u32, u32)>,
    /// Where the date was read.
    pub date_from: Option<crate::parse::infer::dates::DateFrom>,
    /// Where the series came from: `frontmatter`, `folders` (a `[[folders]]`
    /// rule) or `folder` (inferred from the folder and file name).
    pub series_from: Option<&'static str>,
    /// Where the people came from: `frontmatter`, `body` (attendee lists,
    /// tables, role lines), `tasks`, `transcript`, `links`.
    pub people_from: Vec<&'static str>,
    /// `type` from frontmatter.
    pub kind: Option<String>,
    /// `privacy` from frontmatter.
    pub privacy: Option<String>,
    /// Index into [`Site::series`].
    pub series: Option<usize>,
    /// Frontmatter (for templates; placeholders removed).
    pub frontmatter: Map<String, Value>,
    /// Markdown body without the transcript block; empty when it waits in
    /// the store ([`Note::spill`]): [`Note::body_in`] reads it either way.
    pub body: String,
    /// First line of the body in the file (1-based).
    pub body_line: usize,
    /// Headings with ids.
    pub headings: Vec<Heading>,
    /// It holds a mermaid diagram: the site needs the mermaid build.
    pub diagram: bool,
    /// Block ids (`^id`).
    pub block_ids: Vec<String>,
    /// Plain text of the body (for summaries and search); empty when it
    /// waits in the store: [`Note::text_in`] reads it either way.
    pub text: String,
    /// Where [`Note::body`] and [`Note::text`] went, when they went to the
    /// store.
    pub stored: Option<(crate::store::Span, crate::store::Span)>,
    /// Links and embeds, frontmatter first, then body in order.
    pub links: Vec<Link>,
    /// Relative Markdown link and image URLs and where they go.
    pub local_links: Vec<(String, Target)>,
    /// Tags (frontmatter and inline), sorted, unique.
    pub tags: Vec<String>,
    /// People and their roles, sorted by person.
    pub people: Vec<(usize, Vec<Role>)>,
    /// Action items.
    pub tasks: Vec<Task>,
    /// Decisions, open questions and risks, in the order of the note.
    pub items: Vec<SectionItem>,
    /// The transcript, if the note has one.
    pub transcript: Option<Transcript>,
    /// Notes that link here.
    pub backlinks: Vec<Backlink>,
    /// A meeting (shown on the timeline), not a person, project or other note.
    pub is_meeting: bool,
    /// The person this note describes.
    pub person: Option<usize>,
    /// Previous and next meeting of the same series.
    pub prev: Option<usize>,
    /// See `prev`.
    pub next: Option<usize>,
}

impl Note {
    /// Move the body and its plain text into `store`: render reads a note's
    /// body when it draws that note (or embeds it), search its text when it
    /// indexes it; nothing else needs them after resolve. When the store
    /// cannot take them, they stay.
    pub fn spill(&mut self, store: &crate::store::Store) {
        if self.stored.is_some() {
            return;
        }
        if let (Some(b), Some(t)) = (
            store.put(self.body.as_bytes()),
            store.put(self.text.as_bytes()),
        ) {
            self.stored = Some((b, t));
            self.body = String::new();
            self.text = String::new();
        }
    }

    /// [`Note::body`], here or read back from `store` (empty when that
    /// read fails: the store remembers the error).
    pub fn body_in<'a>(&'a self, store: &crate::store::Store) -> std::borrow::Cow<'a, str> {
        store.text_or(self.stored.map(|s| s.0), &self.body)
    }

    /// [`Note::text`], here or read back from `store`.
    pub fn text_in<'a>(&'a self, store: &crate::store::Store) -> std::borrow::Cow<'a, str> {
        store.text_or(self.stored.map(|s| s.1), &self.text)
    }
}

/// A person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// Canonical name (the note's file name, or the name as first written).
    pub name: String,
    /// Page URL.
    pub url: String,
    /// Their note, if they have one.
    pub note: Option<usize>,
    /// Other names (from the note's `aliases`).
    pub aliases: Vec<String>,
    /// Meetings and notes they appear in with their roles, newest first.
    pub meetings: Vec<(usize, Vec<Role>)>,
    /// Notes that link to them.
    pub backlinks: Vec<Backlink>,
}

/// A recurring meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Series {
    /// As written in `series` (or the folder key of an inferred series).
    pub name: String,
    /// The name shown: the title of its series note, else the last part
    /// of `name`, after the folder before it when that part names a person
    /// (`1-1/Dana Reyes` → `1:1 · Dana Reyes`).
    pub title: String,
    /// Its series note: a note that is not a meeting, kept as the folder
    /// note of the folder of its meetings (`Platform Sync/Platform
    /// Sync.md`, `…/README.md`, `…/index.md`, or `Platform Sync.md` beside
    /// the folder).
    pub note: Option<usize>,
    /// Page URL.
    pub url: String,
    /// URLs of the pages after the first when its list is paged
    /// (`series/x/page/2/`, …).
    pub more_pages: Vec<String>,
    /// Meetings, oldest first.
    pub meetings: Vec<usize>,
}

/// A tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tag {
    /// `customer/northwind`.
    pub name: String,
    /// Page URL.
    pub url: String,
    /// URLs of the pages after the first when its list is paged.
    pub more_pages: Vec<String>,
    /// Notes that carry the tag itself, sorted by path.
    pub notes: Vec<usize>,
    /// Direct child tags (indices into [`Site::tags`]).
    pub children: Vec<usize>,
}

/// A non-note file of the vault.
#[derive(Debug, Clone, Default)]
pub struct Attachment {
    /// Vault-relative path.
    pub path: String,
    /// File URL in the output (only meaningful when `used`).
    pub url: String,
    /// Linked or embedded by some note: copied to the output.
    pub used: bool,
    /// Published as a download only: a file a browser could run script in
    /// (HTML, XML, a type it might sniff as HTML), copied under a `.txt` name
    /// (see [`crate::render::files`]).
    pub download: bool,
    /// A canvas or base, drawn on a page of its own (index into
    /// [`Site::boards`]): never copied; its URL is that page's.
    pub board: Option<usize>,
}

/// What a canvas or base file holds.
#[derive(Debug, Clone)]
pub enum BoardContent {
    /// A canvas.
    Canvas(crate::parse::canvas::Canvas),
    /// A base.
    Base(crate::parse::bases::Base),
    /// A file that could not be read as either: shown as written.
    Unreadable {
        /// Why.
        message: String,
        /// The file's text.
        text: String,
    },
}

/// A canvas (`.canvas`) or base (`.base`) file, drawn on a page of its own
/// and wherever a note embeds it.
#[derive(Debug, Clone)]
pub struct Board {
    /// Vault-relative path.
    pub path: String,
    /// File name without its extension.
    pub title: String,
    /// Page URL.
    pub url: String,
    /// Index into [`Site::attachments`].
    pub attachment: usize,
    /// What it holds.
    pub content: BoardContent,
    /// Where its links go: the wikilink targets of its text cards and the
    /// paths of its file cards and group backgrounds, each once.
    pub links: Vec<(String, Target)>,
}

impl Board {
    /// The words a canvas shows as plain text (text cards, group and edge
    /// labels, link cards, cards of unknown types), for the search index;
    /// empty for a base (its rows are other notes').
    pub fn text(&self) -> String {
        use crate::parse::canvas::NodeKind;
        let BoardContent::Canvas(c) = &self.content else {
            return String::new();
        };
        let mut parts: Vec<String> = Vec::new();
        for n in &c.nodes {
            match &n.kind {
                NodeKind::Text(t) => parts.push(crate::parse::markdown::analyze(t).text),
                NodeKind::Link(u) => parts.push(u.clone()),
                NodeKind::Group { label: Some(l), .. } => parts.push(l.clone()),
                NodeKind::Unknown { text, .. } => parts.push(text.clone()),
                _ => {}
            }
        }
        parts.extend(c.edges.iter().filter_map(|e| e.label.clone()));
        parts.retain(|p| !p.trim().is_empty());
        parts.join("\n")
    }

    /// Where the link target `t` of this board goes.
    pub fn target(&self, t: &str) -> Target {
        self.links
            .iter()
            .find(|(k, _)| k == t)
            .map(|(_, v)| v.clone())
            .unwrap_or(Target::Missing)
    }
}

/// The whole resolved site.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Notes sorted by path.
    pub notes: Vec<Note>,
    /// People sorted by name.
    pub people: Vec<Person>,
    /// Series sorted by name.
    pub series: Vec<Series>,
    /// Tags sorted by name.
    pub tags: Vec<Tag>,
    /// All attachments, sorted by path.
    pub attachments: Vec<Attachment>,
    /// Canvases and bases, sorted by path.
    pub boards: Vec<Board>,
    /// The archive: every meeting by year, beyond what the home page shows.
    pub archive: Archive,
    /// What resolving (and loading) found.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the transcripts' text is (see [`crate::store`]).
    pub store: std::sync::Arc<crate::store::Store>,
}

/// A long list of notes, cut into pages of [`PAGE_SIZE`].
#[derive(Debug, Clone, Default)]
pub struct PagedList {
    /// The notes, in the order shown.
    pub notes: Vec<usize>,
    /// The URL of each page (`archive/2024/`, `archive/2024/page/2/`, …).
    pub urls: Vec<String>,
}

/// How many notes a page of a long list holds at most.
pub const PAGE_SIZE: usize = 200;

/// The archive pages (`archive/`).
#[derive(Debug, Clone, Default)]
pub struct Archive {
    /// Each year with dated meetings, newest first: the year and its
    /// meetings, newest first.
    pub years: Vec<(i32, PagedList)>,
    /// Meetings without a date.
    pub undated: PagedList,
    /// Notes that are neither meetings nor a person's, newest first.
    pub other: PagedList,
}

// ---- attachment types: which are published as they are ----

/// Extensions copied as they are: images, audio, video, documents, archives, fonts.
pub const PASSIVE: &[&str] = &[
    "png", "jpg", "jpeg", "jpe", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff", "heic",
    "heif", "mp3", "m4a", "wav", "ogg", "oga", "opus", "flac", "aac", "weba", "mp4", "m4v", "webm",
    "ogv", "mov", "mkv", "avi", "mpeg", "mpg", "pdf", "txt", "csv", "tsv", "json", "rtf", "doc",
    "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "odg", "epub", "ics", "vtt", "srt",
    "zip", "gz", "tgz", "tar", "bz2", "xz", "7z", "rar", "woff", "woff2", "ttf", "otf",
];

/// The lower-case extension of a path's file name ("" for none).
fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// Whether an attachment is an SVG (published sanitised).
pub fn is_svg(path: &str) -> bool {
    extension(path) == "svg"
}

/// Whether an attachment is published only as a download, under a `.txt`
/// name: neither an SVG nor of a [`PASSIVE`] type.
pub fn download_only(path: &str) -> bool {
    let ext = extension(path);
    ext != "svg" && !PASSIVE.contains(&ext.as_str())
}
