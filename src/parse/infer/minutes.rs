//! Speaker-attributed minutes: which paragraphs of a note are turns of speech.
//!
//! The Markdown stage ([`crate::parse::markdown::analyze`]) reports every paragraph
//! that *could* open a turn as a [`Candidate`]: it starts with a label in one
//! of the [`Style`]s. [`decide`] keeps the candidates that are turns:
//! a label naming a known person or abbreviation, or a label style that
//! repeats through the note (ordinary prose with a colon, `Note: …`, must not
//! become a speaker).

use std::collections::{HashMap, HashSet};

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

/// Abbreviation labels that mark prose, not a speaker (`NOTE: …`, `TODO: …`,
/// `Q: …`/`A: …` question and answer labels, `PR: …`). They count as a
/// speaker only through the note's abbreviation table. Longer markers
/// (`ACTION`, `AGENDA`, `UPDATE`, `WARNING`, `RESOLUTION`, `CONCLUSION`,
/// `DECISION`, `OUTCOME`, `RESULT`) are never abbreviation labels at all: those
/// are at most five characters.
const ABBR_STOP: &[&str] = &[
    "A", "AFAIK", "AI", "AIS", "ALL", "API", "APIS", "ASAP", "BOTH", "BTW", "BUG", "BUGS", "CLI",
    "CON", "CONS", "CPU", "CSS", "DATE", "DOC", "DOCS", "DONE", "EDIT", "EDITS", "EOD", "EOW",
    "ERROR", "ETA", "FAQ", "FILED", "FIXME", "FYI", "GOAL", "GOALS", "GPU", "HOW", "HTML", "HTTP",
    "HTTPS", "IDEA", "IIRC", "IMHO", "IMO", "INFO", "ISSUE", "ITEM", "ITEMS", "JSON", "LINK",
    "LINKS", "MISC", "N", "NB", "NEXT", "NO", "NOTE", "NOTES", "OK", "OKAY", "OTHER", "PLAN",
    "POLL", "POLLS", "PR", "PPS", "PRO", "PROS", "PRS", "PS", "Q", "QA", "RFC", "RFCS", "SDK",
    "SLIDE", "SPEC", "SQL", "TASK", "TASKS", "TBA", "TBC", "TBD", "TIME", "TLDR", "TODO", "TODOS",
    "TOPIC", "URI", "URL", "URLS", "VOTE", "WARN", "WHAT", "WHEN", "WHERE", "WHO", "WHY", "WIP",
    "XML", "XXX", "YAML", "YES",
];

/// Labels (lower case) that open prose, not a turn: `**Summary:**`,
/// `* Next steps: …`, `**Link**: …`, form fields (`* Email: …`), discourse
/// words (`* However: …`, `* One concern: …`). A label is prose when it is
/// one of these or its first word is one of the single words here (`Action
/// item for Bo`, `Link to the PR`). They count as a speaker only when they
/// name a known person. Sorted: searched by bisection.
const LABEL_STOP: &[&str] = &[
    "a",
    "absent",
    "action",
    "action item",
    "action items",
    "actions",
    "address",
    "advantage",
    "advantages",
    "affiliation",
    "agenda",
    "agreement",
    "all",
    "also",
    "alternate",
    "alternative",
    "alternatives",
    "an",
    "analogy",
    "and",
    "announcement",
    "announcements",
    "another",
    "ans",
    "answer",
    "answers",
    "any",
    "apologies",
    "approach",
    "assigned to",
    "assignee",
    "assumption",
    "assumptions",
    "attendance",
    "attendees",
    "author",
    "authors",
    "background",
    "basically",
    "benefit",
    "benefits",
    "bonus",
    "both",
    "breakfast",
    "bug",
    "but",
    "caveat",
    "caveats",
    "chair",
    "champion",
    "champions",
    "closed",
    "code",
    "code of conduct",
    "comment",
    "comments",
    "company",
    "con",
    "concern",
    "concerns",
    "conclusion",
    "conclusions",
    "cons",
    "consensus",
    "contact",
    "context",
    "counterpoint",
    "current",
    "currently",
    "date",
    "dates",
    "deadline",
    "decision",
    "decisions",
    "description",
    "details",
    "dinner",
    "disadvantage",
    "disadvantages",
    "discussion",
    "docs",
    "documentation",
    "done",
    "downside",
    "draft",
    "drawback",
    "drawbacks",
    "due",
    "e.g.",
    "earlier",
    "ed.",
    "edit",
    "eg",
    "else",
    "email",
    "emerging",
    "etc",
    "everyone",
    "example",
    "examples",
    "exception",
    "exceptions",
    "explanation",
    "extra",
    "facilitator",
    "feedback",
    "filed",
    "final",
    "finally",
    "first",
    "fixme",
    "follow",
    "follow-up",
    "follow-ups",
    "followup",
    "future",
    "fyi",
    "github",
    "goal",
    "goals",
    "handle",
    "her",
    "his",
    "host",
    "hotel",
    "however",
    "hypothesis",
    "i.e.",
    "idea",
    "ideally",
    "ideas",
    "ie",
    "if",
    "implication",
    "implications",
    "important",
    "instead",
    "interested",
    "issue",
    "issues",
    "item",
    "items",
    "its",
    "last",
    "later",
    "liaison",
    "link",
    "links",
    "location",
    "lunch",
    "maybe",
    "meaning",
    "means",
    "meanwhile",
    "meeting",
    "meeting date",
    "members",
    "minute taker",
    "minute-taker",
    "minutes",
    "moderator",
    "motivation",
    "my",
    "n.b.",
    "name",
    "nb",
    "next",
    "next step",
    "next steps",
    "no",
    "note",
    "note taker",
    "note-taker",
    "notes",
    "notetaker",
    "now",
    "objection",
    "observation",
    "one",
    "open",
    "option",
    "options",
    "or",
    "organisation",
    "organization",
    "other",
    "others",
    "otherwise",
    "our",
    "outcome",
    "outcomes",
    "overall",
    "overview",
    "owner",
    "owners",
    "p.s.",
    "parking",
    "pending",
    "phase",
    "phone",
    "place",
    "plan",
    "poll",
    "possibly",
    "pr",
    "pre-requisites",
    "prerequisites",
    "present",
    "presenter",
    "previously",
    "priority",
    "pro",
    "probably",
    "problem",
    "problems",
    "proposal",
    "proposals",
    "pros",
    "ps",
    "q",
    "question",
    "questions",
    "rationale",
    "reason",
    "reasons",
    "recap",
    "recording",
    "regrets",
    "related",
    "relevant",
    "reminder",
    "reminders",
    "reply",
    "repo",
    "resolution",
    "resolved",
    "response",
    "result",
    "results",
    "reviewer",
    "reviewers",
    "risk",
    "risks",
    "role",
    "scope",
    "scribe",
    "second",
    "see",
    "slides",
    "so",
    "solution",
    "solutions",
    "some",
    "source",
    "spec",
    "stage",
    "status",
    "step",
    "steps",
    "summary",
    "takeaway",
    "takeaways",
    "task",
    "tasks",
    "team",
    "team members",
    "that",
    "the",
    "their",
    "then",
    "therefore",
    "these",
    "third",
    "this",
    "those",
    "thoughts",
    "three",
    "time",
    "timeline",
    "times",
    "tip",
    "title",
    "tldr",
    "today",
    "todo",
    "tomorrow",
    "topic",
    "topics",
    "tracking",
    "trade-off",
    "trade-offs",
    "tradeoff",
    "tradeoffs",
    "twitter",
    "two",
    "update",
    "updates",
    "upshot",
    "upside",
    "various",
    "venue",
    "video",
    "vote",
    "votes",
    "warning",
    "we",
    "website",
    "when",
    "where",
    "wifi",
    "yes",
    "yesterday",
    "your",
];

