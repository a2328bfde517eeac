//! The decision log and its kin: decisions, open questions and risks.
//!
//! Takes the published site through the [`Renderer`] (each note's
//! [`SectionItem`]s, found by resolve under the headings `[decisions]`
//! names, so a profile's dropped sections and redactions are already
//! applied); gives the site-wide pages (`decisions/`, `open-questions/`,
//! `risks/`: newest first, by year and month, each meeting with its date,
//! series and people; one page per year when those would together be
//! over [`PAGE_BUDGET`] bytes) and the latest items a person's or a series'
//! page shows. Filters (series, person, year) are drawn for the browser
//! (`static/filters.js`); without script everything is listed.

use super::{LinkRef, OutFile, Renderer, page_file};
use crate::model::{ItemKind, Note};
use crate::parse::markdown;
use anyhow::Result;
use chrono::Datelike;
use serde::Serialize;
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};

/// The most HTML a log may hold on one page: past it, the log is paged by
/// year.
pub(super) const PAGE_BUDGET: usize = 800_000;

/// How many items a person's or a series' page shows of each kind.
const RECENT: usize = 3;

/// How a log's pages are laid out, as far as the pages linking to it can
/// tell: whether it is paged by year, and then its newest year (whose page
/// is the log's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogLayout {
    pub paged: bool,
    pub newest: Option<i32>,
}

/// One note's items of one kind, as a list shows them.
#[derive(Serialize)]
pub(super) struct LogEntry<'a> {
    title: &'a str,
    href: String,
    date: &'a str,
    date_long: &'a str,
    series: Option<LinkRef<'a>>,
    /// Filter value of the series (`team/platform-sync`), or empty.
    series_key: &'a str,
    people: Vec<LinkRef<'a>>,
    /// Filter values of the people present, space-separated.
    people_keys: String,
    /// The items' HTML.
    items: Vec<String>,
}

#[derive(Serialize)]
struct LogMonth<'a> {
    id: String,
    name: String,
    count: usize,
    entries: Vec<LogEntry<'a>>,
}

#[derive(Serialize)]
struct LogYear<'a> {
    name: String,
    id: String,
    count: usize,
    months: Vec<LogMonth<'a>>,
}

/// An option of a filter menu.
#[derive(Serialize, Clone)]
struct Choice<'a> {
    value: &'a str,
    name: &'a str,
    count: usize,
}

/// What every page of a log shows of the whole log (see
/// [`Renderer::log_frame`]).
struct LogFrame<'a> {
    /// Items of the log's kind.
    count: usize,
    /// Each year (None: undated), newest first, and its items.
    years: Vec<(Option<i32>, usize)>,
    /// Items of each kind of [`ItemKind::ALL`] in the whole site.
    kinds: [usize; 3],
    series: Vec<Choice<'a>>,
    people: Vec<Choice<'a>>,
}

/// A year of the log and where it is shown.
#[derive(Serialize)]
struct YearLink {
    name: String,
    /// The year's section on this page (`#y-2024`) or the page that holds it.
    href: String,
    count: usize,
    /// Shown on this page.
    here: bool,
}

/// One of the three logs, for the links between them.
#[derive(Serialize)]
struct KindLink {
    name: &'static str,
    href: String,
    count: usize,
    current: bool,
}

/// A log page, as `log.html` sees it (`log`).
#[derive(Serialize)]
struct LogCtx<'a> {
    kind: &'static str,
    title: &'static str,
    /// Items of this kind in the whole site.
    count: usize,
    /// Items on this page.
    shown: usize,
    paged: bool,
    kinds: Vec<KindLink>,
    years: Vec<YearLink>,
    groups: Vec<LogYear<'a>>,
    series: Vec<Choice<'a>>,
    people: Vec<Choice<'a>>,
}

