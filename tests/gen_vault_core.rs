//! The core build on gen-vault vaults: every note a page, links resolved as
//! the manifest says, people and series pages complete, deterministic output.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn core_build_matches_the_manifest() {
    let Some(g) = gen_vault(&["--no-defects", "--notes", "300", "--seed", "11"]) else {
        return;
    };
    let vault = g.path();
    let out1 = g.dir.path().join("out1");
    let out2 = g.dir.path().join("out2");
    build(&vault, &out1, &[]);
    build(&vault, &out2, &[]);
    let rep = report(&vault, &[]);
    let notes: BTreeMap<String, &serde_json::Value> = rep["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["source"].as_str().unwrap().to_string(), n))
        .collect();
    let man = g.manifest["notes"].as_array().unwrap();

    // every manifest note has a page whose <h1> is its title
    for n in man {
        let path = n["path"].as_str().unwrap();
        let r = notes
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing from report"));
        let f = page_file(&out1, r["url"].as_str().unwrap());
        let doc = html(&f);
        let h1: String = doc
            .select(&sel("h1.note-title"))
            .next()
            .expect("h1")
            .text()
            .collect();
        assert_eq!(h1, n["title"].as_str().unwrap(), "{path}");
    }

    // the report's `resolved` equals the manifest's `resolves_to`, link by link
    let mut checked = 0;
    for n in man {
        let r = notes[n["path"].as_str().unwrap()];
        let got: BTreeSet<(String, Option<String>)> = r["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["target"].as_str().unwrap().into(),
                    l["resolved"].as_str().map(String::from),
                )
            })
            .collect();
        for l in n["links"].as_array().unwrap() {
            let want = (
                l["target"].as_str().unwrap().to_string(),
                l["resolves_to"].as_str().map(String::from),
            );
            assert!(
                got.contains(&want),
                "{}: {want:?} not in {got:?}",
                n["path"]
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links checked");

    // each person's page links to every meeting where the manifest lists them
    let people: BTreeMap<&str, &serde_json::Value> = rep["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p))
        .collect();
    let mut want: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for n in man {
        for p in n["people"].as_array().unwrap() {
            want.entry(p.as_str().unwrap())
                .or_default()
                .insert(n["path"].as_str().unwrap());
        }
    }
    assert!(want.len() > 20);
    for (name, paths) in &want {
        let p = people
            .get(name)
            .unwrap_or_else(|| panic!("no person {name}"));
        let url = p["url"].as_str().unwrap();
        let doc = html(&page_file(&out1, url));
        let linked: BTreeSet<String> = doc
            .select(&sel(".person-meetings a.meeting-title"))
            .filter_map(|a| resolve_href(url, a.value().attr("href").unwrap()))
            .collect();
        for path in paths {
            let target = notes[*path]["url"].as_str().unwrap();
            assert!(
                linked.contains(target),
                "{name}'s page does not list {path}"
            );
        }
    }

    // each series page lists exactly its meetings, newest first
    let mut series: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for n in man {
        if let Some(s) = n["series"].as_str() {
            series
                .entry(s)
                .or_default()
                .push((n["date"].as_str().unwrap(), n["path"].as_str().unwrap()));
        }
    }
    let rep_series: BTreeMap<&str, &serde_json::Value> = rep["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s))
        .collect();
    for (name, mut list) in series {
        list.sort();
        let s = rep_series[name];
        let url = s["url"].as_str().unwrap();
        let doc = html(&page_file(&out1, url));
        let listed: Vec<String> = doc
            .select(&sel("a.meeting-title"))
            .filter_map(|a| resolve_href(url, a.value().attr("href").unwrap()))
            .collect();
        let expected: BTreeSet<String> = list
            .iter()
            .map(|(_, p)| notes[*p]["url"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            listed.iter().cloned().collect::<BTreeSet<_>>(),
            expected,
            "series {name}"
        );
        assert_eq!(
            listed.len(),
            expected.len(),
            "series {name} lists a meeting twice"
        );
        let dates: Vec<String> = doc
            .select(&sel(".meeting-list time[datetime]"))
            .map(|t| t.value().attr("datetime").unwrap_or("").to_string())
            .collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted, "series {name} is not newest first");
    }

    // byte-identical builds
    assert!(tree(&out1) == tree(&out2), "two builds differ");
}

#[test]
fn every_internal_link_resolves_to_a_file_and_is_relative() {
    let Some(g) = gen_vault(&["--notes", "120", "--seed", "21"]) else {
        return;
    };
    let out = g.dir.path().join("out");
    build(&g.path(), &out, &[]);
    let files = tree(&out);
    let mut seen = 0;
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") {
            continue;
        }
        let page_url = rel.strip_suffix("index.html").unwrap_or(rel).to_string();
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
        // links minutebook draws (raw HTML pasted into notes may hold anything)
        for (selector, attr) in [
            ("a[href]", "href"),
            ("img.embed-image", "src"),
            ("link[href]", "href"),
            ("script[src]", "src"),
        ] {
            for el in doc.select(&sel(selector)) {
                let v = el.value().attr(attr).unwrap();
                if let Some(target) = resolve_href(&page_url, v) {
                    let f = if target.is_empty() || target.ends_with('/') {
                        format!("{target}index.html")
                    } else {
                        target.clone()
                    };
                    assert!(
                        files.contains_key(&f),
                        "{rel}: {attr}={v} points to missing {f}"
                    );
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 1000);
}
