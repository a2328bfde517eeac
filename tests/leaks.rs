//! Publish profiles against hostile spellings: one test per leak class of
//! issue 11, each with a canary that must appear in no output file or path —
//! searched case-insensitively, across whitespace and line breaks, markup,
//! entities and URL escapes — and something beside it that must appear, so a
//! test cannot pass by publishing nothing.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// Every (file, canary) where a file's text or path holds a canary's words.
fn leaks(out: &Path, canaries: &[&str]) -> Vec<(String, String)> {
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    let mut hits = Vec::new();
    for (path, bytes) in tree(out) {
        let text = String::from_utf8_lossy(&bytes);
        let views = [
            words(&path),
            words(&text),
            words(&tags.replace_all(&text, " ")),
        ];
        for c in canaries {
            let w = words(c);
            if views.iter().any(|v| v.contains(&w)) {
                hits.push((path.clone(), c.to_string()));
            }
        }
    }
    hits.sort();
    hits.dedup();
    hits
}

/// Whether some output file holds `s` (same reading).
fn shows(out: &Path, s: &str) -> bool {
    tree(out)
        .values()
        .any(|b| holds(&String::from_utf8_lossy(b), s))
}

/// The output file an `href`/`src` on the page file `page` points to.
fn follow(out: &Path, page: &str, href: &str) -> PathBuf {
    let url = page.strip_suffix("index.html").unwrap_or(page);
    let p = resolve_href(url, href).unwrap_or_else(|| panic!("not local: {href}"));
    if p.is_empty() || p.ends_with('/') {
        out.join(p).join("index.html")
    } else {
        out.join(p)
    }
}

struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    status: Option<i32>,
    stderr: String,
}

