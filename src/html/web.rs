//! Web content: videos, pages and frames from other sites.
//!
//! Takes a URL written as an image (`![title](https://youtu.be/…)`) or as
//! the `src` of a raw `<iframe>`, and gives HTML that fetches nothing from
//! that site when the page opens:
//!
//! - a video of a known host ([`video`]: YouTube, Vimeo, Dailymotion, Loom)
//!   becomes a click-to-load card ([`card`]): a link to the video, with its
//!   title, host and a play button; `minutebook.js` swaps in the host's
//!   player (`data-player`, youtube-nocookie.com for YouTube) on click;
//! - a web page (not an image) becomes a link card;
//! - [`frames`] rewrites the `<iframe>`s the sanitiser let through: an
//!   `https://` frame of a host listed in `[embeds] iframe_hosts` is kept,
//!   sandboxed, lazy and without referrer; any other is a card or a link.

use crate::config::Embeds;
use crate::parse::markdown::escape_html as esc;
use std::sync::LazyLock;

/// The origins of the players a card may load (`minutebook.js` holds the same list).
pub const PLAYER_ORIGINS: &[&str] = &[
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    "https://www.loom.com",
];

/// A video on a known host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Video {
    /// The host's name as people say it (`YouTube`).
    pub provider: &'static str,
    /// The player's URL, loaded in a frame on click.
    pub player: String,
}

/// A `http(s)://` URL (or `//host/…`), parsed.
fn parse(url: &str) -> Option<url::Url> {
    let u = url.trim();
    let u = if u.starts_with("//") {
        url::Url::parse(&format!("https:{u}")).ok()?
    } else {
        url::Url::parse(u).ok()?
    };
    (matches!(u.scheme(), "http" | "https") && u.host_str().is_some()).then_some(u)
}

