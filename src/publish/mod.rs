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
//! 2. **Redaction** ([`redact`]) rewrites the *source text* of the notes that
//!    go out: dropped frontmatter fields, transcripts and sections are cut,
//!    links to removed notes become their shown words, `redact` patterns are
//!    replaced, and people become initials or pseudonyms *by identity*
//!    ([`names`]): every spelling that resolved to them, found however it is
//!    written ([`fold`]) — in the body, every frontmatter key and value,
//!    captions, link destinations, file paths and the `speakers` map. Every
//!    note and attachment gets a published path of its own; links follow
//!    their target, not their spelling.
//! 3. The redacted notes are **resolved again** from scratch, with the removed
//!    notes' names known, so that links to them render as plain text. Every
//!    page, list, backlink, person, series, tag and copied attachment is
//!    derived from that second resolution: nothing removed can reach it.
//!
//!    Canvases and bases are not redacted, so they never go out under a
//!    profile: links to them show their words (`board-unpublished`).
//!
//! 4. What the profile promised to remove is listed ([`guard::Promise`]) for
//!    the **leak guard**, which searches every output file before the site is
//!    swapped in.
//!
//! `%%comments%%` never reach this stage: the load stage removes them.

pub mod fold;
pub mod guard;
pub mod names;
pub mod redact;
pub mod select;
pub mod words;

use crate::config::{Config, PeopleMode, Profile};
use crate::diagnostics::Diagnostic;
use crate::load::Vault;
use crate::model::{Site, Target};
use crate::resolve::{self, RemovedNames, note_aliases};
use fold::Mode;
use globset::GlobSet;
use guard::Promise;
use names::Names;
use rayon::prelude::*;
use redact::{Context, LinkMap, Paths, Rewriter};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use names::{initials, pseudonym};

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
    promises: Vec<Promise>,
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

    /// What the profile promised no output file holds (empty without a
    /// profile, or with `leak_guard = false`).
    pub fn promises(&self) -> &[Promise] {
        &self.promises
    }

    /// Give note `note` a new body and plain text (a
    /// [`resolve::text_edit`] of it), as publishing the edited vault would:
    /// only without a profile, whose redaction would have to see the text
    /// first. False (and nothing changed) under a profile.
    pub fn patch_text(&mut self, note: usize, edit: resolve::TextEdit) -> bool {
        if self.profile.is_some() {
            return false;
        }
        let store = self.site.store.clone();
        let Some(n) = self.site.notes.get_mut(note) else {
            return false;
        };
        let was_stored = n.stored.is_some();
        n.body = edit.body;
        n.text = edit.text;
        n.stored = None;
        if was_stored {
            n.spill(&store);
        }
        true
    }

    /// Apply a [`resolve::local_edit`] of one note, as publishing the
    /// edited vault would (see [`Published::patch_text`]); what it changes
    /// is kept in `before` as it was. False (and nothing changed) under a
    /// profile.
    pub fn patch_local(&mut self, edit: resolve::LocalEdit, before: &mut resolve::Before) -> bool {
        if self.profile.is_some() {
            return false;
        }
        edit.apply(&mut self.site, before);
        true
    }
}

/// The `speakers` maps (site.toml and notes): their device labels,
/// lower-cased (a label is a microphone, not a spelling of someone's name),
/// and the names they map to.
fn speakers(site: &Site, cfg: &Config) -> (BTreeSet<String>, Vec<String>) {
    let mut devices: BTreeSet<String> = cfg.speakers.keys().map(|k| k.to_lowercase()).collect();
    let mut names: Vec<String> = cfg.speakers.values().cloned().collect();
    for n in &site.notes {
        if let Some(Value::Object(m)) = n.frontmatter.get("speakers") {
            devices.extend(m.keys().map(|k| k.to_lowercase()));
            for v in m.values() {
                if let Value::String(v) = v {
                    let name = crate::parse::obsidian::wikilinks_in(v)
                        .first()
                        .map(|l| crate::parse::obsidian::LinkTarget::parse(&l.target).path)
                        .unwrap_or_else(|| v.trim().to_string());
                    names.push(name);
                }
            }
        }
    }
    (devices, names)
}

/// `Clients/logo.png` → `Clients/logo (2).png`.
fn numbered(path: &str, n: usize) -> String {
    let (dir, file) = path.rsplit_once('/').map_or(("", path), |(d, f)| (d, f));
    let (stem, ext) = match file.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (file, String::new()),
    };
    let file = format!("{stem} ({n}){ext}");
    if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    }
}

