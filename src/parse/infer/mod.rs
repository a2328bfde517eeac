//! Inference: reading meaning out of notes that do not use minutebook's
//! frontmatter schema (plain Markdown minutes kept in a git repository).
//!
//! Pure parsers of the input format, with no I/O and no knowledge of the
//! site: each takes text (a vault path, a body, lines) and gives plain data.
//! The resolve stage decides what to do with what they find.
//!
//! - [`dates`]: dates from file names, folders, titles and labelled body lines.
//! - [`people`]: attendee sections, attendee tables, role lines, `@handles`.
//! - [`minutes`]: speaker-attributed minutes (`ABBR: text`, `**Name:** text`,
//!   `* Name: text`, `Name  0:03`) as transcript turns.
//! - [`webvtt`]: WebVTT caption files (`<v Name>text`) as transcript turns.

pub mod dates;
pub mod minutes;
pub mod people;
pub mod webvtt;
