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
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

fn pipeline(vault: &Path) -> minutebook::Outcome {
    let cfg = Config {
        root: vault.parent().unwrap().to_path_buf(),
        vault: vault.to_path_buf(),
        progress: false,
        ..Config::default()
    };
    minutebook::run(&cfg, &|_| {}).expect("pipeline runs")
}

/// Units in the order of their best document.
fn unit_order(ix: &Index, q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in ix.search(q) {
        let u = ix.units[h.doc.unit].url.clone();
        if !out.contains(&u) {
            out.push(u);
        }
    }
    out
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

#[test]
fn field_boosts_order_results() {
    let transcript = "Intro.\n\n<!-- ai:transcript:start -->\n```text\n[00:00:01.00] Alex Brown : we looked at quoxel today\n[00:00:05.00] Sam Lee : fine\n```\n<!-- ai:transcript:end -->\n";
    let notes = vec![
        (
            "a.md".to_string(),
            note("title: Quoxel review", "Nothing here."),
        ),
        (
            "b.md".to_string(),
            note(
                "title: Bravo\nattendees: [\"[[Dana Quoxel]]\"]",
                "Nothing here.",
            ),
        ),
        (
            "c.md".to_string(),
            note("title: Charlie\nseries: Quoxel Sync", "Nothing here."),
        ),
        (
            "d.md".to_string(),
            note("title: Delta", "## Summary\n\nWe agreed on quoxel.\n"),
        ),
        (
            "e.md".to_string(),
            note("title: Echo", "## Notes\n\nSomething about quoxel.\n"),
        ),
        ("f.md".to_string(), note("title: Foxtrot", transcript)),
    ];
    let out = minutebook::render_in_memory(&notes, &[]).unwrap();
    let ix = Index::build(&out.published);
    let url = |stem: &str| -> String {
        out.published
            .site()
            .notes
            .iter()
            .find(|n| n.stem == stem)
            .unwrap()
            .url
            .clone()
    };
    // title > people > series and tags > summary and decisions > body > transcript
    let order: Vec<String> = unit_order(&ix, "quoxel")
        .into_iter()
        .filter(|u| !u.starts_with("people/"))
        .collect();
    let expect: Vec<String> = ["a", "b", "c", "d", "e", "f"]
        .iter()
        .map(|s| url(s))
        .collect();
    assert_eq!(order, expect);
    // the person named Dana Quoxel is found by name (a title, tied with a's;
    // undated, so after it)
    assert_eq!(unit_order(&ix, "quoxel")[1], "people/dana-quoxel/");
    // the transcript hit links to its turn
    let hits = ix.search("quoxel");
    let f: Vec<&search::Hit> = hits
        .iter()
        .filter(|h| h.url.starts_with(&url("f")))
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].url, format!("{}#t-00-00-01", url("f")));
    // who said it: the speaker's name (the window's people field) lifts their turn
    let with_speaker = ix.search("alex quoxel");
    let w = with_speaker.iter().find(|h| h.url == f[0].url).unwrap();
    assert!(w.score > f[0].score);
    assert_eq!(ix.search("alex")[0].url, f[0].url);
    // stemming: "reviews" finds "review"
    assert_eq!(unit_order(&ix, "reviews"), vec![url("a")]);
    // a document holding every word comes first
    assert_eq!(unit_order(&ix, "quoxel agreed")[0], url("d"));
    // stop words are ignored
    assert_eq!(unit_order(&ix, "the quoxel"), unit_order(&ix, "quoxel"));
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

