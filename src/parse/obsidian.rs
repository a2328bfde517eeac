//! Obsidian syntax that is handled on text, before Markdown parsing.
//!
//! - [`strip_comments`]: `%%comments%%`, inline and block, removed from a
//!   note's body while keeping line numbers (code spans and code blocks are
//!   left alone, as [`crate::parse::blocks`] finds them).
//! - [`wikilinks_in`]: the `[[wikilinks]]` inside a plain string, such as a
//!   frontmatter value.
//! - [`LinkTarget`]: a link's raw target split into path, heading and block.

/// Remove Obsidian comments (`%%…%%`) from Markdown text.
///
/// Comments may span lines; an unclosed `%%` hides the rest of the text, as in
/// Obsidian. Newlines inside a removed comment are kept so that line numbers
/// of the text after it do not move. `%%` inside code blocks (fenced, also
/// one left open in a list item or quote, which ends with it, and indented)
/// and inline code spans is not a comment; the block structure comes from
/// [`crate::parse::blocks::Scanner`].
pub fn strip_comments(text: &str) -> String {
    if !text.contains("%%") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut lines = crate::parse::blocks::Scanner::with_comments(text);
    while let Some(line) = lines.next() {
        let mut at = line.start;
        for &(a, b) in lines.comments() {
            out.push_str(text.get(at..a).unwrap_or(""));
            at = b;
        }
        out.push_str(text.get(at..line.next).unwrap_or(""));
    }
    out
}

/// A wikilink found in plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLink {
    /// The text before `|` (target with optional `#heading` or `#^block`).
    pub target: String,
    /// The text after `|`, if any.
    pub alias: Option<String>,
    /// `![[…]]`.
    pub embed: bool,
}

/// Every `[[wikilink]]` in a plain string (not Markdown-aware).
pub fn wikilinks_in(s: &str) -> Vec<RawLink> {
    wikilinks_at(s).into_iter().map(|(_, _, l)| l).collect()
}

/// Every `[[wikilink]]` in a plain string with its byte range (from the `!`
/// of an embed, to after the `]]`).
pub fn wikilinks_at(s: &str) -> Vec<(usize, usize, RawLink)> {
    let mut out = Vec::new();
    let mut rest = s;
    let mut offset = 0;
    while let Some(i) = rest.find("[[") {
        let after = &rest[i + 2..];
        let Some(j) = after.find("]]") else { break };
        let inner = &after[..j];
        if !inner.contains('\n') && !inner.contains("[[") && !inner.trim().is_empty() {
            let embed = offset + i > 0 && s.as_bytes()[offset + i - 1] == b'!';
            let (target, alias) = split_alias(inner);
            let start = offset + i - usize::from(embed);
            out.push((
                start,
                offset + i + 2 + j + 2,
                RawLink {
                    target,
                    alias,
                    embed,
                },
            ));
        }
        let consumed = i + 2 + j + 2;
        offset += consumed;
        rest = &rest[consumed..];
    }
    out
}

/// Split `target|alias` (a `\|` as in tables counts as the separator too).
pub fn split_alias(inner: &str) -> (String, Option<String>) {
    match inner.find('|') {
        Some(p) => {
            let t = inner[..p].trim_end_matches('\\').trim();
            let a = inner[p + 1..].trim();
            (t.to_string(), (!a.is_empty()).then(|| a.to_string()))
        }
        None => (inner.trim().to_string(), None),
    }
}

/// A link target split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinkTarget {
    /// The note or file part (may be empty: a link within the same note).
    pub path: String,
    /// `#Heading` (the last one of a `#A#B` chain), if any.
    pub heading: Option<String>,
    /// `#^block-id`, if any.
    pub block: Option<String>,
}

