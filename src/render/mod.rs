//! Render: the published [`Site`] to HTML pages and assets, in parallel.
//!
//! Takes the site and the theme; gives a list of [`OutFile`]s (path relative
//! to the output root, bytes). Markdown goes through comrak (see
//! [`crate::parse::markdown`]) with every wikilink drawn by a [`PageEnv`] that knows
//! the page's place, so every href is relative. Raw HTML in notes is
//! sanitised with ammonia unless `unsafe_html` is set; images from other
//! sites become links unless `remote_images` is set. Page contexts are plain
//! serde structs handed to Tera templates.

mod bases;
mod board_env;
mod boards;
mod canvas;
pub mod diagram;
pub mod embed;
pub mod files;
pub mod highlight;
pub mod previews;
pub mod svg;
pub mod tasks_html;
pub mod theme;
pub mod transcript_html;

use crate::config::Config;
use crate::html::{HTML_ATTR, css, web};
use crate::model::*;
use crate::parse::markdown::{self, LinkEnv, LinkHtml, Local, TaskHtml, escape_html as esc};
use crate::parse::obsidian::LinkTarget;
use crate::publish::Published;
use crate::render::theme::Theme;
use crate::urls::relative;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;
use std::sync::atomic::Ordering::Relaxed;

mod actions;
mod html_clean;
mod lists;
mod logs;
pub use logs::LogLayout;
mod person;

/// One file of the output.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Path relative to the output root, `/`-separated.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Where rendered files go as each is made: the write stage's folder
/// ([`crate::write::Folder`]), memory ([`Memory`]), or nowhere
/// ([`Discard`], for `check`). Nothing upstream holds the whole output.
pub trait Sink: Sync {
    /// Take one finished file.
    fn put(&self, file: OutFile) -> Result<()>;

    /// A folder of the build's own where text can wait until it is rendered
    /// (see [`crate::store`]); `None` keeps it in memory.
    fn scratch_dir(&self) -> Option<&std::path::Path> {
        None
    }
}

/// A [`Sink`] that keeps every file in memory (tests, fuzzing).
#[derive(Default)]
pub struct Memory(std::sync::Mutex<Vec<OutFile>>);

impl Memory {
    /// The files put so far, sorted by path.
    pub fn into_sorted(self) -> Vec<OutFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    fn put(&self, file: OutFile) -> Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// A [`Sink`] that only counts what it is given (`check` renders every
/// page to prove it renders, and writes nothing).
#[derive(Default)]
pub struct Discard {
    /// Files put.
    pub files: std::sync::atomic::AtomicUsize,
    /// Bytes put.
    pub bytes: std::sync::atomic::AtomicU64,
}

impl Sink for Discard {
    fn put(&self, file: OutFile) -> Result<()> {
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(file.bytes.len() as u64, Relaxed);
        Ok(())
    }
}

/// The output file of a page URL.
pub fn page_file(url: &str) -> String {
    format!("{url}index.html")
}

/// The MathML elements the sanitiser lets through (the presentation
/// elements `pulldown-latex` writes, and the source annotation).
const MATHML_TAGS: &[&str] = &[
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mn",
    "mo",
    "mtext",
    "mspace",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
];

/// Layout attributes of MathML elements: none of them a URL or a script.
const MATHML_ATTRIBUTES: &[&str] = &[
    "mathvariant",
    "mathsize",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "accent",
    "accentunder",
    "largeop",
    "movablelimits",
    "symmetric",
    "minsize",
    "maxsize",
    "form",
    "displaystyle",
    "scriptlevel",
    "linethickness",
    "width",
    "height",
    "depth",
    "voffset",
    "notation",
    "columnalign",
    "rowalign",
    "columnspan",
    "rowspan",
    "columnlines",
    "rowlines",
    "columnspacing",
    "rowspacing",
    "frame",
];

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "details",
        "summary",
        "mark",
        "input",
        "time",
        "span",
        "div",
        "section",
        "figure",
        "figcaption",
        "sup",
        "sub",
        "u",
        "ins",
        "del",
        "s",
        "kbd",
        "abbr",
        "dl",
        "dt",
        "dd",
    ]);
    b.add_generic_attributes([
        "class",
        "id",
        "title",
        "lang",
        "dir",
        "aria-label",
        "aria-hidden",
        "role",
        // filtered to colours and text styles (`css::filter`)
        "style",
    ]);
    b.add_generic_attribute_prefixes(["data-"]);
    b.add_tag_attributes("input", ["type", "checked", "disabled"]);
    b.add_tag_attributes("img", ["src", "alt", "width", "height", "loading"]);
    b.add_tag_attributes("details", ["open"]);
    b.add_tag_attributes("time", ["datetime"]);
    // alignment as GFM tables give it; `style` only as `css::filter` keeps it
    b.add_tag_attributes("td", ["align"]);
    b.add_tag_attributes("th", ["align"]);
    b.add_tag_attributes("a", ["download"]);
    b.add_tag_attributes("ol", ["start"]);
    // MathML as pulldown-latex writes it (see `math`): presentation
    // elements and their layout attributes, no `href` and no `annotation-xml`
    b.add_tags(MATHML_TAGS);
    for t in MATHML_TAGS {
        b.add_tag_attributes(t, MATHML_ATTRIBUTES);
    }
    b.add_tag_attributes("math", ["display", "xmlns"]);
    b.add_tag_attributes("annotation", ["encoding"]);
    // `<font color>` as old editors write it
    b.add_tags(["font"]);
    b.add_tag_attributes("font", ["color"]);
    // frames, rewritten after sanitising by `web::frames`: kept on an allowed
    // host, else a card or a link
    b.add_tags(["iframe"]);
    b.add_tag_attributes("iframe", ["src", "width", "height", "allowfullscreen"]);
    b.filter_style_properties(css::PROPERTIES.iter().copied().collect());
    b.attribute_filter(|_, attribute, value| match attribute {
        "style" => css::filter(value).map(Into::into),
        "color" => value
            .trim()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '#')
            .then(|| value.into()),
        _ => Some(value.into()),
    });
    b.link_rel(None);
    b
});

/// Remove scripts, event handlers, `javascript:` URLs, forms and all but
/// colour and text styles from note HTML.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// An `<img>` tag as the sanitiser writes it: attribute values in double
/// quotes, which hold no `"`.
#[allow(clippy::expect_used)]
static IMG_TAG: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"<img((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:="[^"]*")?)*)\s*/?>"#)
        .expect("static regex")
});

/// In sanitised HTML, every `<img>` of another site becomes a link to the
/// image, its text the alt text or else the URL: nothing is fetched when the
/// page opens.
pub fn unlink_remote_images(html: &str) -> String {
    IMG_TAG
        .replace_all(html, |c: &regex::Captures| {
            let mut src = None;
            let mut alt = None;
            for a in HTML_ATTR.captures_iter(&c[1]) {
                let v = a.get(2).map_or("", |m| m.as_str());
                match &a[1] {
                    "src" => src = Some(v),
                    "alt" => alt = Some(v),
                    _ => {}
                }
            }
            match src {
                // values are escaped for an attribute; as text, `<` and `>` must be too
                Some(src) if markdown::is_remote_url(src) => {
                    let text = alt.filter(|a| !a.trim().is_empty()).unwrap_or(src);
                    format!(
                        "<a href=\"{src}\">{}</a>",
                        text.replace('<', "&lt;").replace('>', "&gt;")
                    )
                }
                _ => c[0].to_string(),
            }
        })
        .into_owned()
}

/// Formatting for dates on pages: `Tue 16 Sep 2025`.
fn long_date(n: &Note) -> String {
    n.date
        .map(|d| d.format("%a %-d %b %Y").to_string())
        .unwrap_or_default()
}

fn iso(n: &Note) -> String {
    n.date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A link as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkCtx {
    /// Text.
    pub name: String,
    /// Relative href.
    pub href: String,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    base_url: Option<&'a str>,
}

#[derive(Serialize)]
struct Nav {
    home: String,
    people: String,
    series: String,
    tags: String,
    actions: String,
    decisions: String,
    search: String,
    static_root: String,
}

#[derive(Serialize)]
struct Common<'a> {
    site: SiteCtx<'a>,
    nav: Nav,
    root: String,
    page_url: String,
    page_title: String,
    canonical: Option<String>,
    /// The page holds a mermaid diagram: load the script that draws it.
    diagrams: bool,
    /// The number of hover preview shards ([`previews::shards`]).
    preview_shards: usize,
    /// The previous and next page of a paged list (`<link rel=prev>`).
    prev: Option<String>,
    next: Option<String>,
}

/// A link as templates see it, its text borrowed from the site.
#[derive(Serialize)]
struct LinkRef<'a> {
    name: &'a str,
    href: String,
}

