//! The command line: exit codes, refusals, config errors, init, overrides.

mod common;
use common::*;

#[test]
fn check_exit_codes() {
    // content-example, the newcomer's first build, is clean
    let o = mb().arg("check").output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.lines()
            .last()
            .unwrap()
            .ends_with(" notes checked: 0 error(s), 0 warning(s), 0 note(s)"),
        "{out}"
    );

    // a link to no note is an error, at its line and column (in an
    // Obsidian vault: elsewhere `[[…]]` naming nothing is prose)
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("broken/.obsidian/app.json"), "{}");
    write(
        &d.path().join("broken/Dock Planning.md"),
        "# Dock Planning\n\nThe crane budget feeds [[Quarterly Budget]].\n",
    );
    let o = mb()
        .arg("check")
        .arg("--vault")
        .arg(d.path().join("broken"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("Dock Planning.md:3:24: error[broken-link]: [[Quarterly Budget]]"),
        "{out}"
    );
    assert!(out.lines().last().unwrap().contains("1 error(s)"));
    // and on the page, visibly unresolved text, not a link
    let out_dir = d.path().join("out");
    build(&d.path().join("broken"), &out_dir, &[]);
    let doc = html(&page_file(&out_dir, "dock-planning/"));
    let broken: Vec<_> = doc.select(&sel(".wikilink.unresolved")).collect();
    assert_eq!(broken.len(), 1);
    assert_eq!(text(broken[0]), "Quarterly Budget");
    assert_eq!(broken[0].value().name(), "span");
    assert!(broken[0].value().attr("href").is_none());

    write(&d.path().join("v/a.md"), "# A\n\nSee [[b]].\n");
    write(&d.path().join("v/b.md"), "# B\n\n## Part\n");
    let ok = mb()
        .arg("check")
        .arg("--vault")
        .arg(d.path().join("v"))
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    write(&d.path().join("v/c.md"), "# C\n\n[[b#Nope]]\n");
    let warn = mb()
        .arg("check")
        .arg("--vault")
        .arg(d.path().join("v"))
        .output()
        .unwrap();
    assert_eq!(warn.status.code(), Some(0));
    let strict = mb()
        .args(["check", "--strict"])
        .arg("--vault")
        .arg(d.path().join("v"))
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let gh = mb()
        .args(["check", "--format", "github"])
        .arg("--vault")
        .arg(d.path().join("v"))
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&gh.stdout);
    assert!(
        s.lines().any(|l| l.starts_with("::warning file=")
            && l.contains("line=3")
            && l.contains("title=broken-anchor")),
        "{s}"
    );
}

#[test]
fn config_errors_exit_2_naming_file_key_and_type() {
    let d = tempfile::tempdir().unwrap();
    let cfg = d.path().join("site.toml");
    write(&cfg, "title = \"x\"\nunsafe_html = \"yes\"\n");
    let o = mb()
        .arg("check")
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("site.toml:2") && e.contains("bool"), "{e}");
    write(&cfg, "title = \"x\"\ncolour = 1\n");
    let o = mb()
        .arg("check")
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("colour"));
    let o = mb().args(["frobnicate"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn output_folder_refusals() {
    let d = tempfile::tempdir().unwrap();
    let vault = d.path().join("v");
    write(&vault.join("a.md"), "# A\n");
    let inside = mb()
        .arg("build")
        .arg("--vault")
        .arg(&vault)
        .arg("--out")
        .arg(vault.join("site"))
        .output()
        .unwrap();
    assert_eq!(inside.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&inside.stderr).contains("inside the vault"));
    let same = mb()
        .arg("build")
        .arg("--vault")
        .arg(&vault)
        .arg("--out")
        .arg(&vault)
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(1));
    let foreign = d.path().join("docs");
    write(&foreign.join("keep.txt"), "mine");
    let f = mb()
        .arg("build")
        .arg("--vault")
        .arg(&vault)
        .arg("--out")
        .arg(&foreign)
        .output()
        .unwrap();
    assert_eq!(f.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "mine"
    );
    // its own output it replaces, leaving nothing beside it once the
    // previous site's removal (a background process) is done
    let out = d.path().join("public");
    build(&vault, &out, &[]);
    build(&vault, &out, &[]);
    assert!(out.join(".minutebook-output").is_file());
    let set_aside = || -> Vec<String> {
        std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
            .collect()
    };
    let started = std::time::Instant::now();
    while !set_aside().is_empty() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(set_aside(), Vec::<String>::new());
}

#[test]
fn init_makes_a_site_that_builds_and_templates_override() {
    let d = tempfile::tempdir().unwrap();
    let o = mb().arg("init").arg(d.path()).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let again = mb().arg("init").arg(d.path()).output().unwrap();
    assert!(!again.status.success(), "init never overwrites");
    write(
        &d.path().join("templates/note.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ note.title }}</h1>{% endblock content %}",
    );
    let o = mb().current_dir(d.path()).arg("build").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = d
        .path()
        .join("public/meetings/team/weekly-sync/2025-01-06-weekly-sync/index.html");
    let doc = html(&page);
    assert_eq!(
        doc.select(&sel("h1.custom"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        "Weekly Sync — 2025-01-06"
    );
    let person = html(&d.path().join("public/people/ada-lovelace/index.html"));
    assert!(person.select(&sel("li.task")).count() == 1);
    // the starter vault is read as an Obsidian vault: its #decision is a tag
    assert!(d.path().join("public/tags/decision/index.html").is_file());
}

#[test]
fn odd_file_names_get_safe_unique_urls() {
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("v");
    for name in [
        "Q&A #3 100% done? (draft).md",
        "Ünïcødé 会议 notes.md",
        "a b.md",
        "A-B.md",
        "People.md",
        "x/\"quoted\" 'name'.md",
    ] {
        write(
            &v.join(name),
            &format!("# {name}\n\nLinks to [[a b]] and [[Ünïcødé 会议 notes]].\n"),
        );
    }
    let out = d.path().join("out");
    build(&v, &out, &[]);
    let rep = report(&v, &[]);
    let mut urls: Vec<String> = rep["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["url"].as_str().unwrap().to_string())
        .collect();
    for u in &urls {
        assert!(!u.contains(['#', '?', '%', ' ', '&', '"', '\'']), "{u}");
        assert!(page_file(&out, u).is_file(), "{u}");
    }
    let n = urls.len();
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), n, "URLs are unique");
    assert!(
        urls.contains(&"a-b/".to_string()) && urls.contains(&"a-b-2/".to_string()),
        "{urls:?}"
    );
    assert!(
        !urls.contains(&"people/".to_string()),
        "a note never takes a generated page's URL"
    );
}
