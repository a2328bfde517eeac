//! Obsidian canvases and bases: the hand-written vault of
//! `tests/fixtures/canvas-bases/`, built with the command line and read back
//! with an HTML parser.

mod common;
use common::*;
use scraper::{ElementRef, Html};
use std::path::PathBuf;

fn vault() -> PathBuf {
    root().join("tests/fixtures/canvas-bases")
}

/// Build the fixture vault into a fresh folder (alive as long as the guard).
fn built() -> (tempfile::TempDir, PathBuf) {
    built_fixture("canvas-bases")
}

/// The diagnostics of `check --format json` that `pick` keeps.
fn diagnostics(
    r: &serde_json::Value,
    pick: impl Fn(&serde_json::Value) -> bool,
) -> Vec<&serde_json::Value> {
    r["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| pick(d))
        .collect()
}

fn attr<'a>(e: ElementRef<'a>, name: &str) -> &'a str {
    e.value().attr(name).unwrap_or("")
}

/// A custom property of an inline style (`--x:80;--y:100`).
fn style_var(e: ElementRef, name: &str) -> Option<String> {
    attr(e, "style").split(';').find_map(|kv| {
        let (k, v) = kv.split_once(':')?;
        (k.trim() == name).then(|| v.trim().to_string())
    })
}

/// The card of the canvas with id `id`.
fn card<'a>(page: &'a Html, id: &str) -> ElementRef<'a> {
    page.select(&sel(&format!(".canvas-node[data-id=\"{id}\"]")))
        .next()
        .unwrap_or_else(|| panic!("card {id}"))
}

/// Where an href of the page at `url` leads, as a page URL.
fn target(url: &str, href: &str) -> String {
    resolve_href(url, href).expect("a relative href inside the site")
}

#[test]
fn an_embedded_canvas_draws_its_cards_in_place_and_its_edges() {
    let (_g, out) = built();
    let page = html(&out.join("planning/index.html"));
    let boards: Vec<_> = page.select(&sel(".note-body .board-canvas")).collect();
    assert_eq!(boards.len(), 2, "the plan and the broken canvas");
    let fig = boards[0]
        .select(&sel("figure.canvas"))
        .next()
        .expect("a drawing");
    // bounds: x -40..1020, y -60..320, plus 40 on every side
    assert_eq!(style_var(fig, "--cw").as_deref(), Some("1140"));
    assert_eq!(style_var(fig, "--ch").as_deref(), Some("460"));
    let goal = card(&page, "goal");
    assert_eq!(style_var(goal, "--x").as_deref(), Some("80"));
    assert_eq!(style_var(goal, "--y").as_deref(), Some("100"));
    assert_eq!(style_var(goal, "--w").as_deref(), Some("260"));
    assert!(attr(goal, "class").contains("canvas-c4"));
    // the text card is Markdown; its wikilink resolves like a note's
    let link = goal
        .select(&sel("a.wikilink"))
        .next()
        .expect("the wikilink");
    assert_eq!(target("planning/", attr(link, "href")), "projects/kiln/");
    assert_eq!(
        goal.select(&sel("strong")).next().map(text).as_deref(),
        Some("June")
    );
    // a file card shows the note's title, linked to its section
    let scope = card(&page, "scope");
    let a = scope.select(&sel("a")).next().expect("the note link");
    assert_eq!(text(a), "Kiln");
    assert_eq!(target("planning/", attr(a, "href")), "projects/kiln/");
    assert!(attr(a, "href").ends_with("#scope"));
    // an image file card shows the image, copied
    let img = card(&page, "sketch")
        .select(&sel("img"))
        .next()
        .expect("image");
    assert!(page_file(&out, &target("planning/", attr(img, "src"))).is_file());
    // a link card, a hex colour
    let spec = card(&page, "spec");
    assert_eq!(style_var(spec, "--node-color").as_deref(), Some("#c0ffee"));
    assert_eq!(
        spec.select(&sel("a")).next().map(|a| attr(a, "href")),
        Some("https://example.org/kiln-spec")
    );
    // groups behind the edges, the edges behind the cards
    let order: Vec<String> = fig
        .select(&sel(".canvas-stage > *"))
        .map(|e| {
            if e.value().name() == "svg" {
                "edges".to_string()
            } else {
                attr(e, "data-id").to_string()
            }
        })
        .collect();
    assert_eq!(
        order,
        [
            "grp", "edges", "goal", "scope", "sketch", "spec", "gone", "odd"
        ]
    );
    assert_eq!(
        card(&page, "grp")
            .select(&sel(".canvas-group-label"))
            .next()
            .map(text)
            .as_deref(),
        Some("Phase one")
    );
    // edges: from the right of "goal" (340, 170) to the left of "scope" (480, 180)
    let edges: Vec<_> = fig.select(&sel("svg g.canvas-edge")).collect();
    assert_eq!(edges.len(), 2);
    let d = edges[0]
        .select(&sel("path.canvas-line"))
        .next()
        .map(|p| attr(p, "d"))
        .expect("a line");
    assert!(d.starts_with("M340 170C") && d.ends_with(" 480 180"), "{d}");
    let arrow = edges[0]
        .select(&sel("path.canvas-arrow"))
        .next()
        .map(|p| attr(p, "d"))
        .expect("an arrowhead at the end");
    assert!(arrow.starts_with("M480 180"), "{arrow}");
    assert_eq!(
        edges[0].select(&sel("text")).next().map(text).as_deref(),
        Some("limits")
    );
    // the second: an arrow at its start only, red
    assert!(attr(edges[1], "class").contains("canvas-c1"));
    let arrows: Vec<_> = edges[1].select(&sel("path.canvas-arrow")).collect();
    assert_eq!(arrows.len(), 1);
    assert!(attr(arrows[0], "d").starts_with("M620 260"));
}

