//! Ticket filters live in the URL (`?status=open&assignee=me&sort=priority`), so a view can
//! be bookmarked, shared and restored with the back button.

use crate::auth::model::UserId;
use crate::tickets::model::{
    AssigneeFilter, FilterPreset, Priority, SlaState, Status, TicketFilter, TicketKind, TicketSort,
};
use leptos_router::params::ParamsMap;

pub fn filter_from_query(q: &ParamsMap) -> TicketFilter {
    let statuses_raw = q.get("status").unwrap_or_default();
    TicketFilter {
        kind: q.get("kind").and_then(|k| TicketKind::from_code(&k)),
        open_only: statuses_raw == "open",
        statuses: statuses_raw
            .split(',')
            .filter_map(Status::from_code)
            .collect(),
        group_id: q.get("group").and_then(|g| g.parse().ok()),
        my_groups: q.get("groups").as_deref() == Some("mine"),
        assignee: match q.get("assignee").as_deref() {
            Some("me") => AssigneeFilter::Me,
            Some("none") => AssigneeFilter::Unassigned,
            Some(id) => id
                .parse()
                .map(|id| AssigneeFilter::User(UserId(id)))
                .unwrap_or_default(),
            None => AssigneeFilter::Anyone,
        },
        priority: q
            .get("priority")
            .and_then(|p| p.parse().ok())
            .and_then(Priority::new),
        category_id: q.get("category").and_then(|c| c.parse().ok()),
        sla_state: q.get("sla").and_then(|s| SlaState::from_code(&s)),
        due_today: q.get("due").as_deref() == Some("today"),
        text: q.get("q").filter(|t| !t.trim().is_empty()),
    }
}

pub fn sort_from_query(q: &ParamsMap) -> TicketSort {
    q.get("sort")
        .and_then(|s| TicketSort::from_code(&s))
        .unwrap_or_default()
}

/// The query string (without `?`) for a filter and sort.
pub fn query_of(filter: &TicketFilter, sort: TicketSort) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut put = |k: &str, v: String| parts.push(format!("{k}={}", crate::url::encode(&v)));
    if let Some(text) = filter.search_text() {
        put("q", text.to_owned());
    }
    if let Some(kind) = filter.kind {
        put("kind", kind.code().into());
    }
    if filter.open_only {
        put("status", "open".into());
    } else if !filter.statuses.is_empty() {
        let codes: Vec<&str> = filter.statuses.iter().map(|s| s.code()).collect();
        put("status", codes.join(","));
    }
    if let Some(g) = filter.group_id {
        put("group", g.to_string());
    }
    if filter.my_groups {
        put("groups", "mine".into());
    }
    match filter.assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Me => put("assignee", "me".into()),
        AssigneeFilter::Unassigned => put("assignee", "none".into()),
        AssigneeFilter::User(u) => put("assignee", u.0.to_string()),
    }
    if let Some(p) = filter.priority {
        put("priority", p.get().to_string());
    }
    if let Some(c) = filter.category_id {
        put("category", c.to_string());
    }
    if let Some(s) = filter.sla_state {
        put("sla", s.code().into());
    }
    if filter.due_today {
        put("due", "today".into());
    }
    if sort != TicketSort::default() {
        put("sort", sort.code().into());
    }
    parts.join("&")
}

pub fn preset_href(preset: FilterPreset) -> String {
    let (filter, sort) = preset.filter();
    format!("/tickets?{}", query_of(&filter, sort))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_survive_the_url() {
        for preset in FilterPreset::ALL {
            let (filter, sort) = preset.filter();
            let href = preset_href(preset);
            let query = href.split_once('?').unwrap().1;
            let map: ParamsMap = query
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            assert_eq!(filter_from_query(&map), filter, "{preset:?}");
            assert_eq!(sort_from_query(&map), sort);
        }
    }
}
