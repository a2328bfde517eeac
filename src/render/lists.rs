//! Lists that scale: the home page, the archive, paged lists, the
//! meetings-per-week heatmap, and meeting titles as lists show them.
//!
//! Takes the published [`Site`] (its [`Archive`], series and tags with the
//! URLs of their pages, handed out by the resolve stage) through the
//! [`Renderer`]; gives the pages: the home page (the latest months in full,
//! a heatmap of meetings per week, an index of every year and month), the
//! archive index (`archive/`), a page per year of meetings grouped by month
//! (`archive/2025/`), the undated meetings and the other notes, each cut
//! into pages of [`PAGE_SIZE`] with `page/2/` URLs and `rel=prev/next`
//! links; and [`short_title`], a meeting's title without what its row
//! already shows (its date, its series).

use super::{CountRef, MeetingRef, OutFile, Renderer, page_file};
use crate::config::DateOrder;
use crate::model::*;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The home page shows the latest months with meetings, this many at most…
const HOME_MONTHS: usize = 3;
/// …and this many meetings at most (a month is cut, with a link to the rest).
const HOME_MEETINGS: usize = 150;
/// Years in the home page's heatmap (the archive index has all of them).
const HOME_HEAT_YEARS: usize = 4;
/// Other notes named in the home page's sidebar.
const HOME_OTHER: usize = 10;

// ---------------------------------------------------------------- titles

/// Words of a title part that are only a date, as titles write them.
const WEEKDAYS: &[&str] = &[
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
];

/// Whether `part` of a title says nothing but the date `date` (`2025-09-16`,
/// `16 Sep 2025`, `Tuesday, 16 September`).
fn is_date_part(part: &str, date: NaiveDate, order: DateOrder) -> bool {
    let words: Vec<&str> = part
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let date_word = |w: &&str| {
        let lw = w.to_lowercase();
        let digits = lw.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        (!digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && matches!(&lw[digits.len()..], "" | "st" | "nd" | "rd" | "th"))
            || crate::parse::infer::dates::month_name(&lw).is_some()
            || WEEKDAYS.contains(&lw.as_str())
    };
    if words.is_empty() || !words.iter().all(date_word) {
        return false;
    }
    crate::parse::dates::find_date(part) == Some(date)
        || crate::parse::infer::dates::parse_loose(part, Some(date.year()), order)
            .is_some_and(|w| w.date == date)
}

/// Title separators: ` — `, ` – `, ` - `, ` | `, ` · `, `: `.
#[allow(clippy::expect_used)]
static SEPARATORS: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\s+[—–\-|·]\s+|:\s+").expect("static regex"));

/// Lower case, spaces collapsed: how title parts are compared.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A meeting's title as a list shows it, beside its date and its series:
/// without the parts that only repeat them (`1:1 — Dana Reyes —
/// 2025-09-16` in the series `1:1 · Dana Reyes` → ``; `Northwind —
/// 2025-09-23 — Renewal kickoff` → `Renewal kickoff`), and without the
/// meeting's type when its series is shown (`Team — Platform Sync — …`).
/// Empty when nothing else is left (the list then links the date); the
/// title as it is when no part repeats anything.
pub(crate) fn short_title(n: &Note, series: Option<&Series>, order: DateOrder) -> String {
    let mut drop: Vec<String> = Vec::new();
    if let Some(s) = series {
        drop.push(fold(&s.title));
        drop.extend(s.title.split(" · ").map(fold));
        for part in s.name.split('/') {
            drop.push(fold(part));
            drop.push(fold(&crate::resolve::readable_folder(part)));
        }
        if let Some(k) = n.kind.as_deref() {
            let k = fold(&crate::resolve::readable_folder(k));
            drop.push(format!("{k}s"));
            drop.push(k.trim_end_matches('s').to_string());
            drop.push(k);
        }
    }
    drop.retain(|d| !d.is_empty());
    let title = n.title.trim();
    let mut kept: Vec<&str> = Vec::new();
    let mut dropped = false;
    for part in SEPARATORS.split(title) {
        let p = part.trim();
        let is_date = n.date.is_some_and(|d| is_date_part(p, d, order));
        if p.is_empty() || is_date || drop.contains(&fold(p)) {
            dropped = true;
        } else {
            kept.push(p);
        }
    }
    if !dropped {
        return title.to_string();
    }
    if kept.is_empty() && n.date.is_none() {
        return title.to_string();
    }
    kept.join(" — ")
}