/// Lower-case name particles that may start a word of a multi-word name label
/// (`Trina van Dijk`).
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el", "ibn",
    "la", "le", "st", "ten", "ter", "van", "von", "y", "zu",
];

/// Words that, with a number after them, label an unnamed speaker (`Speaker 2`).
const NUMBERED: &[&str] = &[
    "caller",
    "guest",
    "participant",
    "person",
    "speaker",
    "user",
];

/// The longest label, in characters, that can name a speaker.
const MAX_LABEL_CHARS: usize = 60;

/// A lookup table whose keys may be claimed by several values: `None` marks a
/// key that is ambiguous.
type Claims<'k> = HashMap<String, Option<&'k str>>;

fn claim<'k>(map: &mut Claims<'k>, key: String, value: &'k str) {
    if key.is_empty() || value.trim().is_empty() {
        return;
    }
    map.entry(key)
        .and_modify(|v| {
            if *v != Some(value) {
                *v = None;
            }
        })
        .or_insert(Some(value));
}

/// Lower case with runs of white space as one space.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// What is known, indexed for lookups that do not depend on its size.
struct Index<'k> {
    /// Abbreviation as written → person (ambiguous when claimed twice).
    abbr_exact: Claims<'k>,
    /// Folded abbreviation → person.
    abbr_folded: Claims<'k>,
    /// Folded written form (also without a leading `@`) → person.
    names: Claims<'k>,
    /// Initials of name words (`BT`, `NRO`, `ZAN`, first and last `MS`).
    initials: Claims<'k>,
    /// First initial, last-name initial and one later letter of the last
    /// name (`SDZ` for a Sol Diaz).
    initials_loose: Claims<'k>,
}

impl<'k> Index<'k> {
    fn new(known: &'k Known) -> Self {
        let mut index = Index {
            abbr_exact: HashMap::new(),
            abbr_folded: HashMap::new(),
            names: HashMap::new(),
            initials: HashMap::new(),
            initials_loose: HashMap::new(),
        };
        for (abbr, person) in &known.abbreviations {
            let person = person.trim();
            claim(&mut index.abbr_exact, abbr.trim().to_string(), person);
            claim(&mut index.abbr_folded, fold(abbr), person);
        }
        // Every distinct (written form, person) once, canonical names too.
        let mut forms: HashSet<(&str, &str)> = HashSet::new();
        for (form, person) in &known.names {
            forms.insert((form.trim(), person.trim()));
            forms.insert((person.trim(), person.trim()));
        }
        for (_, person) in &known.abbreviations {
            forms.insert((person.trim(), person.trim()));
        }
        let mut forms: Vec<(&str, &str)> = forms.into_iter().collect();
        forms.sort_unstable();
        for &(form, person) in &forms {
            claim(&mut index.names, fold(form), person);
            if let Some(bare) = form.strip_prefix('@') {
                claim(&mut index.names, fold(bare), person);
            }
            let words = name_words(form);
            if words.len() < 2 {
                continue;
            }
            let (tight, loose) = initials_of(&words);
            for key in tight {
                claim(&mut index.initials, key, person);
            }
            for key in loose {
                claim(&mut index.initials_loose, key, person);
            }
        }
        index
    }

    /// A known person for a label of any style, by its written forms.
    fn by_name(&self, label: &str) -> Option<&'k str> {
        let folded = fold(label);
        if let Some(found) = self.names.get(&folded) {
            return *found;
        }
        let bare = folded.strip_prefix('@')?;
        self.names.get(bare).copied().flatten()
    }

    /// A known person for an abbreviation label, by the abbreviation table
    /// only. `Err` when the table holds the label but for several people.
    fn by_table(&self, label: &str) -> Result<Option<&'k str>, ()> {
        let found = self
            .abbr_exact
            .get(label)
            .or_else(|| self.abbr_folded.get(&fold(label)));
        match found {
            Some(Some(p)) => Ok(Some(p)),
            Some(None) => Err(()),
            None => Ok(None),
        }
    }

    /// A known person for an abbreviation label through initials: the tight
    /// forms first; the loose form only when no tight form matches anyone.
    fn by_initials(&self, label: &str) -> Option<&'k str> {
        let key: String = label.chars().flat_map(char::to_uppercase).collect();
        match self.initials.get(&key) {
            Some(found) => *found,
            None => self.initials_loose.get(&key).copied().flatten(),
        }
    }
}

/// The words of a name for initials: white-space separated, parenthesised
/// parts, `@handles`, `<mail>` and words without a letter left out, each
/// trimmed of punctuation around it.
fn name_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut depth = 0usize;
    for raw in name.split_whitespace() {
        let opens = raw.starts_with('(') || raw.starts_with('[') || raw.starts_with('<');
        if opens {
            depth += 1;
        }
        let inside = depth > 0;
        if raw.ends_with(')') || raw.ends_with(']') || raw.ends_with('>') {
            depth = depth.saturating_sub(1);
        }
        if inside || raw.starts_with('@') {
            continue;
        }
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if word.chars().next().is_some_and(char::is_alphabetic) {
            words.push(word);
        }
        if words.len() >= 8 {
            break;
        }
    }
    words
}

fn initial(word: &str) -> Option<String> {
    word.chars()
        .next()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_uppercase().collect())
}

