//! Pages: the URL of every page and copied file.
//!
//! Takes the assembled [`Site`]; gives every person, series, tag and note a
//! page URL, every canvas and base a page URL (which links to it go to),
//! and every used attachment a file URL, each its own, after the
//! [`RESERVED`] URLs of the generated index pages. People are served first
//! (a person note's page is its person's), in name order.

use super::common::strip_md;
use crate::model::*;
use crate::urls::{self, UrlRegistry};

/// URLs of the generated index pages; reserved before any note gets one.
pub const RESERVED: &[&str] = &[
    "people/",
    "series/",
    "tags/",
    "actions/",
    "search/",
    "static/",
    "files/",
    "previews/",
    "decisions/",
    "open-questions/",
    "risks/",
];

/// Hand out every page and file URL. With `unsafe_html` off, an attachment a
/// browser could run script in gets a `.txt` name.
pub(super) fn assign_urls(site: &mut Site, unsafe_html: bool) {
    let mut reg = UrlRegistry::default();
    reg.reserve("");
    for r in RESERVED {
        reg.reserve(r);
    }
    reg.reserve("404.html");
    // the pages of the decision log and its kin, by year
    for url in log_pages(site) {
        reg.reserve(&url);
    }
    reg.reserve("index.html");
    let mut order: Vec<usize> = (0..site.people.len()).collect();
    order.sort_by(|&a, &b| {
        site.people[a]
            .name
            .cmp(&site.people[b].name)
            .then(a.cmp(&b))
    });
    for p in order {
        let url = reg.page(&format!("people/{}", urls::slugify(&site.people[p].name)));
        site.people[p].url = url.clone();
        if let Some(n) = site.people[p].note {
            site.notes[n].url = url;
        }
    }
    for s in &mut site.series {
        s.url = reg.page(&format!("series/{}", urls::slugify_path(&s.name)));
    }
    for t in &mut site.tags {
        t.url = reg.page(&format!("tags/{}", urls::slugify_path(&t.name)));
    }
    for n in &mut site.notes {
        if n.url.is_empty() {
            n.url = reg.page(&urls::slugify_path(strip_md(&n.path)));
        }
    }
    for b in &mut site.boards {
        b.url = reg.page(&urls::slugify_path(&b.path));
    }
    for a in &mut site.attachments {
        if let Some(b) = a.board {
            a.url = site.boards[b].url.clone();
            continue;
        }
        if a.used {
            let (dir, file) = match a.path.rsplit_once('/') {
                Some((d, f)) => (format!("files/{}", urls::slugify_path(d)), f.to_string()),
                None => ("files".to_string(), a.path.clone()),
            };
            let mut name = urls::slugify_file(&file);
            a.download = !unsafe_html && crate::model::download_only(&a.path);
            if a.download {
                name.push_str(".txt");
            }
            a.url = reg.file(&dir, &name);
        }
    }
}

/// The URLs the decision, open-question and risk logs may take besides
/// their own folder: one per year of their items (`decisions/2024/`), and
/// `…/undated/`.
fn log_pages(site: &Site) -> std::collections::BTreeSet<String> {
    use chrono::Datelike;
    let mut out = std::collections::BTreeSet::new();
    for n in &site.notes {
        for it in &n.items {
            let year = n
                .date
                .map_or_else(|| "undated".to_string(), |d| d.year().to_string());
            out.insert(format!("{}/{year}/", it.kind.slug()));
        }
    }
    out
}
