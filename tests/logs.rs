//! The decision log and its kin, the actions page's groups and dates, person
//! pages (open items first, rhythm, merged backlinks) and name order:
//! built with the binary, asserted on parsed HTML.

mod common;
use common::*;
use std::path::Path;

fn site() -> &'static Path {
    example_site()
}

fn page(url: &str) -> scraper::Html {
    example_page(url)
}

/// The text of each `.log-entry` title and its items.
fn entries(doc: &scraper::Html) -> Vec<(String, Vec<String>)> {
    doc.select(&sel(".log-entry"))
        .map(|e| {
            (
                text(e.select(&sel(".log-title")).next().unwrap()),
                e.select(&sel(".log-items > li")).map(text).collect(),
            )
        })
        .collect()
}

#[test]
fn the_decision_log_lists_every_decision_newest_first_with_its_meeting() {
    let url = "decisions/";
    let doc = page(url);
    // linked from every page's header
    let home = page("");
    let nav: Vec<String> = home
        .select(&sel(".site-nav a"))
        .filter(|a| text(*a) == "Decisions")
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(nav, ["decisions/index.html"]);

    let dates: Vec<String> = doc
        .select(&sel(".log-entry .log-meta time"))
        .map(|t| t.value().attr("datetime").unwrap().to_string())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    let all = entries(&doc);
    // the 1:1 of 16 September: its three decisions, in the note's order,
    // the meeting linked at its Decisions heading
    let kickoff = doc
        .select(&sel(".log-entry"))
        .find(|e| {
            e.select(&sel(".log-meta time"))
                .next()
                .is_some_and(|t| t.value().attr("datetime") == Some("2025-09-16"))
        })
        .expect("the 16 September 1:1");
    let items: Vec<String> = kickoff.select(&sel(".log-items > li")).map(text).collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].starts_with("Hire one senior platform engineer now"));
    // inline Markdown is rendered: a highlight and a tag link
    assert!(kickoff.select(&sel(".log-items mark")).next().is_some());
    assert!(kickoff.select(&sel(".log-items a.tag")).next().is_some());
    let href = kickoff
        .select(&sel(".log-title a"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert!(href.ends_with("#decisions"), "{href}");
    assert_eq!(
        resolve_href(url, href).as_deref(),
        Some("meetings/1-1/dana-reyes/2025-09-16-dana-reyes/")
    );
    assert!(page_file(site(), "meetings/1-1/dana-reyes/2025-09-16-dana-reyes/").is_file());
    let meta = text(kickoff.select(&sel(".log-meta")).next().unwrap());
    assert!(
        meta.contains("Dana Reyes") && meta.contains("Tue 16 Sep 2025"),
        "{meta}"
    );
    assert_eq!(
        kickoff.value().attr("data-f-person"),
        Some("dana-reyes sam-okoro")
    );
    assert_eq!(
        kickoff.value().attr("data-f-series"),
        Some("1-1/dana-reyes")
    );
    // an Outcomes section of paragraphs (the guild's plain minutes), and a
    // note that is not a meeting, are in it too
    assert!(
        all.iter().any(|(_, i)| i
            .iter()
            .any(|t| t.starts_with("The cost report is the last thing"))),
        "{all:?}"
    );
    assert!(
        all.iter().any(|(t, _)| t == "Quarterly Planning"),
        "{all:?}"
    );
    // no open question or risk here
    assert!(!all.iter().any(|(_, i)| {
        i.iter()
            .any(|t| t.contains("parity check also compare sums"))
    }));
    // the count in the title is the number of items
    let n: usize = all.iter().map(|(_, i)| i.len()).sum();
    let h1 = text(doc.select(&sel("h1")).next().unwrap());
    assert_eq!(h1, format!("Decisions {n}"));
    // the menus: series and people of its meetings, people in name order
    let people: Vec<String> = doc
        .select(&sel("select[data-list-filter=person] option"))
        .map(|o| o.value().attr("value").unwrap().to_string())
        .collect();
    assert_eq!(people[0], "", "everyone first");
    assert!(people.contains(&"dana-reyes".to_string()), "{people:?}");
    let mut sorted = people.clone();
    sorted.sort();
    assert_eq!(people, sorted);
    // every value an entry holds is in the menu
    for e in doc.select(&sel(".log-entry")) {
        for p in e.value().attr("data-f-person").unwrap().split_whitespace() {
            assert!(people.iter().any(|x| x == p), "{p}");
        }
    }
    // without script every entry shows: the menus wait for it
    assert!(
        doc.select(&sel("form[data-list-filters][hidden]"))
            .next()
            .is_some()
    );
}

#[test]
fn open_questions_and_risks_have_logs_of_their_own_with_working_links() {
    let url = "open-questions/";
    let doc = page(url);
    let all = entries(&doc);
    assert!(
        all.iter().any(|(_, i)| i
            .iter()
            .any(|t| t.contains("parity check also compare sums"))),
        "{all:?}"
    );
    // a wikilink in an item goes to its page
    let kofi: Vec<String> = doc
        .select(&sel(".log-items a"))
        .filter(|a| text(*a) == "Kofi Mensah")
        .filter_map(|a| resolve_href(url, a.value().attr("href").unwrap()))
        .collect();
    assert_eq!(kofi, ["people/kofi-mensah/"]);
    let risks = page("risks/");
    let planning: Vec<String> = risks
        .select(&sel(".log-items a"))
        .filter(|a| text(*a) == "Quarterly Planning")
        .filter_map(|a| resolve_href("risks/", a.value().attr("href").unwrap()))
        .collect();
    assert_eq!(planning.len(), 1);
    assert!(page_file(site(), &planning[0]).is_file(), "{planning:?}");
    // the three logs link each other, the current one marked
    let kinds: Vec<(String, bool)> = risks
        .select(&sel(".log-kinds a"))
        .map(|a| {
            (
                text(a).split(' ').next().unwrap().to_string(),
                a.value().attr("aria-current") == Some("page"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("Decisions".to_string(), false),
            ("Open".to_string(), false),
            ("Risks".to_string(), true)
        ]
    );
}

#[test]
fn person_and_series_pages_show_their_latest_decisions() {
    let doc = page("series/team/platform-sync/");
    let recent: Vec<String> = doc.select(&sel(".recent-log h3")).map(text).collect();
    assert_eq!(recent.len(), 3, "{recent:?}");
    let more = doc
        .select(&sel(".recent-decisions .more a"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(
        more,
        "../../../decisions/index.html?series=team/platform-sync"
    );
    // newest first: the cutover retro's decisions lead
    let first = text(
        doc.select(&sel(".recent-decisions .log-title"))
            .next()
            .unwrap(),
    );
    assert!(first.contains("Cutover retro"), "{first}");

    let wei = page("people/wei-zhang/");
    let titles: Vec<String> = wei
        .select(&sel(".recent-decisions .log-entry"))
        .map(|e| e.value().attr("data-f-person").unwrap().to_string())
        .collect();
    assert!(!titles.is_empty());
    assert!(
        titles
            .iter()
            .all(|p| p.split(' ').any(|x| x == "wei-zhang"))
    );
}

#[test]
fn person_pages_put_open_items_first_and_list_each_linking_note_once() {
    let url = "people/dana-reyes/";
    let raw = std::fs::read_to_string(page_file(site(), url)).unwrap();
    let doc = scraper::Html::parse_document(&raw);
    let at = |needle: &str| raw.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("class=\"person-tasks\"") < at("class=\"person-meetings\""));
    assert!(at("class=\"person-tasks\"") < at("class=\"backlinks"));
    // last met: the date of her latest meeting; how often, in words
    let latest = doc
        .select(&sel(".person-meetings .meeting-item time"))
        .next()
        .unwrap()
        .value()
        .attr("datetime")
        .unwrap()
        .to_string();
    let met = doc
        .select(&sel(".person-rhythm .last-met time"))
        .next()
        .unwrap();
    assert_eq!(met.value().attr("datetime"), Some(latest.as_str()));
    let rhythm = text(doc.select(&sel(".person-rhythm")).next().unwrap());
    assert!(rhythm.contains("meets about every"), "{rhythm}");
    // one backlink per note: the 1:1s name her as counterpart and attendee
    let links: Vec<String> = doc
        .select(&sel(".person-backlinks li.backlink > a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    let mut unique = links.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(links.len(), unique.len(), "{links:?}");
    let one = doc
        .select(&sel(".person-backlinks li.backlink"))
        .find(|li| text(*li).contains("2025-09-16"))
        .expect("the first 1:1 links to her");
    let roles: Vec<String> = one.select(&sel(".role")).map(text).collect();
    assert!(
        roles.contains(&"counterpart".to_string()) && roles.contains(&"attendee".to_string()),
        "{roles:?}"
    );
}

#[test]
fn the_counterpart_is_listed_once_on_a_meeting_page() {
    let doc = page("meetings/1-1/dana-reyes/2025-09-16-dana-reyes/");
    let with: Vec<String> = doc
        .select(&sel("dd.counterpart a.person"))
        .map(text)
        .collect();
    assert_eq!(with, ["Dana Reyes"]);
    let attendees: Vec<String> = doc
        .select(&sel("dd.attendees a.person"))
        .map(text)
        .collect();
    assert!(
        !attendees.contains(&"Dana Reyes".to_string()),
        "{attendees:?}"
    );
    assert!(
        attendees.contains(&"Sam Okoro".to_string()),
        "{attendees:?}"
    );
}

#[test]
fn the_actions_page_has_stable_anchors_and_due_dates_in_words() {
    let doc = page("actions/");
    let ids: Vec<String> = doc
        .select(&sel("section.assignee-group"))
        .map(|s| s.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "a-dana-reyes",
            "a-kofi-mensah",
            "a-priya-sharma",
            "a-sam-okoro",
            "a-wei-zhang",
            "a-unassigned"
        ]
    );
    // the index of assignees links each group
    let index: Vec<String> = doc
        .select(&sel(".assignee-index a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        index,
        ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>()
    );
    // "due 14 Nov 2025", the same on any day the site is built
    let due: Vec<String> = doc
        .select(&sel(
            "#a-wei-zhang li.task .task-meta > time[datetime=\"2025-11-14\"]",
        ))
        .map(text)
        .collect();
    assert_eq!(due, ["due 14 Nov 2025"]);
    // every item of the page is open: lean markup, no checkbox element
    assert_eq!(doc.select(&sel("li.task")).count(), 16);
    assert!(doc.select(&sel("li.task input")).next().is_none());
    // each item holds its series for the filter, and the menu offers it
    let series: Vec<String> = doc
        .select(&sel("select[data-list-filter=series] option"))
        .map(|o| o.value().attr("value").unwrap().to_string())
        .collect();
    for t in doc.select(&sel("li.task[data-f-series]")) {
        let s = t.value().attr("data-f-series").unwrap();
        assert!(series.iter().any(|x| x == s), "{s} not in {series:?}");
    }
    assert!(series.contains(&"team/platform-sync".to_string()));
    let assignees: Vec<String> = doc
        .select(&sel("select[data-list-filter=assignee] option"))
        .map(|o| o.value().attr("value").unwrap().to_string())
        .collect();
    assert_eq!(
        assignees[1..],
        ids.iter().map(|i| i[2..].to_string()).collect::<Vec<_>>()[..]
    );
}

/// A vault of `notes` (path, text) in a fresh folder.
fn vault(notes: &[(&str, String)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("vault/.obsidian")).unwrap();
    for (p, s) in notes {
        write(&d.path().join("vault").join(p), s);
    }
    d
}

#[test]
fn names_sort_with_their_accents_folded() {
    let names = [
        "Zoë Ødegaard",
        "Ángel Ruiz",
        "Bo Chen",
        "ana Lima",
        "Émile Roy",
    ];
    let mut body = String::from("---\ndate: 2025-03-04\nattendees: [");
    body.push_str(&names.map(|n| format!("\"[[{n}]]\"")).join(", "));
    body.push_str("]\n---\n# Sync\n\n");
    for n in names {
        body.push_str(&format!("- [ ] Something for {n} @{n}\n"));
    }
    let d = vault(&[("Sync.md", body)]);
    let out = d.path().join("out");
    build(&d.path().join("vault"), &out, &[]);
    let want = [
        "ana Lima",
        "Ángel Ruiz",
        "Bo Chen",
        "Émile Roy",
        "Zoë Ødegaard",
    ];
    let people: Vec<String> = html(&page_file(&out, "people/"))
        .select(&sel(".person-card .person-name"))
        .map(text)
        .collect();
    assert_eq!(people, want);
    let groups: Vec<String> = html(&page_file(&out, "actions/"))
        .select(&sel(".assignee-group h2 a"))
        .map(text)
        .collect();
    assert_eq!(groups, want);
}

#[test]
fn a_profile_dropping_decisions_leaves_none_of_them_anywhere() {
    let note = |day: u32, secret: &str| {
        format!(
            "---\ndate: 2025-04-{day:02}\nprivacy: internal\nattendees: [\"[[Ann Lee]]\"]\n---\n# Review {day}\n\n## Decisions\n- We chose {secret} for [[Plan]].\n\n## Outcomes\n- Shipped outcome {day}.\n\n## Risks\n- Risk {day} stays.\n"
        )
    };
    let d = vault(&[
        ("Meetings/2025-04-01 Review.md", note(1, "zebracanary")),
        ("Meetings/2025-04-08 Review.md", note(8, "okapicanary")),
        (
            "Plan.md",
            "---\nprivacy: internal\n---\n# Plan\n\n## Decisions\n- Plan with giraffecanary.\n"
                .into(),
        ),
    ]);
    let cfg = d.path().join("site.toml");
    write(
        &cfg,
        "title = \"t\"\n[profiles.team]\ndrop_sections = [\"Decisions\"]\n",
    );
    let canaries = ["zebracanary", "okapicanary", "giraffecanary"];
    // without the profile the decisions are on the log, the person's page
    // and in the search index
    let open = d.path().join("open");
    build(
        &d.path().join("vault"),
        &open,
        &["--config", cfg.to_str().unwrap()],
    );
    let files = tree(&open);
    let log = String::from_utf8_lossy(&files["decisions/index.html"]).into_owned();
    for c in canaries {
        assert!(log.contains(c), "{c} is on the log");
    }
    assert!(String::from_utf8_lossy(&files["people/ann-lee/index.html"]).contains("zebracanary"));
    // with it, nowhere: the published notes are resolved again without the section
    let team = d.path().join("team");
    build(
        &d.path().join("vault"),
        &team,
        &["--config", cfg.to_str().unwrap(), "--profile", "team"],
    );
    for (path, bytes) in tree(&team) {
        let s = String::from_utf8_lossy(&bytes);
        for c in canaries {
            assert!(!holds(&s, c), "{c} in {path}");
        }
    }
    // what the profile keeps stays: the outcomes are decisions too, and risks
    let log = html(&page_file(&team, "decisions/"));
    let items: Vec<String> = log.select(&sel(".log-items > li")).map(text).collect();
    assert_eq!(items, ["Shipped outcome 8.", "Shipped outcome 1."]);
    let risks = html(&page_file(&team, "risks/"));
    assert_eq!(risks.select(&sel(".log-items > li")).count(), 2);
}

#[test]
fn a_long_log_is_paged_by_year_and_every_page_stays_small() {
    // three years of meetings with many long decisions: over a megabyte as one page
    let mut notes = Vec::new();
    for y in 2022..=2024 {
        for k in 0..60 {
            // Bo was only at one board, in 2022
            let bo = if y == 2022 && k == 0 {
                ", \"[[Bo Chen]]\""
            } else {
                ""
            };
            let mut s = format!(
                "---\ndate: {y}-{:02}-{:02}\nseries: Board\nattendees: [\"[[Ann Lee]]\"{bo}]\n---\n# Board {y} {k}\n\n## Decisions\n",
                k % 12 + 1,
                k % 28 + 1
            );
            for i in 0..20 {
                s.push_str(&format!(
                    "- Decision {y}-{k}-{i}: {}\n",
                    "we agree to keep the long sentence going ".repeat(6)
                ));
            }
            notes.push((format!("Board/{y}-{k}.md"), s));
        }
    }
    let refs: Vec<(&str, String)> = notes.iter().map(|(p, s)| (p.as_str(), s.clone())).collect();
    let d = vault(&refs);
    let out = d.path().join("out");
    build(&d.path().join("vault"), &out, &[]);
    let files = tree(&out);
    let pages: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("decisions/"))
        .collect();
    assert_eq!(
        pages,
        [
            "decisions/2022/index.html",
            "decisions/2023/index.html",
            "decisions/index.html"
        ]
    );
    let mut seen = 0;
    for p in &pages {
        let bytes = &files[p.as_str()];
        assert!(bytes.len() < 1_000_000, "{p}: {} bytes", bytes.len());
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
        seen += doc.select(&sel(".log-items > li")).count();
        // the year index links the three pages, this one marked
        let years: Vec<String> = doc.select(&sel(".year-index a")).map(text).collect();
        assert_eq!(years, ["2024", "2023", "2022"]);
        let url = p.trim_end_matches("index.html");
        for a in doc.select(&sel(".year-index a")) {
            let to = resolve_href(url, a.value().attr("href").unwrap()).unwrap();
            assert!(files.contains_key(&format!("{to}index.html")), "{to}");
            assert_eq!(
                a.value().attr("aria-current") == Some("page"),
                to == url,
                "{url} → {to}"
            );
        }
    }
    assert_eq!(seen, 3 * 60 * 20, "every decision on one page of the log");
    let newest = html(&page_file(&out, "decisions/"));
    let first = newest.select(&sel(".log-year")).next().unwrap();
    assert_eq!(first.value().attr("id"), Some("y-2024"));
    assert_eq!(newest.select(&sel(".log-year")).count(), 1);
    // a person's page links the year of their newest decision, filtered to them
    let bo = html(&page_file(&out, "people/bo-chen/"));
    let more: Vec<&str> = bo
        .select(&sel(".recent-decisions .more a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(more, ["../../decisions/2022/index.html?person=bo-chen"]);
}
