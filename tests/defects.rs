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
    // the file line of the value YAML could not read (line 4: the string
    // that never closes), not a line of the frontmatter block
    assert_eq!(
        c.iter()
            .filter(|x| x.0 == "invalid-frontmatter")
            .collect::<Vec<_>>(),
        [&("invalid-frontmatter".to_string(), "b.md".to_string(), 4)]
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
    assert!(
        msg.contains("it goes to x/Dup.md") && msg.contains("fewest folders"),
        "the choice and its reason named: {msg}"
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

/// The file text as minutebook reads it: UTF-8, else Windows-1252 (as
/// Latin-1 here: gen-vault's Latin-1 bytes are both).
fn decode(b: &[u8]) -> (String, bool) {
    match std::str::from_utf8(b) {
        Ok(s) => (s.to_string(), true),
        Err(_) => (b.iter().map(|&c| c as char).collect(), false),
    }
}

/// (line, column) of the first `needle` in `lines`, both 1-based, the
/// column in bytes.
fn find(lines: &[&[u8]], needle: &str) -> (u64, u64) {
    for (i, l) in lines.iter().enumerate() {
        if let Some(k) = l.windows(needle.len()).position(|w| w == needle.as_bytes()) {
            return (i as u64 + 1, k as u64 + 1);
        }
    }
    panic!("{needle:?} not in the note")
}

type Expect = std::collections::BTreeMap<String, std::collections::BTreeSet<(String, u64, u64)>>;

/// What `check` must report, note by note, for a gen-vault vault: each
/// defect the manifest lists mapped to its code and place, and what its
/// links give (a name two notes share is ambiguous, a name nothing has is
/// broken, a block or heading the chosen note lacks is a broken anchor).
fn expected(g: &GenVault) -> (Expect, Expect) {
    use std::collections::{BTreeMap, BTreeSet};
    let v = g.path();
    let mut files: Vec<String> = Vec::new();
    for e in walkdir::WalkDir::new(&v)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
    {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(&v)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".md") && !rel.starts_with("Templates/") {
            files.push(rel);
        }
    }
    files.sort();
    let read = |p: &str| std::fs::read(v.join(p)).unwrap();
    let defects: BTreeMap<String, Vec<String>> = g.manifest["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["path"].as_str().unwrap().to_string(),
                serde_json::from_value(n["defects"].clone()).unwrap(),
            )
        })
        .collect();
    let stem = |p: &str| -> String {
        p.rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".md")
            .to_lowercase()
    };
    let mut stems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &files {
        stems.entry(stem(f)).or_default().push(f.clone());
    }
    let paths: BTreeSet<String> = files
        .iter()
        .map(|f| f.trim_end_matches(".md").to_lowercase())
        .collect();
    let attachments: BTreeSet<String> = g.manifest["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a.as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_lowercase()
        })
        .collect();
    // people: a note's counterpart and attendees, everyone with a note, and
    // every @assignee (the name runs to the next emoji or the line's end)
    let mut people: BTreeSet<String> = BTreeSet::new();
    for n in g.manifest["notes"].as_array().unwrap() {
        for p in n["people"].as_array().unwrap() {
            people.insert(p.as_str().unwrap().to_lowercase());
        }
    }
    for p in g.manifest["people"].as_array().unwrap() {
        if !p["note"].is_null() {
            people.insert(p["name"].as_str().unwrap().to_lowercase());
        }
    }
    let assignee = regex::Regex::new(
        r"(?m)^\s*- \[[ x]\] .*?@(.+?)\s*(?:[\x{23eb}\x{1f53c}\x{1f53d}\x{2705}\x{1f4c5}]|$)",
    )
    .unwrap();
    for f in &files {
        let (t, _) = decode(&read(f));
        for c in assignee.captures_iter(&t) {
            people.insert(c[1].trim().to_lowercase());
        }
    }
    let link = regex::bytes::Regex::new(r"!?\[\[([^\]]*)\]\]").unwrap();
    let mut by_defect = Expect::new();
    let mut all = Expect::new();
    for f in &files {
        let raw = read(f);
        let (_, utf8) = decode(&raw);
        let lines: Vec<&[u8]> = raw.split(|&b| b == b'\n').collect();
        let d = defects.get(f).cloned().unwrap_or_default();
        let put = |set: &mut Expect, code: &str, line: u64, col: u64| {
            set.entry(f.clone())
                .or_default()
                .insert((code.to_string(), line, col));
        };
        for (i, l) in lines.iter().enumerate() {
            for m in link.find_iter(l) {
                let (line, col) = (i as u64 + 1, m.start() as u64 + 1);
                let inner = decode(&link.captures(m.as_bytes()).unwrap()[1]).0;
                let target = inner.split('|').next().unwrap();
                let (name, anchor) = target.split_once('#').unwrap_or((target, ""));
                let name = name.to_lowercase();
                let candidates = stems.get(&name).cloned().unwrap_or_default();
                if !name.contains('/') && candidates.len() >= 2 {
                    put(&mut all, "ambiguous-link", line, col);
                }
                if d.iter().any(|x| x == "mojibake") {
                    continue; // its names are only right once repaired
                }
                let known = !candidates.is_empty()
                    || people.contains(&name)
                    || attachments.contains(&name)
                    || paths.contains(&name);
                if !known {
                    put(&mut all, "broken-link", line, col);
                } else if anchor.starts_with('^') {
                    put(&mut all, "broken-anchor", line, col);
                } else if !anchor.is_empty() && !candidates.is_empty() {
                    // the shortest path wins
                    let mut c = candidates.clone();
                    c.sort_by_key(|p| (p.len(), p.clone()));
                    let text = decode(&read(&c[0])).0.replace("\r\n", "\n");
                    if !text.contains(&format!("\n## {anchor}\n")) {
                        put(&mut all, "broken-anchor", line, col);
                    }
                }
            }
        }
        for kind in &d {
            let mut e: Vec<(&str, u64, u64)> = Vec::new();
            match kind.as_str() {
                "mojibake" => e.push(("mojibake-repaired", 0, 0)),
                "empty" => e.push(("empty-note", 0, 0)),
                "template" => e.push((
                    "template-placeholder",
                    find(&lines, "created: { { DATE } }").0,
                    0,
                )),
                "bad_yaml" => e.push(("invalid-frontmatter", find(&lines, "\tbad: [").0, 0)),
                "raw_html" => {
                    e.push(("unsafe-html", find(&lines, "<script>").0, 0));
                    e.push(("unsafe-html", find(&lines, "<img src=x onerror").0, 0));
                }
                "broken_link" => {
                    let (l, c) = find(&lines, "[[Nobody Named ");
                    e.push(("broken-link", l, c));
                    e.push((
                        "broken-link",
                        l,
                        find(&lines, "[[Missing Project#Scope]]").1,
                    ));
                }
                "link_forms" => {
                    let (l, c) = find(&lines, "#^b1]]");
                    let open = lines[l as usize - 1][..c as usize]
                        .windows(2)
                        .rposition(|w| w == b"[[")
                        .unwrap();
                    e.push(("broken-anchor", l, open as u64 + 1));
                }
                // Latin-1 bytes are only invalid UTF-8 when the note had a
                // character above ASCII that Latin-1 holds
                "latin1" | "invalid_utf8" if !utf8 => {
                    let (i, l) = lines
                        .iter()
                        .enumerate()
                        .find(|(_, l)| std::str::from_utf8(l).is_err())
                        .unwrap();
                    let col = std::str::from_utf8(l).unwrap_err().valid_up_to();
                    e.push(("invalid-utf8", i as u64 + 1, col as u64 + 1));
                }
                "latin1" | "invalid_utf8" | "no_frontmatter" | "crlf_bom" | "comment"
                | "date_forms" | "huge" | "odd_name" => {}
                other => panic!("a defect this test does not know: {other}"),
            }
            for (code, line, col) in e {
                put(&mut by_defect, code, line, col);
                put(&mut all, code, line, col);
            }
        }
    }
    (by_defect, all)
}

