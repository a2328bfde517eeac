//! Reading a meeting page (issue 15, part B), in the built HTML: the
//! transcript's merged turns, devices apart in the talk share, the skip
//! link, tools and collapse button; `check`'s `implausible-duration`; the
//! table of contents of long notes; the hover preview shards (and that a
//! profile's dropped notes are not in them); the theme toggle in the header.
//! What the browser does with them is in tests/browser_reading.rs.

mod common;
use common::*;
use std::path::Path;

/// A meeting with a transcript: Ana twice in a row (one block), Bo, a
/// `zoom.us` device, a laptop microphone, Ana again.
const MEETING: &str = "---\ncreated: 2025-03-04\nduration_min: \"60\"\nattendees:\n  - \"[[Ana Lima]]\"\n  - \"[[Bo Chen]]\"\n---\n# Kiln review\n\nWe met about [[Glaze notes]].\n\n<!-- ai:transcript:start -->\n\n## Transcript\n\n```text\n[00:00:01.00] zoom.us : Recording in progress.\n\n[00:00:04.00] Ana Lima : The kiln is late again.\n\n[00:00:09.00] Ana Lima : Two weeks, the supplier says.\n\n[00:00:15.00] Bo Chen : Then we fire in the old one.\n\n[00:00:21.00] MacBook Pro Microphone : Can anyone hear me? I am on the laptop.\n\n[00:00:30.00] Ana Lima : We hear you.\n```\n\n<!-- ai:transcript:end -->\n";

fn vault(dir: &Path) -> std::path::PathBuf {
    let v = dir.join("v");
    write(&v.join("Meetings/2025-03-04 Kiln review.md"), MEETING);
    write(
        &v.join("People/Ana Lima.md"),
        "---\ntype: person\n---\n# Ana Lima\n",
    );
    write(
        &v.join("People/Bo Chen.md"),
        "---\ntype: person\n---\n# Bo Chen\n",
    );
    write(
        &v.join("Glaze notes.md"),
        "---\nprivacy: internal\nsummary: Which glazes crack in the new kiln, and why.\n---\n# Glaze notes\n\nSome text.\n",
    );
    write(
        &v.join("Secret plan.md"),
        "---\nprivacy: private\nsummary: SECRET-PREVIEW-CANARY\n---\n# Secret plan\n\nHidden.\n",
    );
    v
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let v = vault(d.path());
    let out = d.path().join("out");
    build(&v, &out, &[]);
    (d, out)
}

#[test]
fn consecutive_turns_merge_and_keep_their_anchors_and_times() {
    let (_d, out) = built();
    let doc = html(&page_file(&out, "meetings/2025-03-04-kiln-review/"));
    let groups: Vec<(String, Vec<String>)> = doc
        .select(&sel(".turns > li.turn-group"))
        .map(|g| {
            let who = text(g.select(&sel(".turn-head .speaker")).next().unwrap());
            let ids = g
                .select(&sel(".turn"))
                .map(|t| t.value().attr("id").unwrap().to_string())
                .collect();
            (who, ids)
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("zoom.us".to_string(), vec!["t-00-00-01".to_string()]),
            (
                "Ana Lima".to_string(),
                vec!["t-00-00-04".to_string(), "t-00-00-09".to_string()]
            ),
            ("Bo Chen".to_string(), vec!["t-00-00-15".to_string()]),
            (
                "MacBook Pro Microphone".to_string(),
                vec!["t-00-00-21".to_string()]
            ),
            ("Ana Lima".to_string(), vec!["t-00-00-30".to_string()]),
        ]
    );
    // every turn keeps its time (a self-link) and its text
    let second = doc.select(&sel("#t-00-00-09")).next().unwrap();
    let time = second.select(&sel("a.turn-time")).next().unwrap();
    assert_eq!(time.value().attr("href"), Some("#t-00-00-09"));
    assert_eq!(text(time), "00:00:09");
    assert_eq!(
        text(second.select(&sel(".turn-text")).next().unwrap()),
        "Two weeks, the supplier says."
    );
    // the speaker is named once per group, and linked to their page
    assert_eq!(doc.select(&sel(".turns a.speaker")).count(), 3);
}

