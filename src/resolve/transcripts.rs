//! Transcripts: timed transcripts, captions and speaker-attributed minutes,
//! their speakers found among the people.
//!
//! Takes the notes, their source (for captions beside them), the pending
//! transcript sections and minutes candidates, the `speakers` map of
//! site.toml, the [`People`] and each note's [`Roles`]; gives each note its
//! [`transcript::Transcript`] (a timed transcript of its own, else captions
//! beside it, else minutes in its text), the speaker role to those who
//! speak, new people for speakers no one knew, and the diagnostics
//! (captions or sections in no known form, turns out of order, a time
//! span no meeting has: [`implausible`]).

use super::common::{KeptTranscripts, lower};
use super::notes::Pending;
use super::people::{People, Roles, first_name};
use crate::diagnostics::Diagnostic;
use crate::load::Vault;
use crate::model::*;
use crate::parse::infer;
use crate::parse::obsidian::{self, LinkTarget};
use crate::parse::transcript;
use crate::store::Store;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Give every note its transcript, if it has one: the blocks cut out of
/// the notes are read from the vault's `text`, the transcripts put in its
/// `store`.
pub(super) fn transcripts(
    notes: &mut [Note],
    vault: &Vault,
    pending: &mut Pending,
    speakers: &BTreeMap<String, String>,
    people: &mut People,
    roles: &mut Roles,
    kept: Option<&KeptTranscripts>,
) -> Vec<Diagnostic> {
    let (src, store) = (&vault.notes, &*vault.store);
    let mut diagnostics = Vec::new();
    // the blocks' text is not needed once parsed
    let blocks = std::mem::take(&mut pending.blocks);
    let parsed = parse_blocks(notes, vault, &blocks, speakers, people, roles, kept);
    drop(blocks);
    let mut found: Vec<Option<transcript::Transcript>> = Vec::with_capacity(parsed.len());
    for p in parsed {
        found.push(p.map(|(t, warning)| {
            diagnostics.extend(warning);
            t
        }));
    }
    // captions beside the note, in notes without a transcript of their own
    for i in 0..notes.len() {
        if found[i].is_some() {
            continue;
        }
        let Some((cap_path, text)) = &src[i].captions else {
            continue;
        };
        let cues = if infer::webvtt::is_webvtt(text) {
            infer::webvtt::parse(text)
        } else {
            infer::webvtt::parse_srt(text)
        };
        if cues.is_empty() {
            diagnostics.push(Diagnostic::warning(
                "transcript-unparsed",
                cap_path.as_str(),
                1,
                "these captions hold no cue minutebook can read; they are not shown",
            ));
            continue;
        }
        let mut t = captions_transcript(&cues, people);
        if let Some(mut d) = implausible(&t, &notes[i]) {
            // the turn's line is in the captions file
            d.file = cap_path.clone();
            d.line = t
                .turns
                .iter()
                .max_by(|a, b| {
                    a.seconds
                        .unwrap_or(0.0)
                        .total_cmp(&b.seconds.unwrap_or(0.0))
                })
                .map_or(1, |x| x.line);
            diagnostics.push(d);
        }
        t.spill(store);
        found[i] = Some(t);
        notes[i].people_from.push("transcript");
    }
    from_minutes(notes, pending, people, roles, &mut found, store);
    for (i, t) in found.into_iter().enumerate() {
        if let Some(t) = &t {
            for line in &t.out_of_order {
                diagnostics.push(Diagnostic::info(
                    "transcript-order",
                    &notes[i].path,
                    line + notes[i].body_line - 1,
                    "this turn's timestamp is earlier than the one before it",
                ));
            }
            let local: Vec<usize> = roles[i].keys().copied().collect();
            for voice in &t.summary().voices {
                if voice.is_person {
                    if let Some(p) = people.lookup(&voice.speaker, &local) {
                        roles[i].entry(p).or_default().insert(Role::Speaker);
                    }
                }
            }
        }
        notes[i].transcript = t;
    }
    diagnostics.extend(unparsed(notes, &pending.unparsed));
    diagnostics
}

