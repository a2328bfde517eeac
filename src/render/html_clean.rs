//! The sanitiser's fast path: HTML that minutebook wrote itself.
//!
//! A note without raw HTML renders to HTML that comrak and minutebook wrote:
//! well nested, every tag known. Ammonia would parse it with html5ever and
//! write it out again, changing only its spelling (`<br />` → `<br>`,
//! `&#39;` → `'`, `disabled` → `disabled=""`, `>` in text → `&gt;`, the
//! newline after `<pre>` dropped) and removing links whose scheme it does
//! not allow. [`reserialize`] does the same in one linear pass, giving the
//! bytes ammonia would give, and gives None whenever the input leaves the
//! narrow shape it knows: an unknown tag or attribute, a URL ammonia would
//! drop, a character reference it does not know, a comment, an element the
//! HTML parser would move or close (a block inside `<p>`, `<a>` inside
//! `<a>`, text inside a table, a mis-nested end tag). The caller then runs
//! ammonia as before, so what comes out is always what ammonia gives.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// How the HTML parser treats an element, as far as the shapes accepted here go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Phrasing content: allowed anywhere outside table structure.
    Inline,
    /// A void phrasing element (`<br>`, `<img>`, `<input>`, `<wbr>`).
    Void,
    /// `<hr>`: void, and closes an open paragraph.
    VoidBlock,
    /// Flow content that closes an open paragraph.
    Block,
    /// `<p>` and `<h1>`…`<h6>`: only phrasing content inside.
    Para,
    /// `<pre>`: a block whose first newline the parser drops.
    Pre,
    /// `<ul>`, `<ol>`.
    List,
    /// `<li>`: only directly inside a list.
    Item,
    /// `<table>`.
    Table,
    /// `<thead>`, `<tbody>`, `<tfoot>`.
    Rows,
    /// `<tr>`.
    Row,
    /// `<th>`, `<td>`.
    Cell,
}

const TAGS: &[(&str, Kind)] = &[
    ("a", Kind::Inline),
    ("abbr", Kind::Inline),
    ("b", Kind::Inline),
    ("cite", Kind::Inline),
    ("code", Kind::Inline),
    ("del", Kind::Inline),
    ("em", Kind::Inline),
    ("i", Kind::Inline),
    ("ins", Kind::Inline),
    ("kbd", Kind::Inline),
    ("mark", Kind::Inline),
    ("s", Kind::Inline),
    ("small", Kind::Inline),
    ("span", Kind::Inline),
    ("strong", Kind::Inline),
    ("sub", Kind::Inline),
    ("sup", Kind::Inline),
    ("time", Kind::Inline),
    ("u", Kind::Inline),
    ("br", Kind::Void),
    ("img", Kind::Void),
    ("input", Kind::Void),
    ("wbr", Kind::Void),
    ("hr", Kind::VoidBlock),
    ("blockquote", Kind::Block),
    ("details", Kind::Block),
    ("div", Kind::Block),
    ("figcaption", Kind::Block),
    ("figure", Kind::Block),
    ("section", Kind::Block),
    ("summary", Kind::Block),
    ("p", Kind::Para),
    ("h1", Kind::Para),
    ("h2", Kind::Para),
    ("h3", Kind::Para),
    ("h4", Kind::Para),
    ("h5", Kind::Para),
    ("h6", Kind::Para),
    ("pre", Kind::Pre),
    ("ul", Kind::List),
    ("ol", Kind::List),
    ("li", Kind::Item),
    ("table", Kind::Table),
    ("thead", Kind::Rows),
    ("tbody", Kind::Rows),
    ("tfoot", Kind::Rows),
    ("tr", Kind::Row),
    ("th", Kind::Cell),
    ("td", Kind::Cell),
];

/// What the sanitiser allows, read from its builder so the two never drift.
struct Policy {
    tags: HashMap<&'static str, Kind>,
    generic: HashSet<&'static str>,
    prefixes: Vec<&'static str>,
    per_tag: HashMap<&'static str, HashSet<&'static str>>,
    schemes: HashSet<&'static str>,
}

