//! Series: meetings grouped, with previous and next.
//!
//! Takes the notes (meetings decided), the series each names (frontmatter
//! or `[[folders]]` rules) and the people; gives the [`Series`] in name
//! order, each with its meetings in time order, its series note and a
//! display name of its own, and each note its series and its previous and
//! next meeting. Meetings that name no series form one a folder (year and
//! month folders set aside), split by file-name prefix.

use super::common::chrono_key;
use crate::model::*;
use crate::parse::infer;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Words that say "a meeting" and nothing of which: a series named only by
/// such a file-name prefix (`Meeting 08.md`) is shown with its folder.
const GENERIC: &[&str] = &[
    "meeting", "meetings", "call", "calls", "notes", "minutes", "sync", "agenda", "mtg",
];

/// The series of the vault; `series_of` (a name a note) gains the folder
/// series. `people` tell a series named after a person (`1-1/Dana Reyes`).
pub(super) fn series(
    notes: &mut [Note],
    series_of: &mut [Option<String>],
    people: &[Person],
) -> Vec<Series> {
    // meetings without a series: one series a folder, split by file-name prefix
    for (i, key) in folder_series(notes) {
        series_of[i] = Some(key);
        notes[i].series_from = Some("folder");
    }
    let series_list: Vec<String> = series_of
        .iter()
        .flatten()
        .cloned()
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    let mut series: Vec<Series> = series_list
        .iter()
        .map(|s| Series {
            name: s.clone(),
            title: series_title(s),
            ..Default::default()
        })
        .collect();
    let names: BTreeSet<String> = people
        .iter()
        .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
        .map(|n| n.to_lowercase())
        .collect();
    for s in &mut series {
        s.title = person_series_title(&s.name, &s.title, &names);
    }
    distinct_titles(&mut series);
    for (i, n) in notes.iter_mut().enumerate() {
        if let Some(s) = &series_of[i] {
            if let Ok(k) = series_list.binary_search(s) {
                n.series = Some(k);
                series[k].meetings.push(i);
            }
        }
    }
    for s in &mut series {
        s.meetings
            .sort_by(|&a, &b| chrono_key(&notes[a]).cmp(&chrono_key(&notes[b])));
        for w in s.meetings.windows(2) {
            notes[w[0]].next = Some(w[1]);
            notes[w[1]].prev = Some(w[0]);
        }
    }
    series_notes(notes, &mut series);
    series
}

/// Folder names that say "one-on-one": a series under one is shown as `1:1 · …`.
const ONE_ON_ONE: &[&str] = &["1-1", "1:1", "1on1", "1-on-1", "one-on-one", "1x1", "11"];

/// A folder name as shown: `1-1` → `1:1`, `-` and `_` as spaces when it
/// holds no space.
pub fn readable_folder(part: &str) -> String {
    let folded = part.trim().to_lowercase().replace(['_', ' '], "-");
    if ONE_ON_ONE.contains(&folded.as_str()) {
        return "1:1".to_string();
    }
    if part.contains(' ') {
        part.trim().to_string()
    } else {
        part.trim().replace(['-', '_'], " ")
    }
}

/// The display name of a series whose shown name `title` is a person's
/// (one of `names`, lower-cased) or sits under a one-on-one folder: the
/// folder before it, readable, then the name (`1-1/Dana Reyes` → `1:1 ·
/// Dana Reyes`, `Mentoring/Dana Reyes` → `Mentoring · Dana Reyes`). Any
/// other title is kept.
fn person_series_title(name: &str, title: &str, names: &BTreeSet<String>) -> String {
    let parts: Vec<&str> = name
        .split('/')
        .filter(|p| !p.trim().is_empty() && !infer::dates::is_date_folder(p))
        .collect();
    let Some((_, before)) = parts.split_last() else {
        return title.to_string();
    };
    let Some(parent) = before.last() else {
        return title.to_string();
    };
    let parent = readable_folder(parent);
    if parent == "1:1" || names.contains(&title.to_lowercase()) {
        format!("{parent} · {title}")
    } else {
        title.to_string()
    }
}

