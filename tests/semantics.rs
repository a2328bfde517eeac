//! Meeting semantics: transcripts, action items, callouts, Obsidian syntax,
//! code, raw HTML — on content-example, gen-vault vaults and small bad inputs.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};

fn build_example() -> (tempfile::TempDir, std::path::PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("public");
    let o = mb().args(["build", "--out"]).arg(&out).output().unwrap();
    assert!(o.status.success());
    (d, out)
}

#[test]
fn example_transcript_tasks_callouts_and_syntax() {
    let (_d, out) = build_example();
    let url = "meetings/1-1/dana-reyes/2025-09-16-dana-reyes/";
    let doc = html(&page_file(&out, url));
    // transcript: collapsed, summarised, one .turn per line, unique ids, speakers linked
    let details: Vec<_> = doc.select(&sel("details.transcript")).collect();
    assert_eq!(details.len(), 1);
    assert!(details[0].value().attr("open").is_none(), "collapsed");
    let summary = text(details[0].select(&sel("summary")).next().unwrap());
    assert!(
        summary.contains("16 turns")
            && summary.contains("Dana Reyes")
            && summary.contains("Sam Okoro"),
        "{summary}"
    );
    let turns: Vec<_> = doc.select(&sel("details.transcript .turn")).collect();
    assert_eq!(turns.len(), 16);
    let ids: BTreeSet<&str> = turns
        .iter()
        .map(|t| t.value().attr("id").unwrap())
        .collect();
    assert_eq!(ids.len(), 16);
    assert!(ids.contains("t-00-00-11"));
    let fused = turns
        .iter()
        .find(|t| t.value().attr("id") == Some("t-00-00-03"))
        .unwrap();
    // consecutive turns of one speaker are one group that names them once
    let sp = group_of(*fused)
        .select(&sel("a.speaker"))
        .next()
        .expect("fused speaker is linked");
    assert_eq!(text(sp), "Sam Okoro");
    assert_eq!(
        resolve_href(url, sp.value().attr("href").unwrap()).unwrap(),
        "people/sam-okoro/"
    );
    assert!(text(fused.select(&sel(".turn-text")).next().unwrap()).starts_with("Morning."));
    let self_link = fused.select(&sel("a.turn-time")).next().unwrap();
    assert_eq!(self_link.value().attr("href"), Some("#t-00-00-03"));
    let device = turns
        .iter()
        .find(|t| t.value().attr("id") == Some("t-00-00-00"))
        .unwrap();
    assert_eq!(
        text(
            group_of(*device)
                .select(&sel(".speaker.device"))
                .next()
                .unwrap()
        ),
        "zoom.us"
    );
    assert!(doc.select(&sel(".talk-share .share-row")).count() >= 2);
    // the same speaker always gets the same colour class
    let classes: BTreeSet<String> = doc
        .select(&sel("details.transcript .turn-group"))
        .filter(|g| g.select(&sel(".speaker")).next().map(text).as_deref() == Some("Sam Okoro"))
        .map(|g| g.value().attr("class").unwrap().to_string())
        .collect();
    assert_eq!(classes.len(), 1, "{classes:?}");

    // action items
    let tasks: Vec<_> = doc.select(&sel(".note-body li.task")).collect();
    assert_eq!(tasks.len(), 4);
    for t in &tasks {
        let cb = t
            .select(&sel("input[type=checkbox]"))
            .next()
            .expect("checkbox");
        assert!(cb.value().attr("disabled").is_some());
    }
    let hr = tasks
        .iter()
        .find(|t| t.value().attr("data-assignee") == Some("HR"))
        .expect("@HR task");
    assert!(hr.select(&sel(".assignee.team")).next().is_some());
    let done: Vec<_> = tasks
        .iter()
        .filter(|t| t.value().attr("data-status") == Some("done"))
        .collect();
    assert_eq!(done.len(), 3);
    assert!(
        done.iter()
            .all(|t| t.select(&sel("input[checked]")).next().is_some())
    );
    assert!(
        doc.select(&sel("li.task time.task-date.done"))
            .next()
            .is_some()
    );
    assert!(doc.select(&sel("li.task .priority")).next().is_some());
    // emoji metadata is shown as badges, not left in the text
    for t in &tasks {
        let own: String = t
            .children()
            .filter_map(|c| c.value().as_text().map(|x| x.to_string()))
            .collect();
        assert!(!own.contains("✅ 2025") && !own.contains('@'), "{own}");
    }

    // callouts
    let c = doc
        .select(&sel("div.callout.callout-info"))
        .next()
        .expect("info callout");
    assert_eq!(
        text(c.select(&sel(".callout-title")).next().unwrap()),
        "Purpose"
    );
    let doc = html(&page_file(
        &out,
        "meetings/1-1/dana-reyes/2025-10-28-dana-reyes/",
    ));
    let folded = doc
        .select(&sel("details.callout.callout-question"))
        .next()
        .expect("folded faq");
    assert!(folded.value().attr("open").is_none());
    assert!(
        folded
            .select(&sel("summary.callout-title"))
            .next()
            .is_some()
    );
    let cancelled = doc
        .select(&sel("li.task[data-status=cancelled]"))
        .next()
        .expect("cancelled task");
    assert!(cancelled.select(&sel("time.cancelled")).next().is_some());
    let doc = html(&page_file(
        &out,
        "meetings/team/platform-sync/2025-10-09-shadow-results/",
    ));
    let open = doc
        .select(&sel("details.callout.callout-tip"))
        .next()
        .expect("foldable tip");
    assert!(open.value().attr("open").is_some());
    assert_eq!(
        text(open.select(&sel(".callout-title")).next().unwrap()),
        "Dual-write checklist"
    );
    // code: syntect classes; inline tags link to tag pages
    let sql = doc
        .select(&sel("pre.code[data-lang=sql]"))
        .next()
        .expect("highlighted sql");
    assert!(sql.select(&sel("span[class^=hl-]")).next().is_some());
    let tag = doc
        .select(&sel(".note-body a.tag"))
        .find(|a| text(*a) == "#customer/northwind")
        .expect("inline tag");
    assert!(
        resolve_href(
            "meetings/team/platform-sync/2025-10-09-shadow-results/",
            tag.value().attr("href").unwrap()
        )
        .unwrap()
        .starts_with("tags/customer/northwind/")
    );
    let doc = html(&page_file(
        &out,
        "meetings/team/platform-sync/2025-12-04-cutover-retro/",
    ));
    let outer = doc
        .select(&sel("div.callout.callout-example"))
        .next()
        .expect("example");
    assert!(
        outer
            .select(&sel("div.callout.callout-success"))
            .next()
            .is_some(),
        "nested callout"
    );
    // highlights, math, mermaid
    let doc = html(&page_file(
        &out,
        "meetings/team/platform-sync/2025-09-18-migration-kickoff/",
    ));
    assert!(doc.select(&sel(".note-body mark")).next().is_some());
    assert!(doc.select(&sel("pre.mermaid")).next().is_some());
    let doc = html(&page_file(
        &out,
        "meetings/customers/northwind/2025-10-21-pricing-proposal/",
    ));
    // math drawn as MathML, its TeX kept in the annotation
    assert!(doc.select(&sel("p > math.math-inline")).next().is_some());
    let display = doc
        .select(&sel(".math.math-display > math[display=\"block\"]"))
        .next()
        .expect("display math");
    assert!(display.select(&sel("mfrac")).next().is_some());
    let tex: String = display
        .select(&sel("annotation[encoding=\"application/x-tex\"]"))
        .flat_map(|a| a.text())
        .collect();
    assert!(tex.starts_with(r"p_{\text{eff}} = \frac{"), "{tex}");
    assert!(
        doc.select(&sel(".footnotes, section.footnotes, [data-footnotes]"))
            .next()
            .is_some()
    );

    // the action-items page groups open items by assignee
    let doc = html(&page_file(&out, "actions/"));
    let groups: Vec<String> = doc.select(&sel(".assignee-group h2")).map(text).collect();
    // by assignee in name order, with their counts, the unassigned last
    assert_eq!(
        groups,
        [
            "Dana Reyes 4",
            "Kofi Mensah 1",
            "Priya Sharma 2",
            "Sam Okoro 3",
            "Wei Zhang 4",
            "Unassigned 2"
        ]
    );
    assert_eq!(doc.select(&sel(".assignee-group li.task")).count(), 16);
    assert!(
        doc.select(&sel("li.task[data-status=done]"))
            .next()
            .is_none()
    );
    // person pages list their open and done items linked to the meeting
    let doc = html(&page_file(&out, "people/elena-petrova/"));
    let liz = doc
        .select(&sel(".person-tasks li.task"))
        .next()
        .expect("@Liz resolves to Elena through her alias");
    assert!(liz.select(&sel("a.task-source")).next().is_some());
}

