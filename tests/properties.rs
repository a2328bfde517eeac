//! Property tests: the whole pipeline never panics, whatever a note holds;
//! what it gives holds no script a note put there (parsed, on every output
//! page); and it is deterministic, within a process and across processes
//! with different thread counts, with and without a publish profile.

mod common;
use common::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Script payloads, as pasted from elsewhere.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=\"alert(2)\">",
    "<a href=\"javascript:alert(3)\">a</a>",
    "<a href=\"JaVaScRiPt:alert(4)\">b</a>",
    "<a href=\" &#106;avascript:alert(5)\">c</a>",
    "<a href=\"java\tscript:alert(6)\">d</a>",
    "[md](javascript:alert(7))",
    "![im](javascript:alert(8))",
    "<svg onload=alert(9)><script>alert(10)</script></svg>",
    "<iframe src=\"javascript:alert(11)\"></iframe>",
    "<div onclick=\"alert(12)\" style=\"x\">div</div>",
    "<form action=\"javascript:alert(13)\"><button formaction=\"javascript:alert(14)\">b</button></form>",
    "<math><a xlink:href=\"javascript:alert(15)\">m</a></math>",
    "[[<script>alert(16)</script>]]",
    "[[javascript:alert(17)]]",
    "[[x\" onerror=\"alert(18)|shown <b onclick=alert(19)>]]",
    "![[<img src=x onerror=alert(20)>]]",
    "[t](https://example.com \"x\\\" onclick=\\\"alert(21)\")",
    "<object data=\"javascript:alert(22)\"></object><embed src=\"javascript:alert(23)\">",
    "<base href=\"javascript:alert(24)//\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(25)\">",
];

/// Attributes whose value is a URL a browser follows or loads.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "ping",
    "cite",
    "srcset",
];

/// Every way `files` could run a note's script: parsed as a browser parses
/// them (entities decoded), every HTML page is searched for script elements
/// other than the theme's two, event-handler attributes, `javascript:`
/// URLs, frames, objects, `<base>` and refreshes; every search-index script is
/// one call with JSON arguments (so no text breaks out of its string).
/// The default theme's page template, as written.
const BASE_HTML: &str = include_str!("../themes/default/templates/base.html");

fn script_holes(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut bad = Vec::new();
    let mut pages = 0;
    for (path, bytes) in files {
        let s = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") {
            pages += 1;
            let doc = scraper::Html::parse_document(&s);
            for el in doc
                .root_element()
                .descendants()
                .filter_map(scraper::ElementRef::wrap)
            {
                let v = el.value();
                let name = v.name();
                if name == "script" {
                    let src = v.attr("src").unwrap_or("");
                    let theme = [
                        "minutebook.js",
                        "search.js",
                        "page.js",
                        "transcript.js",
                        "previews.js",
                        "filters.js",
                    ]
                    .iter()
                    .any(|f| src.ends_with(&format!("static/{f}")));
                    let text = el.text().collect::<String>();
                    // the theme's own inline script (base.html's, that sets the
                    // colour scheme before the first paint)
                    let inline = src.is_empty()
                        && !text.trim().is_empty()
                        && BASE_HTML.contains(&format!("<script>{text}</script>"));
                    if !(theme && text.trim().is_empty() || inline) {
                        bad.push(format!("{path}: <script src={src:?}>{}", el.html()));
                    }
                }
                if matches!(
                    name,
                    "iframe" | "frame" | "object" | "embed" | "base" | "applet"
                ) {
                    bad.push(format!("{path}: <{name}>"));
                }
                if name == "meta"
                    && v.attr("http-equiv")
                        .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
                {
                    bad.push(format!("{path}: meta refresh"));
                }
                for (a, val) in v.attrs() {
                    let a = a.to_ascii_lowercase();
                    if a.starts_with("on") {
                        bad.push(format!("{path}: <{name} {a}={val:?}>"));
                    }
                    // browsers drop whitespace and control characters from URLs
                    let url: String = val
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if URL_ATTRS.contains(&a.as_str())
                        && (url.starts_with("javascript:")
                            || url.starts_with("vbscript:")
                            || url.starts_with("data:text/html"))
                    {
                        bad.push(format!("{path}: <{name} {a}={val:?}>"));
                    }
                }
            }
        } else if path.starts_with("search/idx/") && path.ends_with(".js") {
            let call = s
                .trim_end()
                .strip_prefix("__mb_")
                .and_then(|r| r.split_once('('))
                .filter(|(name, _)| name.chars().all(|c| c.is_ascii_lowercase()))
                .and_then(|(_, r)| r.strip_suffix(");"));
            let ok = call.is_some_and(|args| {
                serde_json::from_str::<Vec<serde_json::Value>>(&format!("[{args}]")).is_ok()
            });
            if !ok {
                bad.push(format!("{path}: not one call with JSON arguments"));
            }
        }
    }
    assert!(pages > 0, "no pages");
    bad
}

fn files(out: &minutebook::Outcome) -> Vec<(String, Vec<u8>)> {
    out.files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect()
}