fn chromedriver() -> Option<String> {
    for c in ["chromedriver", "/usr/lib/chromium/chromedriver"] {
        if let Ok(o) = std::process::Command::new(c).arg("--version").output() {
            if o.status.success() {
                return Some(c.to_string());
            }
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install chromium and chromium-driver (see .ci/run)"
    );
    eprintln!("skipping: no chromedriver");
    None
}

/// A WebDriver session on a local chromedriver, spoken over plain HTTP/1.1.
struct Driver {
    child: std::process::Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Driver {
    fn start(bin: &str) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(bin)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut d = Driver {
            child,
            port,
            session: String::new(),
            _profile: profile,
        };
        let t = Instant::now();
        while d.raw("GET", "/status", None).is_err() {
            assert!(
                t.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .into_iter()
            .find(|p| Path::new(p).exists());
        let mut opts = json!({"args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--allow-file-access-from-files", "--disable-background-networking",
            format!("--user-data-dir={}", d._profile.path().display()),
        ]});
        if let Some(c) = chromium {
            opts["binary"] = json!(c);
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": opts}}});
        let v = d.call("POST", "/session", caps);
        d.session = v["sessionId"].as_str().expect("a session").to_string();
        d
    }

    fn raw(&self, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<Value> {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port))?;
        s.set_read_timeout(Some(Duration::from_secs(120)))?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )?;
        // chromedriver keeps the connection open: read the head, then
        // Content-Length bytes (or chunks up to the last one)
        let mut buf = Vec::new();
        let mut byte = [0u8; 4096];
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let n = s.read(&mut byte)?;
            if n == 0 {
                return Err(std::io::Error::other("connection closed"));
            }
            buf.extend_from_slice(&byte[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let length = head.lines().find_map(|l| {
            l.strip_prefix("content-length:")
                .and_then(|v| v.trim().parse::<usize>().ok())
        });
        loop {
            let body = &buf[head_end..];
            let done = match length {
                Some(n) => body.len() >= n,
                None => body.ends_with(b"0\r\n\r\n"),
            };
            if done {
                break;
            }
            let n = s.read(&mut byte)?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&byte[..n]);
        }
        let body = String::from_utf8_lossy(&buf[head_end..]).into_owned();
        let rest = if length.is_none() {
            dechunk(&body)
        } else {
            body
        };
        serde_json::from_str(&rest).map_err(std::io::Error::other)
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let body = (method == "POST").then_some(body);
        let v = self.raw(method, path, body.as_ref()).expect("webdriver");
        assert!(v["value"]["error"].is_null(), "{path}: {v}");
        v["value"].clone()
    }

    fn s(&self, p: &str) -> String {
        format!("/session/{}{p}", self.session)
    }

    fn open(&self, url: &str) {
        self.call("POST", &self.s("/url"), json!({ "url": url }));
    }

    fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            &self.s("/execute/sync"),
            json!({"script": script, "args": []}),
        )
    }

    /// Poll `script` until it returns something truthy (20 s at most).
    fn wait(&self, script: &str) -> Value {
        let t = Instant::now();
        loop {
            let v = self.js(script);
            if !(v.is_null() || v == json!(false) || v == json!([]) || v == json!("")) {
                return v;
            }
            assert!(t.elapsed() < Duration::from_secs(20), "timed out: {script}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The `href`s of the elements `css` selects, once there are some.
    fn hrefs(&self, css: &str) -> Vec<String> {
        let script = format!(
            "var l = Array.from(document.querySelectorAll({css:?})).map(a => a.getAttribute('href')); return l.length ? l : null;"
        );
        serde_json::from_value(self.wait(&script)).unwrap()
    }

    fn type_into(&self, css: &str, text: &str) {
        let el = self.call(
            "POST",
            &self.s("/element"),
            json!({"using": "css selector", "value": css}),
        );
        let id = el
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("element")
            .to_string();
        self.call("POST", &self.s(&format!("/element/{id}/click")), json!({}));
        self.call(
            "POST",
            &self.s(&format!("/element/{id}/value")),
            json!({ "text": text }),
        );
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.raw("DELETE", &self.s(""), None);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}

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
    let (word, deep, note_url) = rare_turn_word(site);
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

    // typing into the header box of a meeting page: results appear under it,
    // with the note among them, and the arrow keys move the selection
    let meeting = site
        .notes
        .iter()
        .find(|n| n.is_meeting && n.url != note_url)
        .unwrap();
    dr.open(&format!("{root}/{}index.html", meeting.url));
    let input = "input[data-mb-search]";
    dr.type_into(input, &word[..word.len() - 1]);
    let found: Vec<String> = dr
        .hrefs(".mb-drop .mb-result a.mb-title")
        .iter()
        .filter_map(|h| resolve_href(&meeting.url, h))
        .collect();
    assert!(found.contains(&note_url), "{note_url} not among {found:?}");
    assert_eq!(
        dr.js("return !document.querySelector('.mb-drop').hidden"),
        json!(true)
    );
    let active = "return Array.from(document.querySelectorAll('.mb-drop .mb-result')).findIndex(li => li.classList.contains('mb-active'))";
    assert_eq!(dr.js(active), json!(0));
    if found.len() > 1 {
        dr.type_into(input, "\u{E015}"); // ArrowDown
        assert_eq!(dr.js(active), json!(1));
    }

    // filters from the URL: only that year's results
    let common = "budget";
    let years: BTreeSet<String> = site
        .notes
        .iter()
        .filter_map(|n| n.date.map(|d| d.format("%Y").to_string()))
        .collect();
    let year = years.iter().next().unwrap();
    dr.open(&format!("{root}/search/index.html?q={common}&year={year}"));
    let dates: Vec<String> = serde_json::from_value(dr.wait(
        "var l = Array.from(document.querySelectorAll('#mb-results .mb-meta time')).map(t => t.textContent); return l.length ? l : null;",
    ))
    .unwrap();
    assert!(
        dates.iter().all(|d| d.starts_with(year.as_str())),
        "{dates:?}"
    );
    assert_eq!(
        dr.js("return document.querySelector('select[name=year]').value"),
        json!(year)
    );
}
