//! The filters of the decision log and the actions page, and dates relative
//! to today, in headless Chromium from `file://` (WebDriver): the query
//! string picks the filter, a menu changes it and the address follows.

mod common;
use common::webdriver::{Driver, chromedriver};
use common::*;
use serde_json::json;
use std::path::PathBuf;

fn built() -> Option<(tempfile::TempDir, PathBuf, Driver)> {
    let bin = chromedriver()?;
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("public");
    let o = mb().args(["build", "--out"]).arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some((d, out, Driver::start(&bin)))
}

fn url(out: &std::path::Path, page: &str, query: &str) -> String {
    format!("file://{}{query}", page_file(out, page).display())
}

/// Pick `value` in the menu of filter `name`, as a user would.
fn choose(d: &Driver, name: &str, value: &str) {
    d.js(&format!(
        "var s = document.querySelector('select[data-list-filter={name}]'); s.value = {value:?}; s.dispatchEvent(new Event('change'));"
    ));
}

#[test]
fn the_decision_log_filters_by_person_and_series_and_keeps_them_in_the_address() {
    let Some((_d, out, d)) = built() else {
        return;
    };
    let doc = html(&page_file(&out, "decisions/"));
    let total = doc.select(&sel(".log-items > li")).count();
    let wei: usize = doc
        .select(&sel(".log-entry"))
        .filter(|e| {
            e.value()
                .attr("data-f-person")
                .unwrap()
                .split(' ')
                .any(|p| p == "wei-zhang")
        })
        .map(|e| e.select(&sel(".log-items > li")).count())
        .sum();
    assert!(0 < wei && wei < total, "{wei} of {total}");

    d.open(&url(&out, "decisions/", "?person=wei-zhang"));
    d.wait("return !document.querySelector('form[data-list-filters]').hidden");
    let shown = d.js("return Array.from(document.querySelectorAll('.log-items > li')).filter(li => li.offsetParent !== null).length");
    assert_eq!(shown, json!(wei));
    assert_eq!(
        d.js("return document.querySelector('select[data-list-filter=person]').value"),
        json!("wei-zhang")
    );
    let status = d.js("return document.querySelector('.filter-status').textContent");
    assert_eq!(
        status,
        json!(format!("Showing {wei} of {total} decisions."))
    );
    // every entry left holds Wei; a month with none of his is hidden whole
    let others = d.js("return Array.from(document.querySelectorAll('.log-entry')).filter(e => e.offsetParent !== null && !(' ' + e.dataset.fPerson + ' ').includes(' wei-zhang ')).length");
    assert_eq!(others, json!(0));

    // a second filter narrows further, and the address says so
    choose(&d, "series", "1-1/dana-reyes");
    let search = d.js("return location.search");
    assert_eq!(search, json!("?series=1-1%2Fdana-reyes&person=wei-zhang"));
    let none = d.js("return Array.from(document.querySelectorAll('.log-entry')).filter(e => e.offsetParent !== null).length");
    assert_eq!(none, json!(0), "Wei was in no 1:1 with Dana");
    assert_eq!(
        d.js("return document.querySelector('.filter-status').textContent"),
        json!("Nothing here matches.")
    );
    // the other logs keep the filters
    let kinds = d.js("return Array.from(document.querySelectorAll('.log-kinds a')).map(a => a.getAttribute('href'))");
    assert_eq!(
        kinds,
        json!([
            "../decisions/index.html?series=1-1%2Fdana-reyes&person=wei-zhang",
            "../open-questions/index.html?series=1-1%2Fdana-reyes&person=wei-zhang",
            "../risks/index.html?series=1-1%2Fdana-reyes&person=wei-zhang"
        ])
    );
    // "Show all" clears them
    d.click("[data-list-reset]");
    let all = d.js("return document.querySelectorAll('.log-items > li').length === Array.from(document.querySelectorAll('.log-items > li')).filter(li => li.offsetParent !== null).length && location.search === ''");
    assert_eq!(all, json!(true));
}

#[test]
fn the_actions_page_filters_by_assignee_and_due_date_and_says_how_late() {
    let Some((_d, out, d)) = built() else {
        return;
    };
    d.open(&url(&out, "actions/", "?assignee=wei-zhang"));
    d.wait("return !document.querySelector('form[data-list-filters]').hidden");
    let groups = d.js("return Array.from(document.querySelectorAll('section.assignee-group')).filter(g => !g.hidden).map(g => g.id)");
    assert_eq!(groups, json!(["a-wei-zhang"]));

    // overdue: every item shown is due before today, and says by how much
    d.open(&url(&out, "actions/", "?due=overdue"));
    d.wait("return !document.querySelector('form[data-list-filters]').hidden");
    let today = d.js("var t = new Date(); return t.getFullYear() + '-' + String(t.getMonth() + 1).padStart(2, '0') + '-' + String(t.getDate()).padStart(2, '0')");
    let today = today.as_str().unwrap().to_string();
    let dues = d.js("return Array.from(document.querySelectorAll('li.task')).filter(li => li.offsetParent !== null).map(li => li.dataset.due || '')");
    let dues: Vec<String> = serde_json::from_value(dues).unwrap();
    let doc = html(&page_file(&out, "actions/"));
    let late: Vec<String> = doc
        .select(&sel("li.task .task-meta > time[datetime]"))
        .map(|t| t.value().attr("datetime").unwrap().to_string())
        .filter(|d| *d < today)
        .collect();
    assert_eq!(dues.len(), late.len(), "{dues:?}");
    assert!(dues.iter().all(|d| !d.is_empty() && *d < today), "{dues:?}");
    // "due 14 Nov 2025 · overdue N days/months", counted from today
    let words = d.js("var t = document.querySelector('li.task[data-due=\"2025-11-14\"] time.task-date.due'); return t ? t.textContent : null");
    let words = words.as_str().unwrap_or_default().to_string();
    assert!(
        words.starts_with("due 14 Nov 2025 · overdue ") || today.as_str() <= "2025-11-14",
        "{words}"
    );
    // no due date: the items without one
    d.open(&url(&out, "actions/", "?due=none"));
    d.wait("return !document.querySelector('form[data-list-filters]').hidden");
    let undated = d.js("return Array.from(document.querySelectorAll('li.task')).filter(li => li.offsetParent !== null).every(li => !li.dataset.due) && Array.from(document.querySelectorAll('li.task')).some(li => li.offsetParent !== null)");
    assert_eq!(undated, json!(true));
    // a person page: "last met … (N … ago)"
    d.open(&url(&out, "people/dana-reyes/", ""));
    let ago = d.wait("var r = document.querySelector('.last-met .rel'); return r && r.textContent");
    assert!(ago.as_str().unwrap().ends_with(" ago)"), "{ago}");
}