/// A name, a link and a number: the top people, series and tags lists.
#[derive(Serialize)]
struct CountRef<'a> {
    name: &'a str,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct MeetingRef<'a> {
    /// The full title (the `title=` of a shortened one).
    title: &'a str,
    /// The title as lists show it, without the date and series the row
    /// shows ([`lists::short_title`]); the series' name when nothing else
    /// is left (the row then shows no series chip); empty when there is no
    /// series either, and the row links its date instead.
    label: &'a str,
    /// `label` is the series' name.
    series_as_title: bool,
    href: String,
    date: &'a str,
    date_long: &'a str,
    kind: Option<&'a str>,
    series: Option<LinkRef<'a>>,
    people: Vec<LinkRef<'a>>,
    roles: Vec<&'static str>,
}

#[derive(Serialize)]
struct BacklinkCtx<'a> {
    title: &'a str,
    href: String,
    date: &'a str,
    context: &'a str,
}

#[derive(Serialize)]
struct TaskCtx<'a> {
    text: &'a str,
    status: &'static str,
    priority: Option<&'static str>,
    due: Option<&'a str>,
    /// The due date as words: `3 Nov 2025`.
    due_long: Option<String>,
    done: Option<&'a str>,
    assignee: Option<LinkRef<'a>>,
    assignee_name: &'a str,
    meeting: LinkRef<'a>,
    meeting_date: &'a str,
    /// Filter value of the meeting's series (`team/platform-sync`), or empty.
    series_key: &'a str,
}

#[derive(Serialize)]
struct FieldCtx<'a> {
    key: &'a str,
    value: String,
}

/// The previous or next meeting of a series.
#[derive(Serialize)]
struct NeighbourCtx<'a> {
    title: &'a str,
    href: String,
    date: &'a str,
}

/// A note's page, as `note.html` sees it (`note`).
#[derive(Serialize)]
struct NoteCtx<'a> {
    title: &'a str,
    path: &'a str,
    date: &'a str,
    date_long: &'a str,
    time: Option<String>,
    duration_min: Option<u32>,
    kind: Option<&'a str>,
    privacy: Option<&'a str>,
    is_meeting: bool,
    series: Option<LinkRef<'a>>,
    prev: Option<NeighbourCtx<'a>>,
    next: Option<NeighbourCtx<'a>>,
    counterparts: Vec<LinkRef<'a>>,
    attendees: Vec<LinkRef<'a>>,
    chairs: Vec<LinkRef<'a>>,
    scribes: Vec<LinkRef<'a>>,
    assignees: Vec<LinkRef<'a>>,
    speakers: Vec<LinkRef<'a>>,
    mentioned: Vec<LinkRef<'a>>,
    tags: Vec<LinkCtx>,
    fields: Vec<FieldCtx<'a>>,
    frontmatter: &'a serde_json::Map<String, serde_json::Value>,
    body: String,
    /// The table of contents of a long note (else empty): see [`toc`].
    toc: Vec<TocCtx<'a>>,
    transcript: Option<String>,
    backlinks: Vec<BacklinkCtx<'a>>,
    tasks_open: usize,
    tasks_done: usize,
}

/// An entry of a note's table of contents.
#[derive(Serialize)]
struct TocCtx<'a> {
    text: &'a str,
    id: &'a str,
    level: u8,
}

/// Headings (levels 2 and 3) a note needs for a table of contents.
pub const TOC_HEADINGS: usize = 4;
/// Size of a note's body HTML, in bytes, from which it is long enough for one.
pub const TOC_BYTES: usize = 4000;

/// The table of contents of note `n` whose body renders as `body`: its
/// headings of levels 2 and 3, when it has at least [`TOC_HEADINGS`] of
/// them and its body is long ([`TOC_BYTES`]); else none.
fn toc<'n>(n: &'n Note, body: &str) -> Vec<TocCtx<'n>> {
    let entries: Vec<TocCtx> = n
        .headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level) && !h.id.is_empty())
        .map(|h| TocCtx {
            text: &h.text,
            id: &h.id,
            level: h.level,
        })
        .collect();
    if entries.len() < TOC_HEADINGS || body.len() < TOC_BYTES {
        return Vec::new();
    }
    entries
}

/// A person's page, as `person.html` sees it (`person`).
#[derive(Serialize)]
struct PersonCtx<'a> {
    name: &'a str,
    aliases: &'a [String],
    has_note: bool,
    path: Option<&'a str>,
    role: Option<String>,
    company: Option<String>,
    team: Option<String>,
    tags: Vec<LinkCtx>,
    frontmatter: Option<&'a serde_json::Map<String, serde_json::Value>>,
    body: Option<String>,
    meetings: Vec<MeetingRef<'a>>,
    other_notes: Vec<MeetingRef<'a>>,
    meets_most: Vec<CountRef<'a>>,
    open_tasks: Vec<TaskCtx<'a>>,
    done_tasks: Vec<TaskCtx<'a>>,
    /// Notes that link to them, one entry per note.
    backlinks: Vec<person::PersonBacklink<'a>>,
    /// Their latest meeting's date: ISO and as words.
    last_met: Option<&'a str>,
    last_met_long: Option<&'a str>,
    /// How often they meet, in words.
    frequency: Option<String>,
    /// The latest decisions, open questions and risks of their meetings.
    logs: Vec<logs::RecentLog<'a>>,
}

/// A series' page, as `series.html` sees it (`series`).
#[derive(Serialize)]
struct SeriesCtx<'a> {
    name: &'a str,
    key: &'a str,
    /// This page's meetings, newest first.
    meetings: Vec<MeetingRef<'a>>,
    /// All its meetings.
    count: usize,
    cadence: Option<String>,
    participants: Vec<CountRef<'a>>,
    first: Option<&'a str>,
    last: Option<&'a str>,
    /// The latest decisions, open questions and risks of its meetings.
    logs: Vec<logs::RecentLog<'a>>,
    /// Its series note.
    note: Option<LinkRef<'a>>,
    pager: Option<lists::Pager>,
}

/// A tag's page, as `tag.html` sees it (`tag`).
#[derive(Serialize)]
struct TagCtx<'a> {
    name: &'a str,
    /// This page's notes, newest first.
    notes: Vec<MeetingRef<'a>>,
    /// All its notes (and its children's).
    count: usize,
    children: Vec<CountRef<'a>>,
    parent: Option<LinkCtx>,
    pager: Option<lists::Pager>,
}

/// A row of the people index.
#[derive(Serialize)]
struct PersonRow<'a> {
    name: &'a str,
    href: String,
    count: usize,
    last: Option<&'a str>,
    has_note: bool,
    role: Option<String>,
    company: Option<String>,
}

/// A row of the series index.
#[derive(Serialize)]
struct SeriesRow<'a> {
    name: &'a str,
    key: &'a str,
    href: String,
    count: usize,
    first: Option<&'a str>,
    last: Option<&'a str>,
}

/// A row of the tags index.
#[derive(Serialize)]
struct TagRow<'a> {
    name: &'a str,
    href: String,
    count: usize,
    depth: usize,
    leaf: &'a str,
}

/// What listings show of a note, the same from every page.
struct NoteInfo {
    /// `2025-09-16`, or empty.
    date: String,
    /// `Tue 16 Sep 2025`, or empty.
    date_long: String,
    /// The people present, in the note's order.
    present: Vec<usize>,
    /// The title as lists show it ([`lists::short_title`]).
    label: String,
}

/// The pages of a job that makes several are handed out before this.
fn unreachable_job() -> Result<OutFile> {
    Err(anyhow::anyhow!("a paged list was rendered as one page"))
}

/// Which pages of a site [`Renderer::render_some`] renders: per note, per
/// person, per series, per tag (all of its pages), per kind of
/// [`ItemKind::ALL`] the log's pages, the archive's pages, and per shard
/// the hover previews, and the actions page. The index pages, the home and
/// search pages and the assets are always rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub notes: Vec<bool>,
    pub people: Vec<bool>,
    pub series: Vec<bool>,
    pub tags: Vec<bool>,
    pub logs: [bool; 3],
    /// The archive's pages (`archive/`).
    pub archive: bool,
    /// The actions page (`actions/`).
    pub actions: bool,
    /// Per shard of the hover previews ([`previews::shards`]).
    pub previews: Vec<bool>,
}

impl Pick {
    /// Every page of `site`.
    pub fn all(site: &Site) -> Pick {
        Pick {
            notes: vec![true; site.notes.len()],
            people: vec![true; site.people.len()],
            series: vec![true; site.series.len()],
            tags: vec![true; site.tags.len()],
            logs: [true; 3],
            archive: true,
            actions: true,
            previews: vec![true; previews::shards(site)],
        }
    }
}

