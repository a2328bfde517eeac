//! Incremental rebuilds: what `serve` does after an edit that changed only
//! a note's prose.
//!
//! Takes the last full build ([`crate::build_for_serve`]: the published
//! site, its store and the loaded notes) and a burst of [`Changes`]; gives
//! the same output folder a fresh build of the edited vault would give,
//! re-rendering only the pages that show the edited text.
//!
//! An edit is *text-only* when the note, analysed again, differs from its
//! previous version in nothing but its prose ([`crate::resolve::text_edit`]:
//! no heading, link, task, tag, date, person, transcript turn or diagnostic
//! added, removed or moved to another line, the frontmatter unchanged).
//! Nothing else in the resolved site depends on a note's prose, so only the
//! pages that show it change: the note's page (its person's page for a
//! person's note) and the pages of the notes that embed it. Those are
//! rendered and replaced in place, one rename each; the pages reload. The
//! search index, which holds the text too, is rebuilt once the files have
//! been quiet a moment, on a thread of its own, and only the index files
//! whose bytes changed are replaced ([`Live::refresh_search`]); the next
//! edit cancels a rebuild under way rather than wait for it.
//!
//! Anything else (a note added, renamed or deleted; a line added before a
//! heading, a task or a transcript; an attachment, site.toml, a template;
//! a publish profile, whose redaction must see the text first) asks for a
//! full build ([`Live::update`] gives `None`).

use super::watch::Changes;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::SourceNote;
use crate::publish::Published;
use crate::render::{Renderer, theme::Theme};
use crate::write::Refreshed;
use anyhow::Result;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::thread::JoinHandle;
use std::time::Instant;

/// The served site as the last build left it, patched by every text-only
/// edit since.
pub struct Live {
    cfg: Config,
    /// Shared with a search rebuild under way.
    published: Arc<Published>,
    sources: Vec<SourceNote>,
    diagnostics: Vec<Diagnostic>,
    theme: Theme,
    /// The search index lags behind the pages.
    search_stale: bool,
    search: Option<SearchJob>,
}

/// A search index rebuild on its own thread.
struct SearchJob {
    cancel: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

/// What an incremental update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    /// Pages rendered again.
    pub pages: usize,
    /// Of those, pages whose bytes changed (and were replaced).
    pub written: usize,
}

impl Live {
    /// The site a full build (with its loaded notes kept) left in `cfg.output`.
    pub fn new(cfg: &Config, outcome: crate::Outcome) -> Result<Live> {
        Ok(Live {
            theme: Theme::load(cfg)?,
            cfg: cfg.clone(),
            published: Arc::new(outcome.published),
            sources: outcome.sources,
            diagnostics: outcome.diagnostics,
            search_stale: false,
            search: None,
        })
    }

    /// The diagnostics of the site as served.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Whether the search index waits for [`Live::refresh_search`].
    pub fn search_stale(&self) -> bool {
        self.search_stale
    }

    /// Apply `changes` by re-rendering only what they touch, when every one
    /// is a text-only edit of a note; `None` (nothing done) when a full
    /// build is needed. A search rebuild under way is cancelled first.
    pub fn update(&mut self, changes: &Changes) -> Option<Result<Updated>> {
        if !changes.config.is_empty() || changes.notes.is_empty() || self.cfg.profile.is_some() {
            return None;
        }
        let mut edits = Vec::new();
        for p in &changes.notes {
            edits.push(self.text_edit(p)?);
        }
        self.stop_search();
        let published = Arc::get_mut(&mut self.published)?;
        let store = published.site().store.clone();
        for (i, mut new, edit) in edits {
            if !published.patch_text(i, edit) {
                return None;
            }
            new.spill(&store);
            self.sources[i] = new;
        }
        self.search_stale = true;
        Some(self.render_notes(changes))
    }

    /// Cancel a search rebuild under way and wait for its thread (it stops
    /// at the next file it would write).
    fn stop_search(&mut self) {
        if let Some(job) = self.search.take() {
            job.cancel.store(true, Relaxed);
            let _ = job.thread.join();
        }
    }

