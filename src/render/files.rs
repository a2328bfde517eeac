//! Attachments as published: which files a browser could run script in, and
//! what is written for each attachment a note uses.
//!
//! Takes the published site, the vault folder and the vault paths the load
//! stage walked; gives the files to copy, the files to write instead
//! (sanitised SVGs) and diagnostics. Unless `unsafe_html` is set, no
//! attachment can run script with the site's origin:
//!
//! - images, audio, video, PDFs, office documents, archives and a few text
//!   types ([`PASSIVE`]) are copied as they are: every web server sends them
//!   with a type no browser runs;
//! - an SVG is written sanitised ([`crate::render::svg`]): it shows as an image and,
//!   opened on its own, runs and loads nothing;
//! - anything else (HTML, XHTML, XML, XSLT, MHTML, scripts, and files of an
//!   unknown type or none, which a server may send without a type for the
//!   browser to guess) is copied under its name plus `.txt` and linked as a
//!   download (the resolve stage gives it that URL, see [`crate::model::download_only`]).
//!
//! Only files the load stage walked are ever read: a source that is not one
//! of them fails the build.

use crate::diagnostics::Diagnostic;
use crate::publish::Published;
use crate::render::OutFile;
use anyhow::{Result, bail};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use crate::model::{PASSIVE, download_only, is_svg};

/// What to write for the attachments of a site.
#[derive(Debug, Default)]
pub struct Plan {
    /// Vault file → output-relative path, copied as it is.
    pub copies: Vec<(PathBuf, String)>,
    /// Files written instead of a copy (sanitised SVGs).
    pub files: Vec<OutFile>,
    /// What sanitising found.
    pub diagnostics: Vec<Diagnostic>,
}

/// An SVG with nothing in it, published in place of one that cannot be read.
const EMPTY_SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>";

/// Plan the attachments of `published`, whose sources are vault paths among
/// `walked`, under the folder `vault_root`.
pub fn plan(
    published: &Published,
    vault_root: &Path,
    walked: &HashSet<String>,
    unsafe_html: bool,
) -> Result<Plan> {
    let mut plan = Plan::default();
    for a in published
        .site()
        .attachments
        .iter()
        .filter(|a| a.used && a.board.is_none())
    {
        let source = published.attachment_source(&a.path);
        if !walked.contains(source) {
            bail!("internal error: attachment {source:?} is not a file of the vault");
        }
        let full = vault_root.join(source);
        if unsafe_html || !is_svg(&a.path) {
            plan.copies.push((full, a.url.clone()));
            continue;
        }
        let warn = |msg: String| Diagnostic::warning("unsafe-attachment", &a.path, 0, msg);
        let bytes = match std::fs::read(&full) {
            Ok(b) => b,
            Err(e) => {
                plan.diagnostics.push(Diagnostic::warning(
                    "unreadable-file",
                    &a.path,
                    0,
                    format!("cannot be read: {e}"),
                ));
                plan.files.push(OutFile {
                    path: a.url.clone(),
                    bytes: EMPTY_SVG.to_vec(),
                });
                continue;
            }
        };
        let bytes = match crate::render::svg::sanitize(&bytes) {
            Ok(s) => {
                if !s.removed.is_empty() {
                    plan.diagnostics.push(warn(format!(
                        "this SVG holds {}; the published copy has none of it (unsafe_html = true publishes it as it is)",
                        s.removed.join(", ")
                    )));
                }
                s.svg
            }
            Err(why) => {
                plan.diagnostics.push(warn(format!(
                    "this SVG cannot be published safely: {why}; an empty image stands in its place"
                )));
                EMPTY_SVG.to_vec()
            }
        };
        plan.files.push(OutFile {
            path: a.url.clone(),
            bytes,
        });
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_attachments_are_downloads() {
        for p in [
            "a/page.html",
            "x.HTM",
            "f.xml",
            "s.js",
            "README",
            "notes.canvas",
            "a.b/c",
        ] {
            assert!(download_only(p), "{p}");
        }
        for p in [
            "a/Diagram.PNG",
            "d.svg",
            "sheet.pdf",
            "data.csv",
            "talk.mp4",
        ] {
            assert!(!download_only(p), "{p}");
        }
        assert!(is_svg("x/Flow.SVG") && !is_svg(".svg"));
    }
}
