//! Property test of publish profiles: vaults with canaries in random places
//! and spellings, built under random profiles, never show a canary in any
//! output file or path (read case-insensitively, across whitespace, markup,
//! entities and escapes, by a reader written apart from minutebook's own).
//!
//! `MINUTEBOOK_LEAK_CASES=N` runs N cases instead of the default (a longer
//! fuzz run).

mod common;
use common::holds;
use minutebook::config::{Config, PeopleMode, Profile, TranscriptMode};
use proptest::prelude::*;
use std::path::PathBuf;

/// A made-up name: two capitalised words no theme or template writes.
fn name() -> impl Strategy<Value = (String, String)> {
    (
        "[B-DF-HJ-NP-TV-Z][aeiou][bcdfgklmnprstvz][aeiou][bcdfgklmnprstvz]{2}",
        "[B-DF-HJ-NP-TV-Z][aeiou][bcdfgklmnprstvz]{2}[aeiou][bcdfgklmnprstvz]q",
    )
}

/// How a two-word canary is written.
#[derive(Debug, Clone, Copy)]
enum Spelling {
    AsIs,
    Lower,
    Upper,
    Wrapped,
    QuoteWrapped,
    Bold,
    Entity,
    Tagged,
}

fn spelling() -> impl Strategy<Value = Spelling> {
    prop_oneof![
        Just(Spelling::AsIs),
        Just(Spelling::Lower),
        Just(Spelling::Upper),
        Just(Spelling::Wrapped),
        Just(Spelling::QuoteWrapped),
        Just(Spelling::Bold),
        Just(Spelling::Entity),
        Just(Spelling::Tagged),
    ]
}

fn spell(first: &str, last: &str, s: Spelling) -> String {
    match s {
        Spelling::AsIs => format!("{first} {last}"),
        Spelling::Lower => format!("{first} {last}").to_lowercase(),
        Spelling::Upper => format!("{first} {last}").to_uppercase(),
        Spelling::Wrapped => format!("{first}\n{last}"),
        Spelling::QuoteWrapped => format!("{first}\n> {last}"),
        Spelling::Bold => format!("**{first}** {last}"),
        Spelling::Entity => format!("{first}&nbsp;{last}"),
        Spelling::Tagged => format!("<b>{first}</b> {last}"),
    }
}

/// Where a canary goes in the published note.
#[derive(Debug, Clone, Copy)]
enum Place {
    Body,
    Quote,
    Task,
    Link,
    LinkShown,
    MdLink,
    Attachment,
    FrontmatterKey,
    FrontmatterValue,
    Transcript,
    Summary,
}

fn place() -> impl Strategy<Value = Place> {
    prop_oneof![
        Just(Place::Body),
        Just(Place::Quote),
        Just(Place::Task),
        Just(Place::Link),
        Just(Place::LinkShown),
        Just(Place::MdLink),
        Just(Place::Attachment),
        Just(Place::FrontmatterKey),
        Just(Place::FrontmatterValue),
        Just(Place::Transcript),
        Just(Place::Summary),
    ]
}

/// A canary placed: frontmatter lines, body lines, attachments.
#[derive(Default)]
struct Note {
    fm: Vec<String>,
    body: Vec<String>,
    transcript: Vec<String>,
    attachments: Vec<String>,
}

/// Put a person's name (a note of its own exists) somewhere.
fn put_person(n: &mut Note, first: &str, last: &str, place: Place, sp: Spelling) {
    let w = spell(first, last, sp);
    let one_line = spell(first, last, Spelling::AsIs);
    match place {
        Place::Body => n.body.push(format!("We met {w} today.")),
        Place::Quote => n
            .body
            .push(format!("> said by {}", w.replace('\n', "\n> "))),
        Place::Task => n.body.push(format!("- [ ] call {w} @{one_line}")),
        Place::Link => n.body.push(format!("See [[{}]].", one_line.to_lowercase())),
        Place::LinkShown => n.body.push(format!("See [[{one_line}|{first}]].")),
        Place::MdLink => n
            .body
            .push(format!("See [x](../People/{first}%20{last}.md).")),
        Place::Attachment => {
            let f = format!(
                "Attachments/{}-{}.png",
                first.to_lowercase(),
                last.to_lowercase()
            );
            n.body.push(format!("![[{f}]]"));
            n.attachments.push(f);
        }
        Place::FrontmatterKey => n.fm.push(format!("\"{one_line}\": yes")),
        Place::FrontmatterValue => n.fm.push(format!("owner: \"[[{one_line}]]\"")),
        Place::Transcript => n.transcript.push(format!(
            "[00:00:0{}] {} : fine by me",
            n.transcript.len() % 10,
            one_line.to_uppercase()
        )),
        Place::Summary => n.body.push(format!("## Summary\n{w} decided.")),
    }
}

/// Mention a removed note by a link that shows other words.
fn put_removed(n: &mut Note, title: &str, place: Place) {
    match place {
        Place::FrontmatterValue | Place::FrontmatterKey => {
            n.fm.push(format!("related: \"[[{title}|the plan]]\""))
        }
        Place::Task => n.body.push(format!("- [ ] read [[{title}|the plan]]")),
        Place::MdLink => n.body.push(format!(
            "[the plan](../Plans/{}.md)",
            title.replace(' ', "%20")
        )),
        Place::Attachment | Place::Link => n.body.push(format!("![[{title}]]")),
        Place::Summary => n.body.push(format!("## Summary\nAbout [[{title}|it]].")),
        _ => n
            .body
            .push(format!("About [[{}|the plan]].", title.to_lowercase())),
    }
}

