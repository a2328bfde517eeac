//! Helpers shared by the integration tests: run the binary, make gen-vault
//! vaults, parse pages and follow relative links.
#![allow(dead_code)]

pub mod webdriver;

use assert_cmd::Command;
use scraper::{Html, Selector};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The first of `candidates` that runs (`--version`); outside CI a
/// missing tool skips the test (None), in CI it fails, saying `install`.
pub fn tool(candidates: &[&str], install: &str) -> Option<String> {
    for c in candidates {
        if let Ok(o) = std::process::Command::new(c).arg("--version").output() {
            if o.status.success() {
                return Some(c.to_string());
            }
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install {install} (see .ci/run)"
    );
    eprintln!("skipping: no {}", candidates[0]);
    None
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `minutebook` binary, run from the repository root.
pub fn mb() -> Command {
    let mut c = Command::cargo_bin("minutebook").expect("binary");
    c.current_dir(root());
    c
}

/// Path of the gen-vault tool: $MINUTEBOOK_GEN_VAULT or ../shared/tools/gen-vault.
/// Outside CI a missing tool skips the test (returns None); in CI it fails.
pub fn gen_vault_tool() -> Option<PathBuf> {
    let p = std::env::var_os("MINUTEBOOK_GEN_VAULT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/tools/gen-vault"));
    if p.is_file() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "gen-vault not found at {} (CI must have ../shared beside the repository)",
        p.display()
    );
    eprintln!("skipping: gen-vault not found at {}", p.display());
    None
}

/// A generated vault and its manifest.
pub struct GenVault {
    pub dir: tempfile::TempDir,
    pub manifest: Value,
}

impl GenVault {
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("vault")
    }
}

/// Run gen-vault with `args` into a fresh temp dir.
pub fn gen_vault(args: &[&str]) -> Option<GenVault> {
    let tool = gen_vault_tool()?;
    let dir = tempfile::tempdir().expect("tempdir");
    let vault = dir.path().join("vault");
    let manifest = dir.path().join("manifest.json");
    let st = std::process::Command::new("python3")
        .arg(&tool)
        .arg("--out")
        .arg(&vault)
        .arg("--manifest")
        .arg(&manifest)
        .args(args)
        .output()
        .expect("python3 runs gen-vault");
    assert!(
        st.status.success(),
        "gen-vault failed: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).expect("manifest")).expect("json");
    Some(GenVault { dir, manifest })
}

/// `build --vault V --out O` (plus extra args); asserts success.
pub fn build(vault: &Path, out: &Path, extra: &[&str]) {
    build_in(&root(), vault, out, extra)
}

/// content-example built as `cargo run -- build` builds it, once per test
/// binary: the output folder.
pub fn example_site() -> &'static Path {
    static OUT: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &OUT.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        let o = mb().args(["build", "--out"]).arg(&out).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (d, out)
    })
    .1
}

/// A page of [`example_site`], parsed (`url` as a note's URL is written).
pub fn example_page(url: &str) -> Html {
    html(&page_file(example_site(), url))
}

/// Build the fixture vault `tests/fixtures/NAME` with the defaults (from
/// an empty folder) into a fresh folder; the folders live as long as the
/// guard.
#[allow(dead_code)]
pub fn built_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let cwd = dir.path().join("cwd");
    std::fs::create_dir_all(&cwd).expect("mkdir");
    let out = dir.path().join("public");
    build_in(&cwd, &root().join("tests/fixtures").join(name), &out, &[]);
    (dir, out)
}

/// [`build`], run from the folder `cwd` (a folder without site.toml builds
/// with the defaults, as a new user's would).
pub fn build_in(cwd: &Path, vault: &Path, out: &Path, extra: &[&str]) {
    let o = mb()
        .current_dir(cwd)
        .arg("build")
        .arg("--vault")
        .arg(vault)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run");
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Write a file, creating its folders.
pub fn write(p: &Path, s: &str) {
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, s).expect("write");
}

/// The JSON report of `check --vault V --format json`.
pub fn report(vault: &Path, extra: &[&str]) -> Value {
    report_in(&root(), vault, extra)
}

