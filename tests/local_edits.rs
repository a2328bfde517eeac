//! `serve`'s local edits (`resolve::local_edit`) against a full resolve:
//! edits of the kinds people make while writing (a word, a paragraph, a
//! line taken out, an action item added, a due date moved, a link added
//! or sent elsewhere), at many places in the notes of a generated vault,
//! defects included. Each edit the patch takes must leave the site a full
//! resolve of the edited vault gives, and the pages serve renders again
//! after it (`serve::affected::pages_after_edits`) must hold every page
//! whose bytes a fresh build changes.

mod common;

use minutebook::config::Config;
use minutebook::render::{OutFile, Renderer, theme::Theme};
use minutebook::{load, publish, resolve};
use std::collections::BTreeMap;

/// Rendered files by path.
fn by_path(files: Vec<OutFile>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|OutFile { path, bytes }| (path, bytes))
        .collect()
}

/// Every page of the site of `vault`, resolved as `site`, by path.
fn pages(
    site: minutebook::model::Site,
    vault: &load::Vault,
    cfg: &Config,
    theme: &Theme,
) -> (
    BTreeMap<String, Vec<u8>>,
    [minutebook::render::LogLayout; 3],
) {
    let published = publish::publish(site, vault, cfg);
    let r = Renderer::new(&published, cfg, theme);
    let files = r.render_all().unwrap();
    let layouts = r.log_layouts();
    (by_path(files), layouts)
}

/// What serve does after local edits left `published`: the pages `pick`
/// picks, rendered. Gives the pages that differ between `old` and `new`
/// (a fresh build) that it did not render, and those it rendered unlike
/// the fresh build: none and none, when the pick is right.
fn missed(
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
    pick: &minutebook::render::Pick,
    published: &publish::Published,
    cfg: &Config,
    theme: &Theme,
) -> (Vec<String>, Vec<String>) {
    let memory = minutebook::render::Memory::default();
    Renderer::new(published, cfg, theme)
        .render_some(&memory, pick)
        .unwrap();
    let rendered = by_path(memory.into_sorted());
    let paths: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let left_out = paths
        .into_iter()
        .filter(|p| old.get(*p) != new.get(*p) && !rendered.contains_key(*p))
        .cloned()
        .collect();
    let unlike = rendered
        .iter()
        .filter(|(p, bytes)| new.get(*p) != Some(*bytes))
        .map(|(p, _)| p.clone())
        .collect();
    (left_out, unlike)
}

/// The vault's notes and the paths of its other files.
fn read(dir: &std::path::Path) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let (mut notes, mut other) = (Vec::new(), Vec::new());
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.split('/').any(|c| c.starts_with('.')) {
            continue;
        }
        if rel.ends_with(".md") {
            notes.push((rel, std::fs::read(e.path()).unwrap()));
        } else {
            other.push(rel);
        }
    }
    (notes, other)
}

/// Edit `kind` of `text` at about line `at` (of `lines`); `other` is the
/// name of another note.
fn edited(text: &str, kind: usize, at: usize, other: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let k = at % lines.len();
    match kind {
        0 => lines[k].push_str(" and then some"),
        1 => {
            lines.insert(k, String::new());
            lines.insert(k, "A paragraph typed in between.".to_string());
        }
        2 => {
            lines.remove(k);
        }
        3 => {
            lines.push("- [ ] Follow up on the minutes 📅 2031-02-03".to_string());
        }
        5 => {
            lines.insert(k, String::new());
            lines.insert(k, format!("As [[{other}]] said."));
        }
        6 => {
            // the first wikilink of the body (at or after the line) to the
            // other note
            let body = lines
                .iter()
                .skip(1)
                .position(|l| l == "---")
                .map_or(0, |e| e + 2);
            if let Some(l) = (k.max(body)..lines.len())
                .chain(body..k.max(body))
                .find(|&l| lines[l].contains("[[") && !lines[l].contains("![["))
            {
                let line = &lines[l];
                let a = line.find("[[").unwrap();
                if let Some(b) = line[a..].find("]]") {
                    lines[l] = format!("{}[[{other}]]{}", &line[..a], &line[a + b + 2..]);
                }
            }
        }
        _ => {
            // the first due date (at or after the line) a decade later
            if let Some(l) = (k..lines.len())
                .chain(0..k)
                .find(|&l| lines[l].contains("📅 20"))
            {
                lines[l] = lines[l].replacen("📅 20", "📅 21", 1);
            }
        }
    }
    lines.join("\n")
}

