//! Configuration: `site.toml`, with command-line overrides.
//!
//! Takes the path of a `site.toml` (or none) and the CLI flags; gives a
//! [`Config`] whose paths are absolute. Every key is optional; unknown keys and
//! wrong types are errors that name the file, the key and the expected type.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The ignore globs used when site.toml does not set `ignore`.
pub const DEFAULT_IGNORE: &[&str] = &[".obsidian/**", ".trash/**", "Templates/**"];

/// The people fields used when site.toml does not set `people_fields`.
pub const DEFAULT_PEOPLE_FIELDS: &[&str] = &[
    "counterpart",
    "attendees",
    "members",
    "other_attendees",
    "participants",
    "people",
    "with",
];

/// Whether to read the vault as an Obsidian vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Obsidian {
    /// When the vault has a `.obsidian/` folder at its root.
    #[default]
    Auto,
    /// Always.
    Yes,
    /// Never: `%%`, `#word` and unresolved `[[…]]` are prose.
    No,
}

impl<'de> Deserialize<'de> for Obsidian {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            B(bool),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::B(true) => Ok(Obsidian::Yes),
            Raw::B(false) => Ok(Obsidian::No),
            Raw::S(s) if s == "auto" => Ok(Obsidian::Auto),
            Raw::S(s) => Err(serde::de::Error::custom(format!(
                "expected true, false or \"auto\", found {s:?}"
            ))),
        }
    }
}

/// A `[[folders]]` rule: what the notes under a glob are, overriding what
/// minutebook infers. Every rule that matches a note applies, in file
/// order, a later rule's keys overriding an earlier one's.
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FolderRule {
    /// A glob on vault paths (`minutes/**`, `Breakouts/*/*.md`).
    pub path: String,
    /// The `type` of the notes (as if written in their frontmatter, which still wins).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The series of the notes (frontmatter `series` still wins).
    pub series: Option<String>,
    /// Whether the notes are meetings (`false` for agendas, indexes, READMEs).
    pub meeting: Option<bool>,
    /// Frontmatter keys that name people in these notes (added to `people_fields`).
    pub people_fields: Option<Vec<String>>,
}

/// What the `[[folders]]` rules say of one note.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FolderSays {
    /// `type`.
    pub kind: Option<String>,
    /// `series`.
    pub series: Option<String>,
    /// `meeting`.
    pub meeting: Option<bool>,
    /// Extra people fields.
    pub people_fields: Vec<String>,
}

/// The `[[folders]]` rules, ready to match ([`Config::folder_rules`]).
#[derive(Debug, Clone)]
pub struct FolderRules<'a> {
    set: globset::GlobSet,
    rules: Vec<&'a FolderRule>,
}

impl FolderRules<'_> {
    /// What the rules say of the note at `path`: every matching rule in file
    /// order, a later rule's keys overriding an earlier one's.
    pub fn says(&self, path: &str) -> FolderSays {
        let mut says = FolderSays::default();
        // matches() gives the rules' indices in ascending (file) order
        for k in self.set.matches(path) {
            let Some(f) = self.rules.get(k) else {
                continue;
            };
            if f.kind.is_some() {
                says.kind.clone_from(&f.kind);
            }
            if f.series.is_some() {
                says.series.clone_from(&f.series);
            }
            if f.meeting.is_some() {
                says.meeting = f.meeting;
            }
            if let Some(p) = &f.people_fields {
                says.people_fields.extend(p.iter().cloned());
            }
        }
        says
    }
}

/// Order of day and month in slash dates such as `16/09/2025`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day first: `16/09/2025` (the default).
    #[default]
    Dmy,
    /// Month first: `09/16/2025`.
    Mdy,
}

