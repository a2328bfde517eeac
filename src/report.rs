//! The machine-readable report (`minutebook check --format json`).
//!
//! Takes the published site; gives one JSON object: `notes`, `people`,
//! `series` and `diagnostics`, as documented in the README.

use crate::diagnostics::Diagnostic;
use crate::publish::Published;
use serde::Serialize;

/// A person in a note.
#[derive(Serialize)]
pub struct NotePerson {
    /// Canonical name.
    pub name: String,
    /// Their main role in the note.
    pub role: &'static str,
}

/// A link in a note.
#[derive(Serialize)]
pub struct LinkReport {
    /// Raw target before `|`.
    pub target: String,
    /// Vault-relative path it resolves to, or null.
    pub resolved: Option<String>,
    /// An embed (`![[…]]`).
    pub embed: bool,
    /// 1-based line.
    pub line: usize,
}

/// Task counts.
#[derive(Serialize)]
pub struct TaskCounts {
    /// Open items.
    pub open: usize,
    /// Done items.
    pub done: usize,
    /// Cancelled items.
    pub cancelled: usize,
}

/// Transcript summary.
#[derive(Serialize)]
pub struct TranscriptReport {
    /// Turns (lines) in the transcript, unparsed lines included.
    pub turns: usize,
    /// Distinct speakers (people, and device labels where no person is known), sorted.
    pub speakers: Vec<String>,
}

/// One note.
#[derive(Serialize)]
pub struct NoteReport {
    /// Vault-relative path.
    pub source: String,
    /// Page URL relative to the output root (`…/` means its `index.html`).
    pub url: String,
    /// Title.
    pub title: String,
    /// `YYYY-MM-DD` or null.
    pub date: Option<String>,
    /// `type`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Series name or null.
    pub series: Option<String>,
    /// People and their roles.
    pub people: Vec<NotePerson>,
    /// Every wikilink and embed, body and frontmatter.
    pub links: Vec<LinkReport>,
    /// Action items.
    pub tasks: TaskCounts,
    /// Transcript, or null.
    pub transcript: Option<TranscriptReport>,
    /// Tags.
    pub tags: Vec<String>,
    /// Whether the note is a meeting (on the timeline, in series and people's meetings).
    pub meeting: bool,
    /// Where the date was read: `frontmatter`, `filename`, `path`, `title`, `body`; null when undated.
    pub date_from: Option<&'static str>,
    /// Where the series came from: `frontmatter`, `folders` (a `[[folders]]` rule), `folder` (inferred); null when none.
    pub series_from: Option<&'static str>,
    /// Where the people came from: any of `frontmatter`, `body`, `transcript`.
    pub people_from: Vec<&'static str>,
}

/// One person.
#[derive(Serialize)]
pub struct PersonReport {
    /// Canonical name.
    pub name: String,
    /// Page URL.
    pub url: String,
    /// Their note's path, or null.
    pub note: Option<String>,
    /// Source paths of their meetings and other notes they appear in.
    pub meetings: Vec<String>,
}

/// One series.
#[derive(Serialize)]
pub struct SeriesReport {
    /// Name (the `series` value, or the folder key of an inferred series).
    pub name: String,
    /// The name shown on pages.
    pub title: String,
    /// Page URL.
    pub url: String,
    /// Source paths, oldest first.
    pub meetings: Vec<String>,
}

/// The whole report.
#[derive(Serialize)]
pub struct Report {
    /// Notes, by path.
    pub notes: Vec<NoteReport>,
    /// People, by name.
    pub people: Vec<PersonReport>,
    /// Series, by name.
    pub series: Vec<SeriesReport>,
    /// Diagnostics, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The publish profile applied and what it decided, or null.
    pub profile: Option<ProfileReport>,
}

/// What a publish profile decided.
#[derive(Serialize)]
pub struct ProfileReport {
    /// The profile's name.
    pub name: String,
    /// Vault paths of the notes that go out.
    pub published: Vec<String>,
    /// Notes left out, with the reason.
    pub removed: Vec<crate::publish::Decision>,
}

