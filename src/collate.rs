//! Sorting names as a reader expects: `Ángel` with the A's, `zoë` with `Zoe`.
//!
//! Takes names; gives a sort key ([`key`]) that folds case and accents
//! (canonical decomposition without its combining marks, and the letters
//! that do not decompose, `ß` `æ` `ø` `œ` `ł` `đ` `ð` `þ` `ı`, spelt out), and
//! an ordering ([`cmp`]) by that key, then by the name as written, so that
//! the order is total and the same on every run.

use std::cmp::Ordering;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The sort key of `s`: lower case, accents folded away.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `a` before `b` by [`key`], then as written.
pub fn cmp(a: &str, b: &str) -> Ordering {
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_sort_with_their_letter() {
        let mut names = vec![
            "Zoë Ødegaard",
            "Ángel Ruiz",
            "zane",
            "Åsa Lind",
            "Bo",
            "Øystein",
            "Łukasz",
            "Olu",
            "ana",
            "Émile",
            "Eve",
        ];
        names.sort_by(|a, b| cmp(a, b));
        assert_eq!(
            names,
            [
                "ana",
                "Ángel Ruiz",
                "Åsa Lind",
                "Bo",
                "Émile",
                "Eve",
                "Łukasz",
                "Olu",
                "Øystein",
                "zane",
                "Zoë Ødegaard",
            ]
        );
        assert_eq!(key("Straße"), "strasse");
        // the order is total: names that fold alike keep a fixed order
        assert_eq!(cmp("Zoe", "Zoë"), Ordering::Less);
        assert_eq!(cmp("Zoë", "Zoe"), Ordering::Greater);
    }
}