/// A published path for every note that goes out and every attachment, each
/// its own: paths that rewrite alike (in any case) are numbered, those that
/// did not change first. Gives the map and the vault paths that were numbered.
fn published_paths(items: &[&str], rw: &Rewriter) -> (HashMap<String, String>, BTreeSet<String>) {
    let rewritten: Vec<String> = items.par_iter().map(|p| rw.path(p)).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (rewritten[i] != items[i], i));
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut map = HashMap::new();
    let mut moved = BTreeSet::new();
    for i in order {
        let mut p = rewritten[i].clone();
        let mut n = 2;
        while !taken.insert(p.to_lowercase()) {
            p = numbered(&rewritten[i], n);
            n += 1;
        }
        if p != rewritten[i] {
            moved.insert(items[i].to_string());
        }
        map.insert(items[i].to_string(), p);
    }
    (map, moved)
}

/// How many windows of cut text a note gives the leak guard at most: a leak
/// of dropped text is a leak of much of it, and a sample finds it at a
/// fraction of the cost.
const CUT_SAMPLES: usize = 24;

/// A window of at most `n` words from the middle of a folded text.
fn middle_words(folded: &str, n: usize) -> String {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let start = words.len().saturating_sub(n) / 2;
    words[start..words.len().min(start + n)].join(" ")
}

/// Removed notes' names and titles, and cut text, that no published source
/// writes itself (a published note may write a removed note's name as plain
/// words, or say again what a dropped section said: that is not a leak).
fn unwritten(
    candidates: Vec<Promise>,
    published: &[crate::load::SourceNote],
    store: &crate::store::Store,
) -> Vec<Promise> {
    let keys: Vec<String> = candidates
        .iter()
        .map(|c| fold::key(&c.text, Mode::OUTPUT))
        .collect();
    let Some(ac) = guard::automaton(&keys) else {
        return Vec::new();
    };
    // a word filter first: most sources hold none of the candidates, and
    // walking the automaton over every byte was most of a profile build
    let filter = words::Words::new(&keys);
    let written: BTreeSet<usize> = published
        .par_iter()
        .flat_map_iter(|n| {
            let fm = serde_json::to_string(&n.frontmatter).unwrap_or_default();
            let caps = n.captions.as_ref().map(|c| c.1.as_str()).unwrap_or("");
            let text = format!("{}\n{fm}\n{}\n{caps}", n.path, n.text(store));
            if !filter.may_hold(&text, Mode::OUTPUT) {
                return Vec::new();
            }
            guard::occurrences(&ac, &text)
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        })
        .collect();
    candidates
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !written.contains(i))
        .map(|(_, c)| c)
        .collect()
}

/// A name worth guarding: two words or more, six letters or more (a removed
/// note called `Budget` or `2025-01-17` names too much else).
fn distinctive(s: &str) -> bool {
    let k = fold::key(s, Mode::OUTPUT);
    k.split(' ').filter(|w| !w.is_empty()).count() >= 2
        && k.chars().filter(|c| c.is_alphabetic()).count() >= 6
}

/// Run the publish stage.
pub fn publish(site: Site, vault: &Vault, cfg: &Config) -> Published {
    let Some((name, profile)) = &cfg.profile else {
        return Published {
            site,
            profile: None,
            decisions: Vec::new(),
            sources: HashMap::new(),
            promises: Vec::new(),
        };
    };
    let include = crate::load::ignore_set(&profile.include_paths);
    let exclude = crate::load::ignore_set(&profile.exclude_paths);
    let decisions = decide(&site, vault, profile, &include, &exclude);
    let (devices, mapped) = speakers(&site, cfg);
    let rw = Rewriter::new(profile, Names::new(&site, profile, &devices, &mapped));
    let mut removed = removed_notes(&site, vault, &decisions, &rw);
    let shared = removed.attachments(vault, &exclude);

    // a published path for every note that goes out and every attachment
    let items: Vec<&str> = vault
        .notes
        .iter()
        .zip(&decisions)
        .filter(|(_, d)| d.published)
        .map(|(n, _)| n.path.as_str())
        .chain(shared.iter().copied())
        .collect();
    let (published, moved) = published_paths(&items, &rw);
    let cx = Context {
        profile,
        rewriter: &rw,
        paths: Paths {
            removed_names: &removed.names,
            removed: &removed.paths,
            published: &published,
            moved: &moved,
        },
        text: &vault.text,
        store: &vault.store,
    };
    let redacted = redact_notes(&site, vault, &decisions, &cx);
    let relinked = relinked(&site, vault, &decisions, &cx);
    let kept = sample_cuts(redacted, &mut removed.candidates);
    let (attachments, sources) = published_attachments(&shared, &published);
    let mut diagnostics = load_diagnostics(vault, &decisions, &published, &rw);
    diagnostics.extend(relinked);
    diagnostics.extend(vault.boards.iter().map(|(path, _)| {
        Diagnostic::warning(
            "board-unpublished",
            rw.path(path),
            0,
            "canvases and bases are not published under a profile (their text is not redacted); links to this one show their words",
        )
    }));
    let v2 = Vault {
        root: vault.root.clone(),
        notes: kept,
        attachments,
        boards: Vec::new(),
        diagnostics,
        // the published copies' text waits in the store
        text: vault.store.clone(),
        store: vault.store.clone(),
    };
    // the speakers map names people too: its names are rewritten like the text
    let mut cfg2 = cfg.clone();
    cfg2.speakers = cfg
        .speakers
        .iter()
        .map(|(k, v)| (rw.text(k), rw.text(v)))
        .collect::<BTreeMap<_, _>>();
    let published_site = resolve::resolve_with(&v2, &cfg2, &removed.names);
    let promises = if profile.leak_guard {
        promises(
            profile,
            &site,
            &published_site,
            &v2,
            &rw,
            removed.candidates,
        )
    } else {
        Vec::new()
    };
    Published {
        site: published_site,
        profile: Some(name.clone()),
        decisions,
        sources,
        promises,
    }
}