#[test]
fn gen_vault_transcripts_and_tasks_match_the_manifest() {
    let Some(g) = gen_vault(&["--no-defects", "--notes", "200", "--seed", "12"]) else {
        return;
    };
    let out = g.dir.path().join("out");
    build(&g.path(), &out, &[]);
    let rep = report(&g.path(), &[]);
    let notes: BTreeMap<&str, &serde_json::Value> = rep["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["source"].as_str().unwrap(), n))
        .collect();
    let mut with_transcript = 0;
    for n in g.manifest["notes"].as_array().unwrap() {
        let r = notes[n["path"].as_str().unwrap()];
        assert_eq!(r["tasks"]["open"], n["tasks"]["open"], "{}", n["path"]);
        assert_eq!(r["tasks"]["done"], n["tasks"]["done"], "{}", n["path"]);
        let Some(t) = n["transcript"].as_object() else {
            continue;
        };
        with_transcript += 1;
        let doc = html(&page_file(&out, r["url"].as_str().unwrap()));
        assert_eq!(doc.select(&sel("details.transcript")).count(), 1);
        assert_eq!(
            doc.select(&sel("details.transcript .turn")).count() as u64,
            t["turns"].as_u64().unwrap(),
            "{}",
            n["path"]
        );
        let got: BTreeSet<&str> = r["transcript"]["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        for s in t["speakers"].as_array().unwrap() {
            assert!(
                got.contains(s.as_str().unwrap()),
                "{}: speaker {s} missing from {got:?}",
                n["path"]
            );
        }
    }
    assert!(with_transcript > 100);
}

#[test]
fn defects_vault_leaks_no_comment_and_runs_no_script() {
    let Some(g) = gen_vault(&["--notes", "400", "--seed", "3"]) else {
        return;
    };
    let out = g.dir.path().join("out");
    build(&g.path(), &out, &[]);
    let comments: Vec<String> = g.manifest["canaries"]["comment"]
        .as_array()
        .map(|a| a.iter().map(|c| c.as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    let scripts: Vec<String> = g.manifest["canaries"]["script"]
        .as_array()
        .map(|a| a.iter().map(|c| c.as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    assert!(
        !comments.is_empty() && !scripts.is_empty(),
        "the vault should carry both kinds of canary"
    );
    for (path, bytes) in tree(&out) {
        let s = String::from_utf8_lossy(&bytes);
        for c in &comments {
            assert!(!s.contains(c.as_str()), "{path} holds comment canary {c}");
        }
        if path.ends_with(".html") {
            let doc = scraper::Html::parse_document(&s);
            for script in doc.select(&sel("script")) {
                let body: String = script.text().collect();
                for c in &scripts {
                    assert!(
                        !body.contains(&c.replace('-', "_")) && !body.contains(c.as_str()),
                        "{path}: live script {c}"
                    );
                }
            }
            for el in doc.select(&sel("*")) {
                for (k, v) in el.value().attrs() {
                    assert!(!k.starts_with("on"), "{path}: event handler {k}={v}");
                }
            }
        }
    }
}

fn diags(vault: &std::path::Path) -> Vec<(String, String, u64)> {
    let rep = report(vault, &[]);
    rep["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn bad_input_renders_sensibly_with_diagnostics() {
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("v");
    write(
        &v.join("m.md"),
        "---\ncreated: 2025-01-02\nattendees: [\"[[Ann Lee]]\"]\n---\n# M\n\n> [!weird] Odd\n> still shown\n\n- [ ] Ping @Nobody Known 🦄 📅 2025-02-01\n\n![[A]]\n\n<!-- ai:transcript:start -->\n```text\n[00:00:05.00] Ann Lee : Hello.\nthis line has no timestamp\n[00:00:01.00] Ann Lee : Earlier.\n```\n<!-- ai:transcript:end -->\n",
    );
    write(&v.join("A.md"), "# A\n\nA embeds B: ![[B]]\n");
    write(&v.join("B.md"), "# B\n\nB embeds A: ![[A]]\n");
    let ds = diags(&v);
    let has = |code: &str, file: &str, line: u64| {
        ds.iter().any(|d| d.0 == code && d.1 == file && d.2 == line)
    };
    assert!(has("unknown-callout", "m.md", 7), "{ds:?}");
    assert!(has("unknown-task-emoji", "m.md", 10), "{ds:?}");
    assert!(has("unknown-assignee", "m.md", 10), "{ds:?}");
    assert!(has("transcript-order", "m.md", 18), "{ds:?}");
    let cycles: Vec<_> = ds.iter().filter(|d| d.0 == "embed-cycle").collect();
    let want = [
        ("embed-cycle".to_string(), "A.md".to_string(), 3),
        ("embed-cycle".to_string(), "B.md".to_string(), 3),
    ];
    assert_eq!(cycles, want.iter().collect::<Vec<_>>());
    let out = d.path().join("out");
    build(&v, &out, &[]);
    let doc = html(&out.join("m/index.html"));
    assert!(
        doc.select(&sel("div.callout.callout-note[data-callout=weird]"))
            .next()
            .is_some()
    );
    let turns: Vec<_> = doc.select(&sel(".turn")).collect();
    assert_eq!(turns.len(), 3);
    assert!(turns[1].value().attr("class").unwrap().contains("unparsed"));
    assert_eq!(text(turns[1]), "this line has no timestamp");
    // the embed cycle stops: A (in m) embeds B, which shows A only as a link
    let embeds = doc.select(&sel("div.embed")).count();
    assert_eq!(embeds, 3);
    assert_eq!(doc.select(&sel("div.embed-cut")).count(), 1);
}

#[test]
fn raw_html_is_sanitised_unless_unsafe_html() {
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("v");
    write(
        &v.join("n.md"),
        "# N\n\nKeep <kbd>Ctrl</kbd> and <sub>2</sub>.\n\n<script>window.PWNED=1</script>\n<img src=x onerror=\"alert(1)\">\n<a href=\"javascript:alert(2)\">click</a>\n",
    );
    let out = d.path().join("out");
    build(&v, &out, &[]);
    let s = std::fs::read_to_string(out.join("n/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&s);
    assert!(doc.select(&sel(".note-body kbd")).next().is_some());
    assert!(doc.select(&sel(".note-body sub")).next().is_some());
    assert!(!s.contains("PWNED") && !s.contains("onerror") && !s.contains("javascript:"));
    let cfg = d.path().join("site.toml");
    write(&cfg, "unsafe_html = true\n");
    let out2 = d.path().join("out2");
    let o = mb()
        .arg("build")
        .arg("--config")
        .arg(&cfg)
        .arg("--vault")
        .arg(&v)
        .arg("--out")
        .arg(&out2)
        .output()
        .unwrap();
    assert!(o.status.success());
    let s = std::fs::read_to_string(out2.join("n/index.html")).unwrap();
    assert!(s.contains("window.PWNED=1"));
    let ds = diags(&v);
    assert!(
        ds.iter().any(|d| d.0 == "unsafe-html" && d.2 == 5),
        "{ds:?}"
    );
}

/// The turn group (one speaker's consecutive turns) a transcript turn is in.
fn group_of(t: scraper::ElementRef<'_>) -> scraper::ElementRef<'_> {
    t.parent()
        .and_then(scraper::ElementRef::wrap)
        .filter(|g| {
            g.value()
                .has_class("turn-group", scraper::CaseSensitivity::CaseSensitive)
        })
        .expect("a turn is in its speaker's group")
}
