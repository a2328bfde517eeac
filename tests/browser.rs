//! The built site opened in Debian's headless Chromium, from disk (file://):
//! the home page shows the timeline and a meeting page's links work.

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
    assert_eq!(doc.select(&sel(".timeline a.meeting-title")).count(), 15);
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
