//! Every standalone parser over the same input: must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minutebook::config::DateOrder;
use minutebook::parse::infer;
use minutebook::load;
use minutebook::parse::{
    bases, blocks, canvas, dates, decode, markdown, mojibake, obsidian, tasks, transcript,
};

fuzz_target!(|data: &[u8]| {
    let _ = decode::decode(data, "f.md");
    {
        let s = String::from_utf8_lossy(data);
        let _ = canvas::parse(&s);
        let _ = bases::parse(&s);
        let _ = mojibake::repair_note(&s);
        for line in s.lines() {
            let _ = bases::parse_expr(line);
            let _ = markdown::image_size(line);
        }
    }

    let s = String::from_utf8_lossy(data);
    let s: &str = &s;

    let names: Vec<(String, String)> = [
        ("Sam Okoro", "Sam Okoro"),
        ("Sam", "Sam Okoro"),
        ("王伟", "王伟"),
        ("Dana Reyes", "Dana Reyes"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let devices = vec![("Teams Room".to_string(), "Sam Okoro".to_string())];
    let speakers = transcript::Speakers::new(&names, &devices);
    if let Some(block) = transcript::find_block(s) {
        let t = transcript::parse(&block, &speakers);
        let _ = transcript::duration_seconds(&t);
    }
    let _ = speakers.fused(s);

    for line in s.lines() {
        let _ = tasks::parse_task(line);
        let _ = tasks::split_assignee(line, |n| n.len() % 3 == 0);
    }

    // the block scanner, with and without comments, and what is built on it
    let mut scan = blocks::Scanner::with_comments(s);
    while let Some(line) = scan.next() {
        let _ = scan.comments().len() + line.depth;
    }
    let _ = blocks::Scanner::new(s).count();
    let _ = blocks::sections(s);
    let _ = blocks::strip_html_comments(s);
    let _ = obsidian::strip_comments(s);
    let _ = obsidian::wikilinks_in(s);
    let _ = load::parse_yaml(s);
    let _ = load::split_frontmatter(s);
    let _ = dates::parse_date(s, DateOrder::Dmy);
    let _ = dates::parse_date(s, DateOrder::Mdy);
    let _ = dates::find_date(s);
    let _ = dates::parse_time(s);
    let a = markdown::analyze_with(s, false);
    let _ = markdown::analyze(s);

    // archive inference: dates, people, minutes, captions
    for order in [DateOrder::Dmy, DateOrder::Mdy] {
        let _ = infer::dates::from_path(s, order);
        let _ = infer::dates::from_title(s, 1, Some(2024), order);
        let _ = infer::dates::from_body(s, Some(2024), order);
        let _ = infer::dates::parse_loose(s, None, order);
    }
    let _ = infer::dates::folder_context(s);
    let _ = infer::people::split_names(s);
    let known = infer::minutes::Known {
        abbreviations: vec![("SOA".into(), "Sam Okoro".into())],
        names: names.clone(),
    };
    let _ = infer::minutes::decide(&a.speaker_candidates, &known);
    let _ = infer::minutes::parse_clock(s);
    let _ = infer::webvtt::parse(s);
    let _ = infer::webvtt::parse_srt(s);
});