/// Renders everything.
pub struct Renderer<'a> {
    site: &'a Site,
    cfg: &'a Config,
    theme: &'a Theme,
    /// per note: its dates and who was there
    infos: Vec<NoteInfo>,
    /// per person: the tasks assigned to them, as (note, task), in note order
    person_tasks: Vec<Vec<(usize, usize)>>,
    /// per kind of [`ItemKind::ALL`]: whether its log is paged by year
    /// (decided once, by the first page that asks: see `logs`)
    log_paged: [std::sync::OnceLock<bool>; 3],
    /// per kind of [`ItemKind::ALL`]: the notes with such items, newest
    /// first (found once: see `logs`)
    log_notes: [std::sync::OnceLock<Vec<usize>>; 3],
    /// per kind of [`ItemKind::ALL`]: the pages by year drawn to decide
    /// that its log is paged, until the log's job hands them out
    log_drawn: [std::sync::Mutex<Option<Vec<OutFile>>>; 3],
}

impl<'a> Renderer<'a> {
    /// A renderer for the published site.
    pub fn new(published: &'a Published, cfg: &'a Config, theme: &'a Theme) -> Self {
        let site = published.site();
        let infos = site
            .notes
            .par_iter()
            .map(|n| NoteInfo {
                label: lists::short_title(
                    n,
                    n.series.and_then(|s| site.series.get(s)),
                    cfg.date_order,
                ),
                date: iso(n),
                date_long: long_date(n),
                present: n
                    .people
                    .iter()
                    .filter(|(_, r)| r.iter().any(|x| x.present()))
                    .map(|(p, _)| *p)
                    .collect(),
            })
            .collect();
        let mut person_tasks = vec![Vec::new(); site.people.len()];
        for (i, n) in site.notes.iter().enumerate() {
            for (k, t) in n.tasks.iter().enumerate() {
                if let Some(Assignee::Person(p)) = t.assignee {
                    if let Some(v) = person_tasks.get_mut(p) {
                        v.push((i, k));
                    }
                }
            }
        }
        Renderer {
            site,
            cfg,
            theme,
            infos,
            person_tasks,
            log_paged: Default::default(),
            log_notes: Default::default(),
            log_drawn: Default::default(),
        }
    }

    pub(crate) fn href(&self, from: &str, to: &str) -> String {
        relative(from, to, self.cfg.directory_links)
    }