/// The timed transcripts cut out of the notes, parsed (in parallel); each
/// note's speakers named by its own people first, then the vault's, the
/// `speakers` maps of the note and of site.toml turning device labels into
/// names.
fn parse_blocks(
    notes: &[Note],
    vault: &Vault,
    blocks: &[Option<transcript::Block>],
    speakers: &BTreeMap<String, String>,
    people: &People,
    roles: &Roles,
    kept: Option<&KeptTranscripts>,
) -> Vec<Option<(transcript::Transcript, Option<Diagnostic>)>> {
    let (blocks_in, store) = (&*vault.text, &*vault.store);
    // the vault's people, in one resolver built once
    let mut site_names: Vec<(String, String)> = Vec::new();
    for p in &people.list {
        site_names.push((p.name.clone(), p.name.clone()));
        for a in &p.aliases {
            site_names.push((a.clone(), p.name.clone()));
        }
    }
    let site_key = kept.map(|_| hash_of(&site_names));
    let site = transcript::Speakers::new(&site_names, &[]);
    blocks
        .par_iter()
        .enumerate()
        .map(|(i, b)| {
            let b = b.as_ref()?;
            // the meeting's own people over the vault's, so that their aliases win
            let mut names: Vec<(String, String)> = Vec::new();
            for pid in roles[i].keys() {
                let p = &people.list[*pid];
                names.push((p.name.clone(), p.name.clone()));
                for a in &p.aliases {
                    names.push((a.clone(), p.name.clone()));
                }
            }
            let mut devices: Vec<(String, String)> = speakers
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if let Some(Value::Object(m)) = notes[i].frontmatter.get("speakers") {
                for (k, v) in m {
                    if let Value::String(v) = v {
                        let v = obsidian::wikilinks_in(v)
                            .first()
                            .map(|l| LinkTarget::parse(&l.target).path)
                            .unwrap_or_else(|| v.trim().to_string());
                        devices.insert(0, (k.clone(), v));
                    }
                }
            }
            // the note's text and the names its speakers are read with
            let key = kept.zip(vault.notes[i].stored).map(|(k, at)| {
                let key = (at, hash_of(&(site_key, &names, &devices)));
                (k, key)
            });
            if let Some((k, key)) = &key {
                if let Some(hit) = k.get(&notes[i].path, key) {
                    return Some(hit);
                }
            }
            let sp = transcript::Speakers::over(&names, &devices, &site);
            let mut t = transcript::parse(&b.with_text(blocks_in), &sp);
            let warning = implausible(&t, &notes[i]);
            t.spill(store);
            if let Some((k, key)) = key {
                k.put(&notes[i].path, key, (t.clone(), warning.clone()));
            }
            Some((t, warning))
        })
        .collect()
}

