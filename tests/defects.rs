//! One minimal vault per defect of real vaults: the exact diagnostic code,
//! file and line, and a site that still builds.

mod common;
use common::*;
use std::path::Path;

/// An Obsidian vault (it has `.obsidian/`) holding `files`.
fn vault(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("v/.obsidian")).unwrap();
    for (p, b) in files {
        let f = d.path().join("v").join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, b).unwrap();
    }
    d
}

fn check(d: &Path) -> serde_json::Value {
    let rep = report(&d.join("v"), &[]);
    // and the site builds
    build(&d.join("v"), &d.join("out"), &[]);
    rep
}

/// (code, file, line) of every diagnostic.
fn codes(rep: &serde_json::Value) -> Vec<(String, String, u64)> {
    rep["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().into(),
                d["file"].as_str().unwrap().into(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn note<'a>(rep: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    rep["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["source"] == path)
        .unwrap_or_else(|| panic!("{path} not in report"))
}

fn mojibake(s: &str) -> Vec<u8> {
    // UTF-8 read as Windows-1252 with the undefined bytes dropped, saved as UTF-8
    let mut out = String::new();
    for b in s.as_bytes() {
        let one = [*b];
        let (cow, _, bad) = encoding_rs::WINDOWS_1252.decode(&one);
        if !bad && !matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d) {
            out.push_str(&cow);
        }
    }
    out.into_bytes()
}

#[test]
fn mojibake_is_repaired_and_reported() {
    let text = "---\ncreated: 2025-09-16\n---\n# 1:1 — Dana Reyes — 2025-09-16\n\n- [ ] Share the role descriptions. @Dana Reyes ⏫ 📅 2025-11-01\n- [x] Done ✅ 2025-10-26\n";
    let d = vault(&[
        ("m.md", &mojibake(text)),
        (
            "fr.md",
            "# Château\n\nÇa coûte 5 €; São Paulo, irmã, âge.\n".as_bytes(),
        ),
    ]);
    let rep = check(d.path());
    assert!(
        codes(&rep).contains(&("mojibake-repaired".into(), "m.md".into(), 0)),
        "{:?}",
        codes(&rep)
    );
    assert!(
        !codes(&rep).iter().any(|c| c.1 == "fr.md"),
        "legitimate accents are never repaired"
    );
    assert_eq!(note(&rep, "m.md")["title"], "1:1 — Dana Reyes — 2025-09-16");
    assert_eq!(note(&rep, "m.md")["tasks"]["open"], 1);
    assert_eq!(note(&rep, "fr.md")["title"], "Château");
    let page = std::fs::read_to_string(d.path().join("out/m/index.html")).unwrap();
    assert!(page.contains("data-priority=\"high\"") && page.contains("datetime=\"2025-11-01\""));
}

#[test]
fn mojibake_repair_can_be_turned_off() {
    let d = vault(&[("m.md", &mojibake("# Plan — draft\n"))]);
    std::fs::write(d.path().join("site.toml"), "repair_mojibake = false\n").unwrap();
    let o = mb()
        .arg("check")
        .arg("--config")
        .arg(d.path().join("site.toml"))
        .arg("--vault")
        .arg(d.path().join("v"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    let rep: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(note(&rep, "m.md")["title"], "Plan â€” draft");
}

#[test]
fn template_placeholders() {
    let d = vault(&[("2025-03-04 T.md", b"---\ntype: team\ncreated: { { DATE } }\ncounterpart: \"[[{{name}}]]\"\n---\n# {{title}}\n")]);
    let rep = check(d.path());
    let c = codes(&rep);
    assert!(
        c.contains(&("template-placeholder".into(), "2025-03-04 T.md".into(), 3)),
        "{c:?}"
    );
    assert!(
        c.contains(&("template-placeholder".into(), "2025-03-04 T.md".into(), 4)),
        "{c:?}"
    );
    assert!(
        c.contains(&("template-placeholder".into(), "2025-03-04 T.md".into(), 6)),
        "{c:?}"
    );
    // the field counts as missing: the date comes from the file name, the title from it too
    assert_eq!(note(&rep, "2025-03-04 T.md")["date"], "2025-03-04");
    assert_eq!(note(&rep, "2025-03-04 T.md")["title"], "2025-03-04 T");
}

#[test]
fn invalid_frontmatter_points_at_the_file_line() {
    let d = vault(&[("b.md", b"---\ntype: team\ncreated: 2025-01-02\nstatus: \"unclosed\n\tbad: [\nprivacy: internal\n---\n# Still here\n\nBody.\n")]);
    let rep = check(d.path());
    let c = codes(&rep);
    let line = c
        .iter()
        .find(|x| x.0 == "invalid-frontmatter")
        .map(|x| x.2)
        .expect("diagnostic");
    assert!(
        (4..=6).contains(&line),
        "line {line} is not in the YAML that broke (file lines 4-6)"
    );
    assert_eq!(note(&rep, "b.md")["title"], "Still here");
    assert!(d.path().join("out/b/index.html").is_file());
}

#[test]
fn links_broken_anchored_ambiguous_outside() {
    let d = vault(&[
        ("a.md", b"# A\n\nSee [[Nobody Named X]].\nAnd [[B#No Such Heading]] and [[B#^nope]].\nThen [[Dup]] and [[../../etc/passwd]].\n"),
        ("B.md", b"# B\n\n## Real\n"),
        ("x/Dup.md", b"# Dup one\n"),
        ("y/z/Dup.md", b"# Dup two\n"),
    ]);
    let rep = check(d.path());
    let c = codes(&rep);
    for want in [
        ("broken-link", 3),
        ("broken-anchor", 4),
        ("ambiguous-link", 5),
        ("outside-vault", 5),
    ] {
        assert!(
            c.contains(&(want.0.into(), "a.md".into(), want.1)),
            "{want:?} in {c:?}"
        );
    }
    assert_eq!(c.iter().filter(|x| x.0 == "broken-anchor").count(), 2);
    let amb = rep["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ambiguous-link")
        .unwrap();
    let msg = amb["message"].as_str().unwrap();
    assert!(
        msg.contains("x/Dup.md") && msg.contains("y/z/Dup.md"),
        "all candidates named: {msg}"
    );
    let links = note(&rep, "a.md")["links"].as_array().unwrap().clone();
    let dup = links.iter().find(|l| l["target"] == "Dup").unwrap();
    assert_eq!(dup["resolved"], "x/Dup.md", "shortest path wins");
    let outside = links
        .iter()
        .find(|l| l["target"] == "../../etc/passwd")
        .unwrap();
    assert!(outside["resolved"].is_null());
}

#[test]
fn invalid_utf8_is_read_as_windows_1252() {
    let d = vault(&[("l.md", b"# Caf\xe9 notes\n\nLine two\nBad \xff\xfe here\n")]);
    let rep = check(d.path());
    assert!(
        codes(&rep).contains(&("invalid-utf8".into(), "l.md".into(), 1)),
        "{:?}",
        codes(&rep)
    );
    assert_eq!(note(&rep, "l.md")["title"], "Café notes");
}

#[test]
fn empty_notes_get_a_page() {
    let d = vault(&[("e.md", b""), ("w.md", b"  \n\n")]);
    let rep = check(d.path());
    assert!(codes(&rep).contains(&("empty-note".into(), "e.md".into(), 0)));
    assert!(codes(&rep).contains(&("empty-note".into(), "w.md".into(), 0)));
    assert!(d.path().join("out/e/index.html").is_file());
}

#[test]
fn raw_html_is_reported() {
    let d = vault(&[(
        "h.md",
        b"# H\n\nText.\n\n<img src=x onerror=\"alert(1)\">\n",
    )]);
    let rep = check(d.path());
    assert!(
        codes(&rep).contains(&("unsafe-html".into(), "h.md".into(), 5)),
        "{:?}",
        codes(&rep)
    );
}

#[test]
fn bom_crlf_and_date_forms() {
    let d = vault(&[
        ("c.md", b"\xef\xbb\xbf---\r\ntype: team\r\ncreated: \"16/09/2025\"\r\n---\r\n# CRLF \xe2\x80\x94 ok\r\n"),
        ("Meetings/2025-09-17 Sync.md", b"# Sync\n\nNo frontmatter at all.\n"),
        ("t.md", b"---\ntype: team\ncreated: 2025-09-18T11:00:00\n---\n# T\n"),
        ("s.md", b"---\ntype: team\ncreated: \"2025-09-19 11:00\"\n---\n# S\n"),
        ("p.md", b"---\ntype: team\ntranscript_path: \"Inbox/20250920 1100 Teams.txt\"\n---\n# P\n"),
        ("i.md", b"---\ntype: team\n---\n# Sync of 2025-09-21\n"),
        ("2025-09-22 Mismatch.md", b"---\ntype: team\ncreated: 2025-09-23\n---\n# M\n"),
        ("n.md", b"---\ntype: team\nseries: \"S\"\n---\n# No date anywhere\n"),
    ]);
    let rep = check(d.path());
    let date = |p: &str| note(&rep, p)["date"].as_str().map(String::from);
    assert_eq!(date("c.md").as_deref(), Some("2025-09-16"));
    assert_eq!(note(&rep, "c.md")["title"], "CRLF — ok");
    assert_eq!(
        date("Meetings/2025-09-17 Sync.md").as_deref(),
        Some("2025-09-17")
    );
    assert_eq!(date("t.md").as_deref(), Some("2025-09-18"));
    assert_eq!(date("s.md").as_deref(), Some("2025-09-19"));
    assert_eq!(date("p.md").as_deref(), Some("2025-09-20"));
    assert_eq!(date("i.md").as_deref(), Some("2025-09-21"));
    assert_eq!(
        date("2025-09-22 Mismatch.md").as_deref(),
        Some("2025-09-23")
    );
    assert_eq!(date("n.md"), None);
    let c = codes(&rep);
    assert!(
        c.contains(&("date-conflict".into(), "2025-09-22 Mismatch.md".into(), 3)),
        "{c:?}"
    );
    assert!(
        c.contains(&("missing-date".into(), "n.md".into(), 0)),
        "{c:?}"
    );
    assert!(
        !c.iter().any(|x| x.1 == "c.md"),
        "BOM and CRLF need no diagnostic: {c:?}"
    );
    // month first, when configured
    std::fs::write(d.path().join("site.toml"), "date_order = \"mdy\"\n").unwrap();
    std::fs::write(
        d.path().join("v/c.md"),
        "---\ncreated: \"09/16/2025\"\n---\n# C\n",
    )
    .unwrap();
    let o = mb()
        .arg("check")
        .arg("--config")
        .arg(d.path().join("site.toml"))
        .arg("--vault")
        .arg(d.path().join("v"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    let rep: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(note(&rep, "c.md")["date"], "2025-09-16");
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_out_of_the_vault_are_not_followed() {
    let d = vault(&[("a.md", b"# A\n"), ("sub/b.md", b"# B\n")]);
    let v = d.path().join("v");
    std::os::unix::fs::symlink(&v, v.join("sub/loop")).unwrap();
    std::fs::write(d.path().join("outside.md"), "# SECRET OUTSIDE\n").unwrap();
    std::os::unix::fs::symlink(d.path().join("outside.md"), v.join("escape.md")).unwrap();
    let rep = check(d.path());
    let c = codes(&rep);
    assert!(
        c.iter().any(|x| x.0 == "symlink-loop" && x.1 == "sub/loop"),
        "{c:?}"
    );
    assert!(
        c.contains(&("outside-vault".into(), "escape.md".into(), 0)),
        "{c:?}"
    );
    for (_, bytes) in tree(&d.path().join("out")) {
        assert!(!String::from_utf8_lossy(&bytes).contains("SECRET OUTSIDE"));
    }
    assert!(d.path().join("out/sub/b/index.html").is_file());
}

#[test]
fn strict_and_github_formats_on_a_defects_vault() {
    let Some(g) = gen_vault(&["--notes", "150", "--seed", "3"]) else {
        return;
    };
    let strict = mb()
        .arg("check")
        .arg("--vault")
        .arg(g.path())
        .arg("--strict")
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let gh = mb()
        .arg("check")
        .arg("--vault")
        .arg(g.path())
        .args(["--format", "github"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&gh.stdout);
    assert!(
        s.lines().any(|l| l.starts_with("::warning file=")
            && l.contains(",line=")
            && l.contains("title=")),
        "{s}"
    );
    // every manifest note has a page
    let out = g.dir.path().join("out");
    build(&g.path(), &out, &[]);
    let rep = report(&g.path(), &[]);
    for n in g.manifest["notes"].as_array().unwrap() {
        let r = note(&rep, n["path"].as_str().unwrap());
        assert!(
            page_file(&out, r["url"].as_str().unwrap()).is_file(),
            "{}",
            n["path"]
        );
    }
}
