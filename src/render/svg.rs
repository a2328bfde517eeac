//! SVG attachments as published: drawings kept, script and fetches removed.
//!
//! Takes the bytes of an SVG file; gives a new SVG document written from
//! scratch out of what an allowlist keeps: SVG drawing elements (no
//! `<script>`, `<foreignObject>`, animation or link elements, nothing of another
//! namespace), attributes that are neither event handlers nor references to
//! anything outside the file (`href` only to `#fragment` or a raster
//! `data:` image; `url(#…)` only), style sheets only without external
//! references, no processing instructions (`<?xml-stylesheet?>`), no DTD.
//! Opened on its own, from the site's origin, the result runs nothing and
//! loads nothing.

use crate::parse::markdown::escape_html;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};
use std::collections::BTreeSet;
use std::fmt::Write as _;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// The SVG elements kept.
const KEPT: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "switch",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "marker",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "image",
    "style",
    "view",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];

/// SVG elements removed with their content, and what to call them.
const ACTIVE: &[(&str, &str)] = &[
    ("script", "scripts"),
    ("handler", "scripts"),
    ("listener", "scripts"),
    ("foreignObject", "foreign content"),
    ("set", "animations"),
    ("animate", "animations"),
    ("animateMotion", "animations"),
    ("animateTransform", "animations"),
    ("animateColor", "animations"),
    ("discard", "animations"),
    ("iframe", "foreign content"),
];

/// A sanitised SVG and what was taken out of it.
#[derive(Debug, Clone)]
pub struct Sanitized {
    /// The new document.
    pub svg: Vec<u8>,
    /// What was removed that could run script or load something (sorted),
    /// such as `"scripts"` or `"event handlers"`; empty for an inert drawing.
    pub removed: Vec<&'static str>,
}

/// An element being written, or skipped.
enum Frame {
    /// Kept, with its name.
    Keep(String),
    /// Left out, its content kept (`<a>`).
    Unwrap,
    /// Left out with its content.
    Skip,
    /// A `<style>` element: its text, checked when it closes.
    Style(String),
}

/// Sanitise an SVG file. Fails when the bytes are not a well-formed SVG
/// document (not UTF-8, not XML, or whose root is not `<svg>`).
pub fn sanitize(bytes: &[u8]) -> Result<Sanitized, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8".to_string())?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = NsReader::from_str(text);
    let mut out = String::with_capacity(text.len());
    let mut removed = BTreeSet::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_done = false;
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| format!("it is not well-formed XML ({e})"))?;
        let ns = match ns {
            ResolveResult::Bound(n) => Some(n.0 == SVG_NS),
            ResolveResult::Unbound => Some(true), // an SVG without xmlns: read as SVG
            ResolveResult::Unknown(_) => None,
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let skipping = matches!(stack.last(), Some(Frame::Skip | Frame::Style(_)));
                let frame = if root_done || skipping {
                    Frame::Skip
                } else {
                    let name = e.local_name().into_inner().to_string();
                    if stack.is_empty() && (name != "svg" || ns != Some(true)) {
                        return Err(format!("its root element is <{name}>, not <svg>"));
                    }
                    let el = Element {
                        name: &name,
                        svg: ns == Some(true),
                        root: stack.is_empty(),
                    };
                    element(&reader, &e, el, &mut out, &mut removed)
                        .map_err(|e| format!("it is not well-formed XML ({e})"))?
                };
                if empty {
                    if let Frame::Keep(_) | Frame::Style(_) = frame {
                        out.truncate(out.len() - 1);
                        out.push_str("/>");
                    }
                    root_done |= stack.is_empty();
                } else {
                    stack.push(frame);
                }
            }
            Event::End(_) => {
                match stack.pop() {
                    Some(Frame::Keep(name)) => {
                        let _ = write!(out, "</{name}>");
                    }
                    Some(Frame::Style(css)) => {
                        if css_safe(&css) {
                            let _ = write!(out, "{}</style>", escape_html(&css));
                        } else {
                            removed.insert("external references");
                            // the opening tag stays: an empty style element
                            out.push_str("</style>");
                        }
                    }
                    _ => {}
                }
                root_done |= stack.is_empty();
            }
            Event::Text(t) => add_text(&mut stack, &mut out, &t.xml10_content()),
            Event::CData(t) => {
                add_text(&mut stack, &mut out, &t.xml10_content());
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .map(str::to_string),
                };
                // an entity of the DTD is never expanded
                if let Some(c) = c {
                    add_text(&mut stack, &mut out, &c);
                }
            }
            Event::PI(_) => {
                removed.insert("processing instructions");
            }
            Event::Decl(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    if !root_done {
        return Err("it has no <svg> element".into());
    }
    Ok(Sanitized {
        svg: out.into_bytes(),
        removed: removed.into_iter().collect(),
    })
}

