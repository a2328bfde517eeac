//! Diagrams: mermaid fences, drawn in the browser.
//!
//! A ```` ```mermaid ```` fence renders as `<pre class="mermaid">` holding its
//! source (see [`crate::parse::markdown::render`]), readable as it is.
//! Takes a page's body HTML and gives whether it holds such a diagram: only
//! then does the page load the vendored mermaid script ([`SCRIPT`], under
//! `static/`), which `minutebook.js` uses to draw each source as SVG.

/// The vendored mermaid build, relative to the theme's `static/` folder.
pub const SCRIPT: &str = "mermaid.min.js";

/// Whether a static file of the theme (name under `static/`) is the
/// mermaid build or its licence: written only when a page draws a diagram.
pub fn is_mermaid_file(name: &str) -> bool {
    name == SCRIPT || name == "mermaid.LICENSE"
}

/// Whether rendered body HTML holds a mermaid diagram (the page's own or an
/// embedded note's): the source block as the renderer writes it.
pub fn holds_diagram(html: &str) -> bool {
    html.contains("<pre class=\"mermaid\">")
}