static POLICY: LazyLock<Policy> = LazyLock::new(|| {
    let b = &*super::SANITIZER;
    let allowed = b.clone_tags();
    let content = b.clone_clean_content_tags();
    Policy {
        tags: TAGS
            .iter()
            .filter(|(t, _)| allowed.contains(t) && !content.contains(t))
            .copied()
            .collect(),
        generic: b.clone_generic_attributes(),
        prefixes: b
            .clone_generic_attribute_prefixes()
            .map(|p| p.into_iter().collect())
            .unwrap_or_default(),
        per_tag: b.clone_tag_attributes(),
        schemes: b.clone_url_schemes(),
    }
});

impl Policy {
    fn attribute_allowed(&self, tag: &str, name: &str) -> bool {
        self.generic.contains(name)
            || self.prefixes.iter().any(|p| name.starts_with(p))
            || self.per_tag.get(tag).is_some_and(|a| a.contains(name))
    }

    /// Ammonia's test for a URL attribute: a URL with a scheme it allows,
    /// or one without a scheme.
    fn url_kept(&self, url: &str) -> bool {
        match url::Url::parse(url) {
            Ok(u) => self.schemes.contains(u.scheme()),
            Err(e) => e == url::ParseError::RelativeUrlWithoutBase,
        }
    }
}

/// An open element.
struct Open {
    name: &'static str,
    kind: Kind,
}

/// The state of one pass.
struct Pass<'h> {
    src: &'h str,
    at: usize,
    out: String,
    stack: Vec<Open>,
    /// Open `<p>`/`<h1>`… elements.
    in_para: usize,
    /// Open `<a>` elements.
    in_link: usize,
    policy: &'static Policy,
}

/// `html` as ammonia would write it, or None when it is not sure to be.
pub(crate) fn reserialize(html: &str) -> Option<String> {
    pass(html).ok()
}

/// [`reserialize`], or the byte offset where it gave up.
fn pass(html: &str) -> Result<String, usize> {
    if let Some(k) = html.bytes().position(|b| b == b'\r' || b == 0) {
        return Err(k);
    }
    let mut p = Pass {
        src: html,
        at: 0,
        out: String::with_capacity(html.len() + html.len() / 32 + 16),
        stack: Vec::with_capacity(16),
        in_para: 0,
        in_link: 0,
        policy: &POLICY,
    };
    let bytes = html.as_bytes();
    while p.at < bytes.len() {
        let at = p.at;
        let step = if bytes[at] != b'<' {
            p.text()
        } else if bytes.get(at + 1) == Some(&b'!') {
            p.comment()
        } else if bytes.get(at + 1) == Some(&b'/') {
            p.end_tag()
        } else {
            p.start_tag()
        };
        step.ok_or(at)?;
    }
    if p.stack.is_empty() {
        Ok(p.out)
    } else {
        Err(html.len())
    }
}

