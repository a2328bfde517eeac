//! Obsidian Bases files (`.base`, YAML, Obsidian 1.9+): a subset.
//!
//! Takes the text of a base file; gives a [`Base`]: its global `filters`,
//! the display names of its `properties`, and its `views` (name, type,
//! filters, `order` of columns, `sort`, `limit`), plus the [`Issue`]s: every
//! construct this reader does not support, named, with its line. Filter
//! expressions are parsed by a small recursive-descent parser ([`parse_expr`])
//! and evaluated against a note's [`Row`] by [`Filter::matches`].
//!
//! Supported (see the README): `and` / `or` / `not` groups; `==`, `!=`,
//! `<`, `<=`, `>`, `>=`, `&&`, `||`, `!` and parentheses; string, number,
//! boolean and null literals; frontmatter properties (`status`,
//! `note.status`, `note["a b"]`); `file.name`, `file.basename`,
//! `file.path`, `file.folder`, `file.ext`, `file.tags`; `file.hasTag(…)`,
//! `file.inFolder(…)`, `file.hasLink(…)`, `file.hasProperty(…)`; the methods
//! `contains`, `containsAny`, `containsAll`, `startsWith`, `endsWith`,
//! `isEmpty`, `lower`; and `link(…)` and `date(…)` of a string. Anything else
//! (formulas, arithmetic, `today()`, file times, `this`) is an issue: the
//! filter that uses it is not applied.

use serde_json::{Map, Value};

/// Something of the file that is not read: named, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based line (1 when unknown).
    pub line: usize,
    /// What it is and what was done instead.
    pub message: String,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal value.
    Lit(Value),
    /// A property path: `["file", "name"]`, `["status"]` (a frontmatter key).
    Prop(Vec<String>),
    /// A method (with a receiver) or a function call.
    Call {
        /// What it is called on (`file`, a property…); none for a function.
        recv: Option<Box<Expr>>,
        /// Its name.
        name: String,
        /// Its arguments.
        args: Vec<Expr>,
    },
    /// `!x`
    Not(Box<Expr>),
    /// `a && b`
    And(Box<Expr>, Box<Expr>),
    /// `a || b`
    Or(Box<Expr>, Box<Expr>),
    /// `a OP b`
    Cmp(Op, Box<Expr>, Box<Expr>),
}

/// A filter: a group of filters or one expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Every one holds.
    And(Vec<Filter>),
    /// One holds.
    Or(Vec<Filter>),
    /// None holds.
    Not(Vec<Filter>),
    /// The expression is true.
    Expr(Expr),
}

/// A view of the base.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    /// `table`, `cards`, `list`… (only tables are drawn as such).
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Its own filters (on top of the base's).
    pub filters: Option<Filter>,
    /// The columns, as property ids (`file.name`, `status`).
    pub order: Vec<String>,
    /// Sort keys: property id and whether descending.
    pub sort: Vec<(String, bool)>,
    /// At most this many rows.
    pub limit: Option<usize>,
}

/// A base as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Base {
    /// Filters every view shares.
    pub filters: Option<Filter>,
    /// Display names of properties, by property id.
    pub properties: Vec<(String, String)>,
    /// Its views; one default table when it has none.
    pub views: Vec<View>,
    /// What is not supported, and YAML that is not a base.
    pub issues: Vec<Issue>,
}

impl Base {
    /// The name a column shows for property `id`.
    pub fn display_name(&self, id: &str) -> String {
        self.properties
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| match id {
                "file.name" | "file.basename" => "Name".to_string(),
                _ => id.strip_prefix("file.").unwrap_or(id).to_string(),
            })
    }
}

/// `note.status` and `status` are one property: the id is `status`.
pub fn property_id(p: &str) -> String {
    let p = p.trim();
    p.strip_prefix("note.").unwrap_or(p).to_string()
}

/// The file properties a row has.
const FILE_PROPS: &[&str] = &["name", "basename", "path", "folder", "ext", "tags"];

/// Whether a column property can be shown; the reason when not.
fn column_problem(id: &str) -> Option<String> {
    if id.starts_with("formula.") {
        return Some(format!(
            "the formula column `{id}`: formulas are not supported"
        ));
    }
    if let Some(f) = id.strip_prefix("file.") {
        if !FILE_PROPS.contains(&f) {
            return Some(format!("the file property `{id}`"));
        }
    }
    None
}

