//! Property tests: the whole pipeline never panics, whatever a note holds,
//! and what it gives is deterministic.

use proptest::prelude::*;

/// Pieces real notes are made of, to be shuffled into hostile notes.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("type: 1-1\n".to_string()),
        Just("created: { { DATE } }\n".to_string()),
        Just("attendees: [\"[[Ann Lee]]\", \"[[\"]\n".to_string()),
        Just("tags: [a/b, \"#c\"]\n".to_string()),
        Just("# Title\n".to_string()),
        Just("## Open questions\n".to_string()),
        Just("> [!faq]- Folded\n> > [!bug]+ nested\n".to_string()),
        Just("- [ ] task @Ann Lee ⏫ 📅 2025-13-45 🔁 every\n".to_string()),
        Just("- [x] done ✅ 2025-01-01 @[[Other Note]]\n".to_string()),
        Just(
            "[[Other Note#Heading|x]] ![[Other Note#^blk]] ![[img.png|20x]] [[../../x]]\n"
                .to_string()
        ),
        Just("![[fuzz]]\n".to_string()),
        Just("%%hidden\n".to_string()),
        Just("%%\n".to_string()),
        Just("```text\n".to_string()),
        Just("```rust\nfn x() {}\n".to_string()),
        Just("```\n".to_string()),
        Just("<!-- ai:transcript:start -->\n".to_string()),
        Just("<!-- ai:transcript:end -->\n".to_string()),
        Just("[00:00:01.00] zoom.us :  Ann LeeHello (clicking)AUDIOBLANK\n".to_string()),
        Just("[99:99:99] : \n".to_string()),
        Just("<script>x</script><img onerror=1>\n".to_string()),
        Just("==mark== $x$ $$y$$ #tag/ #1 ^blk\n".to_string()),
        Just("| a | b |\n|---|---|\n| [[x\\|y]] | c |\n".to_string()),
        "\\PC{0,40}".prop_map(|s| s + "\n"),
        "[#\\[\\]|!%^@`>*_~-]{1,12}".prop_map(|s| s.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn any_note_renders_without_panic(pieces in proptest::collection::vec(piece(), 0..24)) {
        let note: String = pieces.concat();
        let notes = vec![
            ("fuzz.md".to_string(), note.clone().into_bytes()),
            ("Other Note.md".to_string(), b"# Other Note\n\n## Heading\n\nText ^blk\n".to_vec()),
        ];
        let a = minutebook::render_in_memory(&notes, &["img.png".to_string()]).expect("renders");
        let b = minutebook::render_in_memory(&notes, &["img.png".to_string()]).expect("renders");
        prop_assert_eq!(a.files.len(), b.files.len());
        for (x, y) in a.files.iter().zip(&b.files) {
            prop_assert_eq!(&x.path, &y.path);
            prop_assert!(x.bytes == y.bytes, "{} differs between runs", x.path);
        }
        // a note's page always exists
        prop_assert!(a.files.iter().any(|f| f.path == "fuzz/index.html"));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let notes = vec![("b.md".to_string(), bytes)];
        prop_assert!(minutebook::render_in_memory(&notes, &[]).is_ok());
    }
}