/// A kind's latest items on a person's or series' page.
#[derive(Serialize)]
pub(super) struct RecentLog<'a> {
    kind: &'static str,
    title: &'static str,
    count: usize,
    /// The whole log filtered to this person or series (when the log is
    /// paged, its page of the year of their newest item).
    href: String,
    entries: Vec<LogEntry<'a>>,
}

impl RecentLog<'_> {
    /// The log as a series' own page shows it: no series chip on its entries
    /// (every one is that series').
    pub(super) fn without_series(mut self) -> Self {
        for e in &mut self.entries {
            e.series = None;
        }
        self
    }
}

/// The filter value of a page URL under `prefix` (`people/dana-reyes/` →
/// `dana-reyes`).
pub(super) fn key_of<'u>(url: &'u str, prefix: &str) -> &'u str {
    url.strip_prefix(prefix)
        .unwrap_or(url)
        .trim_end_matches('/')
}

/// The year a note's items are filed under.
/// The place of `kind` in [`ItemKind::ALL`].
fn kind_index(kind: ItemKind) -> usize {
    ItemKind::ALL.iter().position(|x| *x == kind).unwrap_or(0)
}

/// How many items of `kind` note `n` holds.
fn item_count(n: &Note, kind: ItemKind) -> usize {
    n.items.iter().filter(|it| it.kind == kind).count()
}

fn year_of(n: &Note) -> Option<i32> {
    n.date.map(|d| d.year())
}

fn year_name(y: Option<i32>) -> String {
    y.map_or_else(|| "Undated".to_string(), |y| y.to_string())
}

fn year_id(y: Option<i32>) -> String {
    y.map_or_else(|| "undated".to_string(), |y| format!("y-{y}"))
}