// ---------------------------------------------------------------- pages

/// A link to one page of a paged list.
#[derive(Serialize)]
pub(super) struct PageLink {
    number: usize,
    href: String,
    current: bool,
}

/// Where a page sits in its paged list, as `partials/pager.html` sees it
/// (`pager`).
#[derive(Serialize)]
pub(super) struct Pager {
    /// 1-based.
    pub number: usize,
    pub count: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pages: Vec<PageLink>,
}

impl Renderer<'_> {
    /// The pager of page `k` (0-based) of a list whose pages are at `urls`;
    /// None for a list of one page.
    pub(super) fn pager(&self, urls: &[String], k: usize) -> Option<Pager> {
        if urls.len() < 2 {
            return None;
        }
        let from = &urls[k];
        let href = |j: usize| self.href(from, &urls[j]);
        Some(Pager {
            number: k + 1,
            count: urls.len(),
            prev: k.checked_sub(1).map(href),
            next: (k + 1 < urls.len()).then(|| href(k + 1)),
            pages: (0..urls.len())
                .map(|j| PageLink {
                    number: j + 1,
                    href: href(j),
                    current: j == k,
                })
                .collect(),
        })
    }
}

/// The slice of `items` page `k` shows.
pub(super) fn page_slice<T>(items: &[T], k: usize) -> &[T] {
    let start = (k * PAGE_SIZE).min(items.len());
    let end = ((k + 1) * PAGE_SIZE).min(items.len());
    &items[start..end]
}

/// A page's title: `name`, and its number after the first.
pub(super) fn paged_title(name: &str, k: usize) -> String {
    if k == 0 {
        name.to_string()
    } else {
        format!("{name} · page {}", k + 1)
    }
}

// ---------------------------------------------------------------- heatmap

/// A week of the heatmap.
#[derive(Serialize)]
struct HeatCell {
    /// 0 (none) to 4 (the busiest weeks).
    level: u8,
    count: usize,
    /// `18–24 Mar`.
    dates: String,
}

/// A year of the heatmap: a row of weeks.
#[derive(Serialize)]
struct HeatYear {
    year: i32,
    href: String,
    total: usize,
    cells: Vec<HeatCell>,
}

/// A column of the heatmap: a week's number and the month that starts in
/// it (`Mar`), if one does.
#[derive(Serialize)]
struct HeatWeek {
    number: u32,
    month: &'static str,
}

/// A level of the heatmap's legend: its counts (`2–3`).
#[derive(Serialize)]
struct HeatLegend {
    level: u8,
    label: String,
}

