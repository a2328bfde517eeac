//! Obsidian Canvas files (`.canvas`, JSON Canvas 1.0, <https://jsoncanvas.org>).
//!
//! Takes the text of a canvas file; gives a [`Canvas`]: its nodes (text,
//! file, link and group cards, with position, size and colour) and its edges,
//! plus the [`Issue`]s found on the way (unknown node types, nodes without a
//! place, edges between nodes that do not exist), each with the line of the
//! file it concerns. A file that is not JSON at all gives a [`SyntaxError`]
//! with line and column. Nothing is dropped silently: a node of an unknown
//! type keeps the text it holds ([`NodeKind::Unknown`]).

use serde_json::{Map, Value};

/// A card colour: one of Obsidian's six presets or a `#rrggbb` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Color {
    /// `"1"` (red) to `"6"` (purple).
    Preset(u8),
    /// `#rrggbb`, lower case.
    Hex(String),
}

impl Color {
    /// The colour a JSON Canvas `color` value names; `None` for anything else.
    pub fn parse(s: &str) -> Option<Color> {
        let s = s.trim();
        if let Ok(n) = s.parse::<u8>() {
            return (1..=6).contains(&n).then_some(Color::Preset(n));
        }
        let hex = s.strip_prefix('#')?;
        let ok = matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit());
        ok.then(|| Color::Hex(format!("#{}", hex.to_ascii_lowercase())))
    }
}

/// What a node shows.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// Markdown text.
    Text(String),
    /// A file of the vault, with an optional `#heading` or `#^block`.
    File {
        /// Vault path as written.
        file: String,
        /// `#…` subpath.
        subpath: Option<String>,
    },
    /// A web page.
    Link(String),
    /// A labelled box drawn behind other nodes.
    Group {
        /// Its label.
        label: Option<String>,
        /// A background image (vault path).
        background: Option<String>,
    },
    /// A type this reader does not know: its type and the text it holds.
    Unknown {
        /// The `type` value as written.
        kind: String,
        /// The strings of the node other than its id, type and colour.
        text: String,
    },
}

/// A card of the canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Its id.
    pub id: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (at least 1).
    pub width: f64,
    /// Height (at least 1).
    pub height: f64,
    /// Colour.
    pub color: Option<Color>,
    /// What it shows.
    pub kind: NodeKind,
    /// 1-based line of the node in the file.
    pub line: usize,
}

/// A side of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Top.
    Top,
    /// Right.
    Right,
    /// Bottom.
    Bottom,
    /// Left.
    Left,
}

impl Side {
    fn parse(s: &str) -> Option<Side> {
        Some(match s {
            "top" => Side::Top,
            "right" => Side::Right,
            "bottom" => Side::Bottom,
            "left" => Side::Left,
            _ => return None,
        })
    }
}

/// A connection between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Its id.
    pub id: String,
    /// Index of the node it starts at, in [`Canvas::nodes`].
    pub from: usize,
    /// Index of the node it ends at.
    pub to: usize,
    /// Side it leaves from (chosen by position when absent).
    pub from_side: Option<Side>,
    /// Side it arrives at.
    pub to_side: Option<Side>,
    /// An arrowhead at the start (default: none).
    pub from_arrow: bool,
    /// An arrowhead at the end (default: arrow).
    pub to_arrow: bool,
    /// Its label.
    pub label: Option<String>,
    /// Colour.
    pub color: Option<Color>,
}

/// Something of the file that could not be read as JSON Canvas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based line (0 for the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A file that is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What serde_json says.
    pub message: String,
}

/// A canvas as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Canvas {
    /// Nodes in file order (which is also their stacking order).
    pub nodes: Vec<Node>,
    /// Edges between nodes.
    pub edges: Vec<Edge>,
    /// What could not be read.
    pub issues: Vec<Issue>,
}

impl Canvas {
    /// The bounding box of the nodes: (left, top, right, bottom); a unit
    /// box at 0 when there are none.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        if self.nodes.is_empty() {
            return (0.0, 0.0, 1.0, 1.0);
        }
        self.nodes.iter().fold(
            (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
            |(l, t, r, b), n| {
                (
                    l.min(n.x),
                    t.min(n.y),
                    r.max(n.x + n.width),
                    b.max(n.y + n.height),
                )
            },
        )
    }
}

/// The 1-based line of the first place `needle` occurs in `text` (1 when it does not).
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map(|at| text[..at].matches('\n').count() + 1)
        .unwrap_or(1)
}