/// The folder that holds a series' meetings: their longest common folder,
/// year and month folders at its end set aside.
fn home_folder(notes: &[Note], meetings: &[usize]) -> Option<String> {
    let mut common: Option<Vec<&str>> = None;
    for &i in meetings {
        let dir: Vec<&str> = notes[i]
            .path
            .rsplit_once('/')
            .map_or(Vec::new(), |(d, _)| d.split('/').collect());
        common = Some(match common {
            None => dir,
            Some(c) => c
                .iter()
                .zip(&dir)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    let mut c = common?;
    while c.last().is_some_and(|p| infer::dates::is_date_folder(p)) {
        c.pop();
    }
    (!c.is_empty()).then(|| c.join("/"))
}

/// Give each series its series note (the folder note of its meetings'
/// folder, a note that is neither a meeting nor a person's), whose title
/// becomes the series' display name.
fn series_notes(notes: &[Note], series: &mut [Series]) {
    let mut by_path: HashMap<String, usize> = HashMap::new();
    for (i, n) in notes.iter().enumerate() {
        if !n.is_meeting && n.person.is_none() {
            by_path.insert(n.path.to_lowercase(), i);
        }
    }
    for s in series.iter_mut() {
        let Some(dir) = home_folder(notes, &s.meetings) else {
            continue;
        };
        let last = dir.rsplit('/').next().unwrap_or(&dir);
        let candidates = [
            format!("{dir}/{last}.md"),
            format!("{dir}.md"),
            format!("{dir}/README.md"),
            format!("{dir}/index.md"),
        ];
        let found = candidates
            .iter()
            .find_map(|c| by_path.get(&c.to_lowercase()).copied());
        if let Some(i) = found {
            s.note = Some(i);
            let t = notes[i].title.trim();
            if !t.is_empty() {
                s.title = t.to_string();
            }
        }
    }
}

/// The shown name of a series: the last part of its name, with the `-` and
/// `_` of a folder name read as spaces when it holds no space
/// (`Breakouts/peer-review_sync` → `peer review sync`).
fn series_title(name: &str) -> String {
    let last = name
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(name)
        .trim();
    let last = if last.is_empty() { name } else { last };
    if last.contains(' ') {
        last.to_string()
    } else {
        last.replace(['-', '_'], " ")
    }
}

/// Series shown under the same title (two `minutes` folders) are told apart
/// by more of their name (`meta/minutes`); a title of generic words only
/// (`Meeting`) takes its folder's name before it.
fn distinct_titles(series: &mut [Series]) {
    for s in series.iter_mut() {
        let generic = s
            .title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| GENERIC.contains(&w.to_lowercase().as_str()));
        if generic {
            let parts: Vec<&str> = s.name.split('/').collect();
            if parts.len() >= 2 {
                s.title = format!("{} {}", series_title(parts[parts.len() - 2]), s.title);
            }
        }
    }
    for depth in 2..6 {
        let mut count: HashMap<String, usize> = HashMap::new();
        for s in series.iter() {
            *count.entry(s.title.to_lowercase()).or_default() += 1;
        }
        let mut changed = false;
        for s in series.iter_mut() {
            if count.get(&s.title.to_lowercase()).copied().unwrap_or(0) < 2 {
                continue;
            }
            let parts: Vec<&str> = s.name.split('/').filter(|p| !p.is_empty()).collect();
            if parts.len() >= depth {
                let tail = parts[parts.len() - depth..].join("/");
                let t = if tail.contains(' ') {
                    tail
                } else {
                    tail.replace(['-', '_'], " ")
                };
                if t != s.title {
                    s.title = t;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// The prefix of a file name before its date or number (`CG-01-03` → `CG`,
/// `WASI-03-02` → `WASI`, `Meeting 93` → `Meeting`); None when the name
/// starts with digits or the prefix is a month name.
fn name_prefix(stem: &str) -> Option<String> {
    let end = stem.find(|c: char| c.is_ascii_digit())?;
    let p = stem[..end]
        .trim_end_matches([' ', '-', '_', '.', '#'])
        .trim();
    if p.is_empty() || !p.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    if infer::dates::month_name(p).is_some() {
        return None;
    }
    Some(p.to_string())
}

/// Series for meetings that name none: the meetings of one folder (its
/// year and month folders set aside) form a series, split by file-name
/// prefix when the folder holds several prefixes of two meetings or more.
/// A group of one meeting is no series; nor are meetings at the vault root
/// without a shared prefix.
fn folder_series(notes: &[Note]) -> Vec<(usize, String)> {
    let mut groups: BTreeMap<String, Vec<(usize, Option<String>)>> = BTreeMap::new();
    for (i, n) in notes.iter().enumerate() {
        if !n.is_meeting || n.series_from.is_some() {
            continue;
        }
        let dir = n.path.rsplit_once('/').map_or("", |(d, _)| d);
        let base: Vec<&str> = dir
            .split('/')
            .filter(|s| !s.is_empty() && !infer::dates::is_date_folder(s))
            .collect();
        // a prefix that repeats the folder's name (`stack/stack-2023-01-30`) splits nothing
        let folder = base
            .last()
            .map(|f| f.to_lowercase().replace(['-', '_', ' '], ""));
        let prefix = name_prefix(&n.stem)
            .filter(|p| Some(p.to_lowercase().replace(['-', '_', ' '], "")) != folder);
        groups.entry(base.join("/")).or_default().push((i, prefix));
    }
    let mut out = Vec::new();
    for (base, members) in groups {
        for (key, is) in split_group(&base, &members) {
            if is.len() >= 2 {
                out.extend(is.into_iter().map(|i| (i, key.clone())));
            }
        }
    }
    out
}

/// The meetings of one folder (`base`, with each meeting's file-name
/// prefix) by series name: the folder, or folder and prefix when prefixes
/// split it (at the vault root, only prefixed meetings form series).
fn split_group(base: &str, members: &[(usize, Option<String>)]) -> BTreeMap<String, Vec<usize>> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, p) in members {
        if let Some(p) = p {
            *counts.entry(p.to_lowercase()).or_default() += 1;
        }
    }
    let split: BTreeSet<String> = counts
        .iter()
        .filter(|(_, c)| **c >= 2)
        .map(|(p, _)| p.clone())
        .collect();
    let by_prefix = split.len() >= 2 || (base.is_empty() && split.len() == 1);
    // prefixes differing only in case are one (`SG-…`, `sg-…`): the first spelling names it
    let mut spelling: BTreeMap<String, String> = BTreeMap::new();
    for (_, p) in members {
        if let Some(p) = p {
            spelling
                .entry(p.to_lowercase())
                .or_insert_with(|| p.clone());
        }
    }
    let mut keyed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in members {
        let key = match p {
            Some(p) if by_prefix && split.contains(&p.to_lowercase()) => {
                let p = spelling.get(&p.to_lowercase()).unwrap_or(p);
                if base.is_empty() {
                    p.clone()
                } else {
                    format!("{base}/{p}")
                }
            }
            _ if base.is_empty() => continue,
            _ => base.to_string(),
        };
        keyed.entry(key).or_default().push(*i);
    }
    keyed
}
