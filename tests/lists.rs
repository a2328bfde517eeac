//! Lists at archive scale, on a 1,000-note gen-vault vault: the home page
//! is short, every meeting is on exactly one archive page, long tag and
//! series lists are paged with stable `page/N/` URLs and `rel=prev/next`
//! links, and no list page is over 1 MB of HTML.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The 1,000-note vault built once for the tests of this file, and its manifest.
fn site() -> &'static (tempfile::TempDir, PathBuf, Option<GenVault>) {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf, Option<GenVault>)> = OnceLock::new();
    SITE.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        let g = gen_vault(&["--notes", "1000", "--seed", "7", "--no-defects"]);
        if let Some(g) = &g {
            let cwd = d.path().join("cwd");
            write(&cwd.join("site.toml"), "title = \"x\"\n");
            build_in(&cwd, &g.path(), &out, &[]);
        }
        (d, out, g)
    })
}

/// The built site, or None when gen-vault is missing (outside CI).
fn out() -> Option<&'static Path> {
    let (_, out, g) = site();
    g.as_ref().map(|_| out.as_path())
}

/// Page URLs under `dir` (`tags/`), each with its parsed page.
fn pages_under(out: &Path, dir: &str) -> BTreeMap<String, scraper::Html> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(out.join(dir)) {
        let e = e.unwrap();
        if e.file_name() == "index.html" {
            let rel = e.path().strip_prefix(out).unwrap().parent().unwrap();
            m.insert(format!("{}/", rel.to_string_lossy()), html(e.path()));
        }
    }
    m
}

/// The meeting pages a list page links (its rows' titles or dates).
fn rows(url: &str, doc: &scraper::Html) -> Vec<String> {
    doc.select(&sel(".meeting-list a.meeting-title"))
        .filter_map(|a| resolve_href(url, a.value().attr("href")?))
        .collect()
}

#[test]
fn no_list_page_is_over_a_megabyte_and_the_home_page_is_short() {
    let Some(out) = out() else { return };
    let mut largest = (0, String::new());
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let list = rel == "index.html"
            || ["archive/", "series/", "tags/", "people/index.html"]
                .iter()
                .any(|p| rel.starts_with(p));
        if e.file_name() != "index.html" || !list {
            continue;
        }
        let len = e.metadata().unwrap().len();
        if len > largest.0 {
            largest = (len, rel.clone());
        }
        assert!(len < 1_000_000, "{rel} is {len} bytes");
        let doc = html(e.path());
        assert!(
            doc.select(&sel(".meeting-list > li")).count() <= 200,
            "{rel} lists more than a page"
        );
    }
    eprintln!("largest list page: {} ({} bytes)", largest.1, largest.0);
    let home = std::fs::metadata(out.join("index.html")).unwrap().len();
    assert!(home < 200_000, "the home page is {home} bytes");
    let doc = html(&out.join("index.html"));
    let months = doc.select(&sel(".timeline section.month")).count();
    assert!(
        (1..=3).contains(&months),
        "{months} months on the home page"
    );
}

#[test]
fn every_meeting_is_on_exactly_one_archive_page_and_every_month_is_indexed() {
    let Some(out) = out() else { return };
    let (_, _, g) = site();
    let manifest = &g.as_ref().unwrap().manifest;
    let archive = pages_under(out, "archive");
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (url, doc) in &archive {
        if url.starts_with("archive/notes/") {
            continue;
        }
        for r in rows(url, doc) {
            *seen.entry(r).or_default() += 1;
        }
    }
    assert!(seen.values().all(|&n| n == 1), "a meeting listed twice");
    // every meeting page of the site is in the archive
    let meetings: BTreeSet<String> = pages_under(out, "meetings")
        .into_iter()
        .filter(|(_, d)| d.select(&sel("body.meeting")).next().is_some())
        .map(|(u, _)| u)
        .collect();
    assert!(meetings.len() > 800, "{} meetings", meetings.len());
    let listed: BTreeSet<String> = seen.keys().cloned().collect();
    let missing: Vec<&String> = meetings.difference(&listed).collect();
    assert!(missing.is_empty(), "not in the archive: {missing:?}");
    assert!(
        manifest["notes"]
            .as_array()
            .is_some_and(|n| n.len() >= 1000)
    );
    // the home page's month index: every link lands on a month heading
    let home = html(&out.join("index.html"));
    let links: Vec<String> = home
        .select(&sel(".archive-index .month-index a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(links.len() >= 24, "{links:?}");
    for l in &links {
        let (page, id) = l.split_once('#').unwrap();
        let url = resolve_href("", page).unwrap();
        let doc = archive.get(&url).unwrap_or_else(|| panic!("{l}"));
        assert!(
            doc.select(&sel(&format!("section.month#{id}")))
                .next()
                .is_some(),
            "{l}"
        );
    }
}

#[test]
fn long_lists_are_paged_with_stable_urls_and_prev_next_links() {
    let Some(out) = out() else { return };
    let tags = pages_under(out, "tags/meeting");
    let first = &tags["tags/meeting/"];
    let count: usize = text(first.select(&sel("h1 .count")).next().unwrap())
        .parse()
        .unwrap();
    assert!(count > 400, "{count}");
    let pages: Vec<String> = first
        .select(&sel("nav.pager .pager-pages li"))
        .map(|li| match li.select(&sel("a")).next() {
            Some(a) => resolve_href("tags/meeting/", a.value().attr("href").unwrap()).unwrap(),
            None => "tags/meeting/".to_string(),
        })
        .collect();
    let want: Vec<String> = std::iter::once("tags/meeting/".to_string())
        .chain((2..=count.div_ceil(200)).map(|k| format!("tags/meeting/page/{k}/")))
        .collect();
    assert_eq!(pages, want);
    let mut all = BTreeSet::new();
    for (k, url) in pages.iter().enumerate() {
        let doc = &tags[url];
        let link = |rel: &str| {
            doc.select(&sel(&format!("head link[rel={rel}]")))
                .next()
                .and_then(|l| resolve_href(url, l.value().attr("href")?))
        };
        assert_eq!(
            link("prev"),
            k.checked_sub(1).map(|j| pages[j].clone()),
            "{url}"
        );
        assert_eq!(link("next"), pages.get(k + 1).cloned(), "{url}");
        assert_eq!(
            doc.select(&sel("nav.pager [aria-current=page]"))
                .map(text)
                .collect::<Vec<_>>(),
            [format!("Page {}", k + 1)]
        );
        let r = rows(url, doc);
        assert!(r.len() <= 200);
        all.extend(r);
    }
    assert_eq!(all.len(), count, "every note on one page");
}

#[test]
fn series_are_named_for_people_and_rows_do_not_repeat_them() {
    let Some(out) = out() else { return };
    let index = html(&out.join("series/index.html"));
    let names: Vec<String> = index.select(&sel(".index-table td a")).map(text).collect();
    assert!(names.iter().any(|n| n == "1:1 · Kofi Núñez"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains('/')), "{names:?}");
    // a 1:1's rows on its series page: the date is the link, the title is its title=
    let url = "series/1-1/kofi-núñez/";
    let doc = html(&page_file(out, url));
    let dates: Vec<_> = doc.select(&sel(".meeting-list a.date-link")).collect();
    assert!(dates.len() >= 20);
    assert!(
        dates[0]
            .value()
            .attr("title")
            .unwrap()
            .starts_with("1:1 — Kofi Núñez — "),
    );
    assert!(
        doc.select(&sel(".meeting-list .series-chip"))
            .next()
            .is_none()
    );
}
