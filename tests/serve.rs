//! `minutebook serve` as a writer uses it: a real server process on a port
//! the OS picks, a real client on its event stream, and the files changing
//! under it (edit, add, rename, delete, prose-only edits re-rendered in
//! place, site.toml, a broken template and its repair). What it serves,
//! search index included, is compared byte for byte with a fresh `build`
//! of the same vault.

mod common;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// How long a rebuild may take before a test gives up (debug builds of a
/// handful of notes take well under a second; CI machines are slow).
const WAIT: Duration = Duration::from_secs(60);

/// A `serve` process, killed when dropped (also when a test fails).
struct Server {
    child: Child,
    base: String,
    log: Receiver<String>,
    /// The first build's line.
    first: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &Path) -> Server {
        Server::start_with(site, &[])
    }

    fn start_with(site: &Path, args: &[&std::ffi::OsStr]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("minutebook"))
            .current_dir(site)
            .args(["serve", "--port", "0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let (tx, log) = channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            base: String::new(),
            log,
            first: String::new(),
        };
        server.first = server.line_with("first build: ");
        let line = server.line_with("serving ");
        let at = line.find("http://").expect("an address");
        server.base = line[at..].split_whitespace().next().unwrap().to_string();
        assert!(
            server.base.starts_with("http://127.0.0.1:"),
            "serve listens on loopback by default: {line}"
        );
        server
    }

    /// The next line of the server's output holding `needle`.
    fn line_with(&self, needle: &str) -> String {
        loop {
            let line = self
                .log
                .recv_timeout(WAIT)
                .unwrap_or_else(|_| panic!("no line with {needle:?} from serve"));
            if line.contains(needle) {
                return line;
            }
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.get_typed(path);
        (status, body)
    }

    /// Status, content type and body.
    fn get_typed(&self, path: &str) -> (u16, String, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let resp = agent
            .get(format!("{}{}", self.base, path.trim_start_matches('/')))
            .call()
            .expect("a response");
        let status = resp.status().as_u16();
        let kind = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (
            status,
            kind,
            resp.into_body().read_to_string().unwrap_or_default(),
        )
    }

    /// The event stream's `build` events, as they come.
    fn events(&self) -> Events {
        let url = format!("{}__minutebook/events", self.base);
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let resp = ureq::get(&url).call().expect("the event stream");
            assert_eq!(
                resp.headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok()),
                Some("text/event-stream")
            );
            let reader = BufReader::new(resp.into_body().into_reader());
            let mut event = String::new();
            for line in reader.lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if event == "build" {
                        let v: Value = serde_json::from_str(data).expect("JSON data");
                        if tx.send(v).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Events(rx)
    }
}

struct Events(Receiver<Value>);

impl Events {
    fn next(&self, after: &str) -> Value {
        self.0
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no build event after {after}"))
    }

    /// The next event, which must be a good build of generation `want`.
    fn built(&self, want: u64, after: &str) {
        let e = self.next(after);
        assert_eq!(e["ok"], true, "after {after}: {e}");
        assert_eq!(e["gen"], want, "after {after}: {e}");
    }
}

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A small site of invented meetings.
fn site() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let s = d.path();
    write(
        &s.join("site.toml"),
        "title = \"Harbor Notes\"\nvault = \"vault\"\n",
    );
    write(
        &s.join("vault/Meetings/2026-03-02 Dock Planning.md"),
        "---\ndate: 2026-03-02\nattendees: [\"[[Ona Park]]\", \"[[Ivo Marsh]]\"]\n---\n# Dock Planning\n\nWe looked at the crane schedule.\n\n- [ ] Book the crane 📅 2026-03-09 [[Ivo Marsh]]\n",
    );
    write(
        &s.join("vault/Meetings/2026-03-09 Dock Review.md"),
        "---\ndate: 2026-03-09\n---\n# Dock Review\n\nFollows [[2026-03-02 Dock Planning]].\n",
    );
    write(
        &s.join("vault/People/Ona Park.md"),
        "# Ona Park\n\nHarbor lead.\n",
    );
    d
}

fn page(rel: &str) -> String {
    format!("meetings/{rel}/index.html")
}

fn same_as_fresh_build(site: &Path) {
    let fresh = site.join("fresh");
    let st = Command::new(assert_cmd::cargo::cargo_bin("minutebook"))
        .current_dir(site)
        .args(["build", "--out", "fresh"])
        .status()
        .unwrap();
    assert!(st.code() == Some(0) || st.code() == Some(1));
    let (served, built) = (common::tree(&site.join("public")), common::tree(&fresh));
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (p, a) in &served {
        assert!(a == &built[p], "{p} differs from a fresh build");
    }
    std::fs::remove_dir_all(fresh).unwrap();
}

