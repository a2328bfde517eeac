//! `minutebook serve`: build, serve the output on localhost, rebuild on change.
//!
//! Takes the config and a port; serves `cfg.output` with tiny_http (only
//! files inside it, never outside) and watches the vault, site.toml, the
//! theme and `templates/` with notify, rebuilding after changes settle.

use crate::config::Config;
use anyhow::{Context, Result};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Content type of a file by extension.
pub fn content_type(p: &Path) -> &'static str {
    match p
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("png") => "image/png",
        Some("jpg") | Some("jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("svg") => "image/svg+xml",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file under `root` that a request path names, if it is inside `root`.
pub fn resolve_request(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::urls::percent_decode(path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut full = root.join(rel);
    if full.is_dir() {
        full = full.join("index.html");
    }
    full.is_file().then_some(full)
}

fn rebuild(cfg: &Config) {
    match crate::build(cfg, &|_| {}) {
        Ok(o) => {
            let errors = o
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::diagnostics::Severity::Error)
                .count();
            eprintln!(
                "rebuilt: {} files, {} diagnostics ({} errors)",
                o.files.len(),
                o.diagnostics.len(),
                errors
            );
        }
        Err(e) => eprintln!("build failed: {e:#}"),
    }
}

/// Serve until interrupted.
pub fn serve(cfg: &Config, port: u16, watch: bool) -> Result<()> {
    rebuild(cfg);
    let addr = format!("127.0.0.1:{port}");
    let server = tiny_http::Server::http(&addr)
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    eprintln!(
        "serving {} at http://{addr}/ (Ctrl-C to stop)",
        cfg.output.display()
    );
    let _watcher = if watch {
        Some(start_watch(cfg.clone())?)
    } else {
        None
    };
    let root = cfg.output.clone();
    for req in server.incoming_requests() {
        let resp = match resolve_request(&root, req.url()) {
            Some(f) => match std::fs::read(&f) {
                Ok(bytes) => {
                    let header = tiny_http::Header::from_bytes(
                        &b"Content-Type"[..],
                        content_type(&f).as_bytes(),
                    )
                    .map_err(|_| anyhow::anyhow!("bad header"))?;
                    tiny_http::Response::from_data(bytes)
                        .with_header(header)
                        .with_status_code(200)
                }
                Err(_) => {
                    tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                }
            },
            None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        };
        let _ = req.respond(resp);
    }
    Ok(())
}

fn start_watch(cfg: Config) -> Result<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = mpsc::channel::<()>();
    let out = cfg.output.clone();
    let mut w = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev {
            if ev
                .paths
                .iter()
                .any(|p| !p.starts_with(&out) && !p.to_string_lossy().contains(".tmp-"))
            {
                let _ = tx.send(());
            }
        }
    })
    .context("cannot watch for changes")?;
    w.watch(&cfg.vault, RecursiveMode::Recursive)?;
    for extra in [cfg.root.join("templates"), cfg.root.join("themes")] {
        if extra.is_dir() {
            w.watch(&extra, RecursiveMode::Recursive)?;
        }
    }
    if let Some(f) = &cfg.file {
        w.watch(f, RecursiveMode::NonRecursive)?;
    }
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            // let a burst of changes settle
            while rx.recv_timeout(Duration::from_millis(300)).is_ok() {}
            rebuild(&cfg);
        }
    });
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_stay_inside_the_root() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("a")).unwrap();
        std::fs::write(d.path().join("a/index.html"), "x").unwrap();
        assert!(resolve_request(d.path(), "/a/").is_some());
        assert!(resolve_request(d.path(), "/a/index.html?x=1").is_some());
        assert!(resolve_request(d.path(), "/../etc/passwd").is_none());
        assert!(resolve_request(d.path(), "/%2e%2e/x").is_none());
    }
}
