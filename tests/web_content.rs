//! Diagrams and web content: mermaid fences, videos and pages written as
//! images, raw `<iframe>`s and inline colours — the hand-written notes of
//! `tests/fixtures/web-content/`, built with the command line and read back
//! with an HTML parser. (tests/browser.rs draws and clicks them in Chromium.)

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// The fixture vault.
fn vault() -> PathBuf {
    root().join("tests/fixtures/web-content")
}

/// The site.toml that allows the fixture's map host.
pub const ALLOW_MAPS: &str = "[embeds]\niframe_hosts = [\"maps.example.org\"]\n";

/// Build the fixture vault from a folder holding `site_toml` into a fresh
/// folder; the folders live as long as the guard.
fn built(site_toml: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let cwd = dir.path().join("cwd");
    write(&cwd.join("site.toml"), site_toml);
    let out = dir.path().join("public");
    build_in(&cwd, &vault(), &out, extra);
    (dir, out)
}

/// The note body of a page.
fn body(out: &Path, slug: &str) -> scraper::Html {
    html(&out.join(slug).join("index.html"))
}

fn attr<'a>(e: &scraper::ElementRef<'a>, name: &str) -> &'a str {
    e.value().attr(name).unwrap_or_default()
}

/// The `src` of every script of a page.
fn scripts(doc: &scraper::Html) -> Vec<String> {
    doc.select(&sel("script"))
        .map(|s| attr(&s, "src").to_string())
        .collect()
}

#[test]
fn only_pages_with_a_diagram_load_mermaid_and_the_source_stays_in_the_page() {
    let (_g, out) = built("", &[]);
    let mermaid = |doc: &scraper::Html| -> Vec<String> {
        scripts(doc)
            .into_iter()
            .filter(|s| s.contains("mermaid"))
            .collect()
    };
    for slug in ["release-flow", "platform-sync", "broken-diagram"] {
        let doc = body(&out, slug);
        let m = mermaid(&doc);
        assert_eq!(m.len(), 1, "{slug}: {m:?}");
        // relative to the page, to the vendored file, loaded before minutebook.js
        let file = out.join(slug).join(&m[0]);
        assert!(file.is_file(), "{slug}: {}", file.display());
        assert!(m[0].ends_with("static/mermaid.min.js"), "{}", m[0]);
        let all = scripts(&doc);
        let at = |s: &str| all.iter().position(|x| x.ends_with(s)).unwrap();
        assert!(at("mermaid.min.js") < at("minutebook.js"), "{all:?}");
        // without the script, the source is what shows
        let pre = doc.select(&sel(".note-body pre.mermaid")).next().unwrap();
        assert!(text(pre).contains("flowchart LR"), "{slug}");
    }
    let flow = body(&out, "release-flow");
    let pre = flow.select(&sel("pre.mermaid")).next().unwrap();
    assert!(text(pre).contains("B -- yes --> C[Staging]"));
    assert!(
        std::fs::metadata(out.join("static/mermaid.min.js"))
            .unwrap()
            .len()
            > 1_000_000
    );
    assert!(out.join("static/mermaid.LICENSE").is_file());
    // pages without a diagram do not reference it: a plain note, a code
    // block that merely says "flowchart", the home and index pages
    for page in [
        "plain-notes/index.html",
        "demo-links/index.html",
        "index.html",
        "people/index.html",
        "search/index.html",
    ] {
        let doc = html(&out.join(page));
        assert!(mermaid(&doc).is_empty(), "{page}");
        assert!(!scripts(&doc).is_empty(), "{page} has its other scripts");
    }
}

