//! Publish: what of the resolved site may go out.
//!
//! Takes the resolved [`Site`], the loaded [`Vault`] and the config; gives a
//! [`Published`] site. This is the only way to make a [`Published`], and the
//! render stage and the report accept nothing else — so no page type can be
//! added that reads the site before this stage has filtered and redacted it.
//!
//! Without a profile every note goes out as it is. With one:
//!
//! 1. **Selection** decides for every note whether it goes out, and why not
//!    (privacy, tags, paths, types, `publish:` flags). A note whose
//!    frontmatter cannot be read is never published: its privacy is unknown.
//! 2. **Redaction** rewrites the *source text* of the notes that go out:
//!    dropped frontmatter fields, transcripts and sections are cut, regular
//!    expressions are replaced, people's names (and aliases) become initials or
//!    pseudonyms — in the body, every frontmatter value and the file paths.
//! 3. The redacted notes are **resolved again** from scratch, with the removed
//!    notes' names known, so that links to them render as plain text. Every
//!    page, list, backlink, person, series, tag and copied attachment is
//!    derived from that second resolution: nothing removed can reach it.
//!
//! `%%comments%%` never reach this stage: the load stage removes them.

use crate::blocks;
use crate::config::{Config, PeopleMode, Profile, TranscriptMode};
use crate::diagnostics::Diagnostic;
use crate::load::{SourceNote, Vault};
use crate::markdown::heading_key;
use crate::model::Site;
use crate::resolve::{self, RemovedNames, note_aliases};
use globset::GlobSet;
use regex::Regex;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Why a note did or did not go out.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// Vault path of the note (as in the vault, before any renaming).
    pub source: String,
    /// Whether it is published.
    pub published: bool,
    /// Why not (empty when published).
    pub reason: String,
}

/// A site that has been through the publish stage.
#[derive(Debug, Clone)]
pub struct Published {
    site: Site,
    profile: Option<String>,
    decisions: Vec<Decision>,
    /// Published attachment path → the vault path to copy from.
    sources: HashMap<String, String>,
}

impl Published {
    /// The site as published.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Diagnostics of all stages so far.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.site.diagnostics
    }

    /// The profile applied, if any.
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// Per note, whether it went out and why not (empty without a profile).
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// The vault file a published attachment is copied from.
    pub fn attachment_source<'a>(&'a self, path: &'a str) -> &'a str {
        self.sources.get(path).map(String::as_str).unwrap_or(path)
    }
}

/// Run the publish stage.
pub fn publish(site: Site, vault: &Vault, cfg: &Config) -> Published {
    let Some((name, profile)) = &cfg.profile else {
        return Published {
            site,
            profile: None,
            decisions: Vec::new(),
            sources: HashMap::new(),
        };
    };
    let include = crate::load::ignore_set(&profile.include_paths);
    let exclude = crate::load::ignore_set(&profile.exclude_paths);
    let decisions: Vec<Decision> = site
        .notes
        .iter()
        .zip(&vault.notes)
        .map(|(n, src)| {
            let verdict = decide(n, src, profile, &include, &exclude);
            Decision {
                source: src.path.clone(),
                published: verdict.is_ok(),
                reason: verdict.err().unwrap_or_default(),
            }
        })
        .collect();
    let names = NameMap::new(&site, profile);
    let redactions: Vec<Regex> = profile
        .redact
        .iter()
        .filter_map(|r| Regex::new(r).ok())
        .collect();
    let rewrite = |s: &str| -> String {
        let mut out = s.to_string();
        for r in &redactions {
            out = r
                .replace_all(&out, profile.redact_with.as_str())
                .into_owned();
        }
        names.apply(&out)
    };
    let rewrite_path = |p: &str| -> String {
        let (stem, ext) = match p.rsplit_once('.') {
            Some((s, e)) if !e.contains('/') => (s, format!(".{e}")),
            _ => (p, String::new()),
        };
        let segs: Vec<String> = stem
            .split('/')
            .map(&rewrite)
            .map(|s| s.replace('/', "-"))
            .collect();
        format!("{}{ext}", segs.join("/"))
    };
    let mut removed = RemovedNames::default();
    let mut kept = Vec::new();
    for (src, d) in vault.notes.iter().zip(&decisions) {
        if d.published {
            kept.push(redact_note(src, profile, &rewrite, &rewrite_path));
        } else {
            let aliases: Vec<String> = note_aliases(&src.frontmatter)
                .iter()
                .map(|a| rewrite(a))
                .collect();
            removed.add(&rewrite_path(&src.path), &aliases);
            removed.add(&src.path, &note_aliases(&src.frontmatter));
        }
    }
    let mut sources = HashMap::new();
    let attachments: Vec<String> = vault
        .attachments
        .iter()
        .map(|a| {
            let p = rewrite_path(a);
            sources.insert(p.clone(), a.clone());
            p
        })
        .collect();
    let kept_paths: std::collections::HashSet<&str> = decisions
        .iter()
        .filter(|d| d.published)
        .map(|d| d.source.as_str())
        .collect();
    let v2 = Vault {
        root: vault.root.clone(),
        notes: kept,
        attachments,
        // what loading said about notes that go out (under their published path)
        diagnostics: vault
            .diagnostics
            .iter()
            .filter(|d| {
                kept_paths.contains(d.file.as_str())
                    || !vault.notes.iter().any(|n| n.path == d.file)
            })
            .map(|d| Diagnostic {
                file: if kept_paths.contains(d.file.as_str()) {
                    rewrite_path(&d.file)
                } else {
                    d.file.clone()
                },
                ..d.clone()
            })
            .collect(),
    };
    let site = resolve::resolve_with(&v2, cfg, &removed);
    Published {
        site,
        profile: Some(name.clone()),
        decisions,
        sources,
    }
}