#[test]
fn edits_additions_renames_and_deletions_rebuild_and_reload() {
    let d = site();
    let s = d.path();
    // a note whose frontmatter does not parse: loading it says so, and
    // every rebuild in place must say so again
    write(
        &s.join("vault/Meetings/Broken.md"),
        "---\ndate: [\n---\nBody text.\n",
    );
    let server = Server::start(s);
    let counts = |line: &str| line[line.rfind(" (").expect("counts")..].to_string();
    assert!(
        server.first.ends_with("(0 errors, 1 warnings)"),
        "{}",
        server.first
    );
    let events = server.events();
    events.built(1, "connecting");

    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("<script src=\"/__minutebook/live.js?gen=1\"></script></body>"));
    let (status, script) = server.get("/__minutebook/live.js?gen=1");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));
    let on_disk = std::fs::read_to_string(s.join("public/index.html")).unwrap();
    assert!(
        !on_disk.contains("__minutebook"),
        "the live-reload script is never written into the site"
    );

    // edit: the page changes, the terminal says what changed (a line
    // added above the task moves it: the whole site is resolved again, in
    // place, and only the pages whose bytes changed are written)
    let planning = s.join("vault/Meetings/2026-03-02 Dock Planning.md");
    let text = std::fs::read_to_string(&planning).unwrap();
    let text = text.replace("crane schedule.", "tide tables.\n\nAnd the pilots.");
    std::fs::write(&planning, text).unwrap();
    events.built(2, "an edit");
    let line = server.line_with("changed Meetings/2026-03-02 Dock Planning.md");
    assert!(resolved_alone(&line), "{line}");
    assert_eq!(counts(&line), counts(&server.first), "{line}");
    let (status, body) = server.get(&page("2026-03-02-dock-planning"));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("tide tables") && !body.contains("crane schedule"));
    assert!(body.contains("live.js?gen=2"));

    // an editor's save: a temporary file renamed over the note
    let tmp = s.join("vault/Meetings/.2026-03-09 Dock Review.md.swp");
    std::fs::write(
        &tmp,
        "# Dock Review\n\nFollows [[2026-03-02 Dock Planning]]. Quay two.\n",
    )
    .unwrap();
    std::fs::rename(&tmp, s.join("vault/Meetings/2026-03-09 Dock Review.md")).unwrap();
    events.built(3, "a save by rename");
    assert!(
        server
            .get(&page("2026-03-09-dock-review"))
            .1
            .contains("Quay two.")
    );

    // add
    write(
        &s.join("vault/Meetings/2026-03-16 Dock Retro.md"),
        "---\ndate: 2026-03-16\n---\n# Dock Retro\n\nLessons from [[Ona Park]].\n",
    );
    events.built(4, "an addition");
    let line = server.line_with("changed Meetings/2026-03-16 Dock Retro.md");
    assert!(line.contains(": rebuilt in place, "), "{line}");
    let (status, body) = server.get(&page("2026-03-16-dock-retro"));
    assert_eq!(status, 200);
    assert!(body.contains("Lessons from"));
    // the person it names lists it; the search index follows
    assert!(
        server
            .get("/people/ona-park/")
            .1
            .contains("2026-03-16-dock-retro")
    );
    search_refreshed(&server);
    same_as_fresh_build(s);

    // rename
    std::fs::rename(
        s.join("vault/Meetings/2026-03-16 Dock Retro.md"),
        s.join("vault/Meetings/2026-03-17 Dock Retro.md"),
    )
    .unwrap();
    events.built(5, "a rename");
    assert_eq!(server.get(&page("2026-03-16-dock-retro")).0, 404);
    assert_eq!(server.get(&page("2026-03-17-dock-retro")).0, 200);
    let (status, missing) = server.get(&page("2026-03-16-dock-retro"));
    assert_eq!(status, 404);
    assert!(
        missing.contains("live.js?gen=5"),
        "a missing page reloads too once it exists"
    );

    // delete
    std::fs::remove_file(s.join("vault/Meetings/2026-03-17 Dock Retro.md")).unwrap();
    events.built(6, "a deletion");
    assert_eq!(server.get(&page("2026-03-17-dock-retro")).0, 404);
    assert!(
        !s.join("public")
            .join(page("2026-03-17-dock-retro"))
            .exists(),
        "a deleted note's page is removed from the folder"
    );
    search_refreshed(&server);
    same_as_fresh_build(s);

    // a note that links to an attachment the site did not carry yet: the
    // file is copied; an attachment changed takes a full build
    write(&s.join("vault/berths.csv"), "berth,ship\n1,Tern\n");
    events.built(7, "an attachment");
    let line = server.line_with("changed berths.csv");
    assert!(line.contains(": built "), "{line}");
    let review = s.join("vault/Meetings/2026-03-09 Dock Review.md");
    let text = std::fs::read_to_string(&review).unwrap();
    std::fs::write(&review, format!("{text}\nBerths: [[berths.csv]]\n")).unwrap();
    events.built(8, "a link to an attachment");
    let line = server.line_with("changed Meetings/2026-03-09 Dock Review.md");
    assert!(line.contains(": rebuilt in place, "), "{line}");
    search_refreshed(&server);
    same_as_fresh_build(s);
    // the link goes again: so does the copy
    std::fs::write(&review, text).unwrap();
    events.built(9, "the link removed");
    search_refreshed(&server);
    same_as_fresh_build(s);
}

