//! What changed on disk: the files of one burst of events, sorted into
//! notes (the vault) and config (site.toml, templates, themes).
//!
//! Takes changed paths as the watcher reports them ([`Changes::add`]);
//! gives the [`Changes`] one rebuild takes. Editors' scratch files
//! ([`is_scratch`]), hidden folders (which `load` skips too) and the output
//! folder's own writes, staging folders included, are not changes.

use crate::config::Config;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a burst of events changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Vault files, relative to the vault.
    pub notes: BTreeSet<PathBuf>,
    /// site.toml, templates or theme files, relative to the site's folder.
    pub config: BTreeSet<PathBuf>,
}

impl Changes {
    /// Nothing that matters changed.
    pub fn is_empty(&self) -> bool {
        self.notes.is_empty() && self.config.is_empty()
    }

    /// Sort one changed path by what it is, if it matters.
    pub fn add(&mut self, cfg: &Config, p: &Path) {
        if p.starts_with(&cfg.output) || is_output_temp(cfg, p) || is_scratch(p) {
            return;
        }
        if cfg.file.as_deref() == Some(p) {
            self.config.insert(rel(p, &cfg.root));
            return;
        }
        for dir in ["templates", "themes"] {
            let d = cfg.root.join(dir);
            if p.starts_with(&d) && !hidden(p, &d) {
                self.config.insert(rel(p, &cfg.root));
                return;
            }
        }
        if p.starts_with(&cfg.vault) && !hidden(p, &cfg.vault) {
            self.notes.insert(rel(p, &cfg.vault));
        }
    }

    /// `a.md`, `a.md and b.md`, `a.md and 4 more`.
    pub fn describe(&self) -> String {
        let all: Vec<String> = self
            .config
            .iter()
            .chain(&self.notes)
            .map(|p| p.display().to_string())
            .collect();
        match all.len() {
            0 => "nothing".into(),
            1 => all[0].clone(),
            2 => format!("{} and {}", all[0], all[1]),
            n => format!("{} and {} more", all[0], n - 1),
        }
    }
}

fn rel(p: &Path, base: &Path) -> PathBuf {
    p.strip_prefix(base).unwrap_or(p).to_path_buf()
}

/// Whether any part of `p` below `base` is hidden (starts with a dot).
fn hidden(p: &Path, base: &Path) -> bool {
    rel(p, base)
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// The staging and set-aside folders a build makes beside the output
/// (`.public.tmp-PID`, `.public.old-PID`).
fn is_output_temp(cfg: &Config, p: &Path) -> bool {
    let Some(name) = cfg.output.file_name() else {
        return false;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    cfg.output.parent().is_some_and(|parent| {
        p.strip_prefix(parent).ok().is_some_and(|r| {
            r.components()
                .next()
                .is_some_and(|c| c.as_os_str().to_string_lossy().starts_with(&prefix))
        })
    })
}

/// An editor's scratch file: Vim's swap files and `4913` probe, Emacs's
/// lock and backup files, `~` backups, `.tmp` and `.crswap` files written
/// before a rename, macOS's `.DS_Store`.
pub fn is_scratch(p: &Path) -> bool {
    let Some(name) = p.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    name == "4913"
        || name == ".DS_Store"
        || name.starts_with(".#")
        || name.ends_with('~')
        || [".swp", ".swx", ".swo", ".tmp", ".crswap", ".kate-swp"]
            .iter()
            .any(|e| name.ends_with(e))
}
