//! Speaker-attributed minutes: which paragraphs of a note are turns of speech.
//!
//! The Markdown stage ([`crate::markdown::analyze`]) reports every paragraph
//! that *could* open a turn as a [`Candidate`]: it starts with a label in one
//! of the [`Style`]s. [`decide`] keeps the candidates that are turns:
//! a label naming a known person or abbreviation, or a label style that
//! repeats through the note (ordinary prose with a colon, `Note: …`, must not
//! become a speaker).

/// How a turn's speaker label is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// `ABL: text` at the start of a paragraph: an upper-case abbreviation.
    Abbr,
    /// `**Ana Lima:** text` or `**Ana Lima**: text`.
    Bold,
    /// `* Ana: text` or `- Ana Lima: text`: a list item opening with a name and a colon.
    ListName,
    /// `Ana Lima  0:03` alone on the paragraph's first line, the words after it
    /// (exported call transcripts).
    NameTime,
}

/// A paragraph that may open a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// 1-based body line of the paragraph's first line.
    pub line: usize,
    /// The label as written, without markup or colon (`ABL`, `Ana Lima`).
    pub label: String,
    /// How it is written.
    pub style: Style,
    /// Plain text of the paragraph after the label (and, for `NameTime`, after the time).
    pub text: String,
    /// For `NameTime`: the time as written (`0:03`, `1:02:03`).
    pub stamp: Option<String>,
}

/// What is known about the note's people, to tell speakers from prose.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Abbreviation (as written, upper case) → canonical person name, from the
    /// note's attendee table.
    pub abbreviations: Vec<(String, String)>,
    /// Written forms (full names, first names, aliases, handles) → canonical name.
    pub names: Vec<(String, String)>,
}

/// A turn of speech found in the minutes.
#[derive(Debug, Clone, PartialEq)]
pub struct MinuteTurn {
    /// 1-based body line of the paragraph that opens it.
    pub line: usize,
    /// The label as written.
    pub label: String,
    /// The speaker: the canonical name of a known person, else the label.
    pub speaker: String,
    /// Whether `speaker` is a known person.
    pub is_person: bool,
    /// What was said (the candidate's text).
    pub text: String,
    /// Seconds from the start, for `NameTime` turns.
    pub seconds: Option<f64>,
    /// The time as written, for `NameTime` turns.
    pub stamp: Option<String>,
}
