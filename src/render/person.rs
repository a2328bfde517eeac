//! What a person's page shows beyond their meetings: when they were last
//! met and how often, and the notes that link to them, one entry per note.
//!
//! Takes the published site through the [`Renderer`] and a person; gives
//! plain values for `person.html`: the date of the latest meeting they were
//! in, their meeting frequency in words ("about every 2 weeks"), and their
//! backlinks merged by note (the roles they had there, and the sentences of
//! the note's text that link to them; a note that names them in three
//! frontmatter fields is one entry).

use super::Renderer;
use crate::model::Target;
use serde::Serialize;

/// A note that links to a person, once.
#[derive(Serialize)]
pub(super) struct PersonBacklink<'a> {
    title: &'a str,
    href: String,
    date: &'a str,
    /// The person's roles in the note (counterpart, attendee…).
    roles: Vec<&'static str>,
    /// The frontmatter fields that name them, when they had no role there.
    fields: Vec<&'a str>,
    /// The sentences or list items of the note's text that link to them.
    contexts: Vec<&'a str>,
}

/// How often meetings `days` apart on average happen, in words.
pub(super) fn frequency_words(days: f64) -> String {
    let every = |n: f64, unit: &str| {
        let n = n.round().max(1.0) as u64;
        if n == 1 {
            format!("about every {unit}")
        } else {
            format!("about every {n} {unit}s")
        }
    };
    if days < 1.5 {
        "about daily".to_string()
    } else if days < 6.0 {
        every(days, "day")
    } else if days < 26.0 {
        every(days / 7.0, "week")
    } else if days < 550.0 {
        every(days / 30.44, "month")
    } else {
        every(days / 365.25, "year")
    }
}

impl<'a> Renderer<'a> {
    /// The date of person `p`'s latest meeting (ISO and long), and how
    /// often they meet (from their first to their latest meeting; None with
    /// fewer than two meeting days).
    pub(super) fn rhythm(&self, p: usize) -> (Option<(&str, &str)>, Option<String>) {
        let mut days: Vec<chrono::NaiveDate> = self.site.people[p]
            .meetings
            .iter()
            .filter(|(i, roles)| {
                self.site.notes[*i].is_meeting && roles.iter().any(|r| r.present())
            })
            .filter_map(|(i, _)| self.site.notes[*i].date)
            .collect();
        days.sort();
        days.dedup();
        let last = self.site.people[p]
            .meetings
            .iter()
            .filter(|(i, roles)| {
                self.site.notes[*i].is_meeting && roles.iter().any(|r| r.present())
            })
            .map(|(i, _)| *i)
            .filter(|&i| self.site.notes[i].date == days.last().copied())
            .map(|i| {
                (
                    self.infos[i].date.as_str(),
                    self.infos[i].date_long.as_str(),
                )
            })
            .next();
        let often = match (days.first(), days.last()) {
            (Some(a), Some(b)) if days.len() >= 2 => {
                let span = (*b - *a).num_days() as f64;
                Some(frequency_words(span / (days.len() - 1) as f64))
            }
            _ => None,
        };
        (last, often)
    }

    /// The notes that link to person `p` (to their note, when they have
    /// one), each once, newest first, as seen from `url`.
    pub(super) fn person_backlinks(&self, p: usize, url: &str) -> Vec<PersonBacklink<'_>> {
        let person = &self.site.people[p];
        let backlinks = match person.note {
            Some(i) => &self.site.notes[i].backlinks,
            None => &person.backlinks,
        };
        let mut from: Vec<usize> = backlinks.iter().map(|b| b.from).collect();
        from.sort_by(|&a, &b| {
            crate::resolve::newest_first(&self.site.notes[a], &self.site.notes[b])
        });
        from.dedup();
        let to_them = |t: &Target| match (t, person.note) {
            (Target::Person(q), _) => *q == p,
            (Target::Note { note, .. }, Some(own)) => *note == own,
            _ => false,
        };
        from.into_iter()
            .map(|i| {
                let n = &self.site.notes[i];
                let roles: Vec<&'static str> = person
                    .meetings
                    .iter()
                    .find(|(m, _)| *m == i)
                    .map(|(_, r)| r.iter().map(|r| r.as_str()).collect())
                    .unwrap_or_default();
                let mut fields: Vec<&str> = Vec::new();
                let mut contexts: Vec<&str> = Vec::new();
                for l in n.links.iter().filter(|l| to_them(&l.to)) {
                    match &l.field {
                        Some(f) if roles.is_empty() && !fields.contains(&f.as_str()) => {
                            fields.push(f)
                        }
                        Some(_) => {}
                        None if !l.context.is_empty()
                            && !contexts.contains(&l.context.as_str()) =>
                        {
                            contexts.push(&l.context)
                        }
                        None => {}
                    }
                }
                PersonBacklink {
                    title: &n.title,
                    href: self.href(url, &n.url),
                    date: &self.infos[i].date,
                    roles,
                    fields,
                    contexts,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::frequency_words;

    #[test]
    fn frequencies_read_as_words() {
        assert_eq!(frequency_words(1.0), "about daily");
        assert_eq!(frequency_words(3.2), "about every 3 days");
        assert_eq!(frequency_words(7.4), "about every week");
        assert_eq!(frequency_words(14.0), "about every 2 weeks");
        assert_eq!(frequency_words(30.0), "about every month");
        assert_eq!(frequency_words(92.0), "about every 3 months");
        assert_eq!(frequency_words(700.0), "about every 2 years");
    }
}