/// Text inside the element on top of `stack`.
fn add_text(stack: &mut [Frame], out: &mut String, t: &str) {
    match stack.last_mut() {
        Some(Frame::Keep(_) | Frame::Unwrap) => out.push_str(&escape_html(t)),
        Some(Frame::Style(css)) => css.push_str(t),
        _ => {}
    }
}

/// An element about to be written.
struct Element<'a> {
    /// Its local name.
    name: &'a str,
    /// Whether it is in the SVG namespace.
    svg: bool,
    /// Whether it is the document's root.
    root: bool,
}

/// Write the start tag of a kept element (ending in `>`), or say how it is left out.
fn element(
    reader: &NsReader<&[u8]>,
    e: &BytesStart,
    el: Element,
    out: &mut String,
    removed: &mut BTreeSet<&'static str>,
) -> Result<Frame, quick_xml::Error> {
    let Element { name, svg, root } = el;
    if !svg {
        // XHTML inside an SVG document is HTML: it could run script
        if let (ResolveResult::Bound(n), _) = reader.resolver().resolve_element(e.name()) {
            if n.0 == "http://www.w3.org/1999/xhtml" {
                removed.insert("foreign content");
            }
        }
        return Ok(Frame::Skip);
    }
    if let Some((_, what)) = ACTIVE.iter().find(|(n, _)| *n == name) {
        removed.insert(what);
        return Ok(Frame::Skip);
    }
    let is_link = name == "a";
    if !is_link && !KEPT.contains(&name) {
        return Ok(Frame::Skip);
    }
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(quick_xml::Error::from)?;
        let key = a.key.into_inner();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let attr = match reader.resolver().resolve_attribute(a.key) {
            (ResolveResult::Unbound, local) => local.into_inner(),
            (ResolveResult::Bound(n), local) if n.0 == XLINK_NS && local.into_inner() == "href" => {
                "href"
            }
            // editors' own attributes (inkscape:label), xml:base and the like
            _ => continue,
        };
        if !attr
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            continue;
        }
        let Ok(value) = a.normalized_value(XmlVersion::Implicit1_0) else {
            continue;
        };
        if attr.to_ascii_lowercase().starts_with("on") {
            removed.insert("event handlers");
            continue;
        }
        let internal_ref = |v: &str| {
            let v = v.trim();
            v.starts_with('#') || (matches!(name, "image" | "feImage") && raster_data_url(v))
        };
        if (attr == "href" || attr == "src") && !internal_ref(&value) {
            removed.insert("external references");
            continue;
        }
        if !css_safe(&value) {
            removed.insert("external references");
            continue;
        }
        attrs.push((attr.to_string(), value.into_owned()));
    }
    if is_link {
        return Ok(Frame::Unwrap);
    }
    out.push('<');
    out.push_str(name);
    if root {
        let _ = write!(out, " xmlns=\"{SVG_NS}\"");
    }
    for (k, v) in attrs {
        let _ = write!(out, " {k}=\"{}\"", escape_html(&v));
    }
    out.push('>');
    Ok(if name == "style" {
        Frame::Style(String::new())
    } else {
        Frame::Keep(name.to_string())
    })
}

/// `data:image/png;base64,…` and the other raster types a browser draws
/// without running anything.
fn raster_data_url(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    [
        "data:image/png",
        "data:image/jpeg",
        "data:image/jpg",
        "data:image/gif",
        "data:image/webp",
        "data:image/avif",
        "data:image/bmp",
    ]
    .iter()
    .any(|p| l.starts_with(p) && l[p.len()..].starts_with([';', ',']))
}

