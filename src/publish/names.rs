//! People's names → their published form, by identity.
//!
//! Built from the *resolved* site, so it knows a person the way the rest of
//! minutebook does: by their canonical name, every alias and handle, and every
//! other spelling that resolved to them (a transcript label in capitals, a
//! first name alone in minutes, the shown text of a link to them). Names are
//! matched on a [folded](super::fold) view of the text: in any case, across
//! line breaks, emphasis, tags, entities, dashes and underscores.

use super::fold::{self, Mode};
use crate::config::{PeopleMode, Profile};
use crate::model::{Site, Target};
use aho_corasick::{AhoCorasick, MatchKind};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Names → published forms, and the matcher that finds them.
#[derive(Default)]
pub struct Names {
    /// Folded name → its published form.
    forms: BTreeMap<String, String>,
    /// Short names (three letters or fewer: initials such as `MC`, a first
    /// name such as `Jan`) match only as written, in that case: `md` in
    /// `README.md` is not `MD`.
    exact: BTreeMap<String, BTreeSet<String>>,
    /// Over the folded names, in `keys` order.
    matcher: Option<AhoCorasick>,
    keys: Vec<String>,
}

const ADJECTIVES: &[&str] = &[
    "Amber", "Azure", "Bold", "Brisk", "Calm", "Cedar", "Clever", "Coral", "Crimson", "Dapper",
    "Eager", "Ember", "Fair", "Fern", "Gentle", "Golden", "Hazel", "Honest", "Indigo", "Ivory",
    "Jade", "Jolly", "Keen", "Kind", "Lively", "Lucky", "Maple", "Merry", "Misty", "Noble",
    "Olive", "Onyx", "Pearl", "Plucky", "Quick", "Quiet", "Rapid", "Rosy", "Ruby", "Rustic",
    "Sable", "Sage", "Scarlet", "Silver", "Sly", "Solar", "Steady", "Stormy", "Sunny", "Swift",
    "Tawny", "Teal", "Tidy", "Umber", "Valiant", "Velvet", "Vivid", "Warm", "Wily", "Windy",
    "Witty", "Young", "Zesty", "Zinc",
];
const ANIMALS: &[&str] = &[
    "Albatross",
    "Antelope",
    "Badger",
    "Beaver",
    "Bison",
    "Bobcat",
    "Caribou",
    "Cheetah",
    "Condor",
    "Cougar",
    "Crane",
    "Dolphin",
    "Eagle",
    "Egret",
    "Falcon",
    "Ferret",
    "Finch",
    "Fox",
    "Gazelle",
    "Gecko",
    "Heron",
    "Ibis",
    "Jackal",
    "Jaguar",
    "Kestrel",
    "Koala",
    "Lemur",
    "Leopard",
    "Lynx",
    "Magpie",
    "Marten",
    "Meerkat",
    "Mole",
    "Moose",
    "Narwhal",
    "Newt",
    "Ocelot",
    "Osprey",
    "Otter",
    "Owl",
    "Panda",
    "Panther",
    "Pelican",
    "Puffin",
    "Quail",
    "Rabbit",
    "Raven",
    "Robin",
    "Salmon",
    "Seal",
    "Shrike",
    "Sparrow",
    "Stoat",
    "Swan",
    "Tapir",
    "Tern",
    "Tiger",
    "Toucan",
    "Turtle",
    "Vole",
    "Walrus",
    "Weasel",
    "Wombat",
    "Wren",
];

/// A pseudonym for `name`: keyed by the secret salt, so it cannot be guessed
/// from the name, and the same in every build with the same salt.
pub fn pseudonym(salt: &str, name: &str, attempt: u32) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h.update(name.trim().to_lowercase().as_bytes());
    h.update(attempt.to_le_bytes());
    let d = h.finalize();
    let a = ADJECTIVES[d[0] as usize % ADJECTIVES.len()];
    let b = ANIMALS[d[1] as usize % ANIMALS.len()];
    format!("{a} {b}")
}

