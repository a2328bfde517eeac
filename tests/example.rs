//! The hand-written example vault: built as `cargo run -- build` builds it,
//! asserted on parsed HTML.

mod common;
use common::*;
use std::path::Path;

fn site() -> &'static Path {
    example_site()
}

fn page(url: &str) -> scraper::Html {
    example_page(url)
}

const KICKOFF: &str = "meetings/1-1/dana-reyes/2025-09-16-dana-reyes/";

#[test]
fn home_shows_the_latest_months_and_the_archive_every_month() {
    let doc = page("");
    let years: Vec<String> = doc
        .select(&sel("section.year .year-heading"))
        .map(text)
        .collect();
    assert_eq!(years, vec!["2025 11"]);
    let months: Vec<String> = doc
        .select(&sel("section.month .month-heading"))
        .map(text)
        .collect();
    // the latest three months in full; September is in the archive
    assert_eq!(months, vec!["December 1", "November 4", "October 6"]);
    assert_eq!(doc.select(&sel(".timeline a.meeting-title")).count(), 11);
    // the index links every month to its heading on the year's page
    let index: Vec<(String, String)> = doc
        .select(&sel(".archive-index .month-index a"))
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        index,
        vec![
            (
                "Dec 2025".to_string(),
                "archive/2025/index.html#m-2025-12".to_string()
            ),
            (
                "Nov 2025".to_string(),
                "archive/2025/index.html#m-2025-11".to_string()
            ),
            (
                "Oct 2025".to_string(),
                "archive/2025/index.html#m-2025-10".to_string()
            ),
            (
                "Sep 2025".to_string(),
                "archive/2025/index.html#m-2025-09".to_string()
            ),
        ]
    );
    // the year's page: every meeting, by month, each heading where the index points
    let year = page("archive/2025/");
    let ids: Vec<&str> = year
        .select(&sel("section.month"))
        .map(|m| m.value().attr("id").unwrap())
        .collect();
    assert_eq!(ids, ["m-2025-12", "m-2025-11", "m-2025-10", "m-2025-09"]);
    // twelve Obsidian meetings and the Data Guild's three plain-Markdown minutes
    assert_eq!(year.select(&sel("a.meeting-title")).count(), 15);
    assert!(year.select(&sel("nav.pager")).next().is_none(), "one page");
    // the heatmap: a row for 2025, a cell a week, each saying its count and week
    let cells: Vec<String> = doc
        .select(&sel("table.heatmap tbody tr td.hm"))
        .map(text)
        .collect();
    assert_eq!(cells.len(), 53);
    assert_eq!(
        doc.select(&sel("table.heatmap tbody th a"))
            .map(text)
            .collect::<Vec<_>>(),
        ["2025"]
    );
    let total: usize = doc
        .select(&sel("table.heatmap td.hm"))
        .filter_map(|c| c.text().next()?.trim().parse::<usize>().ok())
        .sum();
    assert_eq!(total, 15, "{cells:?}");
    assert!(
        cells.iter().any(|c| c == "2 meetings, 5–11 Nov"),
        "a cell reads its count and week: {cells:?}"
    );
    let nav: Vec<String> = hrefs(&doc)
        .into_iter()
        .filter(|h| h.ends_with("/index.html") && !h.contains("meetings"))
        .collect();
    for want in [
        "archive/index.html",
        "people/index.html",
        "series/index.html",
        "tags/index.html",
        "actions/index.html",
    ] {
        assert!(
            nav.iter().any(|h| h == want),
            "home does not link {want}: {nav:?}"
        );
    }
}