/// Write `files` into a vault (a `.obsidian/` folder makes it one), build it
/// with `config` and `--profile profile`.
fn build(config: &str, files: &[(&str, &[u8])], profile: &str) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    std::fs::create_dir_all(v.join(".obsidian")).unwrap();
    for (p, body) in files {
        let f = v.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, body).unwrap();
    }
    let out = dir.path().join("out");
    let o = build_into(dir.path(), config, &out, profile);
    Built {
        _dir: dir,
        out,
        status: o.status.code(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn build_into(dir: &Path, config: &str, out: &Path, profile: &str) -> std::process::Output {
    write(&dir.join("site.toml"), config);
    mb().arg("build")
        .arg("--config")
        .arg(dir.join("site.toml"))
        .arg("--vault")
        .arg(dir.join("vault"))
        .arg("--out")
        .arg(out)
        .args(["--profile", profile])
        .output()
        .unwrap()
}

fn ok(b: &Built) {
    assert_eq!(b.status, Some(0), "{}", b.stderr);
}

const PSEUDO: &str = r#"
title = "Notes"
[profiles.pub]
people = "pseudonym"
pseudonym_salt = "k3y"
unknown_privacy = "team"
[profiles.ini]
people = "initials"
unknown_privacy = "team"
"#;

/// Class 1: one person, spelled in every case, is one identity everywhere.
#[test]
fn names_in_any_case_are_renamed_everywhere() {
    let files: &[(&str, &[u8])] = &[
        (
            "People/Quillon Varga.md",
            b"---\naliases: [Q. Varga]\n---\n# Quillon Varga\n\nLeads the Ferrous team.\n",
        ),
        (
            "people/odalys brook.md",
            b"# odalys brook\n\nKEEP-ODALYS-PAGE\n",
        ),
        (
            "Meetings/2025-03-04 Sync.md",
            b"---\ndate: 2025-03-04\nattendees: [\"[[quillon varga]]\", \"[[ODALYS BROOK]]\"]\n---\n# Sync\n\nquillon varga and QUILLON VARGA agreed; [[odalys brook]] too. KEEP-SYNC-BODY\n\n- [ ] send the draft @quillon varga\n\n## Transcript\n\n```text\n[00:00:01] QUILLON VARGA : hello all\n[00:00:04] Odalys Brook : hi\n```\n",
        ),
        (
            "Meetings/2025-03-11 Sync.md",
            b"---\ndate: 2025-03-11\n---\n# Sync\n\nSee [[Quillon Varga|Quillon]] and [[q. varga]].\n",
        ),
    ];
    for profile in ["pub", "ini"] {
        let b = build(PSEUDO, files, profile);
        ok(&b);
        assert_eq!(
            leaks(
                &b.out,
                &["Quillon Varga", "Odalys Brook", "Q. Varga", "Quillon"]
            ),
            vec![],
            "{profile}"
        );
        assert!(shows(&b.out, "KEEP-SYNC-BODY") && shows(&b.out, "KEEP-ODALYS-PAGE"));
        // one person page each, and the meeting page links to them
        let people: Vec<String> = tree(&b.out)
            .keys()
            .filter(|k| k.starts_with("people/") && k.ends_with("/index.html") && k.len() > 17)
            .cloned()
            .collect();
        assert_eq!(people.len(), 2, "{profile}: {people:?}");
        let doc = html(&b.out.join("meetings/2025-03-04-sync/index.html"));
        assert_eq!(doc.select(&sel("dd.attendees a")).count(), 2, "{profile}");
    }
}

/// Class 2: the site.toml `speakers` map names a person too.
#[test]
fn the_speakers_map_is_renamed() {
    let cfg = format!("speakers = {{ \"Teams Room\" = \"Perpetua Lindqvist\" }}\n{PSEUDO}");
    let files: &[(&str, &[u8])] = &[(
        "Meetings/2025-03-04 Call.md",
        b"---\ndate: 2025-03-04\n---\n# Call\n\n## Transcript\n\n```text\n[00:00:01] Teams Room : KEEP-TURN-TEXT about pricing\n```\n",
    )];
    let b = build(&cfg, files, "pub");
    ok(&b);
    assert_eq!(leaks(&b.out, &["Perpetua Lindqvist", "Perpetua"]), vec![]);
    assert!(shows(&b.out, "KEEP-TURN-TEXT"));
    let doc = html(&b.out.join("meetings/2025-03-04-call/index.html"));
    let who: Vec<String> = doc
        .select(&sel(".turn-group .speaker, .transcript .speaker"))
        .map(|e| e.text().collect())
        .collect();
    assert!(!who.is_empty(), "a speaker is shown");
}

/// Class 3: names and patterns wrapped over lines, split by markup, written
/// with entities — in the body, backlink contexts, action items and search.
#[test]
fn wrapped_and_marked_up_text_is_redacted() {
    let cfg = PSEUDO.replace(
        "[profiles.pub]\n",
        "[profiles.pub]\nredact = ['Project Falcon']\n",
    );
    let files: &[(&str, &[u8])] = &[
        ("People/Quillon Varga.md", b"# Quillon Varga\n"),
        (
            "Meetings/2025-03-04 Plan.md",
            b"---\ndate: 2025-03-04\n---\n# Plan\n\nWe met Quillon\nVarga about **Project** Falcon and Project\nFalcon and Project&#32;Falcon and *Quillon* Varga and Quillon&nbsp;Varga. KEEP-PLAN [[2025-03-11 Review]]\n\n> a quote by Quillon\n> Varga\n\n- [ ] ask **Quillon** Varga about Project\n  Falcon @Quillon Varga\n",
        ),
        (
            "Meetings/2025-03-11 Review.md",
            b"---\ndate: 2025-03-11\n---\n# Review\n\nKEEP-REVIEW\n",
        ),
    ];
    let b = build(&cfg, files, "pub");
    ok(&b);
    assert_eq!(leaks(&b.out, &["Quillon Varga", "Project Falcon"]), vec![]);
    assert!(shows(&b.out, "KEEP-PLAN") && shows(&b.out, "KEEP-REVIEW"));
    // the emphasis around the replaced words still closes
    let doc = html(&b.out.join("meetings/2025-03-04-plan/index.html"));
    assert!(doc.select(&sel(".note-body strong")).count() >= 1);
    let text: String = doc
        .select(&sel(".note-body"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(!text.contains("**"), "{text}");
}

/// Class 4: Markdown links and images keep working, without the real name.
#[test]
fn markdown_link_destinations_are_renamed_and_still_resolve() {
    let png = b"\x89PNG\r\n\x1a\nKEEP-PORTRAIT-BYTES";
    let files: &[(&str, &[u8])] = &[
        (
            "People/Quillon Varga.md",
            b"---\ntype: person\n---\n# Quillon Varga\n\nKEEP-PERSON\n",
        ),
        ("Attachments/Quillon Varga.png", png),
        (
            "Meetings/2025-03-04 Sync.md",
            b"---\ndate: 2025-03-04\n---\n# Sync\n\nTalk to [Q](../People/Quillon%20Varga.md).\n\n![portrait](../Attachments/Quillon%20Varga.png)\n",
        ),
    ];
    let b = build(PSEUDO, files, "pub");
    ok(&b);
    assert_eq!(leaks(&b.out, &["Quillon Varga"]), vec![]);
    let page = "meetings/2025-03-04-sync/index.html";
    let doc = html(&b.out.join(page));
    let a = doc
        .select(&sel(".note-body a"))
        .find(|a| a.text().collect::<String>() == "Q")
        .expect("the link is still a link");
    let target = follow(&b.out, page, a.value().attr("href").unwrap());
    assert!(target.is_file(), "{}", target.display());
    assert!(
        std::fs::read_to_string(target)
            .unwrap()
            .contains("KEEP-PERSON")
    );
    let img = doc.select(&sel(".note-body img")).next().expect("an image");
    let file = follow(&b.out, page, img.value().attr("src").unwrap());
    assert_eq!(std::fs::read(file).unwrap(), png);
}

const TEAM: &str = r#"
title = "Notes"
[profiles.team]
exclude_privacy = ["private"]
unknown_privacy = "team"
drop_fields = ["budget_line"]
"#;

/// Class 5: `[[Removed note|shown]]` leaves no trace of the removed note's
/// name in frontmatter values, tasks, summaries or search.
#[test]
fn links_to_removed_notes_keep_only_their_shown_words() {
    let files: &[(&str, &[u8])] = &[
        (
            "Plans/Zephyr Dossier.md",
            b"---\nprivacy: private\naliases: [Operation Kestrelwing]\n---\n# Zephyr Dossier\n\nsecret\n",
        ),
        (
            "Meetings/2025-03-04 Sync.md",
            b"---\ndate: 2025-03-04\nrelated: \"[[Zephyr Dossier|the plan]]\"\ntitle: \"Sync on [[Operation Kestrelwing|it]]\"\nnotes: [\"[[Zephyr Dossier#Budget|budget]]\"]\n---\n# Sync\n\n## Summary\nWe discussed [[Zephyr Dossier|the plan]] and [[Operation Kestrelwing|that]]. KEEP-SUMMARY\n\n## Decisions\n- Go with [[Zephyr Dossier|option B]]\n\n## Action items\n- [ ] read [[Zephyr Dossier|the plan]] \xf0\x9f\x93\x85 2025-03-10\n- [ ] KEEP-TASK [Plan](../Plans/Zephyr%20Dossier.md)\n",
        ),
    ];
    let b = build(TEAM, files, "team");
    ok(&b);
    assert_eq!(
        leaks(&b.out, &["Zephyr Dossier", "Operation Kestrelwing"]),
        vec![]
    );
    assert!(shows(&b.out, "KEEP-SUMMARY") && shows(&b.out, "KEEP-TASK"));
    assert!(shows(&b.out, "option B"));
    // the build's summary counts the links to the removed note
    assert!(b.stderr.contains("links-to-removed"), "{}", b.stderr);
}

/// Class 6: top-level frontmatter keys are text too.
#[test]
fn frontmatter_keys_are_redacted_and_renamed() {
    let cfg = PSEUDO.replace(
        "[profiles.pub]\n",
        "[profiles.pub]\nredact = ['Falcon budget']\n",
    );
    let files: &[(&str, &[u8])] = &[
        (
            "People/Quillon Varga.md",
            b"---\ntype: person\n---\n# Quillon Varga\n",
        ),
        (
            "Meetings/2025-03-04 Sync.md",
            b"---\ndate: 2025-03-04\nQuillon Varga: approver\nFalcon budget: 120\nkeep_field: KEEP-FIELD\n---\n# Sync\n\nKEEP-BODY\n",
        ),
    ];
    let b = build(&cfg, files, "pub");
    ok(&b);
    assert_eq!(leaks(&b.out, &["Quillon Varga", "Falcon budget"]), vec![]);
    assert!(shows(&b.out, "KEEP-FIELD") && shows(&b.out, "approver"));
}

/// Class 7: attachments are keyed by identity: two paths that redact alike
/// never share an output path, and a public link serves its own bytes.
#[test]
fn attachments_that_redact_alike_stay_apart() {
    let cfg = format!("{TEAM}redact = ['Acme', 'Borealis']\n");
    let files: &[(&str, &[u8])] = &[
        ("Clients/Acme/logo.png", b"\x89PNG\r\n\x1a\nKEEP-PUBLIC-LOGO"),
        ("Clients/Borealis/logo.png", b"\x89PNG\r\n\x1a\nCANARY-PRIVATE-LOGO"),
        (
            "Meetings/2025-03-04 Public.md",
            b"---\ndate: 2025-03-04\n---\n# Public\n\n![[Clients/Acme/logo.png]]\n\n![logo](../Clients/Acme/logo.png)\n",
        ),
        (
            "Meetings/2025-03-05 Secret.md",
            b"---\ndate: 2025-03-05\nprivacy: private\n---\n# Secret\n\n![[Clients/Borealis/logo.png]]\n",
        ),
        (
            "Meetings/2025-03-06 Both.md",
            b"---\ndate: 2025-03-06\n---\n# Both\n\n![[Clients/Borealis/logo.png]] KEEP-BOTH\n",
        ),
    ];
    let b = build(&cfg, files, "team");
    ok(&b);
    assert_eq!(leaks(&b.out, &["Acme", "Borealis"]), vec![]);
    for (page, bytes) in [
        ("meetings/2025-03-04-public/index.html", "KEEP-PUBLIC-LOGO"),
        ("meetings/2025-03-06-both/index.html", "CANARY-PRIVATE-LOGO"),
    ] {
        let doc = html(&b.out.join(page));
        let imgs: Vec<_> = doc.select(&sel(".note-body img")).collect();
        assert!(!imgs.is_empty(), "{page}");
        for img in imgs {
            let f = follow(&b.out, page, img.value().attr("src").unwrap());
            let got = std::fs::read(&f).unwrap();
            assert!(
                String::from_utf8_lossy(&got).contains(bytes),
                "{page} shows {}",
                f.display()
            );
        }
    }
}

/// An attachment `exclude_paths` names is not copied; links to it show
/// their words.
#[test]
fn excluded_attachments_are_not_published() {
    let cfg = format!("{TEAM}exclude_paths = ['files/*.pdf']\n");
    let files: &[(&str, &[u8])] = &[
        ("files/prices.pdf", b"%PDF-1.4 CANARY-PRICES-PDF"),
        ("files/brief.png", b"\x89PNG\r\n\x1a\nKEEP-BRIEF"),
        (
            "Meetings/2025-03-04 Sync.md",
            b"---\ndate: 2025-03-04\n---\n# Sync\n\nSee [[prices.pdf|the sheet]] and ![[brief.png]]. KEEP-SYNC\n",
        ),
    ];
    let b = build(&cfg, files, "team");
    ok(&b);
    assert_eq!(leaks(&b.out, &["CANARY-PRICES-PDF", "prices.pdf"]), vec![]);
    assert!(shows(&b.out, "KEEP-SYNC") && shows(&b.out, "the sheet"));
    assert!(tree(&b.out).keys().any(|k| k.ends_with("brief.png")));
}

/// Class 10: privacy values and tags match in any case, beyond ASCII.
#[test]
fn privacy_and_tags_match_beyond_ascii_case() {
    let cfg = r#"
[profiles.team]
exclude_privacy = ["PRIVÉ"]
exclude_tags = ["Équipe"]
unknown_privacy = "team"
"#;
    let files: &[(&str, &[u8])] = &[
        (
            "A.md",
            "---\nprivacy: privé\n---\n# A\n\nCANARY-PRIVE-NOTE\n".as_bytes(),
        ),
        (
            "B.md",
            "---\ntags: [équipe/interne]\n---\n# B\n\nCANARY-EQUIPE-NOTE\n".as_bytes(),
        ),
        ("C.md", "# C\n\nKEEP-C\n".as_bytes()),
    ];
    let b = build(cfg, files, "team");
    ok(&b);
    assert_eq!(
        leaks(&b.out, &["CANARY-PRIVE-NOTE", "CANARY-EQUIPE-NOTE"]),
        vec![]
    );
    assert!(shows(&b.out, "KEEP-C"));
}

/// Class 11: a pattern that spans `/` matches paths as a whole.
#[test]
fn patterns_span_path_separators() {
    let cfg = format!("{TEAM}redact = ['Clients/Acme']\n");
    let files: &[(&str, &[u8])] = &[
        (
            "Clients/Acme/Kickoff.md",
            b"---\ndate: 2025-03-04\n---\n# Kickoff\n\nKEEP-KICKOFF\n",
        ),
        ("Clients/Acme/brief.pdf", b"%PDF-1.4 KEEP-BRIEF"),
        (
            "Index.md",
            b"# Index\n\n[[Clients/Acme/Kickoff]] ![[Clients/Acme/brief.pdf]]\n",
        ),
    ];
    let b = build(&cfg, files, "team");
    ok(&b);
    assert_eq!(leaks(&b.out, &["Clients/Acme", "clients-acme"]), vec![]);
    assert!(shows(&b.out, "KEEP-KICKOFF"));
    assert!(
        tree(&b.out).keys().any(|k| k.ends_with(".pdf")),
        "the brief is copied"
    );
}

/// The leak guard: a real name that reaches the output by a way the
/// redaction does not know (here the site title, from site.toml) fails the
/// build, names the file without repeating the name, and leaves the
/// previous site as it was.
#[test]
fn the_leak_guard_stops_what_redaction_missed() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("vault");
    write(&v.join(".obsidian/app.json"), "{}");
    write(&v.join("People/Quillon Varga.md"), "# Quillon Varga\n");
    write(
        &v.join("Meetings/2025-03-04 Sync.md"),
        "---\ndate: 2025-03-04\nattendees: [\"[[Quillon Varga]]\"]\n---\n# Sync\n\nKEEP\n",
    );
    let out = dir.path().join("out");
    let o = build_into(dir.path(), PSEUDO, &out, "pub");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = tree(&out);
    assert!(String::from_utf8_lossy(&o.stderr).contains("leak guard: no output file holds"));

    let leaky = PSEUDO.replace("title = \"Notes\"", "title = \"Quillon Varga's notes\"");
    let o = build_into(dir.path(), &leaky, &out, "pub");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("leak guard") && err.contains("index.html"),
        "{err}"
    );
    assert!(
        !err.to_lowercase().contains("quillon"),
        "the log repeats the secret: {err}"
    );
    assert_eq!(tree(&out), before, "the previous site is untouched");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert_eq!(left, Vec::<String>::new());

    // the switch turns it off, knowingly
    let off = leaky.replace("[profiles.pub]", "[profiles.pub]\nleak_guard = false");
    let o = build_into(dir.path(), &off, &out, "pub");
    assert!(o.status.success());
}