/// The meetings-per-week heatmap, as `partials/heatmap.html` sees it
/// (`heatmap`): a row per year, newest first, a cell per week (the weeks
/// of a year start on 1 January; the 53rd holds its last day or two).
#[derive(Serialize)]
struct Heatmap {
    years: Vec<HeatYear>,
    /// Week numbers, 1 to 53, with the month that starts in each.
    weeks: Vec<HeatWeek>,
    legend: Vec<HeatLegend>,
    /// Years left out (the archive index has them).
    more: usize,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The heat level (1–4) of a week of `c` meetings when the busiest has `max`.
fn level(c: usize, max: usize) -> u8 {
    if c == 0 {
        return 0;
    }
    let l = 1 + (3 * (c - 1)) / max.saturating_sub(1).max(1);
    l.min(4) as u8
}

/// `18–24 Mar` or `29 Apr – 5 May`: the days of week `w` (0-based) of `year`.
fn week_dates(year: i32, w: u32) -> String {
    let Some(start) = NaiveDate::from_yo_opt(year, w * 7 + 1) else {
        return String::new();
    };
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(start);
    let end = (start + chrono::Duration::days(6)).min(last);
    let m = |d: NaiveDate| MONTHS[d.month0() as usize];
    if start == end {
        format!("{} {}", start.day(), m(start))
    } else if start.month() == end.month() {
        format!("{}–{} {}", start.day(), end.day(), m(start))
    } else {
        format!("{} {} – {} {}", start.day(), m(start), end.day(), m(end))
    }
}

impl Renderer<'_> {
    /// The heatmap of the archive's years (the newest `limit`), seen from `url`.
    fn heatmap(&self, url: &str, limit: usize) -> Heatmap {
        let archive = &self.site.archive;
        let mut counts: Vec<[usize; 53]> = Vec::new();
        for (_, list) in &archive.years {
            let mut weeks = [0usize; 53];
            for &i in &list.notes {
                if let Some(d) = self.site.notes[i].date {
                    weeks[(d.ordinal0() / 7).min(52) as usize] += 1;
                }
            }
            counts.push(weeks);
        }
        let max = counts
            .iter()
            .take(limit)
            .flat_map(|w| w.iter().copied())
            .max()
            .unwrap_or(0);
        let years = archive
            .years
            .iter()
            .zip(&counts)
            .take(limit)
            .map(|((y, list), weeks)| HeatYear {
                year: *y,
                href: list
                    .urls
                    .first()
                    .map(|u| self.href(url, u))
                    .unwrap_or_default(),
                total: list.notes.len(),
                cells: weeks
                    .iter()
                    .enumerate()
                    .map(|(w, &c)| HeatCell {
                        level: level(c, max),
                        count: c,
                        dates: week_dates(*y, w as u32),
                    })
                    .collect(),
            })
            .collect();
        // the month that starts in each week (of a year that is not leap)
        let weeks = (0..53u32)
            .map(|w| {
                let m = (0..12).find(|&m| {
                    NaiveDate::from_ymd_opt(2023, m + 1, 1).is_some_and(|d| d.ordinal0() / 7 == w)
                });
                HeatWeek {
                    number: w + 1,
                    month: m.map_or("", |m| MONTHS[m as usize]),
                }
            })
            .collect();
        let legend = (1..=4u8)
            .filter_map(|l| {
                let lo = (1..=max).find(|&c| level(c, max) == l)?;
                let hi = (lo..=max).rev().find(|&c| level(c, max) == l)?;
                let label = if lo == hi {
                    lo.to_string()
                } else {
                    format!("{lo}–{hi}")
                };
                Some(HeatLegend { level: l, label })
            })
            .collect();
        Heatmap {
            years,
            weeks,
            legend,
            more: archive.years.len().saturating_sub(limit),
        }
    }
}

// ---------------------------------------------------------------- timeline

/// A month of a timeline.
#[derive(Serialize)]
pub(super) struct MonthCtx<'a> {
    month: u32,
    name: String,
    id: String,
    count: usize,
    meetings: Vec<MeetingRef<'a>>,
}

/// A year of a timeline.
#[derive(Serialize)]
pub(super) struct YearCtx<'a> {
    year: i32,
    count: usize,
    months: Vec<MonthCtx<'a>>,
}

/// A month of the year and month index: its name and the page that shows it.
#[derive(Serialize)]
struct MonthLink {
    /// `Mar`.
    short: &'static str,
    /// `March`.
    name: String,
    href: String,
    count: usize,
}

/// A year of the index, with its months.
#[derive(Serialize)]
struct YearLink {
    year: i32,
    href: String,
    count: usize,
    months: Vec<MonthLink>,
}

/// The `(year, month)` of a dated note.
fn month_of(n: &Note) -> Option<(i32, u32)> {
    n.date.map(|d| (d.year(), d.month()))
}

