//! site.toml settings and the output folder, each on a small hand-written
//! vault: a build that fails half way keeps the previous site,
//! `directory_links`, `theme = "NAME"`, the `speakers` maps, and the feed
//! and sitemap read by an XML parser.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A site folder: site.toml with `toml`, and the vault `v/` with `notes`.
fn site(toml: &str, notes: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(
        &d.path().join("site.toml"),
        &format!("vault = \"v\"\noutput = \"public\"\n{toml}"),
    );
    std::fs::create_dir_all(d.path().join("v/.obsidian")).unwrap();
    for (p, s) in notes {
        write(&d.path().join("v").join(p), s);
    }
    d
}

fn run_build(d: &Path) -> std::process::Output {
    mb().current_dir(d).arg("build").output().unwrap()
}

fn built(d: &Path) {
    let o = run_build(d);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

const MEETING: &str = "---\ntype: team\ncreated: 2025-04-07\nattendees: [\"[[Ivo Brandt]]\", \"[[Una Kell]]\"]\nseries: Team/Kiln Sync\n---\n# Kiln Sync — 2025-04-07\n\nWe met. See [[Second]].\n\n- [ ] Order clay. @Ivo Brandt 📅 2025-04-20\n";
const SECOND: &str = "---\ntype: team\ncreated: 2025-04-14\nattendees: [\"[[Ivo Brandt]]\"]\nseries: Team/Kiln Sync\n---\n# Second\n\nFollow-up of [[Kiln]].\n";

#[test]
fn a_build_that_fails_half_way_leaves_the_previous_site() {
    let d = site(
        "",
        &[
            ("Meetings/Kiln.md", MEETING),
            ("Meetings/Second.md", SECOND),
        ],
    );
    built(d.path());
    let out = d.path().join("public");
    let before = tree(&out);
    assert!(before.contains_key("people/ivo-brandt/index.html"));
    // the next build changes a note, and its person template fails while
    // the pages are rendered (note pages are already in the new folder)
    write(
        &d.path().join("v/Meetings/Kiln.md"),
        &MEETING.replace("We met.", "We met again."),
    );
    write(
        &d.path().join("templates/person.html"),
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value.field }}{% endblock content %}",
    );
    let o = run_build(d.path());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("person.html"), "{err}");
    // the previous site is there, byte for byte, and nothing is left beside it
    assert!(tree(&out) == before, "the previous site changed");
    let beside: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert_eq!(beside, Vec::<String>::new());
    // and once the template is fixed, the change is published
    std::fs::remove_file(d.path().join("templates/person.html")).unwrap();
    built(d.path());
    let page = std::fs::read_to_string(page_file(&out, "meetings/kiln/")).unwrap();
    assert!(page.contains("We met again."));
}

/// Every relative `<a href>` of every page of `out`: (page URL, href).
fn all_links(out: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for (path, bytes) in tree(out) {
        let Some(dir) = path.strip_suffix("index.html") else {
            continue;
        };
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        for h in hrefs(&doc) {
            if !h.starts_with('#') && !h.contains("://") && !h.starts_with("mailto:") {
                v.push((dir.to_string(), h));
            }
        }
    }
    v
}