/// The 1-based line of the first place `needle` occurs in `text` (1 when it does not).
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map(|at| text[..at].matches('\n').count() + 1)
        .unwrap_or(1)
}

/// Read a base file. Gives an error message and line when it is not YAML
/// or not a mapping.
pub fn parse(text: &str) -> Result<Base, Issue> {
    let text = text.trim_start_matches('\u{feff}');
    let v: Value = if text.trim().is_empty() {
        Value::Object(Map::new())
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| Issue {
            line: e.location().map(|l| l.line()).unwrap_or(1).max(1),
            message: e.to_string(),
        })?
    };
    let Value::Object(root) = v else {
        return Err(Issue {
            line: 1,
            message: "the file is YAML but not a base (a mapping with `filters` and `views`)"
                .into(),
        });
    };
    let mut b = Base::default();
    let mut issues = Vec::new();
    for key in root.keys() {
        if !["filters", "properties", "views", "formulas", "summaries"].contains(&key.as_str()) {
            issues.push(Issue {
                line: line_of(text, key),
                message: format!("the key `{key}` is not read"),
            });
        }
    }
    if let Some(Value::Object(f)) = root.get("formulas") {
        for k in f.keys() {
            issues.push(Issue {
                line: line_of(text, k),
                message: format!("the formula `{k}`: formulas are not supported"),
            });
        }
    }
    if root.get("summaries").is_some() {
        issues.push(Issue {
            line: line_of(text, "summaries"),
            message: "`summaries`: summaries are not supported".into(),
        });
    }
    b.filters = root
        .get("filters")
        .and_then(|f| filter(f, text, &mut issues));
    if let Some(Value::Object(props)) = root.get("properties") {
        for (k, v) in props {
            if let Some(name) = v.get("displayName").and_then(Value::as_str) {
                b.properties.push((property_id(k), name.to_string()));
            }
        }
    }
    for v in root
        .get("views")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Value::Object(m) = v else { continue };
        let s = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let mut view = View {
            kind: s("type"),
            name: s("name"),
            ..Default::default()
        };
        if view.kind.is_empty() {
            view.kind = "table".into();
        }
        let line = line_of(text, &format!("name: {}", view.name));
        if view.kind != "table" {
            issues.push(Issue {
                line,
                message: format!(
                    "the view type `{}` (view {:?}): only tables are drawn; it is shown as a table",
                    view.kind, view.name
                ),
            });
        }
        for k in m.keys() {
            let known = [
                "type",
                "name",
                "filters",
                "order",
                "sort",
                "limit",
                "columnSize",
                "rowHeight",
            ];
            if !known.contains(&k.as_str()) {
                issues.push(Issue {
                    line: line_of(text, &format!("{k}:")),
                    message: format!("`{k}` of view {:?} is not supported", view.name),
                });
            }
        }
        view.filters = m.get("filters").and_then(|f| filter(f, text, &mut issues));
        for c in m
            .get("order")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(c) = c.as_str() else { continue };
            let id = property_id(c);
            if let Some(p) = column_problem(&id) {
                issues.push(Issue {
                    line: line_of(text, c),
                    message: format!("{p}; its column is left empty"),
                });
            }
            view.order.push(id);
        }
        for s in m
            .get("sort")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(p) = s.get("property").and_then(Value::as_str) else {
                continue;
            };
            let desc = s
                .get("direction")
                .and_then(Value::as_str)
                .is_some_and(|d| d.eq_ignore_ascii_case("desc"));
            view.sort.push((property_id(p), desc));
        }
        view.limit = m
            .get("limit")
            .and_then(Value::as_u64)
            .map(|n| n.min(100_000) as usize);
        b.views.push(view);
    }
    if b.views.is_empty() {
        b.views.push(View {
            kind: "table".into(),
            order: vec!["file.name".into()],
            ..Default::default()
        });
    }
    b.issues = issues;
    Ok(b)
}

