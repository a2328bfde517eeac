//! Dates of meetings in plain-Markdown archives: where such archives keep
//! them when there is no frontmatter.
//!
//! Takes a vault-relative path, an H1 title or the top of a body; gives a
//! [`When`] and where it was read ([`Found`]). Forms (all case-insensitive):
//!
//! - numeric: `2024-05-08`, `2024.05.08`, `2024/5/8`, `2023-8-10`
//!   (`2022/19/5`, year-day-month, when that is the only valid reading);
//!   year last (`03/10/2019`, `3-7-2022`) by [`DateOrder`], unless only the
//!   other reading is a date or only it falls on a weekday written before it
//!   (`Friday 8/11/17`); two-digit years with slashes in text (`8/11/17` →
//!   2017); in names only, `20240508`, `2016 05 02`, and two-digit years that
//!   agree with a year folder (`6-27-22` in `2022/`);
//! - month names in any usual spelling (`jan`, `January`, `sep`, `Sept.`,
//!   `september`) before or after the day, with ordinals and day ranges:
//!   `Aug 7 2020`, `August 7, 2020`, `7 August 2020`, `8th April 2024`,
//!   `March 26-28, 2019`, `2022-Nov-24`, `January 3rd` (the year from the
//!   folders when the text has none);
//! - in names, with a year folder: `CG-01-03` (`MM-DD` after a prefix),
//!   `april-08`, `14-september`, and a bare day `08` under `2024/04/`.
//!
//! A date whose year is written wins over one that needs the folder's year.
//! Numbers that are not dates (issue numbers, versions, `101st`, `TC39`) give
//! nothing. Pure functions, no I/O, linear in their input, never panic.

use crate::config::DateOrder;
use crate::parse::blocks;
use crate::parse::dates::When;
use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;
use std::sync::LazyLock;

/// Where a note's date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateFrom {
    /// A frontmatter key (`date`, `created`).
    Frontmatter,
    /// The file name alone (`2024-05-08.md`).
    FileName,
    /// The file name completed by its folders (`2023/CG-01-03.md`).
    Path,
    /// The H1 title.
    Title,
    /// A labelled line near the top of the body (`Date: 2019.10.03`).
    Body,
}

impl DateFrom {
    /// The name used in diagnostics and JSON: `frontmatter`, `filename`,
    /// `path`, `title`, `body`.
    pub fn as_str(&self) -> &'static str {
        match self {
            DateFrom::Frontmatter => "frontmatter",
            DateFrom::FileName => "filename",
            DateFrom::Path => "path",
            DateFrom::Title => "title",
            DateFrom::Body => "body",
        }
    }
}

/// A date found, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The date (and time, when one was written).
    pub when: When,
    /// Where it was read.
    pub from: DateFrom,
    /// 1-based body line for Title/Body, 0 otherwise.
    pub line: usize,
    /// The text it was read from (for diagnostics; long lines are cut).
    pub text: String,
}

/// How many lines of a body [`from_body`] looks at.
const BODY_LINES: usize = 60;
/// How many lines at the top of a body may hold an unlabelled date.
const LEADING_LINES: usize = 10;
/// How much of one line or title is read (a date is near its start).
const LINE_CHARS: usize = 500;
/// How much of the text is kept in [`Found::text`].
const TEXT_CHARS: usize = 200;

// The patterns are constants, exercised by the tests below.
#[allow(clippy::expect_used)]
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,2})(?::([0-5]\d)(?::[0-5]\d)?)?(?:\s?([ap])\.?m\b\.?)?")
        .expect("static regex")
});
#[allow(clippy::expect_used)]
static HHMM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ _-]([01]\d|2[0-3])([0-5]\d)(?:\D|$)").expect("static regex"));
/// A labelled date line, once `*`, `_` and backticks are removed:
/// group 1 is the value.
#[allow(clippy::expect_used)]
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^[\s>]*(?:#{1,6}[ \t]*)?(?:(?:[-+•]|\d{1,3}[.)])[ \t]+)?(?:#{1,6}[ \t]*)?",
        r"(?:\[[ xX]\][ \t]+)?",
        r"(?:held[ \t]+on[ \t]*:?|(?:",
        r"meeting[ \t]+dates?(?:[ \t]*(?:/|&|and)[ \t]*times?)?",
        r"|meeting[ \t]+times?[ \t]*(?:/|&|and)[ \t]*dates?",
        r"|dates?(?:[ \t]*(?:/|&|and)[ \t]*times?)?",
        r"|times?[ \t]*(?:/|&|and)[ \t]*dates?",
        r"|date[ \t]+of[ \t]+(?:the[ \t]+)?meeting",
        r"|times?|when",
        r")[ \t]*:)(.*)$"
    ))
    .expect("static regex")
});
/// An unlabelled line near the top, without its heading marker: group 1 is
/// the rest.
#[allow(clippy::expect_used)]
static LEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s>]*(?:#{1,6}[ \t]*)?(\S.*)$").expect("static regex"));
/// Lines whose leading date is not the meeting's: list items (agenda, log,
/// table of contents), links, images, tables, and the H1 (the title's).
#[allow(clippy::expect_used)]
static NOT_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s>]*(?:[-+*•][ \t]|\d{1,3}[.)][ \t]|#[ \t]|!?\[|\|)").expect("static regex")
});
/// A time-only line under a date line (`- Time: 14:00 UTC`).
#[allow(clippy::expect_used)]
static TIME_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^[\s>]*(?:#{1,6}[ \t]*)?(?:(?:[-+•]|\d{1,3}[.)])[ \t]+)?(?:#{1,6}[ \t]*)?",
        r"(?:start[ \t]+)?times?[ \t]*:(.*)$"
    ))
    .expect("static regex")
});
/// Link targets and bare URLs, which hold dates of other things.
#[allow(clippy::expect_used)]
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\([^)]*\)|<?(?:https?|ftp)://\S*").expect("static regex"));
/// A folder that names a year: `2023`, `2024-04`, `2019.10.03`, `2023 Plenary`.
#[allow(clippy::expect_used)]
static YEAR_DIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^((?:19|20)\d{2})(?:[-._ ](\d{1,2}|\p{L}+)(?:[-._ ](\d{1,2}))?)?(?:[-._ ]+\p{L}.*)?$",
    )
    .expect("static regex")
});

/// The year (and month) a note's folders give: `2023/…` → (2023, None);
/// `2024-04/…` → (2024, Some(4)); `2019/10/…` → (2019, Some(10)); None when
/// no folder names a year. Only folder components (not the file name) count;
/// the nearest (deepest) one wins.
pub fn folder_context(path: &str) -> Option<(i32, Option<u32>)> {
    context(path).map(|c| (c.year, c.month))
}

/// Date from the vault-relative path: the file name first (a full date →
/// [`DateFrom::FileName`]), else the file name completed by the folders
/// (`2023/CG-01-03.md`, `2024-04/april-08.md`, `2024/04/08.md`,
/// `minutes/2019/03-14.md` → [`DateFrom::Path`]). When the file name and a
/// folder both give a full date, the file name wins.
pub fn from_path(path: &str, order: DateOrder) -> Option<Found> {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let file = parts.last()?;
    let stem = stem_of(file);
    let found = |date: NaiveDate, time: Option<(u32, u32)>, from: DateFrom| Found {
        when: When { date, time },
        from,
        line: 0,
        text: clip(path, TEXT_CHARS).to_string(),
    };
    let sc = Scan::new(clip(stem, LINE_CHARS), true);
    if let Some(h) = sc.find(None, order) {
        return Some(found(h.date, name_time(sc.s, &h), DateFrom::FileName));
    }
    let ctx = context(path)?;
    if let Some(h) = sc.find(Some(ctx.year), order) {
        let date = if h.explicit {
            h.date
        } else {
            across_year(h.date, ctx.month)
        };
        return Some(found(date, name_time(sc.s, &h), DateFrom::Path));
    }
    if let Some(date) = sc.month_day(&ctx) {
        return Some(found(date, None, DateFrom::Path));
    }
    // A bare day under a month folder: `2024/04/08.md`.
    if let (Some(m), 1) = (ctx.month, sc.t.len()) {
        if let Some(date) = sc
            .num(0, 1, 2)
            .and_then(|d| NaiveDate::from_ymd_opt(ctx.year, m, d))
        {
            return Some(found(date, None, DateFrom::Path));
        }
    }
    if let (Some(m), Some(d)) = (ctx.month, ctx.day) {
        let date = NaiveDate::from_ymd_opt(ctx.year, m, d)?;
        return Some(found(date, None, DateFrom::Path));
    }
    None
}