/// The edits run on a generated vault of 40 notes; on another vault (a
/// real archive, by hand) when `MINUTEBOOK_LOCAL_EDITS_VAULT` names it,
/// editing every `MINUTEBOOK_LOCAL_EDITS_EVERY`th note (default 1).
#[test]
fn local_edits_of_generated_notes_resolve_as_the_whole_vault_does() {
    let every: usize = std::env::var("MINUTEBOOK_LOCAL_EDITS_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    let generated;
    let dir = match std::env::var_os("MINUTEBOOK_LOCAL_EDITS_VAULT") {
        Some(v) => std::path::PathBuf::from(v),
        None => {
            generated = match common::gen_vault(&["--notes", "40", "--seed", "11"]) {
                Some(g) => g,
                None => return,
            };
            generated.path()
        }
    };
    let (notes, atts) = read(&dir);
    let cfg = Config {
        progress: false,
        ..Config::default()
    };
    let base = load::from_memory(&cfg, &notes, &atts);
    let theme = Theme::load(&cfg).unwrap();
    let (before, layouts) = pages(resolve::resolve(&base, &cfg), &base, &cfg, &theme);
    let (mut local, mut tried) = ([0; 7], [0; 7]);
    // the notes a link may go to: meetings (a link to a person's note
    // makes them mentioned there)
    let mut meetings: Vec<&String> = notes
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.starts_with("Meetings/"))
        .collect();
    if meetings.is_empty() {
        meetings = notes.iter().map(|(p, _)| p).collect();
    }
    let mut seed: usize = 7;
    for (n, (path, bytes)) in notes.iter().enumerate().step_by(every) {
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        let i = base.notes.iter().position(|x| &x.path == path);
        let Some(i) = i else { continue };
        for kind in 0..7 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let other = meetings[(seed >> 40) % meetings.len()];
            let other = other.rsplit('/').next().unwrap().trim_end_matches(".md");
            let after = edited(text, kind, (seed >> 33) + n, other);
            let mut changed = notes.clone();
            changed[n].1 = after.into_bytes();
            let new = load::from_memory(&cfg, &changed, &atts);
            // what loading says of a file only a load says again (serve
            // rebuilds such a note in full)
            let loading = |v: &load::Vault| v.diagnostics.iter().any(|d| &d.file == path);
            if loading(&base) || loading(&new) {
                continue;
            }
            let mut site = resolve::resolve(&base, &cfg);
            tried[kind] += 1;
            let Some(edit) =
                resolve::local_edit(&site, &base.notes, i, &new.notes[i], &cfg, &base.store)
            else {
                continue;
            };
            local[kind] += 1;
            let mut was = resolve::Before::default();
            edit.apply(&mut site, &mut was);
            let fresh = resolve::resolve(&new, &cfg);
            if let Err(e) = resolve::alike(&site, &fresh) {
                panic!("edit {kind} of {path} patched unlike a full resolve: {e}");
            }
            // the pages serve renders again hold every page that changed
            let mut pick = minutebook::serve::affected::pages_after_edits(&site, &was);
            let (after, now) = pages(fresh, &new, &cfg, &theme);
            if pick.logs.contains(&true) && now != layouts {
                // serve renders them all then
                pick.people.fill(true);
                pick.series.fill(true);
            }
            let published = publish::publish(site, &new, &cfg);
            let (left_out, unlike) = missed(&before, &after, &pick, &published, &cfg, &theme);
            assert!(
                left_out.is_empty() && unlike.is_empty(),
                "edit {kind} of {path}: pages changed but not rendered again: {left_out:?}; rendered unlike a build: {unlike:?}"
            );
        }
    }
    eprintln!("local edits of each kind: {local:?} of {tried:?}");
    if std::env::var_os("MINUTEBOOK_LOCAL_EDITS_VAULT").is_some() {
        return;
    }
    // most such edits stay local: the patch is what serve does
    let (l, t): (usize, usize) = (local.iter().sum(), tried.iter().sum());
    assert!(l * 2 > t, "{l} of {t} edits were local");
    // a link to another note added, or sent to one, too
    for kind in [5, 6] {
        assert!(
            local[kind] * 2 > tried[kind],
            "kind {kind}: {local:?} of {tried:?}"
        );
    }
}