/// Waits for the search index rebuilt after text-only edits.
fn search_refreshed(server: &Server) {
    let line = server.line_with("search index:");
    assert!(line.contains(" files replaced, "), "{line}");
}

#[test]
fn text_only_edits_re_render_only_the_pages_that_show_them() {
    let d = site();
    let s = d.path();
    write(
        &s.join("vault/Meetings/2026-03-23 Harbor Board.md"),
        "---\ndate: 2026-03-23\n---\n# Harbor Board\n\nFrom planning:\n\n![[2026-03-02 Dock Planning]]\n",
    );
    // a note that shows nothing of the others (no link, not in their
    // series, so no neighbour): a rebuild in place of
    // another note's edit leaves its page alone
    write(
        &s.join("vault/Ferry Sync.md"),
        "---\ndate: 2026-03-30\n---\n# Ferry Sync\n\nTimetables.\n",
    );
    let server = Server::start(s);
    let events = server.events();
    events.built(1, "connecting");

    // prose of a note embedded elsewhere: its page, the embedding page and
    // the hover previews' shard that holds its summary
    let planning = s.join("vault/Meetings/2026-03-02 Dock Planning.md");
    let text = std::fs::read_to_string(&planning).unwrap();
    std::fs::write(&planning, text.replace("crane schedule", "tide tables")).unwrap();
    events.built(2, "a prose edit");
    let line = server.line_with("changed Meetings/2026-03-02 Dock Planning.md");
    assert!(
        line.contains(": re-rendered 3 pages (3 changed) in "),
        "{line}"
    );
    for p in ["2026-03-02-dock-planning", "2026-03-23-harbor-board"] {
        let body = server.get(&page(p)).1;
        assert!(
            body.contains("tide tables") && !body.contains("crane schedule"),
            "{p}"
        );
    }
    search_refreshed(&server);
    same_as_fresh_build(s);

    // a person's note: their page (and its preview's shard)
    let ona = s.join("vault/People/Ona Park.md");
    std::fs::write(&ona, "# Ona Park\n\nHarbor lead since spring.\n").unwrap();
    events.built(3, "a person's note");
    let line = server.line_with("changed People/Ona Park.md");
    assert!(
        line.contains(": re-rendered 2 pages (2 changed) in "),
        "{line}"
    );
    assert!(
        server
            .get("/people/ona-park/")
            .1
            .contains("Harbor lead since spring.")
    );
    // two saves in a row: the second cancels the first's index rebuild or
    // follows it; either way the index ends as a build would make it
    std::fs::write(&ona, "# Ona Park\n\nHarbor lead since the spring thaw.\n").unwrap();
    events.built(4, "a second save");
    search_refreshed(&server);
    same_as_fresh_build(s);

    // what is not prose: lines that move and a task's date resolve the
    // note on its own; a link's target and the frontmatter, the site again,
    // in place
    let built = built_of(&server.first);
    for (k, (from, to, alone)) in [
        (
            "We looked",
            "A paragraph above the task.\n\nWe looked",
            true,
        ),
        ("📅 2026-03-09", "📅 2026-03-10", true),
        ("[[Ivo Marsh]]\n", "[[Ona Park]]\n", false),
        ("date: 2026-03-02", "date: 2026-03-02\ntags: [docks]", false),
    ]
    .into_iter()
    .enumerate()
    {
        let text = std::fs::read_to_string(&planning).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&planning, text.replacen(from, to, 1)).unwrap();
        events.built(5 + k as u64, to);
        let line = server.line_with("changed Meetings/2026-03-02 Dock Planning.md");
        assert_eq!(resolved_alone(&line), alone, "{to}: {line}");
        if alone {
            // only the pages that show the note are rendered: not the
            // ferry's
            assert!(rendered_alone(&line) < built, "{line}");
        } else {
            rendered_of(&line);
        }
        if k < 2 {
            // and those it rendered are all that changed
            search_refreshed(&server);
            same_as_fresh_build(s);
        }
    }
    search_refreshed(&server);
    same_as_fresh_build(s);
}

