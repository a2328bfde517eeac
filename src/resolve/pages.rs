//! Pages: the URL of every page and copied file.
//!
//! Takes the assembled [`Site`]; gives every person, series, tag and note a
//! page URL, every canvas and base a page URL (which links to it go to),
//! and every used attachment a file URL, each its own, after the
//! [`RESERVED`] URLs of the generated index pages. People are served first
//! (a person note's page is its person's), in name order; then series and
//! tags, the pages of their lists longer than [`PAGE_SIZE`]
//! (`series/x/page/2/`), and the [`Archive`]: a page (or pages) for each
//! year of meetings, the undated meetings and the other notes. Notes come
//! after all of these, so none of them can take a generated page's URL.

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
    "archive/",
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
    for s in &mut site.series {
        s.more_pages = more_pages(&mut reg, &s.url, s.meetings.len());
    }
    for k in 0..site.tags.len() {
        let n = tag_notes(&site.tags, k).len();
        let t = &mut site.tags[k];
        t.more_pages = more_pages(&mut reg, &t.url, n);
    }
    site.archive = archive(&site.notes, &mut reg);
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

/// The URLs of pages 2, 3, … of a list of `n` notes at `url`.
fn more_pages(reg: &mut UrlRegistry, url: &str, n: usize) -> Vec<String> {
    (2..=n.div_ceil(PAGE_SIZE))
        .map(|k| reg.page(&format!("{url}page/{k}")))
        .collect()
}

/// A list at `url`, its pages' URLs handed out.
fn paged(reg: &mut UrlRegistry, url: &str, notes: Vec<usize>) -> PagedList {
    let mut urls = vec![url.to_string()];
    urls.extend(more_pages(reg, url, notes.len()));
    PagedList { notes, urls }
}

/// [`paged`] at the slug `slug`, when there are notes to list.
fn paged_if_any(reg: &mut UrlRegistry, slug: &str, notes: Vec<usize>) -> PagedList {
    if notes.is_empty() {
        return PagedList::default();
    }
    let url = reg.page(slug);
    paged(reg, &url, notes)
}

/// The notes tag `k` or a tag under it has, each once, sorted by index.
pub fn tag_notes(tags: &[Tag], k: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut todo = vec![k];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(t) = todo.pop() {
        if !seen.insert(t) {
            continue;
        }
        out.extend(&tags[t].notes);
        todo.extend(&tags[t].children);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The archive: the meetings of each year and the undated ones (newest
/// first), and the notes that are neither meetings nor a person's, with
/// the URLs of their pages (`archive/2025/`, `archive/undated/`,
/// `archive/notes/`).
fn archive(notes: &[Note], reg: &mut UrlRegistry) -> Archive {
    use chrono::Datelike;
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by(|&a, &b| super::common::newest_first(&notes[a], &notes[b]).then(a.cmp(&b)));
    let mut years: Vec<(i32, Vec<usize>)> = Vec::new();
    let mut undated = Vec::new();
    let mut other = Vec::new();
    for i in order {
        let n = &notes[i];
        if !n.is_meeting {
            if n.person.is_none() {
                other.push(i);
            }
            continue;
        }
        let Some(d) = n.date else {
            undated.push(i);
            continue;
        };
        match years.last_mut() {
            Some((y, v)) if *y == d.year() => v.push(i),
            _ => years.push((d.year(), vec![i])),
        }
    }
    years.sort_by_key(|y| std::cmp::Reverse(y.0));
    Archive {
        years: years
            .into_iter()
            .map(|(y, v)| {
                let url = reg.page(&format!("archive/{y}"));
                (y, paged(reg, &url, v))
            })
            .collect(),
        undated: paged_if_any(reg, "archive/undated", undated),
        other: paged_if_any(reg, "archive/notes", other),
    }
}