fn has_tag(tags: &[String], t: &str) -> bool {
    let t = t.trim().trim_start_matches('#').to_lowercase();
    tags.iter().any(|x| {
        let x = x.to_lowercase();
        x == t || x.starts_with(&format!("{t}/"))
    })
}

fn in_list(list: &[String], v: &str) -> bool {
    list.iter()
        .any(|x| x.trim().to_lowercase() == v.trim().to_lowercase())
}

fn publish_flag(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a note goes out under `p`; Err gives the reason it does not.
fn decide(
    n: &crate::model::Note,
    src: &SourceNote,
    p: &Profile,
    include: &GlobSet,
    exclude: &GlobSet,
) -> Result<(), String> {
    let flag = publish_flag(n.frontmatter.get("publish"));
    if flag == Some(false) {
        return Err("publish: false".into());
    }
    if p.explicit_publish && flag != Some(true) {
        return Err("explicit_publish: no publish: true".into());
    }
    // a note that states no privacy (or whose frontmatter cannot be read) gets `unknown_privacy`
    let stated = if src.frontmatter_error {
        None
    } else {
        n.privacy.clone().filter(|p| !p.trim().is_empty())
    };
    let (privacy, how) = match stated {
        Some(p) => (p, ""),
        None => (
            p.unknown_privacy.to_lowercase(),
            " (unknown_privacy: the note states none)",
        ),
    };
    if !p.include_privacy.is_empty() && !in_list(&p.include_privacy, &privacy) {
        return Err(format!("privacy {privacy:?} not in include_privacy{how}"));
    }
    if in_list(&p.exclude_privacy, &privacy) {
        return Err(format!("privacy: {privacy}{how}"));
    }
    if !p.include_tags.is_empty() && !p.include_tags.iter().any(|t| has_tag(&n.tags, t)) {
        return Err("no tag in include_tags".into());
    }
    if let Some(t) = p.exclude_tags.iter().find(|t| has_tag(&n.tags, t)) {
        return Err(format!("tag #{}", t.trim_start_matches('#')));
    }
    if !p.include_paths.is_empty() && !include.is_match(&n.path) {
        return Err("path not in include_paths".into());
    }
    if exclude.is_match(&n.path) {
        return Err("path in exclude_paths".into());
    }
    let kind = n.kind.clone().unwrap_or_default();
    if !p.include_types.is_empty() && !in_list(&p.include_types, &kind) {
        return Err(format!("type {kind:?} not in include_types"));
    }
    if in_list(&p.exclude_types, &kind) {
        return Err(format!("type: {kind}"));
    }
    Ok(())
}

/// Blank the lines of the ranges `cuts` (0-based, end excluded), keeping line
/// ends so that the line numbers of the rest stay. A range that starts inside
/// a block quote keeps its lines' `>` markers, so that the quote or callout
/// around it stays one, unless the range is the whole quote.
fn blank_lines(body: &str, cuts: &[(usize, usize)]) -> String {
    // (start, end of the `>` markers, next line's start) of every line
    let marks: Vec<(usize, usize, usize)> = blocks::Scanner::new(body)
        .map(|l| (l.start, l.quote_end, l.next))
        .collect();
    let quoted = |i: usize| marks.get(i).is_some_and(|m| m.1 > m.0);
    // per line: None to keep it, Some(keep the `>` markers) to blank it
    let mut blank: Vec<Option<bool>> = vec![None; marks.len()];
    for &(start, end) in cuts {
        let keep = quoted(start) && ((start > 0 && quoted(start - 1)) || quoted(end));
        for b in blank.iter_mut().take(end).skip(start) {
            *b = Some(keep || b.unwrap_or(false));
        }
    }
    let mut out = String::with_capacity(body.len());
    for (&(start, quote_end, next), b) in marks.iter().zip(&blank) {
        let line = body.get(start..next).unwrap_or("");
        match b {
            None => out.push_str(line),
            Some(keep) => {
                if *keep {
                    out.push_str(body.get(start..quote_end).unwrap_or("").trim_end());
                }
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Cut the sections whose heading is in `drop`, with their sub-sections: ATX
/// and setext headings, in block quotes, callouts and list items too, matched
/// by [`heading_key`] without a trailing `^block-id` or `#tags`; a section runs
/// to the next heading of the same or a higher level in its container or
/// outside it, and ends with its container ([`blocks::sections`]).
fn drop_sections(body: &str, drop: &[String]) -> String {
    let keys: Vec<String> = drop
        .iter()
        .map(|d| heading_key(d))
        .filter(|k| !k.is_empty())
        .collect();
    if keys.is_empty() {
        return body.to_string();
    }
    let cuts: Vec<(usize, usize)> = blocks::sections(body)
        .into_iter()
        .filter(|s| keys.contains(&s.heading.key))
        .map(|s| (s.start, s.end))
        .collect();
    if cuts.is_empty() {
        return body.to_string();
    }
    blank_lines(body, &cuts)
}

fn rewrite_value(v: &Value, f: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(f(s)),
        Value::Array(a) => Value::Array(a.iter().map(|x| rewrite_value(x, f)).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, x)| (f(k), rewrite_value(x, f))).collect())
        }
        other => other.clone(),
    }
}

/// A published copy of a note's source, redacted.
fn redact_note(
    src: &SourceNote,
    p: &Profile,
    rewrite: &dyn Fn(&str) -> String,
    rewrite_path: &dyn Fn(&str) -> String,
) -> SourceNote {
    let mut n = src.clone();
    for f in &p.drop_fields {
        n.frontmatter.remove(f);
    }
    if p.transcripts == TranscriptMode::Drop {
        n.frontmatter.remove("speakers");
        // every transcript block (a note may hold more than one)
        while let Some(b) = crate::transcript::find_block(&n.body) {
            let cut = n.body.get(b.start..b.end).unwrap_or("");
            if cut.is_empty() {
                break;
            }
            let blank = "\n".repeat(cut.matches('\n').count());
            n.body = format!(
                "{}{blank}{}",
                n.body.get(..b.start).unwrap_or(""),
                n.body.get(b.end..).unwrap_or("")
            );
        }
    }
    n.body = drop_sections(&n.body, &p.drop_sections);
    n.body = rewrite(&n.body);
    n.frontmatter = n
        .frontmatter
        .iter()
        .map(|(k, v)| (k.clone(), rewrite_value(v, rewrite)))
        .collect();
    n.path = rewrite_path(&src.path);
    n.stem = n
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&n.path)
        .trim_end_matches(".md")
        .to_string();
    n
}