#[test]
fn videos_written_as_images_are_cards_that_fetch_nothing_and_pages_are_link_cards() {
    let (_g, out) = built("", &[]);
    let doc = body(&out, "demo-links");
    let cards: Vec<_> = doc.select(&sel(".note-body a.web-embed.video")).collect();
    let players: Vec<&str> = cards.iter().map(|c| attr(c, "data-player")).collect();
    assert_eq!(
        players,
        [
            "https://www.youtube-nocookie.com/embed/aBcDeFgHiJ0?start=90",
            "https://www.youtube-nocookie.com/embed/Zx9Yw8Vu7Ts",
            "https://www.youtube-nocookie.com/embed/Qq1Ww2Ee3Rr",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ]
    );
    let first = &cards[0];
    assert_eq!(
        attr(first, "href"),
        "https://www.youtube.com/watch?v=aBcDeFgHiJ0&t=90"
    );
    assert_eq!(attr(first, "data-provider"), "YouTube");
    assert_eq!(attr(first, "title"), "Recorded by Orla Brandt");
    let part = |c: &scraper::ElementRef, css: &str| text(c.select(&sel(css)).next().unwrap());
    assert_eq!(part(first, ".web-embed-title"), "Checkout demo, sprint 14");
    assert!(part(first, ".web-embed-host").contains("youtube.com"));
    assert!(first.select(&sel(".web-embed-play")).next().is_some());
    // no alt text: the host names it
    assert_eq!(part(&cards[1], ".web-embed-title"), "Video on YouTube");
    assert_eq!(part(&cards[3], ".web-embed-title"), "Partner walkthrough");
    // nothing on the page loads from a video host before a click
    for e in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for a in ["src", "srcset", "poster", "data"] {
            if let Some(v) = e.value().attr(a) {
                for host in ["youtube", "ytimg", "vimeo", "x.com"] {
                    assert!(!v.contains(host), "<{}> {a}={v}", e.value().name());
                }
            }
        }
    }
    assert_eq!(
        doc.select(&sel(".note-body iframe, .note-body img"))
            .count(),
        0
    );
    // a web page: a link card with its words and host
    let page: Vec<_> = doc.select(&sel(".note-body a.web-embed.page")).collect();
    assert_eq!(page.len(), 1);
    assert_eq!(
        attr(&page[0], "href"),
        "https://x.com/crumbco/status/1234567890"
    );
    assert_eq!(part(&page[0], ".web-embed-title"), "Oven thread");
    assert_eq!(part(&page[0], ".web-embed-host"), "x.com");
    // an image is still an image, shown as a link while remote_images is off
    let photo = doc
        .select(&sel(
            ".note-body a[href=\"https://img.example.org/starter.jpg\"]",
        ))
        .next()
        .expect("the photo's link");
    assert_eq!(text(photo), "Sourdough starter");
    assert!(!attr(&photo, "class").contains("web-embed"));
}

/// The diagnostics of the fixture vault as (code, file, line, message).
fn diagnostics(site_toml: &str) -> Vec<(String, String, u64, String)> {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("site.toml"), site_toml);
    diagnostic_rows(&report_in(dir.path(), &vault(), &[]))
        .into_iter()
        .filter(|d| d.1 == "Frames and colours.md")
        .collect()
}

#[test]
fn a_frame_of_an_allowed_host_is_kept_sandboxed_and_others_are_links() {
    let (_g, out) = built(ALLOW_MAPS, &[]);
    let doc = body(&out, "frames-and-colours");
    let frames: Vec<_> = doc.select(&sel(".note-body iframe")).collect();
    assert_eq!(frames.len(), 1, "only the allowed frame stays a frame");
    let f = &frames[0];
    assert_eq!(
        attr(f, "src"),
        "https://maps.example.org/embed?route=north&day=tue"
    );
    assert_eq!(
        attr(f, "sandbox"),
        "allow-scripts allow-same-origin allow-popups"
    );
    assert_eq!(attr(f, "loading"), "lazy");
    assert_eq!(attr(f, "referrerpolicy"), "no-referrer");
    assert_eq!(attr(f, "title"), "Delivery route north");
    let mut names: Vec<&str> = f.value().attrs().map(|(n, _)| n).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "height",
            "loading",
            "referrerpolicy",
            "sandbox",
            "src",
            "title",
            "width"
        ]
    );
    // a host nobody allowed: a link to the frame's source, with its title
    let board = doc
        .select(&sel(
            ".note-body a.web-embed.page[href=\"https://board.example.com/b/42\"]",
        ))
        .next()
        .expect("the board as a link");
    assert!(text(board).contains("Flour orders board"));
    // a video player's frame: the click-to-load card
    let video = doc
        .select(&sel(".note-body a.web-embed.video"))
        .next()
        .expect("the pasted player as a card");
    assert_eq!(
        attr(&video, "data-player"),
        "https://www.youtube-nocookie.com/embed/Zx9Yw8Vu7Ts"
    );
    assert!(text(video).contains("Proofing times explained"));

    let ds = diagnostics(ALLOW_MAPS);
    let blocked: Vec<_> = ds.iter().filter(|d| d.0 == "iframe-blocked").collect();
    assert_eq!(blocked.len(), 1, "{ds:?}");
    assert_eq!(blocked[0].2, 9);
    assert_eq!(
        blocked[0].3,
        "an <iframe> from board.example.com is shown as a link; allow its host with [embeds] iframe_hosts in site.toml"
    );
    // what was removed, said as it is: no scripts were there
    let unsafe_html: Vec<_> = ds.iter().filter(|d| d.0 == "unsafe-html").collect();
    assert_eq!(unsafe_html.len(), 2, "{ds:?}");
    assert_eq!(unsafe_html[0].2, 5);
    assert_eq!(
        unsafe_html[0].3,
        "raw HTML with event handlers (on…=), style properties other than colours and text styles; they are removed"
    );
    assert_eq!(unsafe_html[1].2, 15);
    assert!(ds.iter().all(|d| !d.3.contains("script")), "{ds:?}");

    // by default no host is allowed: the map is a link too, and said to be
    let (_g, out) = built("", &[]);
    let doc = body(&out, "frames-and-colours");
    assert_eq!(doc.select(&sel(".note-body iframe")).count(), 0);
    assert!(doc
        .select(&sel(".note-body a.web-embed.page[href=\"https://maps.example.org/embed?route=north&day=tue\"]"))
        .next()
        .is_some());
    let ds = diagnostics("");
    assert_eq!(
        ds.iter().filter(|d| d.0 == "iframe-blocked").count(),
        2,
        "{ds:?}"
    );
}