#[test]
fn devices_are_apart_from_people_in_the_talk_share() {
    let (_d, out) = built();
    let doc = html(&page_file(&out, "meetings/2025-03-04-kiln-review/"));
    let people: Vec<String> = doc
        .select(&sel(".talk-share .share-name"))
        .map(text)
        .collect();
    assert_eq!(people, ["Ana Lima", "Bo Chen"]);
    // the shares are of what people said: 100% between them
    let pct: u32 = doc
        .select(&sel(".talk-share .share-pct"))
        .map(|e| text(e).split('%').next().unwrap().parse::<u32>().unwrap())
        .sum();
    assert!((99..=101).contains(&pct), "{pct}");
    let devices: Vec<String> = doc
        .select(&sel(".device-share .device-name"))
        .map(text)
        .collect();
    assert_eq!(devices, ["zoom.us", "MacBook Pro Microphone"]);
    let summary = text(doc.select(&sel(".transcript > summary")).next().unwrap());
    assert!(
        summary.contains("Ana Lima, Bo Chen") && summary.contains("recorded on zoom.us"),
        "{summary}"
    );
    // a filter checkbox for each of the four speakers
    assert_eq!(
        doc.select(&sel(".transcript-tools .tt-speakers input[type=checkbox]"))
            .count(),
        4
    );
}

#[test]
fn a_skip_link_leads_past_the_transcript_and_a_button_closes_it() {
    let (_d, out) = built();
    let doc = html(&page_file(&out, "meetings/2025-03-04-kiln-review/"));
    let skip = doc.select(&sel("a.transcript-skip")).next().unwrap();
    let target = skip.value().attr("href").unwrap().trim_start_matches('#');
    let after = doc
        .select(&sel(&format!("[id=\"{target}\"]")))
        .next()
        .expect("the skip link's target exists");
    // the target comes after the transcript (its previous element siblings
    // hold the details)
    let details_before = after
        .prev_siblings()
        .filter_map(scraper::ElementRef::wrap)
        .any(|e| {
            e.value().name() == "details"
                && e.value()
                    .has_class("transcript", scraper::CaseSensitivity::CaseSensitive)
        });
    assert!(
        details_before,
        "the skip link's target follows the transcript"
    );
    // the skip link comes before it
    let skip_before = skip
        .next_siblings()
        .filter_map(scraper::ElementRef::wrap)
        .any(|e| e.value().name() == "details");
    assert!(skip_before);
    // the collapse button is the transcript's last control
    let last = doc
        .select(&sel(
            "details.transcript > .transcript-end > button.transcript-collapse",
        ))
        .next();
    assert!(last.is_some(), "a collapse button ends the transcript");
    // the tools wait for the script (hidden), with a labelled find box
    let tools = doc.select(&sel(".transcript-tools")).next().unwrap();
    assert!(tools.value().attr("hidden").is_some());
    let input = doc.select(&sel("#transcript-find")).next().unwrap();
    assert_eq!(input.value().attr("type"), Some("search"));
    assert_eq!(
        doc.select(&sel("label[for=transcript-find]")).count(),
        1,
        "the find box has a label"
    );
    // printed closed, it says so
    assert!(text(doc.select(&sel(".transcript-print-note")).next().unwrap()).contains("6 turns"));
}

