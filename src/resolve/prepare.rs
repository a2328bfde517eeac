//! Per-note analysis, run in parallel before anything is linked.
//!
//! Takes one [`SourceNote`], the config and the `[[folders]]` rules; gives a
//! [`Pre`]: the frontmatter without template placeholders, the body with its
//! parsed transcript cut out, the Markdown [`Analysis`], title, date (from
//! the frontmatter, the path, the title or the body), type, privacy, series
//! named, tags, action items, the items of its decision, open-question and
//! risk sections, and the diagnostics of all of it. It looks at no other
//! note.

use super::common::{KeptBy, KeptTranscripts, fm_str, fm_strings, is_placeholder, key_line};
use crate::config::{Config, FolderRules, FolderSays};
use crate::diagnostics::Diagnostic;
use crate::load::SourceNote;
use crate::model::Task;
use crate::parse::dates;
use crate::parse::infer::{self, dates::DateFrom};
use crate::parse::markdown::{self, Analysis};
use crate::parse::obsidian;
use crate::parse::tasks;
use crate::parse::transcript;
use crate::store::{Span, Store};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Frontmatter keys that hold a note's date, in the order they are read.
const DATE_KEYS: &[&str] = &["date", "created", "meeting_date", "datetime"];

/// Per-note work done in parallel before assembly.
#[derive(Clone)]
pub(super) struct Pre {
    pub analysis: Analysis,
    pub body: String,
    /// Where `body` and the analysis' text wait, when they wait in the
    /// store the resolved notes' text goes to (both are empty then).
    pub stored: Option<(Span, Span)>,
    pub block: Option<transcript::Block>,
    /// Body lines (first, last) of a transcript section in no known form.
    pub unparsed: Option<(usize, usize)>,
    pub date_from: Option<DateFrom>,
    pub series_from: Option<&'static str>,
    pub says: FolderSays,
    pub title: String,
    pub when: Option<dates::When>,
    pub kind: Option<String>,
    pub privacy: Option<String>,
    pub series: Option<String>,
    pub tags: Vec<String>,
    pub tasks: Vec<Task>,
    pub frontmatter: Map<String, Value>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Pre {
    /// What the note says of itself as a whole (frontmatter, title, date,
    /// kind, privacy, series, tags, what the folder rules say, where the
    /// date and series were read, an unparsed transcript's lines), written
    /// out to compare.
    pub(super) fn about(&self) -> String {
        format!(
            "{:?}\n{:?} {:?} {:?}\n{:?} {:?} {:?} {:?} {:?}\n{:?}\n{:?}",
            self.unparsed,
            self.date_from,
            self.series_from,
            self.says,
            self.title,
            self.when,
            self.kind,
            self.privacy,
            self.series,
            self.tags,
            self.frontmatter,
        )
    }
}

/// Analyses kept from one resolve to the next, each under the note's path
/// with the [`Span`] its source text had: `serve`'s rebuilds analyse again
/// only the notes whose text changed. Used only when the vault's `text`
/// and `store` are one store (as under `serve`): a kept analysis has its
/// body, plain text and transcript block there, not in memory.
#[derive(Default)]
pub struct Cache {
    /// Each note's analysis, under where its source text was.
    kept: KeptBy<Span, Pre>,
    /// The transcripts parsed, by note path (see `transcripts`).
    pub(super) transcripts: KeptTranscripts,
}

impl Cache {
    /// Note `n` analysed: as kept when its text is where it was, else
    /// analysed now and kept. Its body and plain text wait in `store` (the
    /// one the resolved notes' text goes to: [`Pre::stored`]).
    pub(super) fn prepare(
        &self,
        n: &SourceNote,
        cfg: &Config,
        rules: &FolderRules,
        store: &Store,
    ) -> Pre {
        let Some(key) = n.stored else {
            return prepare(n, cfg, rules, store, store);
        };
        if let Some(pre) = self.kept.get(&n.path, &key) {
            return pre;
        }
        let mut pre = prepare(n, cfg, rules, store, store);
        if let (Some(body), Some(text)) = (
            store.put(pre.body.as_bytes()),
            store.put(pre.analysis.text.as_bytes()),
        ) {
            pre.body = String::new();
            pre.analysis.text = String::new();
            pre.stored = Some((body, text));
            self.kept.put(&n.path, key, pre.clone());
        }
        pre
    }