/// A filter of the YAML: a string, or `and` / `or` / `not` of a list.
/// What cannot be read is told to `issues` and left out (not applied).
fn filter(v: &Value, text: &str, issues: &mut Vec<Issue>) -> Option<Filter> {
    match v {
        Value::String(s) => match parse_expr(s) {
            Ok(e) => {
                let mut bad = Vec::new();
                unsupported(&e, &mut bad);
                if bad.is_empty() {
                    return Some(Filter::Expr(e));
                }
                issues.push(Issue {
                    line: line_of(text, s),
                    message: format!(
                        "{} in the filter `{s}`; this filter is not applied",
                        bad.join(", ")
                    ),
                });
                None
            }
            Err(why) => {
                issues.push(Issue {
                    line: line_of(text, s),
                    message: format!("the filter `{s}` cannot be read ({why}); it is not applied"),
                });
                None
            }
        },
        Value::Bool(b) => Some(Filter::Expr(Expr::Lit(Value::Bool(*b)))),
        Value::Object(m) if m.len() == 1 => {
            let (k, list) = m.iter().next()?;
            let items: Vec<Filter> = match list {
                Value::Array(a) => a.iter().filter_map(|x| filter(x, text, issues)).collect(),
                other => filter(other, text, issues).into_iter().collect(),
            };
            match k.as_str() {
                "and" => Some(Filter::And(items)),
                "or" => Some(Filter::Or(items)),
                "not" => Some(Filter::Not(items)),
                _ => {
                    issues.push(Issue {
                        line: line_of(text, k),
                        message: format!(
                            "the filter group `{k}` (only and, or, not); it is not applied"
                        ),
                    });
                    None
                }
            }
        }
        _ => {
            issues.push(Issue {
                line: 1,
                message: "a filter that is neither an expression nor an and / or / not group; it is not applied".into(),
            });
            None
        }
    }
}

/// Methods that take any value.
const METHODS: &[&str] = &[
    "contains",
    "containsAny",
    "containsAll",
    "startsWith",
    "endsWith",
    "isEmpty",
    "lower",
];
/// Methods of `file`.
const FILE_METHODS: &[&str] = &["hasTag", "inFolder", "hasLink", "hasProperty"];
/// Functions.
const FUNCTIONS: &[&str] = &["link", "date"];

/// The constructs of `e` this reader does not support, named.
fn unsupported(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Lit(_) => {}
        Expr::Prop(p) => match p.first().map(String::as_str) {
            Some("formula") => out.push(format!("the formula `{}`", p.join("."))),
            Some("this") => out.push("`this`".into()),
            Some("file") if p.len() == 1 => out.push("`file` alone".into()),
            Some("file") if !FILE_PROPS.contains(&p[1].as_str()) => {
                out.push(format!("the file property `{}`", p.join(".")))
            }
            _ => {}
        },
        Expr::Call { recv, name, args } => {
            let ok = match recv.as_deref() {
                None => FUNCTIONS.contains(&name.as_str()),
                Some(Expr::Prop(p)) if p.len() == 1 && p[0] == "file" => {
                    FILE_METHODS.contains(&name.as_str())
                }
                Some(r) => {
                    unsupported(r, out);
                    METHODS.contains(&name.as_str())
                }
            };
            if !ok {
                out.push(format!("the function `{name}()`"));
            }
            args.iter().for_each(|a| unsupported(a, out));
        }
        Expr::Not(a) => unsupported(a, out),
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Cmp(_, a, b) => {
            unsupported(a, out);
            unsupported(b, out);
        }
    }
}

// ---- the expression parser ----

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Num(f64),
    Ident(String),
    Sym(&'static str),
}

