//! The environment a board's text is drawn in, and its notices.
//!
//! A canvas's text cards are Markdown drawn with [`BoardEnv`]: links resolve
//! through the board's own links, embeds of images show and other embeds
//! are links (a board inside a board is a link: no recursion), relative
//! Markdown links are not followed. [`notices`] lists what a board's file
//! holds that is not drawn. Used by [`super::boards`], [`super::canvas`]
//! and [`super::bases`]; it uses none of them.

use crate::model::Target;
use crate::parse::markdown::{LinkEnv, LinkHtml, escape_html as esc};
use crate::render::{PageEnv, Renderer};
use std::cell::Cell;
use std::collections::HashMap;

/// The notices of what a board's file holds that is not drawn.
pub(crate) fn notices(items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut s = String::from("<ul class=\"board-notice\" role=\"note\">");
    for m in items {
        s.push_str(&format!("<li>{}</li>", esc(m)));
    }
    s.push_str("</ul>\n");
    s
}

/// Link drawing for the text cards of a canvas: links resolve through the
/// board's own links; embeds of images show, other embeds are links.
pub(crate) struct BoardEnv<'r, 'a> {
    page: PageEnv<'r, 'a>,
    board: usize,
}

impl<'r, 'a> BoardEnv<'r, 'a> {
    /// For board `board` on the page at `from`.
    pub(crate) fn new(
        r: &'r Renderer<'a>,
        board: usize,
        from: &'r str,
        raw: &'r Cell<bool>,
        embeds: &'r Cell<usize>,
    ) -> Self {
        BoardEnv {
            // no note: `wikilink_to` is all of it that is used
            page: PageEnv {
                r,
                note: usize::MAX,
                from,
                chain: Vec::new(),
                turns: HashMap::new(),
                raw,
                embeds,
            },
            board,
        }
    }
}

impl LinkEnv for BoardEnv<'_, '_> {
    fn wikilink(&self, target: &str, label: Option<&str>, embed: bool) -> LinkHtml {
        let site = self.page.r.site();
        let to = site.boards[self.board].target(target);
        let image = match &to {
            Target::Attachment(a) => {
                let att = &site.attachments[*a];
                att.board.is_none() && crate::render::is_image(&att.path)
            }
            _ => false,
        };
        self.page.wikilink_to(to, target, label, embed && image)
    }

    fn tag_href(&self, tag: &str) -> String {
        self.page.tag_href(tag)
    }

    fn inline_tags(&self) -> bool {
        self.page.inline_tags()
    }

    fn local_url(&self, url: &str) -> Option<crate::parse::markdown::Local> {
        // relative Markdown links of a card are not followed
        Some(crate::parse::markdown::Local::Unresolved(format!(
            "“{url}”: links inside a canvas card are not followed"
        )))
    }

    fn remote_images(&self) -> bool {
        self.page.remote_images()
    }

    fn raw_html(&self) {
        self.page.raw_html()
    }

    fn web_card(&self, url: &str, text: &str, title: &str) -> Option<String> {
        self.page.web_card(url, text, title)
    }

    fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        self.page.highlight(code, lang)
    }
}
