//! Archives that are not minutebook-shaped Obsidian vaults: plain Markdown
//! minutes kept in folders, as open-source groups and committees keep them.
//! Each fixture under `tests/fixtures/archives/` holds one family of shapes
//! (hand-written, invented names); the tests build it with no site.toml
//! and read the report and the pages.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/archives").join(name)
}

/// Build a fixture (no site.toml: run from a temp folder) and return the
/// output folder and the report.
struct Built {
    _tmp: tempfile::TempDir,
    out: PathBuf,
    report: Value,
}

fn built(name: &str) -> Built {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let vault = fixture(name);
    build_in(tmp.path(), &vault, &out, &[]);
    let report = report_in(tmp.path(), &vault, &[]);
    Built {
        _tmp: tmp,
        out,
        report,
    }
}

fn notes(r: &Value) -> BTreeMap<String, Value> {
    r["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| (n["source"].as_str().expect("source").to_string(), n.clone()))
        .collect()
}

fn diags<'a>(r: &'a Value, code: &str) -> Vec<&'a Value> {
    r["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

fn page(b: &Built, source: &str) -> scraper::Html {
    let n = &notes(&b.report)[source];
    html(&page_file(&b.out, n["url"].as_str().expect("url")))
}

fn people_of(n: &Value) -> Vec<String> {
    let mut v: Vec<String> = n["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| p["name"].as_str().expect("name").to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn dates_come_from_paths_titles_and_bodies() {
    let b = built("dated");
    let n = notes(&b.report);
    let want = [
        ("meetings/2024-05-08.md", "2024-05-08", "filename"),
        ("meetings/2024-04/april-08.md", "2024-04-08", "path"),
        ("meetings/2024-04/apr-9.md", "2024-04-09", "path"),
        ("main/2023/CG-01-03.md", "2023-01-03", "path"),
        ("main/2023/SOIL-02-21.md", "2023-02-21", "path"),
        ("minutes/2019.10.03.md", "2019-10-03", "filename"),
        ("board/2023/2023-02-14-board.md", "2023-02-14", "filename"),
        ("calls/Meeting 93.md", "2020-08-07", "body"),
        ("notes/2021/kickoff.md", "2021-01-03", "body"),
        ("notes/2021/follow-up.md", "2021-01-24", "frontmatter"),
    ];
    for (src, date, from) in want {
        let x = &n[src];
        assert_eq!(x["date"], date, "{src}");
        assert_eq!(x["date_from"], from, "{src}");
        assert_eq!(x["meeting"], true, "{src} is a meeting");
    }
    // READMEs among the minutes are not meetings
    assert_eq!(n["README.md"]["meeting"], false);
    assert_eq!(n["meetings/2024-04/README.md"]["meeting"], false);
    assert_eq!(n["README.md"]["date"], Value::Null);
    // conflicting sources: a warning that names both, the file name wins
    let c = diags(&b.report, "date-conflict");
    let c: Vec<&&Value> = c
        .iter()
        .filter(|d| {
            d["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("conflict-2021-02-02.md"))
        })
        .collect();
    assert_eq!(c.len(), 1, "{c:?}");
    let msg = c[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("2021-02-02") && msg.contains("2021-02-03"),
        "{msg}"
    );
    assert_eq!(n["notes/2021/conflict-2021-02-02.md"]["date"], "2021-02-02");
}

#[test]
fn folders_make_series_split_by_file_name_prefix() {
    let b = built("dated");
    let n = notes(&b.report);
    let series = |src: &str| n[src]["series"].as_str().map(str::to_string);
    assert_eq!(
        series("main/2023/CG-01-03.md"),
        series("main/2023/CG-01-31.md")
    );
    assert_ne!(
        series("main/2023/CG-01-03.md"),
        series("main/2023/SOIL-02-07.md")
    );
    assert!(series("main/2023/CG-01-03.md").is_some());
    assert_eq!(n["main/2023/CG-01-03.md"]["series_from"], "folder");
    // year and month folders are set aside: April's plenary is in `meetings`
    assert_eq!(
        series("meetings/2024-04/april-08.md"),
        series("meetings/2024-05-08.md")
    );
    let s: BTreeMap<String, String> = b.report["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().into(),
                s["title"].as_str().unwrap().into(),
            )
        })
        .collect();
    // readable names: the last part of the folder key
    assert_eq!(s[&series("main/2023/SOIL-02-07.md").unwrap()], "SOIL");
    assert_eq!(s[&series("calls/Meeting 93.md").unwrap()], "calls");
    // the archive lists the meetings by year (the home page only the
    // latest months), series pages exist
    let body: String = walkdir::WalkDir::new(b.out.join("archive"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() == "index.html")
        .map(|e| html(e.path()).root_element().text().collect::<String>())
        .collect();
    assert!(body.contains("Orchard Call 93 Notes"));
    let series_index = html(&b.out.join("series/index.html"));
    let names: Vec<String> = series_index.select(&sel("main a")).map(text).collect();
    assert!(names.iter().any(|x| x == "SOIL"), "{names:?}");
}

#[test]
fn check_prints_how_notes_were_classified() {
    let tmp = tempfile::tempdir().unwrap();
    let o = mb()
        .current_dir(tmp.path())
        .arg("check")
        .arg("--vault")
        .arg(fixture("dated"))
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    let line = s
        .lines()
        .find(|l| l.starts_with("classified "))
        .unwrap_or_else(|| panic!("no classification line in {s}"));
    assert!(line.contains("meetings"), "{line}");
    assert!(line.contains("series"), "{line}");
}

#[test]
fn people_come_from_attendee_lists_tables_roles_and_fields() {
    let b = built("people");
    let n = notes(&b.report);
    assert_eq!(
        people_of(&n["meetings/2024-03-06.md"]),
        ["Ana Lima", "Bo Chen", "Cy Diaz"]
    );
    assert!(
        n["meetings/2024-03-06.md"]["people_from"]
            .as_array()
            .unwrap()
            .contains(&Value::from("body"))
    );
    assert_eq!(
        people_of(&n["meetings/2024-03-20.md"]),
        ["Ana Lima", "Dee Evans"]
    );
    let third = people_of(&n["meetings/2024-04-03.md"]);
    for who in [
        "Ana Lima", "Bo Chen", "Eve Fox", "Gil Hart", "Ivo Jung", "Kai Lund", "Lou Moss",
        "Max Nye", "Felix K",
    ] {
        assert!(third.contains(&who.to_string()), "{who} in {third:?}");
    }
    // `alima` is Ana Lima's handle: the same person, not a new one
    assert!(!third.iter().any(|p| p == "alima"), "{third:?}");
    let everyone: Vec<String> = b.report["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !everyone.iter().any(|p| p.contains("recommendation")),
        "{everyone:?}"
    );
    // the moderator's person page says so
    let people = &b.report["people"];
    let ana = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Ana Lima")
        .unwrap();
    let doc = html(&page_file(&b.out, ana["url"].as_str().unwrap()));
    let roles: Vec<String> = doc.select(&sel(".role")).map(text).collect();
    assert!(roles.iter().any(|r| r.contains("chair")), "{roles:?}");
    assert_eq!(ana["meetings"].as_array().unwrap().len(), 3);
}

/// The turns a page draws in place: (anchor id, speaker title, label text).
fn inline_turns(doc: &scraper::Html) -> Vec<(String, String, String)> {
    // a turn is a paragraph, or a list item (tight lists draw no `<p>`)
    doc.select(&sel("p, li"))
        .filter(|el| el.value().name() == "p" || el.select(&sel("p")).next().is_none())
        .filter_map(|p| {
            let a = p.select(&sel("a.turn-anchor")).next()?;
            let s = p.select(&sel(".speaker")).next()?;
            Some((
                a.value().attr("id")?.to_string(),
                s.value().attr("title")?.to_string(),
                text(s),
            ))
        })
        .collect()
}

#[test]
fn abbreviations_from_the_attendee_table_are_speakers() {
    let b = built("minutes");
    let doc = page(&b, "plenary/2024-06-11.md");
    let turns = inline_turns(&doc);
    let speakers: Vec<&str> = turns.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(
        speakers,
        ["Rosa Quint", "Tariq Umar", "Rosa Quint", "Vera Wolff"]
    );
    assert_eq!(turns[0].2, "RQT", "the label stays as written");
    let ids: Vec<&str> = turns.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(ids, ["t-1", "t-2", "t-3", "t-4"]);
    // `Note:` is prose, not a speaker; every word is still on the page
    let all = text(doc.root_element());
    assert!(all.contains("Note: the market is on a Saturday this month."));
    assert!(all.contains("We found two errors in the March pages."));
    // speakers are people of the meeting, with talk share
    let n = &notes(&b.report)["plenary/2024-06-11.md"];
    assert_eq!(n["transcript"]["speakers"].as_array().unwrap().len(), 3);
    assert!(doc.select(&sel(".transcript-inline .share-row")).count() == 3);
    // one `Note:` line alone is not minutes
    assert_eq!(
        notes(&b.report)["plenary/2024-06-25.md"]["transcript"],
        Value::Null
    );
}

#[test]
fn bold_names_list_names_and_exported_calls_are_turns() {
    let b = built("minutes");
    let turns = inline_turns(&page(&b, "calls/2024-07-02.md"));
    let speakers: Vec<&str> = turns.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(
        speakers,
        ["Rosa Quint", "Tariq Umar", "Rosa Quint"],
        "`**Summary:**` is not a speaker"
    );
    // names nobody listed, repeated through the note: people too
    let turns = inline_turns(&page(&b, "calls/2024-07-16.md"));
    let speakers: Vec<&str> = turns.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(speakers, ["Hudson", "Lane", "Hudson", "Lane"]);
    let n = notes(&b.report);
    assert!(people_of(&n["calls/2024-07-16.md"]).contains(&"Hudson".to_string()));
    // `* Willa: …` with Willa Yates present
    let turns = inline_turns(&page(&b, "sync/2024-08-01.md"));
    let speakers: Vec<&str> = turns.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(speakers, ["Willa Yates", "Xavi Zorn", "Willa Yates"]);
    // `Name  0:03` blocks
    let doc = page(&b, "exports/2024-09-10.md");
    let turns = inline_turns(&doc);
    assert_eq!(turns.len(), 3);
    assert_eq!(turns[1].1, "Tariq Umar");
    assert!(text(doc.root_element()).contains("The crane passed."));
}

#[test]
fn webvtt_beside_a_note_is_its_transcript() {
    let b = built("minutes");
    let doc = page(&b, "exports/2024-09-24.md");
    let turns: Vec<String> = doc
        .select(&sel("details.transcript li.turn-group .speaker"))
        .map(text)
        .collect();
    assert_eq!(turns, ["Rosa Quint", "Tariq Umar"]);
    let all = text(doc.root_element());
    assert!(all.contains("It arrives in October, the supplier says."));
}

#[test]
fn speakers_have_the_speaker_role_on_person_pages() {
    let b = built("minutes");
    let rosa = b.report["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Rosa Quint")
        .expect("Rosa Quint has a page")
        .clone();
    let doc = html(&page_file(&b.out, rosa["url"].as_str().unwrap()));
    let roles: Vec<String> = doc.select(&sel(".role")).map(text).collect();
    assert!(roles.iter().any(|r| r.contains("speaker")), "{roles:?}");
}

#[test]
fn outside_obsidian_brackets_percent_signs_and_hashes_are_prose() {
    let b = built("plain");
    let doc = page(&b, "notes/2023-05-02.md");
    let all = text(doc.root_element());
    assert!(all.contains("the [[Prototype]] slot"), "{all}");
    assert!(all.contains("%%Intrinsic%%"), "{all}");
    assert!(all.contains("A #if directive"), "{all}");
    assert!(all.contains("<in chat>"), "{all}");
    assert!(
        all.contains("KO: the lantern glass is on back order."),
        "{all}"
    );
    assert!(all.contains("<TL to fill in>"), "{all}");
    assert_eq!(doc.select(&sel("a.tag")).count(), 0);
    // a link that resolves is still a link
    let links: Vec<String> = doc.select(&sel("a.wikilink")).map(text).collect();
    assert_eq!(links, ["Lantern Spec"]);
    assert!(diags(&b.report, "broken-link").is_empty());
}

#[test]
fn in_an_obsidian_vault_the_same_syntax_is_obsidian() {
    let b = built("obsidian");
    let doc = page(&b, "notes/2023-05-02.md");
    let all = text(doc.root_element());
    assert!(!all.contains("hidden remark"));
    assert_eq!(diags(&b.report, "broken-link").len(), 1);
    // tags are case-insensitive: one tag page
    let tags: Vec<String> = b.report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|n| n["tags"].as_array().unwrap().clone())
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    assert!(tags.iter().all(|t| t == "lanterns"), "{tags:?}");
    assert!(b.out.join("tags/lanterns/index.html").is_file());
}

#[test]
fn transcript_sections_in_no_known_form_stay_with_a_diagnostic() {
    let b = built("plain");
    let d = diags(&b.report, "transcript-unparsed");
    let files: Vec<&str> = d.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(files.len(), 2, "{files:?}");
    let doc = page(&b, "notes/2023-05-02.md");
    let all = text(doc.root_element());
    assert!(all.contains("Speaker one said the wick was too short."));
    let doc = page(&b, "notes/2023-05-16.md");
    let all = text(doc.root_element());
    assert!(all.contains("00:05 Noor: and it fits"), "{all}");
}

#[test]
fn folder_rules_override_inference() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let cfg = fixture("rules").join("site.toml");
    let o = mb()
        .arg("build")
        .arg("--config")
        .arg(&cfg)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = mb()
        .arg("check")
        .arg("--config")
        .arg(&cfg)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&r.stdout).unwrap();
    let n = notes(&report);
    assert_eq!(n["minutes/2022-01-10.md"]["series"], "Weavers Guild");
    assert_eq!(n["minutes/2022-01-10.md"]["series_from"], "folders");
    assert_eq!(n["minutes/2022-01-10.md"]["type"], "guild");
    assert_eq!(n["minutes/README.md"]["meeting"], false);
    assert_eq!(n["agendas/2022-01-10.md"]["meeting"], false);
    assert_eq!(n["minutes/2022-02-14.md"]["meeting"], true);
}