fn tokens(s: &str) -> Result<Vec<Tok>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '"' || ch == '\'' {
            let mut v = String::new();
            i += 1;
            loop {
                match c.get(i) {
                    None => return Err("a string is not closed".into()),
                    Some('\\') => {
                        if let Some(&n) = c.get(i + 1) {
                            v.push(n);
                        }
                        i += 2;
                    }
                    Some(&q) if q == ch => {
                        i += 1;
                        break;
                    }
                    Some(&o) => {
                        v.push(o);
                        i += 1;
                    }
                }
            }
            out.push(Tok::Str(v));
        } else if ch.is_ascii_digit()
            || (ch == '-'
                && c.get(i + 1).is_some_and(|d| d.is_ascii_digit())
                && !matches!(
                    out.last(),
                    Some(Tok::Num(_) | Tok::Str(_) | Tok::Ident(_) | Tok::Sym(")" | "]"))
                ))
        {
            let start = i;
            i += 1;
            while c.get(i).is_some_and(|d| d.is_ascii_digit() || *d == '.') {
                i += 1;
            }
            let t: String = c[start..i].iter().collect();
            out.push(Tok::Num(
                t.parse().map_err(|_| format!("`{t}` is not a number"))?,
            ));
        } else if ch.is_alphabetic() || ch == '_' || ch == '$' {
            let start = i;
            while c
                .get(i)
                .is_some_and(|d| d.is_alphanumeric() || *d == '_' || *d == '$')
            {
                i += 1;
            }
            out.push(Tok::Ident(c[start..i].iter().collect()));
        } else {
            let two: String = c[i..(i + 2).min(c.len())].iter().collect();
            let sym = ["==", "!=", "<=", ">=", "&&", "||"]
                .into_iter()
                .find(|s| *s == two);
            if let Some(s) = sym {
                out.push(Tok::Sym(s));
                i += 2;
                continue;
            }
            let one = ["(", ")", "[", "]", ".", ",", "<", ">", "!"]
                .into_iter()
                .find(|s| s.starts_with(ch));
            match one {
                Some(s) => out.push(Tok::Sym(s)),
                None if "+-*/%".contains(ch) => {
                    return Err(format!("arithmetic (`{ch}`) is not supported"));
                }
                None => return Err(format!("unexpected `{ch}`")),
            }
            i += 1;
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    fn eat(&mut self, sym: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Sym(s)) if *s == sym) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, sym: &str) -> Result<(), String> {
        if self.eat(sym) {
            Ok(())
        } else {
            Err(format!("`{sym}` expected"))
        }
    }
    fn or(&mut self) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > 64 {
            return Err("the expression nests too deeply".into());
        }
        let mut e = self.and()?;
        while self.eat("||") {
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        self.depth -= 1;
        Ok(e)
    }
    fn and(&mut self) -> Result<Expr, String> {
        let mut e = self.cmp()?;
        while self.eat("&&") {
            e = Expr::And(Box::new(e), Box::new(self.cmp()?));
        }
        Ok(e)
    }
    fn cmp(&mut self) -> Result<Expr, String> {
        let l = self.unary()?;
        let op = match self.peek() {
            Some(Tok::Sym("==")) => Op::Eq,
            Some(Tok::Sym("!=")) => Op::Ne,
            Some(Tok::Sym("<")) => Op::Lt,
            Some(Tok::Sym("<=")) => Op::Le,
            Some(Tok::Sym(">")) => Op::Gt,
            Some(Tok::Sym(">=")) => Op::Ge,
            _ => return Ok(l),
        };
        self.at += 1;
        Ok(Expr::Cmp(op, Box::new(l), Box::new(self.unary()?)))
    }
    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat("!") {
            self.depth += 1;
            if self.depth > 64 {
                return Err("the expression nests too deeply".into());
            }
            let e = Expr::Not(Box::new(self.unary()?));
            self.depth -= 1;
            return Ok(e);
        }
        self.postfix()
    }
    fn args(&mut self) -> Result<Vec<Expr>, String> {
        let mut args = Vec::new();
        if self.eat(")") {
            return Ok(args);
        }
        loop {
            args.push(self.or()?);
            if self.eat(")") {
                return Ok(args);
            }
            self.expect(",")?;
        }
    }
    fn postfix(&mut self) -> Result<Expr, String> {
        let mut e = match self.toks.get(self.at).cloned() {
            Some(Tok::Str(s)) => {
                self.at += 1;
                Expr::Lit(Value::String(s))
            }
            Some(Tok::Num(n)) => {
                self.at += 1;
                Expr::Lit(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))
            }
            Some(Tok::Ident(id)) => {
                self.at += 1;
                match id.as_str() {
                    "true" => Expr::Lit(Value::Bool(true)),
                    "false" => Expr::Lit(Value::Bool(false)),
                    "null" => Expr::Lit(Value::Null),
                    _ if self.eat("(") => Expr::Call {
                        recv: None,
                        name: id,
                        args: self.args()?,
                    },
                    _ => Expr::Prop(vec![id]),
                }
            }
            Some(Tok::Sym("(")) => {
                self.at += 1;
                let e = self.or()?;
                self.expect(")")?;
                e
            }
            Some(t) => return Err(format!("unexpected {t:?}")),
            None => return Err("the expression ends too soon".into()),
        };
        loop {
            if self.eat(".") {
                let Some(Tok::Ident(name)) = self.toks.get(self.at).cloned() else {
                    return Err("a name expected after `.`".into());
                };
                self.at += 1;
                if self.eat("(") {
                    e = Expr::Call {
                        recv: Some(Box::new(e)),
                        name,
                        args: self.args()?,
                    };
                } else if let Expr::Prop(p) = &mut e {
                    p.push(name);
                } else {
                    return Err(format!("`.{name}` of a value is not supported"));
                }
            } else if self.eat("[") {
                let Some(Tok::Str(key)) = self.toks.get(self.at).cloned() else {
                    return Err("a quoted name expected in `[…]`".into());
                };
                self.at += 1;
                self.expect("]")?;
                match &mut e {
                    Expr::Prop(p) => p.push(key),
                    _ => return Err("`[…]` of a value is not supported".into()),
                }
            } else {
                return Ok(e);
            }
        }
    }
}