/// The contents of site.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Site title, shown in every page header.
    pub title: String,
    /// A short description for the home page and `<meta>`.
    pub description: String,
    /// Absolute URL the site is published at (optional; links stay relative).
    pub base_url: Option<String>,
    /// The vault folder (relative to site.toml).
    pub vault: PathBuf,
    /// The output folder (relative to site.toml).
    pub output: PathBuf,
    /// Theme name: a folder under `themes/` beside site.toml, or the built-in `default`.
    pub theme: String,
    /// Globs of vault paths never read.
    pub ignore: Vec<String>,
    /// Frontmatter keys whose values name people.
    pub people_fields: Vec<String>,
    /// Assignee names that are teams, not people (all-caps names like `HR` always are).
    pub teams: Vec<String>,
    /// Links end in `/` instead of `/index.html` (for servers; breaks opening from disk).
    pub directory_links: bool,
    /// Pass raw HTML through unsanitised (private archives only).
    pub unsafe_html: bool,
    /// Show images from other sites (`![](https://…)`, `<img src="https://…">`)
    /// as images. Off: each is a link to the image, so that opening a page
    /// fetches nothing from elsewhere (no tracking pixels).
    pub remote_images: bool,
    /// Repair UTF-8 that was once misread as Windows-1252.
    pub repair_mojibake: bool,
    /// How to read slash dates.
    pub date_order: DateOrder,
    /// Transcript source labels (devices) mapped to people, for all notes.
    pub speakers: BTreeMap<String, String>,
    /// Show a progress bar while building (on a terminal only).
    pub progress: bool,
    /// Publish profiles by name (`[profiles.team]`).
    pub profiles: BTreeMap<String, Profile>,
    /// The profile used when `--profile` is not given.
    pub default_profile: Option<String>,
    /// Read Obsidian syntax (`%%comments%%`, inline `#tags`, unresolved
    /// `[[links]]` as broken links): `true`, `false`, or `"auto"` (the
    /// default: when the vault has a `.obsidian/` folder).
    pub obsidian: Obsidian,
    /// Per-folder rules for what inference gets wrong (`[[folders]]`).
    pub folders: Vec<FolderRule>,
    /// Content from other sites shown in pages (`[embeds]`).
    pub embeds: Embeds,
    /// The headings whose items the decision log, open questions and risks
    /// list (`[decisions]`).
    pub decisions: Decisions,

    /// Whether the vault is read as an Obsidian vault (`obsidian` decided
    /// against the vault; set after loading; not a key).
    #[serde(skip)]
    pub obsidian_vault: bool,

    /// The profile in force (chosen after loading; not a key).
    #[serde(skip)]
    pub profile: Option<(String, Profile)>,

    /// Folder holding site.toml (set after loading; not a key).
    #[serde(skip)]
    pub root: PathBuf,
    /// The config file read, if any (set after loading; not a key).
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Meeting notes".into(),
            description: String::new(),
            base_url: None,
            vault: PathBuf::from("content-example"),
            output: PathBuf::from("public"),
            theme: "default".into(),
            ignore: DEFAULT_IGNORE.iter().map(|s| s.to_string()).collect(),
            people_fields: DEFAULT_PEOPLE_FIELDS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            teams: Vec::new(),
            directory_links: false,
            unsafe_html: false,
            remote_images: false,
            repair_mojibake: true,
            date_order: DateOrder::Dmy,
            speakers: BTreeMap::new(),
            progress: true,
            profiles: BTreeMap::new(),
            default_profile: None,
            obsidian: Obsidian::Auto,
            folders: Vec::new(),
            embeds: Embeds::default(),
            decisions: Decisions::default(),
            obsidian_vault: true,
            profile: None,
            root: PathBuf::from("."),
            file: None,
        }
    }
}

/// The `[embeds]` table: frames from other sites that notes may show.
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Embeds {
    /// Host names (`player.example.org`, matched exactly, without port)
    /// whose `https://` frames a note's raw `<iframe>` may show; any other
    /// frame becomes a link to its source. Empty by default, so that opening
    /// a page fetches nothing from elsewhere.
    pub iframe_hosts: Vec<String>,
}

impl Embeds {
    /// Whether a frame from `host` is shown.
    pub fn allows(&self, host: &str) -> bool {
        self.iframe_hosts
            .iter()
            .any(|h| h.trim().eq_ignore_ascii_case(host))
    }
}

/// The `[decisions]` table: the headings (matched as Obsidian shows them,
/// case-insensitively, without a trailing `:`, `#tags` or `^block-id`)
/// whose list items are decisions, open questions and risks.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Decisions {
    /// Headings of sections that hold decisions.
    pub decisions: Vec<String>,
    /// Headings of sections that hold open questions.
    pub open_questions: Vec<String>,
    /// Headings of sections that hold risks.
    pub risks: Vec<String>,
}

impl Default for Decisions {
    fn default() -> Self {
        Decisions {
            decisions: vec!["Decisions".into(), "Outcomes".into()],
            open_questions: vec!["Open questions".into()],
            risks: vec!["Risks".into()],
        }
    }
}

impl Decisions {
    /// The heading names of each kind, in the order of
    /// [`crate::model::ItemKind::ALL`].
    pub fn headings(&self) -> [&[String]; 3] {
        [&self.decisions, &self.open_questions, &self.risks]
    }
}

/// What a profile does with transcripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TranscriptMode {
    /// Publish them.
    #[default]
    Keep,
    /// Remove them.
    Drop,
}

/// What a profile does with people's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PeopleMode {
    /// Names as written.
    #[default]
    Keep,
    /// `Dana Reyes` → `D. R.`
    Initials,
    /// `Dana Reyes` → a stable pseudonym derived from `pseudonym_salt`.
    Pseudonym,
}

