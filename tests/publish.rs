//! Publish profiles: selection, redaction, and no leak anywhere in the output.

mod common;
use common::*;
use std::path::Path;

fn build_with(cfg: &str, vault: &Path, out: &Path, profile: &str) {
    let dir = out.parent().unwrap().join(format!(
        "cfg-{}",
        out.file_name().unwrap().to_string_lossy()
    ));
    write(&dir.join("site.toml"), cfg);
    let o = mb()
        .arg("build")
        .arg("--config")
        .arg(dir.join("site.toml"))
        .arg("--vault")
        .arg(vault)
        .arg("--out")
        .arg(out)
        .args(["--profile", profile])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Every (file, needle) where an output file — or its path — holds a
/// needle's words, read as a reader reads them ([`words`]: any case, across
/// whitespace and line breaks, entities, `%XX` and JSON escapes, and with
/// HTML tags read as spaces too).
fn leaks(out: &Path, needles: &[String]) -> Vec<(String, String)> {
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    let folded: Vec<String> = needles.iter().map(|n| words(n)).collect();
    assert!(
        folded.iter().all(|f| f.trim().len() >= 2),
        "a needle without words: {needles:?}"
    );
    let ac = aho_corasick::AhoCorasick::new(&folded).unwrap();
    let mut hits = Vec::new();
    for (path, bytes) in tree(out) {
        let text = String::from_utf8_lossy(&bytes);
        let views = [
            words(&path),
            words(&text),
            words(&tags.replace_all(&text, " ")),
        ];
        for v in &views {
            for m in ac.find_overlapping_iter(v) {
                hits.push((path.clone(), needles[m.pattern().as_usize()].clone()));
            }
        }
    }
    hits.sort();
    hits.dedup();
    hits
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

const PROFILES: &str = r#"
[profiles.team]
exclude_privacy = ["private"]
[profiles.pseudo]
exclude_privacy = ["private"]
people = "pseudonym"
pseudonym_salt = "s3cret"
[profiles.notranscripts]
transcripts = "drop"
"#;

#[test]
fn gen_vault_profiles_leak_nothing() {
    let Some(g) = gen_vault(&["--notes", "1000", "--seed", "5"]) else {
        return;
    };
    let v = g.path();
    // private notes and comments: no canary in any output file, byte for byte
    let out = g.dir.path().join("team");
    build_with(PROFILES, &v, &out, "team");
    let mut canaries = strings(&g.manifest["canaries"]["private"]);
    canaries.extend(strings(&g.manifest["canaries"]["comment"]));
    assert!(canaries.len() > 50);
    assert_eq!(leaks(&out, &canaries), vec![]);
    let kinds: std::collections::BTreeSet<String> = tree(&out)
        .keys()
        .filter_map(|k| k.rsplit_once('.').map(|(_, e)| e.to_string()))
        .collect();
    assert!(
        kinds.contains("html")
            && kinds.contains("css")
            && kinds.contains("js")
            && kinds.contains("png"),
        "{kinds:?}"
    );

    // pseudonyms: no person's name in any file, URL or file name (slug forms included)
    let out = g.dir.path().join("pseudo");
    build_with(PROFILES, &v, &out, "pseudo");
    let mut names = Vec::new();
    for p in g.manifest["people"].as_array().unwrap() {
        // read in any case, `-` and `%XX` as a reader reads them, a name
        // also finds its slug (`zoë-ødegaard`) and its URL form
        names.push(p["name"].as_str().unwrap().to_string());
    }
    assert_eq!(leaks(&out, &names), vec![]);
    assert!(
        tree(&out)
            .keys()
            .any(|k| k.starts_with("people/") && k.ends_with("index.html") && k.len() > 20)
    );

    // transcripts dropped: no turn text anywhere
    let out = g.dir.path().join("notr");
    build_with(PROFILES, &v, &out, "notranscripts");
    let mut turns = Vec::new();
    for n in g.manifest["notes"].as_array().unwrap() {
        if n["transcript"].is_null() || turns.len() >= 300 {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(v.join(n["path"].as_str().unwrap())) else {
            continue;
        };
        for line in text.lines().filter(|l| l.starts_with("[0")).take(3) {
            let words: Vec<&str> = line
                .split(" : ")
                .last()
                .unwrap()
                .split_whitespace()
                .collect();
            if words.len() >= 12 {
                turns.push(words[4..12].join(" "));
            }
        }
    }
    assert!(turns.len() > 100);
    assert_eq!(leaks(&out, &turns), vec![]);
    // the meetings are still published: the archive lists them by year
    let listed: usize = walkdir::WalkDir::new(out.join("archive"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| {
            e.file_name() == "index.html" && !e.path().to_string_lossy().contains("/archive/notes/")
        })
        .map(|e| {
            html(e.path())
                .select(&sel(".meeting-list a.meeting-title"))
                .count()
        })
        .sum();
    assert!(listed > 700, "{listed}");
}

/// A small vault where a private note is reachable in every way.
fn private_vault(dir: &Path) -> std::path::PathBuf {
    let v = dir.join("v");
    write(
        &v.join("Meetings/2025-01-10 Sync.md"),
        "---\ntype: team\nprivacy: internal\nseries: \"Team/Sync\"\nattendees: [\"[[Ann Lee]]\", \"[[Bo Chen]]\"]\ncalendar_url: \"https://cal.example/SECRET-CAL\"\ntags: [meeting, team/platform]\n---\n# Sync\n\nSee [[Secret Plan]], also via [[Project X]] and ![[Secret Plan]].\n\n## Summary\nBudget is $120k for Q3.\n\n## Open questions\n- SECRET-QUESTION?\n\n## Action items\n- [ ] Follow up @Ann Lee 📅 2025-02-01\n",
    );
    write(
        &v.join("Meetings/2025-01-17 Sync.md"),
        "---\ntype: team\nprivacy: private\nseries: \"Team/Sync\"\nattendees: [\"[[Ann Lee]]\", \"[[Zed Private]]\"]\n---\n# Private sync\n\nSECRET-PRIVATE-BODY links to [[2025-01-10 Sync]].\n\n- [ ] SECRET-TASK @Zed Private\n",
    );
    write(
        &v.join("Plans/Secret Plan.md"),
        "---\nprivacy: private\naliases: [Project X]\n---\n# Secret Plan\n\nSECRET-PLAN-BODY ![[diagram.png]]\n",
    );
    write(
        &v.join("People/Ann Lee.md"),
        "---\ntype: person\nprivacy: internal\naliases: [Ann]\n---\n# Ann Lee\n\nAnn runs the platform team.\n",
    );
    write(
        &v.join("Notes/Draft.md"),
        "---\nprivacy: internal\npublish: false\ntags: [draft]\n---\n# Draft\n\nSECRET-DRAFT\n",
    );
    write(&v.join("Notes/Loose.md"), "# Loose\n\nSECRET-NO-PRIVACY\n");
    write(
        &v.join("Notes/Public.md"),
        "---\nprivacy: public\npublish: true\ntype: reference\ntags: [howto]\n---\n# Public\n\nA public how-to.\n",
    );
    std::fs::create_dir_all(v.join("attachments")).unwrap();
    std::fs::write(
        v.join("attachments/diagram.png"),
        b"\x89PNG\r\n\x1a\nSECRET-IMAGE",
    )
    .unwrap();
    v
}

const SMALL: &str = r#"
base_url = "https://notes.example.com/team/"
[profiles.team]
drop_fields = ["calendar_url"]
drop_sections = ["Open questions"]
redact = ['\$\d+k']
[profiles.initials]
people = "initials"
[profiles.pseudo]
people = "pseudonym"
pseudonym_salt = "one"
[profiles.pseudo2]
people = "pseudonym"
pseudonym_salt = "two"
[profiles.public]
include_privacy = ["public"]
[profiles.explicit]
explicit_publish = true
exclude_privacy = []
unknown_privacy = "internal"
[profiles.tags]
exclude_tags = ["team"]
exclude_privacy = []
unknown_privacy = "internal"
[profiles.onlytags]
include_tags = ["howto"]
[profiles.paths]
exclude_paths = ["Meetings/**"]
[profiles.onlypaths]
include_paths = ["Notes/**"]
[profiles.types]
exclude_types = ["team"]
[profiles.lenient]
exclude_privacy = []
unknown_privacy = "internal"
"#;

fn published(v: &Path, profile: &str) -> Vec<String> {
    let d = v.parent().unwrap().join(format!("cfg-{profile}"));
    write(&d.join("site.toml"), SMALL);
    let rep = report(
        v,
        &[
            "--config",
            d.join("site.toml").to_str().unwrap(),
            "--profile",
            profile,
        ],
    );
    let mut p = strings(&rep["profile"]["published"]);
    p.sort();
    p
}

#[test]
fn a_private_note_vanishes_however_it_is_reached() {
    let d = tempfile::tempdir().unwrap();
    let v = private_vault(d.path());
    let out = d.path().join("team");
    build_with(SMALL, &v, &out, "team");
    let secrets: Vec<String> = [
        "SECRET-PRIVATE-BODY",
        "SECRET-PLAN-BODY",
        "SECRET-TASK",
        "SECRET-IMAGE",
        "SECRET-CAL",
        "SECRET-QUESTION",
        "SECRET-DRAFT",
        "SECRET-NO-PRIVACY",
        "$120k",
        "Zed Private",
        "Private sync",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(leaks(&out, &secrets), vec![]);
    // the removed notes' slugs are in no path or URL, in any case (the words
    // "Secret Plan" stay: the published note itself wrote them)
    let slugs = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "secret-plan",
            "zed-private",
            "secret%20plan",
            "zed%20private",
        ])
        .unwrap();
    for (path, bytes) in tree(&out) {
        assert!(!slugs.is_match(&path), "{path}");
        assert!(
            !slugs.is_match(&bytes),
            "{path} holds a removed note's slug"
        );
    }
    let page = "meetings/2025-01-10-sync/";
    let doc = html(&page_file(&out, page));
    // link by name and by alias: plain text without href or title (the words the
    // published note itself wrote stay); the embed renders nothing
    let body = doc.select(&sel(".note-body")).next().unwrap();
    let text: String = body.text().collect();
    assert!(
        text.contains("See Secret Plan, also via Project X and ."),
        "{text}"
    );
    for a in body.select(&sel("a, span")) {
        let t: String = a.text().collect();
        assert!(
            !t.contains("Secret Plan") && !t.contains("Project X"),
            "still a link: {t}"
        );
        assert!(
            a.value()
                .attr("title")
                .is_none_or(|x| !x.contains("Secret"))
        );
    }
    assert!(doc.select(&sel("div.embed")).next().is_none());
    assert!(text.contains("█████"), "redacted: {text}");
    // no backlink from the private note, no neighbour in the series
    assert!(doc.select(&sel(".backlinks")).next().is_none());
    assert!(doc.select(&sel(".series-nav a.next")).next().is_none());
    // a person seen only in the private note has no page; the attendee list doesn't name them
    assert!(!out.join("people/zed-private").exists());
    let people = html(&page_file(&out, "people/"));
    assert_eq!(people.select(&sel(".person-card")).count(), 2, "Ann and Bo");
    // Ann's page lists one meeting, and no private task
    let ann = html(&page_file(&out, "people/ann-lee/"));
    assert_eq!(
        ann.select(&sel(".person-meetings .meeting-item")).count(),
        1
    );
    // the attachment only the private note used is not copied
    assert!(!tree(&out).keys().any(|k| k.contains("diagram")));
    // the series lists one meeting
    let series = html(&page_file(&out, "series/team/sync/"));
    assert_eq!(series.select(&sel("a.meeting-title")).count(), 1);
    // the tag of the draft (publish: false) is gone
    assert!(!out.join("tags/draft").exists());
    // feed and sitemap hold only what was published
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 1, "{feed}");
    assert!(
        feed.contains("<id>https://notes.example.com/team/meetings/2025-01-10-sync/</id>"),
        "{feed}"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://notes.example.com/team/people/ann-lee/</loc>"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("2025-01-17") && !sitemap.contains("plans/"),
        "{sitemap}"
    );
}

#[test]
fn each_selector_selects() {
    let d = tempfile::tempdir().unwrap();
    let v = private_vault(d.path());
    let all = [
        "Meetings/2025-01-10 Sync.md",
        "Meetings/2025-01-17 Sync.md",
        "Notes/Draft.md",
        "Notes/Loose.md",
        "Notes/Public.md",
        "People/Ann Lee.md",
        "Plans/Secret Plan.md",
    ];
    let set = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // default: private and privacy-less notes out, publish: false out
    assert_eq!(published(&v, "team"), set(&[all[0], all[4], all[5]]));
    assert_eq!(published(&v, "public"), set(&[all[4]]));
    assert_eq!(published(&v, "explicit"), set(&[all[4]]));
    assert_eq!(
        published(&v, "tags"),
        set(&[all[1], all[3], all[4], all[5], all[6]]),
        "team/platform is below #team; draft is publish: false"
    );
    assert_eq!(published(&v, "onlytags"), set(&[all[4]]));
    assert_eq!(published(&v, "paths"), set(&[all[4], all[5]]));
    assert_eq!(published(&v, "onlypaths"), set(&[all[4]]));
    assert_eq!(published(&v, "types"), set(&[all[4], all[5]]));
    assert_eq!(
        published(&v, "lenient"),
        set(&[all[0], all[1], all[3], all[4], all[5], all[6]]),
        "publish: false always wins"
    );
}

#[test]
fn people_become_initials_or_stable_pseudonyms() {
    let d = tempfile::tempdir().unwrap();
    let v = private_vault(d.path());
    let out = d.path().join("initials");
    build_with(SMALL, &v, &out, "initials");
    assert!(out.join("people/a-l/index.html").is_file());
    assert_eq!(leaks(&out, &["Ann Lee".into(), "Bo Chen".into()]), vec![]);
    let a = d.path().join("p1");
    let b = d.path().join("p1again");
    let c = d.path().join("p2");
    build_with(SMALL, &v, &a, "pseudo");
    build_with(SMALL, &v, &b, "pseudo");
    build_with(SMALL, &v, &c, "pseudo2");
    assert!(tree(&a) == tree(&b), "pseudonyms are stable across builds");
    let names = |o: &Path| -> Vec<String> {
        tree(o)
            .keys()
            .filter(|k| k.starts_with("people/") && k.matches('/').count() == 2)
            .cloned()
            .collect()
    };
    assert_ne!(names(&a), names(&c), "the salt changes the pseudonyms");
    assert_eq!(
        leaks(&a, &["Ann Lee".into(), "Bo Chen".into(), "Ann runs".into()]).len(),
        0
    );
    // the task's assignee and the attendee list use the pseudonym, linked to the person page
    let doc = html(&page_file(&a, "meetings/2025-01-10-sync/"));
    let task = doc.select(&sel("li.task")).next().unwrap();
    let who = task.value().attr("data-assignee").unwrap();
    assert!(
        doc.select(&sel("dd.attendees a"))
            .any(|x| x.text().collect::<String>() == who),
        "{who}"
    );
}

#[test]
fn check_profile_reports_in_and_out_and_links_to_removed() {
    let d = tempfile::tempdir().unwrap();
    let v = private_vault(d.path());
    write(&d.path().join("c/site.toml"), SMALL);
    let o = mb()
        .arg("check")
        .arg("--config")
        .arg(d.path().join("c/site.toml"))
        .arg("--vault")
        .arg(&v)
        .args(["--profile", "team"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("profile team: 3 notes published, 4 removed"),
        "{s}"
    );
    assert!(
        s.contains("out: Meetings/2025-01-17 Sync.md (privacy: private)"),
        "{s}"
    );
    assert!(s.contains("out: Notes/Draft.md (publish: false)"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.starts_with("Meetings/2025-01-10 Sync.md:11:")
                && l.contains("links-to-removed")),
        "{s}"
    );
    let bad = mb()
        .arg("check")
        .arg("--config")
        .arg(d.path().join("c/site.toml"))
        .arg("--vault")
        .arg(&v)
        .args(["--profile", "nope"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

// ---- One Markdown block scanner: leak classes 8 (drop_sections) and 9 (comments) ----

const DROP: &str = r#"
obsidian = true
[profiles.drop]
drop_sections = ["Open questions"]
"#;

/// Build a one-note vault whose body is `body` (frontmatter `privacy: internal`
/// added), under the profile `drop` of [`DROP`] or with none; gives the output.
fn build_note(d: &Path, body: &str, profile: Option<&str>) -> std::path::PathBuf {
    let v = d.join("v");
    write(
        &v.join("Meetings/2025-03-04 Review.md"),
        &format!(
            "---\ntype: team\nprivacy: internal\nattendees: [\"[[Ann Lee]]\"]\n---\n# Review\n\n{body}"
        ),
    );
    write(
        &v.join("People/Ann Lee.md"),
        "---\ntype: person\nprivacy: internal\n---\n# Ann Lee\n",
    );
    std::fs::create_dir_all(v.join(".obsidian")).unwrap();
    let out = d.join("out");
    write(&d.join("cfg/site.toml"), DROP);
    let mut cmd = mb();
    cmd.arg("build")
        .arg("--config")
        .arg(d.join("cfg/site.toml"))
        .arg("--vault")
        .arg(&v)
        .arg("--out")
        .arg(&out);
    if let Some(p) = profile {
        cmd.args(["--profile", p]);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// Lower case, every run of whitespace one space: how a canary is looked for.
fn normalised(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    for &c in b {
        if c.is_ascii_whitespace() {
            if out.last() != Some(&b' ') {
                out.push(b' ');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// The output files whose path or bytes hold `needle`, case-insensitively
/// and across whitespace.
fn holders(out: &Path, needle: &str) -> Vec<String> {
    let n = normalised(needle.as_bytes());
    let n = String::from_utf8_lossy(&n).trim().to_string();
    let ac = aho_corasick::AhoCorasick::new([n]).unwrap();
    tree(out)
        .into_iter()
        .filter(|(path, bytes)| {
            ac.is_match(&normalised(path.as_bytes())) || ac.is_match(&normalised(bytes))
        })
        .map(|(path, _)| path)
        .collect()
}

/// `gone` is in no output file or path; `kept` is in some.
fn assert_cut(out: &Path, gone: &str, kept: &str) {
    assert_eq!(holders(out, gone), Vec::<String>::new(), "{gone} leaked");
    assert!(
        !holders(out, kept).is_empty(),
        "{kept} is missing: the test proves nothing"
    );
}

fn dropped(body: &str, gone: &str, kept: &str) {
    let d = tempfile::tempdir().unwrap();
    let out = build_note(d.path(), body, Some("drop"));
    assert_cut(&out, gone, kept);
}

fn stripped(body: &str, gone: &str, kept: &str) {
    let d = tempfile::tempdir().unwrap();
    let out = build_note(d.path(), body, None);
    assert_cut(&out, gone, kept);
}

#[test]
fn drop_sections_setext_heading() {
    dropped(
        "Intro KEEP-SETEXT-1A.\n\nOpen questions\n---\n\nCANARY-SETEXT-7Q is unsure.\n\nRisks\n=====\n\nKEEP-SETEXT-2B stays.\n",
        "canary-setext-7q",
        "KEEP-SETEXT-2B",
    );
}

#[test]
fn drop_sections_heading_in_callout() {
    dropped(
        "> [!note] Notes\n> KEEP-CALLOUT-1A first.\n> ## Open questions\n> - CANARY-CALLOUT-4M\n>   is it?\n> ## Risks\n> KEEP-CALLOUT-2B\n",
        "CANARY-CALLOUT-4M",
        "KEEP-CALLOUT-2B",
    );
}

#[test]
fn drop_sections_heading_in_block_quote_ends_with_the_quote() {
    dropped(
        "> ## Open questions\n> CANARY-QUOTE-9T\n\nKEEP-QUOTE-3C after the quote.\n",
        "CANARY-QUOTE-9T",
        "KEEP-QUOTE-3C",
    );
}

#[test]
fn drop_sections_heading_in_list_item() {
    dropped(
        "- KEEP-LIST-1A\n- ## Open questions\n  - CANARY-LIST-2W\n    continues\n- KEEP-LIST-3D\n",
        "CANARY-LIST-2W",
        "KEEP-LIST-3D",
    );
}

#[test]
fn drop_sections_heading_with_block_id() {
    dropped(
        "## Open questions ^q1\n\nCANARY-BLOCKID-5R\n\n## Risks\n\nKEEP-BLOCKID-1A\n",
        "CANARY-BLOCKID-5R",
        "KEEP-BLOCKID-1A",
    );
}

#[test]
fn drop_sections_heading_with_tag() {
    dropped(
        "## Open questions #private\n\nCANARY-TAGGED-8N\n\n## Risks #public\n\nKEEP-TAGGED-1A\n",
        "CANARY-TAGGED-8N",
        "KEEP-TAGGED-1A",
    );
}

#[test]
fn drop_sections_not_ended_by_indented_code() {
    dropped(
        "## Open questions\n\n    # not a heading: indented code\n\nCANARY-INDENT-3H\n\n## Risks\n\nKEEP-INDENT-1A\n",
        "CANARY-INDENT-3H",
        "KEEP-INDENT-1A",
    );
}

#[test]
fn drop_sections_not_ended_by_html_block() {
    dropped(
        "## Open questions\n\n<div>\n# not a heading: HTML\n</div>\n\nCANARY-HTMLBLOCK-6V\n\n## Risks\n\nKEEP-HTMLBLOCK-1A\n",
        "CANARY-HTMLBLOCK-6V",
        "KEEP-HTMLBLOCK-1A",
    );
}

#[test]
fn comment_after_fence_left_open_in_list_item() {
    stripped(
        "- step one\n  ```\n  code\nKEEP-LISTFENCE-1A and %%CANARY-LISTFENCE-2E%% more.\n",
        "CANARY-LISTFENCE-2E",
        "KEEP-LISTFENCE-1A",
    );
}

#[test]
fn comment_after_escaped_backtick() {
    stripped(
        "Price \\` KEEP-ESCTICK-1A %%CANARY-ESCTICK-4J%% then ` end.\n",
        "CANARY-ESCTICK-4J",
        "KEEP-ESCTICK-1A",
    );
}

#[test]
fn html_comment_not_in_action_items() {
    stripped(
        "## Action items\n\n- [ ] KEEP-HTMLTASK-1A send <!-- CANARY-HTMLTASK-3K --> the report @Ann Lee 📅 2025-04-01\n",
        "CANARY-HTMLTASK-3K",
        "KEEP-HTMLTASK-1A send the report",
    );
}

#[test]
fn html_comment_not_indexed() {
    // one word, as the search index keeps terms: no stemming touches it
    stripped(
        "## Summary\n\nKeepsummaryterm7x agreed <!-- zqcanaryhtmlsearch7x --> today.\n",
        "zqcanaryhtmlsearch7x",
        "keepsummaryterm7x",
    );
}