/// Parse a filter expression.
pub fn parse_expr(s: &str) -> Result<Expr, String> {
    let mut p = Parser {
        toks: tokens(s)?,
        at: 0,
        depth: 0,
    };
    let e = p.or()?;
    match p.peek() {
        None => Ok(e),
        Some(t) => Err(format!("unexpected {t:?} after the expression")),
    }
}

// ---- evaluation ----

/// What a filter can see of a note.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// Vault path.
    pub path: &'a str,
    /// Tags, without `#`.
    pub tags: &'a [String],
    /// Frontmatter.
    pub frontmatter: &'a Map<String, Value>,
    /// Vault paths of the notes and files it links to.
    pub links: &'a [String],
}

impl Row<'_> {
    /// The value of property `id` (`file.name`, `status`), null when absent.
    pub fn value(&self, id: &str) -> Value {
        let path: Vec<String> = id.split('.').map(str::to_string).collect();
        self.prop(&path)
    }

    fn prop(&self, p: &[String]) -> Value {
        let (name, folder) = match self.path.rsplit_once('/') {
            Some((d, f)) => (f, d),
            None => (self.path, ""),
        };
        match p.first().map(String::as_str) {
            Some("file") => Value::String(match p.get(1).map(String::as_str) {
                Some("name") => name.to_string(),
                Some("basename") => name.rsplit_once('.').map_or(name, |(b, _)| b).to_string(),
                Some("path") => self.path.to_string(),
                Some("folder") => folder.to_string(),
                Some("ext") => name.rsplit_once('.').map_or("", |(_, e)| e).to_string(),
                Some("tags") => {
                    return Value::Array(
                        self.tags.iter().map(|t| Value::String(t.clone())).collect(),
                    );
                }
                _ => return Value::Null,
            }),
            Some("note") if p.len() > 1 => lookup(self.frontmatter, &p[1..]),
            _ => lookup(self.frontmatter, p),
        }
    }
}

fn lookup(m: &Map<String, Value>, p: &[String]) -> Value {
    let Some(mut v) = p.first().and_then(|k| m.get(k)) else {
        return Value::Null;
    };
    for k in &p[1..] {
        match v.get(k) {
            Some(x) => v = x,
            None => return Value::Null,
        }
    }
    v.clone()
}

/// Whether a value counts as true.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// A string without `[[` `]]` and alias: what a wikilink in a property names.
fn unlinked(s: &str) -> &str {
    let t = s.trim();
    let t = t
        .strip_prefix("[[")
        .and_then(|x| x.strip_suffix("]]"))
        .unwrap_or(t);
    t.split('|').next().unwrap_or(t).trim()
}

fn as_num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Loose equality: numbers by value, strings as written or as the note a
/// wikilink names, lists element by element.
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y || unlinked(x) == unlinked(y),
        (Value::Number(_), _) | (_, Value::Number(_)) => {
            matches!((as_num(a), as_num(b)), (Some(x), Some(y)) if x == y)
        }
        _ => a == b,
    }
}

fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        if !matches!((a, b), (Value::String(_), Value::String(_))) {
            return x.partial_cmp(&y);
        }
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn contains(hay: &Value, needle: &Value) -> bool {
    match hay {
        Value::Array(a) => a.iter().any(|x| equal(x, needle)),
        Value::String(s) => s.contains(&text(needle)),
        _ => false,
    }
}

