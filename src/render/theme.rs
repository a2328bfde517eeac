//! Theme: Tera templates and static assets.
//!
//! The default theme (`themes/default/`) is built into the binary, so
//! `minutebook` works anywhere; a theme folder on disk (`themes/NAME/` beside
//! site.toml) replaces it file by file, and a `templates/` folder beside
//! site.toml overrides single templates of either.

use crate::config::Config;
use anyhow::{Context as _, Result, bail};
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

/// The default theme's files, relative to `themes/default/`.
const DEFAULT: &[(&str, &str)] = embed!(
    "templates/base.html",
    "templates/index.html",
    "templates/note.html",
    "templates/person.html",
    "templates/series.html",
    "templates/series_index.html",
    "templates/people.html",
    "templates/tag.html",
    "templates/tags.html",
    "templates/actions.html",
    "templates/search.html",
    "templates/board.html",
    "templates/log.html",
    "templates/archive.html",
    "templates/archive_index.html",
    "templates/partials/meeting_list.html",
    "templates/partials/pager.html",
    "templates/partials/heatmap.html",
    "templates/partials/year_index.html",
    "templates/partials/backlinks.html",
    "templates/partials/task_list.html",
    "templates/partials/log_entries.html",
    "templates/partials/open_tasks.html",
    "templates/partials/recent_logs.html",
    "static/style.css",
    "static/minutebook.js",
    "static/filters.js",
    "static/search.js",
    "static/page.js",
    "static/transcript.js",
    "static/previews.js",
    "static/elasticlunr.min.js",
    "static/elasticlunr.LICENSE",
    "static/mermaid.min.js",
    "static/mermaid.LICENSE",
);

/// Templates ready to render, and the static files to copy.
pub struct Theme {
    tera: tera::Tera,
    statics: BTreeMap<String, Vec<u8>>,
    /// The theme's own words (its templates), for the leak guard.
    own_text: String,
}

fn read_dir_files(dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e?;
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(rel, std::fs::read(e.path())?);
        }
    }
    Ok(())
}

impl Theme {
    /// Load the theme the config names, with `templates/` overrides.
    pub fn load(cfg: &Config) -> Result<Theme> {
        let mut templates: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut statics: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for (name, body) in DEFAULT {
            if let Some(t) = name.strip_prefix("templates/") {
                templates.insert(t.to_string(), body.as_bytes().to_vec());
            } else if let Some(s) = name.strip_prefix("static/") {
                statics.insert(s.to_string(), body.as_bytes().to_vec());
            }
        }
        let dir = cfg.root.join("themes").join(&cfg.theme);
        if dir.is_dir() {
            if dir.join("templates").is_dir() {
                read_dir_files(&dir.join("templates"), &mut templates)?;
            }
            if dir.join("static").is_dir() {
                read_dir_files(&dir.join("static"), &mut statics)?;
            }
        } else if cfg.theme != "default" {
            bail!(
                "theme {:?} not found: no folder {}",
                cfg.theme,
                dir.display()
            );
        }
        let over = cfg.root.join("templates");
        if over.is_dir() {
            read_dir_files(&over, &mut templates)?;
        }
        let mut tera = tera::Tera::new();
        let mut raw = Vec::new();
        let mut own_text = String::new();
        for (name, bytes) in &templates {
            let text = String::from_utf8(bytes.clone())
                .with_context(|| format!("template {name} is not UTF-8"))?;
            own_text.push_str(&text);
            own_text.push('\n');
            raw.push((name.clone(), text));
        }
        tera.add_raw_templates(raw)
            .map_err(|e| anyhow::anyhow!("theme templates: {}", error_chain(&e)))?;
        Ok(Theme {
            tera,
            statics,
            own_text,
        })
    }

    /// Render a template.
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String> {
        self.tera
            .render(name, ctx)
            .map_err(|e| anyhow::anyhow!("template {name}: {}", error_chain(&e)))
    }

    /// The words the theme itself writes into pages (its templates): what
    /// the leak guard does not count as coming from the vault. Its static
    /// files go out as they are, and the guard passes them by their bytes
    /// ([`Guard::own_files`](crate::publish::guard::Guard::own_files)).
    pub fn own_text(&self) -> &str {
        &self.own_text
    }

    /// Static files (name relative to `static/`, bytes), sorted.
    pub fn static_files(&self) -> impl Iterator<Item = (String, Vec<u8>)> + '_ {
        self.statics.iter().map(|(k, v)| (k.clone(), v.clone()))
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod token_tests {
    /// The declarations of the first rule of `css` whose selector is
    /// `selector`, in order.
    fn block(css: &str, selector: &str) -> Vec<String> {
        let start = css
            .find(&format!("{selector} {{"))
            .unwrap_or_else(|| panic!("no {selector}"));
        let body = &css[start + selector.len() + 2..];
        let body = &body[..body.find('}').unwrap()];
        body.split(';')
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|d| d.starts_with("--"))
            .collect()
    }

    #[test]
    fn the_dark_toggle_has_the_dark_schemes_tokens() {
        let css = include_str!("../../themes/default/static/style.css");
        let system = block(css, ":root:not([data-theme=light])");
        let toggled = block(css, ":root[data-theme=dark]");
        assert!(system.len() > 20, "{system:?}");
        assert_eq!(
            system, toggled,
            "keep the [data-theme=dark] block of style.css equal to the prefers-color-scheme: dark one"
        );
    }

    #[test]
    fn each_light_token_is_set_once() {
        let css = include_str!("../../themes/default/static/style.css");
        let mut seen = std::collections::BTreeSet::new();
        for (at, _) in css.match_indices("\n:root {") {
            let body = &css[at + 8..];
            let body = &body[..body.find('}').unwrap()];
            for d in body.split(';') {
                let d = d.split("*/").last().unwrap_or(d).trim();
                if let Some((name, _)) = d.split_once(':').filter(|_| d.starts_with("--")) {
                    assert!(
                        seen.insert(name.to_string()),
                        "{name} is set in two :root rules"
                    );
                }
            }
        }
        assert!(
            seen.contains("--faint") && seen.contains("--hm0"),
            "{seen:?}"
        );
    }
}
