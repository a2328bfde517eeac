//! Resolve: loaded notes to a linked [`Site`].
//!
//! Takes the [`Vault`] from the load stage and the config; gives a [`Site`]:
//! titles and dates, every wikilink resolved the way Obsidian resolves it
//! (file name anywhere, case-insensitive, shortest path first; path-qualified
//! names; aliases; headings and block ids), backlinks with context, people
//! unified through aliases, series with previous / next, tags, action items,
//! transcripts, page URLs — and the diagnostics of all of it. For notes
//! outside minutebook's frontmatter schema it uses what [`crate::infer`]
//! reads (dates from paths, titles and body lines; attendee lists and
//! tables; speaker-attributed minutes; captions beside a note) and decides
//! which notes are meetings (a date among dated notes) and their series (one
//! a folder, split by file-name prefix), under the `[[folders]]` rules. The heavy,
//! per-note work (Markdown analysis, transcripts, link lookup) runs in
//! parallel; the assembly is sequential and deterministic.

use crate::config::Config;
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::infer::{self, dates::DateFrom};
use crate::load::{SourceNote, Vault};
use crate::markdown::{self, Analysis, heading_key};
use crate::model::*;
use crate::obsidian::{self, LinkTarget};
use crate::tasks;
use crate::transcript;
use crate::urls::{self, UrlRegistry};
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// URLs of the generated index pages; reserved before any note gets one.
pub const RESERVED: &[&str] = &[
    "people/", "series/", "tags/", "actions/", "search/", "static/", "files/",
];

/// Frontmatter keys that hold a note's date, in the order they are read.
const DATE_KEYS: &[&str] = &["date", "created", "meeting_date", "datetime"];

/// Types whose notes are not meetings.
const NOT_MEETING: &[&str] = &["person", "project", "moc", "index", "template", "reference"];

/// Per-note work done in parallel before assembly.
struct Pre {
    analysis: Analysis,
    body: String,
    block: Option<transcript::Block>,
    /// Body lines (first, last) of a transcript section in no known form.
    unparsed: Option<(usize, usize)>,
    date_from: Option<DateFrom>,
    series_from: Option<&'static str>,
    says: crate::config::FolderSays,
    title: String,
    when: Option<dates::When>,
    kind: Option<String>,
    privacy: Option<String>,
    series: Option<String>,
    tags: Vec<String>,
    tasks: Vec<Task>,
    frontmatter: Map<String, Value>,
    diagnostics: Vec<Diagnostic>,
}

fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    (t.contains("{{") && t.contains("}}")) || (t.starts_with("{ {") && t.ends_with("} }"))
}

fn fm_str(fm: &Map<String, Value>, key: &str) -> Option<String> {
    match fm.get(key)? {
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Strings of a frontmatter value: a string, or a list of strings.
pub fn fm_strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().flat_map(fm_strings).collect(),
        Value::Number(n) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn key_line(n: &SourceNote, key: &str) -> usize {
    n.key_lines
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, l)| *l)
        .unwrap_or(1)
}

fn prepare(n: &SourceNote, cfg: &Config, rules: &crate::config::FolderRules) -> Pre {
    let mut diagnostics = Vec::new();
    // frontmatter: template placeholders count as missing
    let mut frontmatter = Map::new();
    for (k, v) in &n.frontmatter {
        let holes: Vec<String> = fm_strings(v)
            .into_iter()
            .filter(|s| is_placeholder(s))
            .collect();
        if !holes.is_empty() {
            diagnostics.push(Diagnostic::warning(
                "template-placeholder",
                &n.path,
                key_line(n, k),
                format!(
                    "`{k}` holds an unfilled template placeholder ({}); it counts as missing",
                    holes[0].trim()
                ),
            ));
            continue;
        }
        frontmatter.insert(k.clone(), v.clone());
    }
    // cut the parsed transcript out of the Markdown, keeping line numbers;
    // a transcript section in no known form stays in the Markdown
    let (block, unparsed) = match transcript::find_block(&n.body) {
        Some(b) if b.is_parsed() => (Some(b), None),
        Some(b) => {
            let first = b.line(&n.body);
            let last = first
                + n.body
                    .get(b.start..b.end)
                    .map_or(0, |s| s.trim_end().matches('\n').count());
            (None, Some((first, last)))
        }
        None => (None, None),
    };
    let body = match &block {
        Some(b) => b.cut_from(&n.body),
        None => n.body.clone(),
    };
    let analysis = markdown::analyze_with(&body, cfg.obsidian_vault);
    let title = fm_str(&frontmatter, "title")
        .or_else(|| analysis.title.clone().filter(|t| !is_placeholder(t)))
        .unwrap_or_else(|| n.stem.clone());
    if analysis.title.as_deref().is_some_and(is_placeholder) {
        let line = analysis
            .headings
            .first()
            .map(|h| h.line + n.body_line - 1)
            .unwrap_or(n.body_line);
        diagnostics.push(Diagnostic::warning(
            "template-placeholder",
            &n.path,
            line,
            "the title is an unfilled template placeholder; the file name is used",
        ));
    }
    let says = rules.says(&n.path);
    let kind = fm_str(&frontmatter, "type")
        .or_else(|| says.kind.clone())
        .map(|s| s.to_lowercase());
    let privacy = fm_str(&frontmatter, "privacy").map(|s| s.to_lowercase());
    let (series, series_from) = match fm_str(&frontmatter, "series") {
        Some(s) => (Some(s), Some("frontmatter")),
        None => match &says.series {
            Some(s) => (Some(s.clone()), Some("folders")),
            None => (None, None),
        },
    };
    // date: frontmatter, then file name, path, transcript path, title, body
    let mut found: Vec<infer::dates::Found> = Vec::new();
    for key in DATE_KEYS {
        if let Some(s) = fm_str(&frontmatter, key) {
            match dates::parse_date(&s, cfg.date_order) {
                Some(w) => {
                    found.push(infer::dates::Found {
                        when: w,
                        from: DateFrom::Frontmatter,
                        line: key_line(n, key),
                        text: format!("{key}: {s}"),
                    });
                    break;
                }
                None => diagnostics.push(Diagnostic::warning(
                    "invalid-date",
                    &n.path,
                    key_line(n, key),
                    format!("`{key}: {s}` is not a date this tool reads (use YYYY-MM-DD)"),
                )),
            }
        }
    }
    let year = infer::dates::folder_context(&n.path).map(|(y, _)| y);
    found.extend(infer::dates::from_path(&n.path, cfg.date_order));
    if let Some(p) = fm_str(&frontmatter, "transcript_path") {
        if let Some(date) = dates::find_date(&p) {
            found.push(infer::dates::Found {
                when: dates::When { date, time: None },
                from: DateFrom::Path,
                line: key_line(n, "transcript_path"),
                text: format!("transcript_path: {p}"),
            });
        }
    }
    if let Some(t) = analysis.title.as_deref() {
        let line = analysis
            .headings
            .iter()
            .find(|h| h.level == 1)
            .map_or(1, |h| h.line + n.body_line - 1);
        found.extend(infer::dates::from_title(t, line, year, cfg.date_order));
    } else if let Some(t) = fm_str(&frontmatter, "title") {
        found.extend(infer::dates::from_title(
            &t,
            key_line(n, "title"),
            year,
            cfg.date_order,
        ));
    }
    if let Some(mut f) = infer::dates::from_body(&body, year, cfg.date_order) {
        f.line += n.body_line - 1;
        found.push(f);
    }
    let mut when = found.first().map(|f| f.when);
    let date_from = found.first().map(|f| f.from);
    // a time written beside the same date elsewhere (`When: …, 16:00 CET`)
    if let Some(w) = &mut when {
        if w.time.is_none() {
            w.time = found
                .iter()
                .find(|f| f.when.date == w.date && f.when.time.is_some())
                .and_then(|f| f.when.time);
        }
    }
    if let Some(first) = found.first() {
        if let Some(other) = found.iter().find(|f| f.when.date != first.when.date) {
            let line = if first.line > 0 {
                first.line
            } else {
                other.line.max(1)
            };
            diagnostics.push(Diagnostic::warning(
                "date-conflict",
                &n.path,
                line,
                format!(
                    "the {} date {} ({}) contradicts the {} date {} ({}); the {} date is used",
                    first.from.as_str(),
                    first.when.date,
                    first.text.trim(),
                    other.from.as_str(),
                    other.when.date,
                    other.text.trim(),
                    first.from.as_str()
                ),
            ));
        }
    }
    if let Some(w) = &mut when {
        if w.time.is_none() {
            w.time = fm_str(&frontmatter, "start_time").and_then(|s| dates::parse_time(&s));
        }
    }
    // tags: frontmatter and inline
    let mut tags = BTreeSet::new();
    for key in ["tags", "tag"] {
        if let Some(v) = frontmatter.get(key) {
            for s in fm_strings(v) {
                for t in s.split([',', ' ']) {
                    if let Some(t) = obsidian::normalize_tag(t) {
                        tags.insert(t);
                    }
                }
            }
        }
    }
    for (t, _) in &analysis.tags {
        tags.insert(t.clone());
    }
    for (t, line) in &analysis.callouts {
        if !markdown::callout_family(t).1 {
            diagnostics.push(Diagnostic::info(
                "unknown-callout",
                &n.path,
                line + n.body_line - 1,
                format!("callout type [!{t}] is not one of Obsidian's; it is shown as a note"),
            ));
        }
    }
    let task_list: Vec<Task> = analysis
        .tasks
        .iter()
        .map(|t| Task {
            marker: t.marker,
            fields: tasks::parse_task(&t.raw),
            assignee: None,
            line: t.line + n.body_line - 1,
        })
        .collect();
    for t in &task_list {
        if !t.fields.unknown_emoji.is_empty() {
            diagnostics.push(Diagnostic::info(
                "unknown-task-emoji",
                &n.path,
                t.line,
                format!(
                    "{} in an action item is not an Obsidian Tasks field; it stays in the text",
                    t.fields.unknown_emoji.join(" ")
                ),
            ));
        }
    }
    // raw HTML that the sanitiser will change
    for (h, line) in &analysis.html {
        let l = h.to_ascii_lowercase();
        if l.contains("<script")
            || l.contains("javascript:")
            || has_event_handler(&l)
            || l.contains("<iframe")
        {
            let what = if cfg.unsafe_html {
                "it is passed through because unsafe_html = true"
            } else {
                "scripts, event handlers and javascript: URLs are removed"
            };
            diagnostics.push(Diagnostic::warning(
                "unsafe-html",
                &n.path,
                line + n.body_line - 1,
                format!("raw HTML with scripts or event handlers; {what}"),
            ));
        }
    }
    Pre {
        analysis,
        body,
        block,
        unparsed,
        date_from,
        series_from,
        says,
        title,
        when,
        kind,
        privacy,
        series,
        tags: tags.into_iter().collect(),
        tasks: task_list,
        frontmatter,
        diagnostics,
    }
}

