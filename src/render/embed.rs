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
    let href = r.href(env.from, &n.url);
    let link = format!(
        "<a class=\"embed-link\" href=\"{}\">{}</a>",
        esc(&href),
        esc(shown)
    );
    if env.chain.contains(&target) || env.chain.len() > MAX_DEPTH {
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
    chain.push(target);
    let inner = PageEnv {
        r,
        note: target,
        from: env.from,
        chain,
        turns: Default::default(),
        raw: env.raw,
    };
    let html = markdown::render(&md, &inner);
    format!(
        "<div class=\"embed\" data-source=\"{}\"><div class=\"embed-title\">{link}</div>\n{html}</div>",
        esc(&n.title)
    )
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