#[test]
fn meeting_header_links_people_series_and_neighbours() {
    let doc = page(KICKOFF);
    assert_eq!(
        text(doc.select(&sel("h1.note-title")).next().unwrap()),
        "1:1 — Dana Reyes — 2025-09-16"
    );
    let with: Vec<(String, Option<String>)> = doc
        .select(&sel("dd.counterpart a"))
        .map(|a| {
            (
                text(a),
                resolve_href(KICKOFF, a.value().attr("href").unwrap()),
            )
        })
        .collect();
    assert_eq!(
        with,
        vec![(
            "Dana Reyes".to_string(),
            Some("people/dana-reyes/".to_string())
        )]
    );
    let series = doc
        .select(&sel(".series-nav a.series-link"))
        .next()
        .unwrap();
    assert_eq!(
        resolve_href(KICKOFF, series.value().attr("href").unwrap()).unwrap(),
        "series/1-1/dana-reyes/"
    );
    assert!(
        doc.select(&sel(".series-nav a.prev")).next().is_none(),
        "the first meeting has no previous one"
    );
    let next = doc.select(&sel(".series-nav a.next")).next().unwrap();
    assert_eq!(
        resolve_href(KICKOFF, next.value().attr("href").unwrap()).unwrap(),
        "meetings/1-1/dana-reyes/2025-09-30-dana-reyes/"
    );
    let when = doc.select(&sel(".meta time")).next().unwrap();
    assert!(
        when.value()
            .attr("datetime")
            .unwrap()
            .starts_with("2025-09-16")
    );
}

#[test]
fn wikilinks_resolve_with_alias_heading_and_block() {
    let doc = page(KICKOFF);
    let alias = doc
        .select(&sel(".note-body a.wikilink"))
        .find(|a| text(*a) == "the migration")
        .expect("aliased link");
    assert_eq!(
        resolve_href(KICKOFF, alias.value().attr("href").unwrap()).unwrap(),
        "projects/lakehouse-migration/"
    );

    let url = "meetings/team/platform-sync/2025-09-18-migration-kickoff/";
    let doc = page(url);
    let heading = doc
        .select(&sel("a.wikilink"))
        .find(|a| {
            a.value()
                .attr("href")
                .is_some_and(|h| h.ends_with("#scope"))
        })
        .expect("heading link");
    assert_eq!(
        resolve_href(url, heading.value().attr("href").unwrap()).unwrap(),
        "projects/lakehouse-migration/"
    );
    let target = page("projects/lakehouse-migration/");
    assert!(target.select(&sel("h2#scope")).next().is_some());
    assert!(
        target
            .select(&sel("[id='^scope-summary']"))
            .next()
            .is_some(),
        "block anchor on the target page"
    );

    // every link of the example resolves: the plan the risks point to too
    assert_eq!(doc.select(&sel(".wikilink.unresolved")).count(), 0);
    let plan = doc
        .select(&sel("a.wikilink"))
        .find(|a| text(*a) == "Quarterly Planning")
        .expect("link to the quarterly plan");
    assert_eq!(
        resolve_href(url, plan.value().attr("href").unwrap()).unwrap(),
        "projects/quarterly-planning/"
    );
    // a noteless person is linked to their person page
    let wei = doc
        .select(&sel("a.wikilink.person"))
        .find(|a| text(*a) == "Wei Zhang")
        .expect("link to Wei");
    assert_eq!(
        resolve_href(url, wei.value().attr("href").unwrap()).unwrap(),
        "people/wei-zhang/"
    );
}

