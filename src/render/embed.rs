//! Transclusion: `![[Note]]`, `![[Note#Heading]]` and `![[Note#^block]]`.
//!
//! Takes the page being rendered and the embedded note; gives the HTML of the
//! embedded note, its section or its block, rendered with links relative to
//! the outer page. Embeds nest up to [`MAX_DEPTH`] levels; a note that is
//! already being embedded (a cycle) renders as a link instead.

use crate::parse::markdown::{self, escape_html as esc};
use crate::render::PageEnv;

/// How deep embeds may nest.
pub const MAX_DEPTH: usize = 4;

/// The Markdown of a note's section under the heading with element id `id`.
fn section(body: &str, headings: &[markdown::Heading], id: &str) -> Option<String> {
    let k = headings.iter().position(|h| h.id == id)?;
    let h = &headings[k];
    let end = headings[k + 1..]
        .iter()
        .find(|x| x.level <= h.level)
        .map(|x| x.line - 1)
        .unwrap_or(usize::MAX);
    let lines: Vec<&str> = body.lines().collect();
    let from = h.line.saturating_sub(1);
    let to = end.min(lines.len());
    (from < to).then(|| lines[from..to].join("\n"))
}

/// The paragraph or list item that ends with `^id`.
fn block(body: &str, id: &str) -> Option<String> {
    let lines: Vec<&str> = body.lines().collect();
    let tail = format!("^{id}");
    let at = lines.iter().position(|l| l.trim_end().ends_with(&tail))?;
    let line = lines[at].trim_start();
    if line.starts_with(['-', '*', '+']) || line.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return Some(lines[at].to_string());
    }
    let mut start = at;
    while start > 0 && !lines[start - 1].trim().is_empty() {
        start -= 1;
    }
    Some(lines[start..=at].join("\n"))
}

/// HTML for `![[target]]` inside the page of `env`.
pub(crate) fn embed_note(
    env: &PageEnv,
    target: usize,
    anchor: Option<&str>,
    shown: &str,
) -> String {
    let r = env.r;
    let site = r.site();
    let n = &site.notes[target];
    // a section of the page's own note links to where it stands on the page
    let href = match anchor {
        Some(a) if env.is_page_note(target) => format!("#{}", crate::urls::encode_path(a)),
        _ => r.href(env.from, &n.url),
    };
    let link = format!(
        "<a class=\"embed-link\" href=\"{}\">{}</a>",
        esc(&href),
        esc(shown)
    );
    if is_cycle(&env.chain, target, anchor) || env.chain.len() > MAX_DEPTH {
        return format!("<div class=\"embed embed-cut\">{link}</div>");
    }
    let source = n.body_in(&site.store);
    let md = match anchor {
        Some(a) if a.starts_with('^') => block(&source, &a[1..]),
        Some(a) => section(&source, &n.headings, a),
        None => Some(source.to_string()),
    };
    let Some(md) = md else {
        return format!("<div class=\"embed embed-cut\">{link}</div>");
    };
    let mut chain = env.chain.clone();
    chain.push((target, anchor.map(str::to_string)));
    let inner = PageEnv {
        r,
        note: target,
        from: env.from,
        chain,
        turns: Default::default(),
        raw: env.raw,
        embeds: env.embeds,
    };
    let html = markdown::render(&md, &inner);
    let k = env.embeds.get() + 1;
    env.embeds.set(k);
    let html = unique_ids(&html, &format!("embed{k}-"));
    format!(
        "<div class=\"embed\" data-source=\"{}\"><div class=\"embed-title\">{link}</div>\n{html}</div>",
        esc(&n.title)
    )
}

/// Whether embedding `target` (its section `anchor`, or all of it) inside
/// `chain` would repeat what is being drawn: the same section again, or a
/// note inside itself. A section of the note being drawn is not a cycle
/// (Obsidian's `![[#Heading]]`); if that section holds the embed itself,
/// the repeat inside it is.
fn is_cycle(chain: &[(usize, Option<String>)], target: usize, anchor: Option<&str>) -> bool {
    chain
        .iter()
        .any(|(n, a)| *n == target && (a.as_deref() == anchor || anchor.is_none()))
}

/// `html` with every element id it defines given `prefix`, and the links
/// within it to those ids (`href="#id"`) changed to match: an embedded
/// heading, block or footnote keeps a working anchor without repeating an
/// id of the page around it.
fn unique_ids(html: &str, prefix: &str) -> String {
    static ID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        #[allow(clippy::expect_used)]
        regex::Regex::new(r##"(\s(?:id|href)="#?)([^"]*)""##).expect("static regex")
    });
    let ids: std::collections::HashSet<&str> = ID
        .captures_iter(html)
        .filter(|c| c[1].ends_with("id=\""))
        .filter_map(|c| c.get(2).map(|m| m.as_str()))
        .collect();
    if ids.is_empty() {
        return html.to_string();
    }
    ID.replace_all(html, |c: &regex::Captures| {
        let (attr, value) = (&c[1], &c[2]);
        let own = if attr.ends_with("id=\"") {
            true
        } else {
            attr.ends_with('#') && ids.contains(value)
        };
        if own {
            format!("{attr}{prefix}{value}\"")
        } else {
            c[0].to_string()
        }
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_and_block_extraction() {
        let body =
            "# T\n\n## Status\n\nGreen.\n\n### Detail\n\nx\n\n## Scope\n\nAll of it.\nMore ^s1\n";
        let h = markdown::analyze(body).headings;
        let s = section(body, &h, "status").unwrap();
        assert!(
            s.contains("Green.") && s.contains("Detail") && !s.contains("Scope"),
            "{s}"
        );
        assert_eq!(block(body, "s1").unwrap(), "All of it.\nMore ^s1");
    }
}