/// For every note, whether it goes out and why not.
fn decide(
    site: &Site,
    vault: &Vault,
    profile: &Profile,
    include: &GlobSet,
    exclude: &GlobSet,
) -> Vec<Decision> {
    site.notes
        .iter()
        .zip(&vault.notes)
        .map(|(n, src)| {
            let verdict = select::decide(n, src, profile, include, exclude);
            Decision {
                source: src.path.clone(),
                published: verdict.is_ok(),
                reason: verdict.err().unwrap_or_default(),
            }
        })
        .collect()
}

/// What a profile removes: notes and attachments by name (for links), by
/// vault path, and the names the leak guard may look for.
struct Removed {
    names: RemovedNames,
    paths: BTreeSet<String>,
    candidates: Vec<Promise>,
}

/// The notes that do not go out: their names (as written and as
/// rewritten) and paths; their distinctive names and titles for the guard.
fn removed_notes(site: &Site, vault: &Vault, decisions: &[Decision], rw: &Rewriter) -> Removed {
    let mut removed = Removed {
        names: RemovedNames::default(),
        paths: BTreeSet::new(),
        candidates: Vec::new(),
    };
    for ((src, n), d) in vault.notes.iter().zip(&site.notes).zip(decisions) {
        if d.published {
            continue;
        }
        let aliases = note_aliases(&src.frontmatter);
        removed.names.add(&src.path, &aliases);
        let rewritten: Vec<String> = aliases.iter().map(|a| rw.text(a)).collect();
        removed.names.add(&rw.path(&src.path), &rewritten);
        removed.paths.insert(src.path.clone());
        for text in std::iter::once(&src.stem).chain(&aliases).chain([&n.title]) {
            if distinctive(text) {
                removed.candidates.push(Promise {
                    text: text.clone(),
                    what: "the name or title of a removed note",
                });
            }
        }
    }
    removed
}

impl Removed {
    /// The attachments that go out; those `exclude_paths` names go nowhere
    /// (they are removed: links to them show their words).
    fn attachments<'v>(&mut self, vault: &'v Vault, exclude: &GlobSet) -> Vec<&'v str> {
        vault
            .attachments
            .iter()
            .filter(|a| {
                // canvases and bases are not redacted: they never go out
                if exclude.is_match(a.as_str()) || crate::load::is_board(a) {
                    self.names.add(a, &[]);
                    self.paths.insert(a.to_string());
                    false
                } else {
                    true
                }
            })
            .map(String::as_str)
            .collect()
    }
}

/// The notes that go out, redacted (in parallel), with what was cut.
fn redact_notes(
    site: &Site,
    vault: &Vault,
    decisions: &[Decision],
    cx: &Context,
) -> Vec<(crate::load::SourceNote, redact::Cut)> {
    let site_paths = |t: &Target| match t {
        Target::Note { note, .. } => site.notes.get(*note).map(|n| n.path.clone()),
        Target::Attachment(a) => site.attachments.get(*a).map(|x| x.path.clone()),
        _ => None,
    };
    vault
        .notes
        .par_iter()
        .zip(&site.notes)
        .zip(decisions)
        .filter(|(_, d)| d.published)
        .map(|((src, n), _)| {
            let links = LinkMap::of(n, &site_paths);
            let to = cx
                .paths
                .published
                .get(&src.path)
                .cloned()
                .unwrap_or_default();
            redact::redact_note(src, &links, cx, &to)
        })
        .collect()
}