/// `Dana Reyes` → `D. R.`
pub fn initials(name: &str) -> String {
    let parts: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect();
    if parts.is_empty() {
        "?".into()
    } else {
        parts.join(" ")
    }
}

/// A name of three letters or fewer.
fn short(folded: &str) -> bool {
    folded.chars().filter(|c| c.is_alphanumeric()).count() <= 3
}

/// Whether two names share a word (`Sam` and `Sam Okoro`), folded.
fn shares_word(a: &str, b: &str) -> bool {
    let b: BTreeSet<&str> = b.split(' ').filter(|w| w.chars().count() > 1).collect();
    a.split(' ').any(|w| b.contains(w))
}

/// A transcript label that reads like a person's name (`Dana Reyes`, not
/// `Jabra Speak 710` or `zoom.us`).
fn looks_like_a_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && s.chars().any(char::is_alphabetic)
        && !s
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '.' | '@' | '/' | ':' | '_'))
}

/// Everyone whose name the output must not show, each with every spelling
/// of their name: the site's people first (same order, same index) — their
/// name, aliases and handles, transcript labels and link texts that resolved
/// to them — then speakers only a transcript or a `speakers` map names.
pub fn identities(
    site: &Site,
    devices: &BTreeSet<String>,
    mapped: &[String],
) -> Vec<BTreeSet<String>> {
    let mut by_person: Vec<BTreeSet<String>> = site
        .people
        .iter()
        .map(|p| {
            std::iter::once(&p.name)
                .chain(&p.aliases)
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .collect();
    let mut by_name: BTreeMap<String, usize> = site
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.to_lowercase(), i))
        .collect();
    let by_note: BTreeMap<usize, usize> = site
        .people
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.note.map(|n| (n, i)))
        .collect();
    // someone no note names: a speaker label, a `speakers` map's value
    fn other(
        name: &str,
        by_name: &mut BTreeMap<String, usize>,
        by_person: &mut Vec<BTreeSet<String>>,
    ) {
        if let std::collections::btree_map::Entry::Vacant(e) = by_name.entry(name.to_lowercase()) {
            e.insert(by_person.len());
            by_person.push(std::iter::once(name.to_string()).collect());
        }
    }
    for m in mapped {
        other(m.trim(), &mut by_name, &mut by_person);
    }
    for n in &site.notes {
        // labels of minutes inferred from prose may be topics (`* iojs: …`);
        // a timed transcript's labels are speakers
        let timed = n.transcript.as_ref().is_some_and(|t| !t.inline);
        let voices = n.transcript.as_ref().map(|t| t.summary());
        for t in voices.iter().flat_map(|v| &v.voices) {
            let label = t.source.trim();
            if !t.parsed || label.is_empty() {
                continue;
            }
            let device = devices.contains(&label.to_lowercase());
            if timed && !t.is_person && !device && looks_like_a_name(label) {
                other(label, &mut by_name, &mut by_person);
            }
            if !t.is_person && device && looks_like_a_name(&t.speaker) {
                other(t.speaker.trim(), &mut by_name, &mut by_person);
            }
            if t.is_person && !device {
                if let Some(&p) = by_name.get(&t.speaker.to_lowercase()) {
                    by_person[p].insert(label.to_string());
                }
            }
        }
        for l in &n.links {
            let person = match &l.to {
                Target::Person(p) => Some(*p),
                Target::Note { note, .. } => by_note.get(note).copied(),
                _ => None,
            };
            let (Some(p), Some(shown)) = (person, &l.alias) else {
                continue;
            };
            // the shown text of a link to a person, when it is a part of their name
            let name = fold::key(&site.people[p].name, Mode::NAMES);
            if shares_word(&fold::key(shown, Mode::NAMES), &name) {
                by_person[p].insert(shown.trim().to_string());
            }
        }
    }
    by_person
}