/// Date in an H1 title (`# Board Meeting 2024-05-08`, `# 8th April 2024
/// 101st Plenary Meeting`, `Meeting Notes — March 3, 2021`); `year` (from the
/// folders) completes a title without a year. `line` is the title's body line.
pub fn from_title(title: &str, line: usize, year: Option<i32>, order: DateOrder) -> Option<Found> {
    let t = title
        .trim()
        .trim_start_matches('#')
        .trim_end_matches('#')
        .trim();
    let when = parse_loose(clip(t, LINE_CHARS), year, order)?;
    Some(Found {
        when,
        from: DateFrom::Title,
        line,
        text: clip(t, TEXT_CHARS).to_string(),
    })
}

/// Date on a labelled line near the top of the body (the first 60 lines,
/// outside code fences): `Date: 2019.10.03`, `* Meeting date: 2022-11-22`,
/// `### Meeting Date/Time: Friday, Aug 7 2020, 14:00 UTC`, `- **When**:
/// January 3rd, 5pm-6pm UTC` (the year from `year` when the line has none),
/// `**Date**: 03/10/2019`. Labels (any case, any markup): date, dates, when,
/// meeting date, meeting date/time, date/time, date & time, date and time,
/// time and date, date of (the) meeting, held on, time. A time on the line
/// (or on a `Time:` line just below) fills [`When::time`]; a range takes its
/// start. With no labelled line, a line among the first ten that opens with a
/// date whose year is written (`### Jan 20, 2023, 15:00 UTC`) counts, unless
/// it is the H1 (see [`from_title`]), a list item, a link or a table row.
pub fn from_body(body: &str, year: Option<i32>, order: DateOrder) -> Option<Found> {
    let (lines, in_fence): (Vec<&str>, Vec<bool>) = blocks::Scanner::new(body)
        .take(BODY_LINES)
        .map(|l| {
            let code = matches!(
                l.kind,
                blocks::Kind::FenceOpen { .. } | blocks::Kind::Code | blocks::Kind::FenceClose
            );
            (l.text, code)
        })
        .unzip();
    let open = |i: &usize| !in_fence.get(*i).copied().unwrap_or(true);
    // A labelled line anywhere in the top lines, else a line of the first
    // few that opens with a full date (`### Jan 20, 2023, 15:00 UTC`).
    let labelled = (0..lines.len()).filter(open).find_map(|i| {
        let line = clean(clip(lines.get(i)?, LINE_CHARS));
        let value = LABEL.captures(&line)?.get(1)?.as_str().to_string();
        let value = URL.replace_all(&value, "] ").into_owned();
        let h = Scan::new(&value, false).find(year, order)?;
        Some((i, value, h))
    });
    let found = labelled.or_else(|| {
        (0..lines.len().min(LEADING_LINES))
            .filter(open)
            .find_map(|i| {
                let raw = clip(lines.get(i)?, LINE_CHARS);
                if NOT_LEAD.is_match(raw) {
                    return None;
                }
                let line = clean(raw);
                let value = LEAD.captures(&line)?.get(1)?.as_str().to_string();
                let value = URL.replace_all(&value, "] ").into_owned();
                let h = Scan::new(&value, false).find(None, order)?;
                let before = value
                    .get(..h.start)?
                    .trim_matches(|c: char| !c.is_alphanumeric());
                (before.is_empty() || weekday_of(before).is_some()).then_some((i, value, h))
            })
    });
    if let Some((i, value, h)) = found {
        let raw = lines.get(i).copied().unwrap_or("");
        let time = find_time(&value, h.start, h.end).or_else(|| {
            // A `Time:` line just below the date line.
            (i + 1..(i + 4).min(lines.len()))
                .filter(open)
                .filter_map(|j| lines.get(j))
                .find_map(|l| {
                    let l = clean(clip(l, LINE_CHARS));
                    let v = TIME_LABEL.captures(&l)?.get(1)?.as_str().to_string();
                    let v = URL.replace_all(&v, "] ");
                    find_time(&v, 0, 0)
                })
        });
        return Some(Found {
            when: When { date: h.date, time },
            from: DateFrom::Body,
            line: i + 1,
            text: clip(raw.trim(), TEXT_CHARS).to_string(),
        });
    }
    None
}

/// A free-form date string: ISO `2024-05-08`, `2024.05.08`, slash dates by
/// `order`, `Aug 7 2020`, `August 7, 2020`, `7 August 2020`, `8th April
/// 2024`, `Friday, Aug 7 2020, 14:00 UTC`, `January 3rd` + `year`; month
/// names and abbreviations in any case. A time written after (or before) the
/// date fills [`When::time`]. None for impossible dates (Feb 30) and for text
/// with no date.
pub fn parse_loose(s: &str, year: Option<i32>, order: DateOrder) -> Option<When> {
    let sc = Scan::new(s, false);
    let h = sc.find(year, order)?;
    Some(When {
        date: h.date,
        time: find_time(s, h.start, h.end),
    })
}

// ---------------------------------------------------------------- folders

/// What the folders say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ctx {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

fn context(path: &str) -> Option<Ctx> {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let (_, folders) = parts.split_last()?;
    for idx in (0..folders.len()).rev() {
        let Some(dir) = folders.get(idx) else {
            continue;
        };
        if let Some(c) = YEAR_DIR.captures(dir) {
            let Some(year) = c.get(1).and_then(|y| y.as_str().parse().ok()) else {
                continue;
            };
            let month = c.get(2).and_then(|m| month_dir(m.as_str()));
            let day = month
                .and(c.get(3))
                .and_then(|d| d.as_str().parse().ok())
                .filter(|d| {
                    month
                        .and_then(|m| NaiveDate::from_ymd_opt(year, m, *d))
                        .is_some()
                });
            return Some(Ctx { year, month, day });
        }
        if let Some(month) = month_dir(dir) {
            let parent = idx.checked_sub(1).and_then(|p| folders.get(p));
            if let Some(year) = parent.and_then(|p| bare_year(p)) {
                return Some(Ctx {
                    year,
                    month: Some(month),
                    day: None,
                });
            }
        }
    }
    None
}

/// Whether a folder name is only a date part, nothing of what the folder
/// holds: a year (`2023`), a month (`04`, `april`, `Sept`), or a year and
/// month (`2024-04`, `2019.10`).
pub fn is_date_folder(seg: &str) -> bool {
    if bare_year(seg).is_some() || month_dir(seg).is_some() {
        return true;
    }
    seg.split_once(['-', '_', '.'])
        .is_some_and(|(y, m)| bare_year(y).is_some() && month_dir(m).is_some() && m.len() <= 2)
}

/// A month name or abbreviation, any case, as dates are read (`jan`,
/// `Sept`, `september`, a few common misspellings): its number.
pub fn month_name(w: &str) -> Option<u32> {
    month_of(w)
}

fn bare_year(s: &str) -> Option<i32> {
    let y: i32 = s
        .parse()
        .ok()
        .filter(|_| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))?;
    year_ok(y).then_some(y)
}

/// A folder naming a month: `04`, `4`, `april`, `Apr`.
fn month_dir(s: &str) -> Option<u32> {
    if s.len() <= 2 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().filter(|m| (1..=12).contains(m));
    }
    month_of(s)
}

/// The file name without its extension (`2019.10.03.md` → `2019.10.03`, but
/// `2019.10.03` stays whole).
fn stem_of(file: &str) -> &str {
    match file.rsplit_once('.') {
        Some((base, ext))
            if !base.is_empty()
                && (1..=10).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphabetic()) =>
        {
            base
        }
        _ => file,
    }
}

/// A month-name date that took the folder's year: a meeting in the folder
/// of December with a file named for January is in the next year.
fn across_year(date: NaiveDate, folder_month: Option<u32>) -> NaiveDate {
    let shift = match (folder_month, date.month()) {
        (Some(12), 1) => 1,
        (Some(1), 12) => -1,
        _ => 0,
    };
    if shift == 0 {
        return date;
    }
    NaiveDate::from_ymd_opt(date.year() + shift, date.month(), date.day()).unwrap_or(date)
}

