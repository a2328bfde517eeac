//! Watching for changes and rebuilding: what `serve` does between requests.
//!
//! Takes the config (and a way to read it again), a [`Hub`] to tell pages,
//! and filesystem events from notify; gives a rebuilt site after each burst
//! of changes, and one terminal line per rebuild. Events are gathered until
//! the files have been quiet for [`SETTLE`] (an editor's save is often
//! several events: a temporary file written, renamed over the note, its
//! metadata touched), at most [`SETTLE_MAX`]. Editors' scratch files, hidden
//! folders (which `load` skips too: `.obsidian/`, `.git/`, `.trash/`) and
//! the output folder's own writes are not changes. A change to site.toml,
//! `templates/` or `themes/` reads the config again before building; if it
//! no longer reads, the error goes to the pages and the last good site
//! stays.

use super::changes::Changes;
use super::incremental::{self, Live};
use super::live::Hub;
use crate::config::Config;
use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, EventKind};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Quiet time that ends a burst of events.
pub const SETTLE: Duration = Duration::from_millis(40);
/// The longest a burst is gathered before building anyway.
pub const SETTLE_MAX: Duration = Duration::from_millis(1000);

/// Reads the config again (site.toml with the command line's overrides).
pub type Loader = Box<dyn Fn() -> Result<Config> + Send>;

/// Whether an event can change a file's content or existence (opening or
/// reading a file cannot; closing one written can).
pub fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Watch what a build reads: the vault, the site's folder (site.toml, and
/// `templates/` or `themes/` appearing), and `templates/` and `themes/`.
pub fn watcher(cfg: &Config, tx: Sender<PathBuf>) -> Result<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let mut w = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev {
            if is_change(&ev.kind) {
                for p in ev.paths {
                    let _ = tx.send(p);
                }
            }
        }
    })
    .context("cannot watch for changes")?;
    w.watch(&cfg.vault, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", cfg.vault.display()))?;
    if cfg.root.is_dir() && !cfg.root.starts_with(&cfg.vault) {
        w.watch(&cfg.root, RecursiveMode::NonRecursive)?;
    }
    for extra in [cfg.root.join("templates"), cfg.root.join("themes")] {
        if extra.is_dir() && !extra.starts_with(&cfg.vault) {
            w.watch(&extra, RecursiveMode::Recursive)?;
        }
    }
    Ok(w)
}

/// Quiet time after a text-only edit before the search index is rebuilt
/// (a writer saving again soon gets their page first).
pub const SEARCH_AFTER: Duration = Duration::from_millis(250);

/// What the watcher gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// A burst of changes.
    Changes(Changes),
    /// No change came in the time given.
    Quiet,
    /// The watcher is gone.
    Closed,
}

/// Gather the next burst of changes: wait for a first path, then until the
/// files are quiet. `None` when the watcher is gone.
pub fn next_burst(rx: &Receiver<PathBuf>, cfg: &Config) -> Option<Changes> {
    match next_within(rx, cfg, None) {
        Next::Changes(c) => Some(c),
        Next::Quiet | Next::Closed => None,
    }
}

/// [`next_burst`], waiting at most `wait` for the first path when given.
pub fn next_within(rx: &Receiver<PathBuf>, cfg: &Config, wait: Option<Duration>) -> Next {
    use std::sync::mpsc::RecvTimeoutError;
    loop {
        let first = match wait {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(w) => rx.recv_timeout(w),
        };
        let first = match first {
            Ok(p) => p,
            Err(RecvTimeoutError::Timeout) => return Next::Quiet,
            Err(RecvTimeoutError::Disconnected) => return Next::Closed,
        };
        let mut changes = Changes::default();
        changes.add(cfg, &first);
        let start = Instant::now();
        while start.elapsed() < SETTLE_MAX {
            match rx.recv_timeout(SETTLE) {
                Ok(p) => changes.add(cfg, &p),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Next::Closed,
            }
        }
        if !changes.is_empty() {
            return Next::Changes(changes);
        }
    }
}

/// Build once; tell the pages; print a line. What the first build and every
/// full rebuild run. Gives the built site for incremental updates when
/// `keep` (a watching server) and the build succeeded.
pub fn build_and_tell(cfg: &Config, hub: &Hub, what: &str, keep: bool) -> Option<Live> {
    let t = Instant::now();
    // the notes' analyses, kept for the rebuilds until the next full build
    let cache = crate::resolve::Cache::default();
    let built = if keep {
        crate::build_for_serve(cfg, &cache)
    } else {
        crate::build_keeping_old(cfg, &|_| {})
    };
    match built {
        Ok(mut o) => {
            let ms = t.elapsed().as_millis();
            hub.built();
            let (errors, warnings) = crate::diagnostics::counts(&o.diagnostics);
            eprintln!(
                "{what}: built {} files in {ms} ms ({errors} errors, {warnings} warnings)",
                o.written.files
            );
            if let Some(old) = o.old_site.take() {
                if let Err(e) = crate::write::remove_old(&old) {
                    eprintln!("warning: {e:#}");
                }
            }
            if !keep {
                return None;
            }
            match Live::new(cfg, o, cache) {
                Ok(live) => Some(live),
                Err(e) => {
                    eprintln!("warning: every change will rebuild the whole site: {e:#}");
                    None
                }
            }
        }
        Err(e) => {
            let msg = format!("{e:#}");
            eprintln!(
                "{what}: build failed in {} ms, still serving the last good site:\n{msg}",
                t.elapsed().as_millis()
            );
            hub.failed(msg);
            None
        }
    }
}