#[test]
fn what_a_canvas_cannot_draw_is_shown_with_a_diagnostic() {
    let (_g, out) = built();
    let page = html(&out.join("planning/index.html"));
    // a file card whose file is missing: a visible unresolved card
    let gone = card(&page, "gone");
    assert!(attr(gone, "class").contains("unresolved"));
    assert!(text(gone).contains("Projects/Retired pipeline.md"));
    // a card of an unknown type keeps its text
    let odd = card(&page, "odd");
    assert_eq!(
        odd.select(&sel("pre")).next().map(text).as_deref(),
        Some("Remember the freezer")
    );
    // a file that is not JSON is shown as written, with a notice
    let broken = page
        .select(&sel(".board-canvas[data-source=\"Broken.canvas\"]"))
        .next()
        .expect("the broken canvas, embedded");
    assert!(broken.select(&sel(".board-notice")).next().is_some());
    assert!(
        broken
            .select(&sel("pre.board-source"))
            .next()
            .map(text)
            .is_some_and(|t| t.contains("\"text\": \"Half a thought\",, }"))
    );
    let r = report(&vault(), &[]);
    let diags: Vec<(String, String, u64, u64)> = diagnostics(&r, |d| {
        d["file"].as_str().is_some_and(|f| f.ends_with(".canvas"))
    })
    .into_iter()
    .map(|d| {
        (
            d["code"].as_str().unwrap_or("").to_string(),
            d["file"].as_str().unwrap_or("").to_string(),
            d["line"].as_u64().unwrap_or(0),
            d["col"].as_u64().unwrap_or(0),
        )
    })
    .collect();
    assert_eq!(
        diags,
        [
            ("canvas-invalid".into(), "Broken.canvas".into(), 3, 58),
            (
                "broken-link".into(),
                "Projects/Kiln plan.canvas".into(),
                8,
                0
            ),
            (
                "canvas-invalid".into(),
                "Projects/Kiln plan.canvas".into(),
                9,
                0
            ),
        ]
    );
    // never the raw file
    let names: Vec<String> = tree(&out).into_keys().collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains(".canvas") || n.contains(".base")),
        "{names:?}"
    );
}

#[test]
fn canvases_and_bases_have_pages_of_their_own() {
    let (_g, out) = built();
    let page = html(&out.join("planning/index.html"));
    let link = page
        .select(&sel("a.wikilink.board"))
        .next()
        .expect("the link to the base");
    assert_eq!(text(link), "guild session");
    let url = target("planning/", attr(link, "href"));
    let base = html(&page_file(&out, &url));
    assert_eq!(
        base.select(&sel("h1")).next().map(text).as_deref(),
        Some("Data guild")
    );
    assert_eq!(base.select(&sel("table.base-table")).count(), 2);
    let canvas = html(&out.join("projects/kiln-plan-canvas/index.html"));
    assert_eq!(canvas.select(&sel("figure.canvas .canvas-node")).count(), 7);
    // the embed's title goes to the page
    let title = page
        .select(&sel(".board-canvas .embed-title a"))
        .next()
        .expect("title");
    assert_eq!(
        target("planning/", attr(title, "href")),
        "projects/kiln-plan-canvas/"
    );
}