#[test]
fn embeds_transclude_sections_and_images_are_copied() {
    let url = "meetings/team/platform-sync/2025-12-04-cutover-retro/";
    let doc = page(url);
    let embed = doc
        .select(&sel("div.embed"))
        .next()
        .expect("transcluded section");
    // ids inside an embed have a prefix of their own: unique on the page
    let h2: Vec<_> = embed
        .select(&sel("h2"))
        .map(|h| {
            (
                text(h).trim_end_matches('#').to_string(),
                h.value().attr("id").unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        h2,
        [("Status".to_string(), "embed1-status".to_string())],
        "only the Status section is embedded"
    );
    // `![[#Decisions]]`: a section of the same note, drawn, not cut
    let own = doc
        .select(&sel("div.embed"))
        .find(|e| {
            e.select(&sel("h2"))
                .any(|h| text(h).starts_with("Decisions"))
        })
        .expect("the retro's own Decisions section, embedded");
    assert!(!own.value().classes().any(|c| c == "embed-cut"));
    assert_eq!(own.select(&sel("li")).count(), 2);
    let ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique on the page");

    let url = "meetings/team/platform-sync/2025-09-18-migration-kickoff/";
    let doc = page(url);
    let img = doc
        .select(&sel("img.embed-image"))
        .next()
        .expect("image embed");
    assert_eq!(img.value().attr("width"), Some("300"));
    let src = resolve_href(url, img.value().attr("src").unwrap()).unwrap();
    assert!(site().join(&src).is_file(), "{src} copied");
    let files = tree(site());
    assert!(files.keys().any(|k| k.ends_with("pricing-sheet.pdf")));
    assert!(
        !files.keys().any(|k| k.contains("unused-photo")),
        "unused attachments are not copied"
    );
    // an SVG diagram shows as an image, written anew from what is safe in it
    let url = "projects/lakehouse-migration/";
    let doc = page(url);
    let img = doc
        .select(&sel("img.embed-image"))
        .find(|i| {
            i.value()
                .attr("src")
                .unwrap()
                .ends_with("migration-phases.svg")
        })
        .expect("the SVG embed");
    assert_eq!(
        img.value().attr("alt"),
        Some("The four phases, from shadow reads to decommission")
    );
    let src = resolve_href(url, img.value().attr("src").unwrap()).unwrap();
    let svg = String::from_utf8(files[&src].clone()).unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
            && svg.contains("<text x=\"395\" y=\"56\">Cutover</text>")
            && !svg.contains("<?xml"),
        "{svg}"
    );
}

#[test]
fn backlinks_carry_context() {
    let doc = page("projects/lakehouse-migration/");
    let items: Vec<_> = doc.select(&sel(".backlinks li.backlink")).collect();
    assert!(items.len() >= 4, "{}", items.len());
    let kickoff = items
        .iter()
        .find(|li| text(li.select(&sel("a")).next().unwrap()).contains("Migration kickoff"))
        .expect("kickoff links here");
    let ctx = text(kickoff.select(&sel(".backlink-context")).next().unwrap());
    assert!(
        ctx.contains("The scope is written down in Lakehouse Migration"),
        "{ctx}"
    );
}

#[test]
fn person_pages_list_meetings_newest_first_with_roles() {
    let url = "people/dana-reyes/";
    let doc = page(url);
    let dates: Vec<String> = doc
        .select(&sel(".person-meetings .meeting-item time"))
        .map(|t| t.value().attr("datetime").unwrap().to_string())
        .collect();
    assert_eq!(dates.len(), 13);
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    let first_roles: Vec<String> = doc
        .select(&sel(".person-meetings .meeting-item"))
        .next()
        .unwrap()
        .select(&sel(".role"))
        .map(text)
        .collect();
    assert!(!first_roles.is_empty());
    assert!(doc.select(&sel(".meets-most li")).count() >= 3);
    assert!(
        doc.select(&sel(".person-note")).next().is_some(),
        "her note's content is on her page"
    );

    let wei = page("people/wei-zhang/");
    assert!(wei.select(&sel(".person-meetings .meeting-item")).count() >= 4);
    assert!(wei.select(&sel(".no-note")).next().is_some());
}

#[test]
fn series_tags_and_indexes() {
    let doc = page("series/");
    let names: Vec<String> = doc.select(&sel(".index-table td a")).map(text).collect();
    // display names: a person's series after its folder, a series note's title
    assert_eq!(
        names,
        [
            "1:1 · Dana Reyes",
            "Northwind",
            "Data Guild",
            "Platform team weekly"
        ]
    );
    let url = "series/team/platform-sync/";
    let doc = page(url);
    assert_eq!(
        text(doc.select(&sel("h1")).next().unwrap()),
        "Platform team weekly"
    );
    let note = doc.select(&sel(".series-note a")).next().unwrap();
    assert_eq!(
        resolve_href(url, note.value().attr("href").unwrap()).unwrap(),
        "meetings/team/platform-sync/platform-sync/"
    );
    // newest first, titles without the series and date the page shows
    let rows: Vec<(String, String)> = doc
        .select(&sel("a.meeting-title"))
        .map(|a| (text(a), a.value().attr("title").unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Cutover retro",
                "Platform Sync — 2025-12-04 — Cutover retro"
            ),
            (
                "Late rows incident",
                "Platform Sync — 2025-11-06 — Late rows incident"
            ),
            (
                "Shadow results",
                "Platform Sync — 2025-10-09 — Shadow results"
            ),
            (
                "Migration kickoff",
                "Platform Sync — 2025-09-18 — Migration kickoff"
            ),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(doc.select(&sel(".series-chip")).next().is_none());
    // a 1:1 series: each row links its date, the full title in its title=
    let doc = page("series/1-1/dana-reyes/");
    let dates: Vec<String> = doc
        .select(&sel("a.meeting-title.date-link"))
        .map(text)
        .collect();
    assert_eq!(dates.len(), 5);
    assert_eq!(dates[0], "Tue 25 Nov 2025");
    // elsewhere the series' name is the row's title, with no chip beside it
    let home = page("");
    let row = home
        .select(&sel(".meeting-item"))
        .find(|li| {
            li.select(&sel("time[datetime='2025-11-25']"))
                .next()
                .is_some()
        })
        .unwrap();
    assert_eq!(
        text(row.select(&sel("a.meeting-title")).next().unwrap()),
        "1:1 · Dana Reyes"
    );
    assert!(row.select(&sel(".series-chip")).next().is_none());
    let kickoff = page(KICKOFF);
    assert_eq!(
        text(
            kickoff
                .select(&sel(".series-nav a.series-link"))
                .next()
                .unwrap()
        ),
        "1:1 · Dana Reyes"
    );
    let tags = page("tags/");
    let names: Vec<String> = tags.select(&sel(".tag-tree a.tag")).map(text).collect();
    assert!(
        names.contains(&"#customer".to_string())
            && names.contains(&"#customer/northwind".to_string()),
        "{names:?}"
    );
    let parent = page("tags/customer/");
    assert!(
        parent
            .select(&sel(".child-tags a.tag"))
            .any(|a| text(a) == "#customer/northwind")
    );
    let people = page("people/");
    let cards: Vec<String> = people.select(&sel(".person-card")).map(text).collect();
    assert_eq!(cards.len(), 8, "{cards:?}");
    // "[[Wei Zhang]]: infrastructure, Terraform, …" names one person
    assert!(
        !cards
            .iter()
            .any(|c| c.contains("infrastructure") || c.contains("Terraform")),
        "{cards:?}"
    );
}

#[test]
fn comments_never_reach_the_output() {
    for (_, bytes) in tree(site()) {
        let s = String::from_utf8_lossy(&bytes);
        assert!(!s.contains("travel budget next time"));
        assert!(!s.contains("only works if Northwind's tenant moves in wave 2"));
    }
}

/// The outer HTML of the one element `css` selects on the kickoff page,
/// a line per list item or turn, for a snapshot that reads well in a diff.
fn region(css: &str) -> String {
    let doc = page(KICKOFF);
    let found: Vec<_> = doc.select(&sel(css)).collect();
    assert_eq!(found.len(), 1, "{css} selects {} elements", found.len());
    found[0]
        .html()
        .replace("<li", "\n<li")
        .replace("<div", "\n<div")
        .replace("<ol", "\n<ol")
        .replace("<ul", "\n<ul")
}

// Snapshots of content regions, not of whole pages: a theme change
// elsewhere on the page does not touch them.

#[test]
fn snapshot_transcript_card() {
    insta::assert_snapshot!("kickoff_transcript", region("details.transcript"));
}

#[test]
fn snapshot_task_list() {
    let doc = page(KICKOFF);
    let lists: Vec<_> = doc
        .select(&sel("ul"))
        .filter(|ul| ul.select(&sel(":scope > li.task")).next().is_some())
        .collect();
    assert_eq!(lists.len(), 1);
    let html = lists[0].html().replace("<li", "\n<li");
    // one space between a task's text and its metadata
    assert!(!html.contains("  <span class=\"task-meta\">"), "{html}");
    insta::assert_snapshot!("kickoff_task_list", html);
}

#[test]
fn snapshot_people_block() {
    let doc = page(KICKOFF);
    let people: Vec<String> = doc
        .select(&sel("dl.meta dd.people"))
        .map(|dd| {
            dd.html()
                .replace("<span class=\"sep\">", "\n<span class=\"sep\">")
        })
        .collect();
    assert_eq!(people.len(), 2, "counterpart and attendees");
    insta::assert_snapshot!("kickoff_people", people.join("\n"));
}

#[test]
fn two_builds_are_byte_identical() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("again");
    let o = mb().args(["build", "--out"]).arg(&out).output().unwrap();
    assert!(o.status.success());
    assert!(tree(site()) == tree(&out));
}
