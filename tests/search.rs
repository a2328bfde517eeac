//! Search: the index holds every published note and turn, field boosts order
//! results, the files hold what the index holds, and the built site finds a
//! transcript turn in headless Chromium opened from disk (file://): on the
//! search page from `?q=` and by typing into the header box of a meeting
//! page (driven through chromedriver).

mod common;
use common::*;
use minutebook::config::Config;
use minutebook::search::{self, Index, MAX_POSTINGS, TextPipeline};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn pipeline(vault: &Path) -> minutebook::Outcome {
    let cfg = Config {
        root: vault.parent().unwrap().to_path_buf(),
        vault: vault.to_path_buf(),
        progress: false,
        ..Config::default()
    };
    minutebook::run(&cfg, &|_| {}).expect("pipeline runs")
}

/// The term shards as written: term → postings.
fn shards(files: &[minutebook::render::OutFile]) -> BTreeMap<String, Vec<search::FieldPostings>> {
    let mut out = BTreeMap::new();
    for f in files.iter().filter(|f| f.path.starts_with("search/idx/s/")) {
        let s = std::str::from_utf8(&f.bytes).unwrap();
        let json = s
            .strip_prefix("__mb_s(")
            .and_then(|s| s.split_once(','))
            .map(|(_, rest)| rest.trim_end().trim_end_matches(");"))
            .unwrap();
        let m: BTreeMap<String, String> = serde_json::from_str(json).unwrap();
        for (t, p) in m {
            out.insert(t, search::decode_postings(&p));
        }
    }
    out
}

