//! Incremental rebuilds: what `serve` does after an edit of notes.
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
//! An edit that stays *local* ([`crate::resolve::local_edit`]: the note
//! names the same things in the same order — frontmatter, title, headings,
//! embeds, assignees, attendees, transcript — while its prose, its action
//! items' text and dates, its items, its links to other notes (not
//! people's) and where everything sits may change) is *patched*: the note
//! is resolved again on its own, the notes and people it links or linked
//! to get their backlinks again, its diagnostics move with their lines,
//! and only the pages that show what changed are rendered
//! ([`super::affected::pages_after_edits`]): the note's, its people's and
//! series', the lists and logs that show its rows and items, the actions
//! page, each replaced where it is. Debug builds check every patch against
//! a full resolve.
//!
//! Any other edit of notes (a note added, renamed or deleted; a link to a
//! person, a file or nothing; a tag, assignee, heading or frontmatter key
//! changed) is *rebuilt in place*: the notes the last build loaded are
//! kept, only the changed files are read again, and the whole site is
//! resolved (each unchanged note's analysis kept from the last resolve)
//! and the pages it changed rendered again in memory, each page replaced
//! only when its bytes changed and the pages no longer made removed
//! ([`crate::write::Refresh`]); no load, no staging folder, no search index
//! on the critical path.
//!
//! The rest (an attachment, a folder, a file a walk would treat apart such
//! as a symbolic link; site.toml, a template; a publish profile, whose
//! redaction must see the text first) asks for a full build
//! ([`Live::update`] gives `None`).

use super::changes::Changes;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::SourceNote;
use crate::publish::Published;
use crate::render::{Renderer, theme::Theme};
use crate::store::Store;
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
    /// The notes as loaded, their text waiting in `text`.
    sources: Vec<SourceNote>,
    /// The store of the first build, where the loaded notes' text, the
    /// kept analyses and every rebuild's site wait.
    text: Arc<Store>,
    /// How large `text` may grow before the next change takes a full build
    /// (which starts a new one): what each rebuild adds that is not kept
    /// (a changed note's text, the turns of minutes and captions) would
    /// otherwise pile up over a long session.
    text_limit: u64,
    /// The vault's attachments as the last full build walked them.
    attachments: Vec<String>,
    /// Its canvases and bases as that build read them.
    boards: Vec<(String, String)>,
    /// What loading the notes found (the walk's, and each note's).
    loaded: Vec<Diagnostic>,
    /// What publishing the attachments found at the last render.
    attached: Vec<Diagnostic>,
    /// The notes' analyses, their text in `text`: a rebuild analyses again
    /// only the notes whose text changed.
    kept: crate::resolve::Cache,
    /// How the last render laid the logs out.
    logs: Option<[crate::render::LogLayout; 3]>,
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

/// A changed vault file, read again.
enum Reread {
    /// No longer there.
    Gone,
    /// A file the config ignores: never a note.
    Ignored,
    /// A note, with the diagnostics of loading it.
    Note(Box<SourceNote>, Vec<Diagnostic>),
}

/// What an incremental update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    /// Pages rendered again.
    pub pages: usize,
    /// Of those, pages whose bytes changed (and were replaced).
    pub written: usize,
    /// Files removed (pages no longer made); rebuilt in place only.
    pub removed: usize,
    /// Whether the whole site was resolved again (in place).
    pub whole: bool,
    /// Files of the site (rebuilt in place only).
    pub files: usize,
    /// Whether the edited notes were resolved on their own (local edits),
    /// not the whole site.
    pub local: bool,
}