#[test]
fn check_flags_a_transcript_far_longer_than_its_meeting() {
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("v");
    // 60 minutes scheduled; the fourth turn is at 28 hours
    let body = MEETING.replace("[00:00:21.00] MacBook", "[28:03:10.00] MacBook");
    write(&v.join("Meetings/2025-03-04 Kiln review.md"), &body);
    let rows = diagnostic_rows(&report(&v, &[]));
    let hits: Vec<_> = rows
        .iter()
        .filter(|r| r.0 == "implausible-duration")
        .collect();
    assert_eq!(hits.len(), 1, "{rows:?}");
    let (_, file, line, msg) = hits[0];
    assert_eq!(file, "Meetings/2025-03-04 Kiln review.md");
    let at = body
        .lines()
        .position(|l| l.starts_with("[28:03:10.00]"))
        .unwrap()
        + 1;
    assert_eq!(*line as usize, at, "the line of the offending timestamp");
    assert!(
        msg.contains("28h 03m") && msg.contains("60 minutes"),
        "{msg}"
    );
    // a plausible transcript, and a long one with no stated duration under
    // 12 hours, are not flagged
    write(&v.join("Meetings/2025-03-04 Kiln review.md"), MEETING);
    let no_duration = MEETING
        .replace("duration_min: \"60\"\n", "")
        .replace("[00:00:30.00]", "[09:00:30.00]");
    write(&v.join("Meetings/2025-03-05 Long day.md"), &no_duration);
    let rows = diagnostic_rows(&report(&v, &[]));
    assert!(
        !rows.iter().any(|r| r.0 == "implausible-duration"),
        "{rows:?}"
    );
    // but over 12 hours is, with or without a duration
    let too_long = no_duration.replace("[09:00:30.00]", "[13:00:30.00]");
    write(&v.join("Meetings/2025-03-05 Long day.md"), &too_long);
    let rows = diagnostic_rows(&report(&v, &[]));
    assert_eq!(
        rows.iter()
            .filter(|r| r.0 == "implausible-duration")
            .count(),
        1,
        "{rows:?}"
    );
}

