//! The whole pipeline over one note, next to one known person note and one
//! attachment: must never panic (errors are fine).
#![no_main]

use libfuzzer_sys::fuzz_target;

const OTHER: &[u8] =
    b"---\ntype: person\naliases: [Oth]\n---\n# Other Note\n\n## Heading\n\nText ^blk\n";

fuzz_target!(|data: &[u8]| {
    let notes = [
        ("fuzz.md".to_string(), data.to_vec()),
        ("Other Note.md".to_string(), OTHER.to_vec()),
    ];
    let _ = minutebook::render_in_memory(&notes, &["img.png".to_string()]);
});