/// The watcher and the channel its changes come through: started before
/// the first build, so that nothing saved while it runs goes unseen.
pub struct Watching {
    tx: Sender<PathBuf>,
    rx: Receiver<PathBuf>,
    watcher: Option<notify::RecommendedWatcher>,
}

impl Watching {
    /// Watch what a build with `cfg` reads ([`watcher`]).
    pub fn start(cfg: &Config) -> Result<Watching> {
        let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
        let watcher = Some(watcher(cfg, tx.clone())?);
        Ok(Watching { tx, rx, watcher })
    }
}

/// Rebuild after every burst of changes, reading the config again when it
/// or the theme changed; keeps the served folder in `served` up to date.
/// `live` is the first build's site: a text-only edit re-renders only the
/// pages that show it ([`incremental`]), and the search index follows once
/// the files have been quiet for [`SEARCH_AFTER`].
pub fn rebuild_loop(
    mut cfg: Config,
    load: Loader,
    hub: Arc<Hub>,
    served: Arc<RwLock<PathBuf>>,
    mut live: Option<Live>,
    watching: Watching,
) {
    let Watching {
        tx,
        rx,
        watcher: mut w,
    } = watching;
    loop {
        let stale = live.as_ref().is_some_and(Live::search_stale);
        let changes = match next_within(&rx, &cfg, stale.then_some(SEARCH_AFTER)) {
            Next::Changes(c) => c,
            Next::Quiet => {
                if let Some(l) = live.as_mut() {
                    l.refresh_search();
                }
                continue;
            }
            Next::Closed => break,
        };
        let what = format!("changed {}", changes.describe());
        if let Some(l) = live.as_mut() {
            if incremental::try_update(l, &changes, &hub, &what) {
                continue;
            }
        }
        // a full build replaces what the incremental one knew
        live = None;
        if !changes.config.is_empty() {
            match load() {
                Ok(new) => {
                    cfg = new;
                    *served.write().unwrap_or_else(|e| e.into_inner()) = cfg.output.clone();
                    // the vault may have moved, `templates/` may have appeared
                    drop(w.take());
                    match watcher(&cfg, tx.clone()) {
                        Ok(nw) => w = Some(nw),
                        Err(e) => eprintln!("warning: not watching for changes: {e:#}"),
                    }
                }
                Err(e) => {
                    let msg = format!("{e:#}");
                    eprintln!(
                        "{what}: the config does not load, still serving the last good site:\n{msg}"
                    );
                    hub.failed(msg);
                    continue;
                }
            }
        }
        live = build_and_tell(&cfg, &hub, &what, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn cfg() -> Config {
        Config {
            root: PathBuf::from("/site"),
            vault: PathBuf::from("/site/vault"),
            output: PathBuf::from("/site/public"),
            file: Some(PathBuf::from("/site/site.toml")),
            ..Config::default()
        }
    }

    #[test]
    fn changes_are_sorted_and_noise_dropped() {
        let c = cfg();
        let mut ch = Changes::default();
        for p in [
            "/site/vault/Meetings/a.md",
            "/site/vault/Meetings/.a.md.swp",
            "/site/vault/Meetings/4913",
            "/site/vault/Meetings/a.md~",
            "/site/vault/.obsidian/workspace.json",
            "/site/vault/.trash/old.md",
            "/site/public/index.html",
            "/site/.public.tmp-42/index.html",
            "/site/.public.old-42",
            "/site/README.md",
            "/site/site.toml",
            "/site/templates/page.html",
            "/site/themes/dark/static/style.css",
        ] {
            ch.add(&c, Path::new(p));
        }
        assert_eq!(
            ch.notes.iter().collect::<Vec<_>>(),
            [Path::new("Meetings/a.md")]
        );
        assert_eq!(
            ch.config.iter().collect::<Vec<_>>(),
            [
                Path::new("site.toml"),
                Path::new("templates/page.html"),
                Path::new("themes/dark/static/style.css")
            ]
        );
        assert_eq!(ch.describe(), "site.toml and 3 more");
    }

    #[test]
    fn reads_and_opens_are_not_changes() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};
        assert!(!is_change(&EventKind::Access(AccessKind::Read)));
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(is_change(&EventKind::Remove(RemoveKind::File)));
    }

    #[test]
    fn a_burst_is_one_change() {
        let c = cfg();
        let (tx, rx) = std::sync::mpsc::channel();
        let t = std::thread::spawn(move || {
            for p in ["a.md.tmp", "a.md", "a.md", "b.md"] {
                tx.send(PathBuf::from("/site/vault").join(p)).unwrap();
                std::thread::sleep(Duration::from_millis(5));
            }
            tx
        });
        let ch = next_burst(&rx, &c).unwrap();
        assert_eq!(ch.describe(), "a.md and b.md");
        drop(t.join().unwrap());
        assert!(next_burst(&rx, &c).is_none());
    }
}