/// A time after the date in a name: `20250916 1100 …`, `2024-05-08 10am`.
fn name_time(s: &str, h: &Hit) -> Option<(u32, u32)> {
    let rest = s.get(h.end..)?;
    if let Some(c) = HHMM.captures(rest) {
        let h = c.get(1)?.as_str().parse().ok()?;
        let m = c.get(2)?.as_str().parse().ok()?;
        return Some((h, m));
    }
    find_time(s, h.start, h.end)
}

// ---------------------------------------------------------------- time

/// The first time of day written after byte `end` of `s`, else before byte
/// `start`: `14:00`, `14:00:00`, `5pm`, `9 a.m.`, `12:30 PM`.
fn find_time(s: &str, start: usize, end: usize) -> Option<(u32, u32)> {
    let after = s.get(end..).unwrap_or("");
    let before = s.get(..start).unwrap_or("");
    time_in(after).or_else(|| time_in(before))
}

fn time_in(s: &str) -> Option<(u32, u32)> {
    for c in TIME.captures_iter(s) {
        let Some(all) = c.get(0) else { continue };
        let prev = s.get(..all.start()).and_then(|p| p.chars().next_back());
        if prev.is_some_and(|p| p.is_ascii_digit() || matches!(p, ':' | '.' | '/')) {
            continue;
        }
        let next = s.get(all.end()..).and_then(|n| n.chars().next());
        if next.is_some_and(|n| n.is_ascii_digit() || n == ':') {
            continue;
        }
        let Some(h) = c.get(1).and_then(|h| h.as_str().parse::<u32>().ok()) else {
            continue;
        };
        let m = c.get(2).and_then(|m| m.as_str().parse::<u32>().ok());
        let ampm = c.get(3).map(|a| a.as_str().eq_ignore_ascii_case("p"));
        let t = match (m, ampm) {
            (None, None) => continue,
            (m, Some(pm)) if (1..=12).contains(&h) => {
                ((h % 12) + if pm { 12 } else { 0 }, m.unwrap_or(0))
            }
            // `14:00PM`: a 24-hour time with a stray suffix.
            (Some(m), Some(true)) if (13..24).contains(&h) => (h, m),
            (Some(m), None) if h < 24 => (h, m),
            _ => continue,
        };
        return Some(t);
    }
    None
}

// ---------------------------------------------------------------- scanning

/// A kind of token: digits, letters, whitespace, or one other character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Num,
    Word,
    Space,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
}

fn lex(s: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    for (i, c) in s.char_indices() {
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else if c.is_whitespace() {
            Kind::Space
        } else {
            Kind::Punct(c)
        };
        let end = i + c.len_utf8();
        if let Some(last) = toks.last_mut() {
            if last.kind == kind && !matches!(kind, Kind::Punct(_)) && last.end == i {
                last.end = end;
                continue;
            }
        }
        toks.push(Tok {
            kind,
            start: i,
            end,
        });
    }
    toks
}

/// The year of a candidate date.
#[derive(Debug, Clone, Copy)]
enum Year {
    /// Written in full.
    Full(i32),
    /// Two digits: good when a year folder agrees; without a folder, 20yy
    /// in text (`Friday 8/11/17`) and nothing in names.
    Two(u32),
    /// Not written: the folder's year.
    Missing,
}

/// A date-shaped run of tokens.
#[derive(Debug, Clone, Copy)]
struct Cand {
    year: Year,
    /// (month, day).
    md: (u32, u32),
    /// The other reading of a day/month pair, tried when `md` is impossible
    /// or when only it falls on `weekday`.
    alt: Option<(u32, u32)>,
    /// The day of the week written just before the date (`Friday 8/11/17`).
    weekday: Option<Weekday>,
    start: usize,
    end: usize,
    /// Read from a name (two-digit years need a folder).
    names: bool,
}

/// A date found in a text.
#[derive(Debug, Clone, Copy)]
struct Hit {
    date: NaiveDate,
    /// The year was written.
    explicit: bool,
    start: usize,
    end: usize,
}

struct Scan<'a> {
    s: &'a str,
    t: Vec<Tok>,
    /// A file name: compact `20240508`, `2016 05 02`, two-digit years.
    names: bool,
}

impl<'a> Scan<'a> {
    fn new(s: &'a str, names: bool) -> Self {
        Scan {
            s,
            t: lex(s),
            names,
        }
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.t.get(i).map(|t| t.kind)
    }

