//! minutebook: a static-site generator for Obsidian-style meeting-note vaults.
//!
//! The build is a pipeline of plain stages over plain data, each a module
//! that can be read alone:
//!
//! 1. [`load`]: walk the vault, decode, split frontmatter (never fails on one bad note);
//! 2. [`resolve`]: link graph, backlinks, people, series, tags, tasks, transcripts;
//! 3. [`publish`]: what may go out (the only way to get a [`publish::Published`] site);
//! 4. [`render`]: Markdown and templates, in parallel;
//! 5. [`write`]: into a temporary folder, then swapped in.
//!
//! Notes' sources, bodies and transcripts, and the search index's postings,
//! wait between the stages in a [`store`] (a file of the staging folder), so
//! memory follows the notes in flight rather than the archive. Diagnostics
//! ([`diagnostics::Diagnostic`]) flow out of every stage. The
//! parsers of the input format sit apart from the stages: [`blocks`] (the
//! one Markdown block scanner: fences, headings, HTML blocks, comments),
//! [`markdown`], [`obsidian`], [`tasks`], [`transcript`], [`dates`] and, for
//! archives that are not minutebook-shaped, [`infer`]; what resolve and
//! render both know of raw HTML sits in [`html`]. Every module imports only
//! from the stages and modules below it: there are no import cycles.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod collate;
pub mod config;
pub mod diagnostics;
pub mod html;
pub mod load;
pub mod model;
pub mod parse;
pub mod publish;
pub mod render;
pub mod report;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod store;
pub mod urls;
pub mod write;