/// The declarations of a `style` attribute, as (property, value).
fn declarations(style: &str) -> Vec<(String, String)> {
    style
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

#[test]
fn inline_colours_are_kept_and_placement_and_urls_are_not() {
    let (_g, out) = built("", &[]);
    let doc = body(&out, "frames-and-colours");
    let spans: Vec<_> = doc.select(&sel(".note-body p span[style]")).collect();
    assert_eq!(spans.len(), 2);
    assert_eq!(text(spans[0]), "blocked on the mixer");
    assert_eq!(
        declarations(attr(&spans[0], "style")),
        [("color".to_string(), "#b00020".to_string())]
    );
    assert_eq!(
        declarations(attr(&spans[1], "style")),
        [("background-color".to_string(), "yellow".to_string())]
    );
    let font = doc.select(&sel(".note-body font")).next().expect("<font>");
    assert_eq!(attr(&font, "color"), "green");
    // nothing else of the page's notes is styled by the note
    let page = std::fs::read_to_string(out.join("frames-and-colours/index.html")).unwrap();
    for gone in ["position", "url(", "onload", "steal()", "camera"] {
        assert!(!page.contains(gone), "{gone}");
    }
}

#[test]
fn a_profile_redacts_the_words_of_cards_and_frames() {
    let toml = format!(
        "{ALLOW_MAPS}[profiles.team]\nunknown_privacy = \"team\"\nredact = [\"Orla Brandt\", \"Delivery route\", \"Checkout demo\", \"Flour orders\"]\n"
    );
    let (_g, out) = built(&toml, &["--profile", "team"]);
    let files = tree(&out);
    for canary in [
        "Orla Brandt",
        "Delivery route",
        "Checkout demo",
        "Flour orders",
    ] {
        for (path, bytes) in &files {
            assert!(
                !holds(&String::from_utf8_lossy(bytes), canary),
                "{canary} in {path}"
            );
        }
    }
    // the cards and the frame are still there, their words redacted
    let doc = body(&out, "demo-links");
    let card = doc
        .select(&sel(".note-body a.web-embed.video"))
        .next()
        .unwrap();
    assert!(text(card).contains("█████"), "{}", text(card));
    assert!(attr(&card, "title").contains("█████"));
    let doc = body(&out, "frames-and-colours");
    let f = doc.select(&sel(".note-body iframe")).next().unwrap();
    assert!(attr(&f, "title").contains("█████"));
    let board = doc
        .select(&sel(".note-body a.web-embed.page"))
        .next()
        .unwrap();
    assert!(text(board).contains("█████"));
}