#[test]
fn config_and_template_changes_reload_and_errors_reach_the_page() {
    let d = site();
    let s = d.path();
    let server = Server::start(s);
    let events = server.events();
    events.built(1, "connecting");

    // site.toml is read again
    write(
        &s.join("site.toml"),
        "title = \"Quay Archive\"\nvault = \"vault\"\n",
    );
    events.built(2, "a site.toml edit");
    assert!(server.get("/").1.contains("Quay Archive"));

    // a template that does not parse: the error goes to the page, the site stays
    write(&s.join("templates/base.html"), "<html>{{ broken </html>\n");
    let e = events.next("a broken template");
    assert_eq!(e["ok"], false, "{e}");
    assert_eq!(e["gen"], 2, "{e}");
    let err = e["error"].as_str().unwrap();
    assert!(err.contains("base.html"), "{err}");
    server.line_with("build failed");
    let (status, home) = server.get("/");
    assert_eq!(status, 200, "the last good site is still served");
    assert!(home.contains("Quay Archive") && home.contains("live.js?gen=2"));
    // a page opened now is told about the error at once
    let late = server.events();
    assert_eq!(late.next("connecting while broken")["ok"], false);

    // repaired: a new generation, the error gone
    std::fs::remove_file(s.join("templates/base.html")).unwrap();
    events.built(3, "the template's repair");
    late.built(3, "the template's repair");

    // a site.toml that no longer reads
    write(&s.join("site.toml"), "title = [\n");
    let e = events.next("a broken site.toml");
    assert_eq!(e["ok"], false);
    assert!(e["error"].as_str().unwrap().contains("site.toml"), "{e}");
    write(
        &s.join("site.toml"),
        "title = \"Quay Archive\"\nvault = \"vault\"\n",
    );
    events.built(4, "site.toml repaired");

    same_as_fresh_build(s);
}

#[test]
fn foreign_hosts_are_refused_and_the_port_is_the_one_printed() {
    let d = site();
    let server = Server::start(d.path());
    let port: u16 = server
        .base
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(port, 0);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let resp = agent
        .get(&server.base)
        .header("Host", "rebind.example")
        .call()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    let resp = agent
        .get(format!("{}__minutebook/events", server.base))
        .header("Host", "rebind.example")
        .call()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403, "the event stream too");
}

#[test]
fn without_watching_the_site_is_served_as_built() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("public");
    let server = Server::start_with(
        &common::root(),
        &["--no-watch".as_ref(), "--out".as_ref(), out.as_os_str()],
    );
    let (status, kind, home) = server.get_typed("/");
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(home.contains("Lumen Analytics"));
    assert!(
        !home.contains("__minutebook"),
        "no reload script when nothing is watched"
    );
    let (status, kind, _) = server.get_typed("/people/dana-reyes/");
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    let (status, kind, _) = server.get_typed("/static/style.css");
    assert_eq!((status, kind.as_str()), (200, "text/css; charset=utf-8"));
    for outside in [
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/__minutebook/events",
    ] {
        assert_eq!(server.get(outside).0, 404, "{outside}");
    }
}

/// Whether a terminal line says the edited notes were resolved on their
/// own: their pages replaced where they are, or (when the decision logs
/// are laid out anew) the site refreshed in place.
fn resolved_alone(line: &str) -> bool {
    line.contains(": the notes resolved on their own, ")
        || line.contains(" ms, the notes resolved on their own (")
}