fn eval(e: &Expr, row: &Row) -> Value {
    match e {
        Expr::Lit(v) => v.clone(),
        Expr::Prop(p) => row.prop(p),
        Expr::Not(a) => Value::Bool(!truthy(&eval(a, row))),
        Expr::And(a, b) => Value::Bool(truthy(&eval(a, row)) && truthy(&eval(b, row))),
        Expr::Or(a, b) => Value::Bool(truthy(&eval(a, row)) || truthy(&eval(b, row))),
        Expr::Cmp(op, a, b) => {
            let (x, y) = (eval(a, row), eval(b, row));
            use std::cmp::Ordering::*;
            Value::Bool(match op {
                Op::Eq => equal(&x, &y),
                Op::Ne => !equal(&x, &y),
                Op::Lt => order(&x, &y) == Some(Less),
                Op::Le => matches!(order(&x, &y), Some(Less | Equal)),
                Op::Gt => order(&x, &y) == Some(Greater),
                Op::Ge => matches!(order(&x, &y), Some(Greater | Equal)),
            })
        }
        Expr::Call { recv, name, args } => {
            let args: Vec<Value> = args.iter().map(|a| eval(a, row)).collect();
            let arg = |k: usize| args.get(k).cloned().unwrap_or(Value::Null);
            let strs = || args.iter().map(text).collect::<Vec<_>>();
            match recv.as_deref() {
                None => match name.as_str() {
                    "link" => Value::String(unlinked(&text(&arg(0))).to_string()),
                    _ => arg(0), // date("2025-01-08"): ISO dates compare as text
                },
                Some(Expr::Prop(p)) if p.len() == 1 && p[0] == "file" => {
                    Value::Bool(match name.as_str() {
                        "hasTag" => strs().iter().any(|t| {
                            let t = t.trim_start_matches('#');
                            row.tags.iter().any(|x| {
                                x.eq_ignore_ascii_case(t)
                                    || x.to_lowercase()
                                        .starts_with(&format!("{}/", t.to_lowercase()))
                            })
                        }),
                        "inFolder" => {
                            let f = text(&arg(0));
                            let f = f.trim_matches('/');
                            f.is_empty() || row.path.starts_with(&format!("{f}/"))
                        }
                        "hasLink" => {
                            let want = unlinked(&text(&arg(0))).to_lowercase();
                            row.links.iter().any(|l| {
                                let l = l.to_lowercase();
                                let no_ext = l.strip_suffix(".md").unwrap_or(&l);
                                let stem = no_ext.rsplit('/').next().unwrap_or(no_ext);
                                [l.as_str(), no_ext, stem].contains(&want.as_str())
                            })
                        }
                        "hasProperty" => row.frontmatter.contains_key(&text(&arg(0))),
                        _ => false,
                    })
                }
                Some(r) => {
                    let v = eval(r, row);
                    match name.as_str() {
                        "contains" => Value::Bool(contains(&v, &arg(0))),
                        "containsAny" => Value::Bool(args.iter().any(|a| contains(&v, a))),
                        "containsAll" => Value::Bool(args.iter().all(|a| contains(&v, a))),
                        "startsWith" => Value::Bool(text(&v).starts_with(&text(&arg(0)))),
                        "endsWith" => Value::Bool(text(&v).ends_with(&text(&arg(0)))),
                        "isEmpty" => Value::Bool(!truthy(&v)),
                        "lower" => Value::String(text(&v).to_lowercase()),
                        _ => Value::Null,
                    }
                }
            }
        }
    }
}

impl Filter {
    /// Whether a note passes the filter.
    pub fn matches(&self, row: &Row) -> bool {
        match self {
            Filter::And(f) => f.iter().all(|x| x.matches(row)),
            Filter::Or(f) => f.is_empty() || f.iter().any(|x| x.matches(row)),
            Filter::Not(f) => !f.iter().any(|x| x.matches(row)),
            Filter::Expr(e) => truthy(&eval(e, row)),
        }
    }
}