    fn common(&self, url: &str, title: &str) -> Common<'a> {
        Common {
            site: SiteCtx {
                title: &self.cfg.title,
                description: &self.cfg.description,
                base_url: self.cfg.base_url.as_deref(),
            },
            nav: Nav {
                home: self.href(url, ""),
                people: self.href(url, "people/"),
                series: self.href(url, "series/"),
                tags: self.href(url, "tags/"),
                actions: self.href(url, "actions/"),
                decisions: self.href(url, "decisions/"),
                search: self.href(url, "search/"),
                static_root: self
                    .href(url, "static/")
                    .trim_end_matches("index.html")
                    .to_string(),
            },
            root: "../".repeat(url.matches('/').count()),
            page_url: url.to_string(),
            page_title: title.to_string(),
            canonical: self.cfg.base_url.as_ref().map(|b| {
                format!(
                    "{}/{}",
                    b.trim_end_matches('/'),
                    crate::urls::encode_path(url)
                )
            }),
            diagrams: false,
            preview_shards: previews::shards(self.site),
            prev: None,
            next: None,
        }
    }

    fn person_link(&self, from: &str, p: usize) -> LinkRef<'a> {
        let p = &self.site.people[p];
        LinkRef {
            name: &p.name,
            href: self.href(from, &p.url),
        }
    }

    fn series_link(&self, from: &str, s: usize) -> LinkRef<'a> {
        let s = &self.site.series[s];
        LinkRef {
            name: &s.title,
            href: self.href(from, &s.url),
        }
    }

    fn meeting_ref(&self, from: &str, i: usize, roles: &[Role]) -> MeetingRef<'_> {
        let n = &self.site.notes[i];
        let info = &self.infos[i];
        let series = n.series.map(|s| self.series_link(from, s));
        let series_as_title = info.label.is_empty() && series.is_some();
        MeetingRef {
            title: &n.title,
            label: match &series {
                Some(s) if series_as_title => s.name,
                _ => &info.label,
            },
            series_as_title,
            href: self.href(from, &n.url),
            date: &info.date,
            date_long: &info.date_long,
            kind: n.kind.as_deref(),
            series,
            people: info
                .present
                .iter()
                .map(|&p| self.person_link(from, p))
                .collect(),
            roles: roles.iter().map(|r| r.as_str()).collect(),
        }
    }

    fn backlinks(&self, from: &str, b: &'a [Backlink]) -> Vec<BacklinkCtx<'_>> {
        b.iter()
            .map(|b| {
                let n = &self.site.notes[b.from];
                BacklinkCtx {
                    title: &n.title,
                    href: self.href(from, &n.url),
                    date: &self.infos[b.from].date,
                    context: &b.context,
                }
            })
            .collect()
    }

    /// The HTML of a note's body, as seen from the page at `from`.
    ///
    /// A body that holds no raw HTML (nor does any note it embeds) is HTML
    /// that comrak and minutebook wrote: [`html_clean::reserialize`] writes
    /// it as ammonia would, in a fraction of the time, and hands anything it
    /// is not sure of to ammonia.
    pub fn body_html(&self, i: usize, from: &str) -> String {
        let raw = Cell::new(false);
        let embeds = Cell::new(0);
        let env = PageEnv {
            r: self,
            note: i,
            from,
            chain: vec![(i, None)],
            turns: self.inline_turns(i, from),
            raw: &raw,
            embeds: &embeds,
        };
        let html = markdown::render(&self.site.notes[i].body_in(&self.site.store), &env);
        self.finish_html(html, raw.get(), from)
    }

    /// Rendered note HTML made safe as [`Renderer::body_html`] makes it:
    /// sanitised (`raw`: it holds raw HTML), frames and remote images
    /// rewritten, embedded canvases and bases drawn.
    pub(crate) fn finish_html(&self, html: String, raw: bool, from: &str) -> String {
        if self.cfg.unsafe_html {
            return boards::fill(self, html, from);
        }
        let clean = if raw {
            None
        } else {
            html_clean::reserialize(&html)
        };
        let mut clean = clean.unwrap_or_else(|| sanitize(&html));
        if clean.contains("<iframe") {
            clean = web::frames(&clean, &self.cfg.embeds);
        }
        let clean = if self.cfg.remote_images || !clean.contains("<img") {
            clean
        } else {
            unlink_remote_images(&clean)
        };
        // the canvases and bases it embeds, drawn after sanitising
        boards::fill(self, clean, from)
    }

    /// How the turns of note `i`'s minutes render, by body line, seen from `from`.
    fn inline_turns(
        &self,
        i: usize,
        from: &str,
    ) -> HashMap<usize, crate::parse::markdown::TurnHtml> {
        let Some(t) = self.site.notes[i].transcript.as_ref().filter(|t| t.inline) else {
            return HashMap::new();
        };
        // the turns wait in the store (their text is drawn from the body)
        let t = t.with_text(&self.site.store);
        let palette = crate::render::transcript_html::colours(&t);
        let mut hrefs: HashMap<&str, Option<String>> = HashMap::new();
        t.turns
            .iter()
            .map(|turn| {
                let href = hrefs
                    .entry(turn.speaker.as_str())
                    .or_insert_with(|| {
                        turn.is_person
                            .then(|| self.person_href(from, &turn.speaker))
                            .flatten()
                    })
                    .clone();
                (
                    turn.line,
                    crate::parse::markdown::TurnHtml {
                        id: turn.id.clone(),
                        speaker: turn.speaker.clone(),
                        href,
                        colour: palette.get(turn.speaker.as_str()).copied().unwrap_or(0),
                    },
                )
            })
            .collect()
    }

    fn render_page(&self, template: &str, ctx: &tera::Context) -> Result<Vec<u8>> {
        Ok(self.theme.render(template, ctx)?.into_bytes())
    }

    fn note_page(&self, i: usize) -> Result<OutFile> {
        let n = &self.site.notes[i];
        let url = &n.url;
        let mut ctx = tera::Context::new();
        let note = self.note_ctx(i);
        let mut common = self.common(url, &n.title);
        common.diagrams = diagram::holds_diagram(&note.body);
        ctx.insert("common", &common);
        ctx.insert("note", &note);
        drop(note);
        Ok(OutFile {
            path: page_file(url),
            bytes: self.render_page("note.html", &ctx)?,
        })
    }

    /// What `note.html` sees of note `i` as `note`.
    fn note_ctx(&self, i: usize) -> NoteCtx<'_> {
        let n = &self.site.notes[i];
        let url = &n.url;
        let info = &self.infos[i];
        let people = |role: Role| -> Vec<LinkRef> {
            n.people
                .iter()
                .filter(|(_, r)| r.contains(&role))
                .map(|(p, _)| self.person_link(url, *p))
                .collect()
        };
        let nb = |o: Option<usize>| {
            o.map(|j| NeighbourCtx {
                title: &self.site.notes[j].title,
                href: self.href(url, &self.site.notes[j].url),
                date: &self.infos[j].date,
            })
        };
        let fields: Vec<FieldCtx> = n
            .frontmatter
            .iter()
            .filter(|(k, _)| {
                !SHOWN_FIELDS.contains(&k.as_str()) && !self.cfg.people_fields.contains(k)
            })
            .filter_map(|(k, v)| {
                let s = crate::resolve::fm_strings(v).join(", ");
                (!s.trim().is_empty()).then_some(FieldCtx { key: k, value: s })
            })
            .collect();
        let body = self.body_html(i, url);
        NoteCtx {
            toc: toc(n, &body),
            title: &n.title,
            path: &n.path,
            date: &info.date,
            date_long: &info.date_long,
            time: n.time.map(|(h, m)| format!("{h:02}:{m:02}")),
            duration_min: self
                .field(n, "duration_min")
                .and_then(|d| d.parse::<u32>().ok()),
            kind: n.kind.as_deref(),
            privacy: n.privacy.as_deref(),
            is_meeting: n.is_meeting,
            series: n.series.map(|s| self.series_link(url, s)),
            prev: nb(n.prev),
            next: nb(n.next),
            counterparts: people(Role::Counterpart),
            // the counterpart is shown once, under "With"
            attendees: n
                .people
                .iter()
                .filter(|(_, r)| r.contains(&Role::Attendee) && !r.contains(&Role::Counterpart))
                .map(|(p, _)| self.person_link(url, *p))
                .collect(),
            chairs: people(Role::Chair),
            scribes: people(Role::Scribe),
            assignees: people(Role::Assignee),
            speakers: people(Role::Speaker),
            mentioned: people(Role::Mentioned),
            tags: n.tags.iter().map(|t| self.tag_link(url, t)).collect(),
            fields,
            frontmatter: &n.frontmatter,
            body,
            transcript: n.transcript.as_ref().map(|t| {
                let t = t.with_text(&self.site.store);
                crate::render::transcript_html::render(&t, self, url, i)
            }),
            backlinks: self.backlinks(url, &n.backlinks),
            tasks_open: n.tasks.iter().filter(|t| t.is_open()).count(),
            tasks_done: n.tasks.iter().filter(|t| t.is_done()).count(),
        }
    }

    fn field(&self, n: &Note, key: &str) -> Option<String> {
        n.frontmatter.get(key).and_then(|v| {
            let s = crate::resolve::fm_strings(v).join(", ");
            (!s.trim().is_empty()).then_some(s)
        })
    }

    fn tag_link(&self, from: &str, t: &str) -> LinkCtx {
        let href = self
            .site
            .tags
            .binary_search_by(|x| x.name.as_str().cmp(t))
            .map(|k| self.href(from, &self.site.tags[k].url))
            .unwrap_or_default();
        LinkCtx {
            name: t.to_string(),
            href,
        }
    }

    fn task_ctx<'t>(&'t self, from: &str, note: usize, t: &'t Task) -> TaskCtx<'t> {
        let n = &self.site.notes[note];
        let (assignee, assignee_name) = match &t.assignee {
            Some(Assignee::Person(p)) => (
                Some(self.person_link(from, *p)),
                self.site.people[*p].name.as_str(),
            ),
            Some(Assignee::Label(l)) => (None, l.as_str()),
            None => (None, ""),
        };
        TaskCtx {
            text: &t.fields.description,
            status: if t.is_done() {
                "done"
            } else if t.is_cancelled() {
                "cancelled"
            } else {
                "open"
            },
            priority: t.fields.priority.as_ref().map(|p| p.label()),
            due: t.fields.due.as_deref(),
            due_long: t.fields.due.as_deref().map(|d| {
                chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_or_else(|_| d.to_string(), |d| d.format("%-d %b %Y").to_string())
            }),
            done: t.fields.done.as_deref(),
            assignee,
            assignee_name,
            meeting: LinkRef {
                name: &n.title,
                href: format!("{}#task-{}", self.href(from, &n.url), t.line),
            },
            meeting_date: &self.infos[note].date,
            series_key: n
                .series
                .map_or("", |s| logs::key_of(&self.site.series[s].url, "series/")),
        }
    }

    /// The people met most often by person `p`: co-presence in meetings.
    fn meets_most(&self, p: usize, url: &str) -> Vec<CountRef<'_>> {
        let mut met: BTreeMap<usize, usize> = BTreeMap::new();
        for (i, roles) in &self.site.people[p].meetings {
            if !roles.iter().any(|r| r.present() || *r == Role::Assignee) {
                continue;
            }
            for &q in &self.infos[*i].present {
                if q != p {
                    *met.entry(q).or_default() += 1;
                }
            }
        }
        let mut met: Vec<(usize, usize)> = met.into_iter().collect();
        met.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        met.into_iter()
            .take(8)
            .map(|(q, count)| CountRef {
                name: &self.site.people[q].name,
                href: self.href(url, &self.site.people[q].url),
                count,
            })
            .collect()
    }

    fn person_page(&self, p: usize) -> Result<OutFile> {
        let person = &self.site.people[p];
        let url = &person.url;
        let mut ctx = tera::Context::new();
        let body = person.note.map(|i| self.body_html(i, url));
        let mut common = self.common(url, &person.name);
        common.diagrams = body.as_deref().is_some_and(diagram::holds_diagram);
        ctx.insert("common", &common);
        let refs = |meeting: bool| -> Vec<MeetingRef> {
            person
                .meetings
                .iter()
                .filter(|(i, _)| self.site.notes[*i].is_meeting == meeting)
                .map(|(i, r)| self.meeting_ref(url, *i, r))
                .collect()
        };
        let mut open = Vec::new();
        let mut done = Vec::new();
        for &(i, k) in &self.person_tasks[p] {
            let t = &self.site.notes[i].tasks[k];
            let c = self.task_ctx(url, i, t);
            if t.is_open() {
                open.push(c);
            } else {
                done.push(c);
            }
        }
        open.sort_by(|a, b| {
            (a.due.is_none(), &a.due, &a.meeting_date).cmp(&(
                b.due.is_none(),
                &b.due,
                &b.meeting_date,
            ))
        });
        done.sort_by(|a, b| b.meeting_date.cmp(a.meeting_date));
        let note = person.note.map(|i| &self.site.notes[i]);
        let (last, frequency) = self.rhythm(p);
        let filter = format!("person={}", logs::key_of(url, "people/"));
        let logs = self.recent_logs(url, &filter, &|i| self.infos[i].present.contains(&p));
        ctx.insert(
            "person",
            &PersonCtx {
                name: &person.name,
                aliases: &person.aliases,
                has_note: note.is_some(),
                path: note.map(|n| n.path.as_str()),
                role: note.and_then(|n| self.field(n, "role")),
                company: note.and_then(|n| self.field(n, "company")),
                team: note.and_then(|n| self.field(n, "team")),
                tags: note
                    .map(|n| n.tags.iter().map(|t| self.tag_link(url, t)).collect())
                    .unwrap_or_default(),
                frontmatter: note.map(|n| &n.frontmatter),
                body,
                meetings: refs(true),
                other_notes: refs(false),
                meets_most: self.meets_most(p, url),
                open_tasks: open,
                done_tasks: done,
                backlinks: self.person_backlinks(p, url),
                last_met: last.map(|l| l.0),
                last_met_long: last.map(|l| l.1),
                frequency,
                logs,
            },
        );
        Ok(OutFile {
            path: page_file(url),
            bytes: self.render_page("person.html", &ctx)?,
        })
    }

    /// A series' pages: its meetings newest first, [`PAGE_SIZE`] a page.
    fn series_pages(&self, s: usize) -> Result<Vec<OutFile>> {
        let series = &self.site.series[s];
        let mut urls = vec![series.url.clone()];
        urls.extend(series.more_pages.iter().cloned());
        let newest: Vec<usize> = series.meetings.iter().rev().copied().collect();
        let mut cadence: BTreeMap<String, usize> = BTreeMap::new();
        let mut who: BTreeMap<usize, usize> = BTreeMap::new();
        for &i in &series.meetings {
            if let Some(c) = self.field(&self.site.notes[i], "cadence") {
                *cadence.entry(c).or_default() += 1;
            }
            for &p in &self.infos[i].present {
                *who.entry(p).or_default() += 1;
            }
        }
        let cadence = cadence
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(c, _)| c);
        let mut who: Vec<(usize, usize)> = who.into_iter().collect();
        who.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let first = series
            .meetings
            .first()
            .map(|&i| self.infos[i].date.as_str());
        let last = series.meetings.last().map(|&i| self.infos[i].date.as_str());
        let mut out = Vec::new();
        for (k, url) in urls.iter().enumerate() {
            let mut ctx = tera::Context::new();
            let pager = self.pager(&urls, k);
            let mut common = self.common(url, &lists::paged_title(&series.title, k));
            common.prev = pager.as_ref().and_then(|p| p.prev.clone());
            common.next = pager.as_ref().and_then(|p| p.next.clone());
            ctx.insert("common", &common);
            // the rows show no series: the page is the series'
            let meetings: Vec<MeetingRef> = lists::page_slice(&newest, k)
                .iter()
                .map(|&i| {
                    let r = self.meeting_ref(url, i, &[]);
                    MeetingRef {
                        series: None,
                        label: if r.series_as_title { "" } else { r.label },
                        series_as_title: false,
                        ..r
                    }
                })
                .collect();
            let participants: Vec<CountRef> = who
                .iter()
                .map(|&(p, count)| CountRef {
                    name: &self.site.people[p].name,
                    href: self.href(url, &self.site.people[p].url),
                    count,
                })
                .collect();
            ctx.insert(
                "series",
                &SeriesCtx {
                    name: &series.title,
                    key: &series.name,
                    count: series.meetings.len(),
                    meetings,
                    cadence: cadence.clone(),
                    participants,
                    first,
                    last,
                    // the latest items of its meetings, on its first page
                    logs: if k == 0 {
                        self.recent_logs(
                            url,
                            &format!("series={}", logs::key_of(&urls[0], "series/")),
                            &|i| self.site.notes[i].series == Some(s),
                        )
                        .into_iter()
                        .map(logs::RecentLog::without_series)
                        .collect()
                    } else {
                        Vec::new()
                    },
                    note: series.note.map(|i| LinkRef {
                        name: &self.site.notes[i].title,
                        href: self.href(url, &self.site.notes[i].url),
                    }),
                    pager,
                },
            );
            out.push(OutFile {
                path: page_file(url),
                bytes: self.render_page("series.html", &ctx)?,
            });
        }
        Ok(out)
    }

    /// How many notes tag `k` or a tag under it has.
    fn tag_count(&self, k: usize) -> usize {
        crate::resolve::tag_notes(&self.site.tags, k).len()
    }

    /// A tag's pages: its notes and its children's, newest first,
    /// [`PAGE_SIZE`] a page.
    fn tag_pages(&self, k: usize) -> Result<Vec<OutFile>> {
        let tag = &self.site.tags[k];
        let mut urls = vec![tag.url.clone()];
        urls.extend(tag.more_pages.iter().cloned());
        let mut notes = crate::resolve::tag_notes(&self.site.tags, k);
        notes.sort_by(|&a, &b| {
            crate::resolve::newest_first(&self.site.notes[a], &self.site.notes[b])
        });
        let mut out = Vec::new();
        for (page, url) in urls.iter().enumerate() {
            let mut ctx = tera::Context::new();
            let pager = self.pager(&urls, page);
            let mut common = self.common(url, &lists::paged_title(&format!("#{}", tag.name), page));
            common.prev = pager.as_ref().and_then(|p| p.prev.clone());
            common.next = pager.as_ref().and_then(|p| p.next.clone());
            ctx.insert("common", &common);
            let children: Vec<CountRef> = tag
                .children
                .iter()
                .map(|&c| CountRef {
                    name: &self.site.tags[c].name,
                    href: self.href(url, &self.site.tags[c].url),
                    count: self.tag_count(c),
                })
                .collect();
            let parent = tag
                .name
                .rsplit_once('/')
                .map(|(p, _)| self.tag_link(url, p));
            ctx.insert(
                "tag",
                &TagCtx {
                    name: &tag.name,
                    notes: lists::page_slice(&notes, page)
                        .iter()
                        .map(|&i| self.meeting_ref(url, i, &[]))
                        .collect(),
                    count: notes.len(),
                    children,
                    parent,
                    pager,
                },
            );
            out.push(OutFile {
                path: page_file(url),
                bytes: self.render_page("tag.html", &ctx)?,
            });
        }
        Ok(out)
    }

    fn people_index(&self) -> Result<OutFile> {
        let url = "people/";
        let mut ctx = tera::Context::new();
        ctx.insert("common", &self.common(url, "People"));
        let people: Vec<PersonRow> = self
            .site
            .people
            .iter()
            .map(|p| {
                let mut ms = p
                    .meetings
                    .iter()
                    .filter(|(i, _)| self.site.notes[*i].is_meeting)
                    .map(|(i, _)| *i);
                let last = ms.next().map(|i| self.infos[i].date.as_str());
                PersonRow {
                    name: &p.name,
                    href: self.href(url, &p.url),
                    count: usize::from(last.is_some()) + ms.count(),
                    last,
                    has_note: p.note.is_some(),
                    role: p.note.and_then(|n| self.field(&self.site.notes[n], "role")),
                    company: p
                        .note
                        .and_then(|n| self.field(&self.site.notes[n], "company")),
                }
            })
            .collect();
        ctx.insert("people", &people);
        Ok(OutFile {
            path: page_file(url),
            bytes: self.render_page("people.html", &ctx)?,
        })
    }

    fn series_index(&self) -> Result<OutFile> {
        let url = "series/";
        let mut ctx = tera::Context::new();
        ctx.insert("common", &self.common(url, "Series"));
        let list: Vec<SeriesRow> = self
            .site
            .series
            .iter()
            .map(|s| SeriesRow {
                name: &s.title,
                key: &s.name,
                href: self.href(url, &s.url),
                count: s.meetings.len(),
                first: s.meetings.first().map(|&i| self.infos[i].date.as_str()),
                last: s.meetings.last().map(|&i| self.infos[i].date.as_str()),
            })
            .collect();
        ctx.insert("series_list", &list);
        Ok(OutFile {
            path: page_file(url),
            bytes: self.render_page("series_index.html", &ctx)?,
        })
    }

    fn tags_index(&self) -> Result<OutFile> {
        let url = "tags/";
        let mut ctx = tera::Context::new();
        ctx.insert("common", &self.common(url, "Tags"));
        let list: Vec<TagRow> = (0..self.site.tags.len())
            .map(|k| {
                let t = &self.site.tags[k];
                TagRow {
                    name: &t.name,
                    href: self.href(url, &t.url),
                    count: self.tag_count(k),
                    depth: t.name.matches('/').count(),
                    leaf: t.name.rsplit('/').next().unwrap_or(&t.name),
                }
            })
            .collect();
        ctx.insert("tags", &list);
        Ok(OutFile {
            path: page_file(url),
            bytes: self.render_page("tags.html", &ctx)?,
        })
    }

    fn search_page(&self) -> Result<OutFile> {
        let url = "search/";
        let mut ctx = tera::Context::new();
        ctx.insert("common", &self.common(url, "Search"));
        Ok(OutFile {
            path: page_file(url),
            bytes: self.render_page("search.html", &ctx)?,
        })
    }

    /// The pages that show note `note`'s text: its own page (its person's,
    /// for a person's note) and those of every note that embeds it, however
    /// deeply, sorted by path. What `serve` re-renders after an edit that
    /// changed only the note's prose ([`crate::resolve::text_edit`]).
    pub fn pages_showing(&self, note: usize) -> Result<Vec<OutFile>> {
        let notes = &self.site.notes;
        let mut shown = std::collections::BTreeSet::from([note]);
        let mut todo = vec![note];
        while let Some(k) = todo.pop() {
            for (i, n) in notes.iter().enumerate() {
                let embeds = n
                    .links
                    .iter()
                    .any(|l| l.embed && matches!(l.to, Target::Note { note, .. } if note == k));
                if embeds && shown.insert(i) {
                    todo.push(i);
                }
            }
        }
        let mut pages = shown
            .into_par_iter()
            .map(|i| match notes[i].person {
                Some(p) => self.person_page(p),
                None => self.note_page(i),
            })
            .collect::<Result<Vec<_>>>()?;
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(pages)
    }

    /// Every page and asset of the site, rendered in parallel, sorted by path.
    pub fn render_all(&self) -> Result<Vec<OutFile>> {
        let memory = Memory::default();
        self.render_into(&memory)?;
        Ok(memory.into_sorted())
    }

    /// Every page and asset of the site, rendered in parallel, each handed
    /// to `sink` by the task that rendered it.
    pub fn render_into(&self, sink: &dyn Sink) -> Result<()> {
        self.render_some(sink, &Pick::all(self.site))
    }

    /// The output paths of the pages `pick` leaves out (the logs' and the
    /// archive's not listed: they have folders of their own).
    pub fn pages_left_out(&self, pick: &Pick) -> Vec<String> {
        let site = self.site;
        let mut out = Vec::new();
        for (i, n) in site.notes.iter().enumerate() {
            if n.person.is_none() && !pick.notes[i] {
                out.push(page_file(&n.url));
            }
        }
        for (p, person) in site.people.iter().enumerate() {
            if !pick.people[p] {
                out.push(page_file(&person.url));
            }
        }
        let paged = |url: &String, more: &[String], out: &mut Vec<String>| {
            out.extend(std::iter::once(url).chain(more).map(|u| page_file(u)));
        };
        for (k, x) in site.series.iter().enumerate() {
            if !pick.series[k] {
                paged(&x.url, &x.more_pages, &mut out);
            }
        }
        for (k, t) in site.tags.iter().enumerate() {
            if !pick.tags[k] {
                paged(&t.url, &t.more_pages, &mut out);
            }
        }
        for (k, &p) in pick.previews.iter().enumerate() {
            if !p {
                out.push(previews::path(k));
            }
        }
        if !pick.actions {
            out.push(page_file("actions/"));
        }
        out
    }

    /// The output path of note `i`'s page (a note of its own, not a
    /// person's).
    pub fn note_page_path(&self, i: usize) -> String {
        page_file(&self.site.notes[i].url)
    }

    /// [`Renderer::render_into`], but of the pages [`Pick`] chooses among
    /// only those `pick` picks (every other page is rendered);
    /// [`Renderer::pages_left_out`] names those left out.
    pub fn render_some(&self, sink: &dyn Sink, pick: &Pick) -> Result<()> {
        enum Job {
            Note(usize),
            Person(usize),
            Series(usize),
            Tag(usize),
            Home,
            People,
            SeriesIndex,
            Tags,
            Actions,
            Search,
            Archive,
            Board(usize),
            Log(ItemKind),
            Previews(usize),
        }
        let mut jobs: Vec<Job> = vec![
            Job::Home,
            Job::People,
            Job::SeriesIndex,
            Job::Tags,
            Job::Search,
        ];
        if pick.actions {
            jobs.push(Job::Actions);
        }
        jobs.extend(
            ItemKind::ALL
                .into_iter()
                .zip(pick.logs)
                .filter(|(_, p)| *p)
                .map(|(k, _)| Job::Log(k)),
        );
        for (i, n) in self.site.notes.iter().enumerate() {
            if n.person.is_none() && pick.notes[i] {
                jobs.push(Job::Note(i));
            }
        }
        let picked = |v: &[bool]| -> Vec<usize> { (0..v.len()).filter(|&k| v[k]).collect() };
        jobs.extend(picked(&pick.people).into_iter().map(Job::Person));
        jobs.extend(picked(&pick.series).into_iter().map(Job::Series));
        jobs.extend(picked(&pick.tags).into_iter().map(Job::Tag));
        jobs.extend((0..self.site.boards.len()).map(Job::Board));
        if pick.archive {
            jobs.push(Job::Archive);
        }
        jobs.extend(picked(&pick.previews).into_iter().map(Job::Previews));
        // the notes of each preview shard, found once for all its jobs
        let shards = if pick.previews.contains(&true) {
            previews::by_shard(self.site)
        } else {
            Vec::new()
        };
        jobs.par_iter().try_for_each(|j| {
            let pages = match j {
                Job::Series(s) => Some(self.series_pages(*s)),
                Job::Tag(t) => Some(self.tag_pages(*t)),
                Job::Archive => Some(self.archive_pages()),
                Job::Log(kind) => Some(self.log_pages(*kind)),
                Job::Previews(k) => Some(Ok(vec![previews::file(self.site, *k, &shards[*k])])),
                _ => None,
            };
            if let Some(pages) = pages {
                return pages?.into_iter().try_for_each(|p| sink.put(p));
            }
            sink.put(match j {
                Job::Note(i) => self.note_page(*i),
                Job::Person(p) => self.person_page(*p),
                Job::Series(_) | Job::Tag(_) | Job::Archive | Job::Log(_) | Job::Previews(_) => {
                    unreachable_job()
                }
                Job::Home => self.home(),
                Job::People => self.people_index(),
                Job::SeriesIndex => self.series_index(),
                Job::Tags => self.tags_index(),
                Job::Actions => self.actions_page(),
                Job::Search => self.search_page(),
                Job::Board(b) => boards::page(self, *b),
            }?)
        })?;
        // the mermaid build goes out with a site that has a diagram
        let mermaid = self.site.notes.iter().any(|n| n.diagram);
        for (name, bytes) in self.theme.static_files() {
            if diagram::is_mermaid_file(&name) && !mermaid {
                continue;
            }
            sink.put(OutFile {
                path: format!("static/{name}"),
                bytes,
            })?;
        }
        sink.put(OutFile {
            path: "static/highlight.css".into(),
            bytes: crate::render::highlight::stylesheet().into_bytes(),
        })?;
        if let Some(base) = &self.cfg.base_url {
            for f in self.feeds(base.trim_end_matches('/')) {
                sink.put(f)?;
            }
        }
        Ok(())
    }

    /// `sitemap.xml` and an Atom `feed.xml` of the newest meetings; both need
    /// absolute URLs, so they are written only when `base_url` is set.
    fn feeds(&self, base: &str) -> Vec<OutFile> {
        let abs = |url: &str| format!("{base}/{}", crate::urls::encode_path(url));
        let x = |s: &str| esc(s);
        let mut urls: Vec<String> = vec![String::new()];
        for r in crate::resolve::RESERVED
            .iter()
            .filter(|r| !matches!(**r, "static/" | "files/" | "search/" | "previews/"))
        {
            urls.push(r.to_string());
        }
        urls.extend(self.site.notes.iter().map(|n| n.url.clone()));
        urls.extend(self.site.people.iter().map(|p| p.url.clone()));
        urls.extend(self.site.series.iter().map(|s| s.url.clone()));
        urls.extend(self.site.tags.iter().map(|t| t.url.clone()));
        // the pages of long lists and of the archive
        let archive = &self.site.archive;
        urls.extend(self.site.series.iter().flat_map(|s| s.more_pages.clone()));
        urls.extend(self.site.tags.iter().flat_map(|t| t.more_pages.clone()));
        urls.extend(archive.years.iter().flat_map(|(_, l)| l.urls.clone()));
        urls.extend(archive.undated.urls.iter().cloned());
        urls.extend(archive.other.urls.iter().cloned());
        urls.extend(self.site.boards.iter().map(|b| b.url.clone()));
        urls.sort();
        urls.dedup();
        let mut sitemap = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for u in &urls {
            sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", x(&abs(u))));
        }
        sitemap.push_str("</urlset>\n");
        let mut meetings: Vec<&Note> = self
            .site
            .notes
            .iter()
            .filter(|n| n.is_meeting && n.date.is_some())
            .collect();
        meetings.sort_by(|a, b| crate::resolve::newest_first(a, b));
        let updated = meetings
            .first()
            .map(|n| iso(n))
            .unwrap_or_else(|| "1970-01-01".into());
        let mut feed = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n",
            x(&self.cfg.title),
            x(&abs("")),
            x(&abs(""))
        );
        for n in meetings.iter().take(50) {
            let people: Vec<&str> = n
                .people
                .iter()
                .filter(|(_, r)| r.iter().any(|x| x.present()))
                .map(|(p, _)| self.site.people[*p].name.as_str())
                .collect();
            feed.push_str(&format!(
                "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
                x(&n.title),
                x(&abs(&n.url)),
                x(&abs(&n.url)),
                iso(n),
                x(&people.join(", "))
            ));
        }
        feed.push_str("</feed>\n");
        vec![
            OutFile {
                path: "sitemap.xml".into(),
                bytes: sitemap.into_bytes(),
            },
            OutFile {
                path: "feed.xml".into(),
                bytes: feed.into_bytes(),
            },
        ]
    }

    pub(crate) fn site(&self) -> &Site {
        self.site
    }

    pub(crate) fn person_href(&self, from: &str, name: &str) -> Option<String> {
        self.site
            .people
            .iter()
            .find(|p| p.name == name)
            .map(|p| self.href(from, &p.url))
    }
}