    /// Forget the notes that are no longer in `notes` (sorted by path).
    pub(super) fn keep_only(&self, notes: &[SourceNote]) {
        let known = |path: &String| {
            notes
                .binary_search_by(|n| n.path.as_str().cmp(path))
                .is_ok()
        };
        self.kept.retain(known);
        self.transcripts.retain(known);
    }
}

/// Analyse one note, its text read from `source`; what waits for later
/// (a transcript's text) is put in `store`.
pub(super) fn prepare(
    n: &SourceNote,
    cfg: &Config,
    rules: &FolderRules,
    source: &crate::store::Store,
    store: &crate::store::Store,
) -> Pre {
    let mut diagnostics = Vec::new();
    let frontmatter = frontmatter(n, &mut diagnostics);
    let text = n.text(source);
    let (mut block, unparsed) = transcript_block(&text);
    // the decisions, questions and risks of the last section end there
    let stop = block.as_ref().map(|b| b.line(&text));
    let body = match &block {
        Some(b) => b.cut_from(&text),
        None => text.into_owned(),
    };
    // the transcript's text waits in the store until its speakers are known
    if let Some(b) = &mut block {
        b.spill(store);
    }
    let analysis =
        markdown::analyze_items(&body, cfg.obsidian_vault, &cfg.decisions.headings(), stop);
    let title = title(n, &frontmatter, &analysis, &mut diagnostics);
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
    let found = date_candidates(n, &frontmatter, &analysis, &body, cfg, &mut diagnostics);
    let (when, date_from) = pick_date(n, &frontmatter, &found, &mut diagnostics);
    let tags = tags(&frontmatter, &analysis);
    callout_diagnostics(n, &analysis, &mut diagnostics);
    let task_list = tasks_of(n, &analysis, &mut diagnostics);
    html_diagnostics(n, &analysis, cfg, &mut diagnostics);
    math_diagnostics(n, &analysis, &mut diagnostics);
    Pre {
        analysis,
        body,
        stored: None,
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
        tags,
        tasks: task_list,
        frontmatter,
        diagnostics,
    }
}

/// The frontmatter, template placeholders counting as missing.
fn frontmatter(n: &SourceNote, diagnostics: &mut Vec<Diagnostic>) -> Map<String, Value> {
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
    frontmatter
}

/// The parsed transcript to cut out of the Markdown (keeping line numbers),
/// or the body lines (first, last) of a transcript section in no known form,
/// which stays in the Markdown.
fn transcript_block(body: &str) -> (Option<transcript::Block>, Option<(usize, usize)>) {
    match transcript::find_block(body) {
        Some(b) if b.is_parsed() => (Some(b), None),
        Some(b) => {
            let first = b.line(body);
            let last = first
                + body
                    .get(b.start..b.end)
                    .map_or(0, |s| s.trim_end().matches('\n').count());
            (None, Some((first, last)))
        }
        None => (None, None),
    }
}

/// The title: the frontmatter's, else the first heading, else the file name.
fn title(
    n: &SourceNote,
    frontmatter: &Map<String, Value>,
    analysis: &Analysis,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let title = fm_str(frontmatter, "title")
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
    title
}

/// Every date the note states, first the one that counts: frontmatter, then
/// file name, path, transcript path, title, body.
fn date_candidates(
    n: &SourceNote,
    frontmatter: &Map<String, Value>,
    analysis: &Analysis,
    body: &str,
    cfg: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<infer::dates::Found> {
    let mut found: Vec<infer::dates::Found> = Vec::new();
    for key in DATE_KEYS {
        if let Some(s) = fm_str(frontmatter, key) {
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
    if let Some(p) = fm_str(frontmatter, "transcript_path") {
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
    } else if let Some(t) = fm_str(frontmatter, "title") {
        found.extend(infer::dates::from_title(
            &t,
            key_line(n, "title"),
            year,
            cfg.date_order,
        ));
    }
    if let Some(mut f) = infer::dates::from_body(body, year, cfg.date_order) {
        f.line += n.body_line - 1;
        found.push(f);
    }
    found
}

/// The date of the note (the first found), with a time written beside the
/// same date elsewhere or in `start_time`; a date that contradicts it is said.
fn pick_date(
    n: &SourceNote,
    frontmatter: &Map<String, Value>,
    found: &[infer::dates::Found],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<dates::When>, Option<DateFrom>) {
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
            w.time = fm_str(frontmatter, "start_time").and_then(|s| dates::parse_time(&s));
        }
    }
    (when, date_from)
}

/// Tags: the frontmatter's and the inline ones, sorted.
fn tags(frontmatter: &Map<String, Value>, analysis: &Analysis) -> Vec<String> {
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
    tags.into_iter().collect()
}

/// A `math-syntax` warning for every formula that cannot be drawn (it shows as written).
fn math_diagnostics(n: &SourceNote, analysis: &Analysis, diagnostics: &mut Vec<Diagnostic>) {
    for (line, col, why) in &analysis.math_errors {
        diagnostics.push(
            Diagnostic::warning(
                "math-syntax",
                &n.path,
                line + n.body_line - 1,
                format!("this formula cannot be drawn ({why}); it is shown as written"),
            )
            .at_col(*col),
        );
    }
}

/// Callout types that are not Obsidian's.
fn callout_diagnostics(n: &SourceNote, analysis: &Analysis, diagnostics: &mut Vec<Diagnostic>) {
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
}

/// The note's action items, their fields read (no assignee yet).
fn tasks_of(n: &SourceNote, analysis: &Analysis, diagnostics: &mut Vec<Diagnostic>) -> Vec<Task> {
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
    task_list
}

/// Raw HTML that the sanitiser will change: what it removes
/// (`unsafe-html`), and frames shown as links (`iframe-blocked`).
fn html_diagnostics(
    n: &SourceNote,
    analysis: &Analysis,
    cfg: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (h, line) in &analysis.html {
        let line = line + n.body_line - 1;
        let mut what = super::raw_html::removed(&h.to_ascii_lowercase());
        if cfg.unsafe_html {
            if h.to_ascii_lowercase().contains("<iframe") {
                what.push("<iframe> elements");
            }
            if !what.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    "unsafe-html",
                    &n.path,
                    line,
                    format!(
                        "raw HTML with {}; it is passed through because unsafe_html = true",
                        what.join(", ")
                    ),
                ));
            }
            continue;
        }
        let message = format!("raw HTML with {}; they are removed", what.join(", "));
        // one warning for a line's several tags that lose the same things
        let said = diagnostics
            .iter()
            .any(|d| d.code == "unsafe-html" && d.line == line && d.message == message);
        if !what.is_empty() && !said {
            diagnostics.push(Diagnostic::warning("unsafe-html", &n.path, line, message));
        }
        for m in super::raw_html::blocked_frames(h, &cfg.embeds) {
            diagnostics.push(Diagnostic::warning("iframe-blocked", &n.path, line, m));
        }
    }
}