/// A publish profile: what to leave out of the site and what to redact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// Notes whose `privacy` is one of these are removed.
    pub exclude_privacy: Vec<String>,
    /// When not empty, only notes whose `privacy` is one of these go out.
    pub include_privacy: Vec<String>,
    /// The privacy assumed for a note that states none (no frontmatter, invalid
    /// frontmatter, no `privacy` key): fail closed by default.
    pub unknown_privacy: String,
    /// Notes with any of these tags (or a tag below them) are removed.
    pub exclude_tags: Vec<String>,
    /// When not empty, only notes with one of these tags (or below) go out.
    pub include_tags: Vec<String>,
    /// Globs on vault paths of notes to remove.
    pub exclude_paths: Vec<String>,
    /// When not empty, only notes matching one of these globs go out.
    pub include_paths: Vec<String>,
    /// Notes of these `type`s are removed.
    pub exclude_types: Vec<String>,
    /// When not empty, only notes of these `type`s go out.
    pub include_types: Vec<String>,
    /// Only notes with `publish: true` go out.
    pub explicit_publish: bool,
    /// Keep or drop transcripts.
    pub transcripts: TranscriptMode,
    /// Frontmatter keys removed from every note.
    pub drop_fields: Vec<String>,
    /// Sections (by heading text) removed from every note.
    pub drop_sections: Vec<String>,
    /// Regular expressions whose matches are replaced by `redact_with`.
    pub redact: Vec<String>,
    /// The replacement for redacted text.
    pub redact_with: String,
    /// Keep names, or replace them by initials or pseudonyms.
    pub people: PeopleMode,
    /// The secret pseudonyms are derived from (required with `people = "pseudonym"`).
    pub pseudonym_salt: Option<String>,
    /// Search every output file for what the profile removed before the site
    /// is swapped in, and fail the build on a hit (on by default).
    pub leak_guard: bool,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            exclude_privacy: vec!["private".into()],
            include_privacy: Vec::new(),
            unknown_privacy: "private".into(),
            exclude_tags: Vec::new(),
            include_tags: Vec::new(),
            exclude_paths: Vec::new(),
            include_paths: Vec::new(),
            exclude_types: Vec::new(),
            include_types: Vec::new(),
            explicit_publish: false,
            transcripts: TranscriptMode::Keep,
            drop_fields: Vec::new(),
            drop_sections: Vec::new(),
            redact: Vec::new(),
            redact_with: "█████".into(),
            people: PeopleMode::Keep,
            pseudonym_salt: None,
            leak_guard: true,
        }
    }
}

/// Command-line values that override site.toml.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--vault DIR`
    pub vault: Option<PathBuf>,
    /// `--out DIR`
    pub out: Option<PathBuf>,
    /// `--profile NAME`
    pub profile: Option<String>,
}