fn has_event_handler(lower: &str) -> bool {
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(p) = lower[i..].find("on") {
        let s = i + p;
        let before_ok =
            s > 0 && (b[s - 1].is_ascii_whitespace() || b[s - 1] == b'/' || b[s - 1] == b'"');
        let mut j = s + 2;
        while j < b.len() && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if before_ok && j > s + 2 && b.get(j) == Some(&b'=') {
            return true;
        }
        i = s + 2;
    }
    false
}

/// A wikilink as found, before resolution.
struct Occurrence {
    target: String,
    alias: Option<String>,
    embed: bool,
    line: usize,
    col: usize,
    field: Option<String>,
    context: String,
}

/// Lookup tables for link resolution.
struct Index {
    by_stem: HashMap<String, Vec<usize>>,
    by_path: HashMap<String, usize>,
    by_alias: HashMap<String, Vec<usize>>,
    att_by_name: HashMap<String, Vec<usize>>,
    /// Attachments by lower-case path: several when paths differ only in case.
    att_by_path: HashMap<String, Vec<usize>>,
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

fn strip_md(s: &str) -> &str {
    match s
        .len()
        .checked_sub(3)
        .and_then(|k| s.get(k..).map(|ext| (k, ext)))
    {
        Some((k, ext)) if k > 0 && ext.eq_ignore_ascii_case(".md") => &s[..k],
        _ => s,
    }
}

impl Index {
    fn new(notes: &[SourceNote], aliases: &[Vec<String>], attachments: &[String]) -> Index {
        let mut ix = Index {
            by_stem: HashMap::new(),
            by_path: HashMap::new(),
            by_alias: HashMap::new(),
            att_by_name: HashMap::new(),
            att_by_path: HashMap::new(),
        };
        for (i, n) in notes.iter().enumerate() {
            ix.by_stem.entry(lower(&n.stem)).or_default().push(i);
            ix.by_path.insert(lower(strip_md(&n.path)), i);
            for a in &aliases[i] {
                ix.by_alias.entry(lower(a)).or_default().push(i);
            }
        }
        for (i, a) in attachments.iter().enumerate() {
            let name = a.rsplit('/').next().unwrap_or(a);
            ix.att_by_name.entry(lower(name)).or_default().push(i);
            ix.att_by_path.entry(lower(a)).or_default().push(i);
        }
        ix
    }