/// Frontmatter keys shown in the meeting header rather than the field list.
const SHOWN_FIELDS: &[&str] = &[
    "title",
    "type",
    "created",
    "date",
    "series",
    "privacy",
    "tags",
    "tag",
    "aliases",
    "alias",
    "duration_min",
    "start_time",
    "speakers",
    "publish",
];

/// Link drawing for one page.
pub(crate) struct PageEnv<'r, 'a> {
    pub(crate) r: &'r Renderer<'a>,
    pub(crate) note: usize,
    pub(crate) from: &'r str,
    /// Notes (and their sections) being transcluded, outermost first: the
    /// page's own note, then each embed (cycle and depth guard).
    pub(crate) chain: Vec<(usize, Option<String>)>,
    /// Embeds drawn on the page so far: each gives its element ids a
    /// prefix of its own, so that ids stay unique on the page.
    pub(crate) embeds: &'r Cell<usize>,
    /// Turns of speaker-attributed minutes by body line (the page's own note only).
    pub(crate) turns: HashMap<usize, crate::parse::markdown::TurnHtml>,
    /// Set when the body or a note it embeds holds raw HTML.
    pub(crate) raw: &'r Cell<bool>,
}

use crate::parse::obsidian::display_target as display;

/// A link URL as a reader would write it: its path percent-decoded.
fn shown_url(url: &str) -> String {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    crate::urls::percent_decode(path).unwrap_or_else(|| path.to_string())
}