/// Build the report.
pub fn report(p: &Published, diagnostics: &[Diagnostic]) -> Report {
    let site = p.site();
    let notes = site
        .notes
        .iter()
        .map(|n| NoteReport {
            source: n.path.clone(),
            url: n.url.clone(),
            title: n.title.clone(),
            date: n.date.map(|d| d.format("%Y-%m-%d").to_string()),
            kind: n.kind.clone(),
            series: n.series.map(|s| site.series[s].name.clone()),
            people: n
                .people
                .iter()
                .map(|(pid, roles)| NotePerson {
                    name: site.people[*pid].name.clone(),
                    role: roles.first().map(|r| r.as_str()).unwrap_or("mentioned"),
                })
                .collect(),
            links: n
                .links
                .iter()
                .map(|l| LinkReport {
                    target: l.target.clone(),
                    resolved: l.resolved_path.clone(),
                    embed: l.embed,
                    line: l.line,
                })
                .collect(),
            tasks: TaskCounts {
                open: n.tasks.iter().filter(|t| t.is_open()).count(),
                done: n.tasks.iter().filter(|t| t.is_done()).count(),
                cancelled: n.tasks.iter().filter(|t| t.is_cancelled()).count(),
            },
            transcript: n.transcript.as_ref().map(|t| {
                let summary = t.summary();
                let mut sp: Vec<String> = summary
                    .voices
                    .iter()
                    .filter(|t| t.parsed && !t.speaker.is_empty())
                    .map(|t| t.speaker.clone())
                    .collect();
                sp.sort();
                sp.dedup();
                TranscriptReport {
                    turns: summary.turns,
                    speakers: sp,
                }
            }),
            tags: n.tags.clone(),
            meeting: n.is_meeting,
            date_from: n.date_from.map(|f| f.as_str()),
            series_from: n.series_from,
            people_from: n.people_from.clone(),
        })
        .collect();
    let people = site
        .people
        .iter()
        .map(|p| PersonReport {
            name: p.name.clone(),
            url: p.url.clone(),
            note: p.note.map(|i| site.notes[i].path.clone()),
            meetings: p
                .meetings
                .iter()
                .map(|(i, _)| site.notes[*i].path.clone())
                .collect(),
        })
        .collect();
    let series = site
        .series
        .iter()
        .map(|s| SeriesReport {
            name: s.name.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
            meetings: s
                .meetings
                .iter()
                .map(|&i| site.notes[i].path.clone())
                .collect(),
        })
        .collect();
    let profile = p.profile().map(|name| ProfileReport {
        name: name.to_string(),
        published: p
            .decisions()
            .iter()
            .filter(|d| d.published)
            .map(|d| d.source.clone())
            .collect(),
        removed: p
            .decisions()
            .iter()
            .filter(|d| !d.published)
            .cloned()
            .collect(),
    });
    Report {
        notes,
        people,
        series,
        diagnostics: diagnostics.to_vec(),
        profile,
    }
}

/// One line on how the notes were classified: meetings, dated notes and
/// where their dates came from, series (and how many were inferred),
/// people, and notes whose turns of speech were read.
pub fn classification(site: &crate::model::Site) -> String {
    use std::collections::BTreeMap;
    let meetings = site.notes.iter().filter(|n| n.is_meeting).count();
    let dated = site.notes.iter().filter(|n| n.date.is_some()).count();
    let mut from: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &site.notes {
        if let Some(f) = n.date_from {
            *from.entry(f.as_str()).or_default() += 1;
        }
    }
    let from: Vec<String> = from.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let inferred = site
        .series
        .iter()
        .filter(|s| {
            s.meetings
                .first()
                .is_some_and(|&i| site.notes[i].series_from == Some("folder"))
        })
        .count();
    let with_people = site
        .notes
        .iter()
        .filter(|n| n.is_meeting && n.people.iter().any(|(_, r)| r.iter().any(|x| x.present())))
        .count();
    let turns = site.notes.iter().filter(|n| n.transcript.is_some()).count();
    format!(
        "classified {} notes: {meetings} meetings, {dated} dated{}, {} series ({inferred} from folders), {} people ({with_people} meetings with attendees), {turns} with turns of speech",
        site.notes.len(),
        if from.is_empty() {
            String::new()
        } else {
            format!(" (from {})", from.join(", "))
        },
        site.series.len(),
        site.people.len(),
    )
}