/// [`report`], run from the folder `cwd`.
pub fn report_in(cwd: &Path, vault: &Path, extra: &[&str]) -> Value {
    let o = mb()
        .current_dir(cwd)
        .arg("check")
        .arg("--vault")
        .arg(vault)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("run");
    assert!(
        matches!(o.status.code(), Some(0) | Some(1)),
        "check failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("check prints one JSON object")
}

/// A report's diagnostics as (code, file, line, message).
pub fn diagnostic_rows(rep: &Value) -> Vec<(String, String, u64, String)> {
    let field = |d: &Value, k: &str| d[k].as_str().unwrap_or_default().to_string();
    rep["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| {
                    let line = d["line"].as_u64().unwrap_or_default();
                    (
                        field(d, "code"),
                        field(d, "file"),
                        line,
                        field(d, "message"),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The file of a page URL (`a/b/` → `a/b/index.html`).
pub fn page_file(out: &Path, url: &str) -> PathBuf {
    let u = url.split('#').next().unwrap_or("");
    if u.is_empty() || u.ends_with('/') {
        out.join(u).join("index.html")
    } else {
        out.join(u)
    }
}

/// Parse an output file as HTML.
pub fn html(path: &Path) -> Html {
    Html::parse_document(
        &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

/// A CSS selector.
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// An element's text, whitespace collapsed.
pub fn text(el: scraper::ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Percent-decode.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf8")
}

/// The output-relative page URL that `href` on the page at `page_url` points to
/// (`…/index.html` folded to `…/`), or None for external links and fragments.
pub fn resolve_href(page_url: &str, href: &str) -> Option<String> {
    if href.starts_with('#') || href.contains("://") || href.starts_with("mailto:") {
        return None;
    }
    assert!(!href.starts_with('/'), "absolute href {href} on {page_url}");
    // a query (a filtered log, `?person=…`) names the same file
    let href = href.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<String> = page_url
        .split('/')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if !page_url.ends_with('/') && !page_url.is_empty() {
        parts.pop();
    }
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(decode(s)),
        }
    }
    let mut p = parts.join("/");
    if href.ends_with('/') && !p.is_empty() {
        p.push('/');
    }
    if let Some(dir) = p.strip_suffix("index.html") {
        p = dir.to_string();
    }
    Some(p)
}

/// All hrefs of `<a>` elements on a page.
pub fn hrefs(doc: &Html) -> Vec<String> {
    doc.select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect()
}

/// Every file under `dir`, relative path → bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut m = std::collections::BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            m.insert(rel, std::fs::read(e.path()).expect("read"));
        }
    }
    m
}

/// Lower-cased words, as a reader would read them: entities, `%XX` and JSON
/// escapes decoded, everything that is not a letter or digit a space.
/// Written apart from minutebook's own folding, to check it.
pub fn words(s: &str) -> String {
    static ENT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-z]+);").unwrap()
    });
    let s = ENT.replace_all(s, |c: &regex::Captures| {
        let e = &c[1];
        let ch = if let Some(h) = e.strip_prefix("#x") {
            u32::from_str_radix(h, 16).ok().and_then(char::from_u32)
        } else if let Some(d) = e.strip_prefix('#') {
            d.parse().ok().and_then(char::from_u32)
        } else {
            match e {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                _ => Some(' '),
            }
        };
        ch.unwrap_or(' ').to_string()
    });
    let b = s.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
            if let Ok(x) = u8::from_str_radix(hex, 16) {
                bytes.push(x);
                i += 3;
                continue;
            }
        }
        if b[i] == b'\\' && matches!(b.get(i + 1), Some(b'n' | b't' | b'r')) {
            bytes.push(b' ');
            i += 2;
            continue;
        }
        bytes.push(b[i]);
        i += 1;
    }
    let s = String::from_utf8_lossy(&bytes).to_lowercase();
    let mut out = String::from(" ");
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Whether `text` holds `canary`'s words, read as [`words`] reads (and with
/// HTML tags read as spaces too).
pub fn holds(text: &str, canary: &str) -> bool {
    static TAGS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"<[^>]*>").unwrap());
    let w = words(canary);
    words(text).contains(&w) || words(&TAGS.replace_all(text, " ")).contains(&w)
}
