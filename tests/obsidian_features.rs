//! What Obsidian shows, the site shows: small hand-written notes of
//! `tests/fixtures/obsidian-features/`, built with the command line and read
//! back with an HTML parser.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// The fixture vault.
fn vault() -> PathBuf {
    root().join("tests/fixtures/obsidian-features")
}

/// Build the fixture vault with the defaults (from an empty folder) into a
/// fresh folder; the folders live as long as the guard.
fn built() -> (tempfile::TempDir, PathBuf) {
    built_fixture("obsidian-features")
}

/// Every file under `dir`, read as text where it is text.
fn texts(dir: &Path) -> Vec<(PathBuf, String)> {
    walk(dir)
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|s| (p, s)))
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn math_is_mathml_with_its_source_and_prose_dollars_stay_prose() {
    let (_guard, out) = built();
    let page = html(&out.join("formulas/index.html"));
    let body = page
        .select(&sel("article, main"))
        .next()
        .expect("the note's body");

    // inline math: no display, or display="inline"
    let inline: Vec<_> = body
        .select(&sel("math"))
        .filter(|m| m.value().attr("display").is_none_or(|d| d == "inline"))
        .collect();
    assert_eq!(inline.len(), 2, "two inline formulas");
    assert!(inline[0].select(&sel("mfrac")).next().is_some());
    assert!(inline[1].select(&sel("msup")).next().is_some());
    let tex = |m: scraper::ElementRef| {
        m.select(&sel(
            "semantics > annotation[encoding=\"application/x-tex\"]",
        ))
        .next()
        .map(|a| a.text().collect::<String>())
        .expect("an annotation with the TeX")
    };
    assert_eq!(
        tex(inline[0]),
        r"h = \frac{\text{hits}}{\text{hits} + \text{misses}}"
    );
    assert_eq!(tex(inline[1]), "x^2");

    // display math, over several lines or inside a sentence
    let display: Vec<_> = body.select(&sel("math[display=\"block\"]")).collect();
    assert_eq!(display.len(), 2, "two display formulas");
    assert_eq!(
        tex(display[0]),
        r"\sum_{i=1}^{n} t_i \le \sqrt{N} \cdot 10^{-4}"
    );
    assert!(
        display[0]
            .select(&sel("munderover, msubsup"))
            .next()
            .is_some()
    );
    assert!(display[0].select(&sel("msqrt")).next().is_some());
    assert_eq!(tex(display[1]), "E = mc^2");

    // nothing a script or a link could hang on
    for m in body.select(&sel("math, math *")) {
        for (name, _) in m.value().attrs() {
            assert!(
                !name.starts_with("on") && name != "href" && name != "style",
                "{name} on <{}>",
                m.value().name()
            );
        }
    }

    // dollar amounts in prose are not math
    let prices = body
        .select(&sel("p"))
        .find(|p| text(*p).starts_with("Prices in prose"))
        .expect("the prices paragraph");
    assert!(prices.select(&sel("math")).next().is_none());
    assert!(
        text(prices).contains("costs $5 and the add-on $10 a month, or between $5-$10."),
        "{}",
        text(prices)
    );

    // code keeps its dollars
    let codes: Vec<String> = body.select(&sel("code")).map(text).collect();
    assert!(codes.iter().any(|c| c == "$x^2$"), "{codes:?}");
    assert!(codes.iter().any(|c| c == "$$ y = x $$"), "{codes:?}");

    // what cannot be drawn shows as written
    let broken: Vec<_> = body.select(&sel(".math-error")).collect();
    assert_eq!(broken.len(), 1);
    assert_eq!(text(broken[0]), r"$\frac{a}{$");
    assert!(broken[0].value().attr("title").is_some());
}

#[test]
fn search_holds_the_tex_not_the_markup() {
    let (_guard, out) = built();
    let search = texts(&out.join("search"));
    assert!(!search.is_empty());
    for (p, s) in &search {
        for markup in ["<math", "<mi", "annotation", "application/x-tex"] {
            assert!(!s.contains(markup), "{markup} in {}", p.display());
        }
    }
    assert!(
        search.iter().any(|(_, s)| s.contains("misses")),
        "the TeX's words are indexed"
    );
}

#[test]
fn check_reports_a_formula_that_cannot_be_drawn_at_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = report_in(dir.path(), &vault(), &[]);
    let math: Vec<_> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "math-syntax")
        .collect();
    assert_eq!(math.len(), 1, "{math:?}");
    assert_eq!(math[0]["file"], "Formulas.md");
    assert_eq!(math[0]["line"], 25);
    assert_eq!(math[0]["severity"], "warning");
    assert!(
        math[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("shown as written")),
        "{:?}",
        math[0]
    );
}

/// Every element id on the page is unique, and every `href="#id"` names one.
fn assert_ids_unique_and_anchors_live(doc: &scraper::Html, page: &str) {
    let ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        assert!(seen.insert(*id), "id {id:?} repeats on {page}");
    }
    for href in hrefs(doc) {
        if let Some(frag) = href.strip_prefix('#') {
            if !frag.is_empty() {
                assert!(
                    seen.contains(decode(frag).as_str()),
                    "{href} on {page} names no element"
                );
            }
        }
    }
}