/// Whether CSS (a style sheet, a `style` attribute or any presentation
/// attribute's value) refers to nothing outside the file: every `url(` is
/// to a `#fragment`, and there is no `@import`, `image-set()`, escape or
/// script URL.
pub fn css_safe(css: &str) -> bool {
    let l: String = css
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if l.contains('\\')
        || [
            "@import",
            "expression(",
            "javascript:",
            "image-set(",
            "image(",
            "cross-fade(",
            "element(",
            "src(",
            "-moz-binding",
            "behavior:",
        ]
        .iter()
        .any(|bad| l.contains(bad))
    {
        return false;
    }
    l.match_indices("url(").all(|(i, m)| {
        l[i + m.len()..]
            .trim_start_matches(['"', '\''])
            .starts_with('#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> (String, Vec<&'static str>) {
        let r = sanitize(s.as_bytes()).unwrap();
        (String::from_utf8(r.svg).unwrap(), r.removed)
    }

    #[test]
    fn keeps_a_plain_drawing() {
        let (svg, removed) = clean(
            "<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\
             <defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient></defs>\
             <rect width=\"10\" height=\"10\" fill=\"url(#g)\" style=\"stroke: #000\"/>\
             <text x=\"1\" y=\"5\">A &amp; B &lt;3 &#x2713;</text><use href=\"#g\"/></svg>",
        );
        assert_eq!(removed, Vec::<&str>::new());
        assert_eq!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\
             <defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient></defs>\
             <rect width=\"10\" height=\"10\" fill=\"url(#g)\" style=\"stroke: #000\"/>\
             <text x=\"1\" y=\"5\">A &amp; B &lt;3 \u{2713}</text><use href=\"#g\"/></svg>"
        );
    }

    #[test]
    fn removes_script_handlers_and_fetches() {
        let (svg, removed) = clean(
            "<?xml-stylesheet href=\"x.xsl\" type=\"text/xsl\"?>\
             <svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:x=\"http://www.w3.org/1999/xlink\" xmlns:h=\"http://www.w3.org/1999/xhtml\" onload=\"alert(1)\">\
             <script><![CDATA[alert(2)]]></script>\
             <a x:href=\"javascript:alert(3)\"><text>kept</text></a>\
             <h:script>alert(4)</h:script>\
             <foreignObject><h:iframe src=\"x\"/></foreignObject>\
             <image x:href=\"https://t.example/p.gif\"/><image href=\"data:image/png;base64,AAAA\"/>\
             <rect ONCLICK=\"alert(5)\" fill=\"url( 'https://t.example/a' )\" style=\"fill:u\\rl(x)\"/>\
             <set attributeName=\"href\" to=\"javascript:alert(6)\"/>\
             <style>@import 'https://t.example/s.css';</style><style>rect { fill: red }</style>\
             <sodipodi:namedview xmlns:sodipodi=\"http://sodipodi.example\"/>\
             </svg>",
        );
        assert_eq!(
            removed,
            vec![
                "animations",
                "event handlers",
                "external references",
                "foreign content",
                "processing instructions",
                "scripts"
            ]
        );
        for bad in [
            "alert",
            "javascript",
            "https:",
            "iframe",
            "onclick",
            "xsl",
            "namedview",
        ] {
            assert!(!svg.to_ascii_lowercase().contains(bad), "{bad}: {svg}");
        }
        assert!(svg.contains("<text>kept</text>"), "{svg}");
        assert!(
            svg.contains("<image href=\"data:image/png;base64,AAAA\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains("<style></style><style>rect { fill: red }</style>"),
            "{svg}"
        );
    }

    #[test]
    fn refuses_what_is_not_an_svg_document() {
        assert!(sanitize(b"<html><script>alert(1)</script></html>").is_err());
        assert!(sanitize(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>").is_err());
        assert!(sanitize(b"not xml at all").is_err());
        assert!(sanitize(&[0xff, 0xfe, 0x3c, 0x00]).is_err());
    }

    #[test]
    fn nothing_after_the_root_is_kept() {
        let (svg, _) =
            clean("<svg xmlns=\"http://www.w3.org/2000/svg\"/><script>alert(1)</script>");
        assert_eq!(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    }

    #[test]
    fn css_checks() {
        assert!(css_safe("fill: url(#a); stroke: url( \"#b\" )"));
        assert!(!css_safe("fill: url(https://x/y)"));
        assert!(!css_safe("background: URL(//x/y)"));
        assert!(!css_safe("@IMPORT 'x.css'"));
        assert!(!css_safe("background-image: image-set('x.png' 1x)"));
        assert!(!css_safe("fill: \\75rl(x)"));
    }
}