use anyhow::Result;
use config::Config;
use diagnostics::Diagnostic;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a run of the pipeline gives.
pub struct Outcome {
    /// The published site.
    pub published: publish::Published,
    /// Rendered files, sorted by path: only for runs into memory
    /// ([`run`], [`render_in_memory`]); a build streams them to disk.
    pub files: Vec<render::OutFile>,
    /// Files and bytes the run produced (written, copied or counted).
    pub written: write::Written,
    /// Attachments to copy: vault file → output-relative path.
    pub copies: Vec<(PathBuf, String)>,
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Of those, what publishing the attachments found (an SVG sanitised,
    /// one unreadable): `serve` keeps it while the links stay.
    pub attached: Vec<Diagnostic>,
    /// Time per stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// What the search index holds, when one was built.
    pub search: Option<search::Stats>,
    /// The leak guard, when the profile made promises.
    pub guard: Option<publish::guard::Guard>,
    /// After a build that replaced a site: the folder holding the previous
    /// one, still to be removed ([`write::remove_old`]) unless [`build`]
    /// already did.
    pub old_site: Option<PathBuf>,
    /// The loaded notes (their text waiting in the site's store), for
    /// [`build_for_serve`]; empty otherwise, as the pipeline lets them go
    /// once published.
    pub sources: Vec<load::SourceNote>,
    /// The vault's attachments as loaded, with [`Outcome::sources`].
    pub attachments: Vec<String>,
    /// The vault's canvases and bases as loaded (path, text), with
    /// [`Outcome::sources`].
    pub boards: Vec<(String, String)>,
    /// What loading the vault found, with [`Outcome::sources`].
    pub loaded: Vec<Diagnostic>,
    /// How the logs' pages were laid out (what `serve` compares a rebuild's
    /// with); `None` when the site was not rendered to a sink.
    pub logs: Option<[render::LogLayout; 3]>,
}

/// The leak guard for what a profile promised, minus the theme's own words.
fn guard(
    published: &publish::Published,
    theme: &render::theme::Theme,
) -> Option<publish::guard::Guard> {
    (!published.promises().is_empty()).then(|| {
        publish::guard::Guard::new(published.promises(), theme.own_text()).own_files(
            theme
                .static_files()
                .map(|(name, bytes)| (format!("static/{name}"), bytes)),
        )
    })
}

/// Run load → resolve → publish → render (pages and search index) into
/// memory: [`Outcome::files`] holds every file. `stage` is called as each
/// stage starts.
pub fn run(cfg: &Config, stage: &dyn Fn(&str)) -> Result<Outcome> {
    run_with(cfg, stage, true)
}

/// [`run`], building the search index or not.
pub fn run_with(cfg: &Config, stage: &dyn Fn(&str), index: bool) -> Result<Outcome> {
    let memory = render::Memory::default();
    let mut out = run_into(cfg, stage, index, &memory, None)?;
    out.files = memory.into_sorted();
    out.written = write::Written {
        files: out.files.len() + out.copies.len(),
        bytes: out.files.iter().map(|f| f.bytes.len() as u64).sum(),
    };
    Ok(out)
}

/// What `minutebook check` runs: every stage and every page rendered (so a
/// page that cannot render is an error), no search index, nothing kept.
pub fn check(cfg: &Config) -> Result<Outcome> {
    let discard = render::Discard::default();
    let mut out = run_into(cfg, &|_| {}, false, &discard, None)?;
    out.written = write::Written {
        files: discard.files.into_inner() + out.copies.len(),
        bytes: discard.bytes.into_inner(),
    };
    Ok(out)
}

/// Run load → resolve → publish → render, each page and index file handed
/// to `sink` as it is made; attachments to copy are listed, not copied.
/// With `keep` (what `serve` builds with), the loaded notes are kept in
/// [`Outcome::sources`] and their analyses in `keep`.
pub fn run_into(
    cfg: &Config,
    stage: &dyn Fn(&str),
    index: bool,
    sink: &dyn render::Sink,
    keep: Option<&resolve::Cache>,
) -> Result<Outcome> {
    let mut timings = Vec::new();
    let t = Instant::now();
    stage("loading");
    let theme = render::theme::Theme::load(cfg)?;
    // the notes' text waits in a file of the staging folder, not in memory
    let store = match sink.scratch_dir() {
        Some(dir) => store::Store::in_dir(dir)?,
        // `check` writes no site: the text waits in an unlinked file of the
        // system's temporary folder, or in memory when none can be made
        None => {
            store::Store::in_dir(&std::env::temp_dir()).unwrap_or_else(|_| store::Store::memory())
        }
    };
    let vault = load::load_into(cfg, std::sync::Arc::new(store))?;
    let vault_root = vault.root.clone();
    // the only files an attachment may be copied from
    let walked: std::collections::HashSet<String> = vault.attachments.iter().cloned().collect();
    timings.push(("load", t.elapsed()));
    let t = Instant::now();
    stage("resolving links");
    let site = match keep {
        Some(cache) => resolve::resolve_cached(&vault, cfg, cache),
        None => resolve::resolve(&vault, cfg),
    };
    timings.push(("resolve", t.elapsed()));
    let t = Instant::now();
    stage("publishing");
    let published = publish::publish(site, &vault, cfg);
    let (sources, attachments, boards, loaded) = if keep.is_some() {
        (
            vault.notes,
            vault.attachments,
            vault.boards,
            vault.diagnostics,
        )
    } else {
        // nothing reads the sources after publish: their frontmatter and
        // key lines go now, not after the last page is written
        drop(vault);
        (Vec::new(), Vec::new(), Vec::new(), Vec::new())
    };
    timings.push(("publish", t.elapsed()));
    let t = Instant::now();
    stage("rendering");
    let renderer = render::Renderer::new(&published, cfg, &theme);
    // the search index is built from the published site only, beside the pages
    let (rendered, built) = rayon::join(
        || renderer.render_into(sink),
        || {
            index.then(|| {
                let t = Instant::now();
                let stats = search::build_into(&published, cfg.directory_links, sink)?;
                Ok::<_, anyhow::Error>((stats, t.elapsed()))
            })
        },
    );
    rendered?;
    if let Some(e) = published.site().store.error() {
        anyhow::bail!(e);
    }
    timings.push(("render", t.elapsed()));
    let mut search_stats = None;
    if let Some(built) = built {
        let (stats, took) = built?;
        timings.push(("search index", took));
        search_stats = Some(stats);
    }
    let plan = crate::render::files::plan(&published, &vault_root, &walked, cfg.unsafe_html)?;
    for f in plan.files {
        sink.put(f)?;
    }
    let mut diagnostics = published.diagnostics().to_vec();
    diagnostics.extend(plan.diagnostics.iter().cloned());
    diagnostics::sort(&mut diagnostics);
    let guard = guard(&published, &theme);
    let logs = Some(renderer.log_layouts());
    Ok(Outcome {
        logs,
        published,
        files: Vec::new(),
        written: write::Written::default(),
        copies: plan.copies,
        diagnostics,
        attached: plan.diagnostics,
        timings,
        search: search_stats,
        guard,
        old_site: None,
        sources,
        attachments,
        boards,
        loaded,
    })
}

/// Run resolve → publish → render over a vault held in memory, with the
/// built-in theme: what the fuzz targets drive. Never writes anything.
pub fn render_in_memory(notes: &[(String, Vec<u8>)], attachments: &[String]) -> Result<Outcome> {
    let cfg = Config {
        root: PathBuf::from("/nonexistent-minutebook-root"),
        vault: PathBuf::from("/nonexistent-minutebook-vault"),
        progress: false,
        ..Config::default()
    };
    render_in_memory_with(&cfg, notes, attachments, false)
}

/// [`render_in_memory`] with a config of one's own (a profile, say), and
/// the search index when `index` is set: what the property tests drive.
/// The leak guard is built but not run (nothing is written).
pub fn render_in_memory_with(
    cfg: &Config,
    notes: &[(String, Vec<u8>)],
    attachments: &[String],
    index: bool,
) -> Result<Outcome> {
    let theme = render::theme::Theme::load(cfg)?;
    let vault = load::from_memory(cfg, notes, attachments);
    let site = resolve::resolve(&vault, cfg);
    let published = publish::publish(site, &vault, cfg);
    let mut files = render::Renderer::new(&published, cfg, &theme).render_all()?;
    let mut search = None;
    if index {
        let (more, stats) = search::build(&published, cfg.directory_links);
        files.extend(more);
        search = Some(stats);
    }
    let copies = copies(&published, std::path::Path::new(""));
    let diagnostics = published.diagnostics().to_vec();
    let guard = guard(&published, &theme);
    let written = write::Written {
        files: files.len() + copies.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
    };
    Ok(Outcome {
        logs: None,
        published,
        files,
        written,
        copies,
        diagnostics,
        attached: Vec::new(),
        timings: Vec::new(),
        search,
        guard,
        old_site: None,
        sources: Vec::new(),
        attachments: Vec::new(),
        boards: Vec::new(),
        loaded: Vec::new(),
    })
}

/// The attachments a published site uses: vault file (under `root`) → output path.
fn copies(published: &publish::Published, root: &std::path::Path) -> Vec<(PathBuf, String)> {
    published
        .site()
        .attachments
        .iter()
        .filter(|a| a.used && a.board.is_none())
        .map(|a| {
            (
                root.join(published.attachment_source(&a.path)),
                a.url.clone(),
            )
        })
        .collect()
}

/// Run the whole pipeline and write the site to `cfg.output`, removing
/// the previous site before returning.
pub fn build(cfg: &Config, stage: &dyn Fn(&str)) -> Result<Outcome> {
    let mut out = build_keeping_old(cfg, stage)?;
    if let Some(old) = out.old_site.take() {
        write::remove_old(&old)?;
    }
    Ok(out)
}

/// [`build`], leaving the previous site's folder ([`Outcome::old_site`])
/// for the caller to remove off the critical path.
pub fn build_keeping_old(cfg: &Config, stage: &dyn Fn(&str)) -> Result<Outcome> {
    build_with(cfg, stage, None)
}

/// [`build_keeping_old`], keeping the loaded notes ([`Outcome::sources`])
/// and their analyses (`cache`, which a later build may have filled):
/// what `serve` builds with, to re-render only what an edit touches and
/// analyse again only the notes it changed.
pub fn build_for_serve(cfg: &Config, cache: &resolve::Cache) -> Result<Outcome> {
    build_with(cfg, &|_| {}, Some(cache))
}

fn build_with(
    cfg: &Config,
    stage: &dyn Fn(&str),
    keep: Option<&resolve::Cache>,
) -> Result<Outcome> {
    let staging = write::Staging::begin(&cfg.output, &cfg.vault)?;
    let mut out = run_into(cfg, stage, true, &staging, keep)?;
    let t = Instant::now();
    stage("writing");
    {
        use rayon::prelude::*;
        out.copies
            .par_iter()
            .try_for_each(|(src, rel)| staging.copy(src, rel))?;
    }
    let guarded = std::cell::Cell::new(Duration::ZERO);
    let check = |tmp: &std::path::Path| -> Result<()> {
        let Some(g) = &out.guard else { return Ok(()) };
        let t = Instant::now();
        let leaks = g.scan_dir(tmp)?;
        guarded.set(t.elapsed());
        if leaks.is_empty() {
            return Ok(());
        }
        let shown: Vec<String> = leaks.iter().take(20).map(|l| format!("  {l}")).collect();
        let more = leaks.len().saturating_sub(20);
        anyhow::bail!(
            "leak guard: {} output file(s) hold what profile {:?} removes; the site was not written (the previous one is untouched):\n{}{}",
            leaks
                .iter()
                .map(|l| &l.file)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            out.published.profile().unwrap_or(""),
            shown.join("\n"),
            if more > 0 {
                format!("\n  … and {more} more")
            } else {
                String::new()
            }
        )
    };
    out.written = staging.written();
    out.old_site = staging.finish(&check)?;
    let written = t.elapsed();
    if out.guard.is_some() {
        out.timings
            .push(("write", written.saturating_sub(guarded.get())));
        out.timings.push(("leak guard", guarded.get()));
    } else {
        out.timings.push(("write", written));
    }
    Ok(out)
}