    /// Note `p` (vault-relative), read again: its index, its loaded form
    /// and its new text, when the change is a text-only edit.
    fn text_edit(
        &self,
        p: &std::path::Path,
    ) -> Option<(usize, SourceNote, crate::resolve::TextEdit)> {
        let rel = p.to_str()?.replace('\\', "/");
        if !rel.to_ascii_lowercase().ends_with(".md") {
            return None;
        }
        let sources = &self.sources;
        let i = sources
            .binary_search_by(|n| n.path.as_str().cmp(&rel))
            .ok()?;
        let site = self.published.site();
        if site.notes.get(i).map(|n| n.path.as_str()) != Some(rel.as_str()) {
            return None;
        }
        // what the walk would not read, a build must decide
        let full = self.cfg.vault.join(p);
        if !std::fs::symlink_metadata(&full).is_ok_and(|m| m.file_type().is_file()) {
            return None;
        }
        if crate::load::ignore_set(&self.cfg.ignore).is_match(&rel) {
            return None;
        }
        // a diagnostic of loading, given or taken away, is not text-only
        let loaded = |d: &Diagnostic| d.file == rel && crate::load::CODES.contains(&d.code);
        if self.diagnostics.iter().any(loaded) {
            return None;
        }
        let bytes = std::fs::read(&full).ok()?;
        let (mut new, diags) = crate::load::parse_note(&rel, &bytes, &self.cfg);
        if !diags.is_empty() {
            return None;
        }
        new.captions = sources[i].captions.clone();
        let edit = crate::resolve::text_edit(&sources[i], &new, &self.cfg, &site.store)?;
        Some((i, new, edit))
    }

    /// Render the pages that show the edited notes and replace them.
    fn render_notes(&self, changes: &Changes) -> Result<Updated> {
        let site = self.published.site();
        let renderer = Renderer::new(&self.published, &self.cfg, &self.theme);
        let mut pages = std::collections::BTreeMap::new();
        for p in &changes.notes {
            let rel = p.to_string_lossy().replace('\\', "/");
            if let Ok(i) = site.notes.binary_search_by(|n| n.path.as_str().cmp(&rel)) {
                for f in renderer.pages_showing(i)? {
                    pages.insert(f.path.clone(), f);
                }
            }
        }
        if let Some(e) = site.store.error() {
            anyhow::bail!(e);
        }
        let mut written = 0;
        for f in pages.values() {
            written += usize::from(crate::write::replace_in(&self.cfg.output, f)?);
        }
        Ok(Updated {
            pages: pages.len(),
            written,
        })
    }

    /// Start rebuilding the search index of the site as it now is, on a
    /// thread of its own, when it is stale: the index files whose bytes
    /// changed are replaced as they are made, those no longer made removed.
    /// The thread prints its line when done. False when it was up to date.
    pub fn refresh_search(&mut self) -> bool {
        if !self.search_stale {
            return false;
        }
        self.stop_search();
        self.search_stale = false;
        let cancel = Arc::new(AtomicBool::new(false));
        let (published, flag) = (self.published.clone(), cancel.clone());
        let (out, links) = (self.cfg.output.clone(), self.cfg.directory_links);
        let thread = std::thread::spawn(move || {
            let t = Instant::now();
            let run = || -> Result<Refreshed> {
                let sink = crate::write::Refresh::new(&out, crate::search::DIR, &flag)?;
                crate::search::build_into(&published, links, &sink)?;
                sink.finish()
            };
            match run() {
                _ if flag.load(Relaxed) => {}
                Ok(r) => eprintln!(
                    "search index: {} of {} files replaced, {} removed, in {} ms",
                    r.written,
                    r.files,
                    r.removed,
                    t.elapsed().as_millis()
                ),
                Err(e) => eprintln!("search index: not updated: {e:#}"),
            }
        });
        self.search = Some(SearchJob { cancel, thread });
        true
    }
}

impl Drop for Live {
    /// A full build is about to replace the site: no index thread may
    /// write into it.
    fn drop(&mut self) {
        self.stop_search();
    }
}

/// Apply `changes` incrementally when `live` can, printing the terminal
/// line; false when a full build is needed (then nothing was done).
pub fn try_update(live: &mut Live, changes: &Changes, hub: &super::live::Hub, what: &str) -> bool {
    let t = Instant::now();
    match live.update(changes) {
        None => false,
        Some(Ok(u)) => {
            hub.built();
            let (errors, warnings) = super::watch::counts(live.diagnostics());
            eprintln!(
                "{what}: re-rendered {} page{} ({} changed) in {} ms ({errors} errors, {warnings} warnings)",
                u.pages,
                if u.pages == 1 { "" } else { "s" },
                u.written,
                t.elapsed().as_millis()
            );
            true
        }
        Some(Err(e)) => {
            // a page that cannot render now: let a full build say so
            eprintln!("{what}: {e:#}; building the whole site");
            false
        }
    }
}
