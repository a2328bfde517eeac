//! The built site opened in Debian's headless Chromium, from disk (file://):
//! the home page shows the timeline and a meeting page's links work; mermaid
//! diagrams are drawn in the page's colour scheme (a broken one keeps its
//! source), and a video card becomes its player on a click.

mod common;
use common::*;

fn chromium() -> Option<String> {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(o) = std::process::Command::new("which").arg(c).output() {
            if o.status.success() {
                return Some(String::from_utf8_lossy(&o.stdout).trim().to_string());
            }
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install chromium (see .ci/run)"
    );
    eprintln!("skipping: no chromium");
    None
}

fn dump_dom(chromium: &str, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn home_page_opens_from_disk_and_shows_the_timeline() {
    let Some(chromium) = chromium() else { return };
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("public");
    let o = mb().args(["build", "--out"]).arg(&out).output().unwrap();
    assert!(o.status.success());
    let dom = dump_dom(&chromium, &format!("file://{}/index.html", out.display()));
    let doc = scraper::Html::parse_document(&dom);
    assert_eq!(doc.select(&sel("section.year")).count(), 1, "{dom}");
    // the latest three months
    assert_eq!(doc.select(&sel(".timeline a.meeting-title")).count(), 11);
    // the stylesheet was found relative to the page
    let css = doc
        .select(&sel("link[rel=stylesheet]"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert!(out.join(&css).is_file(), "{css}");
    // a meeting page opened through a transcript-turn link: the script opens the transcript
    let turn = "#t-00-00-11";
    let page = out.join("meetings/1-1/dana-reyes/2025-09-16-dana-reyes/index.html");
    let dom = dump_dom(&chromium, &format!("file://{}{turn}", page.display()));
    let doc = scraper::Html::parse_document(&dom);
    let details = doc
        .select(&sel("details.transcript"))
        .next()
        .expect("transcript");
    assert!(
        details.value().attr("open").is_some(),
        "the transcript opens for a turn link"
    );
    assert!(
        doc.select(&sel(".turn.target")).next().is_some(),
        "the turn is highlighted"
    );
}

// ---- diagrams and videos (tests/fixtures/web-content), through chromedriver ----

use common::webdriver::{Driver, chromedriver};
use serde_json::json;

/// The web-content fixture built into a fresh folder, and a driver.
fn web_content() -> Option<(tempfile::TempDir, std::path::PathBuf, Driver)> {
    let bin = chromedriver()?;
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("public");
    build(&root().join("tests/fixtures/web-content"), &out, &[]);
    Some((d, out, Driver::start(&bin)))
}

fn page(out: &std::path::Path, slug: &str) -> String {
    format!("file://{}/{slug}/index.html", out.display())
}

/// The text of the first `<style>` of the first drawn diagram.
const SVG_STYLE: &str = "var s = document.querySelector('.mermaid-diagram svg style'); return s ? s.textContent : null;";

#[test]
fn mermaid_draws_in_the_page_colour_scheme_and_a_broken_diagram_keeps_its_source() {
    let Some((_d, out, dr)) = web_content() else {
        return;
    };
    dr.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": "light"}]}),
    );
    for slug in ["release-flow", "platform-sync"] {
        dr.open(&page(&out, slug));
        let svgs = dr.wait("var s = document.querySelectorAll('.note-body .mermaid-diagram > svg'); return s.length || null;");
        assert_eq!(svgs, json!(1), "{slug}");
        assert_eq!(
            dr.js("return document.querySelector('.mermaid-diagram svg').textContent.includes('Staging')"),
            json!(true)
        );
        // the drawing replaces the source
        assert_eq!(
            dr.js("return getComputedStyle(document.querySelector('pre.mermaid')).display"),
            json!("none")
        );
    }
    // mermaid's light theme, then its dark one when the scheme changes
    let light = dr.wait(SVG_STYLE).as_str().unwrap().to_ascii_lowercase();
    assert!(light.contains("#ececff"), "light theme");
    dr.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
    );
    let dark = dr.wait(
        "var s = document.querySelector('.mermaid-diagram svg style'); return s && !s.textContent.toLowerCase().includes('#ececff') ? s.textContent : null;",
    );
    assert!(
        dark.as_str().unwrap().contains("#1f2020"),
        "dark theme: {dark}"
    );
    assert_eq!(
        dr.js("return document.querySelectorAll('.mermaid-diagram svg').length"),
        json!(1),
        "drawn again in place, not twice"
    );

    // a syntax error: the source stays, with a notice, and no error drawing
    dr.open(&page(&out, "broken-diagram"));
    let notice = dr.wait("var e = document.querySelector('.note-body .mermaid-error'); return e ? e.textContent : null;");
    assert!(
        notice
            .as_str()
            .unwrap()
            .starts_with("This diagram could not be drawn"),
        "{notice}"
    );
    assert_eq!(
        dr.js("var p = document.querySelector('pre.mermaid'); return [getComputedStyle(p).display, p.textContent.includes('A[Oven one]')]"),
        json!(["block", true])
    );
    assert_eq!(
        dr.js("return document.querySelectorAll('.mermaid-diagram, body > [id^=dmermaid], body > svg').length"),
        json!(0)
    );
}

#[test]
fn a_video_card_becomes_the_player_on_click_and_only_a_known_player() {
    let Some((_d, out, dr)) = web_content() else {
        return;
    };
    dr.open(&page(&out, "demo-links"));
    assert_eq!(
        dr.js("return document.querySelectorAll('iframe').length"),
        json!(0)
    );
    dr.click(".note-body a.web-embed.video");
    let frame = dr.wait(
        "var f = document.querySelector('.note-body .web-embed-frame > iframe'); return f ? [f.getAttribute('src'), f.getAttribute('sandbox'), f.title] : null;",
    );
    assert_eq!(
        frame,
        json!([
            "https://www.youtube-nocookie.com/embed/aBcDeFgHiJ0?start=90&autoplay=1",
            "allow-scripts allow-same-origin allow-popups allow-presentation",
            "Checkout demo, sprint 14"
        ])
    );
    assert_eq!(
        dr.js("return document.querySelectorAll('.note-body a.web-embed.video').length"),
        json!(3),
        "the clicked card gave its place to the player"
    );
    // a card written in a note's raw HTML with another player is a plain link
    dr.js("var a = document.createElement('a'); a.className = 'web-embed video'; a.href = '#elsewhere'; a.setAttribute('data-player', 'javascript:alert(1)'); a.textContent = 'x'; a.id = 'forged'; document.querySelector('.note-body').appendChild(a); return null;");
    dr.click("#forged");
    assert_eq!(
        dr.js("return [document.querySelectorAll('iframe').length, location.hash]"),
        json!([1, "#elsewhere"])
    );
}