#[derive(Debug, Clone)]
struct Case {
    person: (String, String),
    person_places: Vec<(Place, Spelling)>,
    removed: (String, String),
    removed_places: Vec<Place>,
    code: (String, String),
    code_places: Vec<(Place, Spelling)>,
    people: PeopleMode,
    transcripts: TranscriptMode,
    drop_section: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        name(),
        proptest::collection::vec((place(), spelling()), 1..5),
        name(),
        proptest::collection::vec(place(), 0..3),
        name(),
        proptest::collection::vec((place(), spelling()), 0..3),
        prop_oneof![Just(PeopleMode::Pseudonym), Just(PeopleMode::Initials)],
        prop_oneof![Just(TranscriptMode::Keep), Just(TranscriptMode::Drop)],
        any::<bool>(),
    )
        .prop_map(
            |(
                person,
                person_places,
                removed,
                removed_places,
                code,
                code_places,
                people,
                transcripts,
                drop_section,
            )| Case {
                person,
                person_places,
                removed,
                removed_places,
                code,
                code_places,
                people,
                transcripts,
                drop_section,
            },
        )
}

/// The vault of a case: a person note, a removed plan, a published meeting.
/// Notes (path, bytes) of a vault held in memory.
type Notes = Vec<(String, Vec<u8>)>;

fn vault(c: &Case) -> (Notes, Vec<String>, Vec<String>) {
    let (pf, pl) = (&c.person.0, &c.person.1);
    let removed = format!("{} {}", c.removed.0, c.removed.1);
    let mut n = Note::default();
    for (p, s) in &c.person_places {
        put_person(&mut n, pf, pl, *p, *s);
    }
    for p in &c.removed_places {
        put_removed(&mut n, &removed, *p);
    }
    // the code word: a redact pattern; a person-like place for it is a plain mention
    for (p, s) in &c.code_places {
        put_person(&mut n, &c.code.0, &c.code.1, *p, *s);
    }
    let secret = "Kept out: the hidden clause";
    if c.drop_section {
        n.body.push(format!("## Open questions\n- {secret} {}", pf));
    }
    let mut text = format!(
        "---\ndate: 2025-03-04\nattendees: [\"[[{pf} {pl}]]\"]\n{}\n---\n# Sync\n\nKEEP-BODY-MARKER\n\n{}\n",
        n.fm.join("\n"),
        n.body.join("\n\n")
    );
    if !n.transcript.is_empty() {
        text.push_str(&format!(
            "\n## Transcript\n\n```text\n{}\n```\n",
            n.transcript.join("\n")
        ));
    }
    let notes = vec![
        (
            format!("People/{pf} {pl}.md"),
            format!("---\ntype: person\n---\n# {pf} {pl}\n").into_bytes(),
        ),
        (
            format!("Plans/{removed}.md"),
            format!("---\nprivacy: private\n---\n# {removed}\n\nsecret plan\n").into_bytes(),
        ),
        ("Meetings/2025-03-04 Sync.md".to_string(), text.into_bytes()),
    ];
    let mut canaries = vec![
        format!("{pf} {pl}"),
        removed,
        format!("{} {}", c.code.0, c.code.1),
    ];
    if c.drop_section {
        canaries.push(secret.to_string());
    }
    (notes, n.attachments, canaries)
}

fn config(c: &Case) -> Config {
    let profile = Profile {
        unknown_privacy: "team".into(),
        people: c.people,
        pseudonym_salt: Some("pepper".into()),
        transcripts: c.transcripts,
        drop_sections: if c.drop_section {
            vec!["Open questions".into()]
        } else {
            Vec::new()
        },
        redact: vec![format!("(?i){} {}", c.code.0, c.code.1)],
        ..Profile::default()
    };
    Config {
        root: PathBuf::from("/nonexistent-minutebook-root"),
        vault: PathBuf::from("/nonexistent-minutebook-vault"),
        progress: false,
        profile: Some(("prop".into(), profile)),
        ..Config::default()
    }
}

fn cases() -> u32 {
    std::env::var("MINUTEBOOK_LEAK_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn no_canary_reaches_the_output(c in case()) {
        let (notes, attachments, canaries) = vault(&c);
        let cfg = config(&c);
        let out = minutebook::render_in_memory_with(&cfg, &notes, &attachments, true).expect("renders");
        let mut kept = false;
        for f in &out.files {
            let text = String::from_utf8_lossy(&f.bytes);
            kept |= text.contains("KEEP-BODY-MARKER");
            for k in &canaries {
                prop_assert!(!holds(&f.path, k), "{:?} in the path {}", k, f.path);
                prop_assert!(!holds(&text, k), "{:?} in {}", k, f.path);
            }
        }
        for (src, to) in &out.copies {
            for k in &canaries {
                prop_assert!(!holds(to, k), "{:?} in the path {} (from {})", k, to, src.display());
            }
        }
        prop_assert!(kept, "the meeting was published");
        // the guard agrees: nothing it was promised is in the output
        if let Some(g) = &out.guard {
            for f in &out.files {
                prop_assert!(g.scan(&f.path, &f.bytes).is_empty(), "the guard flags {}", f.path);
            }
        }
    }
}