/// Every defect gen-vault's manifest lists is reported by `check` with its
/// code, file, line and column, and nothing else is (warnings and errors;
/// `info` lines such as a new assignee's are not defects); the human and
/// GitHub formats say the same.
#[test]
fn each_manifest_defect_gets_its_diagnostic_at_its_line() {
    let Some(g) = gen_vault(&["--notes", "250", "--seed", "2", "--transcript-scale", "0.2"]) else {
        return;
    };
    // the seed holds every kind of defect gen-vault writes
    let kinds: std::collections::BTreeSet<&str> = g.manifest["notes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|n| {
            n["defects"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap())
        })
        .collect();
    assert_eq!(kinds.len(), 15, "{kinds:?}");
    let (by_defect, all) = expected(&g);
    let rep = report(&g.path(), &[]);
    let mut got = Expect::new();
    for d in rep["diagnostics"].as_array().unwrap() {
        if d["severity"] == "info" {
            continue;
        }
        // not a defect gen-vault lists, but true: its long transcripts span
        // 28 hours of a 60-minute meeting (tests/reading.rs holds the rule)
        if d["code"] == "implausible-duration" {
            let text = std::fs::read_to_string(g.path().join(d["file"].as_str().unwrap())).unwrap();
            let hours = text
                .lines()
                .filter_map(|l| l.strip_prefix('[')?.split(':').next()?.parse::<u64>().ok())
                .max()
                .unwrap_or(0);
            assert!(hours >= 3, "{d}: the latest turn is at hour {hours}");
            continue;
        }
        got.entry(d["file"].as_str().unwrap().to_string())
            .or_default()
            .insert((
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["col"].as_u64().unwrap_or(0),
            ));
    }
    for (file, want) in &by_defect {
        let have = got.get(file).cloned().unwrap_or_default();
        let missing: Vec<_> = want.difference(&have).collect();
        assert!(
            missing.is_empty(),
            "{file}: defect diagnostics missing: {missing:?}; got {have:?}"
        );
    }
    assert!(by_defect.values().map(|s| s.len()).sum::<usize>() >= 20);
    assert_eq!(got, all);

    // `check`'s human lines: file:line:col: severity[code]: message, sorted
    let human = mb()
        .arg("check")
        .arg("--vault")
        .arg(g.path())
        .output()
        .unwrap();
    assert_eq!(human.status.code(), Some(1), "broken links are errors");
    let re =
        regex::Regex::new(r"^(.+):(\d+):(\d+): (error|warning|info)\[([a-z0-9-]+)\]: ").unwrap();
    let mut lines = Vec::new();
    for l in String::from_utf8_lossy(&human.stdout).lines() {
        if let Some(c) = re.captures(l) {
            if &c[4] != "info" && &c[5] != "implausible-duration" {
                lines.push((
                    c[1].to_string(),
                    c[5].to_string(),
                    c[2].parse::<u64>().unwrap(),
                    c[3].parse::<u64>().unwrap(),
                ));
            }
        }
    }
    let mut want: Vec<(String, String, u64, u64)> = all
        .iter()
        .flat_map(|(f, s)| {
            s.iter()
                .map(|(c, l, k)| (f.clone(), c.clone(), (*l).max(1), (*k).max(1)))
        })
        .collect();
    want.sort_by(|a, b| (&a.0, a.2, a.3, &a.1).cmp(&(&b.0, b.2, b.3, &b.1)));
    assert_eq!(lines, want);

    // --strict fails on the warnings; the GitHub annotations carry the same places
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
    let re = regex::Regex::new(
        r"^::(error|warning) file=(.+),line=(\d+),col=(\d+),title=([a-z0-9-]+)::",
    )
    .unwrap();
    let prefix = format!("{}/", g.path().display());
    let mut ann: Vec<(String, String, u64, u64)> = String::from_utf8_lossy(&gh.stdout)
        .lines()
        .filter_map(|l| re.captures(l))
        .filter(|c| &c[5] != "implausible-duration")
        .map(|c| {
            let file = c[2]
                .strip_prefix(prefix.as_str())
                .or_else(|| c[2].strip_prefix("vault/"))
                .unwrap_or(&c[2])
                .to_string();
            (
                file,
                c[5].to_string(),
                c[3].parse().unwrap(),
                c[4].parse().unwrap(),
            )
        })
        .collect();
    ann.sort_by(|a, b| (&a.0, a.2, a.3, &a.1).cmp(&(&b.0, b.2, b.3, &b.1)));
    assert_eq!(ann, want);

    // every manifest note has a page
    let out = g.dir.path().join("out");
    build(&g.path(), &out, &[]);
    for n in g.manifest["notes"].as_array().unwrap() {
        let r = note(&rep, n["path"].as_str().unwrap());
        assert!(
            page_file(&out, r["url"].as_str().unwrap()).is_file(),
            "{}",
            n["path"]
        );
    }
}
