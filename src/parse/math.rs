//! Math: TeX between dollars to MathML, at build time.
//!
//! Takes the TeX source of one formula as comrak's `math_dollars` extension
//! reads it (`$…$` inline, `$$…$$` display, over several lines too) and
//! gives HTML: a `<math>` element written by `pulldown-latex` (MathML Core,
//! which browsers draw without any script or font download), with
//! `display="block"` for display math, whose `<semantics>` keeps the source
//! in an `<annotation encoding="application/x-tex">` so that copying and
//! search find the TeX. What `pulldown-latex` cannot parse is never dropped:
//! it shows as written, dollars and all, in a `math-error` span, and
//! [`check`] gives the parser's message for the `math-syntax` diagnostic
//! (made where notes are analysed, [`crate::resolve`]).
//!
//! Display math is wrapped in a `<span class="math math-display">` (a
//! paragraph may hold it, and the theme makes it a scrolling block); inline
//! math is a bare `<math>` with the class `math-inline`.

use crate::parse::syntax::escape_into;
use pulldown_latex::config::{DisplayMode, RenderConfig};
use pulldown_latex::{Parser, Storage, mathml::push_mathml};

/// The short message of a parser error: its kind, without the drawn context.
fn message(e: &pulldown_latex::ParserError) -> String {
    match std::error::Error::source(e) {
        Some(kind) => kind.to_string(),
        None => e
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("parsing error: ")
            .to_string(),
    }
}

/// Why `tex` is not a formula `pulldown-latex` can draw, or None when it is.
pub fn check(tex: &str) -> Option<String> {
    let storage = Storage::new();
    Parser::new(tex, &storage).find_map(|e| e.err().map(|e| message(&e)))
}

/// The HTML of one formula: MathML, or on a parse error the source as written.
pub fn to_html(tex: &str, display: bool) -> String {
    let mut out = String::with_capacity(tex.len() * 8 + 64);
    match mathml(tex, display) {
        Ok(m) if display => {
            out.push_str("<span class=\"math math-display\">");
            out.push_str(&m);
            out.push_str("</span>");
        }
        Ok(m) => out.push_str(&m),
        Err(msg) => {
            let (kind, fence) = if display {
                ("math-display", "$$")
            } else {
                ("math-inline", "$")
            };
            out.push_str("<span class=\"math ");
            out.push_str(kind);
            out.push_str(" math-error\" title=\"");
            escape_into(&mut out, &format!("Not drawn: {msg}"));
            out.push_str("\">");
            out.push_str(fence);
            escape_into(&mut out, tex);
            out.push_str(fence);
            out.push_str("</span>");
        }
    }
    out
}

/// `tex` as a `<math>` element, or the parser's message.
fn mathml(tex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let mut events = Vec::new();
    for event in Parser::new(tex, &storage) {
        events.push(event.map_err(|e| message(&e))?);
    }
    // written into the annotation as it is: escape it here
    let annotation = crate::parse::syntax::escape_html(tex.trim());
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(&annotation),
        ..RenderConfig::default()
    };
    let mut m = String::with_capacity(tex.len() * 8 + 64);
    push_mathml(
        &mut m,
        events.into_iter().map(Ok::<_, std::convert::Infallible>),
        config,
    )
    .map_err(|e| e.to_string())?;
    // inline math: the class instead of `display="inline"`, the default
    if !display {
        if let Some(rest) = m.strip_prefix("<math display=\"inline\"") {
            m = format!("<math class=\"math-inline\"{rest}");
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_display_keep_the_source() {
        let i = to_html("x^2 + y_1", false);
        assert!(i.starts_with("<math class=\"math-inline\">"), "{i}");
        assert!(i.contains("<msup>") && i.contains("<msub>"), "{i}");
        assert!(
            i.contains("<annotation encoding=\"application/x-tex\">x^2 + y_1</annotation>"),
            "{i}"
        );
        let d = to_html("\n\\frac{a}{b}\n", true);
        assert!(
            d.starts_with("<span class=\"math math-display\"><math display=\"block\">"),
            "{d}"
        );
        assert!(
            d.contains("<mfrac>") && d.ends_with("</math></span>"),
            "{d}"
        );
        assert!(d.contains(">\\frac{a}{b}</annotation>"), "{d}");
    }

    #[test]
    fn the_source_is_escaped_in_the_annotation() {
        let h = to_html("a < b \\& c", false);
        assert!(h.contains(">a &lt; b \\&amp; c</annotation>"), "{h}");
    }

    #[test]
    fn what_does_not_parse_shows_as_written() {
        let h = to_html("\\frac{a}{", false);
        assert!(!h.contains("<math"), "{h}");
        assert!(h.contains(">$\\frac{a}{$</span>"), "{h}");
        assert!(h.contains("math-error"), "{h}");
        let d = to_html("x^^2 <b>", true);
        assert!(d.contains(">$$x^^2 &lt;b&gt;$$</span>"), "{d}");
        assert!(check("\\frac{a}{").is_some());
        assert!(check("\\undefinedmacro{x}").is_some());
        assert_eq!(check("\\sum_{i=1}^n i"), None);
    }
}