impl Names {
    /// The names of `site`'s people and their published forms under `p`.
    /// Nothing to replace when the profile keeps people's names.
    pub fn new(site: &Site, p: &Profile, devices: &BTreeSet<String>, mapped: &[String]) -> Names {
        if p.people == PeopleMode::Keep {
            return Names::default();
        }
        let salt = p.pseudonym_salt.clone().unwrap_or_default();
        let everyone = identities(site, devices, mapped);
        let canonical = |i: usize| -> String {
            match site.people.get(i) {
                Some(x) => x.name.clone(),
                None => everyone[i].first().cloned().unwrap_or_default(),
            }
        };
        let mut order: Vec<usize> = (0..everyone.len()).collect();
        order.sort_by_key(|&i| canonical(i));
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        let mut person_form: Vec<String> = vec![String::new(); everyone.len()];
        for &i in &order {
            let name = &canonical(i);
            let mut attempt = 0;
            person_form[i] = loop {
                let f = match p.people {
                    PeopleMode::Pseudonym => pseudonym(&salt, name, attempt),
                    _ => initials(name),
                };
                let n = used.entry(f.clone()).or_insert(0);
                *n += 1;
                if *n == 1 {
                    break f;
                }
                if p.people == PeopleMode::Initials {
                    break format!("{f} ({n})");
                }
                attempt += 1;
                if attempt > 64 {
                    break format!("{f} {attempt}");
                }
            };
        }
        // a spelling several people share goes to the redaction text
        let mut owners: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        let mut exact: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (i, names) in everyone.iter().enumerate() {
            for n in names {
                let k = fold::key(n, Mode::NAMES);
                if k.chars().any(char::is_alphanumeric) {
                    if short(&k) {
                        exact
                            .entry(k.clone())
                            .or_default()
                            .insert(n.trim().to_string());
                    }
                    owners.entry(k).or_default().insert(i);
                }
            }
        }
        let forms: BTreeMap<String, String> = owners
            .into_iter()
            .map(|(k, who)| {
                let form = match who.len() {
                    1 => who
                        .first()
                        .map(|&i| person_form[i].clone())
                        .unwrap_or_default(),
                    _ => p.redact_with.clone(),
                };
                (k, form)
            })
            .collect();
        let keys: Vec<String> = forms.keys().cloned().collect();
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&keys)
            .ok();
        Names {
            forms,
            exact,
            matcher,
            keys,
        }
    }

    /// Every folded spelling of a person's name that the leak guard looks
    /// for: full names, and single words of six letters or more (a handle
    /// such as `trevnorris`). Not shorter ones, which occur by chance: `MC`,
    /// `Jan 28`, the stem `mark` of `marked` in the search index, the bytes
    /// of an image. Those are replaced all the same.
    pub fn needles(&self) -> impl Iterator<Item = &str> {
        self.keys
            .iter()
            .filter(|k| {
                let letters = k.chars().filter(|c| c.is_alphanumeric()).count();
                if k.contains(' ') {
                    letters > 3
                } else {
                    letters >= 6
                }
            })
            .map(String::as_str)
    }

    /// Whether there is any name to replace.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Replace every name in `s`, as whole words (or fused onto a capital:
    /// `Sam OkoroYes`), however it is written.
    pub fn apply(&self, s: &str) -> String {
        if self.keys.is_empty() {
            return s.to_string();
        }
        // brackets, quotes and tag names as separators (`Jason (Orendorff)`,
        // `Yusuke [Suzuki]`, an HTML attribute), then whole tags folded away
        // (`Sam <span class="x">Okoro</span>`)
        let once = self.apply_mode(
            s,
            Mode {
                tags: false,
                ..Mode::NAMES
            },
        );
        self.apply_mode(&once, Mode::NAMES)
    }

    fn apply_mode(&self, s: &str, mode: Mode) -> String {
        let Some(ac) = &self.matcher else {
            return s.to_string();
        };
        let f = fold::fold(s, mode);
        let mut found: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(&f.text)
            .filter(|m| fold::whole_words(&f, s, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        // leftmost, then longest; no overlaps
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        for (start, end, k) in found {
            let (os, oe) = f.original(start, end);
            if os < last {
                continue;
            }
            let key = &self.keys[k];
            if self.exact.get(key).is_some_and(|e| !e.contains(&s[os..oe])) {
                continue;
            }
            let Some(form) = self.forms.get(key) else {
                continue;
            };
            out.push_str(&s[last..os]);
            out.push_str(form);
            out.push_str(&fold::kept_markup(&s[os..oe]));
            last = oe;
            // a bracket opened inside the name closes with it: `Jason (Orendorff)`
            for (open, close) in [('(', ')'), ('[', ']')] {
                if s[os..oe].contains(open)
                    && !s[os..oe].contains(close)
                    && s[oe..].starts_with(close)
                {
                    last += 1;
                }
            }
        }
        out.push_str(&s[last..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(pairs: &[(&str, &str)]) -> Names {
        let forms: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (fold::key(k, Mode::NAMES), v.to_string()))
            .collect();
        let keys: Vec<String> = forms.keys().cloned().collect();
        let exact = keys
            .iter()
            .filter(|k| short(k))
            .map(|k| {
                let written = pairs
                    .iter()
                    .map(|p| p.0)
                    .filter(|p| fold::key(p, Mode::NAMES) == *k);
                (k.clone(), written.map(str::to_string).collect())
            })
            .collect();
        Names {
            matcher: AhoCorasick::new(&keys).ok(),
            forms,
            exact,
            keys,
        }
    }

    #[test]
    fn pseudonyms_are_stable_and_keyed() {
        assert_eq!(
            pseudonym("s", "Dana Reyes", 0),
            pseudonym("s", "Dana Reyes", 0)
        );
        assert_eq!(
            pseudonym("s", "Dana Reyes", 0),
            pseudonym("s", "dana reyes", 0)
        );
        let differs = (0..20)
            .any(|i| pseudonym("s", &format!("P{i}"), 0) != pseudonym("t", &format!("P{i}"), 0));
        assert!(differs);
        assert_eq!(initials("Dana Reyes"), "D. R.");
        assert_eq!(initials("Eun-ji Kim"), "E. J. K.");
    }

    #[test]
    fn names_are_replaced_however_written() {
        let m = names(&[("Sam Okoro", "X Y"), ("Sam", "X Y")]);
        assert_eq!(
            m.apply("Sam OkoroYes and Samantha, Sam's"),
            "X YYes and Samantha, X Y's"
        );
        assert_eq!(m.apply("[[Sam Okoro]] @Sam Okoro"), "[[X Y]] @X Y");
        assert_eq!(m.apply("SAM OKORO: hi, sam okoro"), "X Y: hi, X Y");
        assert_eq!(m.apply("Sam (Okoro) and Sam [Okoro], "), "X Y and X Y, ");
        let m = names(&[("Sam Okoro", "X Y"), ("SO", "X Y")]);
        assert_eq!(
            m.apply("SO: yes, so be it; SO's"),
            "X Y: yes, so be it; X Y's"
        );
        assert_eq!(m.apply("**Sam** Okoro"), "**X Y**");
        assert_eq!(m.apply("a Sam\nOkoro b"), "a X Y\n b");
        assert_eq!(m.apply("> a Sam\n> Okoro b"), "> a X Y\n> b");
        assert_eq!(m.apply("Sam&nbsp;Okoro"), "X Y");
        assert_eq!(m.apply("People/sam-okoro.png"), "People/X Y.png");
        assert_eq!(m.apply("<b>Sam</b> Okoro"), "<b>X Y</b>");
        assert_eq!(
            m.apply("<span title=\"Sam Okoro\">x</span>"),
            "<span title=\"X Y\">x</span>"
        );
    }
}