fn render(notes: &[(String, Vec<u8>)]) -> minutebook::Outcome {
    let cfg = minutebook::config::Config {
        root: "/nonexistent-minutebook-root".into(),
        vault: "/nonexistent-minutebook-vault".into(),
        progress: false,
        ..minutebook::config::Config::default()
    };
    minutebook::render_in_memory_with(&cfg, notes, &["img.png".to_string()], true).expect("renders")
}

/// The payloads in every place a note has: prose, frontmatter values, the
/// title, a callout title, tasks and assignees, transcript speakers and
/// turns, tags, wikilink targets and labels, embeds, file names.
fn hostile_vault() -> Vec<(String, Vec<u8>)> {
    let all = PAYLOADS.join("\n\n");
    let inline = PAYLOADS.join(" ");
    let fm_list = PAYLOADS
        .iter()
        .map(|p| serde_json::to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join(", ");
    let q = |s: &str| serde_json::to_string(s).unwrap();
    let meeting = format!(
        "---\n\
title: {t}\n\
type: {t}\n\
created: 2025-03-04\n\
counterpart: {cp}\n\
attendees: [{fm_list}]\n\
series: {t}\n\
tags: [{fm_list}, \"x\\\" onmouseover=\\\"alert(30)\"]\n\
location_or_link: \"javascript:alert(31)\"\n\
calendar_url: \"javascript:alert(32)\"\n\
company: {img}\n\
privacy: public\n\
speakers: {{ \"zoom.us\": {t} }}\n\
---\n\
# <script>alert(33)</script> Title <img src=x onerror=alert(34)>\n\n\
> [!info] <script>alert(35)</script> <img src=x onerror=alert(36)>\n\
> {inline}\n\n\
{all}\n\n\
Tags #x<script>alert(37)</script> #y\"onmouseover=alert(38)\n\n\
## Action items\n\n\
- [ ] Task <img src=x onerror=alert(39)> @<script>alert(40)</script> ⏫ 📅 2025-03-05\n\
- [ ] Other [[javascript:alert(41)]] @Eve <b onclick=alert(42)>x</b>\n\n\
<!-- ai:transcript:start -->\n\n\
## Transcript (auto)\n\n\
```text\n\
[00:00:01.00] <script>alert(43)</script> : hello <img src=x onerror=alert(44)>\n\n\
[00:00:05.00] zoom.us :  <b onclick=alert(45)>Eve</b> javascript:alert(46)\n\n\
[00:00:09.00] Eve <img src=x onerror=alert(47)> : {inline}\n\
```\n\n\
<!-- ai:transcript:end -->\n",
        t = q("<script>alert(48)</script>"),
        cp = q("[[<img src=x onerror=alert(49)>]]"),
        img = q("<img src=x onerror=alert(50)>"),
    );
    vec![
        (
            "Meetings/2025-03-04 Hostile.md".into(),
            meeting.into_bytes(),
        ),
        (
            "People/<img src=x onerror=alert(51)>.md".into(),
            format!("---\ntype: person\naliases: [{fm_list}]\n---\n{all}\n").into_bytes(),
        ),
        (
            "javascript:alert(52).md".into(),
            b"# javascript:alert(53)\n\nSee [[Meetings/2025-03-04 Hostile]].\n".to_vec(),
        ),
        (
            "Notes/\"onmouseover=alert(54) x.md".into(),
            format!("# Plain\n\n[[<script>alert(16)</script>]]\n\n{inline}\n").into_bytes(),
        ),
    ]
}

#[test]
fn no_script_payload_survives_on_any_page() {
    let out = render(&hostile_vault());
    let files = files(&out);
    // the vault's pages are all there: the meeting, person, tag and task pages
    let paths: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
    assert!(paths.contains(&"actions/index.html"), "{paths:?}");
    assert!(
        paths.iter().filter(|p| p.starts_with("people/")).count() >= 3,
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| p.starts_with("tags/")), "{paths:?}");
    let bad = script_holes(&files);
    assert!(bad.is_empty(), "{} holes:\n{}", bad.len(), bad.join("\n"));
    // the payloads are shown as text, not dropped: the title reads as written
    let page = files
        .iter()
        .find(|f| f.0.starts_with("meetings/") && f.0.ends_with("index.html"))
        .expect("meeting page");
    let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&page.1));
    assert_eq!(
        text(doc.select(&sel("h1")).next().unwrap()),
        "<script>alert(48)</script>"
    );
}