    /// The attachment at vault path `path`: the one spelled exactly so, else
    /// the first (in path order) of those that differ from it only in case,
    /// with the others when there are several.
    fn attachment_at(&self, atts: &[String], path: &str) -> Option<(usize, Vec<String>)> {
        let c = self.att_by_path.get(&lower(path))?;
        if let Some(&i) = c.iter().find(|&&i| atts[i] == path) {
            return Some((i, Vec::new()));
        }
        let amb = if c.len() > 1 {
            c.iter().map(|&i| atts[i].clone()).collect()
        } else {
            Vec::new()
        };
        Some((c[0], amb))
    }
}

/// Obsidian's choice among notes sharing a name: same folder as the linking
/// note first, then fewest folders, then shortest path, then alphabetical.
fn pick(cands: &[usize], paths: &dyn Fn(usize) -> String, from_dir: &str) -> usize {
    let mut v: Vec<usize> = cands.to_vec();
    v.sort_by_key(|&i| {
        let p = paths(i);
        let dir = p
            .rsplit_once('/')
            .map(|(d, _)| d.to_string())
            .unwrap_or_default();
        (dir != from_dir, p.matches('/').count(), p.len(), p)
    });
    v[0]
}

enum Found {
    Note(usize),
    Attachment(usize),
    Missing,
    Outside,
}

fn find(
    ix: &Index,
    notes: &[SourceNote],
    atts: &[String],
    from: usize,
    path: &str,
) -> (Found, Vec<String>) {
    let path = path.trim().trim_start_matches("./").trim_start_matches('/');
    if path.split('/').any(|s| s == "..") {
        return (Found::Outside, Vec::new());
    }
    let from_dir = notes[from]
        .path
        .rsplit_once('/')
        .map(|(d, _)| d.to_string())
        .unwrap_or_default();
    let l = lower(path);
    let note_path = |i: usize| notes[i].path.clone();
    let att_path = |i: usize| atts[i].clone();
    // attachments: a name with an extension other than .md
    let name = l.rsplit('/').next().unwrap_or(&l);
    if name.contains('.') && !name.ends_with(".md") {
        if let Some((i, amb)) = ix.attachment_at(atts, path) {
            return (Found::Attachment(i), amb);
        }
        if let Some(c) = ix.att_by_name.get(name) {
            let suffix = format!("/{l}");
            let matching: Vec<usize> = if l.contains('/') {
                // whole folders only: `img/x.png` is not `myimg/x.png`
                c.iter()
                    .copied()
                    .filter(|&i| lower(&atts[i]).ends_with(&suffix))
                    .collect()
            } else {
                c.clone()
            };
            // a name spelled exactly as the link spells it wins over one
            // that differs only in case
            let spelled = |i: &usize| {
                let a = &atts[*i];
                if path.contains('/') {
                    a.ends_with(&format!("/{path}"))
                } else {
                    a.rsplit('/').next() == Some(path)
                }
            };
            let exact: Vec<usize> = matching.iter().copied().filter(spelled).collect();
            let matching = if exact.is_empty() { matching } else { exact };
            if !matching.is_empty() {
                let amb = if matching.len() > 1 {
                    matching.iter().map(|&i| atts[i].clone()).collect()
                } else {
                    Vec::new()
                };
                return (
                    Found::Attachment(pick(&matching, &att_path, &from_dir)),
                    amb,
                );
            }
        }
    }
    let l = lower(strip_md(path));
    if l.contains('/') {
        if let Some(&i) = ix.by_path.get(&l) {
            return (Found::Note(i), Vec::new());
        }
        let stem = l.rsplit('/').next().unwrap_or(&l);
        let suffix = format!("/{l}");
        if let Some(c) = ix.by_stem.get(stem) {
            let m: Vec<usize> = c
                .iter()
                .copied()
                .filter(|&i| lower(strip_md(&notes[i].path)).ends_with(&suffix))
                .collect();
            if !m.is_empty() {
                return (Found::Note(pick(&m, &note_path, &from_dir)), Vec::new());
            }
        }
        return (Found::Missing, Vec::new());
    }
    for table in [&ix.by_stem, &ix.by_alias] {
        if let Some(c) = table.get(&l) {
            let mut c = c.clone();
            c.dedup();
            let amb = if c.len() > 1 {
                c.iter().map(|&i| notes[i].path.clone()).collect()
            } else {
                Vec::new()
            };
            return (Found::Note(pick(&c, &note_path, &from_dir)), amb);
        }
    }
    (Found::Missing, Vec::new())
}

/// Resolve the vault into a site.
pub fn resolve(vault: &Vault, cfg: &Config) -> Site {
    resolve_with(vault, cfg, &RemovedNames::default())
}

/// Names (file names, vault paths, aliases) of notes a publish profile removed,
/// so that links to them resolve to [`Target::Removed`] instead of being broken.
#[derive(Debug, Default, Clone)]
pub struct RemovedNames {
    names: std::collections::HashSet<String>,
}

impl RemovedNames {
    /// Remember a removed note's path and aliases.
    pub fn add(&mut self, path: &str, aliases: &[String]) {
        let no_ext = strip_md(path);
        self.names.insert(lower(no_ext));
        let stem = no_ext.rsplit('/').next().unwrap_or(no_ext);
        self.names.insert(lower(stem));
        for a in aliases {
            self.names.insert(lower(a.trim()));
        }
    }

    /// Whether a link path names a removed note.
    pub fn contains(&self, link_path: &str) -> bool {
        let p = lower(strip_md(
            link_path
                .trim()
                .trim_start_matches("./")
                .trim_start_matches('/'),
        ));
        self.names.contains(&p)
    }