/// Initials a person may be abbreviated to (`words` has at least two words).
///
/// Tight: the initials of every word (`Nora R. Ortiz` → `NRO`); the same with
/// hyphenated words split (`Sean Park-Lowe` → `SPL`, besides `SP`); without
/// lower-case particles (`Trina van Dijk` → `TD`, besides `TVD`); the first
/// and last words only (`Mia Holt Serra` → `MS`).
///
/// Loose: the first initial, then the last name's initial and one later letter
/// of the last name (`Sol Diaz` → `SDI`, `SDA`, `SDZ`): the three-letter
/// abbreviations committees hand out.
fn initials_of(words: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut tight = Vec::new();
    let all: String = words.iter().filter_map(|w| initial(w)).collect();
    tight.push(all);
    let split: String = words
        .iter()
        .flat_map(|w| w.split('-'))
        .filter_map(initial)
        .collect();
    tight.push(split);
    let upper: String = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| initial(w))
        .collect();
    if upper.chars().count() >= 2 {
        tight.push(upper);
    }
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return (tight, Vec::new());
    };
    let (Some(f), Some(l)) = (initial(first), initial(last)) else {
        return (tight, Vec::new());
    };
    tight.push(format!("{f}{l}"));
    tight.sort_unstable();
    tight.dedup();
    let mut loose: Vec<String> = last
        .chars()
        .skip(1)
        .filter(|c| c.is_alphabetic())
        .map(|c| {
            let mut key = format!("{f}{l}");
            key.extend(c.to_uppercase());
            key
        })
        .collect();
    loose.sort_unstable();
    loose.dedup();
    (tight, loose)
}

/// Whether a label is written like an abbreviation: 1–5 characters, upper-case
/// letters and ASCII digits, starting with a letter.
fn is_abbr_label(label: &str) -> bool {
    let mut chars = label.chars();
    let first_ok = chars.next().is_some_and(char::is_uppercase);
    let n = label.chars().count();
    first_ok
        && n <= 5
        && label
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn is_abbr_stop(label: &str) -> bool {
    ABBR_STOP.contains(&label)
}

/// Whether a folded label is prose: in the stop list, or its first word is,
/// or the part of its first word before a hyphen (`Note-taker`).
fn is_label_stop(folded: &str) -> bool {
    let first = folded.split(' ').next().unwrap_or(folded);
    let stem = first.split('-').next().unwrap_or(first);
    [folded, first, stem]
        .iter()
        .any(|w| LABEL_STOP.binary_search(w).is_ok())
}

/// Whether a label is written like a name: 1–4 words, each starting with a
/// letter and made of letters, digits and `.'’-_`; not a code such as `Q1`;
/// in a label of several words, the first capitalised, and the others too
/// but for particles (`Trina van Dijk`) when there are more than two words
/// (`Tim beiko` is a name, `Trait alias semantics` is not). A numbered
/// speaker (`Speaker 2`, `Guest 3`) is a name too.
fn is_name_label(label: &str) -> bool {
    if label.chars().count() > MAX_LABEL_CHARS {
        return false;
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    if let [generic, number] = words.as_slice() {
        let generic = fold(generic);
        if NUMBERED.contains(&generic.as_str())
            && !number.is_empty()
            && number.len() <= 3
            && number.bytes().all(|b| b.is_ascii_digit())
        {
            return true;
        }
    }
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    let strict = words.len() > 2;
    words.iter().enumerate().all(|(i, w)| {
        let mut chars = w.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        let rest = chars.as_str();
        let made_of = w
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-' | '_'));
        let code = !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit());
        let cased = words.len() == 1
            || first.is_uppercase()
            || (i > 0 && (!strict || PARTICLES.contains(w)));
        first.is_alphabetic() && made_of && !code && cased
    })
}

/// Whether a `NameTime` label can be a speaker: up to six words of at most
/// sixty characters, starting with a letter (`Speaker 2` is a speaker).
fn is_clock_label(label: &str) -> bool {
    let words = label.split_whitespace().count();
    (1..=6).contains(&words)
        && label.chars().count() <= MAX_LABEL_CHARS
        && label.trim().chars().next().is_some_and(char::is_alphabetic)
}

/// What one candidate is, before looking at the rest of the note.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict<'k> {
    /// A known person.
    Person(&'k str),
    /// A speaker only if its style repeats through the note.
    Maybe,
    /// Never a turn.
    No,
}

/// What an abbreviation label names: a person through the table, else (when
/// it is not a prose marker) through initials or written forms; a speaker by
/// repetition when nothing names it.
fn judge_abbr<'k>(label: &str, index: &Index<'k>) -> Verdict<'k> {
    match index.by_table(label) {
        Ok(Some(p)) => return Verdict::Person(p),
        Err(()) => return Verdict::Maybe,
        Ok(None) => {}
    }
    if is_abbr_stop(label) {
        return Verdict::No;
    }
    match index.by_initials(label).or_else(|| index.by_name(label)) {
        Some(p) => Verdict::Person(p),
        // Abbreviations with digits (`ES6`, `V8`) are names of things.
        None if label.chars().any(|c| c.is_ascii_digit()) => Verdict::No,
        None => Verdict::Maybe,
    }
}

/// What [`decide`] reads of a candidate but for its line and the words of
/// its text: lists of candidates alike by this key are decided alike (for
/// the same people), into turns that differ only in their lines and text.
pub fn decision_key(c: &Candidate) -> (&str, Style, Option<&str>, bool, bool) {
    (
        &c.label,
        c.style,
        c.stamp.as_deref(),
        is_reference(&c.text),
        is_tally(&c.text),
    )
}

fn judge<'k>(cand: &Candidate, index: &Index<'k>) -> Verdict<'k> {
    let label = cand.label.trim();
    let verdict = match cand.style {
        Style::Abbr if is_abbr_label(label) => judge_abbr(label, index),
        Style::Abbr => Verdict::No,
        Style::Bold | Style::ListName => {
            if let Some(p) = index.by_name(label) {
                return Verdict::Person(p);
            }
            if is_abbr_label(label) {
                judge_abbr(label, index)
            } else if is_name_label(label) && !is_label_stop(&fold(label)) {
                if is_reference(&cand.text) {
                    Verdict::No
                } else {
                    Verdict::Maybe
                }
            } else {
                Verdict::No
            }
        }
        Style::NameTime => {
            let clock = cand.stamp.as_deref().and_then(parse_clock);
            if clock.is_none() {
                return Verdict::No;
            }
            if let Some(p) = index.by_name(label) {
                return Verdict::Person(p);
            }
            if is_abbr_label(label) {
                if let Ok(Some(p)) = index.by_table(label) {
                    return Verdict::Person(p);
                }
            }
            if is_clock_label(label) && !is_label_stop(&fold(label)) {
                Verdict::Maybe
            } else {
                Verdict::No
            }
        }
    };
    // `SF: 12`, `N: 0`: a poll's tally, not a turn.
    if verdict == Verdict::Maybe && is_tally(&cand.text) {
        return Verdict::No;
    }
    verdict
}