fn month_name(y: i32, m: u32) -> String {
    NaiveDate::from_ymd_opt(y, m, 1)
        .map(|d| d.format("%B").to_string())
        .unwrap_or_default()
}

impl Renderer<'_> {
    /// The dated meetings `dated` (newest first) by year and month, each
    /// month with its count in `counts` (all its meetings, when `dated`
    /// holds only some).
    fn timeline(
        &self,
        url: &str,
        dated: &[usize],
        counts: &std::collections::BTreeMap<(i32, u32), usize>,
    ) -> Vec<YearCtx<'_>> {
        let mut years: Vec<YearCtx> = Vec::new();
        for &i in dated {
            let Some((y, m)) = month_of(&self.site.notes[i]) else {
                continue;
            };
            if years.last().is_none_or(|x| x.year != y) {
                years.push(YearCtx {
                    year: y,
                    count: 0,
                    months: Vec::new(),
                });
            }
            let Some(year) = years.last_mut() else {
                continue;
            };
            if year.months.last().is_none_or(|x| x.month != m) {
                let count = counts.get(&(y, m)).copied().unwrap_or(0);
                year.count += count;
                year.months.push(MonthCtx {
                    month: m,
                    name: month_name(y, m),
                    id: format!("m-{y}-{m:02}"),
                    count,
                    meetings: Vec::new(),
                });
            }
            if let Some(month) = year.months.last_mut() {
                month.meetings.push(self.meeting_ref(url, i, &[]));
            }
        }
        years
    }

    /// Meetings per month of the archive's years.
    fn month_counts(&self) -> std::collections::BTreeMap<(i32, u32), usize> {
        let mut counts = std::collections::BTreeMap::new();
        for (_, list) in &self.site.archive.years {
            for &i in &list.notes {
                if let Some(k) = month_of(&self.site.notes[i]) {
                    *counts.entry(k).or_default() += 1;
                }
            }
        }
        counts
    }

    /// Every year of the archive with its months, each linked to the page
    /// (and month heading) that shows it, seen from `url`.
    fn year_index(&self, url: &str) -> Vec<YearLink> {
        self.site
            .archive
            .years
            .iter()
            .map(|(y, list)| {
                let mut months: Vec<MonthLink> = Vec::new();
                for (k, &i) in list.notes.iter().enumerate() {
                    let Some((_, m)) = month_of(&self.site.notes[i]) else {
                        continue;
                    };
                    if let Some(last) = months.last_mut().filter(|l| l.name == month_name(*y, m)) {
                        last.count += 1;
                        continue;
                    }
                    let page = list.urls.get(k / PAGE_SIZE).map_or("", String::as_str);
                    months.push(MonthLink {
                        short: MONTHS[(m as usize).saturating_sub(1).min(11)],
                        name: month_name(*y, m),
                        href: format!("{}#m-{y}-{m:02}", self.href(url, page)),
                        count: 1,
                    });
                }
                YearLink {
                    year: *y,
                    href: list
                        .urls
                        .first()
                        .map(|u| self.href(url, u))
                        .unwrap_or_default(),
                    count: list.notes.len(),
                    months,
                }
            })
            .collect()
    }
}

// ---------------------------------------------------------------- home

/// The home page, as `index.html` sees it (`home`).
#[derive(Serialize)]
struct HomeCtx<'a> {
    /// The latest months with meetings, by year.
    years: Vec<YearCtx<'a>>,
    /// Meetings of the last month shown that are not on the page, and
    /// where they are.
    more: Option<CountRef<'a>>,
    /// Every year and month, linked to the archive.
    index: Vec<YearLink>,
    heatmap: Heatmap,
    archive_href: String,
    undated: Option<CountRef<'a>>,
    other_notes: Vec<MeetingRef<'a>>,
    /// All other notes, when the sidebar names only some.
    other_all: Option<CountRef<'a>>,
    meeting_count: usize,
    people_count: usize,
    series_count: usize,
    tag_count: usize,
    top_series: Vec<CountRef<'a>>,
    top_people: Vec<CountRef<'a>>,
}