#[test]
fn directory_links_end_in_a_slash_and_reach_their_pages() {
    let notes = [
        ("Meetings/Kiln.md", MEETING),
        ("Meetings/Second.md", SECOND),
    ];
    let plain = site("", &notes);
    built(plain.path());
    let dl = site("directory_links = true\n", &notes);
    built(dl.path());
    let out = dl.path().join("public");
    let links = all_links(&out);
    assert!(links.len() > 50, "{}", links.len());
    for (page, href) in &links {
        let path = href.split('#').next().unwrap();
        if path.starts_with("../static/") || path.starts_with("static/") || path.contains("files/")
        {
            continue;
        }
        assert!(
            !path.ends_with("index.html"),
            "{page}: {href} ends in index.html"
        );
        assert!(
            path.is_empty() || path.ends_with('/'),
            "{page}: {href} does not end in /"
        );
        let target = resolve_href(page, href).unwrap();
        assert!(
            page_file(&out, &target).is_file(),
            "{page}: {href} goes nowhere"
        );
    }
    // the same links, written without index.html, as the default writes them
    let mut want: Vec<(String, String)> = all_links(&plain.path().join("public"))
        .into_iter()
        .map(|(p, h)| {
            let h = h.replace("index.html", "");
            (p, if h.is_empty() { "./".to_string() } else { h })
        })
        .collect();
    let mut got = links.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    // search results link the same way: the manifest says so
    let m = std::fs::read_to_string(out.join("search/idx/manifest.js")).unwrap();
    assert!(m.contains("\"dl\":true") || m.contains("\"dl\":1"), "{m}");
}