/// People's names (and aliases) → their published form.
struct NameMap {
    re: Option<Regex>,
    to: HashMap<String, String>,
}

const ADJECTIVES: &[&str] = &[
    "Amber", "Azure", "Bold", "Brisk", "Calm", "Cedar", "Clever", "Coral", "Crimson", "Dapper",
    "Eager", "Ember", "Fair", "Fern", "Gentle", "Golden", "Hazel", "Honest", "Indigo", "Ivory",
    "Jade", "Jolly", "Keen", "Kind", "Lively", "Lucky", "Maple", "Merry", "Misty", "Noble",
    "Olive", "Onyx", "Pearl", "Plucky", "Quick", "Quiet", "Rapid", "Rosy", "Ruby", "Rustic",
    "Sable", "Sage", "Scarlet", "Silver", "Sly", "Solar", "Steady", "Stormy", "Sunny", "Swift",
    "Tawny", "Teal", "Tidy", "Umber", "Valiant", "Velvet", "Vivid", "Warm", "Wily", "Windy",
    "Witty", "Young", "Zesty", "Zinc",
];
const ANIMALS: &[&str] = &[
    "Albatross",
    "Antelope",
    "Badger",
    "Beaver",
    "Bison",
    "Bobcat",
    "Caribou",
    "Cheetah",
    "Condor",
    "Cougar",
    "Crane",
    "Dolphin",
    "Eagle",
    "Egret",
    "Falcon",
    "Ferret",
    "Finch",
    "Fox",
    "Gazelle",
    "Gecko",
    "Heron",
    "Ibis",
    "Jackal",
    "Jaguar",
    "Kestrel",
    "Koala",
    "Lemur",
    "Leopard",
    "Lynx",
    "Magpie",
    "Marten",
    "Meerkat",
    "Mole",
    "Moose",
    "Narwhal",
    "Newt",
    "Ocelot",
    "Osprey",
    "Otter",
    "Owl",
    "Panda",
    "Panther",
    "Pelican",
    "Puffin",
    "Quail",
    "Rabbit",
    "Raven",
    "Robin",
    "Salmon",
    "Seal",
    "Shrike",
    "Sparrow",
    "Stoat",
    "Swan",
    "Tapir",
    "Tern",
    "Tiger",
    "Toucan",
    "Turtle",
    "Vole",
    "Walrus",
    "Weasel",
    "Wombat",
    "Wren",
];

