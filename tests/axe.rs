//! axe-core in headless Chromium: every page type of content-example and of
//! a 1,000-note gen-vault vault, in light and dark colour schemes, at 1280
//! and 390 px, has no accessibility violation of any impact.
//!
//! axe-core comes from npm (`.ci/run` installs it with `npm install --prefix
//! target/axe axe-core@4`); the test reads `$MINUTEBOOK_AXE` (the path of
//! `axe.min.js`) or `target/axe/node_modules/axe-core/axe.min.js`. Outside
//! CI a missing axe skips the test; in CI it fails. One browser session is
//! reused for every page; each page is opened once and checked in the four
//! combinations of scheme and width. To check another page type, add a row
//! to [`pages`].

mod common;
use common::webdriver::{Driver, chromedriver};
use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The source of axe.min.js, or None (and a message) outside CI.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("MINUTEBOOK_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/axe/node_modules/axe-core/axe.min.js"));
    if let Ok(s) = std::fs::read_to_string(&path) {
        return Some(s);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install axe-core (see .ci/run): no {}",
        path.display()
    );
    eprintln!(
        "skipping: no axe-core at {} (npm install --prefix target/axe axe-core@4, or set MINUTEBOOK_AXE)",
        path.display()
    );
    None
}

/// Something to do on a page before it is checked.
#[derive(Clone, Copy)]
enum Setup {
    /// Nothing: the page as it opens.
    None,
    /// Open the transcript (`details.transcript`).
    OpenTranscript,
    /// Wait for search results on a `search/?q=` page.
    SearchResults,
    /// Type into the header's search box and wait for its list of results.
    HeaderSearch(&'static str),
}

/// A page to check: its name, its URL in the site (`""` is the home
/// page), and what to do first.
struct Page {
    name: &'static str,
    url: String,
    setup: Setup,
}

fn page(name: &'static str, url: &str, setup: Setup) -> Page {
    Page {
        name,
        url: url.to_string(),
        setup,
    }
}

/// The largest `index.html` under `dir` of the site `out` whose text holds
/// `needle`, as a page URL (`series/team/sync/`).
fn largest(out: &Path, dir: &str, needle: &str) -> String {
    let mut best: Option<(u64, String)> = None;
    for e in walkdir::WalkDir::new(out.join(dir)) {
        let e = e.unwrap();
        if e.file_name() != "index.html" {
            continue;
        }
        let rel = e.path().strip_prefix(out).unwrap().parent().unwrap();
        let url = format!("{}/", rel.to_string_lossy());
        if url.matches('/').count() < 2 || url.contains("/page/") {
            continue;
        }
        let len = e.metadata().unwrap().len();
        if best.as_ref().is_some_and(|(l, _)| *l >= len) {
            continue;
        }
        if std::fs::read_to_string(e.path()).unwrap().contains(needle) {
            best = Some((len, url));
        }
    }
    best.unwrap_or_else(|| panic!("no page under {dir} holds {needle}"))
        .1
}

/// The pages of a built site to check, a row a page type.
fn pages(out: &Path, meeting: &str, query: &'static str) -> Vec<Page> {
    let person = largest(out, "people", "person-page");
    let series = largest(out, "series", "series-page");
    let tag = largest(out, "tags", "page tag");
    let year = largest(out, "archive", "archive-list");
    vec![
        page("home", "", Setup::None),
        page("home, header search open", "", Setup::HeaderSearch(query)),
        page("meeting, transcript closed", meeting, Setup::None),
        page("meeting, transcript open", meeting, Setup::OpenTranscript),
        page("person", &person, Setup::None),
        page("people", "people/", Setup::None),
        page("series", &series, Setup::None),
        page("series index", "series/", Setup::None),
        page("tag", &tag, Setup::None),
        page("tags", "tags/", Setup::None),
        page("archive", "archive/", Setup::None),
        page("archive year", &year, Setup::None),
        page(
            "search",
            &format!("search/?q={query}"),
            Setup::SearchResults,
        ),
        page("actions", "actions/", Setup::None),
        page("decision log", "decisions/", Setup::None),
        page("open questions", "open-questions/", Setup::None),
        page("risks", "risks/", Setup::None),
    ]
}

/// The `file://` URL of page `url` of the site at `out`.
fn file_url(out: &Path, url: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut u = format!("file://{}/{path}index.html", out.display());
    if !query.is_empty() {
        u.push('?');
        u.push_str(query);
    }
    u
}

/// Poll `script` until it returns something truthy, for `secs` at most.
fn wait_for(dr: &Driver, script: &str, secs: u64) -> Value {
    let t = Instant::now();
    loop {
        let v = dr.js(script);
        if !(v.is_null() || v == json!(false) || v == json!("")) {
            return v;
        }
        assert!(
            t.elapsed() < Duration::from_secs(secs),
            "timed out: {script}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn set_scheme(dr: &Driver, scheme: &str) {
    dr.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
    );
}

fn set_width(dr: &Driver, width: u32) {
    dr.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}),
    );
}