impl Renderer<'_> {
    /// The latest meetings of the archive that the home page shows in full:
    /// the newest [`HOME_MONTHS`] months, up to [`HOME_MEETINGS`] meetings.
    fn recent(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut months = 0;
        let mut last = None;
        'years: for (_, list) in &self.site.archive.years {
            for &i in &list.notes {
                let m = month_of(&self.site.notes[i]);
                if m != last {
                    months += 1;
                    if months > HOME_MONTHS || out.len() >= HOME_MEETINGS {
                        break 'years;
                    }
                    last = m;
                }
                if out.len() >= HOME_MEETINGS {
                    break 'years;
                }
                out.push(i);
            }
        }
        out
    }

    /// A link to the list at `urls` of `count` notes, named `name`.
    fn list_link<'s>(&self, from: &str, name: &'s str, list: &PagedList) -> Option<CountRef<'s>> {
        let u = list.urls.first()?;
        Some(CountRef {
            name,
            href: self.href(from, u),
            count: list.notes.len(),
        })
    }

    pub(super) fn home(&self) -> Result<OutFile> {
        let url = "";
        let mut ctx = tera::Context::new();
        ctx.insert("common", &self.common(url, &self.cfg.title));
        let archive = &self.site.archive;
        let recent = self.recent();
        let counts = self.month_counts();
        // the month cut short, when the page cannot hold all of it
        let more = recent.last().and_then(|&i| {
            let (y, m) = month_of(&self.site.notes[i])?;
            let shown = recent
                .iter()
                .filter(|&&j| month_of(&self.site.notes[j]) == Some((y, m)))
                .count();
            let all = counts.get(&(y, m)).copied().unwrap_or(0);
            let index = self.year_index(url);
            let link = index
                .iter()
                .find(|l| l.year == y)?
                .months
                .iter()
                .find(|l| l.name == month_name(y, m))?
                .href
                .clone();
            (all > shown).then_some(CountRef {
                name: "",
                href: link,
                count: all - shown,
            })
        });
        let series = self.ranked(
            self.site
                .series
                .iter()
                .enumerate()
                .map(|(k, s)| (k, s.meetings.len())),
        );
        let people = self.ranked(self.site.people.iter().enumerate().map(|(k, p)| {
            (
                k,
                p.meetings
                    .iter()
                    .filter(|(i, _)| self.site.notes[*i].is_meeting)
                    .count(),
            )
        }));
        let others = &archive.other;
        let meeting_count: usize = archive
            .years
            .iter()
            .map(|(_, l)| l.notes.len())
            .sum::<usize>()
            + archive.undated.notes.len();
        ctx.insert(
            "home",
            &HomeCtx {
                years: self.timeline(url, &recent, &counts),
                more,
                index: self.year_index(url),
                heatmap: self.heatmap(url, HOME_HEAT_YEARS),
                archive_href: self.href(url, "archive/"),
                undated: self.list_link(url, "Undated", &archive.undated),
                other_notes: others
                    .notes
                    .iter()
                    .take(HOME_OTHER)
                    .map(|&i| self.meeting_ref(url, i, &[]))
                    .collect(),
                other_all: self
                    .list_link(url, "Other notes", others)
                    .filter(|l| l.count > HOME_OTHER),
                meeting_count,
                people_count: self.site.people.len(),
                series_count: self.site.series.len(),
                tag_count: self.site.tags.len(),
                top_series: self.top(url, &series, 8, &|k| {
                    let x = &self.site.series[k];
                    (&x.title, &x.url)
                }),
                top_people: self.top(url, &people, 12, &|k| {
                    let p = &self.site.people[k];
                    (&p.name, &p.url)
                }),
            },
        );
        Ok(OutFile {
            path: "index.html".into(),
            bytes: self.render_page("index.html", &ctx)?,
        })
    }

    /// The first `n` of `ranked` (see [`Self::ranked`]) as links from
    /// `url`, each named and addressed as `of` says.
    fn top<'s>(
        &'s self,
        url: &str,
        ranked: &[(usize, usize)],
        n: usize,
        of: &dyn Fn(usize) -> (&'s String, &'s String),
    ) -> Vec<CountRef<'s>> {
        ranked
            .iter()
            .take(n)
            .map(|&(k, count)| {
                let (name, to) = of(k);
                CountRef {
                    name,
                    href: self.href(url, to),
                    count,
                }
            })
            .collect()
    }

    /// `(index, count)` pairs, most first, then by index.
    fn ranked(&self, it: impl Iterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
        let mut v: Vec<(usize, usize)> = it.collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

// ---------------------------------------------------------------- archive

/// The archive index (`archive/`), as `archive_index.html` sees it (`archive`).
#[derive(Serialize)]
struct ArchiveIndexCtx<'a> {
    heatmap: Heatmap,
    index: Vec<YearLink>,
    undated: Option<CountRef<'a>>,
    other: Option<CountRef<'a>>,
}