/// A pseudonym for `name`: keyed by the secret salt, so it cannot be guessed
/// from the name, and the same in every build with the same salt.
pub fn pseudonym(salt: &str, name: &str, attempt: u32) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h.update(name.trim().to_lowercase().as_bytes());
    h.update(attempt.to_le_bytes());
    let d = h.finalize();
    let a = ADJECTIVES[d[0] as usize % ADJECTIVES.len()];
    let b = ANIMALS[d[1] as usize % ANIMALS.len()];
    format!("{a} {b}")
}

/// `Dana Reyes` → `D. R.`
pub fn initials(name: &str) -> String {
    let parts: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect();
    if parts.is_empty() {
        "?".into()
    } else {
        parts.join(" ")
    }
}

impl NameMap {
    fn new(site: &Site, p: &Profile) -> NameMap {
        if p.people == PeopleMode::Keep {
            return NameMap {
                re: None,
                to: HashMap::new(),
            };
        }
        let salt = p.pseudonym_salt.clone().unwrap_or_default();
        let mut names: Vec<&str> = site.people.iter().map(|x| x.name.as_str()).collect();
        names.sort();
        names.dedup();
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        let mut to: HashMap<String, String> = HashMap::new();
        for name in &names {
            let mut attempt = 0;
            let form = loop {
                let f = match p.people {
                    PeopleMode::Pseudonym => pseudonym(&salt, name, attempt),
                    _ => initials(name),
                };
                let n = used.entry(f.clone()).or_insert(0);
                *n += 1;
                if *n == 1 {
                    break f;
                }
                if p.people == PeopleMode::Initials {
                    break format!("{f} ({n})");
                }
                attempt += 1;
                if attempt > 64 {
                    break format!("{f} {attempt}");
                }
            };
            to.insert(name.to_string(), form);
        }
        // aliases: to their person's form; an alias several people share, to the redaction text
        let mut alias_owner: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for person in &site.people {
            for a in &person.aliases {
                alias_owner
                    .entry(a.trim().to_string())
                    .or_default()
                    .push(&person.name);
            }
        }
        for (alias, owners) in alias_owner {
            if alias.is_empty() || to.contains_key(&alias) {
                continue;
            }
            let form = if owners.len() == 1 {
                to.get(owners[0]).cloned()
            } else {
                None
            };
            to.insert(alias, form.unwrap_or_else(|| p.redact_with.clone()));
        }
        let mut keys: Vec<&String> = to.keys().filter(|k| !k.trim().is_empty()).collect();
        keys.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let pattern = keys
            .iter()
            .map(|k| regex::escape(k))
            .collect::<Vec<_>>()
            .join("|");
        let re = if pattern.is_empty() {
            None
        } else {
            Regex::new(&pattern).ok()
        };
        NameMap { re, to }
    }