impl Config {
    /// Parse site.toml text. `name` is used in error messages.
    pub fn parse(text: &str, name: &str) -> Result<Config> {
        toml::from_str::<Config>(text).map_err(|e| {
            let msg = e.message().to_string();
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!(":{line}")
                })
                .unwrap_or_default();
            anyhow::anyhow!("{name}{at}: invalid configuration: {msg}")
        })
    }

    /// Load the configuration.
    ///
    /// With `file` given it must exist; without, `site.toml` in the current
    /// folder is used when present, else the defaults. Relative paths in the
    /// file are taken relative to its folder; CLI paths relative to the
    /// current folder.
    pub fn load(file: Option<&Path>, over: &Overrides) -> Result<Config> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let (mut cfg, root, used) = match file {
            Some(f) => {
                let text = std::fs::read_to_string(f)
                    .with_context(|| format!("cannot read config file {}", f.display()))?;
                let cfg = Config::parse(&text, &f.display().to_string())?;
                let root = absolute(&cwd, f.parent().unwrap_or(Path::new(".")));
                (cfg, root, Some(absolute(&cwd, f)))
            }
            None => {
                let f = cwd.join("site.toml");
                if f.is_file() {
                    let text = std::fs::read_to_string(&f)
                        .with_context(|| format!("cannot read config file {}", f.display()))?;
                    (Config::parse(&text, "site.toml")?, cwd.clone(), Some(f))
                } else {
                    (Config::default(), cwd.clone(), None)
                }
            }
        };
        cfg.vault = match &over.vault {
            Some(v) => absolute(&cwd, v),
            None => absolute(&root, &cfg.vault),
        };
        cfg.output = match &over.out {
            Some(o) => absolute(&cwd, o),
            None => absolute(&root, &cfg.output),
        };
        cfg.root = root;
        cfg.file = used;
        cfg.obsidian_vault = match cfg.obsidian {
            Obsidian::Yes => true,
            Obsidian::No => false,
            Obsidian::Auto => cfg.vault.join(".obsidian").is_dir(),
        };
        cfg.validate()?;
        let chosen = over.profile.clone().or_else(|| cfg.default_profile.clone());
        if let Some(name) = chosen {
            match cfg.profiles.get(&name) {
                Some(p) => cfg.profile = Some((name, p.clone())),
                None => {
                    let known: Vec<&str> = cfg.profiles.keys().map(String::as_str).collect();
                    bail!(
                        "unknown profile {name:?}: {} defines {}",
                        cfg.file_name(),
                        if known.is_empty() {
                            "no profiles".to_string()
                        } else {
                            format!("only {}", known.join(", "))
                        }
                    );
                }
            }
        }
        Ok(cfg)
    }

    fn validate(&self) -> Result<()> {
        for g in &self.ignore {
            if let Err(e) = globset::Glob::new(g) {
                bail!("invalid glob {g:?} in `ignore`: {e}");
            }
        }
        for (k, f) in self.folders.iter().enumerate() {
            if let Err(e) = globset::Glob::new(&f.path) {
                bail!("folders[{k}]: invalid glob {:?} in `path`: {e}", f.path);
            }
        }
        if self.people_fields.iter().any(|f| f.trim().is_empty()) {
            bail!("`people_fields` holds an empty key");
        }
        for (name, p) in &self.profiles {
            for r in &p.redact {
                if let Err(e) = regex::Regex::new(r) {
                    bail!("profiles.{name}.redact: {r:?} is not a valid regular expression: {e}");
                }
            }
            for g in p.exclude_paths.iter().chain(&p.include_paths) {
                if let Err(e) = globset::Glob::new(g) {
                    bail!("profiles.{name}: invalid glob {g:?}: {e}");
                }
            }
            if p.people == PeopleMode::Pseudonym
                && p.pseudonym_salt
                    .as_deref()
                    .is_none_or(|s| s.trim().is_empty())
            {
                bail!("profiles.{name}: people = \"pseudonym\" needs a secret `pseudonym_salt`");
            }
        }
        Ok(())
    }

    /// The `[[folders]]` rules, their globs compiled once for every note.
    pub fn folder_rules(&self) -> FolderRules<'_> {
        let mut b = globset::GlobSetBuilder::new();
        let mut rules = Vec::new();
        for f in &self.folders {
            // validate() refused invalid globs; one that slipped through applies nowhere
            if let Ok(g) = globset::Glob::new(&f.path) {
                b.add(g);
                rules.push(f);
            }
        }
        FolderRules {
            set: b.build().unwrap_or_else(|_| globset::GlobSet::empty()),
            rules,
        }
    }

    /// The name shown for the config file in messages.
    pub fn file_name(&self) -> String {
        self.file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_else(|| "(defaults)".into())
    }
}

/// `p` made absolute against `base`, with `.` and `..` folded lexically.
pub fn absolute(base: &Path, p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_an_error_naming_the_key() {
        let e = Config::parse("title = \"x\"\ncolour = 3\n", "site.toml").unwrap_err();
        let s = e.to_string();
        assert!(s.contains("site.toml:2"), "{s}");
        assert!(s.contains("colour"), "{s}");
    }

    #[test]
    fn wrong_type_names_the_expected_type() {
        let e = Config::parse("unsafe_html = \"yes\"\n", "site.toml").unwrap_err();
        let s = e.to_string();
        assert!(s.contains("site.toml:1"), "{s}");
        assert!(s.contains("bool") || s.contains("boolean"), "{s}");
    }

    #[test]
    fn defaults_fill_missing_keys() {
        let c = Config::parse("title = \"T\"\n", "site.toml").unwrap();
        assert_eq!(c.title, "T");
        assert_eq!(c.ignore.len(), 3);
        assert_eq!(c.people_fields, DEFAULT_PEOPLE_FIELDS);
        assert_eq!(c.obsidian, Obsidian::Auto);
    }

    #[test]
    fn obsidian_and_folders() {
        let c = Config::parse(
            "obsidian = false\n[[folders]]\npath = \"minutes/**\"\nseries = \"Minutes\"\n[[folders]]\npath = \"minutes/README.md\"\nmeeting = false\n",
            "site.toml",
        )
        .unwrap();
        assert_eq!(c.obsidian, Obsidian::No);
        let rules = c.folder_rules();
        let s = rules.says("minutes/README.md");
        assert_eq!(s.series.as_deref(), Some("Minutes"));
        assert_eq!(s.meeting, Some(false));
        assert_eq!(rules.says("minutes/2024-01-02.md").meeting, None);
        assert_eq!(rules.says("other/x.md"), FolderSays::default());
        assert!(Config::parse("obsidian = \"maybe\"\n", "site.toml").is_err());
        assert!(Config::parse("[[folders]]\npath = \"x\"\ncolour = 1\n", "site.toml").is_err());
    }
}