/// The N of "the notes resolved on their own, N pages rendered".
fn rendered_alone(line: &str) -> usize {
    line.split_once(": the notes resolved on their own, ")
        .and_then(|(_, r)| r.split_once(" page"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("pages rendered: {line}"))
}

/// The N of the first build's "built N files".
fn built_of(line: &str) -> usize {
    line.split_once("built ")
        .and_then(|(_, r)| r.split_once(" files"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("files built: {line}"))
}

/// The "rebuilt in place, N of M files rendered" of a terminal line.
fn rendered_of(line: &str) -> (usize, usize) {
    line.split_once(": rebuilt in place, ")
        .and_then(|(_, r)| r.split_once(" files rendered"))
        .and_then(|(r, _)| r.split_once(" of "))
        .map(|(a, b)| (a.parse::<usize>().unwrap(), b.parse::<usize>().unwrap()))
        .unwrap_or_else(|| panic!("rendered of files: {line}"))
}

#[test]
fn structural_edits_render_the_lists_they_touch_as_a_build_would() {
    let d = site();
    let s = d.path();
    let dock = |k: u32| {
        s.join(format!(
            "vault/Meetings/Dock Sync/2026-04-0{k} Dock Sync.md"
        ))
    };
    for k in 1..=3 {
        write(
            &dock(k),
            &format!(
                "---\ndate: 2026-04-0{k}\nseries: Dock Sync\ntags: [docks]\nattendees: [\"[[Ona Park]]\", \"[[Ivo Marsh]]\"]\n---\n# Dock Sync {k}\n\nCranes and berths.\n\n## Decisions\n\n- Berth {k} stays open at night\n\n## Actions\n\n- [ ] Paint berth {k} 📅 2026-05-0{k} [[Ona Park]]\n"
            ),
        );
    }
    let ferry = s.join("vault/Meetings/2026-04-05 Ferry Sync.md");
    write(
        &ferry,
        "---\ndate: 2026-04-05\ntags: [ferries]\n---\n# Ferry Sync\n\nTimetables.\n\n## Risks\n\n- The winter timetable is late\n",
    );
    let server = Server::start(s);
    let events = server.events();
    events.built(1, "connecting");
    let mut generation = 1;
    let mut edit = |path: &Path, from: &str, to: &str, what: &str| -> String {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{what}: {from}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
        generation += 1;
        events.built(generation, what);
        let rel = path.strip_prefix(s.join("vault")).unwrap();
        let line = server.line_with(&format!("changed {}", rel.display()));
        assert!(
            line.contains(": rebuilt in place, ") || resolved_alone(&line),
            "{what}: {line}"
        );
        search_refreshed(&server);
        same_as_fresh_build(s);
        line
    };

    // a task for someone: their page and the actions page, not every page
    let line = edit(
        &dock(2),
        "📅 2026-05-02 [[Ona Park]]\n",
        "📅 2026-05-02 [[Ona Park]]\n- [ ] Order rope 📅 2026-05-09 [[Ivo Marsh]]\n",
        "a task added",
    );
    let (rendered, files) = rendered_of(&line);
    assert!(rendered < files, "{line}");
    // a link more: the whole site resolved again
    assert!(!resolved_alone(&line), "{line}");
    assert!(server.get("/people/ivo-marsh/").1.contains("Order rope"));
    assert!(server.get("/actions/").1.contains("Order rope"));

    // a decision: the log, and the person and series pages that show the
    // latest ones; the note names nothing new, so it is resolved on its own
    // (the debug build checks that against a full resolve)
    let line = edit(
        &dock(2),
        "- Berth 2 stays open at night\n",
        "- Berth 2 stays open at night\n- Tugs wait at the outer mole\n",
        "a decision added",
    );
    assert!(resolved_alone(&line), "{line}");
    assert!(
        server
            .get("/decisions/")
            .1
            .contains("Tugs wait at the outer mole")
    );
    assert!(server.get("/people/ona-park/").1.contains("Tugs wait"));

    // every line below moves (the items' and tasks' lines with them)
    let line = edit(
        &dock(1),
        "Cranes and berths.",
        "Weather first.\n\nCranes and berths.",
        "a paragraph above",
    );
    assert!(resolved_alone(&line), "{line}");

    // a title: the rows of the tag's and the archive's lists
    let line = edit(
        &dock(1),
        "# Dock Sync 1",
        "# Dock Sync: night berths",
        "a new title",
    );
    assert!(
        server.get("/tags/docks/").1.contains("night berths"),
        "{line}"
    );

    // a tag more, a risk reworded
    edit(
        &ferry,
        "tags: [ferries]",
        "tags: [ferries, docks]",
        "a tag added",
    );
    assert!(server.get("/tags/docks/").1.contains("Ferry Sync"));
    edit(
        &ferry,
        "timetable is late",
        "timetable is a month late",
        "a risk reworded",
    );
    assert!(server.get("/risks/").1.contains("a month late"));
}