/// Links to removed notes become plain text in the source: say where.
fn relinked(site: &Site, vault: &Vault, decisions: &[Decision], cx: &Context) -> Vec<Diagnostic> {
    let mut relinked: Vec<Diagnostic> = Vec::new();
    for ((src, n), d) in vault.notes.iter().zip(&site.notes).zip(decisions) {
        if !d.published {
            continue;
        }
        let file = cx
            .paths
            .published
            .get(&src.path)
            .cloned()
            .unwrap_or_default();
        for l in &n.links {
            let gone = match &l.resolved_path {
                Some(p) => cx.paths.removed.contains(p),
                None => cx
                    .paths
                    .removed_names
                    .contains(&crate::parse::obsidian::LinkTarget::parse(&l.target).path),
            };
            if gone {
                relinked.push(
                    Diagnostic::warning(
                        "links-to-removed",
                        &file,
                        l.line,
                        format!(
                            "[[{}]] links to a note the publish profile removes; it is shown as plain text",
                            cx.rewriter.text(&l.target)
                        ),
                    )
                    .at_col(l.col),
                );
            }
        }
    }
    relinked
}

/// The redacted notes in path order; up to [`CUT_SAMPLES`] windows a note,
/// spread over what was cut, go to the guard's `candidates`.
fn sample_cuts(
    redacted: Vec<(crate::load::SourceNote, redact::Cut)>,
    candidates: &mut Vec<Promise>,
) -> Vec<crate::load::SourceNote> {
    let mut kept = Vec::with_capacity(redacted.len());
    for (n, cut) in redacted {
        let windows: Vec<String> = cut
            .texts
            .iter()
            .map(|t| middle_words(&fold::key(t, Mode::OUTPUT), 8))
            .filter(|w| w.split(' ').count() >= 4 && w.len() >= 16)
            .collect();
        let step = windows.len().div_ceil(CUT_SAMPLES).max(1);
        candidates.extend(windows.into_iter().step_by(step).map(|w| Promise {
            text: w,
            what: "text of a dropped field, section or transcript",
        }));
        kept.push(n);
    }
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    kept
}

/// The attachments that go out under their published paths, sorted, and
/// the vault path each is copied from.
fn published_attachments(
    shared: &[&str],
    published: &HashMap<String, String>,
) -> (Vec<String>, HashMap<String, String>) {
    let mut sources = HashMap::new();
    let mut attachments: Vec<String> = shared
        .iter()
        .map(|a| {
            let p = published.get(*a).cloned().unwrap_or_else(|| a.to_string());
            sources.insert(p.clone(), a.to_string());
            p
        })
        .collect();
    attachments.sort();
    (attachments, sources)
}

/// What loading said about notes that go out (under their published path),
/// and about files that are not notes, rewritten.
fn load_diagnostics(
    vault: &Vault,
    decisions: &[Decision],
    published: &HashMap<String, String>,
    rw: &Rewriter,
) -> Vec<Diagnostic> {
    let kept_paths: std::collections::HashSet<&str> = decisions
        .iter()
        .filter(|d| d.published)
        .map(|d| d.source.as_str())
        .collect();
    vault
        .diagnostics
        .iter()
        .filter(|d| {
            kept_paths.contains(d.file.as_str()) || !vault.notes.iter().any(|n| n.path == d.file)
        })
        .map(|d| Diagnostic {
            file: published
                .get(&d.file)
                .cloned()
                .unwrap_or_else(|| rw.path(&d.file)),
            message: rw.text(&d.message),
            ..d.clone()
        })
        .collect()
}

/// What the leak guard searches the output for: the real names of renamed
/// people (or, keeping names, people only removed notes name), text redact
/// patterns matched, and the `candidates` no published source writes itself.
fn promises(
    profile: &Profile,
    site: &Site,
    published_site: &Site,
    v2: &Vault,
    rw: &Rewriter,
    mut candidates: Vec<Promise>,
) -> Vec<Promise> {
    let mut promises = Vec::new();
    if profile.people != PeopleMode::Keep {
        promises.extend(rw.names().needles().map(|k| Promise {
            text: k.to_string(),
            what: "the real name of a person the profile renames",
        }));
    } else {
        // people only removed notes knew
        let known: BTreeSet<String> = published_site
            .people
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
            .map(|n| fold::key(n, Mode::OUTPUT))
            .collect();
        for p in &site.people {
            if !known.contains(&fold::key(&p.name, Mode::OUTPUT)) && distinctive(&p.name) {
                candidates.push(Promise {
                    text: p.name.clone(),
                    what: "a person only removed notes name",
                });
            }
        }
    }
    promises.extend(rw.matched().into_iter().map(|text| Promise {
        text,
        what: "text a redact pattern matched",
    }));
    promises.extend(unwritten(candidates, &v2.notes, &v2.text));
    promises.sort();
    promises.dedup();
    promises
}