/// The rows (first column's text) and headers of a base table.
fn table(t: ElementRef) -> (Vec<String>, Vec<String>) {
    let heads = t.select(&sel("thead th")).map(text).collect();
    let rows = t
        .select(&sel("tbody tr"))
        .map(|r| r.select(&sel("td")).next().map(text).unwrap_or_default())
        .collect();
    (heads, rows)
}

#[test]
fn a_base_lists_exactly_the_notes_its_filters_select() {
    let (_g, out) = built();
    let page = html(&out.join("planning/index.html"));
    let bases: Vec<_> = page
        .select(&sel(".board-base[data-source=\"Data guild.base\"]"))
        .collect();
    assert_eq!(bases.len(), 2, "all views, then the one named");
    let tables: Vec<_> = bases[0].select(&sel("table")).collect();
    assert_eq!(tables.len(), 2);
    // tagged guild/data and of type meeting, newest first; display names
    let (heads, rows) = table(tables[0]);
    assert_eq!(heads, ["Name", "date", "facilitator", "Topic"]);
    assert_eq!(rows, ["2025-03-18 Data guild", "2025-03-04 Data guild"]);
    let cells: Vec<String> = tables[0]
        .select(&sel("tbody tr:first-child td"))
        .map(text)
        .collect();
    assert_eq!(
        cells,
        [
            "2025-03-18 Data guild",
            "2025-03-18",
            "Tomas Lind",
            "Schema reviews"
        ]
    );
    let a = tables[0]
        .select(&sel("tbody td a"))
        .next()
        .expect("a link to the note");
    assert_eq!(
        target("planning/", attr(a, "href")),
        "meetings/2025-03-18-data-guild/"
    );
    // limit 1
    assert_eq!(table(tables[1]).1, ["2025-03-18 Data guild"]);
    // `#Latest`: only that view
    let only: Vec<_> = bases[1].select(&sel("table")).collect();
    assert_eq!(only.len(), 1);
    assert_eq!(
        bases[1]
            .select(&sel(".base-view-name"))
            .next()
            .map(text)
            .as_deref(),
        Some("Latest")
    );
}

#[test]
fn what_a_base_cannot_do_is_named_in_a_notice_and_a_diagnostic() {
    let (_g, out) = built();
    let page = html(&out.join("planning/index.html"));
    let odd = page
        .select(&sel(".board-base[data-source=\"Odd.base\"]"))
        .next()
        .expect("the odd base");
    let notices: Vec<String> = odd.select(&sel(".board-notice li")).map(text).collect();
    assert_eq!(notices.len(), 4, "{notices:?}");
    assert!(notices.iter().any(|n| n.contains("now()")));
    assert!(notices.iter().any(|n| n.contains("`cards`")));
    assert!(notices.iter().any(|n| n.contains("formula.age")));
    // the filter it cannot read is not applied: the other one alone selects
    let (heads, rows) = table(odd.select(&sel("table")).next().expect("a table"));
    assert_eq!(heads, ["Name", "formula.age"]);
    assert_eq!(
        rows,
        [
            "2025-03-04 Data guild",
            "2025-03-11 Design review",
            "2025-03-18 Data guild",
            "Guild charter"
        ]
    );
    let r = report(&vault(), &[]);
    let lines: Vec<u64> = diagnostics(&r, |d| {
        d["code"] == "base-unsupported" && d["file"] == "Odd.base"
    })
    .into_iter()
    .map(|d| d["line"].as_u64().unwrap_or(0))
    .collect();
    assert_eq!(lines, [4, 6, 9, 12]);
}