/// An id made of letters, digits, `-` and `_` only.
fn id(s: &str) -> Option<&str> {
    (!s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then_some(s)
}

/// A start time as YouTube writes it (`90`, `90s`, `1m30s`, `1h2m3s`), in seconds.
fn seconds(t: &str) -> Option<u64> {
    if let Ok(s) = t.parse::<u64>() {
        return Some(s);
    }
    let (mut total, mut n) = (0u64, String::new());
    for c in t.chars() {
        if c.is_ascii_digit() {
            n.push(c);
            continue;
        }
        let k = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        total = total.checked_add(n.parse::<u64>().ok()?.checked_mul(k)?)?;
        n.clear();
    }
    n.is_empty().then_some(total)
}

/// The video a URL shows, when its host is one minutebook knows.
pub fn video(url: &str) -> Option<Video> {
    let u = parse(url)?;
    let host = u.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let segs: Vec<&str> = u.path_segments()?.filter(|s| !s.is_empty()).collect();
    let query = |k: &str| u.query_pairs().find(|(q, _)| q == k).map(|(_, v)| v);
    match host {
        "youtube.com" | "youtu.be" | "youtube-nocookie.com" => {
            let v = match (host, segs.as_slice()) {
                ("youtu.be", [v, ..]) => v.to_string(),
                (_, ["watch"]) => query("v")?.into_owned(),
                (_, ["shorts" | "embed" | "live" | "v", v, ..]) => v.to_string(),
                _ => return None,
            };
            let v = id(&v).filter(|v| v.len() == 11)?;
            let start = query("t")
                .or_else(|| query("start"))
                .and_then(|t| seconds(&t))
                .filter(|&s| s > 0)
                .map(|s| format!("?start={s}"))
                .unwrap_or_default();
            Some(Video {
                provider: "YouTube",
                player: format!("https://www.youtube-nocookie.com/embed/{v}{start}"),
            })
        }
        "vimeo.com" | "player.vimeo.com" => {
            let at = segs
                .iter()
                .position(|s| s.bytes().all(|b| b.is_ascii_digit()))?;
            let hash = query("h")
                .map(|h| h.into_owned())
                .or_else(|| segs.get(at + 1).map(|s| s.to_string()))
                .filter(|h| id(h).is_some())
                .map(|h| format!("&h={h}"))
                .unwrap_or_default();
            Some(Video {
                provider: "Vimeo",
                player: format!("https://player.vimeo.com/video/{}?dnt=1{hash}", segs[at]),
            })
        }
        "dailymotion.com" | "dai.ly" => {
            let v = match (host, segs.as_slice()) {
                ("dai.ly", [v, ..]) => *v,
                (_, ["embed", "video", v, ..]) | (_, ["video" | "embed", v, ..]) => {
                    v.split('_').next().unwrap_or(v)
                }
                _ => return None,
            };
            Some(Video {
                provider: "Dailymotion",
                player: format!("https://www.dailymotion.com/embed/video/{}", id(v)?),
            })
        }
        "loom.com" => match segs.as_slice() {
            ["share" | "embed", v, ..] => Some(Video {
                provider: "Loom",
                player: format!("https://www.loom.com/embed/{}", id(v)?),
            }),
            _ => None,
        },
        _ => None,
    }
}

/// Hosts whose URLs are pages, whatever their path looks like.
const PAGE_HOSTS: &[&str] = &[
    "twitter.com",
    "x.com",
    "bsky.app",
    "mastodon.social",
    "github.com",
    "gitlab.com",
    "linkedin.com",
    "reddit.com",
    "news.ycombinator.com",
    "stackoverflow.com",
    "medium.com",
    "wikipedia.org",
];

/// Whether a URL is a web page rather than an image: a known page host, a
/// folder (`…/`), or a page's extension (`.html`, `.php`…). A path without
/// extension on another host may be an image server's and stays an image.
pub fn is_page(url: &str) -> bool {
    let Some(u) = parse(url) else {
        return false;
    };
    let host = u.host_str().unwrap_or("").to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if PAGE_HOSTS
        .iter()
        .any(|h| host == *h || host.ends_with(&format!(".{h}")))
    {
        return true;
    }
    let last = u
        .path()
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    last.is_empty()
        || last.rsplit_once('.').is_some_and(|(_, e)| {
            matches!(e, "html" | "htm" | "xhtml" | "php" | "asp" | "aspx" | "jsp")
        })
}

/// The host a URL names, for the reader (`youtube.com`).
fn shown_host(url: &str) -> String {
    parse(url)
        .and_then(|u| {
            u.host_str()
                .map(|h| h.trim_start_matches("www.").to_string())
        })
        .unwrap_or_default()
}

/// A card for `url` with the words `text` (else `title`, else a default),
/// when it is a video or a web page; `title` also becomes the card's tooltip.
pub fn card(url: &str, text: &str, title: &str) -> Option<String> {
    let url = url.trim();
    let video = video(url);
    if video.is_none() && !is_page(url) {
        return None;
    }
    let host = shown_host(url);
    let tip = if title.trim().is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", esc(title.trim()))
    };
    let words = [text, title]
        .into_iter()
        .map(str::trim)
        .find(|t| !t.is_empty());
    Some(match video {
        Some(v) => {
            let words = words.map_or_else(|| format!("Video on {}", v.provider), str::to_string);
            let origin = v.player.split('/').take(3).collect::<Vec<_>>().join("/");
            format!(
                "<a class=\"web-embed video\" href=\"{}\" data-player=\"{}\" data-provider=\"{}\"{tip}>\
                 <span class=\"web-embed-play\" aria-hidden=\"true\"></span>\
                 <span class=\"web-embed-text\"><span class=\"web-embed-title\">{}</span>\
                 <span class=\"web-embed-host\">{} · {}</span>\
                 <span class=\"web-embed-note\">Plays here from {} when clicked</span></span></a>",
                esc(url),
                esc(&v.player),
                v.provider,
                esc(&words),
                v.provider,
                esc(&host),
                esc(origin.trim_start_matches("https://")),
            )
        }
        None => format!(
            "<a class=\"web-embed page\" href=\"{}\"{tip}>\
             <span class=\"web-embed-text\"><span class=\"web-embed-title\">{}</span>\
             <span class=\"web-embed-host\">{}</span></span></a>",
            esc(url),
            esc(words.unwrap_or(url)),
            esc(&host),
        ),
    })
}

/// An `<iframe>` as the sanitiser writes it.
#[allow(clippy::expect_used)]
static IFRAME: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        // attribute values hold no `>` (the sanitiser writes `&gt;`)
        r#"(?s)<iframe([^>]*)>(.*?)</iframe>"#,
    )
    .expect("static regex")
});