pub(crate) fn is_image(path: &str) -> bool {
    let l = path.to_ascii_lowercase();
    [
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp",
    ]
    .iter()
    .any(|e| l.ends_with(e))
}

impl PageEnv<'_, '_> {
    /// Whether note `i` is the note whose page this is (its anchors are on
    /// this page).
    pub(crate) fn is_page_note(&self, i: usize) -> bool {
        self.chain.first().is_some_and(|c| c.0 == i)
    }

    /// The href of note `note` (at its `anchor`), seen from this page: the
    /// page's own note's anchors are on this page (`#id`).
    fn note_href(&self, note: usize, anchor: Option<&str>) -> String {
        let mut href = if self.is_page_note(note) && anchor.is_some() {
            String::new()
        } else {
            self.r.href(self.from, &self.r.site.notes[note].url)
        };
        if let Some(a) = anchor {
            href.push('#');
            href.push_str(&crate::urls::encode_path(a));
        }
        href
    }

    /// HTML for `[[target|label]]` (`![[…]]` when `embed`) that goes to `to`.
    pub(crate) fn wikilink_to(
        &self,
        to: Target,
        target: &str,
        label: Option<&str>,
        embed: bool,
    ) -> LinkHtml {
        let site = self.r.site;
        let shown = label.map(str::to_string).unwrap_or_else(|| display(target));
        let inline = |html: String| LinkHtml { html, block: false };
        match to {
            Target::Note { note, anchor } => {
                let n = &site.notes[note];
                // a heading of the page's own note is on this page; one of
                // an embedded note is on that note's page
                let href = self.note_href(note, anchor.as_deref());
                if embed {
                    return LinkHtml {
                        html: crate::render::embed::embed_note(
                            self,
                            note,
                            anchor.as_deref(),
                            &shown,
                        ),
                        block: true,
                    };
                }
                let class = if n.person.is_some() {
                    "wikilink person"
                } else {
                    "wikilink"
                };
                inline(format!(
                    "<a class=\"{class}\" href=\"{}\">{}</a>",
                    esc(&href),
                    esc(&shown)
                ))
            }
            Target::Person(p) => inline(format!(
                "<a class=\"wikilink person\" href=\"{}\">{}</a>",
                esc(&self.r.href(self.from, &site.people[p].url)),
                esc(&shown)
            )),
            Target::Attachment(a) => {
                let att = &site.attachments[a];
                if let Some(b) = att.board {
                    return boards::wikilink(self, b, target, &shown, embed);
                }
                let href = self.r.href(self.from, &att.url);
                if embed && is_image(&att.path) {
                    let mut size = String::new();
                    if let Some(l) = label {
                        let (w, h) = l.split_once('x').unwrap_or((l, ""));
                        if let Ok(w) = w.trim().parse::<u32>() {
                            size.push_str(&format!(" width=\"{w}\""));
                            if let Ok(h) = h.trim().parse::<u32>() {
                                size.push_str(&format!(" height=\"{h}\""));
                            }
                        }
                    }
                    let alt = att.path.rsplit('/').next().unwrap_or(&att.path);
                    let alt = if size.is_empty() {
                        label.unwrap_or(alt)
                    } else {
                        alt
                    };
                    inline(format!(
                        "<img class=\"embed-image\" src=\"{}\" alt=\"{}\"{size} loading=\"lazy\">",
                        esc(&href),
                        esc(alt)
                    ))
                } else {
                    let name = att.path.rsplit('/').next().unwrap_or(&att.path);
                    let shown = label.unwrap_or(name);
                    // a file a browser could run is saved, under its own name
                    let download = if att.download {
                        format!(" download=\"{}\"", esc(name))
                    } else {
                        String::new()
                    };
                    inline(format!(
                        "<a class=\"attachment\" href=\"{}\"{download}>{}</a>",
                        esc(&href),
                        esc(shown)
                    ))
                }
            }
            // a removed note: its embed shows nothing, a link to it is plain text
            Target::Removed if embed => inline(String::new()),
            Target::Removed => inline(esc(&shown)),
            // outside Obsidian, `[[…]]` that names nothing is prose
            Target::Missing if !self.r.cfg.obsidian_vault => {
                let bang = if embed { "!" } else { "" };
                let pipe = label.map(|l| format!("|{l}")).unwrap_or_default();
                inline(esc(&format!("{bang}[[{target}{pipe}]]")))
            }
            Target::Missing | Target::Outside => inline(format!(
                "<span class=\"wikilink unresolved\" title=\"{}\">{}</span>",
                esc(&format!(
                    "No note named “{}” in this vault",
                    LinkTarget::parse(target).path
                )),
                esc(&shown)
            )),
        }
    }
}