#[test]
fn the_index_holds_every_published_note_and_turn() {
    let Some(g) = gen_vault(&["--notes", "200", "--seed", "8", "--no-defects"]) else {
        return;
    };
    let out = pipeline(&g.path());
    let site = out.published.site();
    let ix = Index::build(&out.published);
    // every note is a unit (person notes as their person's page), every person too
    let sources: BTreeSet<&str> = ix
        .units
        .iter()
        .filter_map(|u| u.source.as_deref())
        .collect();
    for n in &site.notes {
        assert!(sources.contains(n.path.as_str()), "{} not indexed", n.path);
    }
    let urls: BTreeSet<&str> = ix.units.iter().map(|u| u.url.as_str()).collect();
    for p in &site.people {
        assert!(urls.contains(p.url.as_str()), "{} not indexed", p.name);
    }
    // every parsed turn is in exactly one window, in order, and every term of
    // its text is in that window's postings (unless the term was pruned)
    let pipe = TextPipeline::default();
    let mut turns = 0;
    let mut checked = 0;
    for (k, u) in ix.units.iter().enumerate() {
        let Some(src) = &u.source else { continue };
        let n = site.notes.iter().find(|n| &n.path == src).unwrap();
        // the turns' text is in the site's store
        let transcript = n.transcript.as_ref().map(|t| t.with_text(&site.store));
        let parsed: Vec<_> = transcript
            .iter()
            .flat_map(|t| &t.turns)
            .filter(|t| t.parsed)
            .collect();
        turns += parsed.len();
        let ids: Vec<&str> = u
            .windows
            .iter()
            .flat_map(|w| w.1.iter().map(String::as_str))
            .collect();
        let expect: Vec<&str> = parsed.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, expect, "{src}");
        let mut w = 0;
        let mut in_window = 0;
        for t in &parsed {
            if in_window == u.windows[w].1.len() {
                w += 1;
                in_window = 0;
            }
            in_window += 1;
            let doc = ix.starts[k] + 1 + w as u32;
            for term in pipe.terms(&t.text) {
                let fp = ix.postings[&term].iter().find(|f| f.field == 5).unwrap();
                if (fp.df as usize) <= MAX_POSTINGS {
                    assert!(
                        fp.docs.iter().any(|&(d, _)| d == doc),
                        "{term} of {src}#{} not in its window",
                        t.id
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(turns > 1000, "only {turns} turns");
    assert!(checked > 10_000, "only {checked} postings checked");
    // document numbers: one per unit plus one per window
    let windows: usize = ix.units.iter().map(|u| u.windows.len()).sum();
    assert_eq!(ix.docs as usize, ix.units.len() + windows);
    // the files hold exactly the index's postings, and building twice gives the same bytes
    let postings = ix.postings.clone();
    let (files, stats) = search::files(ix, false);
    assert_eq!(stats.terms, postings.len());
    assert_eq!(shards(&files), postings);
    let again = search::files(Index::build(&out.published), false).0;
    assert_eq!(files.len(), again.len());
    assert!(
        files
            .iter()
            .zip(&again)
            .all(|(a, b)| a.path == b.path && a.bytes == b.bytes)
    );
    // the pipeline wrote them, the search page and the vendored library with its licence
    let paths: BTreeSet<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
    for p in [
        "search/index.html",
        "search/idx/manifest.js",
        "static/search.js",
        "static/elasticlunr.min.js",
        "static/elasticlunr.LICENSE",
    ] {
        assert!(paths.contains(p), "{p} missing");
    }
    // full text is not in the postings: term shards are a fraction of the fragments
    let size = |p: &str| -> usize {
        files
            .iter()
            .filter(|f| f.path.starts_with(p))
            .map(|f| f.bytes.len())
            .sum()
    };
    assert!(size("search/idx/s/") * 3 < size("search/idx/f/"));
}

fn note(fm: &str, body: &str) -> Vec<u8> {
    format!("---\n{fm}\ndate: 2025-01-01\ntype: meeting\nprivacy: public\n---\n{body}\n")
        .into_bytes()
}

/// `node`, which runs the theme's search.js; outside CI a missing node
/// skips the test (returns None), in CI it fails.
fn node() -> Option<String> {
    tool(&["node", "nodejs"], "nodejs")
}

/// A result of the shipped search.js: a note (or person) and its score.
#[derive(Debug, serde::Deserialize)]
struct JsResult {
    url: String,
    score: f64,
    turns: Vec<String>,
}

/// Run the built site's own `static/search.js` under node
/// (tests/js/run-search.js) for each (query, filters).
fn search_js(node: &str, site: &Path, queries: &[(&str, Value)]) -> Vec<Vec<JsResult>> {
    let q: Vec<Value> = queries.iter().map(|(q, f)| json!([q, f])).collect();
    let o = std::process::Command::new(node)
        .arg(root().join("tests/js/run-search.js"))
        .arg(site)
        .arg(serde_json::to_string(&q).unwrap())
        .output()
        .expect("node runs");
    assert!(
        o.status.success(),
        "search.js under node: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON from run-search.js")
}

fn urls(r: &[JsResult]) -> Vec<&str> {
    r.iter().map(|r| r.url.as_str()).collect()
}

/// The shipped search.js (not a Rust copy of it), run under node over a
/// built site: title > people > series > summary > body > transcript, the
/// speaker's name lifts their turn, stemming, every word first, stop words,
/// and the year filter.
#[test]
fn field_boosts_order_results_in_the_shipped_search_js() {
    let Some(node) = node() else { return };
    let transcript = "Intro.\n\n<!-- ai:transcript:start -->\n```text\n[00:00:01.00] Alex Brown : we looked at quoxel today\n[00:00:05.00] Sam Lee : fine\n```\n<!-- ai:transcript:end -->\n";
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("v");
    let notes = [
        ("a.md", note("title: Quoxel review", "Nothing here.")),
        (
            "b.md",
            note(
                "title: Bravo\nattendees: [\"[[Dana Quoxel]]\"]",
                "Nothing here.",
            ),
        ),
        (
            "c.md",
            note("title: Charlie\nseries: Quoxel Sync", "Nothing here."),
        ),
        (
            "d.md",
            note("title: Delta", "## Summary\n\nWe agreed on quoxel.\n"),
        ),
        (
            "e.md",
            note("title: Echo", "## Notes\n\nSomething about quoxel.\n"),
        ),
        ("f.md", note("title: Foxtrot", transcript)),
        (
            "old/g.md",
            String::from_utf8(note("title: Golf", "## Notes\n\nAn old quoxel.\n"))
                .unwrap()
                .replace("2025-01-01", "2023-06-01")
                .into_bytes(),
        ),
    ];
    for (p, b) in &notes {
        write(&v.join(p), std::str::from_utf8(b).unwrap());
    }
    let out = d.path().join("site");
    build(&v, &out, &[]);
    let r = search_js(
        &node,
        &out,
        &[
            ("quoxel", Value::Null),
            ("alex quoxel", Value::Null),
            ("alex", Value::Null),
            ("reviews", Value::Null),
            ("quoxel agreed", Value::Null),
            ("the quoxel", Value::Null),
            ("quoxel", json!({"year": 2023})),
            ("quoxel", json!({"year": 2025})),
        ],
    );
    // title > people (the person named Dana Quoxel is found by name, a
    // title tied with a's, undated so after it) > series > summary > body
    // (the newer e before g) > transcript
    assert_eq!(
        urls(&r[0]),
        [
            "a/",
            "people/dana-quoxel/",
            "b/",
            "c/",
            "d/",
            "e/",
            "old/g/",
            "f/"
        ]
    );
    let scores: Vec<f64> = r[0].iter().map(|x| x.score).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "scores fall: {scores:?}"
    );
    // the transcript hit is its turn
    assert_eq!(r[0][7].turns, ["t-00-00-01"]);
    // who said it: the speaker's name lifts their turn, which holds both words
    assert_eq!(urls(&r[1])[0], "f/");
    assert_eq!(r[1][0].turns, ["t-00-00-01"]);
    assert!(r[1][0].score > r[0][7].score);
    assert_eq!(urls(&r[2]), ["f/"]);
    // stemming: "reviews" finds "review"
    assert_eq!(urls(&r[3]), ["a/"]);
    // a document holding every word comes first
    assert_eq!(urls(&r[4])[0], "d/");
    // stop words are ignored
    assert_eq!(urls(&r[5]), urls(&r[0]));
    // the year filter: only that year's notes (people are undated)
    assert_eq!(urls(&r[6]), ["old/g/"]);
    assert_eq!(urls(&r[7]), ["a/", "b/", "c/", "d/", "e/", "f/"]);
}

#[test]
fn search_stems_as_elasticlunr_js_does() {
    // tests/fixtures/stems.tsv: words from content-example and gen-vault
    // vaults, with the term elasticlunr.js 0.9.5 gives each (trimmer,
    // stopWordFilter, stemmer; empty for a stop word), made with node.
    let text = std::fs::read_to_string(root().join("tests/fixtures/stems.tsv")).unwrap();
    let p = TextPipeline::default();
    let mut n = 0;
    for line in text.lines() {
        let (w, want) = line.split_once('\t').unwrap();
        let got = p.term(w).unwrap_or_default();
        let want = if w.len() == 1 { "" } else { want };
        assert_eq!(got, want, "{w}");
        n += 1;
    }
    assert!(n > 5000);
}

// ---- the browser ----

use common::webdriver::{Driver, chromedriver};

/// A word (7+ lowercase ASCII letters) in exactly one transcript turn of the
/// whole site and nowhere else: the word, the turn's deep link, the note URL.
fn rare_turn_word(site: &minutebook::model::Site) -> (String, String, String) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    let mut place: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut add = |t: &str, at: Option<(String, String)>| {
        let words: BTreeSet<String> = t
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .collect();
        for w in words {
            *count.entry(w.clone()).or_default() += 1;
            if let Some(a) = &at {
                place.insert(w, a.clone());
            }
        }
    };
    for n in &site.notes {
        add(&n.title, None);
        add(&n.text, None);
        let transcript = n.transcript.as_ref().map(|t| t.with_text(&site.store));
        for t in transcript.iter().flat_map(|t| &t.turns) {
            add(
                &t.text,
                Some((format!("{}#{}", n.url, t.id), n.url.clone())),
            );
        }
    }
    for p in &site.people {
        add(&p.name, None);
    }
    let (w, (deep, url)) = place
        .into_iter()
        .filter(|(w, _)| count[w] == 1 && w.len() >= 7 && w.bytes().all(|b| b.is_ascii_lowercase()))
        .nth(3)
        .expect("a rare word");
    (w, deep, url)
}

#[test]
fn a_built_vault_finds_a_transcript_turn_in_chromium_from_disk() {
    let Some(bin) = chromedriver() else { return };
    let Some(g) = gen_vault(&["--notes", "200", "--seed", "8", "--no-defects"]) else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("site");
    build(&g.path(), &out, &[]);
    let run = pipeline(&g.path());
    let site = run.published.site();
    let (word, deep, _note) = rare_turn_word(site);
    let (path, anchor) = deep.split_once('#').unwrap();
    let want = format!("../{path}index.html#{anchor}");
    let root = format!("file://{}", out.display());
    let dr = Driver::start(&bin);

    // ?q= on the search page: the turn's deep link is among the results,
    // which name the speaker and the time and highlight the word
    dr.open(&format!("{root}/search/index.html?q={word}"));
    let links = dr.hrefs("#mb-results a");
    assert!(links.contains(&want), "{word}: {want} not among {links:?}");
    let html = dr.js("return document.getElementById('mb-results').outerHTML");
    let doc = scraper::Html::parse_fragment(html.as_str().unwrap());
    let turn = doc
        .select(&sel(".mb-turns li"))
        .find(|li| {
            li.select(&sel("a"))
                .any(|a| a.value().attr("href") == Some(&want))
        })
        .expect("the turn's result");
    assert!(turn.select(&sel(".mb-speaker")).next().is_some());
    assert!(turn.select(&sel(".mb-stamp")).next().is_some());
    assert!(
        turn.select(&sel("mark"))
            .any(|m| m.text().collect::<String>().to_lowercase() == word)
    );

    // the end of the word finds it too (word-ending matching)
    let tail = &word[1..];
    dr.open(&format!("{root}/search/index.html?q={tail}"));
    let links = dr.hrefs("#mb-results a");
    assert!(links.contains(&want), "{tail}: {want} not among {links:?}");
}

/// Meetings in three years that say "kilnworth", and one that does not.
/// The `data-href`s of the header list's entries `css` selects, once there are some.
fn option_hrefs(dr: &Driver, css: &str) -> Vec<String> {
    let script = format!(
        "var l = Array.from(document.querySelectorAll({css:?})).map(a => a.getAttribute('data-href')); return l.length ? l : null;"
    );
    serde_json::from_value(dr.wait(&script)).unwrap()
}

fn browser_fixture(v: &Path) {
    let m = |date: &str, title: &str, body: &str| {
        format!(
            "---\ntype: team\ncreated: {date}\nattendees: [\"[[Ivo Brandt]]\", \"[[Una Kell]]\"]\nprivacy: public\n---\n# {title}\n\n{body}\n"
        )
    };
    write(
        &v.join("2023-03-01 Kiln.md"),
        &m(
            "2023-03-01",
            "Kiln one",
            "We talked about kilnworth and clay.",
        ),
    );
    write(
        &v.join("2024-05-02 Kiln.md"),
        &m("2024-05-02", "Kiln two", "The kilnworth order is late."),
    );
    write(
        &v.join("2025-01-10 Kiln.md"),
        &m(
            "2025-01-10",
            "Kiln three",
            "Intro.\n\n<!-- ai:transcript:start -->\n\n## Transcript (auto)\n\n```text\n[00:00:01.00] Ivo Brandt : Hello all.\n\n[00:00:05.00] Una Kell : The kilnworth glaze cracked again.\n```\n\n<!-- ai:transcript:end -->",
        ),
    );
    write(
        &v.join("2025-02-01 Other.md"),
        &m("2025-02-01", "Other", "Nothing of note."),
    );
}

#[test]
fn the_header_box_moves_with_the_arrow_keys_and_the_year_filter_filters() {
    let Some(bin) = chromedriver() else { return };
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("v");
    browser_fixture(&v);
    let out = d.path().join("site");
    build(&v, &out, &[]);
    let root = format!("file://{}", out.display());
    let dr = Driver::start(&bin);

    // typing into the header box of a meeting page: the three notes that say
    // it under the box, the first active; the arrow keys move the selection
    // down and up, and stop at the last
    let page = "2025-02-01-other/";
    dr.open(&format!("{root}/{page}index.html"));
    let input = "input[data-mb-search]";
    dr.type_into(input, "kilnwort");
    let found: BTreeSet<String> = option_hrefs(&dr, ".mb-drop .mb-result .mb-title")
        .iter()
        .filter_map(|h| resolve_href(page, h))
        .collect();
    let want: BTreeSet<String> = ["2023-03-01-kiln/", "2024-05-02-kiln/", "2025-01-10-kiln/"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(found, want);
    assert_eq!(
        dr.js("return !document.querySelector('.mb-drop').hidden"),
        json!(true)
    );
    let active = "return Array.from(document.querySelectorAll('.mb-drop .mb-result')).findIndex(li => li.classList.contains('mb-active'))";
    assert_eq!(dr.js(active), json!(0));
    dr.type_into(input, "\u{E015}"); // ArrowDown
    assert_eq!(dr.js(active), json!(1));
    dr.type_into(input, "\u{E015}");
    assert_eq!(dr.js(active), json!(2));
    dr.type_into(input, "\u{E015}"); // stays on the last
    assert_eq!(dr.js(active), json!(2));
    dr.type_into(input, "\u{E013}"); // ArrowUp
    assert_eq!(dr.js(active), json!(1));
    // an option holds nothing focusable (axe's nested-interactive): its
    // links are spans the list opens, and Enter opens the active one
    assert_eq!(
        dr.js("return document.querySelectorAll('.mb-drop [role=option] :is(a, button, input, [tabindex])').length"),
        json!(0)
    );
    let want = dr.js(
        "return document.querySelector('.mb-drop .mb-active .mb-title').getAttribute('data-href')",
    );
    dr.type_into(input, "\u{E007}"); // Enter
    dr.wait(&format!(
        "return decodeURI(location.href).endsWith({:?}.replace(/^(\\.\\.\\/)+/, '')) || null;",
        want.as_str().unwrap()
    ));

    // the search page: without a filter, one result a year; with ?year=,
    // only that year's, and the year select shows it
    let dates = |dr: &Driver| -> Vec<String> {
        serde_json::from_value(dr.wait(
            "var l = Array.from(document.querySelectorAll('#mb-results .mb-meta time')).map(t => t.textContent); return l.length ? l : null;",
        ))
        .unwrap()
    };
    dr.open(&format!("{root}/search/index.html?q=kilnworth"));
    let mut all = dates(&dr);
    all.sort();
    assert_eq!(all, ["2023-03-01", "2024-05-02", "2025-01-10"]);
    let years: Vec<String> = serde_json::from_value(dr.js(
        "return Array.from(document.querySelectorAll('select[name=year] option')).map(o => o.value).filter(v => v)",
    ))
    .unwrap();
    assert_eq!(years, ["2025", "2024", "2023"]);
    dr.open(&format!("{root}/search/index.html?q=kilnworth&year=2024"));
    assert_eq!(dates(&dr), ["2024-05-02"]);
    assert_eq!(
        dr.js("return document.querySelector('select[name=year]').value"),
        json!("2024")
    );
    // the transcript's turn is a deep link, with its speaker
    dr.open(&format!("{root}/search/index.html?q=kilnworth&year=2025"));
    let links = dr.hrefs("#mb-results .mb-turns a");
    assert_eq!(links, ["../2025-01-10-kiln/index.html#t-00-00-05"]);
}

/// Meetings about pricing and a renewal, two people, and transcripts where
/// "second firing" is said once as a phrase and once with words between.
fn query_fixture(v: &Path) {
    let m = |date: &str, title: &str, who: &str, body: &str| {
        format!(
            "---\ntype: team\ncreated: {date}\nattendees: [{who}]\nprivacy: public\n---\n# {title}\n\n{body}\n"
        )
    };
    let both = "\"[[Ivo Brandt]]\", \"[[Una Kell]]\"";
    let ivo = "\"[[Ivo Brandt]]\"";
    let turns = |a: &str, who: &str, b: &str| {
        format!(
            "Intro.\n\n<!-- ai:transcript:start -->\n\n## Transcript (auto)\n\n```text\n[00:00:01.00] Ivo Brandt : {a}\n\n[00:00:05.00] {who} : {b}\n```\n\n<!-- ai:transcript:end -->"
        )
    };
    for (file, date, title, who, body) in [
        ("2025-03-04 Pricing.md", "2025-03-04", "Tariff review", both, "We reviewed pricing for the renewal.".to_string()),
        ("2025-03-11 Tiers.md", "2025-03-11", "Tiers", ivo, "Pricing tiers were sketched on the board.".to_string()),
        ("2025-03-18 Dates.md", "2025-03-18", "Dates", ivo, "The renewal date moved to May.".to_string()),
        ("2025-02-01 Draft.md", "2025-02-01", "Early draft", ivo, "Renewal and pricing, an earlier draft.".to_string()),
        ("2025-01-20 Call.md", "2025-01-20", "Call", ivo, "## Purpose\n\nWalk through the pricing ladder. Then agree on dates.\n\n## Next\n\nNothing yet.".to_string()),
        ("2025-05-02 Glaze.md", "2025-05-02", "Glaze notes", ivo, "We will test the glaze, the kiln and the firing at length, test by test.\n\nA glaze test is due.".to_string()),
        ("2025-04-01 Kiln.md", "2025-04-01", "Kiln", both, turns("Hello all.", "Una Kell", "The glaze cracked in the second firing again.")),
        ("2025-04-08 Kiln.md", "2025-04-08", "Kiln again", ivo, turns("The second batch went into the firing late.", "Pia Lund", "Fine by me, the glaze held.")),
    ] {
        write(&v.join(file), &m(date, title, who, &body));
    }
}

/// The search page's results for `q` (a URL query string), once shown:
/// (page URL, whether marked as missing a word), in order.
fn page_results(dr: &Driver, root: &str, q: &str) -> Vec<(String, bool)> {
    dr.open(&format!("{root}/search/index.html?{q}"));
    let v = dr.wait(
        "var s = document.getElementById('mb-status'); if (s.querySelector('noscript') || !s.textContent) return null; \
         return Array.from(document.querySelectorAll('#mb-results li.mb-result:not(.mb-entity)')).map(li => [li.querySelector('a.mb-title').getAttribute('href'), li.classList.contains('mb-partial')]);",
    );
    let rows: Vec<(String, bool)> = serde_json::from_value(v).unwrap();
    rows.into_iter()
        .map(|(h, p)| (resolve_href("search/", &h).unwrap_or(h), p))
        .collect()
}

#[test]
fn every_word_phrases_filters_and_names_in_chromium() {
    let Some(bin) = chromedriver() else { return };
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("v");
    query_fixture(&v);
    let out = d.path().join("site");
    build(&v, &out, &[]);
    let root = format!("file://{}", out.display());
    let dr = Driver::start(&bin);

    // every word: the notes with both come first, unmarked; those missing
    // one follow, marked
    let r = page_results(&dr, &root, "q=pricing%20renewal");
    let full: Vec<&str> = r.iter().filter(|x| !x.1).map(|x| x.0.as_str()).collect();
    assert_eq!(full, ["2025-03-04-pricing/", "2025-02-01-draft/"], "{r:?}");
    assert!(r.iter().skip(2).all(|x| x.1), "partial results last: {r:?}");
    let partial: BTreeSet<&str> = r.iter().filter(|x| x.1).map(|x| x.0.as_str()).collect();
    assert_eq!(
        partial,
        BTreeSet::from(["2025-03-11-tiers/", "2025-03-18-dates/", "2025-01-20-call/"])
    );
    // snippets are sentences of one block: a heading never runs into them
    let snippet = dr.wait(
        "var a = Array.from(document.querySelectorAll('#mb-results li')).find(li => /2025-01-20-call/.test(li.querySelector('a').getAttribute('href'))); \
         var s = a && a.querySelector('.mb-snippet'); return s ? [s.textContent, Array.from(s.querySelectorAll('mark')).map(m => m.textContent)] : null;",
    );
    assert_eq!(
        snippet,
        json!([
            "Walk through the pricing ladder. Then agree on dates.",
            ["pricing"]
        ])
    );
    // the note's title line is not its snippet (the title is shown above it)
    page_results(&dr, &root, "q=tariff");
    let snippet = dr.wait(
        "var s = document.querySelector('#mb-results li[data-full] .mb-snippet'); return s ? s.textContent : null;",
    );
    assert_eq!(snippet, json!("We reviewed pricing for the renewal."));
    // newest first keeps the notes with every word first
    let r = page_results(&dr, &root, "q=pricing%20renewal&sort=newest");
    assert_eq!(r[0].0, "2025-03-04-pricing/");
    // a word left out
    let r = page_results(&dr, &root, "q=pricing%20-renewal");
    let urls: BTreeSet<&str> = r.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(
        urls,
        BTreeSet::from(["2025-03-11-tiers/", "2025-01-20-call/"])
    );

    // a phrase from one turn finds that turn, not the words apart
    let r = page_results(&dr, &root, "q=%22second%20firing%22");
    assert_eq!(r, [("2025-04-01-kiln/".to_string(), false)]);
    let turns = dr.hrefs("#mb-results .mb-turns a");
    assert_eq!(turns, ["../2025-04-01-kiln/index.html#t-00-00-05"]);
    let mark = dr.js("return Array.from(document.querySelectorAll('#mb-results .mb-turns mark')).map(m => m.textContent)");
    assert_eq!(mark, json!(["second firing"]));
    // a phrase is said back as it was typed, hyphens and all
    let r = page_results(&dr, &root, "q=%22second-firing%22");
    assert_eq!(r, [("2025-04-01-kiln/".to_string(), false)]);
    let status = dr.js("return document.getElementById('mb-status').textContent");
    assert!(
        status
            .as_str()
            .is_some_and(|s| s.ends_with("with “second-firing”")),
        "{status}"
    );

    // the snippet of a phrase's note is the line that holds the phrase
    page_results(&dr, &root, "q=%22glaze%20test%22");
    let snippet = dr.wait(
        "var s = document.querySelector('#mb-results li[data-full] .mb-snippet'); return s ? s.textContent : null;",
    );
    assert_eq!(snippet, json!("A glaze test is due."));
    // person: (who attended or spoke) and before: filter, typed in the box
    let r = page_results(&dr, &root, "q=glaze%20person%3Auna");
    assert_eq!(r, [("2025-04-01-kiln/".to_string(), false)]);
    let r = page_results(&dr, &root, "q=renewal%20before%3A2025-03");
    assert_eq!(r, [("2025-02-01-draft/".to_string(), false)]);
    let r = page_results(&dr, &root, "q=renewal&after=2025-03-05");
    assert_eq!(r, [("2025-03-18-dates/".to_string(), false)]);

    // a person's name: their page first, in the header box
    let page = "2025-03-11-tiers/";
    dr.open(&format!("{root}/{page}index.html"));
    dr.type_into("input[data-mb-search]", "una kell");
    let first = option_hrefs(&dr, ".mb-drop [role=option] .mb-title");
    assert_eq!(
        resolve_href(page, &first[0]).as_deref(),
        Some("people/una-kell/")
    );
    // the box is a combobox whose active option is announced
    let aria = dr.js(
        "var i = document.querySelector('input[data-mb-search]'); var o = document.getElementById(i.getAttribute('aria-activedescendant')); \
         return [i.getAttribute('role'), i.getAttribute('aria-expanded'), document.getElementById(i.getAttribute('aria-controls')).querySelector('[role=listbox]') !== null, o && o.getAttribute('aria-selected'), document.querySelector('.site-search [role=status]').textContent.length > 0]",
    );
    assert_eq!(aria, json!(["combobox", "true", true, "true", true]));
}

#[test]
fn typing_fetches_at_most_one_index_file_a_keystroke_and_none_missing() {
    let Some(bin) = chromedriver() else { return };
    let Some(g) = gen_vault(&["--notes", "1000", "--seed", "8", "--no-defects"]) else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("site");
    build(&g.path(), &out, &[]);
    let run = pipeline(&g.path());
    let (word, _, _) = rare_turn_word(run.published.site());
    let root = format!("file://{}", out.display());
    let dr = Driver::start(&bin);
    dr.open(&format!("{root}/index.html"));
    // each prefix of a rare word, then of two common ones, as the box asks
    // while typing; the files each asks for, by kind
    let typed = format!("{word} project status meeting");
    let script = format!(
        "var done = arguments[arguments.length - 1]; var q = {typed:?}; var per = []; \
         (async () => {{ for (var k = 1; k <= q.length; k++) {{ var before = window.__mb_log.length; \
           await window.__mb_query(q.slice(0, k), null, {{typing: true}}); \
           per.push(window.__mb_log.slice(before)); }} \
           done([per, window.__mb_failed]); }})();"
    );
    dr.call("POST", &dr.s("/timeouts"), json!({"script": 240_000}));
    let v = dr.call(
        "POST",
        &dr.s("/execute/async"),
        json!({"script": script, "args": []}),
    );
    let (per, failed): (Vec<Vec<String>>, Vec<String>) = serde_json::from_value(v).unwrap();
    assert!(
        failed.is_empty(),
        "requests for files that do not exist: {failed:?}"
    );
    for (k, files) in per.iter().enumerate() {
        let index: Vec<&String> = files
            .iter()
            .filter(|f| f.starts_with("s/") || f.starts_with("r/"))
            .collect();
        assert!(
            index.len() <= 1,
            "keystroke {} ({:?}) fetched {index:?}",
            k + 1,
            &typed[..=k]
        );
    }
}