impl Live {
    /// The site a full build (with its loaded notes kept, and their
    /// analyses in `kept`) left in `cfg.output`.
    pub fn new(cfg: &Config, outcome: crate::Outcome, kept: crate::resolve::Cache) -> Result<Live> {
        Ok(Live {
            theme: Theme::load(cfg)?,
            cfg: cfg.clone(),
            text: outcome.published.site().store.clone(),
            text_limit: 2 * outcome.published.site().store.len() + (64 << 20),
            published: Arc::new(outcome.published),
            sources: outcome.sources,
            attachments: outcome.attachments,
            boards: outcome.boards,
            loaded: outcome.loaded,
            attached: outcome.attached,
            kept,
            logs: outcome.logs,
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

    /// Apply `changes` without a full build: by re-rendering only what they
    /// touch when every one is a text-only edit of a note, else by
    /// rebuilding in place when they are all notes' edits; `None` (nothing
    /// done) when a full build is needed (also once the session's store
    /// has grown past its limit). Each changed file is read once.
    /// A search rebuild under way is cancelled first.
    pub fn update(&mut self, changes: &Changes) -> Option<Result<Updated>> {
        if !changes.config.is_empty()
            || changes.notes.is_empty()
            || self.cfg.profile.is_some()
            || self.text.len() > self.text_limit
        {
            return None;
        }
        let read: Vec<(String, Reread)> = changes
            .notes
            .iter()
            .map(|p| self.reread(p))
            .collect::<Option<_>>()?;
        let edits: Option<Vec<_>> = read.iter().map(|(rel, r)| self.text_edit(rel, r)).collect();
        let Some(edits) = edits else {
            if let Some(done) = self.patch(&read) {
                return Some(done);
            }
            return self.rebuild(read);
        };
        self.stop_search();
        let published = Arc::get_mut(&mut self.published)?;
        let mut shown = Vec::new();
        for ((i, edit), (_, r)) in edits.into_iter().zip(read) {
            let Reread::Note(mut new, _) = r else {
                return None;
            };
            if !published.patch_text(i, edit) {
                return None;
            }
            new.spill(&self.text);
            self.sources[i] = *new;
            shown.push(i);
        }
        self.search_stale = true;
        Some(self.render_notes(&shown))
    }

    /// The changed vault file `p` read again as the walk would read it:
    /// its vault path and what is there; `None` when a full build must
    /// look at it (see the module's doc).
    fn reread(&self, p: &std::path::Path) -> Option<(String, Reread)> {
        let cfg = &self.cfg;
        let rel = p.to_str()?.replace('\\', "/");
        if !rel.to_ascii_lowercase().ends_with(".md") || rel.split('/').any(|c| c.starts_with('.'))
        {
            return None;
        }
        // what the walk said of this file, only the walk can say again
        let walked = ["unreadable-file", "outside-vault", "symlink-loop"];
        if self
            .loaded
            .iter()
            .any(|d| d.file == rel && walked.contains(&d.code))
        {
            return None;
        }
        let full = cfg.vault.join(&rel);
        let r = match std::fs::symlink_metadata(&full) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Reread::Gone,
            Ok(m) if m.file_type().is_file() => {
                if crate::load::ignore_set(&cfg.ignore).is_match(&rel) {
                    return Some((rel, Reread::Ignored));
                }
                // reached through no symbolic link: the walk would see it so
                let canon_root = std::fs::canonicalize(&cfg.vault).ok()?;
                if std::fs::canonicalize(&full).ok()? != canon_root.join(&rel) {
                    return None;
                }
                let bytes = std::fs::read(&full).ok()?;
                let (mut n, d) = crate::load::parse_note(&rel, &bytes, cfg);
                match self.sources.binary_search_by(|n| n.path.as_str().cmp(&rel)) {
                    Ok(i) => n.captions = self.sources[i].captions.clone(),
                    Err(_) => {
                        let base = &rel[..rel.len() - 3];
                        let has_captions = ["vtt", "srt"].iter().any(|ext| {
                            self.attachments
                                .binary_search(&format!("{base}.{ext}"))
                                .is_ok()
                        });
                        if has_captions {
                            return None;
                        }
                    }
                }
                Reread::Note(Box::new(n), d)
            }
            _ => return None,
        };
        Some((rel, r))
    }

    /// The notes as they are after the changes `read`, with the
    /// diagnostics of loading them.
    fn reload(&self, read: Vec<(String, Reread)>) -> (Vec<SourceNote>, Vec<Diagnostic>) {
        let mut notes = self.sources.clone();
        let mut diags = self.loaded.clone();
        for (rel, r) in read {
            let at = notes.binary_search_by(|n| n.path.as_str().cmp(&rel));
            match r {
                Reread::Ignored => continue,
                Reread::Gone => {
                    if let Ok(i) = at {
                        notes.remove(i);
                    }
                }
                Reread::Note(mut n, d) => {
                    n.spill(&self.text);
                    diags.retain(|x| x.file != rel);
                    diags.extend(d);
                    match at {
                        Ok(i) => notes[i] = *n,
                        Err(i) => notes.insert(i, *n),
                    }
                    continue;
                }
            }
            diags.retain(|x| x.file != rel);
        }
        (notes, diags)
    }

    /// Resolve and render the whole site again from the notes as loaded
    /// and those `read` again, replacing the pages whose
    /// bytes changed and removing those no longer made.
    fn rebuild(&mut self, read: Vec<(String, Reread)>) -> Option<Result<Updated>> {
        let edited: std::collections::BTreeSet<String> =
            read.iter().map(|(rel, _)| rel.clone()).collect();
        let (notes, diagnostics) = self.reload(read);
        self.stop_search();
        let cfg = &self.cfg;
        // the new site's own text (bodies, transcripts) goes where the
        // notes' text and the kept analyses' wait: only what changed is
        // put there again
        let vault = crate::load::Vault {
            root: cfg.vault.clone(),
            notes,
            attachments: self.attachments.clone(),
            boards: self.boards.clone(),
            diagnostics,
            store: self.text.clone(),
            text: self.text.clone(),
        };
        let site = crate::resolve::resolve_cached(&vault, cfg, &self.kept);
        let published = crate::publish::publish(site, &vault, cfg);
        let pick =
            super::affected::pages_to_render(self.published.site(), published.site(), &edited);
        Some(
            self.render_in_place(&published, pick, false)
                .map(|(diagnostics, updated, logs)| {
                    self.logs = Some(logs);
                    self.published = Arc::new(published);
                    self.diagnostics = diagnostics;
                    self.sources = vault.notes;
                    self.loaded = vault.diagnostics;
                    self.search_stale = true;
                    updated
                }),
        )
    }

    /// Apply `read`, edits of notes, as local edits
    /// ([`crate::resolve::local_edit`]): the site patched where they
    /// reach, the pages that show what changed rendered again. `None`
    /// (nothing changed) when one is not a local edit.
    fn patch(&mut self, read: &[(String, Reread)]) -> Option<Result<Updated>> {
        let mut edits = Vec::new();
        for (rel, r) in read {
            let Reread::Note(new, diags) = r else {
                return None;
            };
            // a diagnostic of loading, given or taken away: a full rebuild
            if !diags.is_empty() || self.loaded.iter().any(|d| d.file == *rel) {
                return None;
            }
            let i = self
                .sources
                .binary_search_by(|n| n.path.as_str().cmp(rel))
                .ok()?;
            edits.push((i, new));
        }
        if edits
            .iter()
            .map(|(i, _)| i)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            != edits.len()
        {
            return None;
        }
        // each edit against the site as the edits before it left it: all
        // are found local before any is applied
        let site = self.published.site();
        let found: Vec<crate::resolve::LocalEdit> = edits
            .iter()
            .map(|(i, new)| {
                crate::resolve::local_edit(site, &self.sources, *i, new, &self.cfg, &self.text)
            })
            .collect::<Option<_>>()?;
        self.stop_search();
        let published = Arc::get_mut(&mut self.published)?;
        let mut before = crate::resolve::Before::default();
        for edit in found {
            if !published.patch_local(edit, &mut before) {
                return None;
            }
        }
        for (i, new) in edits {
            let mut new = new.clone();
            new.spill(&self.text);
            self.sources[i] = *new;
        }
        self.search_stale = true;
        #[cfg(debug_assertions)]
        self.verify();
        let pick = super::affected::pages_after_edits(self.published.site(), &before);
        let published = self.published.clone();
        Some(self.render_in_place(&published, Some(pick), true).map(
            |(diagnostics, updated, logs)| {
                self.logs = Some(logs);
                self.diagnostics = diagnostics;
                Updated {
                    local: true,
                    ..updated
                }
            },
        ))
    }

    /// Render `published` into the output folder in place: the pages
    /// `pick` names (all when `None`), each replaced only when its bytes
    /// changed, the pages no longer made removed. Gives the diagnostics of
    /// the site, what was done and how the logs were laid out. After
    /// `local` edits (which link to what they linked to), the site makes
    /// the files it made unless the logs are laid out anew: then the pages
    /// picked are replaced and nothing else is looked at.
    fn render_in_place(
        &mut self,
        published: &Published,
        mut pick: Option<crate::render::Pick>,
        local: bool,
    ) -> Result<(Vec<Diagnostic>, Updated, [crate::render::LogLayout; 3])> {
        let cfg = &self.cfg;
        // the logs not rendered again are laid out as they were
        let known = match (&pick, self.logs) {
            (Some(p), Some(old)) => std::array::from_fn(|k| (!p.logs[k]).then_some(old[k])),
            _ => [None; 3],
        };
        let renderer = Renderer::new(published, cfg, &self.theme).knowing_logs(known);
        if let Some(p) = &mut pick {
            // person and series pages link to the logs' pages
            if p.logs.iter().any(|&l| l) && Some(renderer.log_layouts()) != self.logs {
                p.people.fill(true);
                p.series.fill(true);
            }
        }
        let same_logs = Some(renderer.log_layouts()) == self.logs;
        if let (true, true, Some(pick)) = (local, same_logs, &pick) {
            let sink = crate::write::InPlace::new(&cfg.output);
            renderer.render_some(&sink, pick)?;
            if let Some(e) = published.site().store.error() {
                anyhow::bail!(e);
            }
            let (pages, written) = sink.counts();
            let updated = Updated {
                pages,
                written,
                removed: 0,
                whole: false,
                files: 0,
                local: true,
            };
            return Ok((
                self.site_diagnostics(published),
                updated,
                renderer.log_layouts(),
            ));
        }
        let walked: std::collections::HashSet<String> = self.attachments.iter().cloned().collect();
        let plan = crate::render::files::plan(published, &cfg.vault, &walked, cfg.unsafe_html)?;
        let mut spare = vec![format!("{}/", crate::search::DIR)];
        spare.extend(plan.copies.iter().map(|(_, rel)| rel.clone()));
        // the logs and archive not rendered again stay as they are
        if let Some(pick) = &pick {
            for (kind, picked) in crate::model::ItemKind::ALL.iter().zip(pick.logs) {
                if !picked {
                    spare.push(format!("{}/", kind.slug()));
                }
            }
            if !pick.archive {
                spare.push("archive/".to_string());
            }
        }
        let never = AtomicBool::new(false);
        let sink = crate::write::Refresh::whole(&cfg.output, &never, spare);
        match &pick {
            None => renderer.render_into(&sink)?,
            Some(pick) => {
                renderer.render_some(&sink, pick)?;
                // the pages not rendered again stay as they are
                for path in renderer.pages_left_out(pick) {
                    sink.keep(&path)?;
                }
            }
        }
        if let Some(e) = published.site().store.error() {
            anyhow::bail!(e);
        }
        for f in plan.files {
            crate::render::Sink::put(&sink, f)?;
        }
        let mut copied = 0;
        for (src, rel) in &plan.copies {
            copied += usize::from(crate::write::copy_in(&cfg.output, src, rel)?);
        }
        // attachments no longer linked to go with the pages
        let r = sink.finish()?;
        self.attached = plan.diagnostics;
        let updated = Updated {
            pages: r.given,
            written: r.written + copied,
            removed: r.removed,
            whole: true,
            files: r.files,
            local: false,
        };
        Ok((
            self.site_diagnostics(published),
            updated,
            renderer.log_layouts(),
        ))
    }

    /// The diagnostics of the site `published`, its attachments as the
    /// last render found them: every one, sorted.
    fn site_diagnostics(&self, published: &Published) -> Vec<Diagnostic> {
        let mut diagnostics = published.diagnostics().to_vec();
        diagnostics.extend(self.attached.iter().cloned());
        crate::diagnostics::sort(&mut diagnostics);
        diagnostics
    }

    /// The site as patched is the site a full resolve of the notes gives
    /// (debug builds: every test of `serve` checks the local edits so).
    #[cfg(debug_assertions)]
    fn verify(&self) {
        let vault = crate::load::Vault {
            root: self.cfg.vault.clone(),
            notes: self
                .sources
                .iter()
                .map(|n| n.unspilled(&self.text))
                .collect(),
            attachments: self.attachments.clone(),
            boards: self.boards.clone(),
            diagnostics: self.loaded.clone(),
            // the check puts nothing in the session's store
            store: Arc::new(Store::memory()),
            text: Arc::new(Store::memory()),
        };
        let fresh = crate::publish::publish(
            crate::resolve::resolve(&vault, &self.cfg),
            &vault,
            &self.cfg,
        );
        if let Err(e) = crate::resolve::alike(self.published.site(), fresh.site()) {
            eprintln!("a local edit patched the site unlike a full resolve: {e}");
            std::process::abort();
        }
    }

    /// Cancel a search rebuild under way and wait for its thread (it stops
    /// at the next file it would write).
    fn stop_search(&mut self) {
        if let Some(job) = self.search.take() {
            job.cancel.store(true, Relaxed);
            let _ = job.thread.join();
        }
    }

    /// The note at `rel`, read again as `r`: its index and its new text,
    /// when the change is a text-only edit.
    fn text_edit(&self, rel: &str, r: &Reread) -> Option<(usize, crate::resolve::TextEdit)> {
        let Reread::Note(new, diags) = r else {
            return None;
        };
        // a diagnostic of loading, given or taken away, is not text-only
        if !diags.is_empty() || self.loaded.iter().any(|d| d.file == rel) {
            return None;
        }
        let i = self
            .sources
            .binary_search_by(|n| n.path.as_str().cmp(rel))
            .ok()?;
        let note = self
            .published
            .site()
            .notes
            .get(i)
            .filter(|n| n.path == rel)?;
        let minutes = note.transcript.as_ref().is_some_and(|t| t.inline);
        let edit =
            crate::resolve::text_edit(&self.sources[i], new, minutes, &self.cfg, &self.text)?;
        Some((i, edit))
    }

    /// Render the pages that show the edited notes (indices) and replace
    /// them.
    fn render_notes(&self, edited: &[usize]) -> Result<Updated> {
        let site = self.published.site();
        let renderer = Renderer::new(&self.published, &self.cfg, &self.theme);
        let mut pages = std::collections::BTreeMap::new();
        for &i in edited {
            for f in renderer.pages_showing(i)? {
                pages.insert(f.path.clone(), f);
            }
        }
        // the edited notes' hover previews (their summary is their text)
        let shards: Vec<usize> = edited
            .iter()
            .map(|&i| crate::render::previews::shard_of(site, &site.notes[i].url))
            .collect();
        for f in crate::render::previews::files_of(site, &|k| shards.contains(&k)) {
            pages.insert(f.path.clone(), f);
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
            removed: 0,
            whole: false,
            files: 0,
            local: false,
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
            let (errors, warnings) = crate::diagnostics::counts(live.diagnostics());
            let ms = t.elapsed().as_millis();
            let pages = format!("{} page{}", u.pages, if u.pages == 1 { "" } else { "s" });
            let did = match (u.whole, u.local) {
                (true, local) => format!(
                    "rebuilt in place, {} of {} files rendered, {} changed, {} removed, in {ms} ms{}",
                    u.pages,
                    u.files,
                    u.written,
                    u.removed,
                    if local {
                        ", the notes resolved on their own"
                    } else {
                        ""
                    }
                ),
                (false, true) => format!(
                    "the notes resolved on their own, {pages} rendered, {} changed, in {ms} ms",
                    u.written
                ),
                (false, false) => format!("re-rendered {pages} ({} changed) in {ms} ms", u.written),
            };
            eprintln!("{what}: {did} ({errors} errors, {warnings} warnings)");
            true
        }
        Some(Err(e)) => {
            // a page that cannot render now: let a full build say so
            eprintln!("{what}: {e:#}; building the whole site");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(p: &std::path::Path, text: &str) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// A session's store takes, per rebuild in place or local edit, the
    /// edited note's text and little else: not every transcript again, nor
    /// the search index's postings.
    #[test]
    fn rebuilds_add_to_the_sessions_store_only_what_changed() {
        let d = tempfile::tempdir().unwrap();
        let vault = d.path().join("vault");
        let mut turns = String::new();
        for k in 0..1500 {
            let who = ["Ona Park", "Ivo Marsh"][k % 2];
            turns.push_str(&format!(
                "[{:02}:{:02}:{:02}.00] {who} : the tide table for berth {k} moves again\n\n",
                k / 3600,
                k / 60 % 60,
                k % 60
            ));
        }
        write(
            &vault.join("2026-05-04 Quay Sync.md"),
            &format!(
                "---\ndate: 2026-05-04\nattendees: [\"[[Ona Park]]\", \"[[Ivo Marsh]]\"]\n---\n# Quay Sync\n\n## Transcript\n\n```text\n{turns}```\n"
            ),
        );
        let edited = "2026-05-05 Crane Check.md";
        write(
            &vault.join(edited),
            "---\ndate: 2026-05-05\n---\n# Crane Check\n\nBolts and cables.\n",
        );
        let cfg = Config {
            root: d.path().to_path_buf(),
            vault: vault.clone(),
            output: d.path().join("public"),
            progress: false,
            ..Config::default()
        };
        let cache = crate::resolve::Cache::default();
        let outcome = crate::build_for_serve(&cfg, &cache).unwrap();
        let mut live = Live::new(&cfg, outcome, cache).unwrap();
        let site = live.published.site();
        assert!(
            site.notes.iter().any(|n| n.transcript.is_some()),
            "the fixture has a transcript"
        );
        let start = live.text.len();
        assert!(start > 60_000, "{start}");
        let mut text = std::fs::read_to_string(vault.join(edited)).unwrap();
        for k in 0..6 {
            let before = live.text.len();
            // a heading more resolves the site again; a task alone, the
            // note
            if k % 2 == 0 {
                text.push_str(&format!("\n## Crane {k}\n"));
            }
            text.push_str(&format!("\n- [ ] Grease crane {k} 📅 2026-05-1{k}\n"));
            write(&vault.join(edited), &text);
            let changes = Changes {
                notes: [std::path::PathBuf::from(edited)].into_iter().collect(),
                config: Default::default(),
            };
            let updated = live.update(&changes).expect("in place").unwrap();
            assert_eq!(
                (updated.whole, updated.local),
                (k % 2 == 0, k % 2 == 1),
                "edit {k}"
            );
            assert!(live.refresh_search());
            // the index's rebuild runs to its end
            if let Some(job) = live.search.take() {
                job.thread.join().unwrap();
            }
            let grew = live.text.len() - before;
            assert!(grew < 2_000, "rebuild {k} put {grew} bytes");
        }
        // past its limit, the store is started again by a full build
        live.text_limit = live.text.len() - 1;
        text.push_str("\nOne more line.\n");
        write(&vault.join(edited), &text);
        let changes = Changes {
            notes: [std::path::PathBuf::from(edited)].into_iter().collect(),
            config: Default::default(),
        };
        assert!(live.update(&changes).is_none(), "a full build");
    }
}
