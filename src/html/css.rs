//! Inline styles in raw HTML: what of a `style` attribute a page keeps.
//!
//! Takes the value of a `style` attribute as written in a note; gives the
//! declarations that only colour or shape text ([`PROPERTIES`]) with plain
//! values (no `url()`, functions other than colour ones, escapes, quotes or
//! comments), or `None` when nothing is left. Everything that could place,
//! hide, size or load something (`position`, `display`, `background`,
//! `url(…)`) is dropped. The sanitiser ([`crate::render::sanitize`]) applies it, and
//! the `unsafe-html` diagnostic says when it drops something.

/// The CSS properties a `style` attribute may keep.
pub const PROPERTIES: &[&str] = &[
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "font-variant",
    "text-decoration",
    "text-decoration-line",
    "text-decoration-color",
    "text-decoration-style",
    "text-align",
];

/// Functions a kept value may call: colours only.
const FUNCTIONS: &[&str] = &[
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch",
];

/// Whether `value` is plain: words, numbers, `#hex`, `%`, commas, slashes
/// and colour functions; nothing that could load or escape.
fn plain_value(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty()
        || !v.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '#' | '%' | '.' | ',' | '-' | ' ' | '(' | ')' | '/')
        })
        || v.contains("/*")
    {
        return false;
    }
    // every `(` must follow a colour function's name
    let mut rest = v;
    while let Some(at) = rest.find('(') {
        let name = rest[..at]
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if !FUNCTIONS.contains(&name.as_str()) {
            return false;
        }
        rest = &rest[at + 1..];
    }
    true
}

/// The declarations of `style` that are kept, as `name: value; …`, or None.
pub fn filter(style: &str) -> Option<String> {
    // no quotes, escapes or comments in what is kept, so `;` and `:` split exactly
    let kept: Vec<String> = style
        .split(';')
        .filter_map(|d| {
            let (name, value) = d.split_once(':')?;
            let name = name.trim().to_ascii_lowercase();
            (PROPERTIES.contains(&name.as_str()) && plain_value(value))
                .then(|| format!("{name}: {}", value.trim()))
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join("; "))
}

/// Whether `filter` drops any declaration of `style`.
pub fn drops_some(style: &str) -> bool {
    let written = style.split(';').filter(|d| !d.trim().is_empty()).count();
    let kept = filter(style).map_or(0, |k| k.split(';').count());
    kept < written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_text_styles_stay_the_rest_goes() {
        assert_eq!(filter("color: red").as_deref(), Some("color: red"));
        assert_eq!(
            filter("COLOR:#c00;background-color: rgb(255 240 200 / 50%)").as_deref(),
            Some("color: #c00; background-color: rgb(255 240 200 / 50%)")
        );
        assert_eq!(
            filter("position:fixed; color: blue; display:none").as_deref(),
            Some("color: blue")
        );
        for bad in [
            "position: fixed",
            "background: url(https://t.example/p.gif)",
            "background-color: url(x)",
            "color: expression(alert(1))",
            "color: red\\;position:fixed",
            "color: var(--x)",
            "color: \"red\"",
            "color: red /* x */",
            "",
        ] {
            assert_eq!(filter(bad), None, "{bad}");
        }
        assert!(drops_some("color: red; position: fixed"));
        assert!(!drops_some("color: red;"));
    }
}