/// Whether text is only a number (`12`, `75%`), as in a poll's tally.
fn is_tally(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '.' | ',' | '%'))
}

/// Whether text ends with a link or an issue reference: an agenda item
/// (`* doc: fix a typo [#4211](https://…)`), not a turn.
fn is_reference(text: &str) -> bool {
    let Some(last) = text.split_whitespace().next_back() else {
        return false;
    };
    let last = last.trim_end_matches(['.', ',', ';', ')', ']', '*', '_', '>']);
    last.contains("://")
        || last
            .rsplit_once('#')
            .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// How often each label of one style is used by candidates that can be turns.
#[derive(Default)]
struct Usage {
    total: usize,
    by_label: HashMap<String, usize>,
}

impl Usage {
    fn add(&mut self, label: String) {
        self.total += 1;
        *self.by_label.entry(label).or_insert(0) += 1;
    }

    fn distinct(&self) -> usize {
        self.by_label.len()
    }

    fn repeated(&self) -> usize {
        self.by_label.values().filter(|&&n| n >= 2).count()
    }

    /// Whether the labels of a class are used for turns through the note.
    fn repeats(&self, class: Class) -> bool {
        match class {
            Class::Abbreviations => self.repeated() >= 2 && self.total >= 4,
            Class::Bold | Class::ListName => {
                self.total >= 3 && self.distinct() >= 2 && self.repeated() >= 1
            }
            Class::NameTime => self.total >= 2,
        }
    }
}

/// Labels that must repeat together to be speakers: abbreviations, in any
/// style (`ABL:`, `**ABL:**`, `* ABL:`); names in bold; names opening list
/// items; names before times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Abbreviations,
    Bold,
    ListName,
    NameTime,
}

impl Class {
    /// The class of a candidate's label.
    fn of(cand: &Candidate) -> Class {
        match cand.style {
            Style::Abbr => Class::Abbreviations,
            Style::NameTime => Class::NameTime,
            _ if is_abbr_label(cand.label.trim()) => Class::Abbreviations,
            Style::Bold => Class::Bold,
            Style::ListName => Class::ListName,
        }
    }

    /// The class of a style's names (not abbreviations).
    fn names(style: Style) -> Class {
        match style {
            Style::Abbr => Class::Abbreviations,
            Style::Bold => Class::Bold,
            Style::ListName => Class::ListName,
            Style::NameTime => Class::NameTime,
        }
    }
}

/// What repeats: the person a label names, else the label (in any case but
/// for abbreviations).
fn usage_key(cand: &Candidate, verdict: Verdict) -> String {
    match (verdict, cand.style) {
        (Verdict::Person(p), _) => p.to_string(),
        (_, Style::Abbr) => cand.label.trim().to_string(),
        _ => fold(&cand.label),
    }
}

/// The candidates that are turns of speech, in order.
///
/// A candidate is a turn when its label names a known person, or when its
/// style repeats through the note:
///
/// - [`Style::Abbr`] (`ABL: text`, label of 1–5 upper-case letters and digits
///   starting with a letter): a person when the label is in
///   [`Known::abbreviations`] (as written, then in any case); else, unless it
///   is a prose marker (`NOTE`, `TODO`, `Q`, `A`, `PR`, `AI`, `PS`, …), when
///   it is the initials of exactly one known name (see below), or a written
///   form of one (`DANA`). Otherwise a turn with the label as speaker when at
///   least two labels are each used twice and four such candidates are in
///   the note; a label with a digit (`ES6`) never is.
///   Initials: of every word of the name (`NRO` for Nora R. Ortiz, `ZAN`),
///   with hyphenated words split, without lower-case particles, of the first
///   and last word (`MS` for Mia Holt Serra); and only when none of these
///   matches anyone, the first initial, the last name's initial and one later
///   letter of the last name (`SDZ` for Sol Diaz). A label that is the
///   initials of two people names no one.
/// - [`Style::Bold`] and [`Style::ListName`]: a person when the label is a
///   written form in [`Known::names`] (any case, `@` optional); a label
///   written like an abbreviation (`**BT**: …`, `* BT: …`) is then judged as
///   [`Style::Abbr`] is. Otherwise a turn with the label as speaker when the
///   label looks like a name (1–4 words starting with letters, the first
///   capitalised when several, all but particles when more than two;
///   `Speaker 2`), is not prose (`Summary`, `Next steps`, `Link`, …, also by
///   its first word: `Action item for Bo`), its text does not end with a link
///   or an issue reference (an agenda item: `* doc: fix a typo (#4211)`),
///   and its style repeats: three such candidates, two distinct labels (or
///   people), one of them used twice. Names and abbreviations repeat
///   separately: `* BV: …` items make no topic list (`* Linking: …`) into
///   turns; abbreviation labels in bold or in lists repeat with those of
///   [`Style::Abbr`], and are speakers also when the style's names repeat.
/// - [`Style::NameTime`]: the stamp must read as a clock ([`parse_clock`]); a
///   person as for `Bold`, else a turn with the label as speaker when the note
///   has two such candidates.
///
/// A candidate that could only be a speaker by repetition and whose text is
/// a bare number (`SF: 12`, a poll's tally) is not a turn. Prose markers and
/// prose labels count towards no repetition. A written form or abbreviation
/// claimed by two different people names no one (the label may still be a
/// speaker by repetition). Linear in the candidates and the known names.
pub fn decide(cands: &[Candidate], known: &Known) -> Vec<MinuteTurn> {
    if cands.is_empty() {
        return Vec::new();
    }
    let index = Index::new(known);
    let verdicts: Vec<Verdict> = cands.iter().map(|c| judge(c, &index)).collect();
    let mut usage: HashMap<Class, Usage> = HashMap::new();
    for (cand, verdict) in cands.iter().zip(&verdicts) {
        if *verdict != Verdict::No {
            usage
                .entry(Class::of(cand))
                .or_default()
                .add(usage_key(cand, *verdict));
        }
    }
    let repeats = |class: Class| usage.get(&class).is_some_and(|u| u.repeats(class));
    cands
        .iter()
        .zip(verdicts)
        .filter_map(|(cand, verdict)| {
            let (speaker, is_person) = match verdict {
                Verdict::Person(p) => (p.to_string(), true),
                Verdict::Maybe if repeats(Class::of(cand)) || repeats(Class::names(cand.style)) => {
                    (cand.label.trim().to_string(), false)
                }
                _ => return None,
            };
            let timed = cand.style == Style::NameTime;
            Some(MinuteTurn {
                line: cand.line,
                label: cand.label.clone(),
                speaker,
                is_person,
                text: cand.text.clone(),
                seconds: if timed {
                    cand.stamp.as_deref().and_then(parse_clock)
                } else {
                    None
                },
                stamp: if timed { cand.stamp.clone() } else { None },
            })
        })
        .collect()
}