    /// Nothing was removed.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// The aliases a note's frontmatter gives it.
pub fn note_aliases(fm: &Map<String, Value>) -> Vec<String> {
    fm.get("aliases")
        .or_else(|| fm.get("alias"))
        .map(fm_strings)
        .unwrap_or_default()
        .into_iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

/// [`resolve`], with links to the notes in `removed` resolving to [`Target::Removed`].
pub fn resolve_with(vault: &Vault, cfg: &Config, removed: &RemovedNames) -> Site {
    let src = &vault.notes;
    let att_paths = &vault.attachments;
    let load_diags = vault.diagnostics.clone();
    let rules = cfg.folder_rules();
    let mut pre: Vec<Pre> = src.par_iter().map(|n| prepare(n, cfg, &rules)).collect();
    let mut local_urls: Vec<Vec<(String, usize)>> = pre
        .iter_mut()
        .map(|p| std::mem::take(&mut p.analysis.local_urls))
        .collect();
    let aliases: Vec<Vec<String>> = pre.iter().map(|p| note_aliases(&p.frontmatter)).collect();
    let ix = Index::new(src, &aliases, att_paths);
    let mut diagnostics = load_diags;

    // ---- links (parallel) ----
    struct RawLinks {
        links: Vec<Link>,
        diags: Vec<Diagnostic>,
    }
    let people_fields: Vec<String> = cfg.people_fields.clone();
    let link_sets: Vec<RawLinks> = (0..src.len())
        .into_par_iter()
        .map(|i| {
            let n = &src[i];
            let p = &pre[i];
            let mut links = Vec::new();
            let mut diags = Vec::new();
            let mut raw: Vec<Occurrence> = Vec::new();
            for (k, v) in &p.frontmatter {
                for s in fm_strings(v) {
                    for l in obsidian::wikilinks_in(&s) {
                        let ctx = if people_fields.iter().any(|f| f == k) {
                            format!("{k}: {}", l.alias.clone().unwrap_or_else(|| l.target.clone()))
                        } else {
                            format!("{k}: {s}")
                        };
                        raw.push(Occurrence {
                            target: l.target,
                            alias: l.alias,
                            embed: l.embed,
                            line: key_line(n, k),
                            col: 0,
                            field: Some(k.clone()),
                            context: ctx,
                        });
                    }
                }
            }
            for l in &p.analysis.links {
                raw.push(Occurrence {
                    target: l.target.clone(),
                    alias: l.alias.clone(),
                    embed: l.embed,
                    line: l.line + n.body_line - 1,
                    col: l.col,
                    field: None,
                    context: l.context.clone(),
                });
            }
            for Occurrence {
                target,
                alias,
                embed,
                line,
                col,
                field,
                context,
            } in raw
            {
                let t = LinkTarget::parse(&target);
                let (found, amb) = if t.path.is_empty() {
                    (Found::Note(i), Vec::new())
                } else {
                    find(&ix, src, att_paths, i, &t.path)
                };
                if amb.len() > 1 {
                    diags.push(
                        Diagnostic::warning(
                            "ambiguous-link",
                            &n.path,
                            line,
                            format!(
                                "[[{target}]] matches {} notes ({}); it goes to the first, as in Obsidian. Qualify it with a folder to choose",
                                amb.len(),
                                amb.join(", ")
                            ),
                        )
                        .at_col(col),
                    );
                }
                let (to, resolved_path) = match found {
                    Found::Note(j) => {
                        let mut anchor = None;
                        if let Some(h) = &t.heading {
                            let key = heading_key(h);
                            match pre[j].analysis.headings.iter().find(|x| heading_key(&x.text) == key) {
                                Some(x) => anchor = Some(x.id.clone()),
                                None => diags.push(
                                    Diagnostic::warning(
                                        "broken-anchor",
                                        &n.path,
                                        line,
                                        format!("[[{target}]]: {} has no heading \"{h}\"", src[j].path),
                                    )
                                    .at_col(col),
                                ),
                            }
                        }
                        if let Some(b) = &t.block {
                            if pre[j].analysis.block_ids.iter().any(|x| x == b) {
                                anchor = Some(markdown::block_anchor(b));
                            } else {
                                diags.push(
                                    Diagnostic::warning(
                                        "broken-anchor",
                                        &n.path,
                                        line,
                                        format!("[[{target}]]: {} has no block ^{b}", src[j].path),
                                    )
                                    .at_col(col),
                                );
                            }
                        }
                        (Target::Note { note: j, anchor }, Some(src[j].path.clone()))
                    }
                    Found::Attachment(a) => (Target::Attachment(a), Some(att_paths[a].clone())),
                    Found::Outside => {
                        diags.push(
                            Diagnostic::warning(
                                "outside-vault",
                                &n.path,
                                line,
                                format!("[[{target}]] points outside the vault; it is not followed"),
                            )
                            .at_col(col),
                        );
                        (Target::Outside, None)
                    }
                    Found::Missing if removed.contains(&t.path) => (Target::Removed, None),
                    Found::Missing => (Target::Missing, None),
                };
                links.push(Link {
                    target,
                    alias,
                    embed,
                    line,
                    col,
                    field,
                    context,
                    to,
                    resolved_path,
                });
            }
            RawLinks { links, diags }
        })
        .collect();

    // ---- notes ----
    let mut notes: Vec<Note> = Vec::with_capacity(src.len());
    let mut blocks: Vec<Option<transcript::Block>> = Vec::with_capacity(src.len());
    let mut unparsed: Vec<Option<(usize, usize)>> = Vec::with_capacity(src.len());
    let mut series_of: Vec<Option<String>> = Vec::with_capacity(src.len());
    let mut says: Vec<crate::config::FolderSays> = Vec::with_capacity(src.len());
    let mut candidates: Vec<Vec<infer::minutes::Candidate>> = Vec::with_capacity(src.len());
    let mut body_people: Vec<infer::people::Found> = Vec::with_capacity(src.len());
    for ((n, mut p), found) in src.iter().zip(pre).zip(link_sets) {
        diagnostics.extend(p.diagnostics);
        diagnostics.extend(found.diags);
        series_of.push(p.series);
        says.push(p.says);
        candidates.push(std::mem::take(&mut p.analysis.speaker_candidates));
        body_people.push(std::mem::take(&mut p.analysis.people));
        blocks.push(p.block);
        unparsed.push(p.unparsed);
        notes.push(Note {
            path: n.path.clone(),
            stem: n.stem.clone(),
            title: p.title,
            date: p.when.map(|w| w.date),
            time: p.when.and_then(|w| w.time),
            date_from: p.date_from,
            series_from: p.series_from,
            kind: p.kind,
            privacy: p.privacy,
            series: None,
            frontmatter: p.frontmatter,
            body: p.body,
            body_line: n.body_line,
            headings: p.analysis.headings,
            block_ids: p.analysis.block_ids,
            text: p.analysis.text,
            links: found.links,
            tags: p.tags,
            tasks: p.tasks,
            ..Default::default()
        });
    }

    // ---- people ----
    let mut people = People::default();
    for (i, n) in notes.iter().enumerate() {
        if n.kind.as_deref() == Some("person") {
            people.add_note_person(i, &n.stem, &aliases[i]);
        }
    }
    // people fields, in path order
    let mut roles: Vec<BTreeMap<usize, BTreeSet<Role>>> = vec![BTreeMap::new(); notes.len()];
    for i in 0..notes.len() {
        let fields: Vec<&String> = cfg
            .people_fields
            .iter()
            .chain(says[i].people_fields.iter())
            .collect();
        for &field in &fields {
            let Some(v) = notes[i].frontmatter.get(field).cloned() else {
                continue;
            };
            let v = &v;
            if !notes[i].people_from.contains(&"frontmatter") {
                notes[i].people_from.push("frontmatter");
            }
            let role = if field == "counterpart" {
                Role::Counterpart
            } else {
                Role::Attendee
            };
            for s in fm_strings(v) {
                let wl = obsidian::wikilinks_in(&s);
                let mut handles: Vec<(String, String)> = Vec::new();
                let names: Vec<(String, Option<usize>)> = if wl.is_empty() {
                    let split = infer::people::split_names(&s);
                    if split.is_empty() {
                        s.split([',', ';'])
                            .map(|x| (x.trim().to_string(), None))
                            .filter(|(x, _)| !x.is_empty())
                            .collect()
                    } else {
                        for a in &split {
                            if let Some(h) = &a.handle {
                                handles.push((a.name.clone(), h.clone()));
                            }
                        }
                        split.into_iter().map(|a| (a.name, None)).collect()
                    }
                } else {
                    wl.iter()
                        .map(|l| {
                            let t = LinkTarget::parse(&l.target);
                            let note = notes[i]
                                .links
                                .iter()
                                .find(|x| {
                                    x.field.as_deref() == Some(field.as_str())
                                        && x.target == l.target
                                })
                                .and_then(|x| match x.to {
                                    Target::Note { note, .. } => Some(note),
                                    _ => None,
                                });
                            let name = t.path.rsplit('/').next().unwrap_or(&t.path).to_string();
                            (name, note)
                        })
                        .collect()
                };
                for (name, note) in names {
                    let pid = match note {
                        Some(j)
                            if notes[j].kind.as_deref() == Some("person")
                                || notes[j].kind.is_none() =>
                        {
                            match people.by_note.get(&j) {
                                Some(&p) => p,
                                None => people.add_note_person(j, &notes[j].stem, &aliases[j]),
                            }
                        }
                        _ => people.named(&name),
                    };
                    for (n, h) in &handles {
                        if *n == name {
                            people.add_handle(pid, h);
                        }
                    }
                    roles[i].entry(pid).or_default().insert(role);
                }
            }
        }
        // attendee lists, tables and role lines in the body
        let found = &body_people[i];
        if !found.attendees.is_empty() || !found.roles.is_empty() {
            notes[i].people_from.push("body");
        }
        for a in &found.attendees {
            let pid = people.find_or_name(&a.name, a.handle.as_deref());
            roles[i].entry(pid).or_default().insert(Role::Attendee);
        }
        for r in &found.roles {
            let pid = people.find_or_name(&r.name, r.handle.as_deref());
            let role = match r.role.as_str() {
                "notes" | "scribe" | "note-taker" | "minutes" => Role::Scribe,
                _ => Role::Chair,
            };
            roles[i].entry(pid).or_default().insert(role);
        }
    }
    // a person note promoted above gets its kind
    for (&j, _) in people.by_note.clone().iter() {
        if notes[j].kind.is_none() {
            notes[j].kind = Some("person".into());
        }
    }
    // assignees
    let teams: BTreeSet<String> = cfg.teams.iter().map(|t| lower(t)).collect();
    for i in 0..notes.len() {
        let local: Vec<usize> = roles[i].keys().copied().collect();
        for t in 0..notes[i].tasks.len() {
            let Some(raw) = notes[i].tasks[t].fields.assignee.clone() else {
                continue;
            };
            // `@[[Dana Reyes]]`: the link's target is the name
            let raw = match obsidian::wikilinks_in(&raw).first() {
                Some(l) if raw.trim_start().starts_with("[[") => LinkTarget::parse(&l.target).path,
                _ => raw,
            };
            let (name, _) = tasks::split_assignee(&raw, |s| people.lookup(s, &local).is_some());
            let name = name.trim().to_string();
            if name.is_empty() {
                continue;
            }
            let a = match people.lookup(&name, &local) {
                Some(p) => Assignee::Person(p),
                None if teams.contains(&lower(&name)) || is_team_like(&name) => {
                    Assignee::Label(name)
                }
                None => {
                    diagnostics.push(Diagnostic::info(
                        "unknown-assignee",
                        &notes[i].path,
                        notes[i].tasks[t].line,
                        format!("@{name} matches no person of the vault; a person page is made for them (list teams in `teams` in site.toml)"),
                    ));
                    Assignee::Person(people.named(&name))
                }
            };
            if let Assignee::Person(p) = a {
                roles[i].entry(p).or_default().insert(Role::Assignee);
            }
            notes[i].tasks[t].assignee = Some(a);
        }
    }
    // mentions: body links to person notes, or unresolved links naming a person
    for i in 0..notes.len() {
        let local: Vec<usize> = roles[i].keys().copied().collect();
        for l in notes[i].links.iter_mut() {
            if l.field.is_some() {
                continue;
            }
            match l.to {
                Target::Note { note, .. } => {
                    if let Some(&p) = people.by_note.get(&note) {
                        if note != i {
                            roles[i].entry(p).or_default().insert(Role::Mentioned);
                        }
                    }
                }
                Target::Missing | Target::Removed => {
                    let t = LinkTarget::parse(&l.target);
                    if let Some(p) = people.lookup(&t.path, &local) {
                        l.to = Target::Person(p);
                        roles[i].entry(p).or_default().insert(Role::Mentioned);
                    }
                }
                _ => {}
            }
        }
    }
    // frontmatter links naming noteless people go to their page too
    for i in 0..notes.len() {
        let local: Vec<usize> = roles[i].keys().copied().collect();
        for l in notes[i].links.iter_mut() {
            if l.field.is_some() && matches!(l.to, Target::Missing | Target::Removed) {
                let t = LinkTarget::parse(&l.target);
                if let Some(p) = people.lookup(&t.path, &local) {
                    l.to = Target::Person(p);
                }
            }
        }
    }

    // ---- transcripts (parallel) ----
    let mut all_names: Vec<(String, usize)> = Vec::new();
    for (pid, p) in people.list.iter().enumerate() {
        all_names.push((p.name.clone(), pid));
        for a in &p.aliases {
            all_names.push((a.clone(), pid));
        }
    }
    let person_names: Vec<String> = people.list.iter().map(|p| p.name.clone()).collect();
    let mut transcripts: Vec<Option<transcript::Transcript>> = blocks
        .par_iter()
        .enumerate()
        .map(|(i, b)| {
            let b = b.as_ref()?;
            let mut names: Vec<(String, String)> = Vec::new();
            // the meeting's own people first, so that their aliases win
            for pid in roles[i].keys() {
                let p = &people.list[*pid];
                names.push((p.name.clone(), p.name.clone()));
                for a in &p.aliases {
                    names.push((a.clone(), p.name.clone()));
                }
            }
            for (n, pid) in &all_names {
                if !names.iter().any(|(w, _)| w == n) {
                    names.push((n.clone(), person_names[*pid].clone()));
                }
            }
            let mut devices: Vec<(String, String)> = cfg
                .speakers
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if let Some(Value::Object(m)) = notes[i].frontmatter.get("speakers") {
                for (k, v) in m {
                    if let Value::String(v) = v {
                        let v = obsidian::wikilinks_in(v)
                            .first()
                            .map(|l| LinkTarget::parse(&l.target).path)
                            .unwrap_or_else(|| v.trim().to_string());
                        devices.insert(0, (k.clone(), v));
                    }
                }
            }
            let sp = transcript::Speakers::new(&names, &devices);
            Some(transcript::parse(b, &sp))
        })
        .collect();
    // captions beside the note, in notes without a transcript of their own
    for i in 0..notes.len() {
        if transcripts[i].is_some() {
            continue;
        }
        let Some((cap_path, text)) = &src[i].captions else {
            continue;
        };
        let cues = if infer::webvtt::is_webvtt(text) {
            infer::webvtt::parse(text)
        } else {
            infer::webvtt::parse_srt(text)
        };
        if cues.is_empty() {
            diagnostics.push(Diagnostic::warning(
                "transcript-unparsed",
                cap_path.as_str(),
                1,
                "these captions hold no cue minutebook can read; they are not shown",
            ));
            continue;
        }
        transcripts[i] = Some(captions_transcript(&cues, &mut people));
        notes[i].people_from.push("transcript");
    }
    // speaker-attributed minutes, in notes without a timed transcript; a
    // first name alone is the vault's one person of that first name
    let mut firsts: HashMap<String, Vec<usize>> = HashMap::new();
    for (pid, p) in people.list.iter().enumerate() {
        if let Some(first) = first_name(&p.name) {
            firsts.entry(lower(first)).or_default().push(pid);
        }
    }
    for i in 0..notes.len() {
        if transcripts[i].is_some() || candidates[i].is_empty() {
            continue;
        }
        let t = minutes_transcript(
            &candidates[i],
            &body_people[i],
            &roles[i],
            &firsts,
            &mut people,
        );
        if t.is_some() {
            notes[i].people_from.push("transcript");
        }
        transcripts[i] = t;
    }
    for (i, t) in transcripts.into_iter().enumerate() {
        if let Some(t) = &t {
            for line in &t.out_of_order {
                diagnostics.push(Diagnostic::info(
                    "transcript-order",
                    &notes[i].path,
                    line + notes[i].body_line - 1,
                    "this turn's timestamp is earlier than the one before it",
                ));
            }
            let local: Vec<usize> = roles[i].keys().copied().collect();
            for turn in &t.turns {
                if turn.is_person {
                    if let Some(p) = people.lookup(&turn.speaker, &local) {
                        roles[i].entry(p).or_default().insert(Role::Speaker);
                    }
                }
            }
        }
        notes[i].transcript = t;
    }
    // a transcript section in no known form: shown as written, and said
    for (i, u) in unparsed.iter().enumerate() {
        let Some((first, last)) = *u else { continue };
        let covered = notes[i].transcript.as_ref().is_some_and(|t| {
            t.turns
                .iter()
                .any(|x| x.parsed && (first..=last).contains(&x.line))
        });
        if !covered {
            diagnostics.push(Diagnostic::warning(
                "transcript-unparsed",
                &notes[i].path,
                first + notes[i].body_line - 1,
                "this transcript section is in no form minutebook reads (`[HH:MM:SS] SOURCE : TEXT` in a text fence, or speaker-attributed lines); it is shown as written",
            ));
        }
    }

    // ---- meetings, series ----
    // a dated note among dated notes (a folder of minutes) is a meeting
    let mut folders: HashMap<&str, (usize, usize)> = HashMap::new();
    for n in &notes {
        let dir = n.path.rsplit_once('/').map_or("", |(d, _)| d);
        let e = folders.entry(dir).or_default();
        e.0 += 1;
        e.1 += usize::from(n.date.is_some());
    }
    let among_dated: Vec<bool> = notes
        .iter()
        .map(|n| {
            let dir = n.path.rsplit_once('/').map_or("", |(d, _)| d);
            folders
                .get(dir)
                .is_some_and(|&(all, dated)| dated >= 2 && dated * 2 >= all)
        })
        .collect();
    for (i, n) in notes.iter_mut().enumerate() {
        n.person = people.by_note.get(&i).copied();
        let typed_other = n.kind.as_deref().is_some_and(|k| NOT_MEETING.contains(&k));
        let has_people = n.people_from.contains(&"frontmatter")
            && roles[i].values().any(|r| {
                r.iter()
                    .any(|x| matches!(x, Role::Counterpart | Role::Attendee))
            });
        let has_series = n.series_from.is_some();
        // minutes: a date and attendees or turns of speech in the text
        let minutes = n
            .people_from
            .iter()
            .any(|f| *f == "body" || *f == "transcript");
        let inferred = n.date.is_some() && (n.kind.is_some() || among_dated[i] || minutes);
        n.is_meeting = n.person.is_none()
            && match says[i].meeting {
                Some(m) => m,
                None => !typed_other && (has_series || has_people || inferred),
            };
        if n.is_meeting && n.date.is_none() {
            diagnostics.push(Diagnostic::warning(
                "missing-date",
                &n.path,
                0,
                "no date in the frontmatter (`created` or `date`), the file name, its folders, `transcript_path`, the title or a `Date:` line; it is listed as undated",
            ));
        }
    }
    // meetings without a series: one series a folder, split by file-name prefix
    for (i, key) in folder_series(&notes) {
        series_of[i] = Some(key);
        notes[i].series_from = Some("folder");
    }
    let series_list: Vec<String> = series_of
        .iter()
        .flatten()
        .cloned()
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    let mut series: Vec<Series> = series_list
        .iter()
        .map(|s| Series {
            name: s.clone(),
            title: series_title(s),
            ..Default::default()
        })
        .collect();
    distinct_titles(&mut series);
    for (i, n) in notes.iter_mut().enumerate() {
        if let Some(s) = &series_of[i] {
            if let Ok(k) = series_list.binary_search(s) {
                n.series = Some(k);
                series[k].meetings.push(i);
            }
        }
    }
    for s in &mut series {
        s.meetings
            .sort_by(|&a, &b| chrono_key(&notes[a]).cmp(&chrono_key(&notes[b])));
        for w in s.meetings.windows(2) {
            notes[w[0]].next = Some(w[1]);
            notes[w[1]].prev = Some(w[0]);
        }
    }

    // ---- people's meetings ----
    let mut person_list = people.list;
    for (i, r) in roles.iter().enumerate() {
        let mut v: Vec<(usize, Vec<Role>)> = r
            .iter()
            .map(|(p, roles)| (*p, roles.iter().copied().collect()))
            .collect();
        v.retain(|(p, _)| person_list[*p].note != Some(i));
        for (p, rs) in &v {
            person_list[*p].meetings.push((i, rs.clone()));
        }
        notes[i].people = v;
    }

    // ---- tags ----
    let mut tag_names: BTreeSet<String> = BTreeSet::new();
    for n in &notes {
        for t in &n.tags {
            let mut acc = String::new();
            for part in t.split('/') {
                if !acc.is_empty() {
                    acc.push('/');
                }
                acc.push_str(part);
                tag_names.insert(acc.clone());
            }
        }
    }
    let tag_list: Vec<String> = tag_names.into_iter().collect();
    let mut tags: Vec<Tag> = tag_list
        .iter()
        .map(|t| Tag {
            name: t.clone(),
            ..Default::default()
        })
        .collect();
    for (i, n) in notes.iter().enumerate() {
        for t in &n.tags {
            if let Ok(k) = tag_list.binary_search(t) {
                tags[k].notes.push(i);
            }
        }
    }
    for k in 0..tags.len() {
        if let Some((parent, _)) = tags[k].name.rsplit_once('/') {
            if let Ok(pk) = tag_list.binary_search(&parent.to_string()) {
                tags[pk].children.push(k);
            }
        }
    }

    // ---- backlinks ----
    for i in 0..notes.len() {
        let links = notes[i].links.clone();
        let mut seen = BTreeSet::new();
        for l in links {
            match l.to {
                Target::Note { note, .. }
                    if note != i && seen.insert((0, note, l.context.clone())) =>
                {
                    notes[note].backlinks.push(Backlink {
                        from: i,
                        context: l.context.clone(),
                    });
                }
                Target::Person(p) if seen.insert((1, p, l.context.clone())) => {
                    person_list[p].backlinks.push(Backlink {
                        from: i,
                        context: l.context.clone(),
                    });
                }
                _ => {}
            }
        }
    }

    // ---- relative Markdown links and images ----
    for (i, (n, src_note)) in notes.iter_mut().zip(src.iter()).enumerate() {
        let dir = src_note.path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        for (url, _line) in std::mem::take(&mut local_urls[i]) {
            let path = url.split(['#', '?']).next().unwrap_or("");
            let Some(decoded) = urls::percent_decode(path) else {
                continue;
            };
            let Some(joined) = join_vault_path(dir, &decoded) else {
                n.local_links.push((url, Target::Outside));
                continue;
            };
            // relative to the note's folder, else (Obsidian's other setting) to the vault root
            let from_root = join_vault_path("", &decoded).unwrap_or_default();
            let find_at = |p: &str| {
                ix.attachment_at(att_paths, p)
                    .map(|(a, _)| Target::Attachment(a))
                    .or_else(|| {
                        ix.by_path.get(&lower(strip_md(p))).map(|&j| Target::Note {
                            note: j,
                            anchor: None,
                        })
                    })
            };
            let Some(target) = find_at(&joined).or_else(|| find_at(&from_root)) else {
                continue;
            };
            n.local_links.push((url, target));
        }
    }

    // ---- embed cycles ----
    for d in embed_cycles(&notes) {
        diagnostics.push(d);
    }

    // ---- attachments ----
    let mut attachments: Vec<Attachment> = att_paths
        .iter()
        .map(|p| Attachment {
            path: p.clone(),
            ..Default::default()
        })
        .collect();
    for n in &notes {
        let targets = n
            .links
            .iter()
            .map(|l| &l.to)
            .chain(n.local_links.iter().map(|(_, t)| t));
        for t in targets {
            if let Target::Attachment(a) = t {
                attachments[*a].used = true;
            }
        }
    }

    for n in &notes {
        for l in &n.links {
            if l.to == Target::Removed {
                diagnostics.push(
                    Diagnostic::warning(
                        "links-to-removed",
                        &n.path,
                        l.line,
                        format!("[[{}]] links to a note the publish profile removes; it is shown as plain text", l.target),
                    )
                    .at_col(l.col),
                );
            }
            if l.to == Target::Missing && cfg.obsidian_vault {
                let what = if l.embed { "embeds" } else { "links to" };
                diagnostics.push(
                    Diagnostic::error(
                        "broken-link",
                        &n.path,
                        l.line,
                        format!(
                            "[[{}]] {what} a note or file that does not exist in the vault",
                            l.target
                        ),
                    )
                    .at_col(l.col),
                );
            }
        }
    }
    let mut site = Site {
        notes,
        people: person_list,
        series,
        tags,
        attachments,
        diagnostics,
    };
    assign_urls(&mut site, cfg.unsafe_html);
    // people sorted by name, meetings newest first
    sort_people(&mut site);
    crate::diagnostics::sort(&mut site.diagnostics);
    site
}

/// A transcript from caption cues: a turn a cue, its voice the speaker (a
/// person, found or made), ids from the time as for timed transcripts.
fn captions_transcript(cues: &[infer::webvtt::Cue], people: &mut People) -> transcript::Transcript {
    let mut out = transcript::Transcript::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for c in cues {
        let id = transcript::timed_id(&mut ids, c.seconds.max(0.0) as u64);
        let (speaker, is_person) = match c.speaker.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => {
                let pid = people.named(s);
                (
                    people
                        .list
                        .get(pid)
                        .map_or(s.to_string(), |p| p.name.clone()),
                    true,
                )
            }
            _ => (String::new(), false),
        };
        out.turns.push(transcript::Turn {
            seconds: Some(c.seconds),
            stamp: c.stamp.clone(),
            id,
            source: c.speaker.clone().unwrap_or_default(),
            speaker,
            is_person,
            text: c.text.clone(),
            line: c.line,
            parsed: true,
        });
    }
    out
}

/// The turns of speaker-attributed minutes in a note, from its candidate
/// paragraphs and what the note knows of its people. A label that names
/// nobody of the meeting but is written as a name in bold or as a call
/// export's header (`**Hudson**:`, `Ana Lima  0:03`) is the vault's person of
/// that name, or of that first name when only one has it (`vault_firsts`),
/// else a new person; an unknown list label (`* Modules: …` is as often a
/// topic as a person) or abbreviation stays a label.
fn minutes_transcript(
    cands: &[infer::minutes::Candidate],
    found: &infer::people::Found,
    roles: &BTreeMap<usize, BTreeSet<Role>>,
    vault_firsts: &HashMap<String, Vec<usize>>,
    people: &mut People,
) -> Option<transcript::Transcript> {
    let mut known = infer::minutes::Known::default();
    let mut firsts: HashMap<String, Vec<String>> = HashMap::new();
    for pid in roles.keys() {
        let Some(p) = people.list.get(*pid) else {
            continue;
        };
        known.names.push((p.name.clone(), p.name.clone()));
        for a in &p.aliases {
            known.names.push((a.clone(), p.name.clone()));
        }
        if let Some(first) = first_name(&p.name) {
            firsts.entry(lower(first)).or_default().push(p.name.clone());
        }
    }
    // a first name stands for its person when one person of the meeting has it
    let mut firsts: Vec<(String, Vec<String>)> = firsts.into_iter().collect();
    firsts.sort();
    for (first, owners) in firsts {
        if let [only] = owners.as_slice() {
            known.names.push((first, only.clone()));
        }
    }
    for a in &found.attendees {
        if let Some(ab) = &a.abbr {
            let canonical = people
                .lookup(&a.name, &[])
                .and_then(|p| people.list.get(p))
                .map_or_else(|| a.name.clone(), |p| p.name.clone());
            known.abbreviations.push((ab.clone(), canonical));
        }
    }
    let turns = infer::minutes::decide(cands, &known);
    if turns.is_empty() {
        return None;
    }
    let style_at: HashMap<usize, infer::minutes::Style> =
        cands.iter().map(|c| (c.line, c.style)).collect();
    let mut out = transcript::Transcript {
        inline: true,
        ..Default::default()
    };
    for (k, t) in turns.into_iter().enumerate() {
        let (speaker, is_person) = if t.is_person {
            (t.speaker, true)
        } else if matches!(
            style_at.get(&t.line),
            Some(infer::minutes::Style::Bold | infer::minutes::Style::NameTime)
        ) && t.speaker.chars().next().is_some_and(char::is_uppercase)
        {
            let unique_first = match vault_firsts
                .get(&lower(t.speaker.trim()))
                .map(Vec::as_slice)
            {
                Some([only]) if !t.speaker.trim().contains(' ') => Some(*only),
                _ => None,
            };
            let pid = unique_first
                .or_else(|| people.lookup(&t.speaker, &[]))
                .unwrap_or_else(|| people.named(&t.speaker));
            let name = people
                .list
                .get(pid)
                .map_or(t.speaker.clone(), |p| p.name.clone());
            (name, true)
        } else {
            (t.speaker, false)
        };
        out.turns.push(transcript::Turn {
            seconds: t.seconds,
            stamp: t.stamp.clone().unwrap_or_default(),
            id: format!("t-{}", k + 1),
            source: t.label,
            speaker,
            is_person,
            text: t.text,
            line: t.line,
            parsed: true,
        });
    }
    Some(out)
}

/// The first word of a name of two words or more (`Ana Lima` → `Ana`).
fn first_name(name: &str) -> Option<&str> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    words.next().map(|_| first)
}

/// The shown name of a series: the last part of its name, with the `-` and
/// `_` of a folder name read as spaces when it holds no space
/// (`Breakouts/peer-review_sync` → `peer review sync`).
fn series_title(name: &str) -> String {
    let last = name
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(name)
        .trim();
    let last = if last.is_empty() { name } else { last };
    if last.contains(' ') {
        last.to_string()
    } else {
        last.replace(['-', '_'], " ")
    }
}

/// Words that say "a meeting" and nothing of which: a series named only by
/// such a file-name prefix (`Meeting 08.md`) is shown with its folder.
const GENERIC: &[&str] = &[
    "meeting", "meetings", "call", "calls", "notes", "minutes", "sync", "agenda", "mtg",
];

/// Series shown under the same title (two `minutes` folders) are told apart
/// by more of their name (`meta/minutes`); a title of generic words only
/// (`Meeting`) takes its folder's name before it.
fn distinct_titles(series: &mut [Series]) {
    for s in series.iter_mut() {
        let generic = s
            .title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| GENERIC.contains(&w.to_lowercase().as_str()));
        if generic {
            let parts: Vec<&str> = s.name.split('/').collect();
            if parts.len() >= 2 {
                s.title = format!("{} {}", series_title(parts[parts.len() - 2]), s.title);
            }
        }
    }
    for depth in 2..6 {
        let mut count: HashMap<String, usize> = HashMap::new();
        for s in series.iter() {
            *count.entry(s.title.to_lowercase()).or_default() += 1;
        }
        let mut changed = false;
        for s in series.iter_mut() {
            if count.get(&s.title.to_lowercase()).copied().unwrap_or(0) < 2 {
                continue;
            }
            let parts: Vec<&str> = s.name.split('/').filter(|p| !p.is_empty()).collect();
            if parts.len() >= depth {
                let tail = parts[parts.len() - depth..].join("/");
                let t = if tail.contains(' ') {
                    tail
                } else {
                    tail.replace(['-', '_'], " ")
                };
                if t != s.title {
                    s.title = t;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// The prefix of a file name before its date or number (`CG-01-03` → `CG`,
/// `WASI-03-02` → `WASI`, `Meeting 93` → `Meeting`); None when the name
/// starts with digits or the prefix is a month name.
fn name_prefix(stem: &str) -> Option<String> {
    let end = stem.find(|c: char| c.is_ascii_digit())?;
    let p = stem[..end]
        .trim_end_matches([' ', '-', '_', '.', '#'])
        .trim();
    if p.is_empty() || !p.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    if infer::dates::month_name(p).is_some() {
        return None;
    }
    Some(p.to_string())
}

/// Series for meetings that name none: the meetings of one folder (its
/// year and month folders set aside) form a series, split by file-name
/// prefix when the folder holds several prefixes of two meetings or more.
/// A group of one meeting is no series; nor are meetings at the vault root
/// without a shared prefix.
fn folder_series(notes: &[Note]) -> Vec<(usize, String)> {
    let mut groups: BTreeMap<String, Vec<(usize, Option<String>)>> = BTreeMap::new();
    for (i, n) in notes.iter().enumerate() {
        if !n.is_meeting || n.series_from.is_some() {
            continue;
        }
        let dir = n.path.rsplit_once('/').map_or("", |(d, _)| d);
        let base: Vec<&str> = dir
            .split('/')
            .filter(|s| !s.is_empty() && !infer::dates::is_date_folder(s))
            .collect();
        // a prefix that repeats the folder's name (`stack/stack-2023-01-30`) splits nothing
        let folder = base
            .last()
            .map(|f| f.to_lowercase().replace(['-', '_', ' '], ""));
        let prefix = name_prefix(&n.stem)
            .filter(|p| Some(p.to_lowercase().replace(['-', '_', ' '], "")) != folder);
        groups.entry(base.join("/")).or_default().push((i, prefix));
    }
    let mut out = Vec::new();
    for (base, members) in groups {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (_, p) in &members {
            if let Some(p) = p {
                *counts.entry(p.to_lowercase()).or_default() += 1;
            }
        }
        let split: BTreeSet<String> = counts
            .iter()
            .filter(|(_, c)| **c >= 2)
            .map(|(p, _)| p.clone())
            .collect();
        let by_prefix = split.len() >= 2 || (base.is_empty() && split.len() == 1);
        // prefixes differing only in case are one (`SG-…`, `sg-…`): the first spelling names it
        let mut spelling: BTreeMap<String, String> = BTreeMap::new();
        for (_, p) in &members {
            if let Some(p) = p {
                spelling
                    .entry(p.to_lowercase())
                    .or_insert_with(|| p.clone());
            }
        }
        let mut keyed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, p) in &members {
            let key = match p {
                Some(p) if by_prefix && split.contains(&p.to_lowercase()) => {
                    let p = spelling.get(&p.to_lowercase()).unwrap_or(p);
                    if base.is_empty() {
                        p.clone()
                    } else {
                        format!("{base}/{p}")
                    }
                }
                _ if base.is_empty() => continue,
                _ => base.clone(),
            };
            keyed.entry(key).or_default().push(*i);
        }
        for (key, is) in keyed {
            if is.len() >= 2 {
                out.extend(is.into_iter().map(|i| (i, key.clone())));
            }
        }
    }
    out
}

/// A warning for each note whose embeds lead back to itself.
fn embed_cycles(notes: &[Note]) -> Vec<Diagnostic> {
    let edges: Vec<Vec<(usize, usize)>> = notes
        .iter()
        .map(|n| {
            n.links
                .iter()
                .filter(|l| l.embed)
                .filter_map(|l| match l.to {
                    Target::Note { note, .. } => Some((note, l.line)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (start, es) in edges.iter().enumerate() {
        for &(first, line) in es {
            // is `start` reachable from `first` through embeds?
            let mut seen = vec![false; notes.len()];
            let mut stack = vec![first];
            let mut cyclic = false;
            while let Some(x) = stack.pop() {
                if x == start {
                    cyclic = true;
                    break;
                }
                if std::mem::replace(&mut seen[x], true) {
                    continue;
                }
                stack.extend(edges[x].iter().map(|e| e.0));
            }
            if cyclic {
                out.push(Diagnostic::warning(
                    "embed-cycle",
                    &notes[start].path,
                    line,
                    format!(
                        "embedding {} leads back to this note; the repeat is shown as a link",
                        notes[first].path
                    ),
                ));
            }
        }
    }
    out
}

/// `rel` joined to the vault folder `dir`; None when it leaves the vault.
fn join_vault_path(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Order for "newest first" lists: dated notes newest first, then undated ones by path.
pub fn newest_first(a: &Note, b: &Note) -> std::cmp::Ordering {
    match (a.date, b.date) {
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        _ => chrono_key(b).cmp(&chrono_key(a)).then(a.path.cmp(&b.path)),
    }
}

/// Sort key of a meeting in time: date, time, path (undated last).
pub fn chrono_key(n: &Note) -> (bool, Option<chrono::NaiveDate>, Option<(u32, u32)>, String) {
    (n.date.is_none(), n.date, n.time, n.path.clone())
}

/// Whether an unknown assignee looks like a team: one word in capitals (`HR`, `GTM`).
fn is_team_like(name: &str) -> bool {
    !name.contains(' ')
        && name.chars().any(|c| c.is_alphabetic())
        && !name.chars().any(|c| c.is_lowercase())
}

/// People under construction.
#[derive(Default)]
struct People {
    list: Vec<Person>,
    by_key: HashMap<String, Vec<usize>>,
    by_note: BTreeMap<usize, usize>,
}

impl People {
    fn add_note_person(&mut self, note: usize, stem: &str, aliases: &[String]) -> usize {
        if let Some(&p) = self.by_note.get(&note) {
            return p;
        }
        // a noteless person of the same name becomes this person
        let id = match self
            .by_key
            .get(&lower(stem))
            .and_then(|v| v.iter().copied().find(|&p| self.list[p].note.is_none()))
        {
            Some(p) => {
                self.list[p].name = stem.to_string();
                self.list[p].note = Some(note);
                p
            }
            None => {
                self.list.push(Person {
                    name: stem.to_string(),
                    note: Some(note),
                    ..Default::default()
                });
                self.list.len() - 1
            }
        };
        self.by_note.insert(note, id);
        self.key(stem, id);
        for a in aliases {
            self.list[id].aliases.push(a.clone());
            self.key(a, id);
        }
        id
    }

    fn key(&mut self, name: &str, id: usize) {
        let v = self.by_key.entry(lower(name.trim())).or_default();
        if !v.contains(&id) {
            v.push(id);
        }
    }

    /// The person of that name or alias; among several, one of `local` first.
    fn lookup(&self, name: &str, local: &[usize]) -> Option<usize> {
        let v = self.by_key.get(&lower(name.trim()))?;
        v.iter()
            .copied()
            .find(|p| local.contains(p))
            .or_else(|| v.first().copied())
    }

    /// A GitHub-style handle written beside a person's name becomes one of
    /// their names, unless it already names someone.
    fn add_handle(&mut self, id: usize, handle: &str) {
        let h = handle.trim().trim_start_matches('@');
        if h.is_empty() || self.by_key.contains_key(&lower(h)) {
            return;
        }
        if let Some(p) = self.list.get_mut(id) {
            if !p.aliases.iter().any(|a| a.eq_ignore_ascii_case(h)) {
                p.aliases.push(h.to_string());
            }
        }
        self.key(h, id);
    }

    /// The person a body list names: by name, else by handle, else a new
    /// person; the handle becomes one of their names.
    fn find_or_name(&mut self, name: &str, handle: Option<&str>) -> usize {
        let id = match self.lookup(name, &[]) {
            Some(p) => p,
            None => match handle.and_then(|h| self.lookup(h.trim_start_matches('@'), &[])) {
                Some(p) => p,
                None => self.named(name),
            },
        };
        if let Some(h) = handle {
            self.add_handle(id, h);
        }
        id
    }

    /// The person of that name, created (without a note) when unknown.
    fn named(&mut self, name: &str) -> usize {
        if let Some(p) = self.lookup(name, &[]) {
            return p;
        }
        self.list.push(Person {
            name: name.trim().to_string(),
            ..Default::default()
        });
        let id = self.list.len() - 1;
        self.key(name, id);
        id
    }
}

/// Hand out every page and file URL. With `unsafe_html` off, an attachment a
/// browser could run script in gets a `.txt` name.
fn assign_urls(site: &mut Site, unsafe_html: bool) {
    let mut reg = UrlRegistry::default();
    reg.reserve("");
    for r in RESERVED {
        reg.reserve(r);
    }
    reg.reserve("404.html");
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
    for a in &mut site.attachments {
        if a.used {
            let (dir, file) = match a.path.rsplit_once('/') {
                Some((d, f)) => (format!("files/{}", urls::slugify_path(d)), f.to_string()),
                None => ("files".to_string(), a.path.clone()),
            };
            let mut name = urls::slugify_file(&file);
            a.download = !unsafe_html && crate::files::download_only(&a.path);
            if a.download {
                name.push_str(".txt");
            }
            a.url = reg.file(&dir, &name);
        }
    }
}

fn sort_people(site: &mut Site) {
    let mut order: Vec<usize> = (0..site.people.len()).collect();
    order.sort_by(|&a, &b| {
        lower(&site.people[a].name)
            .cmp(&lower(&site.people[b].name))
            .then(site.people[a].name.cmp(&site.people[b].name))
            .then(a.cmp(&b))
    });
    let mut remap = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old] = new;
    }
    let mut people: Vec<Person> = order.iter().map(|&o| site.people[o].clone()).collect();
    let notes = &site.notes;
    for p in &mut people {
        p.meetings
            .sort_by(|a, b| newest_first(&notes[a.0], &notes[b.0]));
        p.backlinks.sort();
    }
    site.people = people;
    for n in &mut site.notes {
        if let Some(p) = n.person {
            n.person = Some(remap[p]);
        }
        for (p, _) in &mut n.people {
            *p = remap[*p];
        }
        n.people
            .sort_by(|a, b| a.1.first().cmp(&b.1.first()).then(a.0.cmp(&b.0)));
        for l in &mut n.links {
            if let Target::Person(p) = l.to {
                l.to = Target::Person(remap[p]);
            }
        }
        for t in &mut n.tasks {
            if let Some(Assignee::Person(p)) = t.assignee {
                t.assignee = Some(Assignee::Person(remap[p]));
            }
        }
        n.backlinks.sort();
    }
}
