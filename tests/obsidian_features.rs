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
