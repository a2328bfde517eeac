//! Selection: whether a note goes out under a profile, and why not.

use crate::config::Profile;
use crate::load::SourceNote;
use crate::model::Note;
use globset::GlobSet;
use serde_json::Value;

/// Whether a list of tags holds `t` or one of its sub-tags (`team` covers
/// `team/platform`), in any case.
pub fn has_tag(tags: &[String], t: &str) -> bool {
    let t = t.trim().trim_start_matches('#').to_lowercase();
    tags.iter().any(|x| {
        let x = x.to_lowercase();
        x == t || x.starts_with(&format!("{t}/"))
    })
}

/// Whether `list` holds `v`, in any case.
pub fn in_list(list: &[String], v: &str) -> bool {
    list.iter()
        .any(|x| x.trim().to_lowercase() == v.trim().to_lowercase())
}

fn publish_flag(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a note goes out under `p`; Err gives the reason it does not.
pub fn decide(
    n: &Note,
    src: &SourceNote,
    p: &Profile,
    include: &GlobSet,
    exclude: &GlobSet,
) -> Result<(), String> {
    let flag = publish_flag(n.frontmatter.get("publish"));
    if flag == Some(false) {
        return Err("publish: false".into());
    }
    if p.explicit_publish && flag != Some(true) {
        return Err("explicit_publish: no publish: true".into());
    }
    // a note that states no privacy (or whose frontmatter cannot be read) gets `unknown_privacy`
    let stated = if src.frontmatter_error {
        None
    } else {
        n.privacy.clone().filter(|p| !p.trim().is_empty())
    };
    let (privacy, how) = match stated {
        Some(p) => (p, ""),
        None => (
            p.unknown_privacy.to_lowercase(),
            " (unknown_privacy: the note states none)",
        ),
    };
    if !p.include_privacy.is_empty() && !in_list(&p.include_privacy, &privacy) {
        return Err(format!("privacy {privacy:?} not in include_privacy{how}"));
    }
    if in_list(&p.exclude_privacy, &privacy) {
        return Err(format!("privacy: {privacy}{how}"));
    }
    if !p.include_tags.is_empty() && !p.include_tags.iter().any(|t| has_tag(&n.tags, t)) {
        return Err("no tag in include_tags".into());
    }
    if let Some(t) = p.exclude_tags.iter().find(|t| has_tag(&n.tags, t)) {
        return Err(format!("tag #{}", t.trim_start_matches('#')));
    }
    if !p.include_paths.is_empty() && !include.is_match(&n.path) {
        return Err("path not in include_paths".into());
    }
    if exclude.is_match(&n.path) {
        return Err("path in exclude_paths".into());
    }
    let kind = n.kind.clone().unwrap_or_default();
    if !p.include_types.is_empty() && !in_list(&p.include_types, &kind) {
        return Err(format!("type {kind:?} not in include_types"));
    }
    if in_list(&p.exclude_types, &kind) {
        return Err(format!("type: {kind}"));
    }
    Ok(())
}
