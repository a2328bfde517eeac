//! `serve`'s local edits (`resolve::local_edit`) against a full resolve:
//! edits of the kinds people make while writing (a word, a paragraph, a
//! line taken out, an action item added), at many places in the notes of
//! a generated vault, defects included. Each edit the patch takes must
//! leave the site a full resolve of the edited vault gives.

mod common;

use minutebook::config::Config;
use minutebook::{load, resolve};

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

/// Edit `kind` of `text` at about line `at` (of `lines`).
fn edited(text: &str, kind: usize, at: usize) -> String {
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
        _ => {
            lines.push("- [ ] Follow up on the minutes 📅 2031-02-03".to_string());
        }
    }
    lines.join("\n")
}

#[test]
fn local_edits_of_generated_notes_resolve_as_the_whole_vault_does() {
    let Some(g) = common::gen_vault(&["--notes", "40", "--seed", "11"]) else {
        return;
    };
    let (notes, atts) = read(&g.path());
    let cfg = Config {
        progress: false,
        ..Config::default()
    };
    let base = load::from_memory(&cfg, &notes, &atts);
    let (mut local, mut tried) = (0, 0);
    let mut seed: usize = 7;
    for (n, (path, bytes)) in notes.iter().enumerate() {
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        let i = base.notes.iter().position(|x| &x.path == path);
        let Some(i) = i else { continue };
        for kind in 0..4 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let after = edited(text, kind, (seed >> 33) + n);
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
            tried += 1;
            let Some(edit) =
                resolve::local_edit(&site, i, &base.notes[i], &new.notes[i], &cfg, &base.store)
            else {
                continue;
            };
            local += 1;
            edit.apply(&mut site, &mut resolve::Before::default());
            let fresh = resolve::resolve(&new, &cfg);
            if let Err(e) = resolve::alike(&site, &fresh) {
                panic!("edit {kind} of {path} patched unlike a full resolve: {e}");
            }
        }
    }
    eprintln!("{local} of {tried} edits were local");
    // most such edits stay local: the patch is what serve does
    assert!(local * 2 > tried, "{local} of {tried} edits were local");
}