/// A hash of `x` (the same in every run).
fn hash_of(x: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// Longest time a transcript may span, whatever the meeting: 12 hours.
pub const MAX_SPAN_SECONDS: f64 = 12.0 * 3600.0;

/// A transcript whose time span is implausible: over [`MAX_SPAN_SECONDS`],
/// or, when the note states `duration_min` (D minutes), over both 3 × D and
/// D + 60 minutes. The diagnostic points at the turn with the latest
/// timestamp (usually a mistyped one, `[28:03:10]`).
pub(super) fn implausible(t: &transcript::Transcript, note: &Note) -> Option<Diagnostic> {
    let span = transcript::duration_seconds(t)?;
    let first = t
        .turns
        .iter()
        .filter_map(|x| x.seconds)
        .fold(f64::MAX, f64::min);
    let last = t
        .turns
        .iter()
        .filter(|x| x.seconds.is_some())
        .max_by(|a, b| {
            let (a, b) = (a.seconds.unwrap_or(0.0), b.seconds.unwrap_or(0.0));
            a.total_cmp(&b)
        })?;
    let scheduled = note
        .frontmatter
        .get("duration_min")
        .map(|v| crate::resolve::fm_strings(v).join(""))
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|d| *d > 0.0 && d.is_finite());
    let too_long = match scheduled {
        Some(d) => span > (3.0 * d * 60.0).max((d + 60.0) * 60.0),
        None => false,
    };
    if span <= MAX_SPAN_SECONDS && !too_long {
        return None;
    }
    let hm = |s: f64| {
        let s = s.max(0.0) as u64;
        format!("{}h {:02}m", s / 3600, s / 60 % 60)
    };
    let stamp = |s: f64| {
        let s = s.max(0.0) as u64;
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    };
    let against = match scheduled {
        Some(d) if too_long => format!("the meeting's stated {d} minutes (duration_min)"),
        _ => "12 hours, longer than any meeting".to_string(),
    };
    let line = last.line + note.body_line.saturating_sub(1);
    Some(Diagnostic::warning(
        "implausible-duration",
        &note.path,
        line,
        format!(
            "this transcript spans {} (from {} to this turn's {}), far beyond {against}; its timestamps (or the duration) are probably wrong",
            hm(span),
            stamp(first),
            stamp(last.seconds.unwrap_or(0.0)),
        ),
    ))
}

/// Speaker-attributed minutes, in notes without a timed transcript; a
/// first name alone is the vault's one person of that first name.
fn from_minutes(
    notes: &mut [Note],
    pending: &Pending,
    people: &mut People,
    roles: &Roles,
    found: &mut [Option<transcript::Transcript>],
    store: &Store,
) {
    let mut firsts: HashMap<String, Vec<usize>> = HashMap::new();
    for (pid, p) in people.list.iter().enumerate() {
        if let Some(first) = first_name(&p.name) {
            firsts.entry(lower(first)).or_default().push(pid);
        }
    }
    for i in 0..notes.len() {
        if found[i].is_some() || pending.candidates[i].is_empty() {
            continue;
        }
        let mut t = minutes_transcript(
            &pending.candidates[i],
            &pending.body_people[i],
            &roles[i],
            &firsts,
            people,
        );
        if let Some(t) = &mut t {
            t.spill(store);
            notes[i].people_from.push("transcript");
        }
        found[i] = t;
    }
}

/// A transcript section in no known form: shown as written, and said.
fn unparsed(notes: &[Note], unparsed: &[Option<(usize, usize)>]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (i, u) in unparsed.iter().enumerate() {
        let Some((first, last)) = *u else { continue };
        let covered = notes[i].transcript.as_ref().is_some_and(|t| {
            t.summary()
                .parsed_lines
                .iter()
                .any(|x| (first..=last).contains(x))
        });
        if !covered {
            diagnostics.push(Diagnostic::warning(
                "transcript-unparsed",
                &notes[i].path,
                first + notes[i].body_line - 1,
                "this transcript section is in no form minutebook reads (`[HH:MM:SS] SOURCE : TEXT` in a text fence, or speaker-attributed lines); it is shown as written",
            ));
        }
    }
    diagnostics
}

/// A transcript from caption cues: a turn a cue, its voice the speaker (a
/// person, found or made), ids from the time as for timed transcripts.
fn captions_transcript(cues: &[infer::webvtt::Cue], people: &mut People) -> transcript::Transcript {
    let mut out = transcript::Transcript::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for c in cues {
        let id = transcript::timed_id(&mut ids, c.seconds.max(0.0) as u64);
        let (speaker, is_person) = match c.speaker.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => {
                let pid = people.named(s);
                (
                    people
                        .list
                        .get(pid)
                        .map_or(s.to_string(), |p| p.name.clone()),
                    true,
                )
            }
            _ => (String::new(), false),
        };
        out.turns.push(transcript::Turn {
            seconds: Some(c.seconds),
            stamp: c.stamp.clone(),
            id,
            source: c.speaker.clone().unwrap_or_default(),
            speaker,
            is_person,
            text: c.text.clone(),
            line: c.line,
            parsed: true,
        });
    }
    out
}