#[test]
fn a_canvas_is_searchable_and_the_build_is_deterministic() {
    let cfg = minutebook::config::Config {
        progress: false,
        ..Default::default()
    };
    let notes = vec![
        (
            "Board.canvas".to_string(),
            br#"{"nodes":[{"id":"t","type":"text","text":"Quarterly **pelican** review","x":0,"y":0,"width":100,"height":50}]}"#.to_vec(),
        ),
        ("Note.md".to_string(), b"# Note\n\n[[Board.canvas]]\n".to_vec()),
    ];
    let o = minutebook::render_in_memory_with(&cfg, &notes, &[], true).expect("render");
    let site = o.published.site();
    let ix = minutebook::search::Index::build(&o.published);
    let unit = ix
        .units
        .iter()
        .position(|u| u.title == "Board")
        .expect("the canvas is a unit of the index");
    assert_eq!(ix.units[unit].url, site.boards[0].url);
    let term = minutebook::search::TextPipeline::default()
        .term("pelican")
        .expect("a term");
    assert!(
        ix.postings.contains_key(&term),
        "a text card's word is indexed"
    );
    let again = minutebook::render_in_memory_with(&cfg, &notes, &[], true).expect("render");
    let bytes = |o: &minutebook::Outcome| -> Vec<(String, Vec<u8>)> {
        o.files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect()
    };
    assert_eq!(bytes(&o), bytes(&again));
}

#[test]
fn a_profile_publishes_no_canvas_and_no_base() {
    let dir = tempfile::tempdir().expect("tempdir");
    let v = dir.path().join("vault");
    write(
        &v.join("Plan.md"),
        "---\nprivacy: public\n---\n# Plan\n\nSee [[Board.canvas]] and ![[Rows.base]].\n",
    );
    write(
        &v.join("Board.canvas"),
        r#"{"nodes":[{"id":"t","type":"text","text":"The vendor is Zanzibar Pickle Works","x":0,"y":0,"width":100,"height":50}]}"#,
    );
    write(
        &v.join("Rows.base"),
        "views:\n  - type: table\n    name: All\n",
    );
    write(
        &dir.path().join("site.toml"),
        "title = \"T\"\n[profiles.team]\nredact = ['Zanzibar']\n",
    );
    let out = dir.path().join("out");
    build_in(dir.path(), &v, &out, &["--profile", "team"]);
    for (name, bytes) in tree(&out) {
        let s = String::from_utf8_lossy(&bytes);
        assert!(
            !s.contains("Pickle Works"),
            "{name} holds the canvas's text"
        );
    }
    let page = html(&out.join("plan/index.html"));
    assert!(page.select(&sel(".board, a.board")).next().is_none());
    assert!(text(page.select(&sel(".note-body")).next().expect("body")).contains("Board.canvas"));
    let r = report_in(dir.path(), &v, &["--profile", "team"]);
    let unpublished: Vec<&str> = diagnostics(&r, |d| d["code"] == "board-unpublished")
        .into_iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert_eq!(unpublished, ["Board.canvas", "Rows.base"]);
}

#[test]
fn a_canvas_runs_nothing_and_styles_nothing_of_its_own() {
    let cfg = minutebook::config::Config {
        progress: false,
        ..Default::default()
    };
    let canvas = r##"{"nodes":[
        {"id":"t\"><b>","type":"text","text":"<img src=x onerror=alert(1)> hi","x":0,"y":0,"width":100,"height":50,"color":"red;background:url(x)"},
        {"id":"l","type":"link","url":"javascript:alert(1)","x":0,"y":90,"width":100,"height":50},
        {"id":"g","type":"group","label":"</span><script>alert(1)</script>","x":0,"y":0,"width":300,"height":300}],
      "edges":[{"id":"e","fromNode":"l","toNode":"g","label":"<svg onload=alert(1)>"}]}"##;
    let notes = vec![("B.canvas".to_string(), canvas.as_bytes().to_vec())];
    let o = minutebook::render_in_memory_with(&cfg, &notes, &[], false).expect("render");
    let url = o.published.site().boards[0].url.clone();
    let page = o
        .files
        .iter()
        .find(|f| f.path == format!("{url}index.html"))
        .expect("the canvas's page");
    let doc = Html::parse_document(&String::from_utf8_lossy(&page.bytes));
    let stage = doc.select(&sel(".canvas-stage")).next().expect("a stage");
    assert!(
        stage
            .select(&sel("script, [onerror], [onload], b"))
            .next()
            .is_none()
    );
    assert!(
        stage
            .select(&sel("a[href^=\"javascript\"]"))
            .next()
            .is_none()
    );
    for e in stage.select(&sel("[style]")) {
        assert!(!attr(e, "style").contains("url("), "{}", attr(e, "style"));
    }
    assert!(
        text(stage).contains("javascript:alert(1)"),
        "the link card's text stays"
    );
}