/// Pieces real notes are made of, to be shuffled into hostile notes.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("type: 1-1\n".to_string()),
        Just("created: { { DATE } }\n".to_string()),
        Just("attendees: [\"[[Ann Lee]]\", \"[[\"]\n".to_string()),
        Just("tags: [a/b, \"#c\"]\n".to_string()),
        Just("title: \"<script>alert(1)</script>\"\n".to_string()),
        Just("counterpart: \"[[<img src=x onerror=alert(1)>]]\"\n".to_string()),
        Just("# Title\n".to_string()),
        Just("## Open questions\n".to_string()),
        Just("> [!faq]- Folded\n> > [!bug]+ nested\n".to_string()),
        Just("- [ ] task @Ann Lee ⏫ 📅 2025-13-45 🔁 every\n".to_string()),
        Just("- [x] done ✅ 2025-01-01 @[[Other Note]]\n".to_string()),
        Just(
            "[[Other Note#Heading|x]] ![[Other Note#^blk]] ![[img.png|20x]] [[../../x]]\n"
                .to_string()
        ),
        Just("![[fuzz]]\n".to_string()),
        Just("%%hidden\n".to_string()),
        Just("%%\n".to_string()),
        Just("```text\n".to_string()),
        Just("```rust\nfn x() {}\n".to_string()),
        Just("```\n".to_string()),
        Just("<!-- ai:transcript:start -->\n".to_string()),
        Just("<!-- ai:transcript:end -->\n".to_string()),
        Just("[00:00:01.00] zoom.us :  Ann LeeHello (clicking)AUDIOBLANK\n".to_string()),
        Just("[00:00:02.00] <b onclick=alert(1)>Ann</b> : <script>x</script>\n".to_string()),
        Just("[99:99:99] : \n".to_string()),
        Just("<script>x</script><img onerror=1>\n".to_string()),
        Just("==mark== $x$ $$y$$ #tag/ #1 ^blk\n".to_string()),
        Just("| a | b |\n|---|---|\n| [[x\\|y]] | c |\n".to_string()),
        proptest::sample::select(PAYLOADS).prop_map(|s| s.to_string()),
        "\\PC{0,40}".prop_map(|s| s + "\n"),
        "[#\\[\\]|!%^@`>*_~<=\"'-]{1,12}".prop_map(|s| s.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn any_note_renders_deterministically_and_safely(pieces in proptest::collection::vec(piece(), 0..24)) {
        let note: String = pieces.concat();
        let notes = vec![
            ("fuzz.md".to_string(), note.clone().into_bytes()),
            ("Other Note.md".to_string(), b"# Other Note\n\n## Heading\n\nText ^blk\n".to_vec()),
        ];
        let a = files(&render(&notes));
        let b = files(&render(&notes));
        prop_assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            prop_assert_eq!(&x.0, &y.0);
            prop_assert!(x.1 == y.1, "{} differs between runs", x.0);
        }
        // a note's page always exists
        prop_assert!(a.iter().any(|f| f.0 == "fuzz/index.html"));
        let bad = script_holes(&a);
        prop_assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let notes = vec![("b.md".to_string(), bytes)];
        prop_assert!(minutebook::render_in_memory(&notes, &[]).is_ok());
    }
}

// ---- determinism across processes ----

/// Build `vault` with `RAYON_NUM_THREADS=threads` in a process of its own.
fn build_with_threads(
    config: &std::path::Path,
    vault: &std::path::Path,
    out: &std::path::Path,
    threads: &str,
    profile: Option<&str>,
) -> BTreeMap<String, Vec<u8>> {
    let mut c = mb();
    c.env("RAYON_NUM_THREADS", threads)
        .arg("--config")
        .arg(config)
        .arg("--vault")
        .arg(vault)
        .arg("--out")
        .arg(out);
    if let Some(p) = profile {
        c.args(["--profile", p]);
    }
    let o = c.arg("build").output().unwrap();
    assert!(
        o.status.success(),
        "build ({threads} threads, {profile:?}): {}",
        String::from_utf8_lossy(&o.stderr)
    );
    tree(out)
}

#[test]
fn builds_in_processes_with_one_and_two_threads_are_byte_identical() {
    let Some(g) = gen_vault(&["--notes", "120", "--seed", "21"]) else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let config = d.path().join("site.toml");
    std::fs::write(
        &config,
        "title = \"Det\"\nbase_url = \"https://example.org/notes/\"\n\
         [profiles.pub]\nexclude_privacy = [\"private\"]\ntranscripts = \"drop\"\n\
         drop_sections = [\"Open questions\"]\nredact = ['(?i)egress']\n\
         people = \"pseudonym\"\npseudonym_salt = \"a salt for tests\"\n",
    )
    .unwrap();
    for profile in [None, Some("pub")] {
        let one = build_with_threads(&config, &g.path(), &d.path().join("one"), "1", profile);
        let two = build_with_threads(&config, &g.path(), &d.path().join("two"), "2", profile);
        assert!(one.len() > 100, "{profile:?}: only {} files", one.len());
        let a: Vec<&String> = one.keys().collect();
        let b: Vec<&String> = two.keys().collect();
        assert_eq!(a, b, "{profile:?}: the file lists differ");
        let differ: Vec<&String> = one.keys().filter(|k| one[*k] != two[*k]).collect();
        assert!(
            differ.is_empty(),
            "{profile:?}: these files differ: {differ:?}"
        );
        std::fs::remove_dir_all(d.path().join("one")).unwrap();
        std::fs::remove_dir_all(d.path().join("two")).unwrap();
    }
}