    fn text(&self, i: usize) -> &'a str {
        self.t
            .get(i)
            .and_then(|t| self.s.get(t.start..t.end))
            .unwrap_or("")
    }

    fn start(&self, i: usize) -> usize {
        self.t.get(i).map_or(self.s.len(), |t| t.start)
    }

    fn end(&self, i: usize) -> usize {
        self.t.get(i).map_or(self.s.len(), |t| t.end)
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.kind(i)? {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    /// The number at `i`, when it has `min..=max` digits.
    fn num(&self, i: usize, min: usize, max: usize) -> Option<u32> {
        let t = self.t.get(i)?;
        let len = t.end - t.start;
        if t.kind != Kind::Num || len < min || len > max {
            return None;
        }
        self.text(i).parse().ok()
    }

    fn month(&self, i: usize) -> Option<u32> {
        (self.kind(i)? == Kind::Word).then_some(())?;
        month_of(self.text(i))
    }

    /// A separator inside a numeric date: `-`, `.`, `/`, `_`, and in names a
    /// single space.
    fn sep(&self, i: usize) -> Option<char> {
        match self.kind(i)? {
            Kind::Punct(c) if matches!(c, '-' | '.' | '/' | '_') => Some(c),
            Kind::Space if self.names && self.text(i) == " " => Some(' '),
            _ => None,
        }
    }

    /// Skip up to `max` tokens of whitespace and the given punctuation.
    fn gap(&self, mut i: usize, puncts: &[char], max: usize) -> usize {
        for _ in 0..max {
            match self.kind(i) {
                Some(Kind::Space) => i += 1,
                Some(Kind::Punct(c)) if puncts.contains(&c) => i += 1,
                _ => break,
            }
        }
        i
    }

    /// The number at `i` continues something that is not a date: a word
    /// (`TC39`, `v1`), an issue (`#12`), a version or a time (`2.0`, `10:30`).
    fn bad_before_number(&self, i: usize) -> bool {
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        match self.kind(p) {
            Some(Kind::Word) | Some(Kind::Num) => true,
            Some(Kind::Punct('#')) => true,
            Some(Kind::Punct('.' | '-' | '/' | ':' | '_')) => {
                p.checked_sub(1).and_then(|q| self.kind(q)) == Some(Kind::Num)
            }
            _ => false,
        }
    }

    /// After a day number at `i - 1`: an ordinal suffix, a range end
    /// (`26-28`, `26th-28th`); None when the number is followed by what
    /// makes it no day (`10:30`, `10am`, `7.5`).
    fn after_day(&self, i: usize) -> Option<usize> {
        let i = self.after_ordinal(i)?;
        match self.kind(i) {
            Some(Kind::Punct(':')) => None,
            Some(Kind::Punct('.')) if self.kind(i + 1) == Some(Kind::Num) => None,
            Some(Kind::Punct('-' | '–')) if self.num(i + 1, 1, 2).is_some() => {
                // A range of days: the first one is the meeting's.
                self.after_ordinal(i + 2)
            }
            _ => Some(i),
        }
    }

    /// Past an ordinal suffix at `i` (`st`, `nd`, `rd`, `th`), if any; None
    /// when a word other than an ordinal is glued to the number (`10am`).
    fn after_ordinal(&self, i: usize) -> Option<usize> {
        if self.kind(i) != Some(Kind::Word) {
            return Some(i);
        }
        let w = self.text(i);
        ["st", "nd", "rd", "th"]
            .iter()
            .any(|o| w.eq_ignore_ascii_case(o))
            .then_some(i + 1)
    }

    /// A year after a day: `, 2020`, ` 2020`; Missing when none.
    fn year_after(&self, j: usize) -> (Year, usize) {
        let k = self.gap(j, &[',', '-', '_', '.'], 3);
        if let Some(y) = self.num(k, 4, 4).map(|y| y as i32).filter(|y| year_ok(*y)) {
            if self.punct(k + 1) != Some(':') {
                return (Year::Full(y), k + 1);
            }
        }
        if self.names && k > j {
            if let Some(y) = self.num(k, 2, 2) {
                if self.sep(k + 1).is_none() || self.kind(k + 2) != Some(Kind::Num) {
                    return (Year::Two(y), k + 1);
                }
            }
        }
        (Year::Missing, j)
    }

    /// A candidate over tokens `first..=last`, with the weekday before it.
    fn cand(&self, first: usize, last: usize) -> Cand {
        Cand {
            year: Year::Missing,
            md: (0, 0),
            alt: None,
            weekday: self.weekday_before(first),
            start: self.start(first),
            end: self.end(last),
            names: self.names,
        }
    }

    /// `Friday 8/11/17`, `Thu, 2020/02/06`.
    fn weekday_before(&self, i: usize) -> Option<Weekday> {
        let mut j = i.checked_sub(1)?;
        for _ in 0..3 {
            match self.kind(j)? {
                Kind::Space | Kind::Punct(',') => j = j.checked_sub(1)?,
                Kind::Word => return weekday_of(self.text(j)),
                _ => return None,
            }
        }
        None
    }

    /// `2024-05-08`, `2024.5.8`, `2024/05/08`; in names `2016 05 02`.
    fn iso(&self, i: usize) -> Option<Cand> {
        let y = self
            .num(i, 4, 4)
            .map(|y| y as i32)
            .filter(|y| year_ok(*y))?;
        let sep = self.sep(i + 1)?;
        let m = self.num(i + 2, 1, 2)?;
        (self.sep(i + 3)? == sep).then_some(())?;
        let d = self.num(i + 4, 1, 2)?;
        Some(Cand {
            year: Year::Full(y),
            md: (m, d),
            // `2022/19/5`: year, day, month (a slip seen in real notes).
            alt: (sep == '/').then_some((d, m)),
            ..self.cand(i, i + 4)
        })
    }

    /// `20240508`, in names only.
    fn compact(&self, i: usize) -> Option<Cand> {
        if !self.names {
            return None;
        }
        let v = self.num(i, 8, 8)?;
        let y = (v / 10_000) as i32;
        year_ok(y).then_some(())?;
        Some(Cand {
            year: Year::Full(y),
            md: ((v / 100) % 100, v % 100),
            ..self.cand(i, i)
        })
    }

    /// `03/10/2019`, `3-7-2022`, `7.3.2022`; in names `6-27-22`.
    fn year_last(&self, i: usize, order: DateOrder) -> Option<Cand> {
        let a = self.num(i, 1, 2)?;
        if self.bad_before_number(i) {
            return None;
        }
        let sep = self
            .sep(i + 1)
            .filter(|c| *c != ' ' && (*c != '_' || self.names))?;
        let b = self.num(i + 2, 1, 2)?;
        (self.sep(i + 3)? == sep).then_some(())?;
        let year = match self.num(i + 4, 4, 4).map(|y| y as i32) {
            Some(y) if year_ok(y) => Year::Full(y),
            Some(_) => return None,
            None if self.names || sep == '/' => Year::Two(self.num(i + 4, 2, 2)?),
            None => return None,
        };
        // A longer chain of numbers (`1.2.2020.4`) is no date.
        if self.sep(i + 5) == Some(sep) && self.kind(i + 6) == Some(Kind::Num) {
            return None;
        }
        let (md, alt) = match order {
            DateOrder::Dmy => ((b, a), (a, b)),
            DateOrder::Mdy => ((a, b), (b, a)),
        };
        Some(Cand {
            year,
            md,
            alt: Some(alt),
            ..self.cand(i, i + 4)
        })
    }

    /// `Aug 7 2020`, `August 7, 2020`, `Sept. 24th`, `april-08`.
    fn month_first(&self, i: usize) -> Option<Cand> {
        let m = self.month(i)?;
        if i.checked_sub(1).and_then(|p| self.kind(p)) == Some(Kind::Num) {
            return None;
        }
        let mut j = i + 1;
        if self.punct(j) == Some('.') {
            j += 1;
        }
        j = self.gap(j, &[',', '-', '_', '.'], 3);
        let d = self.num(j, 1, 2).filter(|d| (1..=31).contains(d))?;
        let j = self.after_day(j + 1)?;
        let (year, k) = self.year_after(j);
        Some(Cand {
            year,
            md: (m, d),
            ..self.cand(i, k.saturating_sub(1))
        })
    }

    /// `2022-Nov-24`, `2022 November 24th`.
    fn year_month_name(&self, i: usize) -> Option<Cand> {
        let y = self
            .num(i, 4, 4)
            .map(|y| y as i32)
            .filter(|y| year_ok(*y))?;
        let j = self.gap(i + 1, &['-', '.', '/', ',', '_'], 2);
        let m = self.month(j)?;
        let j = self.gap(j + 1, &['-', '.', '/', ',', '_'], 3);
        let d = self.num(j, 1, 2).filter(|d| (1..=31).contains(d))?;
        let k = self.after_day(j + 1)?;
        Some(Cand {
            year: Year::Full(y),
            md: (m, d),
            ..self.cand(i, k.saturating_sub(1))
        })
    }

    /// `7 August 2020`, `8th April 2024`, `14-september`, `3rd of March`.
    fn day_first(&self, i: usize) -> Option<Cand> {
        let d = self.num(i, 1, 2).filter(|d| (1..=31).contains(d))?;
        if self.bad_before_number(i) {
            return None;
        }
        let mut j = self.after_day(i + 1)?;
        j = self.gap(j, &[',', '-', '_', '.'], 3);
        if self.text(j).eq_ignore_ascii_case("of") {
            j = self.gap(j + 1, &[], 2);
        }
        let m = self.month(j)?;
        j += 1;
        if self.punct(j) == Some('.') && self.kind(j + 1) != Some(Kind::Num) {
            j += 1;
        }
        let (year, k) = self.year_after(j);
        Some(Cand {
            year,
            md: (m, d),
            ..self.cand(i, k.saturating_sub(1))
        })
    }

    /// The first date with its year written, else the first that takes
    /// `ctx` as its year.
    fn find(&self, ctx: Option<i32>, order: DateOrder) -> Option<Hit> {
        let mut fallback: Option<Hit> = None;
        for i in 0..self.t.len() {
            let cands = [
                self.iso(i),
                self.compact(i),
                self.year_last(i, order),
                self.year_month_name(i),
                self.month_first(i),
                self.day_first(i),
            ];
            for c in cands.into_iter().flatten() {
                let Some(h) = resolve(&c, ctx) else { continue };
                if h.explicit {
                    return Some(h);
                }
                if fallback.is_none() {
                    fallback = Some(h);
                }
            }
        }
        fallback
    }

    /// `CG-01-03`, `sg-9-12`, `03-14` under a year folder: month then day
    /// (day then month when only that reading is a date).
    fn month_day(&self, ctx: &Ctx) -> Option<NaiveDate> {
        for i in 0..self.t.len() {
            let Some(a) = self.num(i, 1, 2) else { continue };
            if self.bad_before_number(i) {
                continue;
            }
            if !matches!(self.punct(i + 1), Some('-' | '_' | '.')) {
                continue;
            }
            let Some(b) = self.num(i + 2, 1, 2) else {
                continue;
            };
            if self.sep(i + 3).is_some() && self.kind(i + 4) == Some(Kind::Num) {
                continue;
            }
            let date = NaiveDate::from_ymd_opt(ctx.year, a, b)
                .or_else(|| NaiveDate::from_ymd_opt(ctx.year, b, a));
            if let Some(date) = date {
                return Some(across_year(date, ctx.month));
            }
        }
        None
    }
}

fn resolve(c: &Cand, ctx: Option<i32>) -> Option<Hit> {
    let (y, explicit) = match (c.year, ctx) {
        (Year::Full(y), _) => (y, true),
        (Year::Two(yy), Some(cy)) => {
            (u32::try_from(cy.rem_euclid(100)).ok()? == yy).then_some(())?;
            (cy, true)
        }
        (Year::Two(yy), None) if !c.names => (2000 + i32::try_from(yy).ok()?, true),
        (Year::Two(_), None) => return None,
        (Year::Missing, _) => (ctx?, false),
    };
    let first = NaiveDate::from_ymd_opt(y, c.md.0, c.md.1);
    let other = c.alt.and_then(|(m, d)| NaiveDate::from_ymd_opt(y, m, d));
    let date = match (first, other, c.weekday) {
        (Some(f), Some(o), Some(w)) if f.weekday() != w && o.weekday() == w => o,
        (Some(f), _, _) => f,
        (None, o, _) => o?,
    };
    Some(Hit {
        date,
        explicit,
        start: c.start,
        end: c.end,
    })
}

/// A day of the week, full or abbreviated, any case.
fn weekday_of(w: &str) -> Option<Weekday> {
    if w.len() > 9 || w.len() < 3 {
        return None;
    }
    Some(match w.to_lowercase().as_str() {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn year_ok(y: i32) -> bool {
    (1900..=2099).contains(&y)
}

/// A month name or abbreviation, any case, with a few common misspellings.
fn month_of(w: &str) -> Option<u32> {
    if w.len() > 9 || w.len() < 3 {
        return None;
    }
    let w = w.to_lowercase();
    Some(match w.as_str() {
        "jan" | "january" => 1,
        "feb" | "february" | "febuary" | "feburary" | "febraury" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" | "septemebr" | "setpember" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    })
}

/// A line with its emphasis and code markup taken out (`**Date**:` →
/// `Date:`).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect()
}

/// The first `n` characters of `s`.
fn clip(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn date_folders() {
        for yes in [
            "2023", "04", "4", "april", "Sept", "2024-04", "2019.10", "2019_3",
        ] {
            assert!(super::is_date_folder(yes), "{yes}");
        }
        for no in [
            "main",
            "13",
            "2023 Plenary",
            "meetings",
            "2024-04-08x",
            "stack",
        ] {
            assert!(!super::is_date_folder(no), "{no}");
        }
    }

    use super::*;
    use proptest::prelude::*;

    const DMY: DateOrder = DateOrder::Dmy;
    const MDY: DateOrder = DateOrder::Mdy;

    fn path(p: &str) -> Option<(String, &'static str)> {
        from_path(p, DMY).map(|f| (f.when.date.to_string(), f.from.as_str()))
    }

    fn loose(s: &str, year: Option<i32>) -> Option<String> {
        parse_loose(s, year, DMY).map(|w| w.date.to_string())
    }

    /// Hours and minutes.
    type Hm = Option<(u32, u32)>;

    fn loose_t(s: &str, year: Option<i32>) -> Option<(String, Hm)> {
        parse_loose(s, year, DMY).map(|w| (w.date.to_string(), w.time))
    }

    fn body(b: &str, year: Option<i32>) -> Option<(String, Hm, usize)> {
        from_body(b, year, DMY).map(|f| (f.when.date.to_string(), f.when.time, f.line))
    }

    fn s(x: &str) -> String {
        x.to_string()
    }

    #[test]
    fn date_from_names_its_form() {
        assert_eq!(DateFrom::FileName.as_str(), "filename");
        assert_eq!(DateFrom::Frontmatter.as_str(), "frontmatter");
        assert_eq!(DateFrom::Path.as_str(), "path");
        assert_eq!(DateFrom::Title.as_str(), "title");
        assert_eq!(DateFrom::Body.as_str(), "body");
        assert_eq!(
            serde_json::to_string(&DateFrom::FileName).ok().as_deref(),
            Some("\"filename\"")
        );
    }

    #[test]
    fn folders_give_year_and_month() {
        assert_eq!(folder_context("notes/2023/x.md"), Some((2023, None)));
        assert_eq!(folder_context("notes/2024-04/x.md"), Some((2024, Some(4))));
        assert_eq!(folder_context("2019/10/x.md"), Some((2019, Some(10))));
        assert_eq!(folder_context("2019/October/x.md"), Some((2019, Some(10))));
        assert_eq!(folder_context("archive/2018/2021/x.md"), Some((2021, None)));
        assert_eq!(folder_context("2021/sub/x.md"), Some((2021, None)));
        assert_eq!(folder_context("2022 Plenaries/x.md"), Some((2022, None)));
        assert_eq!(folder_context("2024-13/x.md"), Some((2024, None)));
        assert_eq!(
            folder_context("2023.md"),
            None,
            "the file name is no folder"
        );
        assert_eq!(folder_context("calls/eip-4844/x.md"), None);
        assert_eq!(folder_context("calls/x.md"), None);
        assert_eq!(folder_context(""), None);
        assert_eq!(
            folder_context("04/x.md"),
            None,
            "a month folder needs a year above it"
        );
        assert_eq!(folder_context(r"win\2020\x.md"), Some((2020, None)));
    }

    #[test]
    fn full_dates_in_file_names() {
        assert_eq!(
            path("standups/2024-05-08.md"),
            Some((s("2024-05-08"), "filename"))
        );
        assert_eq!(
            path("minutes/2019.10.03.md"),
            Some((s("2019-10-03"), "filename"))
        );
        assert_eq!(
            path("board/2023/2023-02-14-board.md"),
            Some((s("2023-02-14"), "filename"))
        );
        assert_eq!(
            path("design/2020-01-13-trait-objects-and-coherence.md"),
            Some((s("2020-01-13"), "filename"))
        );
        assert_eq!(
            path("2022/2022-11-22.md"),
            Some((s("2022-11-22"), "filename"))
        );
        assert_eq!(
            path("sync/sync-2023-04-24.md"),
            Some((s("2023-04-24"), "filename"))
        );
        assert_eq!(
            path("notes/20240508 Planning.md"),
            Some((s("2024-05-08"), "filename"))
        );
        assert_eq!(
            path("notes/2023-8-10.md"),
            Some((s("2023-08-10"), "filename"))
        );
        assert_eq!(
            path("calls/Call 2016 05 2.md"),
            Some((s("2016-05-02"), "filename"))
        );
        assert_eq!(
            path("notes/april-8-2024.md"),
            Some((s("2024-04-08"), "filename"))
        );
        assert_eq!(
            path("notes/8 April 2024 retro.md"),
            Some((s("2024-04-08"), "filename"))
        );
        assert_eq!(
            path("notes/25-12-2023.md"),
            Some((s("2023-12-25"), "filename"))
        );
        assert_eq!(
            from_path("notes/12-25-2023.md", MDY)
                .map(|f| f.when.date.to_string())
                .as_deref(),
            Some("2023-12-25")
        );
        // Day first by default; month first when that is the only reading.
        assert_eq!(
            path("notes/03-04-2023.md"),
            Some((s("2023-04-03"), "filename"))
        );
        assert_eq!(
            from_path("notes/03-04-2023.md", MDY)
                .map(|f| f.when.date.to_string())
                .as_deref(),
            Some("2023-03-04")
        );
        assert_eq!(
            path("notes/12-25-2023.md"),
            Some((s("2023-12-25"), "filename"))
        );
    }

    #[test]
    fn file_name_wins_over_folders() {
        assert_eq!(
            path("2021/2022-03-04-sync.md"),
            Some((s("2022-03-04"), "filename"))
        );
        assert_eq!(
            path("2021-05-06/2022-03-04.md"),
            Some((s("2022-03-04"), "filename"))
        );
        assert_eq!(path("2021-05/june-02.md"), Some((s("2021-06-02"), "path")));
    }

    #[test]
    fn names_completed_by_folders() {
        assert_eq!(
            path("meetings/2024-04/april-08.md"),
            Some((s("2024-04-08"), "path"))
        );
        assert_eq!(
            path("meetings/2024-04/apr-8.md"),
            Some((s("2024-04-08"), "path"))
        );
        assert_eq!(
            path("meetings/2024-04/APR-8.md"),
            Some((s("2024-04-08"), "path"))
        );
        assert_eq!(
            path("main/2023/CG-01-03.md"),
            Some((s("2023-01-03"), "path"))
        );
        assert_eq!(
            path("core/2023/CORE-03-02.md"),
            Some((s("2023-03-02"), "path"))
        );
        assert_eq!(
            path("core/2018/WG-11-7.md"),
            Some((s("2018-11-07"), "path"))
        );
        assert_eq!(
            path("core/2018/WG-03-21v2.md"),
            Some((s("2018-03-21"), "path"))
        );
        assert_eq!(
            path("core/2022/2-21-no-meeting.md"),
            Some((s("2022-02-21"), "path"))
        );
        assert_eq!(
            path("notes/2021/sept-14.md"),
            Some((s("2021-09-14"), "path"))
        );
        assert_eq!(
            path("notes/2021/Sept.14.md"),
            Some((s("2021-09-14"), "path"))
        );
        assert_eq!(
            path("notes/2021/14-september.md"),
            Some((s("2021-09-14"), "path"))
        );
        assert_eq!(
            path("notes/2021/jul-9-modules.md"),
            Some((s("2021-07-09"), "path"))
        );
        assert_eq!(path("notes/2021/jul_9.md"), Some((s("2021-07-09"), "path")));
        assert_eq!(
            path("notes/2021/9-Jul_kickoff.md"),
            Some((s("2021-07-09"), "path"))
        );
        assert_eq!(path("2024/04/08.md"), Some((s("2024-04-08"), "path")));
        assert_eq!(
            path("minutes/2019/03-14.md"),
            Some((s("2019-03-14"), "path"))
        );
        assert_eq!(path("2024-05-08/notes.md"), Some((s("2024-05-08"), "path")));
        // Two-digit years agree with the folder.
        assert_eq!(
            path("sync/2022/6-27-22.md"),
            Some((s("2022-06-27"), "path"))
        );
        assert_eq!(
            path("sync/2022/sg-10-24-22.md"),
            Some((s("2022-10-24"), "path"))
        );
        assert_eq!(path("sync/2023/sg-10-24-22.md"), None);
        assert_eq!(path("sync/6-27-22.md"), None);
        // Day then month when month then day is impossible.
        assert_eq!(
            path("minutes/2019/14-03.md"),
            Some((s("2019-03-14"), "path"))
        );
        // The month in the name wins over the month folder's, across a year end.
        assert_eq!(
            path("plenary/2016-11/dec-1.md"),
            Some((s("2016-12-01"), "path"))
        );
        assert_eq!(
            path("plenary/2016-12/jan-2.md"),
            Some((s("2017-01-02"), "path"))
        );
        assert_eq!(
            path("plenary/2017-01/dec-30.md"),
            Some((s("2016-12-30"), "path"))
        );
        assert_eq!(
            path("plenary/2023-01/feb-02.md"),
            Some((s("2023-02-02"), "path"))
        );
    }

    #[test]
    fn names_that_are_no_dates() {
        assert_eq!(path("Calls/Meeting 93.md"), None);
        assert_eq!(path("2023/README.md"), None);
        assert_eq!(path("AllHands/meeting_06.md"), None);
        assert_eq!(path("2023/meeting_06.md"), None);
        assert_eq!(path("v1.2.3-release.md"), None);
        assert_eq!(path("2023/v1.2.3-release.md"), None);
        assert_eq!(path("2023/CG-13-45.md"), None);
        assert_eq!(path("2023/CG-02-30.md"), None);
        assert_eq!(
            path("CG-01-03.md"),
            None,
            "no year folder: not a year either"
        );
        assert_eq!(path("2023/CG-2023-08.md"), None, "a month without a day");
        assert_eq!(path("calls/eip-4844/Call 12.md"), None);
        assert_eq!(path("2023/101st-plenary.md"), None);
        assert_eq!(path("2023/ES6-proposal.md"), None);
        assert_eq!(path("2023/TC39-12.md"), None);
        assert_eq!(path("2023/issue-#12-3.md"), None);
        assert_eq!(path("2023/1.2.3.md"), None);
        assert_eq!(path("notes/jan2015-slides.md"), None);
        assert_eq!(
            path("notes/2019.10.03"),
            Some((s("2019-10-03"), "filename")),
            "no extension"
        );
        assert_eq!(path(""), None);
        assert_eq!(path("/"), None);
        assert_eq!(path("2023/"), None);
    }

    #[test]
    fn times_in_names() {
        let f = from_path("Inbox/20250916 1100 Call Transcript.txt", DMY);
        assert_eq!(f.map(|f| f.when.time), Some(Some((11, 0))));
        let f = from_path("notes/2024-05-08 10am standup.md", DMY);
        assert_eq!(f.map(|f| f.when.time), Some(Some((10, 0))));
        let f = from_path("notes/2024-05-08.md", DMY);
        assert_eq!(
            f.map(|f| (f.when.time, f.line, f.text)),
            Some((None, 0, s("notes/2024-05-08.md")))
        );
    }

    #[test]
    fn titles() {
        let t = |x: &str, y: Option<i32>| from_title(x, 1, y, DMY).map(|f| f.when.date.to_string());
        assert_eq!(
            t("# Board Meeting 2024-05-08", None).as_deref(),
            Some("2024-05-08")
        );
        assert_eq!(
            t("# 8th April 2024 101st Plenary Meeting", None).as_deref(),
            Some("2024-04-08")
        );
        assert_eq!(
            t("# 101st Plenary Meeting | 8th April 2024", None).as_deref(),
            Some("2024-04-08")
        );
        assert_eq!(
            t("# 98th Plenary Meeting | 14 February 2024", None).as_deref(),
            Some("2024-02-14")
        );
        assert_eq!(
            t("# TC Meeting 2014-10-15", None).as_deref(),
            Some("2014-10-15")
        );
        assert_eq!(
            t("Meeting Notes — March 3, 2021", None).as_deref(),
            Some("2021-03-03")
        );
        assert_eq!(
            t("# March 3, 2021 Meeting Notes", None).as_deref(),
            Some("2021-03-03")
        );
        assert_eq!(
            t("# 3 March, 2021 Meeting Notes", None).as_deref(),
            Some("2021-03-03")
        );
        assert_eq!(
            t("# Sync Meeting 113 [2023-8-10]", None).as_deref(),
            Some("2023-08-10")
        );
        assert_eq!(
            t("# Planning meeting, March 3", Some(2021)).as_deref(),
            Some("2021-03-03")
        );
        assert_eq!(t("# Planning meeting, March 3", None), None);
        assert_eq!(t("# Core Calls Meeting 93 Notes", Some(2020)), None);
        assert_eq!(t("# Protocol 2.0 Implementers Call 33", Some(2020)), None);
        assert_eq!(t("# September 2023 - Table of Contents", None), None);
        assert_eq!(t("# Breakout #12 June planning", Some(2021)), None);
        assert_eq!(
            t("# Group Meeting 12 Aug 7 2020", None).as_deref(),
            Some("2020-08-07")
        );
        assert_eq!(t("# Summary of the 99th meeting of TC42", Some(2020)), None);
        assert_eq!(t("", None), None);
        let f = from_title("## Weekly sync 2022-02-02 15:30", 7, None, DMY);
        assert_eq!(
            f.map(|f| (f.from, f.line, f.when.time, f.text)),
            Some((
                DateFrom::Title,
                7,
                Some((15, 30)),
                s("Weekly sync 2022-02-02 15:30")
            ))
        );
    }

    #[test]
    fn loose_forms() {
        assert_eq!(loose("2024-05-08", None).as_deref(), Some("2024-05-08"));
        assert_eq!(loose("2024.05.08", None).as_deref(), Some("2024-05-08"));
        assert_eq!(loose("2019.10.03", None).as_deref(), Some("2019-10-03"));
        assert_eq!(loose("2019.9.3", None).as_deref(), Some("2019-09-03"));
        assert_eq!(
            loose("Thursday 2020/02/06 at 14:00", None).as_deref(),
            Some("2020-02-06")
        );
        assert_eq!(loose("20240508", None), None, "compact dates only in names");
        assert_eq!(loose("03/10/2019", None).as_deref(), Some("2019-10-03"));
        assert_eq!(
            parse_loose("03/10/2019", None, MDY)
                .map(|w| w.date.to_string())
                .as_deref(),
            Some("2019-03-10")
        );
        assert_eq!(loose("Aug 7 2020", None).as_deref(), Some("2020-08-07"));
        assert_eq!(loose("August 7, 2020", None).as_deref(), Some("2020-08-07"));
        assert_eq!(loose("7 August 2020", None).as_deref(), Some("2020-08-07"));
        assert_eq!(loose("7. August 2020", None).as_deref(), Some("2020-08-07"));
        assert_eq!(loose("8th April 2024", None).as_deref(), Some("2024-04-08"));
        assert_eq!(
            loose("the 3rd of March 2022", None).as_deref(),
            Some("2022-03-03")
        );
        assert_eq!(
            loose("January 3rd", Some(2023)).as_deref(),
            Some("2023-01-03")
        );
        assert_eq!(loose("January 3rd", None), None);
        assert_eq!(loose("Sept. 24, 2019", None).as_deref(), Some("2019-09-24"));
        assert_eq!(loose("SEPT 24 2019", None).as_deref(), Some("2019-09-24"));
        assert_eq!(loose("sep 24 2019", None).as_deref(), Some("2019-09-24"));
        assert_eq!(
            loose("september 24 2019", None).as_deref(),
            Some("2019-09-24")
        );
        assert_eq!(loose("jul 1 2019", None).as_deref(), Some("2019-07-01"));
        assert_eq!(loose("July 1st 2019", None).as_deref(), Some("2019-07-01"));
        assert_eq!(loose("jan 2nd 2019", None).as_deref(), Some("2019-01-02"));
        assert_eq!(
            loose("Febuary 21st, 2019", None).as_deref(),
            Some("2019-02-21")
        );
        assert_eq!(loose("Dec 22nd, 2019", None).as_deref(), Some("2019-12-22"));
        assert_eq!(loose("Nov 23rd 2019", None).as_deref(), Some("2019-11-23"));
        assert_eq!(loose("Oct 4th 2019", None).as_deref(), Some("2019-10-04"));
        assert_eq!(
            loose("March 26-28, 2019", None).as_deref(),
            Some("2019-03-26")
        );
        assert_eq!(
            loose("26th-28th March 2019", None).as_deref(),
            Some("2019-03-26")
        );
        assert_eq!(
            loose("Tuesday November 12th, 2019", None).as_deref(),
            Some("2019-11-12")
        );
        assert_eq!(
            loose("Thu, Aug 13, 2020 14:00 UTC", None).as_deref(),
            Some("2020-08-13")
        );
        assert_eq!(
            loose_t("2022-Nov.-24- 14:00 UTC", None),
            Some((s("2022-11-24"), Some((14, 0))))
        );
        assert_eq!(
            loose("2022 November 24th", None).as_deref(),
            Some("2022-11-24")
        );
        assert_eq!(loose("2022 November", None), None);
        assert_eq!(
            loose("[Feb 11, 2021, 14:00-15:00 UTC]", None).as_deref(),
            Some("2021-02-11")
        );
    }

    #[test]
    fn loose_rejects() {
        assert_eq!(loose("Feb 30 2020", None), None);
        assert_eq!(loose("2020-02-30", None), None);
        assert_eq!(loose("31/02/2020", None), None);
        assert_eq!(loose("no date here", Some(2020)), None);
        assert_eq!(loose("Meeting 93", Some(2020)), None);
        assert_eq!(loose("issue #12 May", Some(2020)), None);
        assert_eq!(loose("version 1.2.3", Some(2020)), None);
        assert_eq!(loose("v1.2.2020", None), None);
        assert_eq!(loose("1.2.2020.4", None), None);
        assert_eq!(loose("101st Plenary", Some(2020)), None);
        assert_eq!(loose("May 2020", None), None);
        assert_eq!(loose("March 14:00", Some(2020)), None);
        assert_eq!(loose("10:30 Jan", Some(2020)), None);
        assert_eq!(loose("September 10am", Some(2020)), None);
        assert_eq!(loose("Mayday 5", Some(2020)), None);
        assert_eq!(
            loose("3-7-22", None),
            None,
            "two-digit years in text only with slashes"
        );
        assert_eq!(loose("1850-01-01", None), None);
        assert_eq!(loose("", None), None);
    }

    #[test]
    fn two_digit_years_and_weekdays() {
        assert_eq!(loose("3/7/22", None).as_deref(), Some("2022-07-03"));
        assert_eq!(
            loose("3/7/22", Some(2021)),
            None,
            "the folder's year disagrees"
        );
        // The weekday picks the reading of an ambiguous pair.
        assert_eq!(loose("Friday 8/11/17", None).as_deref(), Some("2017-08-11"));
        assert_eq!(
            loose("Wednesday 8/11/17", None).as_deref(),
            Some("2017-11-08")
        );
        assert_eq!(
            loose("Sunday 8/11/17", None).as_deref(),
            Some("2017-11-08"),
            "neither: the order"
        );
        assert_eq!(
            parse_loose("Wed, 8/11/2017", None, MDY)
                .map(|w| w.date.to_string())
                .as_deref(),
            Some("2017-11-08")
        );
        // Year, day, month when year, month, day is impossible.
        assert_eq!(
            loose("Thursday 2022/19/5 at 14:00", None).as_deref(),
            Some("2022-05-19")
        );
        assert_eq!(loose("2022-19-05", None), None);
        assert_eq!(
            loose("Thu, Septemebr 17, 2020", None).as_deref(),
            Some("2020-09-17")
        );
        assert_eq!(
            loose_t("1/25/2017 14:00PM UTC", None),
            Some((s("2017-01-25"), Some((14, 0))))
        );
    }

    #[test]
    fn a_written_year_wins() {
        assert_eq!(
            loose("May 5, see 2019-06-01", Some(2018)).as_deref(),
            Some("2019-06-01")
        );
        assert_eq!(
            loose("May 5, see June 6", Some(2018)).as_deref(),
            Some("2018-05-05")
        );
    }

    #[test]
    fn loose_times() {
        assert_eq!(
            loose_t("Friday, Aug 7 2020, 14:00 UTC", None),
            Some((s("2020-08-07"), Some((14, 0))))
        );
        assert_eq!(
            loose_t("January 3rd, 5pm-6pm UTC", Some(2023)),
            Some((s("2023-01-03"), Some((17, 0))))
        );
        assert_eq!(
            loose_t("January 3rd, 9am-10am", Some(2023)),
            Some((s("2023-01-03"), Some((9, 0))))
        );
        assert_eq!(
            loose_t("May 4, 12pm", Some(2023)),
            Some((s("2023-05-04"), Some((12, 0))))
        );
        assert_eq!(
            loose_t("May 4, 12 a.m.", Some(2023)),
            Some((s("2023-05-04"), Some((0, 0))))
        );
        assert_eq!(
            loose_t("May 4, 2:30 PM", Some(2023)),
            Some((s("2023-05-04"), Some((14, 30))))
        );
        assert_eq!(
            loose_t("2020-01-24T14:00:00", None),
            Some((s("2020-01-24"), Some((14, 0))))
        );
        assert_eq!(
            loose_t("2020-01-24 17:00-18:00 UTC", None),
            Some((s("2020-01-24"), Some((17, 0))))
        );
        assert_eq!(
            loose_t("14:00 UTC, 2020-01-24", None),
            Some((s("2020-01-24"), Some((14, 0))))
        );
        assert_eq!(
            loose_t("2020-01-24, 25:00", None),
            Some((s("2020-01-24"), None))
        );
        assert_eq!(
            loose_t("2020-01-24, 13pm", None),
            Some((s("2020-01-24"), None))
        );
        assert_eq!(
            loose_t("2020-01-24 item 3", None),
            Some((s("2020-01-24"), None))
        );
    }

    #[test]
    fn labelled_body_lines() {
        assert_eq!(
            body("Date: 2019.10.03", None),
            Some((s("2019-10-03"), None, 1))
        );
        assert_eq!(
            body("intro\n- Date: 2019.10.03\n", None),
            Some((s("2019-10-03"), None, 2))
        );
        assert_eq!(
            body("* Meeting date: 2022-11-22", None),
            Some((s("2022-11-22"), None, 1))
        );
        assert_eq!(
            body(
                "# Core Call 93\n### Meeting Date/Time: Friday, Aug 7 2020, 14:00 UTC\n",
                None
            ),
            Some((s("2020-08-07"), Some((14, 0)), 2))
        );
        assert_eq!(
            body(
                "- **When**: January 3rd, 5pm-6pm UTC (January 3rd, 9am-10am Pacific)",
                Some(2023)
            ),
            Some((s("2023-01-03"), Some((17, 0)), 1))
        );
        assert_eq!(body("- **When**: January 3rd, 5pm-6pm UTC", None), None);
        assert_eq!(
            body("**Date**: 03/10/2019", None),
            Some((s("2019-10-03"), None, 1))
        );
        assert_eq!(
            body("**Date:** 03/10/2019", None),
            Some((s("2019-10-03"), None, 1))
        );
        assert_eq!(
            from_body("**Date**: 03/10/2019", None, MDY)
                .map(|f| f.when.date.to_string())
                .as_deref(),
            Some("2019-03-10")
        );
        assert_eq!(
            body("When: Thursday 14 March 2024 15:00 UTC", None),
            Some((s("2024-03-14"), Some((15, 0)), 1))
        );
        assert_eq!(
            body(
                "### **Meeting Date/Time: Thursday 2020/9/10 at 14:00 UTC**",
                None
            ),
            Some((s("2020-09-10"), Some((14, 0)), 1))
        );
        assert_eq!(
            body("Date and time: 5 May 2021, 10:00", None),
            Some((s("2021-05-05"), Some((10, 0)), 1))
        );
        assert_eq!(
            body("Time and date: 5 May 2021", None),
            Some((s("2021-05-05"), None, 1))
        );
        assert_eq!(
            body("- Date & Time: April 12, 2022, 14:00 UTC", None),
            Some((s("2022-04-12"), Some((14, 0)), 1))
        );
        assert_eq!(
            body("Date/time: 2021-05-05 09:30", None),
            Some((s("2021-05-05"), Some((9, 30)), 1))
        );
        assert_eq!(
            body("Held on 3 March 2024 in the annex", None),
            Some((s("2024-03-03"), None, 1))
        );
        assert_eq!(
            body("- __Dates__: 2019-03-26 to 2019-03-28", None),
            Some((s("2019-03-26"), None, 1))
        );
        assert_eq!(
            body("> 1. `date`: 2019-03-26", None),
            Some((s("2019-03-26"), None, 1))
        );
        assert_eq!(
            body("date: 2020-01-24 14:00:00 UTC", None),
            Some((s("2020-01-24"), Some((14, 0)), 1))
        );
    }

    #[test]
    fn body_lines_that_give_no_date() {
        assert_eq!(
            body("When the meeting starts, 2020-01-01 is read", None),
            None
        );
        assert_eq!(
            body("We met on 2020-01-01.", None),
            None,
            "no label, not at the start"
        );
        assert_eq!(body("| Date | 2020-01-01 |", None), None);
        assert_eq!(
            body("## Dates for next meetings\n- next: 2020-01-01", None),
            None
        );
        assert_eq!(body("```\nDate: 2020-01-01\n```\n", None), None);
        assert_eq!(
            body("~~~md\nDate: 2020-01-01\n~~~\nDate: 2021-02-02", None),
            Some((s("2021-02-02"), None, 4))
        );
        assert_eq!(body("", None), None);
        let late = format!("{}Date: 2020-01-01\n", "text\n".repeat(60));
        assert_eq!(body(&late, None), None, "only the top 60 lines");
    }

    #[test]
    fn a_time_label_with_a_date() {
        assert_eq!(
            body("# Call 9\n## Time: 1/25/2017 14:00 UTC", None),
            Some((s("2017-01-25"), Some((14, 0)), 2))
        );
        assert_eq!(
            body("- Time: 14:00 UTC\n- Date: 2017-01-25", None),
            Some((s("2017-01-25"), None, 2))
        );
    }

    #[test]
    fn an_unlabelled_date_at_the_top() {
        assert_eq!(
            body(
                "# Community Call #1\n### Jan 20, 2023, 15:00-16:00 UTC\n### Duration: 1 hour",
                None
            ),
            Some((s("2023-01-20"), Some((15, 0)), 2))
        );
        assert_eq!(
            body("Thursday, 2023-01-19\n\nnotes", None),
            Some((s("2023-01-19"), None, 1))
        );
        assert_eq!(
            body("> **Jan 20, 2023**", None),
            Some((s("2023-01-20"), None, 1))
        );
        assert_eq!(body("- 2023-01-19: kickoff", None), None, "a list item");
        assert_eq!(
            body("* [Jan 20, 2023 notes](jan-20.md)", None),
            None,
            "a table of contents"
        );
        assert_eq!(body("[Jan 20, 2023 notes](jan-20.md)", None), None);
        assert_eq!(body("| 2023-01-19 | kickoff |", None), None);
        assert_eq!(
            body("# 2023-01-19 kickoff", None),
            None,
            "the title is from_title's"
        );
        // A labelled line further down wins over it.
        assert_eq!(
            body("2023-01-19\nDate: 2023-01-20", None),
            Some((s("2023-01-20"), None, 2))
        );
        assert_eq!(
            body("We met on 2023-01-19", None),
            None,
            "not at the start of the line"
        );
        assert_eq!(
            body("Jan 20, 15:00 UTC", Some(2023)),
            None,
            "no written year"
        );
        let late = format!("{}2023-01-19\n", "text\n".repeat(10));
        assert_eq!(body(&late, None), None, "only the first ten lines");
    }

    #[test]
    fn a_label_without_a_date_is_passed() {
        assert_eq!(
            body("- **When**: {Date}, 5pm UTC\n- Date: 2021-06-07\n", None),
            Some((s("2021-06-07"), None, 2))
        );
    }

    #[test]
    fn links_are_not_read_for_dates() {
        assert_eq!(
            body(
                "### Meeting Date/Time: Thursday 2020/02/06 at [14:00 UTC](https://example.org/dec-19-2019/2pm)",
                None
            ),
            Some((s("2020-02-06"), Some((14, 0)), 1))
        );
        assert_eq!(
            body("Date: see https://example.org/2019-01-01/notes", None),
            None
        );
    }

    #[test]
    fn a_time_line_below() {
        assert_eq!(
            body("- Date: 2022-03-04\n- Time: 16:00 UTC\n", None),
            Some((s("2022-03-04"), Some((16, 0)), 1))
        );
        assert_eq!(
            body("- Date: 2022-03-04\n\n- Start time: 4pm\n", None),
            Some((s("2022-03-04"), Some((16, 0)), 1))
        );
    }

    #[test]
    fn crlf_and_long_lines() {
        assert_eq!(
            body("x\r\nDate: 2019-10-03\r\n", None),
            Some((s("2019-10-03"), None, 2))
        );
        let long = format!("Date: 2019-10-03 {}", "é".repeat(10_000));
        let f = from_body(&long, None, DMY);
        assert_eq!(f.as_ref().map(|f| f.text.chars().count()), Some(TEXT_CHARS));
    }

    #[test]
    fn long_inputs_take_linear_time() {
        let start = std::time::Instant::now();
        let numbers = "1-2-3 4/5/6 7.8.9 May 10th, ".repeat(40_000);
        assert_eq!(parse_loose(&numbers, None, DMY), None);
        assert!(parse_loose(&numbers, Some(2020), DMY).is_some());
        let _ = from_path(&format!("{numbers}/x.md"), DMY);
        let _ = from_title(&numbers, 1, Some(2020), DMY);
        let lines = "- Date: soon 1/2/3 Aug\n".repeat(100_000);
        assert_eq!(from_body(&lines, None, DMY), None);
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn lex_splits_kinds() {
        let t = lex("TC39, 8th—x");
        let kinds: Vec<Kind> = t.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::Word,
                Kind::Num,
                Kind::Punct(','),
                Kind::Space,
                Kind::Num,
                Kind::Word,
                Kind::Punct('—'),
                Kind::Word
            ]
        );
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,80}", year in proptest::option::of(1800i32..2200)) {
            let _ = parse_loose(&text, year, DMY);
            let _ = parse_loose(&text, year, MDY);
            let _ = from_title(&text, 1, year, DMY);
            let _ = from_body(&text, year, DMY);
            let _ = from_path(&text, MDY);
            let _ = folder_context(&text);
        }

        #[test]
        fn never_panics_on_date_like_text(
            text in "[0-9A-Za-z .,:/#_\\-\\n*]{0,60}",
            year in proptest::option::of(1990i32..2030),
        ) {
            let _ = parse_loose(&text, year, DMY);
            let _ = from_body(&text, year, MDY);
            let _ = from_path(&text, DMY);
            let _ = from_title(&text, 3, year, MDY);
        }

        #[test]
        fn iso_dates_round_trip(y in 1900i32..2100, m in 1u32..13, d in 1u32..29) {
            let iso = format!("{y:04}-{m:02}-{d:02}");
            let want = NaiveDate::from_ymd_opt(y, m, d);
            prop_assert_eq!(parse_loose(&format!("Sync {iso} notes"), None, DMY).map(|w| w.date), want);
            prop_assert_eq!(from_path(&format!("a/{iso}-x.md"), DMY).map(|f| f.when.date), want);
            prop_assert_eq!(from_path(&format!("a/{y}/CG-{m:02}-{d:02}.md"), DMY).map(|f| f.when.date), want);
        }
    }
}