#[test]
fn long_notes_get_a_table_of_contents_short_ones_do_not() {
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("v");
    let para = "A paragraph of words that makes the note long enough to need a table of contents. "
        .repeat(12);
    let long = format!(
        "# Long\n\n## First part\n\n{para}\n\n## Second part\n\n{para}\n\n### A detail\n\n{para}\n\n## Third part\n\n{para}\n"
    );
    write(&v.join("Long.md"), &long);
    write(
        &v.join("Short.md"),
        "# Short\n\n## A\n\nx\n\n## B\n\ny\n\n## C\n\nz\n\n## D\n\nw\n",
    );
    let out = d.path().join("out");
    build(&v, &out, &[]);
    let doc = html(&page_file(&out, "long/"));
    let entries: Vec<(String, String, String)> = doc
        .select(&sel("details.toc nav ol > li"))
        .map(|li| {
            let a = li.select(&sel("a")).next().unwrap();
            (
                li.value().attr("class").unwrap().to_string(),
                a.value().attr("href").unwrap().to_string(),
                text(a),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("toc-2".into(), "#first-part".into(), "First part".into()),
            ("toc-2".into(), "#second-part".into(), "Second part".into()),
            ("toc-3".into(), "#a-detail".into(), "A detail".into()),
            ("toc-2".into(), "#third-part".into(), "Third part".into()),
        ]
    );
    // every entry leads to a heading of the page
    for (_, href, _) in &entries {
        let id = href.trim_start_matches('#');
        assert!(
            doc.select(&sel(&format!(".note-body [id=\"{id}\"]")))
                .next()
                .is_some(),
            "{id}"
        );
    }
    let nav = doc.select(&sel("details.toc nav")).next().unwrap();
    assert_eq!(nav.value().attr("aria-label"), Some("On this page"));
    let short = html(&page_file(&out, "short/"));
    assert_eq!(short.select(&sel(".toc")).count(), 0);
}

/// The previews of a built site: URL → [title, date, series, people, summary].
fn previews(out: &Path) -> serde_json::Map<String, serde_json::Value> {
    let mut all = serde_json::Map::new();
    let dir = out.join("previews");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for (k, name) in names.iter().enumerate() {
        assert_eq!(name, &format!("{k}.js"), "shards are numbered from 0");
        let s = std::fs::read_to_string(dir.join(name)).unwrap();
        let json = s
            .strip_prefix(&format!("__mb_pv({k},"))
            .and_then(|r| r.trim_end().strip_suffix(");"))
            .unwrap_or_else(|| panic!("{name}: {s}"));
        let m: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
        all.extend(m);
    }
    all
}

#[test]
fn previews_are_sharded_from_the_published_site() {
    let (d, out) = built();
    let all = previews(&out);
    assert_eq!(
        all["glaze-notes/"],
        serde_json::json!([
            "Glaze notes",
            "",
            "",
            "",
            "Which glazes crack in the new kiln, and why."
        ])
    );
    let kiln = all["meetings/2025-03-04-kiln-review/"].as_array().unwrap();
    assert_eq!(kiln[0], "Kiln review");
    assert_eq!(kiln[1], "Tue 4 Mar 2025");
    assert_eq!(kiln[3], "Ana Lima, Bo Chen");
    // the page says how many shards there are
    let doc = html(&page_file(&out, "meetings/2025-03-04-kiln-review/"));
    let script = doc
        .select(&sel("script[data-shards]"))
        .next()
        .expect("previews.js");
    let shards: usize = script.value().attr("data-shards").unwrap().parse().unwrap();
    assert_eq!(
        shards,
        std::fs::read_dir(out.join("previews")).unwrap().count()
    );
    assert!(all.contains_key("secret-plan/"));
    // a profile that drops private notes drops their previews too
    let v = d.path().join("v");
    write(
        &d.path().join("site.toml"),
        "title = \"x\"\n[profiles.team]\nexclude_privacy = [\"private\"]\n",
    );
    let out2 = d.path().join("team");
    build_in(d.path(), &v, &out2, &["--profile", "team"]);
    let team = previews(&out2);
    assert!(!team.contains_key("secret-plan/"));
    assert!(team.contains_key("glaze-notes/"));
    for f in std::fs::read_dir(out2.join("previews")).unwrap() {
        let s = std::fs::read_to_string(f.unwrap().path()).unwrap();
        assert!(!s.contains("SECRET-PREVIEW-CANARY"));
    }
}

#[test]
fn the_header_has_a_theme_toggle_and_the_head_sets_the_theme_first() {
    let (_d, out) = built();
    let raw = std::fs::read_to_string(page_file(&out, "")).unwrap();
    let doc = scraper::Html::parse_document(&raw);
    let b = doc
        .select(&sel(".site-header button.theme-toggle"))
        .next()
        .expect("a toggle in the header");
    assert_eq!(b.value().attr("aria-pressed"), Some("false"));
    assert!(!text(b).trim().is_empty(), "the button has a name");
    // the theme is set by a script in <head>, before the stylesheet
    let script = raw.find("localStorage.getItem(\"mb-theme\")").unwrap();
    let css = raw.find("style.css").unwrap();
    assert!(script < css && script < raw.find("<body").unwrap());
}

// ---- in headless Chromium, from disk (file://), through chromedriver ----

use common::webdriver::{Driver, chromedriver};
use serde_json::json;

/// The test vault built, and a driver on its meeting page.
fn browser() -> Option<(tempfile::TempDir, std::path::PathBuf, Driver)> {
    let bin = chromedriver()?;
    let (d, out) = built();
    Some((d, out, Driver::start(&bin)))
}

fn url(out: &Path, page: &str) -> String {
    format!("file://{}", page_file(out, page).display())
}

const KILN: &str = "meetings/2025-03-04-kiln-review/";

/// Type `keys` (WebDriver key codes allowed) into the element `css`.
fn keys(dr: &Driver, css: &str, keys: &str) {
    let id = dr.element(css);
    dr.call(
        "POST",
        &dr.s(&format!("/element/{id}/value")),
        json!({ "text": keys }),
    );
}

#[test]
fn find_in_the_transcript_counts_highlights_and_steps_through_matches() {
    let Some((_d, out, dr)) = browser() else {
        return;
    };
    dr.open(&url(&out, KILN));
    dr.click("details.transcript > summary");
    assert_eq!(
        dr.js("return document.querySelector('.transcript-tools').hidden"),
        json!(false),
        "the script shows the tools"
    );
    dr.type_into("#transcript-find", "the");
    // the matches, counted here independently of the script
    let n = dr
        .js("var n = 0; document.querySelectorAll('.turn-text').forEach(function (t) { n += (t.textContent.match(/the/gi) || []).length; }); return n;")
        .as_u64()
        .unwrap();
    assert!(n >= 3, "{n}");
    let count = "return document.querySelector('.tt-count').textContent";
    assert_eq!(dr.wait("var c = document.querySelector('.tt-count').textContent; return c.indexOf(' of ') > 0 ? c : null;"), json!(format!("1 of {n}")));
    assert_eq!(
        dr.js("return CSS.highlights.get('mb-find').size"),
        json!(n),
        "every match is highlighted"
    );
    keys(&dr, "#transcript-find", "\u{E007}");
    assert_eq!(dr.js(count), json!(format!("2 of {n}")));
    keys(&dr, "#transcript-find", "\u{E008}\u{E007}");
    assert_eq!(
        dr.js(count),
        json!(format!("1 of {n}")),
        "Shift+Enter goes back"
    );
    keys(&dr, "#transcript-find", "\u{E008}\u{E007}");
    assert_eq!(
        dr.js(count),
        json!(format!("{n} of {n}")),
        "and wraps round"
    );
    // the current match's turn is marked and in view
    assert_eq!(
        dr.js("var t = document.querySelector('.turn.find-current'); var r = t.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;"),
        json!(true)
    );
    // no match
    keys(&dr, "#transcript-find", " zzqx");
    dr.wait("return document.querySelector('.tt-count').textContent === 'No matches' || null;");
    assert_eq!(dr.js("return CSS.highlights.get('mb-find').size"), json!(0));
}

#[test]
fn the_speaker_filter_hides_turns_and_find_skips_them() {
    let Some((_d, out, dr)) = browser() else {
        return;
    };
    dr.open(&url(&out, KILN));
    dr.click("details.transcript > summary");
    let shown = "return Array.from(document.querySelectorAll('.turns > .turn-group')).filter(function (g) { return g.offsetParent !== null; }).map(function (g) { return g.querySelector('.speaker').textContent; })";
    assert_eq!(
        dr.js(shown),
        json!([
            "zoom.us",
            "Ana Lima",
            "Bo Chen",
            "MacBook Pro Microphone",
            "Ana Lima"
        ])
    );
    // uncheck Ana Lima
    let k = dr
        .js("return Array.from(document.querySelectorAll('.tt-speakers label')).findIndex(function (l) { return l.textContent.trim() === 'Ana Lima'; })")
        .as_i64()
        .unwrap();
    assert!(k >= 0);
    dr.click(&format!(".tt-speakers label:nth-of-type({}) input", k + 1));
    assert_eq!(
        dr.js(shown),
        json!(["zoom.us", "Bo Chen", "MacBook Pro Microphone"])
    );
    // "kiln" is only in Ana's turn: hidden, not found
    dr.type_into("#transcript-find", "kiln");
    dr.wait("return document.querySelector('.tt-count').textContent === 'No matches' || null;");
    dr.click(&format!(".tt-speakers label:nth-of-type({}) input", k + 1));
    dr.wait("return document.querySelector('.tt-count').textContent === '1 of 1' || null;");
}

#[test]
fn skip_link_and_collapse_button_move_the_focus() {
    let Some((_d, out, dr)) = browser() else {
        return;
    };
    dr.open(&url(&out, KILN));
    dr.click("details.transcript > summary");
    dr.js("document.querySelector('.transcript-skip').focus(); return null;");
    assert_eq!(
        dr.js("var r = document.querySelector('.transcript-skip').getBoundingClientRect(); return r.width > 0 && r.left >= 0;"),
        json!(true),
        "the skip link shows when focused"
    );
    dr.click(".transcript-skip");
    assert_eq!(
        dr.js("return document.activeElement.id"),
        json!("after-transcript")
    );
    // the collapse button closes the transcript, the focus back on its summary
    dr.click(".transcript-collapse");
    assert_eq!(
        dr.js("return [document.querySelector('details.transcript').open, document.activeElement.tagName]"),
        json!([false, "SUMMARY"])
    );
}

#[test]
fn a_link_shows_its_preview_on_hover_and_focus_and_escape_hides_it() {
    let Some((_d, out, dr)) = browser() else {
        return;
    };
    dr.open(&url(&out, KILN));
    let link = ".note-body a.wikilink";
    // hover: the pointer rests on the link (moved there again, from outside,
    // if a busy machine laid the page out after the first move)
    let card = "var p = document.getElementById('mb-preview'); return p && !p.hidden ? Array.from(p.children).map(function (c) { return c.textContent; }) : null;";
    let pointer_to = |x: i64, y: i64| {
        dr.call(
            "POST",
            &dr.s("/actions"),
            json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
                "actions": [{"type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y}]}]}),
        );
    };
    let mut shown = serde_json::Value::Null;
    for _ in 0..4 {
        let at = dr.js(&format!(
            "var r = document.querySelector('{link}').getBoundingClientRect(); return [Math.round(r.left + 3), Math.round(r.top + r.height / 2)];"
        ));
        pointer_to(at[0].as_i64().unwrap_or(0), at[1].as_i64().unwrap_or(0));
        let t = std::time::Instant::now();
        while shown.is_null() && t.elapsed() < std::time::Duration::from_secs(5) {
            shown = dr.js(card);
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if !shown.is_null() {
            break;
        }
        pointer_to(1, 1);
    }
    assert_eq!(
        shown,
        json!([
            "Glaze notes",
            "Which glazes crack in the new kiln, and why."
        ])
    );
    assert_eq!(
        dr.js(&format!(
            "return document.querySelector('{link}').getAttribute('aria-describedby')"
        )),
        json!("mb-preview")
    );
    assert_eq!(
        dr.js("return document.getElementById('mb-preview').getAttribute('role')"),
        json!("tooltip")
    );
    // nothing moved: the card floats over the page
    assert_eq!(
        dr.js("return getComputedStyle(document.getElementById('mb-preview')).position"),
        json!("absolute")
    );
    dr.call(
        "POST",
        &dr.s("/actions"),
        json!({"actions": [{"type": "key", "id": "kb", "actions": [{"type": "keyDown", "value": "\u{E00C}"}, {"type": "keyUp", "value": "\u{E00C}"}]}]}),
    );
    assert_eq!(
        dr.js("return document.getElementById('mb-preview').hidden"),
        json!(true)
    );
    // focus: the keyboard reaches the link (the page as if its window had
    // the focus, which a headless one may not)
    dr.cdp(
        "Emulation.setFocusEmulationEnabled",
        json!({"enabled": true}),
    );
    dr.open(&url(&out, KILN));
    // the pointer away from any link; focus given again (after a blur) if
    // a busy machine let the first focus pass before the page was ready
    pointer_to(1, 1);
    let mut focused = serde_json::Value::Null;
    for _ in 0..4 {
        dr.js(&format!(
            "var a = document.querySelector('{link}'); a.blur(); a.focus(); return null;"
        ));
        let t = std::time::Instant::now();
        while focused.is_null() && t.elapsed() < std::time::Duration::from_secs(5) {
            focused = dr.js(card);
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if !focused.is_null() {
            break;
        }
    }
    assert_eq!(focused[0], json!("Glaze notes"));
    // the shard was loaded with a script tag (file:// blocks fetch)
    assert_eq!(
        dr.js("return Array.from(document.scripts).some(function (s) { return /previews\\/\\d+\\.js$/.test(s.src); })"),
        json!(true)
    );
}

#[test]
fn the_theme_toggle_overrides_the_system_and_is_remembered() {
    let Some((_d, out, dr)) = browser() else {
        return;
    };
    dr.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": "light"}]}),
    );
    dr.open(&url(&out, ""));
    dr.js("localStorage.removeItem('mb-theme'); return null;");
    dr.open(&url(&out, ""));
    // read once the page and its stylesheets are in (under load a first
    // read could come before the stylesheet and see no background)
    let bg = "return document.readyState === 'complete' && getComputedStyle(document.body).backgroundColor !== 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : null";
    let light = dr.wait(bg);
    assert_eq!(
        dr.js("return document.querySelector('.theme-toggle').getAttribute('aria-pressed')"),
        json!("false")
    );
    dr.click(".theme-toggle");
    assert_eq!(
        dr.js("return [document.documentElement.getAttribute('data-theme'), localStorage.getItem('mb-theme'), document.querySelector('.theme-toggle').getAttribute('aria-pressed')]"),
        json!(["dark", "dark", "true"])
    );
    let dark = dr.wait(bg);
    assert_ne!(light, dark);
    // another page: dark from the first paint (the head's script ran before the body)
    dr.open(&url(&out, KILN));
    assert_eq!(dr.wait(bg), dark);
    // back to the system's scheme: forgotten
    dr.click(".theme-toggle");
    assert_eq!(
        dr.js("return [document.documentElement.getAttribute('data-theme'), localStorage.getItem('mb-theme')]"),
        json!([null, null])
    );
    assert_eq!(dr.wait(bg), light);
    // a system in dark, a choice of light
    dr.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
    );
    dr.open(&url(&out, KILN));
    assert_eq!(dr.wait(bg), dark);
    dr.click(".theme-toggle");
    assert_eq!(dr.wait(bg), light);
    assert_eq!(
        dr.js("return localStorage.getItem('mb-theme')"),
        json!("light")
    );
}

#[test]
fn print_is_dark_on_white_and_says_when_the_transcript_was_left_out() {
    let Some((_d, out, dr)) = browser() else {
        return;
    };
    dr.open(&url(&out, KILN));
    dr.cdp(
        "Emulation.setEmulatedMedia",
        json!({"media": "print", "features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
    );
    let look = "var s = function (q) { var e = document.querySelector(q); return e ? getComputedStyle(e) : null; }; return [s('body').color, s('body').backgroundColor, s('.site-header').display, s('.transcript-print-note').display, s('.theme-toggle').display];";
    assert_eq!(
        dr.js(look),
        json!([
            "rgb(0, 0, 0)",
            "rgb(255, 255, 255)",
            "none",
            "block",
            "none"
        ])
    );
    // opened: printed in full, the note gone, turns in dark text
    dr.js("document.querySelector('details.transcript').open = true; return null;");
    assert_eq!(dr.js(look)[3], json!("none"));
    assert_eq!(
        dr.js("return [getComputedStyle(document.querySelector('.turn-text')).color, getComputedStyle(document.querySelector('.transcript')).backgroundColor, document.querySelector('.turns').offsetHeight > 0]"),
        json!(["rgb(0, 0, 0)", "rgb(255, 255, 255)", true])
    );
    // also when the toggle chose dark
    dr.js("document.documentElement.setAttribute('data-theme', 'dark'); return null;");
    assert_eq!(dr.js(look)[0], json!("rgb(0, 0, 0)"));
}

#[test]
fn the_header_search_opens_on_screen_above_the_page_at_390_and_1280_px() {
    let Some((_d, out, dr)) = browser() else {
        return;
    };
    for width in [390, 1280] {
        dr.call(
            "POST",
            &dr.s("/window/rect"),
            json!({"width": width, "height": 900}),
        );
        dr.open(&url(&out, ""));
        dr.type_into("input[data-mb-search]", "kiln");
        let r = dr.wait("var d = document.querySelector('.mb-drop'); if (!d || d.hidden || !d.querySelector('.mb-result')) return null; var r = d.getBoundingClientRect(); var x = r.left + r.width / 2, y = r.top + Math.min(r.height / 2, 40); var top = document.elementFromPoint(x, y); return [r.left, r.right, document.documentElement.clientWidth, d.contains(top)];");
        let (left, right, vw) = (
            r[0].as_f64().unwrap(),
            r[1].as_f64().unwrap(),
            r[2].as_f64().unwrap(),
        );
        assert!(
            left >= 0.0 && right <= vw,
            "{width} px: the results at {left}..{right} of {vw}"
        );
        assert_eq!(r[3], json!(true), "{width} px: nothing covers the results");
    }
}