impl<'a> Renderer<'a> {
    /// An item's Markdown as HTML on the page at `from`, links resolved as
    /// in note `note`, without the paragraph around it.
    fn item_html(&self, note: usize, md: &str, from: &str) -> String {
        let raw = Cell::new(false);
        let embeds = Cell::new(0);
        let env = super::PageEnv {
            r: self,
            note,
            from,
            chain: vec![(note, None)],
            turns: HashMap::new(),
            raw: &raw,
            embeds: &embeds,
        };
        let html = self.finish_html(markdown::render(md, &env), raw.get(), from);
        let t = html.trim();
        match t.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => t.to_string(),
        }
    }

    /// Notes with items of `kind`, newest first (undated last); found once
    /// per renderer (every person and series page asks).
    fn notes_with(&self, kind: ItemKind) -> &[usize] {
        let k = kind_index(kind);
        self.log_notes[k].get_or_init(|| {
            let notes = &self.site.notes;
            let mut v: Vec<usize> = (0..notes.len())
                .filter(|&i| notes[i].items.iter().any(|it| it.kind == kind))
                .collect();
            v.sort_by(|&a, &b| crate::resolve::newest_first(&notes[a], &notes[b]));
            v
        })
    }

    /// Note `i`'s items of `kind`, as a list on the page at `from` shows them.
    fn log_entry(&self, i: usize, kind: ItemKind, from: &str) -> LogEntry<'_> {
        let n = &self.site.notes[i];
        let info = &self.infos[i];
        let items: Vec<&crate::model::SectionItem> =
            n.items.iter().filter(|it| it.kind == kind).collect();
        let anchor = items.first().map(|it| it.anchor.as_str()).unwrap_or("");
        let mut href = self.href(from, &n.url);
        if !anchor.is_empty() {
            href.push('#');
            href.push_str(&crate::urls::encode_path(anchor));
        }
        let people: Vec<usize> = info.present.clone();
        LogEntry {
            title: &n.title,
            href,
            date: &info.date,
            date_long: &info.date_long,
            series: n.series.map(|s| self.series_link(from, s)),
            series_key: n
                .series
                .map_or("", |s| key_of(&self.site.series[s].url, "series/")),
            people_keys: people
                .iter()
                .map(|&p| key_of(&self.site.people[p].url, "people/"))
                .collect::<Vec<_>>()
                .join(" "),
            people: people.iter().map(|&p| self.person_link(from, p)).collect(),
            items: items
                .iter()
                .map(|it| self.item_html(i, &it.markdown, from))
                .collect(),
        }
    }

    /// The notes `notes` (newest first) by year and month, as seen from `from`.
    fn log_groups(&self, notes: &[usize], kind: ItemKind, from: &str) -> Vec<LogYear<'_>> {
        let mut years: Vec<LogYear> = Vec::new();
        for &i in notes {
            let n = &self.site.notes[i];
            let y = year_of(n);
            let count = item_count(n, kind);
            if years.last().is_none_or(|g| g.name != year_name(y)) {
                years.push(LogYear {
                    name: year_name(y),
                    id: year_id(y),
                    count: 0,
                    months: Vec::new(),
                });
            }
            let Some(year) = years.last_mut() else {
                continue;
            };
            let (id, name) = match n.date {
                Some(d) => (
                    format!("m-{}-{:02}", d.year(), d.month()),
                    d.format("%B %Y").to_string(),
                ),
                None => (String::new(), String::new()),
            };
            if year.months.last().is_none_or(|m| m.id != id) {
                year.months.push(LogMonth {
                    id,
                    name,
                    count: 0,
                    entries: Vec::new(),
                });
            }
            year.count += count;
            if let Some(m) = year.months.last_mut() {
                m.count += count;
                m.entries.push(self.log_entry(i, kind, from));
            }
        }
        years
    }

    /// The filter menus of a log: every series and person of its notes,
    /// with how many items they have, in name order.
    fn log_choices(&self, notes: &[usize], kind: ItemKind) -> (Vec<Choice<'_>>, Vec<Choice<'_>>) {
        let mut series: BTreeMap<usize, usize> = BTreeMap::new();
        let mut people: BTreeMap<usize, usize> = BTreeMap::new();
        for &i in notes {
            let n = &self.site.notes[i];
            let c = item_count(n, kind);
            if let Some(s) = n.series {
                *series.entry(s).or_default() += c;
            }
            for &p in &self.infos[i].present {
                *people.entry(p).or_default() += c;
            }
        }
        let mut series: Vec<Choice> = series
            .into_iter()
            .map(|(s, count)| Choice {
                value: key_of(&self.site.series[s].url, "series/"),
                name: &self.site.series[s].title,
                count,
            })
            .collect();
        series.sort_by(|a, b| crate::collate::cmp(a.name, b.name).then(a.value.cmp(b.value)));
        // people are in name order already
        let people = people
            .into_iter()
            .map(|(p, count)| Choice {
                value: key_of(&self.site.people[p].url, "people/"),
                name: &self.site.people[p].name,
                count,
            })
            .collect();
        (series, people)
    }

    /// The URL of the page of `kind`'s log that shows year `y`, when the
    /// log is paged: the newest year's is the log's own.
    fn log_page_url(kind: ItemKind, y: Option<i32>, newest: Option<i32>) -> String {
        if y == newest {
            format!("{}/", kind.slug())
        } else {
            format!(
                "{}/{}/",
                kind.slug(),
                y.map_or_else(|| "undated".to_string(), |y| y.to_string())
            )
        }
    }

    /// Whether `kind`'s log is paged by year: it spans two years or more
    /// and its pages by year would together be over [`PAGE_BUDGET`]
    /// (decided once; pages that cannot be drawn count as small). The
    /// pages drawn to decide it are kept for [`Self::log_pages`].
    fn log_is_paged(&self, kind: ItemKind) -> bool {
        let k = kind_index(kind);
        *self.log_paged[k].get_or_init(|| {
            let mut years: Vec<Option<i32>> = self
                .notes_with(kind)
                .iter()
                .map(|&i| year_of(&self.site.notes[i]))
                .collect();
            years.dedup();
            if years.len() < 2 {
                return false;
            }
            match self.year_pages(kind) {
                Ok(pages) if pages.iter().map(|f| f.bytes.len()).sum::<usize>() > PAGE_BUDGET => {
                    *self.log_drawn[k].lock().unwrap_or_else(|e| e.into_inner()) = Some(pages);
                    true
                }
                _ => false,
            }
        })
    }

    /// How `kind`'s log is laid out, as the person and series pages that
    /// link to it see it (deciding whether it is paged, if not yet).
    pub fn log_layout(&self, kind: ItemKind) -> LogLayout {
        let paged = self.log_is_paged(kind);
        LogLayout {
            paged,
            newest: if paged {
                self.notes_with(kind)
                    .first()
                    .and_then(|&j| year_of(&self.site.notes[j]))
            } else {
                None
            },
        }
    }

    /// The layouts of the logs, per kind of [`ItemKind::ALL`].
    pub fn log_layouts(&self) -> [LogLayout; 3] {
        ItemKind::ALL.map(|k| self.log_layout(k))
    }

    /// This renderer, told whether the logs of the kinds in `known` are
    /// paged, as an earlier renderer of a site with the same items of
    /// those kinds decided (so that a page linking to them does not draw
    /// the whole log to decide it again).
    pub fn knowing_logs(self, known: [Option<LogLayout>; 3]) -> Self {
        for (cell, k) in self.log_paged.iter().zip(known) {
            if let Some(k) = k {
                let _ = cell.set(k.paged);
            }
        }
        self
    }

    /// The page of `kind`'s log that shows the items of note `i`, as an
    /// output URL.
    fn log_url_of(&self, kind: ItemKind, i: usize) -> String {
        if !self.log_is_paged(kind) {
            return format!("{}/", kind.slug());
        }
        let newest = self
            .notes_with(kind)
            .first()
            .and_then(|&j| year_of(&self.site.notes[j]));
        Self::log_page_url(kind, year_of(&self.site.notes[i]), newest)
    }

    /// The pages of `kind`'s log: one, or one per year when those would
    /// together be over [`PAGE_BUDGET`].
    pub(super) fn log_pages(&self, kind: ItemKind) -> Result<Vec<OutFile>> {
        let notes = self.notes_with(kind);
        if !self.log_is_paged(kind) {
            let frame = self.log_frame(kind, notes);
            return Ok(vec![self.log_page(kind, &frame, notes, None)?]);
        }
        let drawn = self.log_drawn[kind_index(kind)]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        match drawn {
            Some(pages) => Ok(pages),
            None => self.year_pages(kind),
        }
    }

    /// The pages of `kind`'s log, one per year (the newest year's at the
    /// log's own address).
    fn year_pages(&self, kind: ItemKind) -> Result<Vec<OutFile>> {
        let notes = self.notes_with(kind);
        let mut by_year: Vec<(Option<i32>, Vec<usize>)> = Vec::new();
        for &i in notes {
            let y = year_of(&self.site.notes[i]);
            match by_year.last_mut() {
                Some((yy, v)) if *yy == y => v.push(i),
                _ => by_year.push((y, vec![i])),
            }
        }
        let newest = by_year.first().and_then(|(y, _)| *y);
        let frame = self.log_frame(kind, notes);
        by_year
            .iter()
            .map(|(y, v)| self.log_page(kind, &frame, v, Some((*y, newest))))
            .collect()
    }

    /// What every page of `kind`'s log shows of the whole log, its notes
    /// `all`: counted once, not once a page (a log paged by year has a page
    /// a year, and the years grow with the archive).
    fn log_frame(&self, kind: ItemKind, all: &[usize]) -> LogFrame<'_> {
        let mut years: Vec<(Option<i32>, usize)> = Vec::new();
        for &i in all {
            let n = &self.site.notes[i];
            let (y, c) = (year_of(n), item_count(n, kind));
            match years.last_mut() {
                Some((yy, count)) if year_name(*yy) == year_name(y) => *count += c,
                _ => years.push((y, c)),
            }
        }
        let kinds = ItemKind::ALL.map(|k| self.site.notes.iter().map(|n| item_count(n, k)).sum());
        let (series, people) = self.log_choices(all, kind);
        LogFrame {
            count: years.iter().map(|(_, c)| c).sum(),
            years,
            kinds,
            series,
            people,
        }
    }

    /// One page of `kind`'s log, whose whole is counted in `frame`, showing
    /// `shown` of its notes; `year` (the year shown, and the newest) when
    /// the log is paged.
    fn log_page(
        &self,
        kind: ItemKind,
        frame: &LogFrame<'a>,
        shown: &[usize],
        year: Option<(Option<i32>, Option<i32>)>,
    ) -> Result<OutFile> {
        let url = match year {
            Some((y, newest)) => Self::log_page_url(kind, y, newest),
            None => format!("{}/", kind.slug()),
        };
        let count_of = |v: &[usize]| -> usize {
            v.iter()
                .map(|&i| item_count(&self.site.notes[i], kind))
                .sum()
        };
        let years: Vec<YearLink> = frame
            .years
            .iter()
            .map(|&(y, count)| YearLink {
                name: year_name(y),
                href: match year {
                    None => format!("#{}", year_id(y)),
                    Some((_, newest)) => self.href(&url, &Self::log_page_url(kind, y, newest)),
                },
                count,
                here: year.is_none_or(|(shown, _)| shown == y),
            })
            .collect();
        let kinds = ItemKind::ALL
            .iter()
            .zip(frame.kinds)
            .map(|(k, count)| KindLink {
                name: k.title(),
                href: self.href(&url, &format!("{}/", k.slug())),
                count,
                current: *k == kind,
            })
            .collect();
        let (series, people) = (frame.series.clone(), frame.people.clone());
        let title = match year {
            Some((Some(y), _)) => format!("{} · {y}", kind.title()),
            Some((None, _)) => format!("{} · undated", kind.title()),
            None => kind.title().to_string(),
        };
        let mut ctx = tera::Context::new();
        ctx.insert("common", &self.common(&url, &title));
        ctx.insert(
            "log",
            &LogCtx {
                kind: kind.slug(),
                title: kind.title(),
                count: frame.count,
                shown: count_of(shown),
                paged: year.is_some(),
                kinds,
                years,
                groups: self.log_groups(shown, kind, &url),
                series,
                people,
            },
        );
        Ok(OutFile {
            path: page_file(&url),
            bytes: self.render_page("log.html", &ctx)?,
        })
    }

    /// The latest items of each kind among the notes `pick` keeps, as the
    /// page at `from` shows them, each with a link to the whole log
    /// filtered by `filter` (`person=dana-reyes`). Kinds with no item are
    /// left out.
    pub(super) fn recent_logs(
        &self,
        from: &str,
        filter: &str,
        pick: &dyn Fn(usize) -> bool,
    ) -> Vec<RecentLog<'_>> {
        let mut out = Vec::new();
        for kind in ItemKind::ALL {
            let notes: Vec<usize> = self
                .notes_with(kind)
                .iter()
                .copied()
                .filter(|&i| pick(i))
                .collect();
            let count: usize = notes
                .iter()
                .map(|&i| item_count(&self.site.notes[i], kind))
                .sum();
            if count == 0 {
                continue;
            }
            let mut entries = Vec::new();
            let mut taken = 0;
            for &i in &notes {
                if taken >= RECENT {
                    break;
                }
                let e = self.log_entry(i, kind, from);
                taken += e.items.len();
                entries.push(e);
            }
            // the log's page that holds the newest of them
            let page = notes.first().map_or_else(
                || format!("{}/", kind.slug()),
                |&i| self.log_url_of(kind, i),
            );
            out.push(RecentLog {
                kind: kind.slug(),
                title: kind.title(),
                count,
                href: format!("{}?{filter}", self.href(from, &page)),
                entries,
            });
        }
        out
    }
}
