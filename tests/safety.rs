//! What a vault can do to the people who read its site: folder symlinks that
//! leave the vault, HTML and SVG attachments that would run script with the
//! site's origin, attachments whose names differ only in case, `serve`
//! answering any `Host` (DNS rebinding), `style` on table cells, and remote
//! images (tracking pixels). Each class has its own canary, looked for in
//! every output file and path.

mod common;
use common::*;
use std::path::Path;

/// Every (output file, canary) where the file's path or bytes hold the
/// canary, case-insensitively.
fn canaries_in(out: &Path, canaries: &[&str]) -> Vec<(String, String)> {
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(canaries)
        .unwrap();
    let mut found = Vec::new();
    for (file, bytes) in tree(out) {
        let in_name = ac.find_iter(file.as_bytes()).map(|m| m.pattern());
        let in_bytes = ac.find_iter(&bytes[..]).map(|m| m.pattern());
        for p in in_name.chain(in_bytes) {
            found.push((file.clone(), canaries[p.as_usize()].to_string()));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// `build` run from a folder holding `site_toml` (empty: the defaults).
fn build_with_config(d: &Path, site_toml: &str, vault: &Path, out: &Path) {
    let cwd = d.join(format!(
        "cwd-{}",
        out.file_name().unwrap().to_string_lossy()
    ));
    write(&cwd.join("site.toml"), site_toml);
    build_in(&cwd, vault, out, &[]);
}

/// The output file a link on the page `page` (output-relative) points to.
fn target_of(out: &Path, page: &str, href: &str) -> std::path::PathBuf {
    let url = resolve_href(page, href).unwrap_or_else(|| panic!("{href} is not local"));
    page_file(out, &url)
}

// ---- class 12: a folder symlink that leaves the vault ----

#[cfg(unix)]
#[test]
fn folder_symlinks_leaving_the_vault_are_not_followed() {
    let d = tempfile::tempdir().unwrap();
    let outside = d.path().join("outside");
    write(
        &outside.join("Secret Plan.md"),
        "# Secret Plan\n\nCANARY-SYMLINK-4K lives outside the vault.\n",
    );
    std::fs::write(outside.join("leak.png"), "CANARY-SYMLINK-FILE-4K").unwrap();
    std::fs::write(
        outside.join("Secret Plan.vtt"),
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ana>CANARY-SYMLINK-VTT-4K\n",
    )
    .unwrap();
    let v = d.path().join("vault");
    write(
        &v.join("Home.md"),
        "# Home\n\nSee [[Secret Plan]], ![[leak.png]] and [[Shared/Inside]].\n",
    );
    write(
        &v.join("Real/Inside.md"),
        "# Inside\n\nA note inside the vault.\n",
    );
    std::os::unix::fs::symlink(&outside, v.join("Linked")).unwrap();
    // a folder symlink to a folder of the vault stays allowed
    std::os::unix::fs::symlink(v.join("Real"), v.join("Shared")).unwrap();
    // and one nested in a followed folder that leaves the vault is refused too
    std::os::unix::fs::symlink(&outside, v.join("Real/Deeper")).unwrap();
    let out = d.path().join("out");
    build_with_config(d.path(), "", &v, &out);
    assert_eq!(
        canaries_in(&out, &["CANARY-SYMLINK"]),
        vec![],
        "nothing outside the vault may be published"
    );
    assert!(
        out.join("shared/inside/index.html").is_file(),
        "a folder symlink inside the vault is followed"
    );
    let rep = report_in(d.path(), &v, &[]);
    let refused: Vec<&str> = rep["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "outside-vault")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    for link in ["Linked", "Real/Deeper", "Shared/Deeper"] {
        assert!(refused.contains(&link), "{link} not in {refused:?}");
    }
    let sources: Vec<&str> = rep["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["source"].as_str().unwrap())
        .collect();
    assert!(!sources.iter().any(|s| s.contains("Secret")), "{sources:?}");
}

// ---- class 13: HTML and SVG attachments ----

const HOSTILE_SVG: &str = r##"<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="evil.xsl"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40" onload="alert('CANARY-SVGON-9X')">
  <script>alert("CANARY-SVGSCRIPT-9X")</script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#36c"/></linearGradient></defs>
  <rect width="120" height="40" fill="url(#g)" style="fill:url(https://tracker.example/CANARY-SVGCSS-9X.png)"/>
  <a xlink:href="javascript:alert('CANARY-SVGHREF-9X')"><text x="4" y="24">Pipeline</text></a>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="CANARY-SVGFO-9X"/></div></foreignObject>
  <image href="https://tracker.example/CANARY-SVGIMG-9X.png" width="1" height="1"/>
  <set attributeName="href" to="javascript:alert('CANARY-SVGSET-9X')"/>
  <style>@import url("https://tracker.example/CANARY-SVGSTYLE-9X.css");</style>
</svg>
"##;

fn hostile_attachments(v: &Path) {
    write(
        &v.join("Home.md"),
        "# Home\n\n[[page.html]] ![[page.html]] [[snippet.xml]] [[report.dat]]\n\n\
         ![[diagram.svg]]\n\n![Diagram](files/diagram.svg) and [the diagram](files/diagram.svg)\n\n\
         [the page](files/page.html) and ![img](files/page.html)\n",
    );
    write(
        &v.join("files/page.html"),
        "<!doctype html><html><body><script>alert('CANARY-HTML-9X')</script></body></html>\n",
    );
    write(
        &v.join("files/snippet.xml"),
        "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert('CANARY-XML-9X')</script></html>\n",
    );
    // a name that does not say HTML, bytes that a sniffing browser would run
    write(
        &v.join("files/report.dat"),
        "  <html><script>alert('CANARY-SNIFF-9X')</script></html>\n",
    );
    write(&v.join("files/diagram.svg"), HOSTILE_SVG);
}

/// Extensions a browser runs script in when it opens the file.
const ACTIVE: &[&str] = &[
    "html", "htm", "xhtml", "xht", "xml", "svg", "svgz", "xsl", "xslt", "shtml", "mht", "mhtml",
];

fn extension(p: &str) -> String {
    p.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

#[test]
fn html_and_svg_attachments_cannot_run_script() {
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("vault");
    hostile_attachments(&v);
    let out = d.path().join("out");
    build_with_config(d.path(), "", &v, &out);
    let files = tree(&out);

    // no script-bearing canary of the SVG survives anywhere
    let never = [
        "CANARY-SVGON-9X",
        "CANARY-SVGSCRIPT-9X",
        "CANARY-SVGCSS-9X",
        "CANARY-SVGHREF-9X",
        "CANARY-SVGFO-9X",
        "CANARY-SVGIMG-9X",
        "CANARY-SVGSET-9X",
        "CANARY-SVGSTYLE-9X",
    ];
    assert_eq!(canaries_in(&out, &never), vec![]);
    // the HTML and XML files, and the one whose name says nothing, go out
    // only as text, under a name no browser runs
    let text_only = ["CANARY-HTML-9X", "CANARY-XML-9X", "CANARY-SNIFF-9X"];
    let as_text = canaries_in(&out, &text_only);
    assert_eq!(as_text.len(), 3, "{as_text:?}");
    for (file, canary) in as_text {
        assert!(
            file.starts_with("files/") && file.ends_with(".txt"),
            "{canary} in {file}"
        );
    }
    // every attachment in files/ is inert: no executable extension but a sanitised .svg
    let svgs: Vec<&String> = files
        .keys()
        .filter(|f| f.starts_with("files/") && extension(f) == "svg")
        .collect();
    assert_eq!(svgs.len(), 1, "{:?}", files.keys().collect::<Vec<_>>());
    for (f, bytes) in files.iter().filter(|(f, _)| f.starts_with("files/")) {
        let ext = extension(f);
        assert!(ext == "svg" || !ACTIVE.contains(&ext.as_str()), "{f}");
        let s = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        if ext == "svg" {
            for bad in [
                "<script",
                "onload",
                "foreignobject",
                "javascript:",
                "https:",
                "<set",
                "@import",
                "<?xml-stylesheet",
            ] {
                assert!(!s.contains(bad), "{bad} in {f}: {s}");
            }
            assert!(s.contains("<rect") && s.contains("pipeline"), "{s}");
        }
    }

    // the page: no frame, object or embed; the SVG shows as an image; links
    // to HTML are downloads of a file no browser runs
    let page = "home/index.html";
    let doc = html(&out.join(page));
    for tag in ["iframe", "object", "embed", "frame"] {
        assert_eq!(doc.select(&sel(tag)).count(), 0, "<{tag}> on the page");
    }
    let imgs: Vec<&str> = doc
        .select(&sel("main img[src]"))
        .map(|i| i.value().attr("src").unwrap())
        .collect();
    assert!(imgs.iter().any(|s| s.ends_with("diagram.svg")), "{imgs:?}");
    let mut attachment_links = 0;
    for a in doc.select(&sel("main a[href]")) {
        let href = a.value().attr("href").unwrap();
        if href.contains("://") || href.starts_with('#') {
            continue;
        }
        let target = target_of(&out, page, href);
        let rel = target
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !rel.starts_with("files/") {
            continue;
        }
        attachment_links += 1;
        assert!(target.is_file(), "{href} points at nothing");
        let ext = extension(&rel);
        assert!(
            ext == "svg" || !ACTIVE.contains(&ext.as_str()),
            "a navigable link to an executable attachment: {href}"
        );
        let bytes = std::fs::read(&target).unwrap();
        if text_only
            .iter()
            .any(|c| String::from_utf8_lossy(&bytes).contains(c))
        {
            assert!(
                a.value().attr("download").is_some(),
                "a link to an HTML attachment is a download: {}",
                a.html()
            );
        }
    }
    assert!(attachment_links >= 6, "{attachment_links}");
    // an image is an SVG without script, or a file no browser runs
    for img in imgs {
        let target = target_of(&out, page, img);
        let b = std::fs::read(&target).unwrap();
        match extension(img).as_str() {
            "svg" => assert!(!String::from_utf8_lossy(&b).contains("<script"), "{img}"),
            ext => assert!(!ACTIVE.contains(&ext), "{img}"),
        }
    }

    // check names what it did to the attachments
    let rep = report_in(d.path(), &v, &[]);
    let unsafe_files: Vec<&str> = rep["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unsafe-attachment")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(unsafe_files, vec!["files/diagram.svg"]);
}

#[test]
fn unsafe_html_publishes_attachments_as_they_are() {
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("vault");
    hostile_attachments(&v);
    let out = d.path().join("out");
    build_with_config(d.path(), "unsafe_html = true\n", &v, &out);
    let files = tree(&out);
    let page = files
        .iter()
        .find(|(f, _)| f.starts_with("files/") && extension(f) == "html")
        .expect("page.html copied as it is");
    assert!(String::from_utf8_lossy(page.1).contains("CANARY-HTML-9X"));
    let svg = files
        .iter()
        .find(|(f, _)| f.starts_with("files/") && extension(f) == "svg")
        .unwrap();
    assert_eq!(svg.1.as_slice(), HOSTILE_SVG.as_bytes());
}

// ---- class 7 (attachments): names that differ only in case ----

#[test]
fn attachments_differing_in_case_resolve_exactly() {
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("vault");
    std::fs::create_dir_all(v.join("img")).unwrap();
    std::fs::create_dir_all(v.join("Other")).unwrap();
    std::fs::write(v.join("img/Diagram.png"), "CANARY-CASE-UPPER-7C").unwrap();
    std::fs::write(v.join("img/diagram.png"), "CANARY-CASE-LOWER-7C").unwrap();
    std::fs::write(v.join("img/Chart.png"), "CANARY-CHART-UPPER-7C").unwrap();
    std::fs::write(v.join("Other/chart.png"), "CANARY-CHART-LOWER-7C").unwrap();
    // only the upper-case files are linked, in every spelling of a link
    // (`mg/Chart.png` names no folder of the vault: it links nothing)
    write(
        &v.join("Other/Public.md"),
        "# Public\n\n![[Diagram.png]] [[img/Diagram.png]] ![d](../img/Diagram.png)\n\n\
         ![[Chart.png]] [[mg/Chart.png]]\n",
    );
    let out = d.path().join("out");
    build_with_config(d.path(), "", &v, &out);
    assert_eq!(
        canaries_in(&out, &["CANARY-CASE-LOWER-7C", "CANARY-CHART-LOWER-7C"]),
        vec![],
        "a file no note links must not be published"
    );
    let page = "other/public/index.html";
    let doc = html(&out.join(page));
    let targets: Vec<String> = doc
        .select(&sel("main img[src], main a.attachment[href]"))
        .map(|e| {
            let href = e.value().attr("src").or(e.value().attr("href")).unwrap();
            String::from_utf8(std::fs::read(target_of(&out, page, href)).unwrap()).unwrap()
        })
        .collect();
    assert_eq!(
        targets,
        vec![
            "CANARY-CASE-UPPER-7C",
            "CANARY-CASE-UPPER-7C",
            "CANARY-CASE-UPPER-7C",
            "CANARY-CHART-UPPER-7C"
        ]
    );

    // both spellings linked: two files, two output paths, each link its own
    write(
        &v.join("Other/Both.md"),
        "# Both\n\n![[img/diagram.png]] ![[img/Diagram.png]] [[chart.png]] [[Chart.png]]\n",
    );
    let out2 = d.path().join("out2");
    build_with_config(d.path(), "", &v, &out2);
    let page = "other/both/index.html";
    let doc = html(&out2.join(page));
    let links: Vec<(String, String)> = doc
        .select(&sel("main img[src], main a.attachment[href]"))
        .map(|e| {
            let href = e.value().attr("src").or(e.value().attr("href")).unwrap();
            let t = target_of(&out2, page, href);
            (
                t.to_string_lossy().into_owned(),
                String::from_utf8(std::fs::read(t).unwrap()).unwrap(),
            )
        })
        .collect();
    let bytes: Vec<&str> = links.iter().map(|l| l.1.as_str()).collect();
    assert_eq!(
        bytes,
        vec![
            "CANARY-CASE-LOWER-7C",
            "CANARY-CASE-UPPER-7C",
            "CANARY-CHART-LOWER-7C",
            "CANARY-CHART-UPPER-7C"
        ]
    );
    let mut paths: Vec<&str> = links.iter().map(|l| l.0.as_str()).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 4, "{links:?}");
}

// ---- class 14: the sanitiser and remote images ----

const TRACKING: &str = "# Tracked\n\n\
| left | right |\n|:---|---:|\n| <span>a</span> | b |\n\n\
<table><tr><td style=\"position:fixed;top:0;CANARY-STYLE-2T\">x</td><th style=\"CANARY-STYLE-TH-2T\">y</th></tr></table>\n\n\
![Pixel](https://tracker.example/CANARY-PIXEL-2T.gif) and ![](//tracker.example/CANARY-PIXEL-NOALT-2T.gif)\n\n\
<img src=\"https://tracker.example/CANARY-RAWPIXEL-2T.gif\" alt=\"raw &quot;pixel&quot; > here\">\n\n\
<p>inline <img src=\"http://tracker.example/CANARY-INLINEPIXEL-2T.gif\"> pixel</p>\n";

#[test]
fn table_cells_keep_alignment_without_style_and_remote_images_are_links() {
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("vault");
    write(&v.join("Tracked.md"), TRACKING);
    let out = d.path().join("out");
    build_with_config(d.path(), "", &v, &out);
    assert_eq!(canaries_in(&out, &["CANARY-STYLE"]), vec![]);
    let doc = html(&out.join("tracked/index.html"));
    assert_eq!(doc.select(&sel("main [style]")).count(), 0);
    // GFM alignment still shows
    let aligned: Vec<String> = doc
        .select(&sel("main th[align], main td[align]"))
        .map(|c| c.value().attr("align").unwrap().to_string())
        .collect();
    assert!(
        aligned.contains(&"right".to_string()) && aligned.contains(&"left".to_string()),
        "{aligned:?}"
    );
    // no remote image is fetched: each is a link to the image
    let remote_imgs: Vec<String> = doc
        .select(&sel("img"))
        .filter_map(|i| i.value().attr("src").map(String::from))
        .filter(|s| s.contains("tracker.example"))
        .collect();
    assert_eq!(remote_imgs, Vec::<String>::new());
    let links: Vec<(String, String)> = doc
        .select(&sel("main a[href]"))
        .filter(|a| a.value().attr("href").unwrap().contains("tracker.example"))
        .map(|a| (a.value().attr("href").unwrap().to_string(), text(a)))
        .collect();
    assert_eq!(
        links,
        vec![
            (
                "https://tracker.example/CANARY-PIXEL-2T.gif".to_string(),
                "Pixel".to_string()
            ),
            (
                "//tracker.example/CANARY-PIXEL-NOALT-2T.gif".to_string(),
                "//tracker.example/CANARY-PIXEL-NOALT-2T.gif".to_string()
            ),
            (
                "https://tracker.example/CANARY-RAWPIXEL-2T.gif".to_string(),
                "raw \"pixel\" > here".to_string()
            ),
            (
                "http://tracker.example/CANARY-INLINEPIXEL-2T.gif".to_string(),
                "http://tracker.example/CANARY-INLINEPIXEL-2T.gif".to_string()
            ),
        ]
    );
    // with the switch on, they are images again
    let out2 = d.path().join("out2");
    build_with_config(d.path(), "remote_images = true\n", &v, &out2);
    let doc = html(&out2.join("tracked/index.html"));
    let n = doc
        .select(&sel("main img[src]"))
        .filter(|i| i.value().attr("src").unwrap().contains("tracker.example"))
        .count();
    assert_eq!(n, 4);
}

// ---- class 14: serve and the Host header ----

#[test]
fn serve_refuses_foreign_host_headers() {
    use std::io::{Read, Write as _};
    let d = tempfile::tempdir().unwrap();
    let v = d.path().join("vault");
    write(
        &v.join("Home.md"),
        "# Home\n\nCANARY-HOST-3R is on the site.\n",
    );
    let out = d.path().join("public");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("minutebook"))
        .current_dir(d.path())
        .args(["serve", "--no-watch", "--port", &port.to_string()])
        .arg("--vault")
        .arg(&v)
        .arg("--out")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let get = |host: Option<&str>| -> Option<String> {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        write!(
            s,
            "GET /home/index.html HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
        )
        .ok()?;
        let mut r = String::new();
        s.read_to_string(&mut r).ok()?;
        Some(r)
    };
    let local = format!("localhost:{port}");
    let mut first = None;
    for _ in 0..200 {
        first = get(Some(&local)).filter(|r| r.contains(" 200 "));
        if first.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let outcome = std::panic::catch_unwind(|| {
        let first = first.expect("serve answers for localhost");
        assert!(first.contains("CANARY-HOST-3R"), "{first}");
        for ok in [
            "localhost".to_string(),
            "LocalHost".to_string(),
            format!("127.0.0.1:{port}"),
            "127.0.0.1".to_string(),
            format!("[::1]:{port}"),
            "[::1]".to_string(),
        ] {
            let r = get(Some(&ok)).unwrap();
            assert!(
                r.contains(" 200 ") && r.contains("CANARY-HOST-3R"),
                "{ok}: {r}"
            );
        }
        for bad in [
            Some("evil.example".to_string()),
            Some(format!("evil.example:{port}")),
            Some("localhost.evil.example".to_string()),
            Some(format!("127.0.0.1.evil.example:{port}")),
            Some("localhost:80@evil.example".to_string()),
            None,
        ] {
            let r = get(bad.as_deref()).unwrap();
            assert!(
                r.contains(" 403 ") || (bad.is_none() && r.contains(" 400 ")),
                "{bad:?}: {r}"
            );
            assert!(!r.contains("CANARY-HOST-3R"), "{bad:?}: {r}");
        }
    });
    child.kill().unwrap();
    let _ = child.wait();
    if let Err(e) = outcome {
        std::panic::resume_unwind(e);
    }
}
