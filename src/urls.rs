//! URLs: slugs for vault paths and names, and relative links between pages.
//!
//! Every page lives at a *page URL* relative to the output root: `""` for the
//! home page, otherwise a folder path ending in `/` (`people/dana-reyes/`),
//! written as `…/index.html`. Files (attachments, assets) have file URLs.
//! Links in the output are always relative ([`relative`]), so a site works at
//! any subpath and when opened straight from disk.

use std::collections::BTreeSet;

/// A readable slug of one path segment or name: lowercase letters and digits
/// of any script, other characters folded to single `-`. Never empty.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // apostrophes join: O'Brien -> obrien
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    // keep file names well under file system limits (bytes)
    if out.len() > 120 {
        let mut cut = 120;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// Slug of a `/`-separated path: each segment slugified.
pub fn slugify_path(p: &str) -> String {
    p.split('/')
        .filter(|s| !s.is_empty())
        .map(slugify)
        .collect::<Vec<_>>()
        .join("/")
}

/// Slug for a file name, keeping its (lowercased) extension: `Diagram 1.PNG` → `diagram-1.png`.
pub fn slugify_file(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() && ext.len() <= 8 => {
            format!("{}.{}", slugify(stem), slugify(ext))
        }
        _ => slugify(name),
    }
}

/// Hands out unique page URLs: a taken URL gets `-2`, `-3`… on its last segment.
#[derive(Debug, Default)]
pub struct UrlRegistry {
    taken: BTreeSet<String>,
}

impl UrlRegistry {
    /// Reserve `url` (a page folder like `people/` or a file path) as used.
    pub fn reserve(&mut self, url: &str) {
        self.taken.insert(url.to_string());
        if let Some(dir) = url.strip_suffix('/') {
            // a page folder also blocks the same name as a file, and vice versa
            self.taken.insert(dir.to_string());
        }
    }

    /// A unique page URL (ending in `/`) for the slug path `slug` (no trailing `/`).
    pub fn page(&mut self, slug: &str) -> String {
        let mut n = 1;
        loop {
            let cand = if n == 1 {
                format!("{slug}/")
            } else {
                format!("{slug}-{n}/")
            };
            if !self.taken.contains(&cand) && !self.taken.contains(cand.trim_end_matches('/')) {
                self.reserve(&cand);
                return cand;
            }
            n += 1;
        }
    }

    /// A unique file URL for `dir/file.ext`.
    pub fn file(&mut self, dir: &str, file: &str) -> String {
        let (stem, ext) = match file.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), format!(".{e}")),
            None => (file.to_string(), String::new()),
        };
        let mut n = 1;
        loop {
            let name = if n == 1 {
                format!("{stem}{ext}")
            } else {
                format!("{stem}-{n}{ext}")
            };
            let cand = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            if !self.taken.contains(&cand) && !self.taken.contains(&format!("{cand}/")) {
                self.taken.insert(cand.clone());
                return cand;
            }
            n += 1;
        }
    }
}

/// Percent-encode a URL path: keeps ASCII letters, digits, `-._~/`.
pub fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 8);
    push_encoded_path(&mut out, p);
    out
}

/// [`encode_path`], pushed onto `out`.
fn push_encoded_path(out: &mut String, p: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let keep = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    let mut last = 0;
    for (i, b) in p.bytes().enumerate() {
        if keep(b) {
            continue;
        }
        if last < i {
            // a run of kept (ASCII) bytes: on character boundaries
            out.push_str(&p[last..i]);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
        last = i + 1;
    }
    // what is left is kept ASCII, or nothing
    out.push_str(p.get(last..).unwrap_or(""));
}

/// Decode `%XX` escapes of a URL path; None when the result is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The relative href from the page at `from` (a page URL) to `to` (a page URL
/// ending in `/`, `""` for home, or a file URL). With `directory_links` false a
/// page link ends in `index.html`, so it also works from disk.
pub fn relative(from: &str, to: &str, directory_links: bool) -> String {
    let depth = from.bytes().filter(|&b| b == b'/').count();
    let mut s = String::with_capacity(3 * depth + to.len() + 16);
    for _ in 0..depth {
        s.push_str("../");
    }
    push_encoded_path(&mut s, to);
    let is_page = to.is_empty() || to.ends_with('/');
    if is_page && !directory_links {
        s.push_str("index.html");
    } else if s.is_empty() {
        s.push_str("./");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_safe() {
        assert_eq!(slugify("2025-09-16 Dana Reyes"), "2025-09-16-dana-reyes");
        assert_eq!(slugify("Q&A #3 100% done? (draft)"), "q-a-3-100-done-draft");
        assert_eq!(slugify("Ünïcødé 会议 notes"), "ünïcødé-会议-notes");
        assert_eq!(slugify("O'Brien"), "obrien");
        assert_eq!(slugify("???"), "_");
        assert_eq!(
            slugify_path("Meetings/1-1/Dana Reyes"),
            "meetings/1-1/dana-reyes"
        );
        assert_eq!(slugify_file("Diagram 1.PNG"), "diagram-1.png");
    }

    #[test]
    fn registry_suffixes_collisions_deterministically() {
        let mut r = UrlRegistry::default();
        r.reserve("people/");
        assert_eq!(r.page("a/b"), "a/b/");
        assert_eq!(r.page("a/b"), "a/b-2/");
        assert_eq!(r.page("people"), "people-2/");
        assert_eq!(r.file("files", "x.png"), "files/x.png");
        assert_eq!(r.file("files", "x.png"), "files/x-2.png");
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative("", "people/", false), "people/index.html");
        assert_eq!(relative("people/dana/", "", false), "../../index.html");
        assert_eq!(relative("a/", "b/c.png", false), "../b/c.png");
        assert_eq!(relative("", "", true), "./");
        assert_eq!(relative("x/", "ünï/", false), "../%C3%BCn%C3%AF/index.html");
        assert_eq!(encode_path("a b/ü?é"), "a%20b/%C3%BC%3F%C3%A9");
        assert_eq!(encode_path("ü"), "%C3%BC");
    }
}