#[test]
fn a_theme_folder_named_in_site_toml_replaces_the_default_file_by_file() {
    let d = site(
        "theme = \"kiln\"\n",
        &[
            ("Meetings/Kiln.md", MEETING),
            ("Meetings/Second.md", SECOND),
        ],
    );
    write(
        &d.path().join("themes/kiln/templates/note.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"kiln-title\">{{ note.title }}</h1>{% endblock content %}",
    );
    write(
        &d.path().join("themes/kiln/static/style.css"),
        "/* kiln theme */ body { color: brown }\n",
    );
    // a theme that is not named is not used
    write(
        &d.path().join("themes/other/templates/note.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"other\">x</h1>{% endblock content %}",
    );
    built(d.path());
    let out = d.path().join("public");
    let doc = html(&page_file(&out, "meetings/kiln/"));
    let h1: Vec<String> = doc.select(&sel("h1")).map(text).collect();
    assert_eq!(h1, ["Kiln Sync — 2025-04-07"]);
    assert_eq!(doc.select(&sel("h1.kiln-title")).count(), 1);
    assert_eq!(
        std::fs::read_to_string(out.join("static/style.css")).unwrap(),
        "/* kiln theme */ body { color: brown }\n"
    );
    // what the theme does not replace comes from the default theme
    assert_eq!(
        std::fs::read(out.join("static/search.js")).unwrap(),
        std::fs::read(root().join("themes/default/static/search.js")).unwrap()
    );
    let person = html(&page_file(&out, "people/ivo-brandt/"));
    assert_eq!(person.select(&sel("h1.kiln-title")).count(), 0);
    assert_eq!(
        person.select(&sel("h1")).map(text).collect::<Vec<_>>(),
        ["Ivo Brandt"]
    );
    // a theme that does not exist is an error that names it
    write(
        &d.path().join("site.toml"),
        "vault = \"v\"\noutput = \"public\"\ntheme = \"glaze\"\n",
    );
    let o = run_build(d.path());
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("theme \"glaze\" not found"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

const TURNS: &str = "\n<!-- ai:transcript:start -->\n\n## Transcript (auto)\n\n```text\n[00:00:01.00] Teams Room : We start with the kiln.\n\n[00:00:09.00] Jabra Speak 710 : The clay is late.\n\n[00:00:15.00] Teams Room : Then we wait.\n```\n\n<!-- ai:transcript:end -->\n";

/// The speakers of each turn of the page at `url`, as shown.
fn turn_speakers(out: &Path, url: &str) -> Vec<(String, Option<String>)> {
    let doc = html(&page_file(out, url));
    doc.select(&sel("li.turn-group .speaker"))
        .map(|s| {
            (
                text(s),
                s.value().attr("href").and_then(|h| resolve_href(url, h)),
            )
        })
        .collect()
}

#[test]
fn speakers_maps_name_the_devices_site_wide_and_per_note() {
    let first = "---\ntype: team\ncreated: 2025-04-07\nattendees: [\"[[Ivo Brandt]]\", \"[[Una Kell]]\"]\n---\n# First\n".to_string() + TURNS;
    let second = "---\ntype: team\ncreated: 2025-04-14\nattendees: [\"[[Pia Moss]]\"]\nspeakers:\n  Teams Room: Pia Moss\n---\n# Second\n".to_string() + TURNS;
    let notes = [("First.md", first.as_str()), ("Second.md", second.as_str())];
    // without a map, the devices are the speakers
    let bare = site("", &notes);
    let rep = report_in(bare.path(), &bare.path().join("v"), &[]);
    let speakers = |rep: &serde_json::Value, path: &str| -> Vec<String> {
        let n = rep["notes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["source"] == path)
            .unwrap();
        serde_json::from_value(n["transcript"]["speakers"].clone()).unwrap()
    };
    assert_eq!(
        speakers(&rep, "First.md"),
        ["Jabra Speak 710", "Teams Room"]
    );
    // the site's map names both devices; the second note's own map comes first
    let mapped = site(
        "speakers = { \"Teams Room\" = \"Ivo Brandt\", \"Jabra Speak 710\" = \"Una Kell\" }\n",
        &notes,
    );
    let rep = report_in(mapped.path(), &mapped.path().join("v"), &[]);
    assert_eq!(speakers(&rep, "First.md"), ["Ivo Brandt", "Una Kell"]);
    assert_eq!(speakers(&rep, "Second.md"), ["Pia Moss", "Una Kell"]);
    built(mapped.path());
    let out = mapped.path().join("public");
    let ivo = Some("people/ivo-brandt/".to_string());
    let una = Some("people/una-kell/".to_string());
    let pia = Some("people/pia-moss/".to_string());
    assert_eq!(
        turn_speakers(&out, "first/"),
        [
            ("Ivo Brandt".to_string(), ivo.clone()),
            ("Una Kell".to_string(), una.clone()),
            ("Ivo Brandt".to_string(), ivo.clone()),
        ]
    );
    assert_eq!(
        turn_speakers(&out, "second/"),
        [
            ("Pia Moss".to_string(), pia.clone()),
            ("Una Kell".to_string(), una.clone()),
            ("Pia Moss".to_string(), pia),
        ]
    );
    // and the person's page lists the meeting with the speaker role
    let ivo_page = std::fs::read_to_string(page_file(&out, "people/ivo-brandt/")).unwrap();
    assert!(ivo_page.contains("speaker"), "{ivo_page}");
}

/// Every element of an XML document, parsed by quick-xml (which fails on
/// anything that is not well formed): (path of element names, attributes,
/// text).
type Elements = Vec<(String, BTreeMap<String, String>, String)>;

/// An element's attributes, values unescaped.
fn attributes(e: &quick_xml::events::BytesStart) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("attribute");
            (
                a.key.as_ref().to_string(),
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .expect("attribute value")
                    .into_owned(),
            )
        })
        .collect()
}

fn parse_xml(bytes: &[u8]) -> Elements {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_reader(bytes);
    r.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut out: Elements = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut buf = Vec::new();
    let mut saw_decl = false;
    loop {
        match r.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Decl(_) => saw_decl = true,
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                stack.push(name);
                let attrs = attributes(&e);
                open.push(out.len());
                out.push((stack.join("/"), attrs, String::new()));
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                let attrs = attributes(&e);
                out.push((format!("{}/{name}", stack.join("/")), attrs, String::new()));
            }
            Event::Text(t) => {
                if let Some(&k) = open.last() {
                    out[k].2.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if let Some(&k) = open.last() {
                    let name = g.as_ref().to_string();
                    let ch = match name.as_str() {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        n => {
                            let code = n
                                .strip_prefix("#x")
                                .map(|h| u32::from_str_radix(h, 16).unwrap())
                                .or_else(|| n.strip_prefix('#').map(|d| d.parse().unwrap()))
                                .unwrap_or_else(|| panic!("unknown entity &{n};"));
                            char::from_u32(code).unwrap().to_string()
                        }
                    };
                    out[k].2.push_str(&ch);
                }
            }
            Event::CData(c) => {
                if let Some(&k) = open.last() {
                    out[k].2.push_str(&c);
                }
            }
            Event::End(_) => {
                stack.pop();
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    assert!(saw_decl, "no XML declaration");
    out
}

fn texts<'a>(els: &'a Elements, path: &str) -> Vec<&'a str> {
    els.iter()
        .filter(|e| e.0 == path)
        .map(|e| e.2.trim())
        .collect()
}

#[test]
fn feed_and_sitemap_are_well_formed_xml_with_absolute_links() {
    let base = "https://notes.example.org/kiln/";
    let tricky = "---\ntype: team\ncreated: 2025-04-21\nseries: Team/Kiln Sync\n---\n# Q&A <draft> \"kiln\" — ünïcode\n\nBody with <b>bold</b> & more.\n";
    let d = site(
        &format!("title = \"Kiln & Co <notes>\"\nbase_url = \"{base}\"\n"),
        &[
            ("Meetings/Kiln.md", MEETING),
            ("Meetings/Second.md", SECOND),
            ("Meetings/Tricky.md", tricky),
            ("Ideas.md", "# Ideas\n\nNot a meeting.\n"),
        ],
    );
    built(d.path());
    let out = d.path().join("public");
    let page_path = |url: &str| -> String {
        let rel = url
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{url} is not under {base}"));
        assert!(!rel.starts_with('/'));
        rel.to_string()
    };

    let feed = parse_xml(&std::fs::read(out.join("feed.xml")).unwrap());
    assert_eq!(feed[0].0, "feed");
    assert_eq!(
        feed[0].1.get("xmlns").map(String::as_str),
        Some("http://www.w3.org/2005/Atom")
    );
    assert_eq!(texts(&feed, "feed/title"), ["Kiln & Co <notes>"]);
    // one entry per meeting, newest first, titles read back as written
    assert_eq!(
        texts(&feed, "feed/entry/title"),
        [
            "Q&A <draft> \"kiln\" — ünïcode",
            "Second",
            "Kiln Sync — 2025-04-07"
        ]
    );
    let ids = texts(&feed, "feed/entry/id");
    assert_eq!(ids.len(), 3);
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        3,
        "ids are unique"
    );
    let updated = texts(&feed, "feed/entry/updated");
    assert_eq!(updated.len(), 3);
    for u in &updated {
        assert!(
            u.len() >= 20 && u.as_bytes()[4] == b'-' && u.contains('T'),
            "{u} is no RFC 3339 date"
        );
    }
    let links: Vec<&str> = feed
        .iter()
        .filter(|e| e.0 == "feed/entry/link")
        .map(|e| e.1["href"].as_str())
        .collect();
    assert_eq!(links.len(), 3);
    for l in &links {
        assert!(
            page_file(&out, &page_path(l)).is_file(),
            "{l}: no such page"
        );
    }
    assert!(links[2].ends_with("meetings/kiln/"), "{links:?}");

    let sitemap = parse_xml(&std::fs::read(out.join("sitemap.xml")).unwrap());
    assert_eq!(sitemap[0].0, "urlset");
    assert_eq!(
        sitemap[0].1.get("xmlns").map(String::as_str),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: BTreeSet<String> = texts(&sitemap, "urlset/url/loc")
        .into_iter()
        .map(page_path)
        .collect();
    // exactly the site's pages (the search page aside)
    let pages: BTreeSet<String> = tree(&out)
        .into_keys()
        .filter_map(|p| p.strip_suffix("index.html").map(String::from))
        .filter(|p| p != "search/")
        .collect();
    assert_eq!(locs, pages);
}
