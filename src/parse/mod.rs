//! The parsers of the input format: pure functions from text to plain data,
//! with no I/O and no knowledge of the site. The stages call them; they call
//! nothing of the stages.
//!
//! - [`decode`]: bytes to text (UTF-8, UTF-16, Windows-1252), and
//!   [`mojibake`]: text decoded twice, repaired.
//! - [`syntax`]: the shared definitions of the dialect (comrak options,
//!   headings, tag characters, HTML escaping); a leaf.
//! - [`blocks`]: the one Markdown block scanner (fences, headings, HTML
//!   blocks, comments, containers) every line-level reader shares.
//! - [`markdown`]: comrak's parse of a note, and what resolve reads from
//!   it (headings, links, tags, tasks); its HTML writer with Obsidian's
//!   extensions (what it needs of the page — links, cards, highlighting —
//!   it asks of a [`markdown::LinkEnv`] the caller gives).
//! - [`math`]: TeX between dollars to MathML.
//! - [`obsidian`]: wikilinks, embeds, tags, block ids.
//! - [`tasks`]: Obsidian Tasks emoji fields.
//! - [`transcript`]: timestamped speaker transcripts.
//! - [`dates`]: frontmatter dates and times.
//! - [`canvas`]: Obsidian Canvas files (JSON Canvas); [`bases`]: Obsidian
//!   Bases files (YAML, filter expressions).
//! - [`infer`]: meaning read out of archives that are not minutebook-shaped
//!   (dates in paths, attendee lists, speaker-attributed minutes, captions).

pub mod bases;
pub mod blocks;
pub mod canvas;
pub mod dates;
pub mod decode;
pub mod infer;
pub mod markdown;
pub mod math;
pub mod mojibake;
pub mod obsidian;
pub mod syntax;
pub mod tasks;
pub mod transcript;
