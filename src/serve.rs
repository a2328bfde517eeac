//! `minutebook serve`: build, serve the output on localhost, rebuild on change.
//!
//! Takes the config and a port; serves `cfg.output` with tiny_http (only
//! files inside it, never outside; only to requests whose `Host` names this
//! machine, against DNS rebinding; with `nosniff`) and watches the vault, site.toml, the
//! theme and `templates/` with notify, rebuilding after changes settle.

use crate::config::Config;
use anyhow::{Context, Result};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Whether a request's `Host` header names this machine: `localhost`,
/// `127.0.0.1` or `[::1]` (any case, with or without a port), or the address
/// served on unless it is a wildcard. Anything else, or no `Host` at all, is
/// how a DNS-rebinding page would reach the server: it gets 403.
pub fn host_allowed(host: Option<&str>, bound: std::net::IpAddr) -> bool {
    let Some(host) = host.map(str::trim) else {
        return false;
    };
    let name = match host.rsplit_once(':') {
        // `[::1]:1111`, `localhost:1111`; a bare `[::1]` has no port
        Some((name, port))
            if !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && (!name.contains(':') || name.ends_with(']')) =>
        {
            name
        }
        _ => host,
    };
    let name = name.to_ascii_lowercase();
    if matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]") {
        return true;
    }
    let bound_name = match bound {
        std::net::IpAddr::V4(a) => a.to_string(),
        std::net::IpAddr::V6(a) => format!("[{a}]"),
    };
    !bound.is_unspecified() && name == bound_name
}

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
                o.written.files,
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
    let ip = std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
    let addr = format!("{ip}:{port}");
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
    let header = |name: &str, value: &str| {
        tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
            .map_err(|_| anyhow::anyhow!("bad header {name}"))
    };
    let nosniff = header("X-Content-Type-Options", "nosniff")?;
    for req in server.incoming_requests() {
        let host = req
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str());
        if !host_allowed(host, ip) {
            let resp = tiny_http::Response::from_data(b"forbidden: unknown Host\n".to_vec())
                .with_status_code(403);
            let _ = req.respond(resp);
            continue;
        }
        let resp = match resolve_request(&root, req.url()) {
            Some(f) => match std::fs::read(&f) {
                Ok(bytes) => tiny_http::Response::from_data(bytes)
                    .with_header(header("Content-Type", content_type(&f))?)
                    .with_header(nosniff.clone())
                    .with_status_code(200),
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
    fn only_local_host_names_are_answered() {
        let lo = std::net::IpAddr::from([127, 0, 0, 1]);
        for ok in [
            "localhost",
            "LOCALHOST:1111",
            "127.0.0.1",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:1111",
            " localhost ",
        ] {
            assert!(host_allowed(Some(ok), lo), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "localhost:80@evil.example",
            "localhost:",
            "::1",
            "[::1]x",
            "",
            "0.0.0.0",
        ] {
            assert!(!host_allowed(Some(bad), lo), "{bad}");
        }
        assert!(!host_allowed(None, lo));
        // the address served on counts, unless it is a wildcard
        let lan = std::net::IpAddr::from([192, 168, 1, 5]);
        assert!(host_allowed(Some("192.168.1.5:1111"), lan));
        assert!(!host_allowed(Some("192.168.1.5"), lo));
        let any = std::net::IpAddr::from([0, 0, 0, 0]);
        assert!(!host_allowed(Some("0.0.0.0:1111"), any));
        let v6 = "fe80::1".parse().unwrap();
        assert!(host_allowed(Some("[FE80::1]:1111"), v6));
    }

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