/// The diagnostics of `check` on the fixture vault with `code`, as
/// (file, line, column).
fn diagnostics_of(code: &str) -> Vec<(String, u64, u64)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = report_in(dir.path(), &vault(), &[]);
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["col"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn a_note_embeds_its_own_sections_with_unique_ids_and_live_anchors() {
    let (_guard, out) = built();
    let page = html(&out.join("runbooks/on-call-handbook/index.html"));
    assert_ids_unique_and_anchors_live(&page, "the handbook");
    let body = page.select(&sel(".note-body")).next().expect("body");
    // `![[#Escalation path]]` draws the section, its link goes to it on the page
    let embeds: Vec<_> = body.select(&sel(":scope > div.embed")).collect();
    assert_eq!(embeds.len(), 2, "![[#Escalation path]] and ![[#Summary]]");
    let first = embeds[0];
    assert!(!first.value().classes().any(|c| c == "embed-cut"));
    let items: Vec<String> = first.select(&sel(":scope > ol > li")).map(text).collect();
    assert_eq!(
        items,
        [
            "Secondary on-call",
            "Team lead, Wren Halloway",
            "Incident commander"
        ]
    );
    let title = first.select(&sel(".embed-title a")).next().expect("title");
    assert_eq!(title.value().attr("href"), Some("#escalation-path"));
    // `![[#Summary]]` inside Summary: drawn once, the repeat inside it cut
    let summary = embeds[1];
    assert_eq!(summary.select(&sel(".embed-cut")).count(), 1);
    assert_eq!(
        diagnostics_of("embed-cycle"),
        [("Runbooks/On-call Handbook.md".to_string(), 23, 1)],
        "only the section that embeds itself is a cycle"
    );
}

#[test]
fn links_inside_an_embedded_section_point_at_its_note() {
    let (_guard, out) = built();
    let page_url = "meetings/2026-04-14-pager-review/";
    let page = html(&out.join(page_url).join("index.html"));
    assert_ids_unique_and_anchors_live(&page, page_url);
    let embed = page
        .select(&sel(".note-body div.embed"))
        .next()
        .expect("embed");
    let back = embed
        .select(&sel("a.wikilink"))
        .find(|a| text(*a) == "Paging rules")
        .expect("the section's link to its own note's heading");
    let href = back.value().attr("href").expect("href");
    let (path, frag) = href.split_once('#').expect("a fragment");
    assert_eq!(
        resolve_href(page_url, path).as_deref(),
        Some("runbooks/on-call-handbook/")
    );
    let target = html(&out.join("runbooks/on-call-handbook/index.html"));
    assert_eq!(target.select(&sel(&format!("[id=\"{frag}\"]"))).count(), 1);
    // the page's own footnote and the embedded one both work
    assert_eq!(page.select(&sel("section.footnotes li")).count(), 2);
}

#[test]
fn markdown_images_and_links_resolve_as_obsidian_does() {
    let (_guard, out) = built();
    let page_url = "projects/dock-lights/";
    let page = html(&out.join(page_url).join("index.html"));
    assert_ids_unique_and_anchors_live(&page, page_url);
    // a vault without a diagram does not carry the mermaid build
    assert!(!out.join("static/mermaid.min.js").exists());
    assert!(out.join("static/minutebook.js").is_file());
    let body = page.select(&sel(".note-body")).next().expect("body");
    // a bare file name found anywhere, with size syntax, and a root path
    let imgs: Vec<_> = body.select(&sel("img")).collect();
    assert_eq!(imgs.len(), 3, "three images of the wiring sketch");
    for img in &imgs {
        let src = img.value().attr("src").expect("src");
        let file = resolve_href(page_url, src).expect("a local file");
        assert_eq!(file, "files/assets/wiring.png");
        assert!(out.join(&file).is_file(), "{file} is copied");
    }
    let attrs = |i: usize| {
        let v = imgs[i].value();
        (v.attr("alt"), v.attr("width"), v.attr("height"))
    };
    assert_eq!(attrs(0), (Some("Wiring sketch"), None, None));
    assert_eq!(
        attrs(1),
        (Some("Wiring sketch, small"), Some("120"), Some("80"))
    );
    assert_eq!(attrs(2), (Some(""), Some("200"), None));
    // links to a note by relative path or by name, with heading fragments
    let link = |t: &str| {
        body.select(&sel("a"))
            .find(|a| text(*a) == t)
            .and_then(|a| a.value().attr("href").map(String::from))
            .unwrap_or_else(|| panic!("a link {t:?}"))
    };
    let esc = link("the handbook's escalation path");
    let (path, frag) = esc.split_once('#').expect("fragment");
    assert_eq!(
        resolve_href(page_url, path).as_deref(),
        Some("runbooks/on-call-handbook/")
    );
    assert_eq!(frag, "escalation-path");
    assert_eq!(
        resolve_href(page_url, &link("the handbook")).as_deref(),
        Some("runbooks/on-call-handbook/")
    );
    assert_eq!(link("the wiring notes"), "#wiring-notes");
    // what names nothing: its text, visibly unresolved, never a dead link
    let unresolved: Vec<String> = body
        .select(&sel("span.wikilink.unresolved"))
        .map(text)
        .collect();
    assert_eq!(unresolved, ["the first plan", "crane at dusk"]);
    for href in hrefs(&page) {
        assert!(
            !href.contains("Old") && !href.contains("crane"),
            "a dead link {href}"
        );
    }
    assert_eq!(
        diagnostics_of("broken-link"),
        [
            ("Projects/Dock Lights.md".to_string(), 13, 25),
            ("Projects/Dock Lights.md".to_string(), 13, 72)
        ]
    );
}