    /// Replace every name: at a word start, and not followed by a lowercase
    /// letter (so `Sam` never matches inside `Samantha`, but a name fused onto
    /// a transcript turn, `Sam OkoroYes`, is found).
    fn apply(&self, s: &str) -> String {
        let Some(re) = &self.re else {
            return s.to_string();
        };
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        for m in re.find_iter(s) {
            let before = s[..m.start()].chars().next_back();
            let after = s[m.end()..].chars().next();
            if before.is_some_and(|c| c.is_alphanumeric())
                || after.is_some_and(|c| c.is_lowercase())
            {
                continue;
            }
            if let Some(rep) = self.to.get(m.as_str()) {
                out.push_str(&s[last..m.start()]);
                out.push_str(rep);
                last = m.end();
            }
        }
        out.push_str(&s[last..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_cut_with_their_subsections() {
        let body = "# T\n\n## Summary\nok\n\n## Open questions\n- secret?\n### Sub\nmore secret\n## Risks\nfine\n";
        let out = drop_sections(body, &["open questions".into()]);
        assert!(!out.contains("secret"));
        assert!(out.contains("## Risks\nfine"));
        assert_eq!(out.lines().count(), body.lines().count());
    }

    #[test]
    fn every_spelling_of_a_heading_is_cut() {
        let drop = ["Open questions".to_string()];
        for body in [
            "Open questions\n---\nsecret\n\nRisks\n===\nfine\n",
            "## Open questions ^q1\nsecret\n## Risks\nfine\n",
            "## Open questions #private\nsecret\n## Risks\nfine\n",
            "## Open questions\n\n    # code\n\nsecret\n<div>\n# html\n</div>\n\nsecret\n## Risks\nfine\n",
            "- ## Open questions\n  secret\n- fine\n",
        ] {
            let out = drop_sections(body, &drop);
            assert!(!out.contains("secret"), "{out}");
            assert!(out.contains("fine"), "{out}");
            assert_eq!(out.lines().count(), body.lines().count());
        }
    }

    #[test]
    fn a_section_in_a_callout_keeps_the_callout_whole() {
        let body = "> [!note] Notes\n> ## Open questions\n> secret\n> ## Risks\n> fine\n\nafter\n";
        let out = drop_sections(body, &["open questions".into()]);
        assert_eq!(out, "> [!note] Notes\n>\n>\n> ## Risks\n> fine\n\nafter\n");
        // the whole quote goes with its section, and the section ends with it
        let body = "> ## Open questions\n> secret\n\nafter\n";
        let out = drop_sections(body, &["open questions".into()]);
        assert_eq!(out, "\n\n\nafter\n");
    }

    #[test]
    fn pseudonyms_are_stable_and_keyed() {
        assert_eq!(
            pseudonym("s", "Dana Reyes", 0),
            pseudonym("s", "Dana Reyes", 0)
        );
        assert_eq!(
            pseudonym("s", "Dana Reyes", 0),
            pseudonym("s", "dana reyes", 0)
        );
        let differs = (0..20)
            .any(|i| pseudonym("s", &format!("P{i}"), 0) != pseudonym("t", &format!("P{i}"), 0));
        assert!(differs);
        assert_eq!(initials("Dana Reyes"), "D. R.");
        assert_eq!(initials("Eun-ji Kim"), "E. J. K.");
    }

    #[test]
    fn names_are_replaced_at_word_starts_and_when_fused() {
        let m = NameMap {
            re: Regex::new("Sam Okoro|Sam").ok(),
            to: [
                ("Sam Okoro".to_string(), "X Y".to_string()),
                ("Sam".to_string(), "X Y".to_string()),
            ]
            .into_iter()
            .collect(),
        };
        assert_eq!(
            m.apply("Sam OkoroYes and Samantha, Sam's"),
            "X YYes and Samantha, X Y's"
        );
        assert_eq!(m.apply("[[Sam Okoro]] @Sam Okoro"), "[[X Y]] @X Y");
    }
}
