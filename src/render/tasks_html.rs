//! How an action item renders: attributes, badges and dates.
//!
//! Takes a resolved [`Task`]; gives a [`TaskHtml`] for the Markdown renderer:
//! the `<li>` attributes (`class="task"`, `data-assignee`, `data-status`,
//! `data-due`…), the emoji metadata to strip from the text, and the badges
//! (assignee link, priority, `<time>` dates, recurrence) to append.

use crate::model::{Assignee, Task};
use crate::parse::markdown::{TaskHtml, escape_html as esc};
use crate::render::Renderer;

fn status(t: &Task) -> &'static str {
    if t.is_done() {
        "done"
    } else if t.is_cancelled() {
        "cancelled"
    } else if t.marker == '/' {
        "in-progress"
    } else {
        "open"
    }
}

/// The rendering of one task, seen from the page at `from`.
pub fn task_html(r: &Renderer, t: &Task, from: &str) -> TaskHtml {
    let f = &t.fields;
    let st = status(t);
    let mut attrs = format!(
        " class=\"task task-{st}\" id=\"task-{}\" data-status=\"{st}\"",
        t.line
    );
    let mut strip: Vec<String> = Vec::new();
    let mut meta = String::new();
    if let Some(raw) = &f.assignee {
        strip.push(format!("@{raw}"));
    }
    match &t.assignee {
        Some(Assignee::Person(p)) => {
            let person = &r.site().people[*p];
            attrs.push_str(&format!(" data-assignee=\"{}\"", esc(&person.name)));
            meta.push_str(&format!(
                "<a class=\"assignee\" href=\"{}\">@{}</a>",
                esc(&r.href(from, &person.url)),
                esc(&person.name)
            ));
        }
        Some(Assignee::Label(l)) => {
            attrs.push_str(&format!(" data-assignee=\"{}\"", esc(l)));
            meta.push_str(&format!("<span class=\"assignee team\">@{}</span>", esc(l)));
        }
        None => {}
    }
    if let Some(p) = &f.priority {
        attrs.push_str(&format!(" data-priority=\"{}\"", p.label()));
        strip.push(format!("{}\u{fe0f}", p.emoji()));
        strip.push(p.emoji().to_string());
        meta.push_str(&format!(
            "<span class=\"priority priority-{0}\" title=\"{0} priority\"><span class=\"emoji\" aria-hidden=\"true\">{1}</span> {0}</span>",
            p.label(),
            p.emoji()
        ));
    }
    let dates: [(&str, &str, &str, &Option<String>); 6] = [
        ("due", "📅", "due", &f.due),
        ("scheduled", "⏳", "scheduled", &f.scheduled),
        ("start", "🛫", "starts", &f.start),
        ("created", "➕", "created", &f.created),
        ("done", "✅", "done", &f.done),
        ("cancelled", "❌", "cancelled", &f.cancelled),
    ];
    for (key, emoji, label, value) in dates {
        if let Some(d) = value {
            attrs.push_str(&format!(" data-{key}=\"{}\"", esc(d)));
            for sep in [" ", "", "\u{fe0f} ", "\u{fe0f}"] {
                strip.push(format!("{emoji}{sep}{d}"));
            }
            meta.push_str(&format!(
                "<time class=\"task-date {key}\" datetime=\"{0}\" title=\"{label} {0}\"><span class=\"emoji\" aria-hidden=\"true\">{emoji}</span> {0}</time>",
                esc(d)
            ));
        }
    }
    if let Some(rec) = &f.recurrence {
        strip.push(format!("🔁 {rec}"));
        strip.push(format!("🔁{rec}"));
        meta.push_str(&format!(
            "<span class=\"recurrence\" title=\"repeats\"><span class=\"emoji\" aria-hidden=\"true\">🔁</span> {}</span>",
            esc(rec)
        ));
    }
    let suffix = if meta.is_empty() {
        String::new()
    } else {
        format!(" <span class=\"task-meta\">{meta}</span>")
    };
    TaskHtml {
        attrs,
        suffix,
        strip,
    }
}