/// An attribute value as the sanitiser escapes it, as text.
fn unescape_attr(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// The host of an `https://` URL.
pub fn https_host(src: &str) -> Option<String> {
    let u = url::Url::parse(src.trim()).ok()?;
    (u.scheme() == "https")
        .then(|| u.host_str().map(str::to_ascii_lowercase))
        .flatten()
}

/// In sanitised HTML, every `<iframe>`: kept with a sandbox when it is an
/// `https://` frame of an allowed host; else the card of its video, or a
/// link card to its source; a frame with no source left says so.
pub fn frames(html: &str, embeds: &Embeds) -> String {
    IFRAME
        .replace_all(html, |c: &regex::Captures| {
            let mut src = None;
            let mut title = String::new();
            let mut keep = String::new();
            for a in super::HTML_ATTR.captures_iter(&c[1]) {
                let v = a.get(2).map_or("", |m| m.as_str());
                match &a[1] {
                    "src" => src = Some(v),
                    "title" => {
                        title = unescape_attr(v);
                        keep.push_str(&format!(" title=\"{v}\""));
                    }
                    "width" | "height" if v.bytes().all(|b| b.is_ascii_digit() || b == b'%') => {
                        keep.push_str(&format!(" {}=\"{v}\"", &a[1]))
                    }
                    "allowfullscreen" => keep.push_str(" allowfullscreen=\"\""),
                    _ => {}
                }
            }
            let Some(src) = src.filter(|s| !s.trim().is_empty()) else {
                let what = if title.is_empty() { "no title".into() } else { esc(&title) };
                return format!("<span class=\"web-embed blocked\">[an embedded frame with no source: {what}]</span>");
            };
            let url = unescape_attr(src);
            if https_host(&url).is_some_and(|h| embeds.allows(&h)) {
                return format!(
                    "<iframe src=\"{src}\"{keep} sandbox=\"allow-scripts allow-same-origin allow-popups\" loading=\"lazy\" referrerpolicy=\"no-referrer\"></iframe>"
                );
            }
            let words = if title.is_empty() { "Embedded page" } else { &title };
            card(&url, words, "").unwrap_or_else(|| {
                format!(
                    "<a class=\"web-embed page\" href=\"{src}\"><span class=\"web-embed-text\"><span class=\"web-embed-title\">{}</span><span class=\"web-embed-host\">{}</span></span></a>",
                    esc(words),
                    esc(&shown_host(&url))
                )
            })
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn player(url: &str) -> Option<String> {
        video(url).map(|v| v.player)
    }

    #[test]
    fn video_urls_of_known_hosts_give_their_players() {
        let yt = "https://www.youtube-nocookie.com/embed/aBcDeFgHiJ0";
        for u in [
            "https://www.youtube.com/watch?v=aBcDeFgHiJ0",
            "https://youtube.com/watch?feature=x&v=aBcDeFgHiJ0",
            "https://m.youtube.com/watch?v=aBcDeFgHiJ0",
            "https://youtu.be/aBcDeFgHiJ0",
            "https://www.youtube.com/shorts/aBcDeFgHiJ0",
            "https://www.youtube.com/embed/aBcDeFgHiJ0",
            "//www.youtube.com/embed/aBcDeFgHiJ0",
        ] {
            assert_eq!(player(u).as_deref(), Some(yt), "{u}");
        }
        assert_eq!(
            player("https://youtu.be/aBcDeFgHiJ0?t=1m30s").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/aBcDeFgHiJ0?start=90")
        );
        assert_eq!(
            player("https://vimeo.com/76979871").as_deref(),
            Some("https://player.vimeo.com/video/76979871?dnt=1")
        );
        assert_eq!(
            player("https://vimeo.com/76979871/a1b2c3").as_deref(),
            Some("https://player.vimeo.com/video/76979871?dnt=1&h=a1b2c3")
        );
        assert_eq!(
            player("https://www.dailymotion.com/video/x8abc12").as_deref(),
            Some("https://www.dailymotion.com/embed/video/x8abc12")
        );
        assert_eq!(
            player("https://www.loom.com/share/0f1e2d3c4b5a").as_deref(),
            Some("https://www.loom.com/embed/0f1e2d3c4b5a")
        );
        for u in [
            "https://www.youtube.com/watch?v=short",
            "https://www.youtube.com/watch?v=aBcDeFgHi\"0",
            "https://www.youtube.com/@channel",
            "https://vimeo.com/about",
            "javascript:alert(1)",
            "https://example.org/watch?v=aBcDeFgHiJ0",
        ] {
            assert_eq!(player(u), None, "{u}");
        }
        for p in [
            "https://www.youtube.com/watch?v=aBcDeFgHiJ0",
            "https://vimeo.com/1",
            "https://dai.ly/x1",
            "https://loom.com/share/a",
        ] {
            let v = player(p).unwrap();
            assert!(
                PLAYER_ORIGINS
                    .iter()
                    .any(|o| v.starts_with(&format!("{o}/")))
            );
        }
    }

    #[test]
    fn pages_are_told_from_images() {
        for u in [
            "https://x.com/someone/status/1",
            "https://en.wikipedia.org/wiki/Gantt_chart",
            "https://example.org/",
            "https://example.org",
            "https://example.org/post.html",
        ] {
            assert!(is_page(u), "{u}");
        }
        for u in [
            "https://example.org/p.png",
            "https://img.example/600x400",
            "files/a.html",
        ] {
            assert!(!is_page(u), "{u}");
        }
    }
}