impl LinkEnv for PageEnv<'_, '_> {
    fn wikilink(&self, target: &str, label: Option<&str>, embed: bool) -> LinkHtml {
        // where the note's first link written so goes (resolve read them
        // in the order of the note)
        let to = self.r.site.notes[self.note]
            .links
            .iter()
            .find(|l| l.target == target)
            .map_or(Target::Missing, |l| l.to.clone());
        self.wikilink_to(to, target, label, embed)
    }

    fn tag_href(&self, tag: &str) -> String {
        self.r.tag_link(self.from, tag).href
    }

    fn inline_tags(&self) -> bool {
        self.r.cfg.obsidian_vault
    }

    fn turn(&self, line: usize) -> Option<crate::parse::markdown::TurnHtml> {
        self.turns.get(&line).cloned()
    }

    fn local_url(&self, url: &str) -> Option<Local> {
        let n = &self.r.site.notes[self.note];
        let (_, to) = n.local_links.iter().find(|(u, _)| u == url)?;
        Some(match to {
            Target::Attachment(a) => {
                Local::Href(self.r.href(self.from, &self.r.site.attachments[*a].url))
            }
            Target::Note { note, anchor } => {
                let mut href = self.note_href(*note, anchor.as_deref());
                // a fragment that names no heading or block goes as written
                if let (None, Some((_, frag))) = (anchor, url.split_once('#')) {
                    href.push('#');
                    href.push_str(frag);
                }
                Local::Href(href)
            }
            Target::Removed => Local::Plain,
            Target::Outside => {
                Local::Unresolved(format!("“{}” is outside this vault", shown_url(url)))
            }
            _ => Local::Unresolved(format!(
                "No note or file “{}” in this vault",
                shown_url(url)
            )),
        })
    }

    fn local_download(&self, url: &str) -> Option<String> {
        let n = &self.r.site.notes[self.note];
        match n.local_links.iter().find(|(u, _)| u == url)?.1 {
            Target::Attachment(a) => {
                let att = &self.r.site.attachments[a];
                att.download
                    .then(|| att.path.rsplit('/').next().unwrap_or(&att.path).to_string())
            }
            _ => None,
        }
    }

    fn remote_images(&self) -> bool {
        self.r.cfg.remote_images
    }

    fn raw_html(&self) {
        self.raw.set(true);
    }

    fn web_card(&self, url: &str, text: &str, title: &str) -> Option<String> {
        web::card(url, text, title)
    }

    fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        highlight::highlight(code, lang)
    }

    fn task(&self, index: usize) -> Option<TaskHtml> {
        if self.chain.len() > 1 {
            return None; // an embedded section: its task numbering is not the note's
        }
        let n = &self.r.site.notes[self.note];
        let t = n.tasks.get(index)?;
        Some(crate::render::tasks_html::task_html(self.r, t, self.from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::math;

    #[test]
    fn colours_are_kept_and_the_rest_of_a_style_is_not() {
        let h = sanitize(
            "<p><span style=\"color: #c00; position: fixed; top: 0\">a</span><font color=\"red\" face=\"x\">b</font><font color=\"red;x:url(y)\">c</font><b style=\"background: url(https://t.example/p.gif)\">d</b></p>",
        );
        assert_eq!(
            h,
            "<p><span style=\"color:#c00\">a</span><font color=\"red\">b</font><font>c</font><b>d</b></p>"
        );
    }

    #[test]
    fn math_colours_survive_as_colour_styles() {
        let h = sanitize(&math::to_html(r"\color{red} x", false));
        assert!(h.contains("<mi style=\"color:rgb(255 0 0)\">x</mi>"), "{h}");
    }

    #[test]
    fn frames_stay_only_on_allowed_hosts_with_a_sandbox() {
        let embeds = crate::config::Embeds {
            iframe_hosts: vec!["maps.example.org".into()],
        };
        let clean = |h: &str| web::frames(&sanitize(h), &embeds);
        assert_eq!(
            clean(
                "<iframe src=\"https://maps.example.org/m?a=1&amp;b=2\" title=\"Route &lt;N&gt;\" width=\"600\" height=\"50%\" onload=\"x()\" style=\"position:fixed\" allow=\"camera\" srcdoc=\"x\">fallback <script>alert(1)</script></iframe>"
            ),
            "<iframe src=\"https://maps.example.org/m?a=1&amp;b=2\" title=\"Route &lt;N&gt;\" width=\"600\" height=\"50%\" sandbox=\"allow-scripts allow-same-origin allow-popups\" loading=\"lazy\" referrerpolicy=\"no-referrer\"></iframe>"
        );
        // over http, or another host: a link card; a script URL: a notice
        let h = clean(
            "<iframe src=\"http://maps.example.org/m\" title=\"<b>Route</b>\">x <script>y</script></iframe>",
        );
        assert_eq!(
            h,
            "<a class=\"web-embed page\" href=\"http://maps.example.org/m\"><span class=\"web-embed-text\"><span class=\"web-embed-title\">&lt;b&gt;Route&lt;/b&gt;</span><span class=\"web-embed-host\">maps.example.org</span></span></a>"
        );
        assert!(
            clean("<p>a <iframe src=\"javascript:alert(1)\"></iframe></p>")
                .contains("an embedded frame with no source")
        );
        assert!(!clean("<IFRAME SRC=\"https://t.example/\"></IFRAME>").contains("<iframe"));
    }

    #[test]
    fn table_cells_keep_align_and_lose_style() {
        let h =
            sanitize("<table><tr><td align=\"right\" style=\"position:fixed\">x</td></tr></table>");
        assert!(h.contains("<td align=\"right\">x</td>"), "{h}");
    }

    #[test]
    fn mathml_survives_the_sanitiser_and_nothing_dangerous_does() {
        // what the math module writes comes through unchanged
        let drawn = math::to_html(
            r"\sum_{i=1}^n \sqrt[3]{x_i} \begin{matrix}a & b\end{matrix}",
            true,
        );
        let h = sanitize(&drawn);
        for kept in [
            "<math display=\"block\">",
            "<semantics>",
            "<munderover>",
            "<mroot>",
            "<mtable",
            "<mtd",
            "<annotation encoding=\"application/x-tex\">",
        ] {
            assert!(h.contains(kept), "{kept} in {h}");
        }
        // raw MathML: links, handlers, styles and HTML smuggled in are not
        let h = sanitize(
            "<math display=\"block\" href=\"javascript:alert(1)\" onclick=\"x()\">\
             <mi mathvariant=\"normal\" style=\"position:fixed\" onmouseover=\"x()\">x</mi>\
             <mtext><img src=\"x\" onerror=\"alert(1)\"></mtext>\
             <maction actiontype=\"statusline\"><mi>y</mi></maction>\
             <annotation-xml encoding=\"text/html\"><script>alert(1)</script></annotation-xml>\
             </math>",
        );
        assert!(h.contains("<mi mathvariant=\"normal\">x</mi>"), "{h}");
        for gone in [
            "javascript",
            "onclick",
            "onmouseover",
            "onerror",
            "style",
            "script",
            "maction",
            "annotation-xml",
        ] {
            assert!(!h.contains(gone), "{gone} in {h}");
        }
    }

    #[test]
    fn remote_images_become_links_local_ones_stay() {
        let h = unlink_remote_images(&sanitize(
            "<p><img src=\"https://t.example/p.gif?a=1&amp;b=2\" alt=\"a &quot;b&quot; <c>\">\
             <img alt=\"\" src=\"//t.example/q.gif\"><img src=\"../files/x.png\" alt=\"x\"></p>",
        ));
        assert_eq!(
            h,
            "<p><a href=\"https://t.example/p.gif?a=1&amp;b=2\">a &quot;b&quot; &lt;c&gt;</a>\
             <a href=\"//t.example/q.gif\">//t.example/q.gif</a><img src=\"../files/x.png\" alt=\"x\"></p>"
        );
    }

    /// The published site of `notes` with `cfg`, and its theme.
    fn fixture(cfg: &Config, notes: &[(&str, &str)]) -> (crate::publish::Published, theme::Theme) {
        let notes: Vec<(String, Vec<u8>)> = notes
            .iter()
            .map(|(p, s)| (p.to_string(), s.as_bytes().to_vec()))
            .collect();
        let vault = crate::load::from_memory(cfg, &notes, &["img/pic.png".to_string()]);
        let site = crate::resolve::resolve(&vault, cfg);
        let published = crate::publish::publish(site, &vault, cfg);
        let theme = theme::Theme::load(cfg).expect("the built-in theme");
        (published, theme)
    }

    fn cfg(directory_links: bool) -> Config {
        Config {
            root: "/nonexistent-minutebook-root".into(),
            vault: "/nonexistent-minutebook-vault".into(),
            progress: false,
            directory_links,
            base_url: Some("https://ex.example/n/".into()),
            ..Config::default()
        }
    }

    const NOTES: &[(&str, &str)] = &[
        (
            "Meetings/2025-02-03 Kiln.md",
            "---\ntype: team\ncreated: 2025-02-03\nattendees: [\"[[Ivo Brandt]]\"]\n---\n# Kiln & <Co>\n\nSee [[Glaze#Cones|the cones]], [[Ivo Brandt]], [[Nowhere]] and ![[pic.png|40]].\n",
        ),
        ("Notes/Glaze.md", "# Glaze\n\n## Cones\n\nHot.\n"),
    ];

    #[test]
    fn wikilinks_render_relative_to_the_page() {
        for dl in [false, true] {
            let cfg = cfg(dl);
            let (published, theme) = fixture(&cfg, NOTES);
            let r = Renderer::new(&published, &cfg, &theme);
            let i = published
                .site()
                .notes
                .iter()
                .position(|n| n.path == "Meetings/2025-02-03 Kiln.md")
                .unwrap();
            let from = published.site().notes[i].url.clone();
            assert_eq!(from, "meetings/2025-02-03-kiln/");
            let html = r.body_html(i, &from);
            let doc = scraper::Html::parse_fragment(&html);
            let a = |css: &str| -> Vec<(String, String)> {
                doc.select(&scraper::Selector::parse(css).unwrap())
                    .map(|e| {
                        (
                            e.value()
                                .attr("href")
                                .or(e.value().attr("src"))
                                .unwrap_or("")
                                .to_string(),
                            e.text().collect::<String>(),
                        )
                    })
                    .collect()
            };
            let ix = if dl { "" } else { "index.html" };
            let links = a("a.wikilink");
            assert_eq!(
                links,
                [
                    (
                        format!("../../notes/glaze/{ix}#cones"),
                        "the cones".to_string()
                    ),
                    (
                        format!("../../people/ivo-brandt/{ix}"),
                        "Ivo Brandt".to_string()
                    ),
                ],
                "{html}"
            );
            // a link to nothing is visibly unresolved, never a dead href
            let broken: Vec<String> = doc
                .select(
                    &scraper::Selector::parse(
                        "span.unresolved, span.broken-link, span[class*=unresolved]",
                    )
                    .unwrap(),
                )
                .map(|e| e.text().collect())
                .collect();
            assert_eq!(broken, ["Nowhere"], "{html}");
            let img = a("img");
            assert_eq!(img.len(), 1, "{html}");
            assert_eq!(img[0].0, "../../files/img/pic.png");
        }
    }

    #[test]
    fn the_feed_escapes_titles_and_links_absolutely() {
        let cfg = cfg(false);
        let (published, theme) = fixture(&cfg, NOTES);
        let r = Renderer::new(&published, &cfg, &theme);
        let files = r.feeds("https://ex.example/n");
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["sitemap.xml", "feed.xml"]);
        let feed = String::from_utf8(files[1].bytes.clone()).unwrap();
        assert!(
            feed.contains("<title>Kiln &amp; &lt;Co&gt;</title>"),
            "{feed}"
        );
        assert!(
            feed.contains("<link href=\"https://ex.example/n/meetings/2025-02-03-kiln/\"/>"),
            "{feed}"
        );
        assert_eq!(feed.matches("<entry>").count(), 1, "only meetings: {feed}");
    }

    #[test]
    fn page_urls_become_index_files() {
        assert_eq!(page_file(""), "index.html");
        assert_eq!(
            page_file("people/ivo-brandt/"),
            "people/ivo-brandt/index.html"
        );
    }
}