/// What an edit to one note left of it, when only its text changed.
pub struct TextEdit {
    /// The new Markdown body (transcript cut out), as [`Note::body`](crate::model::Note::body).
    pub body: String,
    /// The new plain text, as [`Note::text`](crate::model::Note::text).
    pub text: String,
}

/// Everything [`prepare`] reads from a note except its prose: two versions
/// of a note with the same shape resolve to the same site but for the
/// note's body and plain text. A transcript block counts by its first line
/// and its text (its byte offsets may move with the prose before it);
/// everything with a line (headings, links, tasks, tags, diagnostics)
/// counts with it, so an edit that moves one is not text-only.
fn shape(n: &SourceNote, p: &mut Pre, store: &crate::store::Store) -> String {
    let text = n.text(store);
    let block = p
        .block
        .as_ref()
        .map(|b| (b.line(&text), text.get(b.start..b.end).unwrap_or("")));
    let analysis = Analysis {
        text: String::new(),
        ..std::mem::take(&mut p.analysis)
    };
    format!(
        "{analysis:?}\n{block:?}\n{}\n{:?}\n{:?}",
        p.about(),
        p.tasks,
        p.diagnostics,
    )
}

/// Whether two versions of a note are one file with the same frontmatter,
/// read alike (only their bodies may differ).
pub(super) fn same_frame(old: &SourceNote, new: &SourceNote) -> bool {
    old.path == new.path
        && old.stem == new.stem
        && old.frontmatter == new.frontmatter
        && old.has_frontmatter == new.has_frontmatter
        && old.frontmatter_error == new.frontmatter_error
        && old.body_line == new.body_line
        && old.key_lines == new.key_lines
}