/// Run axe on the open page: its violations, a line each (id, impact,
/// the elements and what is wrong).
fn axe_violations(dr: &Driver) -> Vec<String> {
    dr.js("window.__axe = null; axe.run(document, {resultTypes: ['violations']}).then(function (r) { window.__axe = JSON.stringify(r.violations.map(function (v) { return {id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 12).map(function (n) { return n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' '); }), count: v.nodes.length}; })); }, function (e) { window.__axe = JSON.stringify([{id: 'axe-error', impact: 'critical', nodes: [String(e)], count: 1}]); }); return null;");
    let v = wait_for(dr, "return window.__axe;", 240);
    let list: Vec<Value> = serde_json::from_str(v.as_str().unwrap()).unwrap();
    list.iter()
        .map(|v| {
            format!(
                "{} ({}, {} elements): {}",
                v["id"].as_str().unwrap_or(""),
                v["impact"].as_str().unwrap_or(""),
                v["count"],
                v["nodes"]
                    .as_array()
                    .map(|n| n
                        .iter()
                        .map(|x| x.as_str().unwrap_or("").to_string())
                        .collect::<Vec<_>>()
                        .join(" | "))
                    .unwrap_or_default()
            )
        })
        .collect()
}

/// Open `p`, do its setup, and check it in both schemes at both widths;
/// the violations found, a line each, naming the page.
fn check_page(dr: &Driver, axe: &str, site: &str, out: &Path, p: &Page) -> Vec<String> {
    let mut found = Vec::new();
    set_width(dr, 1280);
    set_scheme(dr, "light");
    dr.open(&file_url(out, &p.url));
    match p.setup {
        Setup::None => {}
        Setup::OpenTranscript => {
            dr.js("var d = document.querySelector('details.transcript'); if (d) d.open = true; return null;");
        }
        Setup::SearchResults => {
            wait_for(
                dr,
                "return document.querySelectorAll('#mb-results > li').length;",
                60,
            );
        }
        Setup::HeaderSearch(q) => {
            dr.type_into("input[data-mb-search]", q);
            wait_for(
                dr,
                "var l = document.querySelector('[role=listbox]'); return l && !l.hidden && l.querySelectorAll('[role=option]').length;",
                60,
            );
        }
    }
    dr.js(&format!("{axe}\n;return null;"));
    for width in [1280, 390] {
        set_width(dr, width);
        for scheme in ["light", "dark"] {
            set_scheme(dr, scheme);
            for v in axe_violations(dr) {
                found.push(format!("{site} · {} · {scheme} · {width}px · {v}", p.name));
            }
        }
    }
    found
}

/// The first meeting page of the site with a transcript.
fn meeting_with_transcript(out: &Path, dir: &str) -> String {
    let mut urls: Vec<String> = walkdir::WalkDir::new(out.join(dir))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() == "index.html")
        .filter(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .contains("details class=\"transcript")
        })
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().parent().unwrap();
            format!("{}/", rel.to_string_lossy())
        })
        .collect();
    urls.sort();
    urls.into_iter()
        .next()
        .unwrap_or_else(|| panic!("no meeting with a transcript under {dir}"))
}

#[test]
fn every_page_type_has_no_axe_violations_light_and_dark_wide_and_narrow() {
    let Some(axe) = axe_source() else { return };
    let Some(bin) = chromedriver() else { return };
    let Some(g) = gen_vault(&["--notes", "1000", "--seed", "7", "--no-defects"]) else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let example = d.path().join("example");
    let o = mb()
        .args(["build", "--out"])
        .arg(&example)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cwd = d.path().join("cwd");
    write(&cwd.join("site.toml"), "title = \"x\"\n");
    let big = d.path().join("big");
    build_in(&cwd, &g.path(), &big, &[]);

    let dr = Driver::start(&bin);
    let mut found = Vec::new();
    let sites = [
        (
            "content-example",
            &example,
            "meetings/1-1/dana-reyes/2025-09-16-dana-reyes/".to_string(),
            "pricing",
        ),
        (
            "gen-vault 1000",
            &big,
            meeting_with_transcript(&big, "meetings/1-1"),
            "budget",
        ),
    ];
    for (site, out, meeting, query) in &sites {
        for p in pages(out, meeting, query) {
            let t = Instant::now();
            found.extend(check_page(&dr, &axe, site, out, &p));
            eprintln!("{site} · {}: {:.1} s", p.name, t.elapsed().as_secs_f32());
        }
    }
    assert!(
        found.is_empty(),
        "{} axe violations:\n{}",
        found.len(),
        found.join("\n")
    );
}
