//! Canvases and bases in pages: their own page, links to them, and embeds.
//!
//! Takes the renderer and a board of the site; gives the HTML of a link to
//! it, of an embed of it, and its page. A note's body is sanitised before
//! the boards it embeds are drawn: an embed leaves a placeholder
//! ([`placeholder`]), which [`fill`] replaces, after sanitising, with the
//! drawing ([`crate::render::canvas`], [`crate::render::bases`]) — markup
//! minutebook writes, positioned with inline styles the sanitiser would
//! strip, around card text that is sanitised on its own. A board inside a
//! board is a link (no recursion).

use crate::model::BoardContent;
use crate::parse::markdown::{LinkHtml, escape_html as esc};
use crate::parse::obsidian::LinkTarget;
use crate::render::{OutFile, PageEnv, Renderer, page_file};
use anyhow::Result;
use serde::Serialize;

/// The marker an embed leaves in a note's HTML (kept by the sanitiser).
const MARK: &str = "<div class=\"mb-board\" data-board=\"";

/// The placeholder of board `b` (its view `view`, if one was named).
fn placeholder(b: usize, view: Option<usize>) -> String {
    match view {
        Some(v) => format!("{MARK}{b}\" data-view=\"{v}\"></div>"),
        None => format!("{MARK}{b}\"></div>"),
    }
}

/// HTML for `[[Board.canvas]]` (a link to its page) or `![[Board.base#View]]`
/// (the drawing, in place) in a note.
pub(crate) fn wikilink(
    env: &PageEnv,
    b: usize,
    target: &str,
    shown: &str,
    embed: bool,
) -> LinkHtml {
    let board = &env.r.site().boards[b];
    let href = env.r.href(env.from, &board.url);
    if !embed {
        return LinkHtml {
            html: format!(
                "<a class=\"wikilink board\" href=\"{}\">{}</a>",
                esc(&href),
                esc(shown)
            ),
            block: false,
        };
    }
    // `#View name` picks a view of a base
    let view = LinkTarget::parse(target)
        .heading
        .and_then(|h| match &board.content {
            BoardContent::Base(base) => base
                .views
                .iter()
                .position(|v| v.name.eq_ignore_ascii_case(h.trim())),
            _ => None,
        });
    LinkHtml {
        html: placeholder(b, view),
        block: true,
    }
}

/// `html` with every board placeholder replaced by the board's drawing,
/// seen from the page at `from`.
pub(crate) fn fill(r: &Renderer, html: String, from: &str) -> String {
    if !html.contains(MARK) {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i]);
        let after = &rest[i + MARK.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let b: Option<usize> = after[..digits].parse().ok();
        let tail = &after[digits..];
        let (view, end) = if let Some(t) = tail.strip_prefix("\" data-view=\"") {
            let d = t.bytes().take_while(u8::is_ascii_digit).count();
            (t[..d].parse().ok(), t[d..].strip_prefix("\"></div>"))
        } else {
            (None, tail.strip_prefix("\"></div>"))
        };
        match (b.filter(|&b| b < r.site().boards.len()), end) {
            (Some(b), Some(end)) => {
                out.push_str(&drawing(r, b, from, view, true));
                rest = end;
            }
            _ => {
                out.push_str(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The drawing of board `b` as seen from `from`: the canvas, the base's
/// tables (only view `view` when one is named), or the file as written
/// with why it cannot be drawn. `embedded`: inside a note (with a title
/// linking to the board's page).
pub(crate) fn drawing(
    r: &Renderer,
    b: usize,
    from: &str,
    view: Option<usize>,
    embedded: bool,
) -> String {
    let board = &r.site().boards[b];
    let inner = match &board.content {
        BoardContent::Canvas(c) => crate::render::canvas::html(r, b, c, from),
        BoardContent::Base(base) => crate::render::bases::html(r, base, from, view),
        BoardContent::Unreadable { message, text } => format!(
            "<p class=\"board-notice\" role=\"note\">{}; it is shown as written.</p>\n<pre class=\"board-source\">{}</pre>",
            esc(message),
            esc(text)
        ),
    };
    let kind = match board.content {
        BoardContent::Base(_) => "base",
        _ => "canvas",
    };
    let title = if embedded {
        format!(
            "<div class=\"embed-title\"><a class=\"embed-link\" href=\"{}\">{}</a></div>\n",
            esc(&r.href(from, &board.url)),
            esc(&board.title)
        )
    } else {
        String::new()
    };
    format!(
        "<div class=\"board board-{kind}{}\" data-source=\"{}\">{title}{inner}</div>",
        if embedded { " embed" } else { "" },
        esc(&board.path)
    )
}

#[derive(Serialize)]
struct BoardCtx<'a> {
    title: &'a str,
    path: &'a str,
    kind: &'static str,
    html: String,
}

/// The page of board `b`.
pub(crate) fn page(r: &Renderer, b: usize) -> Result<OutFile> {
    let board = &r.site().boards[b];
    let url = &board.url;
    let mut ctx = tera::Context::new();
    ctx.insert("common", &r.common(url, &board.title));
    ctx.insert(
        "board",
        &BoardCtx {
            title: &board.title,
            path: &board.path,
            kind: match board.content {
                BoardContent::Base(_) => "base",
                _ => "canvas",
            },
            html: drawing(r, b, url, None, false),
        },
    );
    Ok(OutFile {
        path: page_file(url),
        bytes: r.render_page("board.html", &ctx)?,
    })
}