/// A page of the archive, as `archive.html` sees it (`archive`): a year's
/// meetings by month, or a list of undated meetings or other notes.
#[derive(Serialize)]
struct ArchivePageCtx<'a> {
    title: String,
    /// The year, for a year's page.
    year: Option<i32>,
    count: usize,
    /// A year's meetings on this page, by month.
    months: Vec<MonthCtx<'a>>,
    /// An undated list's notes on this page.
    notes: Vec<MeetingRef<'a>>,
    /// Every year, for moving between them.
    years: Vec<YearLink>,
    index_href: String,
    pager: Option<Pager>,
}

impl Renderer<'_> {
    /// The archive's pages: its index, each year's pages, the undated
    /// meetings' and the other notes'.
    pub(super) fn archive_pages(&self) -> Result<Vec<OutFile>> {
        let mut out = vec![self.archive_index()?];
        let archive = &self.site.archive;
        for (y, list) in &archive.years {
            for k in 0..list.urls.len() {
                out.push(self.archive_page(&y.to_string(), Some(*y), list, k)?);
            }
        }
        for (name, list) in [
            ("Undated meetings", &archive.undated),
            ("Other notes", &archive.other),
        ] {
            for k in 0..list.urls.len() {
                out.push(self.archive_page(name, None, list, k)?);
            }
        }
        Ok(out)
    }

    fn archive_index(&self) -> Result<OutFile> {
        let url = "archive/";
        let mut ctx = tera::Context::new();
        ctx.insert("common", &self.common(url, "Archive"));
        let archive = &self.site.archive;
        ctx.insert(
            "archive",
            &ArchiveIndexCtx {
                heatmap: self.heatmap(url, usize::MAX),
                index: self.year_index(url),
                undated: self.list_link(url, "Undated meetings", &archive.undated),
                other: self.list_link(url, "Other notes", &archive.other),
            },
        );
        Ok(OutFile {
            path: page_file(url),
            bytes: self.render_page("archive_index.html", &ctx)?,
        })
    }

    /// Page `k` of the archive list `list`, named `name`.
    fn archive_page(
        &self,
        name: &str,
        year: Option<i32>,
        list: &PagedList,
        k: usize,
    ) -> Result<OutFile> {
        let url = &list.urls[k];
        let mut ctx = tera::Context::new();
        let title = paged_title(name, k);
        let mut common = self.common(url, &title);
        let pager = self.pager(&list.urls, k);
        common.prev = pager.as_ref().and_then(|p| p.prev.clone());
        common.next = pager.as_ref().and_then(|p| p.next.clone());
        ctx.insert("common", &common);
        let shown = page_slice(&list.notes, k);
        let (months, notes) = if year.is_some() {
            let counts = self.month_counts();
            let years = self.timeline(url, shown, &counts);
            (
                years.into_iter().flat_map(|y| y.months).collect(),
                Vec::new(),
            )
        } else {
            (
                Vec::new(),
                shown
                    .iter()
                    .map(|&i| self.meeting_ref(url, i, &[]))
                    .collect(),
            )
        };
        ctx.insert(
            "archive",
            &ArchivePageCtx {
                title: name.to_string(),
                year,
                count: list.notes.len(),
                months,
                notes,
                years: self.year_index(url),
                index_href: self.href(url, "archive/"),
                pager,
            },
        );
        Ok(OutFile {
            path: page_file(url),
            bytes: self.render_page("archive.html", &ctx)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(title: &str, date: &str, kind: Option<&str>) -> Note {
        Note {
            title: title.into(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            kind: kind.map(String::from),
            ..Default::default()
        }
    }

    fn series(name: &str, title: &str) -> Series {
        Series {
            name: name.into(),
            title: title.into(),
            ..Default::default()
        }
    }

    #[test]
    fn titles_lose_what_the_row_shows() {
        let o = DateOrder::Dmy;
        let one = series("1-1/Dana Reyes", "1:1 · Dana Reyes");
        let n = note("1:1 — Dana Reyes — 2025-09-16", "2025-09-16", Some("1-1"));
        assert_eq!(short_title(&n, Some(&one), o), "");
        let nw = series("Customers/Northwind", "Northwind");
        let n = note(
            "Northwind — 2025-09-23 — Renewal kickoff",
            "2025-09-23",
            None,
        );
        assert_eq!(short_title(&n, Some(&nw), o), "Renewal kickoff");
        let team = series("Team/Finance Sync", "Finance Sync");
        let n = note(
            "Team — Finance Sync — 2023-01-15",
            "2023-01-15",
            Some("team"),
        );
        assert_eq!(short_title(&n, Some(&team), o), "");
        let iv = series("Interviews/Cloud BD Lead", "Cloud BD Lead");
        let n = note(
            "Interview — Kofi Núñez — 2023-01-27",
            "2023-01-27",
            Some("interview"),
        );
        assert_eq!(short_title(&n, Some(&iv), o), "Kofi Núñez");
        // a long date, and a date that is not the meeting's, which stays
        let g = series("Data Guild", "Data Guild");
        let n = note("Data Guild — 2 October 2025", "2025-10-02", None);
        assert_eq!(short_title(&n, Some(&g), o), "");
        let n = note("Retro of the 2025-09-01 release", "2025-10-02", None);
        assert_eq!(short_title(&n, None, o), "Retro of the 2025-09-01 release");
        let n = note("Planning — 2025-09-01", "2025-10-02", None);
        assert_eq!(short_title(&n, None, o), "Planning — 2025-09-01");
        // no series shown: only the date goes; an undated note keeps its title
        let n = note("Platform Sync — 2025-10-02", "2025-10-02", Some("team"));
        assert_eq!(short_title(&n, None, o), "Platform Sync");
        let n = note("Platform Sync", "", None);
        assert_eq!(
            short_title(&n, Some(&series("Platform Sync", "Platform Sync")), o),
            "Platform Sync"
        );
        // a colon inside a word is no separator; one before words is
        let n = note("Re: pricing", "2025-10-02", None);
        assert_eq!(short_title(&n, None, o), "Re: pricing");
    }

    #[test]
    fn heat_levels_cover_the_counts() {
        assert_eq!(level(0, 9), 0);
        assert_eq!(level(1, 9), 1);
        assert_eq!(level(9, 9), 4);
        assert_eq!(level(1, 1), 1);
        assert!((1..=9).all(|c| (1..=4).contains(&level(c, 9))));
        assert_eq!(week_dates(2024, 0), "1–7 Jan");
        assert_eq!(week_dates(2024, 4), "29 Jan – 4 Feb");
        assert_eq!(week_dates(2023, 52), "31 Dec");
    }
}