/// Whether two analyses of a note, whose people stay, would have their
/// speaker-attributed minutes read alike but for the turns' lines and
/// text: the same candidates, by [`infer::minutes::decision_key`]. Then,
/// when the note's resolved transcript is not its minutes (`minutes`: it
/// is), neither version has minutes, and the candidates' prose is only
/// prose.
pub(super) fn same_minutes(a: &Pre, b: &Pre, minutes: bool) -> bool {
    use infer::minutes::decision_key as key;
    let (x, y) = (
        &a.analysis.speaker_candidates,
        &b.analysis.speaker_candidates,
    );
    x.is_empty() && y.is_empty()
        || !minutes && x.len() == y.len() && x.iter().zip(y).all(|(c, d)| key(c) == key(d))
}

/// When `new` differs from `old` only in its prose (see [`shape`]), the
/// body and plain text a full resolve would give it; `None` when anything
/// else moved. `minutes`: whether the note's resolved transcript is its
/// speaker-attributed minutes. Both versions are analysed with `scratch`
/// as their store; `old` may wait in `store`.
pub(super) fn text_edit(
    old: &SourceNote,
    new: &SourceNote,
    minutes: bool,
    cfg: &Config,
    store: &crate::store::Store,
) -> Option<TextEdit> {
    if !same_frame(old, new) || old.captions != new.captions {
        return None;
    }
    let scratch = crate::store::Store::memory();
    let old = old.unspilled(store);
    let new = new.unspilled(store);
    let rules = cfg.folder_rules();
    let mut a = prepare(&old, cfg, &rules, &scratch, &scratch);
    let mut b = prepare(&new, cfg, &rules, &scratch, &scratch);
    // speaker-attributed minutes draw their turns from the prose
    let minutes = !same_minutes(&a, &b, minutes);
    let mut text = std::mem::take(&mut b.analysis.text);
    if minutes || shape(&old, &mut a, &scratch) != shape(&new, &mut b, &scratch) {
        return None;
    }
    text.shrink_to_fit();
    Some(TextEdit { body: b.body, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "---\ndate: 2026-03-02\n---\n# Dock Planning\n\nWe looked at the crane schedule.\n\n## Actions\n\n- [ ] Book the crane 📅 2026-03-09 [[Ivo Marsh]]\n";

    fn edit(old: &str, new: &str) -> Option<TextEdit> {
        edit_of(old, new, false)
    }

    /// [`edit`] of a note whose transcript is its minutes or not.
    fn edit_of(old: &str, new: &str, minutes: bool) -> Option<TextEdit> {
        let cfg = Config::default();
        let store = crate::store::Store::memory();
        let rel = "Meetings/2026-03-02 Dock Planning.md";
        let (a, _) = crate::load::parse_note(rel, old.as_bytes(), &cfg);
        let (b, _) = crate::load::parse_note(rel, new.as_bytes(), &cfg);
        text_edit(&a, &b, minutes, &cfg, &store)
    }

    #[test]
    fn prose_on_its_own_line_is_a_text_edit() {
        let e =
            edit(NOTE, &NOTE.replace("crane schedule", "tide tables")).expect("a text-only edit");
        assert!(e.body.contains("We looked at the tide tables."));
        assert!(
            e.text.contains("tide tables") && !e.text.contains("crane schedule"),
            "{}",
            e.text
        );
        assert!(edit(NOTE, NOTE).is_some(), "no change at all is one too");
        // a label that reads as no speaker stays prose, unless the note's
        // transcript is its minutes
        let labelled = NOTE.replace(
            "We looked",
            "**Agenda**: cranes, see <https://example.com/a>\n\nWe looked",
        );
        let after = labelled.replace("crane schedule", "tide tables");
        assert!(edit(&labelled, &after).is_some());
        assert!(edit_of(&labelled, &after, true).is_none());
    }

    #[test]
    fn what_the_site_is_resolved_from_is_not() {
        for (what, new) in [
            (
                "a line moving the heading and task",
                NOTE.replace("schedule.", "schedule.\n\nMore."),
            ),
            ("a task's date", NOTE.replace("03-09", "03-10")),
            (
                "a link's target",
                NOTE.replace("[[Ivo Marsh]]", "[[Ona Park]]"),
            ),
            ("a heading", NOTE.replace("## Actions", "## Next steps")),
            (
                "a tag in the prose",
                NOTE.replace("crane schedule", "crane #schedule"),
            ),
            (
                "the frontmatter",
                NOTE.replace("date: 2026-03-02", "date: 2026-03-03"),
            ),
            ("the title", NOTE.replace("# Dock Planning", "# Dock Plans")),
        ] {
            assert!(edit(NOTE, &new).is_none(), "{what} is not a text-only edit");
        }
    }
}
