//! A base drawn as tables of the notes its filters select.
//!
//! Takes a parsed [`Base`], the published site (through the renderer: a
//! note the publish stage removed is never a row) and the page it is drawn
//! on; gives HTML: the notices of what the base holds that is not supported,
//! then per view (or only the one an embed names) a heading and a table:
//! one row per note passing the base's and the view's filters, sorted by
//! the view's `sort` keys and then by path (deterministic), cut at its
//! `limit`; one column per property of its `order`. `file.name` is the
//! note's name linked to its page; a property's wikilinks are links, as
//! on the note's own page.

use crate::model::Note;
use crate::parse::bases::{Base, Row, View, compare_values, property_id};
use crate::parse::markdown::{LinkEnv, escape_html as esc};
use crate::parse::obsidian::wikilinks_at;
use crate::render::board_env::notices;
use crate::render::{PageEnv, Renderer};
use serde_json::Value;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write;

/// What a filter sees of note `n`.
fn row<'a>(n: &'a Note, links: &'a [String]) -> Row<'a> {
    Row {
        path: &n.path,
        tags: &n.tags,
        frontmatter: &n.frontmatter,
        links,
    }
}

/// The notes of view `v`, in order.
fn rows(r: &Renderer, base: &Base, v: &View) -> Vec<usize> {
    let notes = &r.site().notes;
    let links: Vec<Vec<String>> = notes
        .iter()
        .map(|n| {
            n.links
                .iter()
                .filter_map(|l| l.resolved_path.clone())
                .collect()
        })
        .collect();
    let mut picked: Vec<usize> = (0..notes.len())
        .filter(|&i| {
            let row = row(&notes[i], &links[i]);
            base.filters.as_ref().is_none_or(|f| f.matches(&row))
                && v.filters.as_ref().is_none_or(|f| f.matches(&row))
        })
        .collect();
    let keys: Vec<Vec<Value>> = (0..notes.len())
        .map(|i| {
            let row = row(&notes[i], &links[i]);
            v.sort.iter().map(|(p, _)| row.value(p)).collect()
        })
        .collect();
    picked.sort_by(|&a, &b| {
        for (k, (_, desc)) in v.sort.iter().enumerate() {
            let o = compare_values(&keys[a][k], &keys[b][k]);
            let o = if *desc { o.reverse() } else { o };
            if o.is_ne() {
                return o;
            }
        }
        notes[a].path.cmp(&notes[b].path)
    });
    if let Some(n) = v.limit {
        picked.truncate(n);
    }
    picked
}

/// The HTML of one cell: property `id` of note `i`.
fn cell(r: &Renderer, i: usize, id: &str, from: &str) -> String {
    let n = &r.site().notes[i];
    if id == "file.name" || id == "file.basename" {
        return format!(
            "<a class=\"wikilink\" href=\"{}\">{}</a>",
            esc(&r.href(from, &n.url)),
            esc(&n.stem)
        );
    }
    if id.starts_with("formula.") {
        return String::new();
    }
    let links: Vec<String> = Vec::new();
    let v = row(n, &links).value(&property_id(id));
    let raw = Cell::new(false);
    let env = PageEnv {
        r,
        note: i,
        from,
        chain: vec![(i, None)],
        turns: HashMap::new(),
        raw: &raw,
        embeds: &Cell::new(0),
    };
    value_html(&env, &v)
}

/// A property value: lists joined by commas, wikilinks as links.
fn value_html(env: &PageEnv, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => {
            let mut out = String::new();
            let mut at = 0;
            for (start, end, l) in wikilinks_at(s) {
                out.push_str(&esc(&s[at..start]));
                out.push_str(&env.wikilink(&l.target, l.alias.as_deref(), false).html);
                at = end;
            }
            out.push_str(&esc(&s[at..]));
            out
        }
        Value::Array(a) => a
            .iter()
            .map(|x| value_html(env, x))
            .collect::<Vec<_>>()
            .join(", "),
        other => esc(&other.to_string()),
    }
}

/// The HTML of base `base` on the page at `from`; only view `only` when given.
pub(crate) fn html(r: &Renderer, base: &Base, from: &str, only: Option<usize>) -> String {
    let mut s = notices(
        &base
            .issues
            .iter()
            .map(|i| format!("Not supported: {}.", i.message))
            .collect::<Vec<_>>(),
    );
    for (k, v) in base.views.iter().enumerate() {
        if only.is_some_and(|o| o != k) {
            continue;
        }
        let picked = rows(r, base, v);
        s.push_str("<section class=\"base-view\">");
        if !v.name.is_empty() {
            let _ = write!(s, "<h3 class=\"base-view-name\">{}</h3>", esc(&v.name));
        }
        let columns: Vec<String> = if v.order.is_empty() {
            vec!["file.name".to_string()]
        } else {
            v.order.clone()
        };
        s.push_str("<div class=\"table-wrap\"><table class=\"base-table\"><thead><tr>");
        for c in &columns {
            let _ = write!(
                s,
                "<th data-property=\"{}\">{}</th>",
                esc(c),
                esc(&base.display_name(c))
            );
        }
        s.push_str("</tr></thead><tbody>");
        for &i in &picked {
            s.push_str("<tr>");
            for c in &columns {
                let _ = write!(s, "<td>{}</td>", cell(r, i, c, from));
            }
            s.push_str("</tr>");
        }
        let count = picked.len();
        let _ = writeln!(
            s,
            "</tbody></table></div><p class=\"base-count\">{count} note{}</p></section>",
            if count == 1 { "" } else { "s" }
        );
    }
    s
}
