//! The actions page: every open action item, grouped by assignee.
//!
//! Takes the published site through the [`Renderer`]; gives
//! `actions/index.html`: a group per assignee (people in name order as
//! [`crate::collate`] orders them, then teams and labels, then the
//! unassigned), each anchored by its slug (`#a-dana-reyes`, `#a-team-hr`,
//! `#a-unassigned`) so bookmarks hold as the list changes, its items by due
//! date, each with its due date in words ("due 3 Nov 2025", the same on
//! every build) and the filter values the browser reads
//! (`static/filters.js`: assignee, series, due).

use super::logs::key_of;
use super::{OutFile, Renderer, TaskCtx, page_file};
use crate::model::Assignee;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// An assignee's open tasks on the actions page.
#[derive(Serialize)]
struct TaskGroup<'a> {
    name: &'a str,
    /// Its anchor and filter value: a person's slug, `team-…`, `unassigned`.
    slug: String,
    href: Option<String>,
    count: usize,
    items: Vec<TaskCtx<'a>>,
}

/// A series in the filter menu.
#[derive(Serialize)]
struct SeriesChoice<'a> {
    value: &'a str,
    name: &'a str,
    count: usize,
}

/// Where an item's group sorts: people by their place in the site (name
/// order), then labels by name, then the unassigned.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum GroupKey {
    Person(usize),
    Label(String, String),
    Unassigned,
}

impl<'a> Renderer<'a> {
    pub(super) fn actions_page(&self) -> Result<OutFile> {
        let url = "actions/";
        let mut ctx = tera::Context::new();
        ctx.insert("common", &self.common(url, "Action items"));
        let mut groups: BTreeMap<GroupKey, Vec<TaskCtx>> = BTreeMap::new();
        let mut series: BTreeMap<usize, usize> = BTreeMap::new();
        let mut open_count = 0;
        for (i, n) in self.site.notes.iter().enumerate() {
            for t in n.tasks.iter().filter(|t| t.is_open()) {
                let key = match &t.assignee {
                    Some(Assignee::Person(p)) => GroupKey::Person(*p),
                    Some(Assignee::Label(l)) => GroupKey::Label(crate::collate::key(l), l.clone()),
                    None => GroupKey::Unassigned,
                };
                groups
                    .entry(key)
                    .or_default()
                    .push(self.task_ctx(url, i, t));
                if let Some(s) = n.series {
                    *series.entry(s).or_default() += 1;
                }
                open_count += 1;
            }
        }
        let mut slugs = std::collections::BTreeSet::new();
        let groups: Vec<TaskGroup> = groups
            .into_iter()
            .map(|(key, mut items)| {
                items.sort_by(|a, b| {
                    (a.due.is_none(), &a.due, &a.meeting_date).cmp(&(
                        b.due.is_none(),
                        &b.due,
                        &b.meeting_date,
                    ))
                });
                let (name, href, slug) = match &key {
                    GroupKey::Person(p) => {
                        let person = &self.site.people[*p];
                        (
                            person.name.as_str(),
                            Some(self.href(url, &person.url)),
                            key_of(&person.url, "people/").replace('/', "-"),
                        )
                    }
                    GroupKey::Label(_, l) => (
                        items.first().map_or("", |t| t.assignee_name),
                        None,
                        format!("team-{}", crate::urls::slugify(l)),
                    ),
                    GroupKey::Unassigned => ("Unassigned", None, "unassigned".to_string()),
                };
                // two labels may slug alike: the later one gets a number
                let mut unique = slug.clone();
                let mut k = 2;
                while !slugs.insert(unique.clone()) {
                    unique = format!("{slug}-{k}");
                    k += 1;
                }
                TaskGroup {
                    name,
                    slug: unique,
                    href,
                    count: items.len(),
                    items,
                }
            })
            .collect();
        let mut series: Vec<SeriesChoice> = series
            .into_iter()
            .map(|(s, count)| SeriesChoice {
                value: key_of(&self.site.series[s].url, "series/"),
                name: &self.site.series[s].title,
                count,
            })
            .collect();
        series.sort_by(|a, b| crate::collate::cmp(a.name, b.name).then(a.value.cmp(b.value)));
        ctx.insert("groups", &groups);
        ctx.insert("series", &series);
        ctx.insert("open_count", &open_count);
        Ok(OutFile {
            path: page_file(url),
            bytes: self.render_page("actions.html", &ctx)?,
        })
    }
}
