//! Dates of notes: parsing the forms real vaults use.
//!
//! Takes strings from frontmatter, file names, transcript paths and titles;
//! gives a calendar date (and a time when one was written). Forms:
//! `2025-09-16`, `2025-09-16T11:00:00`, `2025-09-16 11:00`, `16/09/2025`
//! (day first unless `date_order = "mdy"`), `2025/09/16`, and in names
//! `20250916`. A zone after the time (`2020-01-24 14:00:00 UTC`,
//! `2020-01-24T14:00:00+02:00`) is accepted and the time kept as written.

use crate::config::DateOrder;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

// The patterns are constants, exercised by the tests below.
#[allow(clippy::expect_used)]
static FULL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?",
        // A zone, kept as written (the time is not converted): `Z`,
        // `+02:00`, `UTC`, `GMT+1`, `CEST`, `Europe/Berlin`.
        r"(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?|(?i:utc|gmt|ut)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?",
        r"|[A-Z]{2,5}|[A-Za-z]+(?:/[A-Za-z_+-]+){1,2}))?)?$"
    ))
    .expect("static regex")
});
#[allow(clippy::expect_used)]
static SLASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})(?:[ T](\d{1,2}):(\d{2}))?$")
        .expect("static regex")
});
#[allow(clippy::expect_used)]
static IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])((?:19|20)\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?:[^\d]|$)")
        .expect("static regex")
});

/// A date, with the time of day when one was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    /// The calendar date.
    pub date: NaiveDate,
    /// Hours and minutes, if known.
    pub time: Option<(u32, u32)>,
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The time in capture groups 4 and 5, if written; Some(None) when absent,
/// None when present but impossible (25:00).
fn time_of(c: &regex::Captures) -> Option<Option<(u32, u32)>> {
    match (c.get(4), c.get(5)) {
        (Some(h), Some(m)) => {
            let (h, m): (u32, u32) = (h.as_str().parse().ok()?, m.as_str().parse().ok()?);
            Some((h < 24 && m < 60).then_some((h, m)))
        }
        _ => Some(None),
    }
}

/// Parse a frontmatter date value. None when it is not a date.
pub fn parse_date(s: &str, order: DateOrder) -> Option<When> {
    let s = s.trim();
    if let Some(c) = FULL.captures(s) {
        let date = ymd(&c[1], &c[2], &c[3])?;
        let time = time_of(&c)?;
        return Some(When { date, time });
    }
    if let Some(c) = SLASH.captures(s) {
        let (a, b, y) = (&c[1], &c[2], &c[3]);
        let date = if a.len() == 4 {
            ymd(a, b, y)?
        } else if y.len() == 4 {
            match order {
                DateOrder::Dmy => ymd(y, b, a)?,
                DateOrder::Mdy => ymd(y, a, b)?,
            }
        } else {
            return None;
        };
        let time = time_of(&c)?;
        return Some(When { date, time });
    }
    None
}

/// Find a date written inside a name or title (`2025-09-16 Dana`, `20250916 1100 …`).
pub fn find_date(s: &str) -> Option<NaiveDate> {
    for c in IN_TEXT.captures_iter(s) {
        if let Some(d) = ymd(&c[1], &c[2], &c[3]) {
            return Some(d);
        }
    }
    None
}

/// Parse `HH:MM` (a `start_time` value).
pub fn parse_time(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().get(..2)?.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        parse_date(s, DateOrder::Dmy).map(|w| w.date.to_string())
    }

    #[test]
    fn the_forms_of_format_md() {
        assert_eq!(d("2025-09-16").as_deref(), Some("2025-09-16"));
        assert_eq!(d("2025-09-16T11:00:00").as_deref(), Some("2025-09-16"));
        assert_eq!(d("2025-09-16 11:00").as_deref(), Some("2025-09-16"));
        assert_eq!(d("16/09/2025").as_deref(), Some("2025-09-16"));
        assert_eq!(d("{{DATE}}"), None);
        assert_eq!(d("2025-02-30"), None);
        assert_eq!(
            parse_date("09/16/2025", DateOrder::Mdy)
                .map(|w| w.date.to_string())
                .as_deref(),
            Some("2025-09-16")
        );
        assert_eq!(
            parse_date("2025-09-16 11:30", DateOrder::Dmy).and_then(|w| w.time),
            Some((11, 30))
        );
    }

    #[test]
    fn datetimes_with_a_zone_keep_the_written_time() {
        let w = |s: &str| parse_date(s, DateOrder::Dmy).map(|w| (w.date.to_string(), w.time));
        let want = Some(("2020-01-24".to_string(), Some((14, 0))));
        assert_eq!(w("2020-01-24 14:00:00 UTC"), want);
        assert_eq!(w("2020-01-24T14:00:00+02:00"), want);
        assert_eq!(w("2020-01-24T14:00:00-0500"), want);
        assert_eq!(w("2020-01-24 14:00 GMT"), want);
        assert_eq!(w("2020-01-24 14:00 utc"), want);
        assert_eq!(w("2020-01-24T14:00Z"), want);
        assert_eq!(w("2020-01-24T14:00:00.000Z"), want);
        assert_eq!(w("2020-01-24 14:00 UTC+2"), want);
        assert_eq!(w("2020-01-24 14:00 CEST"), want);
        assert_eq!(w("2020-01-24 14:00 Europe/Berlin"), want);
        assert_eq!(w("2020-01-24 14:00 banana"), None);
        assert_eq!(w("2020-01-24 UTC"), None);
        assert_eq!(w("2020-02-30 14:00 UTC"), None);
        // An impossible time leaves the date, as without a zone.
        assert_eq!(
            w("2020-01-24 25:00 UTC"),
            Some(("2020-01-24".to_string(), None))
        );
    }

    #[test]
    fn dates_in_names() {
        assert_eq!(
            find_date("2025-09-16 Dana Reyes")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2025-09-16")
        );
        assert_eq!(
            find_date("Inbox/Transcripts/20250916 1100 Teams Meeting.txt")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2025-09-16")
        );
        assert_eq!(find_date("Q&A #3 100% done"), None);
        assert_eq!(find_date("version 12345678"), None);
    }
}