impl LinkTarget {
    /// Split a raw target such as `Note#Heading` or `folder/Note#^id`.
    pub fn parse(raw: &str) -> LinkTarget {
        let raw = raw.trim();
        let (path, frag) = match raw.find('#') {
            Some(p) => (&raw[..p], Some(&raw[p + 1..])),
            None => (raw, None),
        };
        let mut t = LinkTarget {
            path: path.trim().to_string(),
            ..Default::default()
        };
        if let Some(frag) = frag {
            if let Some(b) = frag.strip_prefix('^') {
                if !b.trim().is_empty() {
                    t.block = Some(b.trim().to_string());
                }
            } else {
                let h = frag.rsplit('#').next().unwrap_or("").trim();
                if !h.is_empty() {
                    t.heading = Some(h.to_string());
                }
            }
        }
        t
    }
}

/// How Obsidian shows a link without `|text`: the note's name, with
/// ` › Heading` for a heading link (`folder/Note#Part` → `Note › Part`).
pub fn display_target(target: &str) -> String {
    let t = LinkTarget::parse(target);
    let name = t.path.rsplit('/').next().unwrap_or(&t.path);
    let name = name.strip_suffix(".md").unwrap_or(name).to_string();
    match (t.heading, t.block) {
        (Some(h), _) if name.is_empty() => h,
        (Some(h), _) => format!("{name} › {h}"),
        (_, Some(b)) if name.is_empty() => format!("^{b}"),
        _ => name,
    }
}

/// Normalise a tag: lower case, no leading `#`, trimmed, no trailing `/`. None when empty
/// or purely numeric (Obsidian does not treat `#123` as a tag).
pub fn normalize_tag(t: &str) -> Option<String> {
    let t = t.trim().trim_start_matches('#').trim_matches('/').trim();
    if t.is_empty() || t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if t.chars().any(|c| c.is_whitespace() || c == ',' || c == '#') {
        return None;
    }
    // Obsidian's tags are case-insensitive: `#MOC` and `#moc` are one tag
    Some(t.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_block_comments_go_and_lines_stay() {
        let s = "a %%secret%% b\n%%\nblock\nmore\n%%\nafter\n";
        let out = strip_comments(s);
        assert_eq!(out, "a  b\n\n\n\n\nafter\n");
        assert_eq!(out.lines().count(), s.lines().count());
    }

    #[test]
    fn comments_in_code_are_kept() {
        let s = "`a %% b` x %%gone%%\n```\n%% kept %%\n```\nend\n";
        assert_eq!(
            strip_comments(s),
            "`a %% b` x \n```\n%% kept %%\n```\nend\n"
        );
    }

    #[test]
    fn comments_after_an_item_fence_or_an_escaped_backtick_go() {
        assert_eq!(
            strip_comments("- a\n  ```\n  %%code%%\nout %%gone%%\n"),
            "- a\n  ```\n  %%code%%\nout \n"
        );
        assert_eq!(strip_comments("\\` %%gone%% `\n"), "\\`  `\n");
        assert_eq!(strip_comments("    %%code%%\n"), "    %%code%%\n");
    }

    #[test]
    fn unclosed_comment_hides_the_rest() {
        assert_eq!(strip_comments("keep %%hide\nall\n"), "keep \n\n");
    }

    #[test]
    fn wikilinks_in_plain_strings() {
        let l = wikilinks_in("[[Dana Reyes]] and ![[img.png|200]] [[a#b|c]]");
        assert_eq!(l.len(), 3);
        assert_eq!(l[0].target, "Dana Reyes");
        assert!(l[1].embed);
        assert_eq!(l[1].alias.as_deref(), Some("200"));
        assert_eq!(l[2].target, "a#b");
    }

    #[test]
    fn targets_split() {
        let t = LinkTarget::parse("folder/Note#^abc");
        assert_eq!(t.path, "folder/Note");
        assert_eq!(t.block.as_deref(), Some("abc"));
        let t = LinkTarget::parse("Note#A#B");
        assert_eq!(t.heading.as_deref(), Some("B"));
        let t = LinkTarget::parse("#Local");
        assert_eq!(t.path, "");
        assert_eq!(t.heading.as_deref(), Some("Local"));
    }

    #[test]
    fn tags_normalise() {
        assert_eq!(
            normalize_tag("#customer/northwind").as_deref(),
            Some("customer/northwind")
        );
        assert_eq!(normalize_tag("123"), None);
        assert_eq!(normalize_tag(""), None);
    }
}
