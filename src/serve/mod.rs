//! `minutebook serve`: build, serve the output on localhost, rebuild on
//! change, reload the pages.
//!
//! Takes the config, a way to read it again, and [`Options`]; serves
//! `cfg.output` with tiny_http (only files inside it, never outside; only to
//! requests whose `Host` names this machine, against DNS rebinding; with
//! `nosniff` and `no-cache`) and, unless told not to, watches the vault,
//! site.toml, the theme and `templates/` ([`watch`]), rebuilding after
//! changes settle and telling open pages to reload or to show the build's
//! error ([`live`]).

pub mod affected;
pub mod changes;
pub mod incremental;
pub mod live;
pub mod watch;

use crate::config::Config;
use anyhow::{Context, Result};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Whether a request's `Host` header names this machine: `localhost`,
/// `127.0.0.1` or `[::1]` (any case, with or without a port), or the address
/// served on; when that is a wildcard (`--bind 0.0.0.0`), any IP address
/// but the wildcard itself. Anything else, or no `Host` at all, is how a
/// DNS-rebinding page would reach the server: it gets 403.
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
    if bound.is_unspecified() {
        // listening on every address (`--bind 0.0.0.0`): any address of this
        // machine may be typed; an IP literal cannot be rebound by DNS
        let ip = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(&name);
        return ip
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| !ip.is_unspecified() && (ip.is_ipv4() != name.starts_with('[')));
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

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to listen on (`127.0.0.1` unless `--bind` says otherwise).
    pub bind: std::net::IpAddr,
    /// The port (0: any free one).
    pub port: u16,
    /// Watch for changes, rebuild, and reload the pages.
    pub watch: bool,
    /// Open the site in the browser once it is served.
    pub open: bool,
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| unreachable!("header {name} is ASCII"))
}

fn not_found(url: &str) -> Vec<u8> {
    let shown = url
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Not found</title><body><h1>Not found</h1><p><code>{shown}</code> is not in the built site.</p><p><a href=\"/\">Home</a></p></body></html>"
    )
    .into_bytes()
}

/// Open `url` in the desktop's browser.
fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = cmd {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

/// Build, then serve until interrupted. `load` reads the config again when
/// site.toml, `templates/` or `themes/` change.
pub fn serve(cfg: Config, load: watch::Loader, opts: &Options) -> Result<()> {
    let hub = Arc::new(live::Hub::default());
    let watching = match opts.watch.then(|| watch::Watching::start(&cfg)) {
        Some(Ok(w)) => Some(w),
        Some(Err(e)) => {
            eprintln!("warning: not watching for changes: {e:#}");
            None
        }
        None => None,
    };
    let live = watch::build_and_tell(&cfg, &hub, "first build", watching.is_some());
    let server = tiny_http::Server::http((opts.bind, opts.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("not listening on an IP address")?;
    let url = match addr.ip() {
        ip if ip.is_unspecified() => format!("http://localhost:{}/", addr.port()),
        std::net::IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
        ip => format!("http://{ip}:{}/", addr.port()),
    };
    eprintln!("serving {} at {url} (Ctrl-C to stop)", cfg.output.display());
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines on the network can read this site",
            opts.bind
        );
    }
    let served = Arc::new(RwLock::new(cfg.output.clone()));
    if let Some(watching) = watching {
        let (hub, served) = (hub.clone(), served.clone());
        std::thread::spawn(move || watch::rebuild_loop(cfg, load, hub, served, live, watching));
    }
    if opts.open {
        open_browser(&url);
    }
    for req in server.incoming_requests() {
        let host = req
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str());
        if !host_allowed(host, opts.bind) {
            let resp = tiny_http::Response::from_data(b"forbidden: unknown Host\n".to_vec())
                .with_status_code(403);
            let _ = req.respond(resp);
            continue;
        }
        let path = req.url().split(['?', '#']).next().unwrap_or("").to_string();
        if opts.watch && path == live::EVENTS_PATH {
            let hub = hub.clone();
            std::thread::spawn(move || hub.stream(req.into_writer()));
            continue;
        }
        let no_cache = header("Cache-Control", "no-cache");
        let nosniff = header("X-Content-Type-Options", "nosniff");
        if opts.watch && path == live::SCRIPT_PATH {
            let resp = tiny_http::Response::from_data(live::SCRIPT.as_bytes().to_vec())
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                .with_header(no_cache)
                .with_header(nosniff);
            let _ = req.respond(resp);
            continue;
        }
        let root = served.read().unwrap_or_else(|e| e.into_inner()).clone();
        let generation = hub.status().generation;
        let found = resolve_request(&root, req.url())
            .and_then(|f| std::fs::read(&f).ok().map(|b| (content_type(&f), b)));
        let (status, kind, mut body) = match found {
            Some((kind, bytes)) => (200, kind, bytes),
            None => (404, "text/html; charset=utf-8", not_found(&path)),
        };
        if opts.watch && kind.starts_with("text/html") {
            body = live::inject(&body, generation);
        }
        let resp = tiny_http::Response::from_data(body)
            .with_header(header("Content-Type", kind))
            .with_header(no_cache)
            .with_header(nosniff)
            .with_status_code(status);
        let _ = req.respond(resp);
    }
    Ok(())
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
        assert!(host_allowed(Some("192.168.1.5:1111"), any));
        assert!(host_allowed(Some("[fe80::1]:1111"), any));
        assert!(!host_allowed(Some("fe80::1"), any));
        assert!(!host_allowed(Some("nas.local:1111"), any));
        assert!(host_allowed(Some("localhost:1111"), any));
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