/// Compare two rows' values of a sort key: numbers by value, text as
/// text, empty values last.
pub fn compare_values(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a.is_null(), b.is_null()) {
        (true, true) => Equal,
        (true, false) => Greater,
        (false, true) => Less,
        _ => order(a, b).unwrap_or_else(|| text(a).cmp(&text(b))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Text made of Bases pieces: YAML keys, list items, expressions.
    fn base_like() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "filters:",
            "and:",
            "or:",
            "not:",
            "views:",
            "- ",
            "  ",
            "\n",
            "type: table",
            "name: x",
            "order:",
            "sort:",
            "limit: 99999999999999999999",
            "properties:",
            "file.hasTag(\"a\")",
            "file.inFolder(\"M\")",
            "file.name",
            "status == \"done\"",
            " && ",
            " || ",
            "!",
            "(",
            ")",
            "date > \"2025-01-01\"",
            "1e999",
            "'",
            "\"",
            ":",
            "formula.x",
            "today()",
            "[",
            "]",
            "{",
            "}",
        ]);
        prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn never_panics(s in any::<String>(), t in base_like()) {
            let _ = parse(&s);
            let _ = parse(&t);
            let _ = parse_expr(&s);
            for line in t.lines() {
                let _ = parse_expr(line);
            }
        }
    }

    fn row<'a>(path: &'a str, tags: &'a [String], fm: &'a Map<String, Value>) -> Row<'a> {
        Row {
            path,
            tags,
            frontmatter: fm,
            links: &[],
        }
    }

    #[test]
    fn expressions_parse_with_precedence() {
        let e = parse_expr(r#"!file.hasTag("x") && status == "open" || n >= -2"#).unwrap();
        let Expr::Or(l, r) = e else { panic!() };
        assert!(matches!(*l, Expr::And(..)));
        assert!(matches!(*r, Expr::Cmp(Op::Ge, _, _)));
        assert!(parse_expr("a +").is_err());
        assert!(
            parse_expr("price * 2 > 3")
                .unwrap_err()
                .contains("arithmetic")
        );
        assert!(parse_expr("(a").is_err());
        assert!(parse_expr(&"(".repeat(500)).is_err());
        assert_eq!(
            parse_expr(r#"note["due date"]"#).unwrap(),
            Expr::Prop(vec!["note".into(), "due date".into()])
        );
    }

    #[test]
    fn filters_select_notes() {
        let fm: Map<String, Value> =
            serde_json::from_str(r#"{"type":"meeting","n":3,"who":["[[Ada Byrne]]","Cy"]}"#)
                .unwrap();
        let tags = vec!["guild/data".to_string()];
        let r = row("Meetings/Data/2025-01-08.md", &tags, &fm);
        let yes = |s: &str| Filter::Expr(parse_expr(s).unwrap()).matches(&r);
        assert!(yes(r#"file.hasTag("guild")"#));
        assert!(!yes(r#"file.hasTag("guilds")"#));
        assert!(yes(r#"file.inFolder("Meetings/Data")"#));
        assert!(!yes(r#"file.inFolder("Meet")"#));
        assert!(yes(r#"type == "meeting" && n > 2 && n <= 3"#));
        assert!(yes(r#"who.contains("Ada Byrne") && !who.contains("Bo")"#));
        assert!(yes(r#"file.name == "2025-01-08.md" && file.ext == "md""#));
        assert!(yes(r#"missing.isEmpty()"#));
        assert!(!yes(r#"missing == "x""#));
    }

    #[test]
    fn unsupported_constructs_are_named_with_their_line() {
        let b = parse(
            "filters:\n  and:\n    - file.hasTag(\"a\")\n    - file.mtime > now()\nformulas:\n  cost: price * 2\nviews:\n  - type: cards\n    name: Board\n    order:\n      - file.name\n      - formula.cost\n",
        )
        .unwrap();
        let msgs: Vec<(usize, &str)> = b
            .issues
            .iter()
            .map(|i| (i.line, i.message.as_str()))
            .collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert_eq!(msgs[0].0, 6);
        assert!(msgs[1].1.contains("file.mtime") && msgs[1].1.contains("now()"));
        assert_eq!(msgs[1].0, 4);
        assert!(msgs[2].1.contains("`cards`"));
        assert!(msgs[3].1.contains("formula.cost"));
        assert_eq!(
            b.filters,
            Some(Filter::And(vec![Filter::Expr(
                parse_expr("file.hasTag(\"a\")").unwrap()
            )]))
        );
        assert!(parse("a: [").is_err());
        assert!(parse("- 1\n").is_err());
    }
}