/// Coordinates are kept within this range: a canvas a million pixels wide
/// is a mistake, and the drawing must stay finite.
const LIMIT: f64 = 1.0e6;

/// A number field of a node, or `default` with an issue.
fn number(m: &Map<String, Value>, key: &str, default: f64, missing: &mut Vec<&'static str>) -> f64 {
    match m.get(key).and_then(Value::as_f64) {
        Some(v) if v.is_finite() => v.clamp(-LIMIT, LIMIT),
        _ => {
            missing.push(match key {
                "x" => "x",
                "y" => "y",
                "width" => "width",
                _ => "height",
            });
            default
        }
    }
}

fn string(m: &Map<String, Value>, key: &str) -> Option<String> {
    m.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Every string value of a JSON value, in order, joined by newlines.
fn strings_in(v: &Value, skip: &[&str], out: &mut Vec<String>) {
    match v {
        Value::String(s) if !s.trim().is_empty() => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings_in(x, &[], out)),
        Value::Object(m) => {
            for (k, x) in m {
                if !skip.contains(&k.as_str()) {
                    strings_in(x, &[], out);
                }
            }
        }
        _ => {}
    }
}

/// Read a canvas file.
pub fn parse(text: &str) -> Result<Canvas, SyntaxError> {
    let text = text.trim_start_matches('\u{feff}');
    let root: Value = serde_json::from_str(text).map_err(|e| SyntaxError {
        line: e.line().max(1),
        column: e.column().max(1),
        // the place is given apart
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    })?;
    let mut c = Canvas::default();
    let Value::Object(root) = root else {
        c.issues.push(Issue {
            line: 1,
            message: "the file is JSON but not a canvas (an object with `nodes` and `edges`)"
                .into(),
        });
        return Ok(c);
    };
    let mut ids: Vec<String> = Vec::new();
    let nodes = root.get("nodes").and_then(Value::as_array);
    for (k, v) in nodes.into_iter().flatten().enumerate() {
        let Value::Object(m) = v else {
            c.issues.push(Issue {
                line: 1,
                message: format!("node {} is not an object; it is left out", k + 1),
            });
            continue;
        };
        let id = string(m, "id").unwrap_or_else(|| format!("#{}", k + 1));
        let line = line_of(text, &format!("\"{id}\""));
        let kind = string(m, "type").unwrap_or_default();
        let node_kind = match kind.as_str() {
            "text" => NodeKind::Text(string(m, "text").unwrap_or_default()),
            "file" if string(m, "file").is_some() => NodeKind::File {
                file: string(m, "file").unwrap_or_default(),
                subpath: string(m, "subpath").filter(|s| !s.is_empty()),
            },
            "link" if string(m, "url").is_some() => {
                NodeKind::Link(string(m, "url").unwrap_or_default())
            }
            "group" => NodeKind::Group {
                label: string(m, "label").filter(|s| !s.is_empty()),
                background: string(m, "background").filter(|s| !s.is_empty()),
            },
            _ => {
                let mut parts = Vec::new();
                strings_in(v, &["id", "type", "color"], &mut parts);
                let shown = if kind.is_empty() { "(none)" } else { &kind };
                c.issues.push(Issue {
                    line,
                    message: format!(
                        "node {id:?} has a type this reader does not know ({shown}); its text is shown as written"
                    ),
                });
                NodeKind::Unknown {
                    kind,
                    text: parts.join("\n"),
                }
            }
        };
        let mut missing = Vec::new();
        let node = Node {
            x: number(m, "x", 0.0, &mut missing),
            y: number(m, "y", 0.0, &mut missing),
            width: number(m, "width", 250.0, &mut missing).max(1.0),
            height: number(m, "height", 60.0, &mut missing).max(1.0),
            color: string(m, "color").and_then(|s| Color::parse(&s)),
            kind: node_kind,
            line,
            id: id.clone(),
        };
        if !missing.is_empty() {
            c.issues.push(Issue {
                line,
                message: format!(
                    "node {id:?} has no number for {}; it is drawn at a default place",
                    missing.join(", ")
                ),
            });
        }
        ids.push(id);
        c.nodes.push(node);
    }
    let edges = root.get("edges").and_then(Value::as_array);
    for (k, v) in edges.into_iter().flatten().enumerate() {
        let Value::Object(m) = v else { continue };
        let id = string(m, "id").unwrap_or_else(|| format!("#{}", k + 1));
        let find = |key: &str| {
            let want = string(m, key)?;
            ids.iter().position(|i| *i == want)
        };
        let (Some(from), Some(to)) = (find("fromNode"), find("toNode")) else {
            c.issues.push(Issue {
                line: line_of(text, &format!("\"{id}\"")),
                message: format!(
                    "edge {id:?} joins a node that is not in the canvas; it is not drawn{}",
                    string(m, "label")
                        .map(|l| format!(" (its label: {l:?})"))
                        .unwrap_or_default()
                ),
            });
            continue;
        };
        let side = |key: &str| string(m, key).and_then(|s| Side::parse(&s));
        c.edges.push(Edge {
            id,
            from,
            to,
            from_side: side("fromSide"),
            to_side: side("toSide"),
            from_arrow: string(m, "fromEnd").as_deref() == Some("arrow"),
            to_arrow: string(m, "toEnd").as_deref() != Some("none"),
            label: string(m, "label").filter(|s| !s.trim().is_empty()),
            color: string(m, "color").and_then(|s| Color::parse(&s)),
        });
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Text made of JSON Canvas pieces: often almost valid, sometimes valid.
    fn canvas_like() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "\"nodes\"",
            "\"edges\"",
            "\"id\"",
            "\"type\"",
            "\"text\"",
            "\"file\"",
            "\"link\"",
            "\"group\"",
            "\"x\"",
            "\"y\"",
            "\"width\"",
            "\"height\"",
            "\"color\"",
            "\"fromNode\"",
            "\"toNode\"",
            "\"label\"",
            "\"a\"",
            "\"#zzzzzz\"",
            "1e999",
            "-5",
            "0",
            "18446744073709551616",
            "null",
            "true",
            "\"é\"",
        ]);
        prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn never_panics(s in any::<String>(), t in canvas_like()) {
            let _ = parse(&s);
            let _ = parse(&t);
        }
    }

    #[test]
    fn reads_nodes_edges_and_colours() {
        let text = r##"{
  "nodes": [
    {"id": "a", "type": "text", "text": "Plan [[Kiln]]", "x": -100, "y": 20, "width": 200, "height": 80, "color": "4"},
    {"id": "b", "type": "file", "file": "Projects/Kiln.md", "subpath": "#Scope", "x": 200, "y": 20, "width": 300, "height": 200},
    {"id": "c", "type": "link", "url": "https://example.org", "x": 0, "y": 300, "width": 200, "height": 60, "color": "#A0B1C2"},
    {"id": "g", "type": "group", "label": "Q3", "x": -120, "y": 0, "width": 700, "height": 400}
  ],
  "edges": [
    {"id": "e1", "fromNode": "a", "fromSide": "right", "toNode": "b", "toSide": "left", "label": "feeds"},
    {"id": "e2", "fromNode": "a", "toNode": "nowhere"}
  ]
}"##;
        let c = parse(text).unwrap();
        assert_eq!(c.nodes.len(), 4);
        assert_eq!(c.nodes[0].color, Some(Color::Preset(4)));
        assert_eq!(c.nodes[2].color, Some(Color::Hex("#a0b1c2".into())));
        assert_eq!(
            c.nodes[1].kind,
            NodeKind::File {
                file: "Projects/Kiln.md".into(),
                subpath: Some("#Scope".into())
            }
        );
        assert_eq!(c.nodes[1].line, 4);
        assert_eq!(c.edges.len(), 1);
        assert_eq!((c.edges[0].from, c.edges[0].to), (0, 1));
        assert!(c.edges[0].to_arrow && !c.edges[0].from_arrow);
        assert_eq!(c.edges[0].from_side, Some(Side::Right));
        assert_eq!(c.issues.len(), 1);
        assert_eq!(c.issues[0].line, 10);
        assert_eq!(c.bounds(), (-120.0, 0.0, 580.0, 400.0));
    }

    #[test]
    fn unknown_types_keep_their_text_and_bad_json_has_a_place() {
        let c = parse(r#"{"nodes":[{"id":"q","type":"sticker","x":0,"y":0,"width":9,"height":9,"caption":"Keep me"}]}"#).unwrap();
        assert!(
            matches!(&c.nodes[0].kind, NodeKind::Unknown { kind, text } if kind == "sticker" && text == "Keep me")
        );
        assert_eq!(c.issues.len(), 1);
        let e = parse("{\n  \"nodes\": [\n    {\"id\": \"a\",, }\n  ]\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 16));
        assert!(parse("[1, 2]").unwrap().issues.len() == 1);
        assert_eq!(Color::parse("7"), None);
        assert_eq!(Color::parse("#12345g"), None);
    }
}