/// What the minutes reader knows of a meeting's people: their names and
/// aliases, a first name that only one of them has, and the abbreviations
/// the attendee list gives.
fn known_people(
    found: &infer::people::Found,
    roles: &BTreeMap<usize, BTreeSet<Role>>,
    people: &People,
) -> infer::minutes::Known {
    let mut known = infer::minutes::Known::default();
    let mut firsts: HashMap<String, Vec<String>> = HashMap::new();
    for pid in roles.keys() {
        let Some(p) = people.list.get(*pid) else {
            continue;
        };
        known.names.push((p.name.clone(), p.name.clone()));
        for a in &p.aliases {
            known.names.push((a.clone(), p.name.clone()));
        }
        if let Some(first) = first_name(&p.name) {
            firsts.entry(lower(first)).or_default().push(p.name.clone());
        }
    }
    // a first name stands for its person when one person of the meeting has it
    let mut firsts: Vec<(String, Vec<String>)> = firsts.into_iter().collect();
    firsts.sort();
    for (first, owners) in firsts {
        if let [only] = owners.as_slice() {
            known.names.push((first, only.clone()));
        }
    }
    for a in &found.attendees {
        if let Some(ab) = &a.abbr {
            let canonical = people
                .lookup(&a.name, &[])
                .and_then(|p| people.list.get(p))
                .map_or_else(|| a.name.clone(), |p| p.name.clone());
            known.abbreviations.push((ab.clone(), canonical));
        }
    }
    known
}

/// The turns of speaker-attributed minutes in a note, from its candidate
/// paragraphs and what the note knows of its people. A label that names
/// nobody of the meeting but is written as a name in bold or as a call
/// export's header (`**Hudson**:`, `Ana Lima  0:03`) is the vault's person of
/// that name, or of that first name when only one has it (`vault_firsts`),
/// else a new person; an unknown list label (`* Modules: …` is as often a
/// topic as a person) or abbreviation stays a label.
fn minutes_transcript(
    cands: &[infer::minutes::Candidate],
    found: &infer::people::Found,
    roles: &BTreeMap<usize, BTreeSet<Role>>,
    vault_firsts: &HashMap<String, Vec<usize>>,
    people: &mut People,
) -> Option<transcript::Transcript> {
    let known = known_people(found, roles, people);
    let turns = infer::minutes::decide(cands, &known);
    if turns.is_empty() {
        return None;
    }
    let style_at: HashMap<usize, infer::minutes::Style> =
        cands.iter().map(|c| (c.line, c.style)).collect();
    let mut out = transcript::Transcript {
        inline: true,
        ..Default::default()
    };
    for (k, t) in turns.into_iter().enumerate() {
        let (speaker, is_person) = if t.is_person {
            (t.speaker, true)
        } else if matches!(
            style_at.get(&t.line),
            Some(infer::minutes::Style::Bold | infer::minutes::Style::NameTime)
        ) && t.speaker.chars().next().is_some_and(char::is_uppercase)
        {
            let unique_first = match vault_firsts
                .get(&lower(t.speaker.trim()))
                .map(Vec::as_slice)
            {
                Some([only]) if !t.speaker.trim().contains(' ') => Some(*only),
                _ => None,
            };
            let pid = unique_first
                .or_else(|| people.lookup(&t.speaker, &[]))
                .unwrap_or_else(|| people.named(&t.speaker));
            let name = people
                .list
                .get(pid)
                .map_or(t.speaker.clone(), |p| p.name.clone());
            (name, true)
        } else {
            (t.speaker, false)
        };
        out.turns.push(transcript::Turn {
            seconds: t.seconds,
            stamp: t.stamp.clone().unwrap_or_default(),
            id: format!("t-{}", k + 1),
            source: t.label,
            speaker,
            is_person,
            text: t.text,
            line: t.line,
            parsed: true,
        });
    }
    Some(out)
}