/// `0:03`, `12:07`, `1:02:03` → seconds.
///
/// `M:SS` or `H:MM:SS` (minutes up to four digits, hours up to three), with
/// an optional fraction after `.` or `,` (`0:03.5`); white space around is
/// ignored. Minutes and seconds after the first field must be below 60.
pub fn parse_clock(s: &str) -> Option<f64> {
    let s = s.trim();
    let clock = s.split(['.', ',']).next()?;
    let fields: Vec<&str> = clock.split(':').collect();
    // a spoken clock's seconds stop at 59 (a recorder's may round to 60), and
    // its hours take at most three digits
    if fields.last().is_some_and(|x| *x == "60") || (fields.len() == 3 && fields[0].len() > 3) {
        return None;
    }
    crate::parse::transcript::parse_stamp(s).map(|(secs, _)| secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn cand(line: usize, style: Style, label: &str, text: &str) -> Candidate {
        Candidate {
            line,
            label: label.to_string(),
            style,
            text: text.to_string(),
            stamp: None,
        }
    }

    fn abbr(line: usize, label: &str) -> Candidate {
        cand(line, Style::Abbr, label, "words")
    }

    fn timed(line: usize, label: &str, stamp: &str) -> Candidate {
        Candidate {
            stamp: Some(stamp.to_string()),
            ..cand(line, Style::NameTime, label, "said this")
        }
    }

    fn known() -> Known {
        Known {
            abbreviations: pairs(&[
                ("ABL", "Ana Lima"),
                ("QX", "Quentin Xu"),
                ("PR", "Priya Rao"),
            ]),
            names: pairs(&[
                ("Ana Lima", "Ana Lima"),
                ("Ana", "Ana Lima"),
                ("@alima", "Ana Lima"),
                ("Bo Chen", "Bo Chen"),
                ("Bo", "Bo Chen"),
                ("Nora R. Ortiz", "Nora R. Ortiz"),
                ("Otto Brandt-Kerr", "Otto Brandt-Kerr"),
                ("Trina van Dijk", "Trina van Dijk"),
                ("Mia Holt Serra", "Mia Holt Serra"),
                ("Sol Diaz", "Sol Diaz"),
                ("Zoë Ødegaard", "Zoë Ødegaard"),
            ]),
        }
    }

    /// (line, speaker, is_person) of each turn.
    fn who(turns: &[MinuteTurn]) -> Vec<(usize, &str, bool)> {
        turns
            .iter()
            .map(|t| (t.line, t.speaker.as_str(), t.is_person))
            .collect()
    }

    #[test]
    fn stop_lists_are_sorted_and_cased() {
        let mut sorted = LABEL_STOP.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, LABEL_STOP, "LABEL_STOP is searched by bisection");
        assert!(LABEL_STOP.iter().all(|s| *s == fold(s)));
        assert!(ABBR_STOP.iter().all(|s| is_abbr_label(s)));
    }

    #[test]
    fn parse_clock_forms() {
        assert_eq!(parse_clock("0:03"), Some(3.0));
        assert_eq!(parse_clock("12:07"), Some(727.0));
        assert_eq!(parse_clock("1:02:03"), Some(3723.0));
        assert_eq!(parse_clock("01:02:03"), Some(3723.0));
        assert_eq!(parse_clock(" 95:00 "), Some(5700.0));
        assert_eq!(parse_clock("0:03.5"), Some(3.5));
        assert_eq!(parse_clock("0:03,25"), Some(3.25));
        assert_eq!(parse_clock("100:02:03"), Some(360_123.0));
        for bad in [
            "",
            ":",
            "3",
            "0:3",
            "0:60",
            "1:60:00",
            "a:00",
            "0:0x",
            "1:2:3",
            "0:00:00:00",
            "-1:00",
            "0:03.",
            "0:03.x",
            "12345:00",
            "1000:00:00",
            "0 :03",
            "０:03",
            "1:02:03.1234567890",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn abbreviation_table_names_people() {
        let k = known();
        let c = vec![abbr(3, "ABL"), abbr(5, "abl"), abbr(7, "QX")];
        let t = decide(&c, &k);
        assert_eq!(
            who(&t),
            vec![(3, "Ana Lima", true), (7, "Quentin Xu", true)],
            "a lower-case label is not an abbreviation label"
        );
        assert_eq!(t[0].label, "ABL");
        assert_eq!(t[0].text, "words");
        assert_eq!(t[0].seconds, None);
        assert_eq!(t[0].stamp, None);
    }

    #[test]
    fn abbreviation_table_any_case() {
        let k = Known {
            abbreviations: pairs(&[("Abl", "Ana Lima")]),
            names: vec![],
        };
        assert_eq!(
            who(&decide(&[abbr(1, "ABL")], &k)),
            vec![(1, "Ana Lima", true)]
        );
    }

    #[test]
    fn table_overrides_the_stop_list() {
        let k = known();
        // `PR` is a prose marker, but this note's table gives it to a person.
        assert_eq!(
            who(&decide(&[abbr(1, "PR")], &k)),
            vec![(1, "Priya Rao", true)]
        );
        assert!(decide(&[abbr(1, "PR")], &Known::default()).is_empty());
    }

    #[test]
    fn initials_of_known_names() {
        let k = known();
        let labels = [
            ("BC", "Bo Chen"),
            ("NRO", "Nora R. Ortiz"),
            ("OBK", "Otto Brandt-Kerr"),
            ("OB", "Otto Brandt-Kerr"),
            ("TVD", "Trina van Dijk"),
            ("TD", "Trina van Dijk"),
            ("MHS", "Mia Holt Serra"),
            ("MS", "Mia Holt Serra"),
            ("SDZ", "Sol Diaz"),
            ("SDA", "Sol Diaz"),
            ("ZØ", "Zoë Ødegaard"),
        ];
        for (label, person) in labels {
            assert_eq!(
                who(&decide(&[abbr(1, label)], &k)),
                vec![(1, person, true)],
                "{label}"
            );
        }
        // Not initials of anyone, used once: prose.
        for label in ["XY", "SDQ", "NRX", "BCX", "ANA1"] {
            assert!(decide(&[abbr(1, label)], &k).is_empty(), "{label}");
        }
    }

    #[test]
    fn a_first_name_in_capitals_is_a_person() {
        let k = known();
        assert_eq!(
            who(&decide(&[abbr(1, "BO")], &k)),
            vec![(1, "Bo Chen", true)]
        );
    }

    #[test]
    fn initials_shared_by_two_people_name_no_one() {
        let k = Known {
            abbreviations: vec![],
            names: pairs(&[("Kai Moss", "Kai Moss"), ("Kim Mori", "Kim Mori")]),
        };
        assert!(decide(&[abbr(1, "KM")], &k).is_empty());
        // ... but a repeating style still makes it a speaker.
        let c = [abbr(1, "KM"), abbr(2, "JT"), abbr(3, "KM"), abbr(4, "JT")];
        assert_eq!(
            who(&decide(&c, &k)),
            vec![
                (1, "KM", false),
                (2, "JT", false),
                (3, "KM", false),
                (4, "JT", false)
            ]
        );
    }

    #[test]
    fn tight_initials_beat_loose_ones() {
        // `SDA` is Sam Dale Abbott's initials and a loose form of Sol Diaz.
        let k = Known {
            abbreviations: vec![],
            names: pairs(&[
                ("Sol Diaz", "Sol Diaz"),
                ("Sam Dale Abbott", "Sam Dale Abbott"),
            ]),
        };
        assert_eq!(
            who(&decide(&[abbr(1, "SDA")], &k)),
            vec![(1, "Sam Dale Abbott", true)]
        );
        assert_eq!(
            who(&decide(&[abbr(1, "SDZ")], &k)),
            vec![(1, "Sol Diaz", true)]
        );
    }

    #[test]
    fn stop_words_are_never_initials() {
        let k = Known {
            abbreviations: vec![],
            names: pairs(&[
                ("Alma Ito", "Alma Ito"),
                ("Tomas Oduya Dorn", "Tomas Oduya Dorn"),
                ("Quinn", "Quinn"),
            ]),
        };
        for label in ["AI", "TODO", "Q", "A"] {
            assert!(decide(&[abbr(1, label)], &k).is_empty(), "{label}");
        }
    }

    #[test]
    fn repeating_abbreviations_without_people() {
        let k = Known::default();
        let c = [
            abbr(1, "KW"),
            abbr(2, "JT"),
            abbr(3, "NOTE"),
            abbr(4, "KW"),
            abbr(5, "JT"),
            abbr(6, "RM"),
            abbr(7, "TODO"),
            abbr(8, "Q"),
            abbr(9, "A"),
            abbr(10, "ES6"),
        ];
        assert_eq!(
            who(&decide(&c, &k)),
            vec![
                (1, "KW", false),
                (2, "JT", false),
                (4, "KW", false),
                (5, "JT", false),
                (6, "RM", false),
            ]
        );
    }

    #[test]
    fn abbreviations_that_do_not_repeat_enough() {
        let k = Known::default();
        // One label used twice, one once: four in all but one repeated.
        let c = [abbr(1, "KW"), abbr(2, "KW"), abbr(3, "JT"), abbr(4, "RM")];
        assert!(decide(&c, &k).is_empty());
        // Two repeated labels but only... four is enough.
        let c = [abbr(1, "KW"), abbr(2, "KW"), abbr(3, "JT"), abbr(4, "JT")];
        assert_eq!(decide(&c, &k).len(), 4);
        // Stop-listed labels do not make the count.
        let c = [
            abbr(1, "KW"),
            abbr(2, "KW"),
            abbr(3, "NOTE"),
            abbr(4, "NOTE"),
            abbr(5, "JT"),
        ];
        assert!(decide(&c, &k).is_empty());
        // Q and A repeating are still no speakers.
        let c = [abbr(1, "Q"), abbr(2, "A"), abbr(3, "Q"), abbr(4, "A")];
        assert!(decide(&c, &k).is_empty());
    }

    #[test]
    fn malformed_abbreviation_labels() {
        let k = known();
        for label in ["", "1AB", "ABCDEF", "A B", "AB-C", "ab", "Ab"] {
            let c = [abbr(1, label), abbr(2, label), abbr(3, "KW"), abbr(4, "KW")];
            let t = decide(&c, &k);
            assert!(t.iter().all(|t| t.label != label), "{label:?}");
        }
    }

    #[test]
    fn bold_and_list_names_of_known_people() {
        let k = known();
        let c = [
            cand(1, Style::Bold, "Ana Lima", "Opening words."),
            cand(2, Style::Bold, "bo", "Reply."),
            cand(3, Style::ListName, "Ana", "More."),
            cand(4, Style::ListName, "@alima", "Handle."),
            cand(5, Style::ListName, "alima", "Bare handle."),
            cand(6, Style::Bold, "ABL", "Abbreviation in bold."),
            cand(7, Style::Bold, "Summary", "Prose."),
            cand(8, Style::Bold, "Stranger", "Once."),
            cand(9, Style::Bold, "  Bo   Chen ", "Spaces."),
            cand(10, Style::ListName, "Stranger", "Once."),
        ];
        assert_eq!(
            who(&decide(&c, &k)),
            vec![
                (1, "Ana Lima", true),
                (2, "Bo Chen", true),
                (3, "Ana Lima", true),
                (4, "Ana Lima", true),
                (5, "Ana Lima", true),
                (6, "Ana Lima", true),
                // Bold repeats (Ana Lima and Bo Chen twice each), and so do
                // list names (Ana Lima three times): a new name is a speaker.
                (8, "Stranger", false),
                (9, "Bo Chen", true),
                (10, "Stranger", false),
            ]
        );
    }

    #[test]
    fn a_known_name_beats_the_stop_list() {
        let k = Known {
            abbreviations: vec![],
            names: pairs(&[("Summary", "Summer Yates")]),
        };
        let c = [cand(1, Style::Bold, "summary", "x")];
        assert_eq!(who(&decide(&c, &k)), vec![(1, "Summer Yates", true)]);
    }

    #[test]
    fn ambiguous_first_names_name_no_one() {
        let k = Known {
            abbreviations: vec![],
            names: pairs(&[
                ("Max", "Max Roy"),
                ("Max", "Max Ueda"),
                ("Max Roy", "Max Roy"),
            ]),
        };
        assert!(decide(&[cand(1, Style::Bold, "Max", "x")], &k).is_empty());
        assert_eq!(
            who(&decide(&[cand(1, Style::Bold, "max roy", "x")], &k)),
            vec![(1, "Max Roy", true)]
        );
    }

    #[test]
    fn repeating_bold_names_without_people() {
        let k = Known::default();
        let c = [
            cand(2, Style::Bold, "Wren", "a"),
            cand(4, Style::Bold, "Agenda", "b"),
            cand(6, Style::Bold, "Kofi Mensah", "c"),
            cand(8, Style::Bold, "Wren", "d"),
            cand(10, Style::Bold, "Next steps", "e"),
            cand(12, Style::Bold, "Link", "f"),
            cand(14, Style::Bold, "Action item for Wren", "g"),
        ];
        assert_eq!(
            who(&decide(&c, &k)),
            vec![
                (2, "Wren", false),
                (6, "Kofi Mensah", false),
                (8, "Wren", false)
            ]
        );
    }

    #[test]
    fn bold_style_that_does_not_repeat() {
        let k = Known::default();
        // Three distinct labels: none used twice.
        let c = [
            cand(1, Style::Bold, "Wren", "a"),
            cand(2, Style::Bold, "Kofi", "b"),
            cand(3, Style::Bold, "Ines", "c"),
        ];
        assert!(decide(&c, &k).is_empty());
        // One label only.
        let c = [
            cand(1, Style::Bold, "Wren", "a"),
            cand(2, Style::Bold, "Wren", "b"),
            cand(3, Style::Bold, "Wren", "c"),
        ];
        assert!(decide(&c, &k).is_empty());
        // Two candidates.
        let c = [
            cand(1, Style::Bold, "Wren", "a"),
            cand(2, Style::Bold, "Kofi", "b"),
        ];
        assert!(decide(&c, &k).is_empty());
    }

    #[test]
    fn styles_repeat_separately() {
        let k = Known::default();
        let c = [
            cand(1, Style::Bold, "Wren", "a"),
            cand(2, Style::ListName, "Wren", "b"),
            cand(3, Style::Bold, "Kofi", "c"),
            cand(4, Style::ListName, "Kofi", "d"),
        ];
        assert!(decide(&c, &k).is_empty());
        let c = [
            cand(1, Style::ListName, "Wren", "a"),
            cand(2, Style::ListName, "Kofi", "b"),
            cand(3, Style::ListName, "wren", "c"),
        ];
        assert_eq!(
            who(&decide(&c, &k)),
            vec![(1, "Wren", false), (2, "Kofi", false), (3, "wren", false)]
        );
    }

    #[test]
    fn prose_labels_are_not_names() {
        for label in [
            "Q1",
            "2024 plan",
            "See https",
            "Ana & Bo",
            "a very long label of many words",
            "open question",
            "Note",
            "NOTES",
            "Next Steps",
            "Action Items",
            "Link to slides",
            "",
            "   ",
        ] {
            let c = [
                cand(1, Style::ListName, label, "a"),
                cand(2, Style::ListName, label, "b"),
                cand(3, Style::ListName, "Wren", "c"),
                cand(4, Style::ListName, "Wren", "d"),
            ];
            let t = decide(&c, &Known::default());
            assert!(t.iter().all(|t| t.label != label), "{label:?}");
        }
        for label in [
            "Trina van Dijk",
            "Ana-Maria",
            "O'Neil",
            "J. Wren",
            "zed",
            "Zoë Ødegaard",
        ] {
            assert!(is_name_label(label), "{label}");
        }
    }

    #[test]
    fn tallies_and_agenda_items_are_not_turns() {
        let k = Known::default();
        // A poll: `SF: 3`, `F: 10`, ... in a note with no people.
        let c: Vec<Candidate> = ["SF", "F", "N", "A", "SA", "SF", "F"]
            .iter()
            .enumerate()
            .map(|(i, l)| cand(i + 1, Style::ListName, l, "12"))
            .collect();
        assert!(decide(&c, &k).is_empty());
        let c: Vec<Candidate> = ["KW", "JT", "KW", "JT"]
            .iter()
            .enumerate()
            .map(|(i, l)| cand(i + 1, Style::Abbr, l, " 4 "))
            .collect();
        assert!(decide(&c, &k).is_empty());
        // A known person may answer with a number.
        assert_eq!(
            who(&decide(&[cand(1, Style::Abbr, "ABL", "42")], &known())),
            vec![(1, "Ana Lima", true)]
        );
        // Agenda items ending in an issue reference or a link.
        let c = [
            cand(
                1,
                Style::ListName,
                "doc",
                "fix a typo [#4211](https://example.org/pull/4211)",
            ),
            cand(2, Style::ListName, "lib", "faster buffers (#4212)."),
            cand(3, Style::ListName, "doc", "see https://example.org/x"),
            cand(4, Style::ListName, "lib", "tidy up #77"),
        ];
        assert!(decide(&c, &k).is_empty());
        assert!(!is_reference("issue #7 was discussed at length"));
        assert!(!is_reference("we need C# bindings"));
        assert!(!is_reference(""));
        assert!(
            is_tally("75%") && is_tally("1,200") && !is_tally("3 + 2 in chat") && !is_tally("")
        );
    }

    #[test]
    fn abbreviation_labels_in_bold_and_lists() {
        let k = known();
        let c = [
            cand(1, Style::ListName, "BC", "initials"),
            cand(2, Style::Bold, "NRO", "initials"),
            cand(3, Style::ListName, "AI", "an action item"),
            cand(4, Style::ListName, "QX", "table"),
        ];
        assert_eq!(
            who(&decide(&c, &k)),
            vec![
                (1, "Bo Chen", true),
                (2, "Nora R. Ortiz", true),
                (4, "Quentin Xu", true)
            ]
        );
    }

    #[test]
    fn label_shapes() {
        for label in [
            "Speaker 2",
            "guest 12",
            "Tim beiko",
            "Ana Lima",
            "Trina van Dijk",
            "Alex V",
        ] {
            assert!(is_name_label(label), "{label}");
        }
        for label in [
            "Speaker",
            "Stage 3",
            "Speaker 1234",
            "Trait alias semantics",
            "tim Beiko",
            "Q1",
        ] {
            assert!(label == "Speaker" || !is_name_label(label), "{label}");
        }
        for label in [
            "Note-taker",
            "note taker",
            "Action item scribe",
            "Team members",
            "If not in a decision period",
        ] {
            assert!(is_label_stop(&fold(label)), "{label}");
        }
        for label in ["Ana", "Jean-Luc", "Notley"] {
            assert!(!is_label_stop(&fold(label)), "{label}");
        }
    }

    #[test]
    fn names_and_abbreviations_repeat_separately() {
        let k = Known::default();
        let c = [
            cand(1, Style::ListName, "BV", "a"),
            cand(2, Style::ListName, "DG", "b"),
            cand(3, Style::ListName, "BV", "c"),
            cand(4, Style::ListName, "DG", "d"),
            cand(5, Style::ListName, "Linking", "e"),
            cand(6, Style::ListName, "Waitqueue", "f"),
            cand(7, Style::ListName, "Performance", "g"),
        ];
        assert_eq!(
            who(&decide(&c, &k)),
            vec![
                (1, "BV", false),
                (2, "DG", false),
                (3, "BV", false),
                (4, "DG", false)
            ]
        );
        // List abbreviations repeat together with paragraph ones.
        let c = [
            abbr(1, "BV"),
            cand(2, Style::ListName, "DG", "b"),
            abbr(3, "BV"),
            cand(4, Style::ListName, "DG", "d"),
        ];
        assert_eq!(decide(&c, &k).len(), 4);
        // An abbreviation in bold is a speaker when bold names repeat.
        let c = [
            cand(1, Style::Bold, "Wren", "a"),
            cand(2, Style::Bold, "Kofi", "b"),
            cand(3, Style::Bold, "Wren", "c"),
            cand(4, Style::Bold, "VB", "d"),
        ];
        assert_eq!(decide(&c, &k).len(), 4);
    }

    #[test]
    fn name_time_turns() {
        let k = known();
        let c = [
            timed(1, "Ana Lima", "0:03"),
            timed(4, "Speaker 2", "1:02:03"),
            timed(7, "Kofi", "12:07"),
            timed(9, "Kofi", "soon"),
        ];
        let t = decide(&c, &k);
        assert_eq!(
            who(&t),
            vec![
                (1, "Ana Lima", true),
                (4, "Speaker 2", false),
                (7, "Kofi", false)
            ]
        );
        assert_eq!(t[0].seconds, Some(3.0));
        assert_eq!(t[0].stamp.as_deref(), Some("0:03"));
        assert_eq!(t[1].seconds, Some(3723.0));
        assert_eq!(t[2].seconds, Some(727.0));
        assert_eq!(t[2].text, "said this");
    }

    #[test]
    fn a_lone_name_time_line_is_prose_unless_known() {
        let k = known();
        assert!(decide(&[timed(1, "Kofi", "0:03")], &k).is_empty());
        assert!(decide(&[timed(1, "Time", "0:03"), timed(2, "Date", "1:00")], &k).is_empty());
        assert_eq!(
            who(&decide(&[timed(1, "Bo", "0:03")], &k)),
            vec![(1, "Bo Chen", true)]
        );
        let mut no_stamp = timed(1, "Bo", "0:03");
        no_stamp.stamp = None;
        assert!(decide(&[no_stamp], &k).is_empty());
    }

    #[test]
    fn mixed_styles_keep_order() {
        let k = known();
        let c = [
            cand(9, Style::Bold, "Ana", "b"),
            abbr(3, "ABL"),
            cand(5, Style::ListName, "Bo", "l"),
        ];
        assert_eq!(
            who(&decide(&c, &k)),
            vec![
                (9, "Ana Lima", true),
                (3, "Ana Lima", true),
                (5, "Bo Chen", true)
            ]
        );
    }

    #[test]
    fn empty_inputs() {
        assert!(decide(&[], &known()).is_empty());
        let k = Known {
            abbreviations: pairs(&[("", ""), ("AB", ""), ("", "Ana Lima")]),
            names: pairs(&[("", ""), ("  ", "Bo"), ("X", "")]),
        };
        assert!(decide(&[abbr(1, "AB"), cand(2, Style::Bold, "X", "")], &k).is_empty());
    }

    #[test]
    fn many_people_and_candidates() {
        let names: Vec<(String, String)> = (0..2000)
            .map(|i| {
                let n = format!("Person{i} Family{i}");
                (n.clone(), n)
            })
            .collect();
        let k = Known {
            abbreviations: vec![],
            names,
        };
        let c: Vec<Candidate> = (0..20_000)
            .map(|i| {
                cand(
                    i + 1,
                    Style::Bold,
                    &format!("Person{} Family{}", i % 2000, i % 2000),
                    "x",
                )
            })
            .collect();
        let t = decide(&c, &k);
        assert_eq!(t.len(), 20_000);
        assert!(t.iter().all(|t| t.is_person));
    }

    fn any_style() -> impl Strategy<Value = Style> {
        prop_oneof![
            Just(Style::Abbr),
            Just(Style::Bold),
            Just(Style::ListName),
            Just(Style::NameTime),
        ]
    }

    fn any_candidate() -> impl Strategy<Value = Candidate> {
        (
            0usize..1000,
            prop_oneof![
                "\\PC{0,12}",
                "[A-Z]{1,5}",
                "(Ana|Bo|NOTE|Note|Wren|ABL|Ana Lima)",
                "[A-Z][a-z]{1,6}( [A-Z][a-z]{1,6}){0,3}",
            ],
            any_style(),
            "\\PC{0,10}",
            proptest::option::of(prop_oneof!["\\PC{0,8}", "[0-9]{1,3}(:[0-9]{2}){1,2}"]),
        )
            .prop_map(|(line, label, style, text, stamp)| Candidate {
                line,
                label,
                style,
                text,
                stamp,
            })
    }

    proptest! {
        #[test]
        fn decide_never_panics(
            cands in proptest::collection::vec(any_candidate(), 0..40),
            abbrs in proptest::collection::vec(("\\PC{0,6}", "\\PC{0,12}"), 0..6),
            names in proptest::collection::vec(("\\PC{0,12}", "\\PC{0,12}"), 0..6),
        ) {
            let k = Known { abbreviations: abbrs, names };
            let turns = decide(&cands, &k);
            prop_assert!(turns.len() <= cands.len());
            // Turns are a subsequence of the candidates.
            let mut it = cands.iter();
            for t in &turns {
                prop_assert!(it.any(|c| c.line == t.line && c.label == t.label && c.text == t.text));
                prop_assert_eq!(t.seconds.is_some(), t.stamp.is_some());
            }
            prop_assert_eq!(decide(&cands, &k), turns, "deterministic");
        }

        #[test]
        fn parse_clock_never_panics(s in "\\PC{0,16}") {
            if let Some(v) = parse_clock(&s) {
                prop_assert!(v.is_finite() && v >= 0.0);
            }
        }

        #[test]
        fn parse_clock_round_trips(h in 0u64..1000, m in 0u64..60, s in 0u64..60) {
            let v = parse_clock(&format!("{h}:{m:02}:{s:02}"));
            prop_assert_eq!(v, Some((h * 3600 + m * 60 + s) as f64));
            let v = parse_clock(&format!("{m}:{s:02}"));
            prop_assert_eq!(v, Some((m * 60 + s) as f64));
        }
    }
}