/// Push `s` escaped as html5ever's serialiser does: `&`, `<`, `>`, NBSP
/// always, `"` in attribute values.
fn push_escaped(out: &mut String, s: &str, attr: bool) {
    let b = s.as_bytes();
    let (mut last, mut i) = (0, 0);
    while i < b.len() {
        let (rep, n) = match b[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attr => ("&quot;", 1),
            0xc2 if b.get(i + 1) == Some(&0xa0) => ("&nbsp;", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        i += n;
        last = i;
    }
    out.push_str(&s[last..]);
}

/// Push `raw`, HTML as comrak or minutebook escaped it, as html5ever's
/// serialiser would write what it means (see [`push_escaped`]); None on a
/// character reference not known.
fn push_reescaped(out: &mut String, raw: &str, attr: bool) -> Option<()> {
    let mut rest = raw;
    while let Some(k) = rest.find('&') {
        push_escaped(out, &rest[..k], attr);
        let (c, n) = reference(&rest[k..])?;
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            c => out.push(c),
        }
        rest = &rest[k + n..];
    }
    push_escaped(out, rest, attr);
    Some(())
}

/// The character a reference at the start of `s` (`&…;`) stands for, and its
/// length; only the references comrak, syntect and minutebook write.
fn reference(s: &str) -> Option<(char, usize)> {
    const REFS: &[(&str, char)] = &[
        ("&amp;", '&'),
        ("&quot;", '"'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&#X27;", '\''),
    ];
    REFS.iter()
        .find(|(r, _)| s.starts_with(r))
        .map(|(r, c)| (*c, r.len()))
}

/// Decode the character references of `s` (None for one not known).
fn decode(s: &str) -> Option<Cow<'_, str>> {
    if !s.contains('&') {
        return Some(Cow::Borrowed(s));
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        let (c, n) = reference(&rest[k..])?;
        out.push(c);
        rest = &rest[k + n..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | 0x0c)
}

impl<'h> Pass<'h> {
    fn top(&self) -> Option<Kind> {
        self.stack.last().map(|o| o.kind)
    }

    /// Text up to the next tag.
    fn text(&mut self) -> Option<()> {
        let rest = &self.src[self.at..];
        let len = rest.find('<').unwrap_or(rest.len());
        let raw = &rest[..len];
        self.at += len;
        if matches!(
            self.top(),
            Some(Kind::Table | Kind::Rows | Kind::Row | Kind::List)
        ) && !raw.bytes().all(is_space)
        {
            // the parser moves text out of a table; a list is left alone
            // but nothing of ours writes text there
            return None;
        }
        push_reescaped(&mut self.out, raw, false)
    }

    /// A name of lowercase letters and digits at the cursor.
    fn name(&mut self) -> &'h str {
        let rest: &'h str = &self.src[self.at..];
        let n = rest
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
            .count();
        self.at += n;
        &rest[..n]
    }

    /// A comment: the sanitiser removes it, and the parser moves nothing for it.
    fn comment(&mut self) -> Option<()> {
        self.at += crate::parse::markdown::comment_len(&self.src[self.at..])?;
        Some(())
    }

    fn end_tag(&mut self) -> Option<()> {
        self.at += 2;
        let name = self.name();
        if self.src.as_bytes().get(self.at) != Some(&b'>') {
            return None;
        }
        self.at += 1;
        let open = self.stack.pop()?;
        if open.name != name {
            return None;
        }
        match open.kind {
            Kind::Para => self.in_para -= 1,
            _ if open.name == "a" => self.in_link -= 1,
            _ => {}
        }
        self.out.push_str("</");
        self.out.push_str(open.name);
        self.out.push('>');
        Some(())
    }

    /// Whether an element of `kind` may open here without the parser
    /// closing or moving anything.
    fn fits(&self, name: &str, kind: Kind) -> bool {
        let parent = self.top();
        let in_table = matches!(parent, Some(Kind::Table | Kind::Rows | Kind::Row));
        match kind {
            Kind::Rows => parent == Some(Kind::Table),
            Kind::Row => parent == Some(Kind::Rows),
            Kind::Cell => parent == Some(Kind::Row),
            Kind::Item => parent == Some(Kind::List),
            _ if in_table => false,
            Kind::Inline if name == "a" => self.in_link == 0,
            Kind::Inline | Kind::Void => true,
            _ => self.in_para == 0,
        }
    }

    fn start_tag(&mut self) -> Option<()> {
        self.at += 1;
        let name = self.name();
        let (&tag, &kind) = self.policy.tags.get_key_value(name)?;
        if !self.fits(tag, kind) {
            return None;
        }
        self.out.push('<');
        self.out.push_str(tag);
        let self_closing = self.attributes(tag)?;
        self.out.push('>');
        match kind {
            Kind::Void | Kind::VoidBlock => return Some(()),
            _ if self_closing => return None, // `<div/>` opens a div
            Kind::Para => self.in_para += 1,
            Kind::Inline if tag == "a" => self.in_link += 1,
            Kind::Pre if self.src.as_bytes().get(self.at) == Some(&b'\n') => self.at += 1,
            _ => {}
        }
        self.stack.push(Open { name: tag, kind });
        Some(())
    }

    /// The attributes of a start tag and its `>`, written out; whether it
    /// ended in `/>`.
    fn attributes(&mut self, tag: &str) -> Option<bool> {
        let mut seen: Vec<&str> = Vec::new();
        let src: &'h str = self.src;
        let b = src.as_bytes();
        loop {
            let ws = b[self.at..].iter().take_while(|&&c| is_space(c)).count();
            self.at += ws;
            match b.get(self.at)? {
                b'>' => {
                    self.at += 1;
                    return Some(false);
                }
                b'/' if b.get(self.at + 1) == Some(&b'>') => {
                    self.at += 2;
                    return Some(true);
                }
                _ if ws == 0 => return None,
                _ => {}
            }
            let name = self.name();
            // ammonia filters a style's declarations (`css::filter`); not done here
            if name.is_empty() || name == "style" || !self.policy.attribute_allowed(tag, name) {
                return None;
            }
            if seen.contains(&name) {
                return None; // the parser keeps the first
            }
            seen.push(name);
            let value = if b.get(self.at) == Some(&b'=') {
                if b.get(self.at + 1) != Some(&b'"') {
                    return None;
                }
                let from = self.at + 2;
                let len = src[from..].find('"')?;
                self.at = from + len + 1;
                &src[from..from + len]
            } else {
                ""
            };
            if matches!(name, "href" | "src") && !self.policy.url_kept(&decode(value)?) {
                return None;
            }
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            push_reescaped(&mut self.out, value, true)?;
            self.out.push('"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::{self, LinkEnv, LinkHtml};
    use crate::render::sanitize;
    use proptest::prelude::*;

    /// Links as a page would draw them, embeds as blocks.
    struct Env;
    impl LinkEnv for Env {
        fn web_card(&self, url: &str, text: &str, title: &str) -> Option<String> {
            crate::html::web::card(url, text, title)
        }

        fn highlight(&self, code: &str, lang: &str) -> Option<String> {
            crate::render::highlight::highlight(code, lang)
        }

        fn wikilink(&self, target: &str, label: Option<&str>, embed: bool) -> LinkHtml {
            let href = format!("../{}/index.html", crate::urls::slugify(target));
            let text = markdown::escape_html(label.unwrap_or(target));
            let html = if embed {
                format!(
                    "<div class=\"embed\" data-source=\"{text}\"><div class=\"embed-title\"><a class=\"embed-link\" href=\"{href}\">{text}</a></div>\n<p>Embedded &amp; shown.</p>\n</div>"
                )
            } else {
                format!("<a class=\"wikilink\" href=\"{href}\">{text}</a>")
            };
            LinkHtml { html, block: embed }
        }
        fn tag_href(&self, tag: &str) -> String {
            format!("../tags/{tag}/index.html")
        }
        fn remote_images(&self) -> bool {
            false
        }
    }

    /// Whenever the fast path answers, it answers what ammonia does.
    fn agrees(md: &str) -> bool {
        let html = markdown::render(md, &Env);
        match pass(&html) {
            Ok(fast) => {
                assert_eq!(fast, sanitize(&html), "{md:?}\n{html}");
                true
            }
            Err(at) => {
                if std::env::var_os("MB_DIFF_SHOW").is_some() {
                    let from = html.floor_char_boundary(at.saturating_sub(80));
                    let to = html.ceil_char_boundary((at + 80).min(html.len()));
                    eprintln!("refused at {at}: {:?}", &html[from..to]);
                }
                false
            }
        }
    }

    const PIECES: &[&str] = &[
        "Plain words, 'quoted' and \"double\" & more < less > x.",
        "[[Dana Reyes]] and [[Plan|the plan]]",
        "![[Embedded Note]]",
        "#tag and #area/sub",
        "[a link](https://x.example/a?b=1&c=2 \"T 'q'\")",
        "[local](../files/a%20b.pdf) ![img](files/p.png)",
        "![remote](https://t.example/p.gif)",
        "<https://auto.example/x> and www.example.com",
        "[js](javascript:alert(1)) [data](data:text/html,x) [odd](web+x:y)",
        "[see [[Inner]]](https://x.example/)",
        "**bold** _em_ ~~gone~~ ==marked== `co<de>`",
        "$x^2$ and $$y$$",
        "&copy; &nbsp; &#x41; &amp;",
        "Line one  \nline two\\\nthree",
        "- [ ] open task 📅 2025-01-02\n- [x] done\n  - nested",
        "1. one\n2. two\n\n   para",
        "> quote\n> more",
        "> [!note] Title\n> body",
        "> [!faq]- Folded\n> body",
        "| a | b |\n|:--|--:|\n| 1 | [[X]] |",
        "Note[^1].\n\n[^1]: The note.",
        "```rust\nfn main() { let s = \"<x>\"; }\n```",
        "```mermaid\n\ngraph TD; A-->B\n```",
        "```\nplain <code> & stuff\n```",
        "    indented code",
        "# Heading [[Link]]\n\n## Sub `code`",
        "***",
        "Text ^block-id",
        "<span class=\"x\">raw</span> and <b>bold</b>",
        "<div>\nblock <em>raw</em>\n</div>",
        "<!-- a comment -->",
        "<img src=\"https://t.example/x.gif\" alt=\"a\">",
        "<a href=\"javascript:x\">bad</a>",
        "<p style=\"color:red\">styled</p>",
        "<in chat> <TL to fill>",
        "<details><summary>S</summary>\n\nInside\n</details>",
        "![Demo & more](https://www.youtube.com/watch?v=aBcDeFgHiJ0&t=1m2s \"By <Ana>\")",
        "![](https://vimeo.com/76979871/a1b2c3) and ![thread](https://x.com/a/status/1)",
        "[![inside a link](https://youtu.be/aBcDeFgHiJ0)](https://x.example/)",
        "<span style=\"color: red; position: fixed\">c</span> <font color=\"red\">f</font>",
        "<iframe src=\"https://www.youtube.com/embed/aBcDeFgHiJ0\" title=\"t\"></iframe>",
    ];

    #[test]
    fn the_pieces_agree_and_most_take_the_fast_path() {
        let fast = PIECES.iter().filter(|p| agrees(p)).count();
        assert!(fast >= 20, "{fast} of {}", PIECES.len());
    }

    #[test]
    fn the_example_vault_agrees() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("content-example"), root.join("tests/fixtures")];
        // MB_DIFF_VAULT=/path/to/vault adds a vault of one's own
        if let Some(v) = std::env::var_os("MB_DIFF_VAULT") {
            dirs.push(v.into());
        }
        let (mut notes, mut fast) = (0, 0);
        for d in dirs {
            for e in walkdir::WalkDir::new(d).into_iter().flatten() {
                if e.path().extension().is_some_and(|x| x == "md") {
                    let md = std::fs::read_to_string(e.path()).unwrap_or_default();
                    notes += 1;
                    fast += usize::from(agrees(&md));
                }
            }
        }
        assert!(notes > 40 && fast * 10 >= notes * 8, "{fast} of {notes}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn mixed_documents_agree(
            parts in proptest::collection::vec(
                (0..PIECES.len(), prop::sample::select(vec!["\n\n", "\n", " ", "\n- ", "\n> ", "\n\n| h |\n|---|\n| "])),
                1..8,
            )
        ) {
            let md: String = parts.iter().map(|(k, sep)| format!("{}{sep}", PIECES[*k])).collect();
            agrees(&md);
        }
    }

    fn same(html: &str) {
        let fast = reserialize(html);
        assert_eq!(fast.as_deref(), Some(sanitize(html).as_str()), "{html}");
    }

    fn refused(html: &str) {
        assert_eq!(reserialize(html), None, "{html}");
    }

    #[test]
    fn spelling_is_ammonias() {
        same("<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; f&#x27;s \u{a0} > x</p>\n");
        same("<p>line<br />\nnext</p>\n<hr />\n");
        same(
            "<!-- c -->\n<p>a <!-- b --> c<!---->d<!-->e<!--->f<!-- g --!>h</p>\n<table>\n<!-- t -->\n<tbody>\n</tbody>\n</table>\n<pre><!-- p -->\nx</pre>\n",
        );
        same(
            "<ul>\n<li class=\"task\" data-status=\"done\"><input type=\"checkbox\" disabled checked aria-label=\"done\"> x</li>\n</ul>\n",
        );
        same(
            "<pre class=\"mermaid\">\ngraph\n</pre>\n<pre><code class=\"language-x\">\na\n</code></pre>\n",
        );
        same(
            "<details class=\"callout\" open>\n<summary>T</summary>\n<div>\n<p>x</p>\n</div>\n</details>\n",
        );
        same(
            "<table>\n<thead>\n<tr>\n<th align=\"right\">a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n",
        );
        same(
            "<p><a href=\"https://x.example/a?b=1&amp;c=%22\" title=\"a &lt;b&gt; &quot;c&quot;\">x</a> <a href=\"mailto:a@b.example\">m</a> <a href=\"../x/#a\">r</a></p>\n",
        );
        same("<p><img src=\"../a%20b.png\" alt=\"a &quot;b&quot;\" /></p>\n");
        same(
            "<p><sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a></sup></p>\n<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-1\">\n<p>n <a href=\"#fnref-1\" class=\"footnote-backref\" data-footnote-backref data-footnote-backref-idx=\"1\" aria-label=\"Back to reference 1\">↩</a></p>\n</li>\n</ol>\n</section>\n",
        );
        same(
            "<div class=\"embed\"><div class=\"embed-title\"><a class=\"embed-link\" href=\"../n/index.html\">N</a></div>\n<h2 id=\"x\">X<a class=\"anchor\" href=\"#x\" aria-label=\"Link to this section\">#</a></h2>\n</div>\n",
        );
    }

    #[test]
    fn what_the_parser_or_the_sanitiser_would_change_is_refused() {
        refused("<p>a<div>b</div></p>");
        refused("<p><a href=\"x\">a <a href=\"y\">b</a></a></p>");
        refused("<table><tr><td>x</td></tr></table>");
        refused("<table>\ntext<tbody></tbody></table>");
        refused("<p><em>a</p></em>");
        refused("<p>open");
        refused("<p>a &copy; b</p>");
        refused("<p>a & b</p>");
        refused("<!-- c <p>x</p>");
        refused("<!DOCTYPE html><p>x</p>");
        refused("<p><script>x</script></p>");
        refused("<p style=\"x\">y</p>");
        refused("<p><a href=\"javascript:alert(1)\">x</a></p>");
        refused("<p><a href=\"data:text/html,x\">x</a></p>");
        refused("<p><a href=\"http://[::1\">x</a></p>");
        refused("<p><img src=\"vbscript:x\"></p>");
        refused("<P>x</P>");
        refused("<p>a\r\nb</p>");
        refused("<div/>");
        refused("<li>x</li>");
        refused("<p id=\"a\" id=\"b\">x</p>");
        refused("<p title='x'>y</p>");
        // and what ammonia does with them is not what the fast path would do
        for h in [
            "<p><a href=\"javascript:alert(1)\">x</a></p>",
            "<p>a<div>b</div></p>",
            "<p style=\"x\">y</p>",
        ] {
            let s = sanitize(h);
            assert!(!s.contains("javascript") && !s.contains("style"), "{s}");
        }
    }
}
