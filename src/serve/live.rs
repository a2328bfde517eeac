//! Live reload: what `serve` adds to the pages it sends, and the event
//! stream that tells them a rebuild finished or failed.
//!
//! Takes build results ([`Hub::built`], [`Hub::failed`]); gives every open
//! page a Server-Sent Events stream (`/__minutebook/events`) of `build`
//! events, `{"gen": N, "ok": true}` after a good build and
//! `{"gen": N, "ok": false, "error": "…"}` after a failed one. Pages get a
//! `<script src="/__minutebook/live.js?gen=N">` before `</body>` when
//! `serve` sends them ([`inject`]); nothing of this is ever written into
//! the output folder. The script reloads the page when a newer generation
//! is built, keeping its scroll position and open `<details>` (the
//! transcript), and shows a failed build's error over the page, which stays
//! the last good one.

use std::io::Write;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Where the event stream is served.
pub const EVENTS_PATH: &str = "/__minutebook/events";
/// Where the page script is served.
pub const SCRIPT_PATH: &str = "/__minutebook/live.js";
/// The page script.
pub const SCRIPT: &str = include_str!("live.js");

/// How often an idle stream gets a comment line, so a closed page's
/// connection is noticed and its thread ends.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// What the last build left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Good builds so far (the generation pages carry).
    pub generation: u64,
    /// Events published so far (good or failed builds).
    pub seq: u64,
    /// The last build's error, when it failed.
    pub error: Option<String>,
}

impl Status {
    /// The event's JSON payload.
    pub fn json(&self) -> String {
        match &self.error {
            None => serde_json::json!({ "gen": self.generation, "ok": true }).to_string(),
            Some(e) => {
                serde_json::json!({ "gen": self.generation, "ok": false, "error": e }).to_string()
            }
        }
    }

    /// The status as one Server-Sent Event.
    pub fn event(&self) -> String {
        format!("event: build\nid: {}\ndata: {}\n\n", self.seq, self.json())
    }
}

/// The build status, shared by the rebuild thread and the event streams.
#[derive(Default)]
pub struct Hub {
    status: Mutex<Status>,
    changed: Condvar,
}

impl Hub {
    /// The status now.
    pub fn status(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn publish(&self, f: impl FnOnce(&mut Status)) {
        let mut s = self.status.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut s);
        s.seq += 1;
        self.changed.notify_all();
    }

    /// A build succeeded: a new generation, and no error.
    pub fn built(&self) {
        self.publish(|s| {
            s.generation += 1;
            s.error = None;
        });
    }

    /// A build failed: the site stays the last good one.
    pub fn failed(&self, error: String) {
        self.publish(|s| s.error = Some(error));
    }

    /// The next status after event `seen`, or `None` after `timeout`.
    pub fn wait_after(&self, seen: u64, timeout: Duration) -> Option<Status> {
        let s = self.status.lock().unwrap_or_else(|e| e.into_inner());
        let (s, _) = self
            .changed
            .wait_timeout_while(s, timeout, |s| s.seq <= seen)
            .unwrap_or_else(|e| e.into_inner());
        (s.seq > seen).then(|| s.clone())
    }

    /// Send events to one page until its connection closes: the status now,
    /// then each change, with keep-alive comments between.
    pub fn stream(&self, mut out: impl Write) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n\n";
        let now = self.status();
        if out.write_all(head.as_bytes()).is_err()
            || out.write_all(now.event().as_bytes()).is_err()
            || out.flush().is_err()
        {
            return;
        }
        let mut seen = now.seq;
        loop {
            let msg = match self.wait_after(seen, KEEPALIVE) {
                Some(s) => {
                    seen = s.seq;
                    s.event()
                }
                None => ": keep-alive\n\n".to_string(),
            };
            if out.write_all(msg.as_bytes()).is_err() || out.flush().is_err() {
                return;
            }
        }
    }
}

/// `html` with the live-reload script for `generation` before its last
/// `</body>` (at the end when there is none).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}?gen={generation}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let got = inject(b"<html><body><p>x</p></BODY></html>", 3);
        assert_eq!(
            String::from_utf8(got).unwrap(),
            "<html><body><p>x</p><script src=\"/__minutebook/live.js?gen=3\"></script></BODY></html>"
        );
        let bare = inject(b"<p>no body end", 1);
        assert!(bare.ends_with(b"live.js?gen=1\"></script>"));
    }

    #[test]
    fn a_stream_gets_the_status_then_each_change() {
        let hub = std::sync::Arc::new(Hub::default());
        hub.built();
        let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
        struct Chan(std::sync::mpsc::Sender<Vec<u8>>);
        impl Write for Chan {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0
                    .send(b.to_vec())
                    .map_err(|_| std::io::Error::other("closed"))?;
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let h = hub.clone();
        let t = std::thread::spawn(move || h.stream(Chan(tx)));
        let next = |rx: &std::sync::mpsc::Receiver<Vec<u8>>| {
            String::from_utf8(rx.recv_timeout(Duration::from_secs(5)).unwrap()).unwrap()
        };
        assert!(next(&rx).starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"));
        assert_eq!(
            next(&rx),
            "event: build\nid: 1\ndata: {\"gen\":1,\"ok\":true}\n\n"
        );
        hub.failed("templates/page.html: unexpected `}}`".into());
        assert_eq!(
            next(&rx),
            "event: build\nid: 2\ndata: {\"gen\":1,\"ok\":false,\"error\":\"templates/page.html: unexpected `}}`\"}\n\n"
        );
        hub.built();
        assert!(next(&rx).contains("{\"gen\":2,\"ok\":true}"));
        drop(rx);
        hub.built();
        t.join().unwrap();
    }
}
