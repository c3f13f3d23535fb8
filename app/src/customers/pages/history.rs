//! The customer page's history: the audit entries of the customer and its lines, told in
//! the reader's language. The stored action code stays on hover for anyone matching it
//! against the audit log.

use crate::audit::model::AuditEntry;
use crate::components::LocalTime;
use crate::customers::model::CustomerStatus;
use crate::i18n::{t, Msg};
use crate::subscriptions::model::SubscriptionStatus;
use leptos::prelude::*;

#[component]
pub fn CustomerHistory(entries: Vec<AuditEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any();
    }
    view! {
        <ol class="timeline" data-testid="customer-history">
            {entries.into_iter().map(|entry| view! { <HistoryEntry entry=entry/> }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn HistoryEntry(entry: AuditEntry) -> impl IntoView {
    let line = entry
        .action
        .starts_with("subscription.")
        .then(|| json_text(&entry.after, "username"))
        .flatten();
    let moved = status_move(&entry);
    let actor = entry.actor_label.clone();
    view! {
        <li title=entry.action.clone()>
            <LocalTime at=entry.at/>" · "
            <strong>{match actor { Some(name) => name.into_any(), None => t(Msg::System).into_any() }}</strong>" "
            {t(action_label(&entry.action))}
            {line.map(|name| view! { " " <code>{name}</code> })}
            {moved.map(|(label, reason)| view! {
                " → " <strong>{t(label)}</strong>
                {reason.map(|why| format!(" ({why})"))}
            })}
        </li>
    }
}

/// The status the entry moved to, with its reason. An edit records the whole line, status
/// included: only a status that changed (or a new record's first one) is news.
fn status_move(entry: &AuditEntry) -> Option<(Msg, Option<String>)> {
    let to = json_text(&entry.after, "status")?;
    if json_text(&entry.before, "status").as_ref() == Some(&to) {
        return None;
    }
    let label = status_label(&entry.action, &to)?;
    let reason =
        json_text(&entry.after, "reason").or_else(|| json_text(&entry.after, "status_reason"));
    Some((label, reason))
}

fn json_text(json: &Option<serde_json::Value>, key: &str) -> Option<String> {
    json.as_ref()
        .and_then(|j| j.get(key))
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn action_label(action: &str) -> Msg {
    match action {
        "customer.create" => Msg::HistoryCustomerCreated,
        "customer.update" => Msg::HistoryCustomerUpdated,
        "customer.status" => Msg::HistoryCustomerStatus,
        "customer.id_photo" => Msg::HistoryIdPhoto,
        "customer.portal_login" => Msg::HistoryPortalLogin,
        "subscription.create" => Msg::HistoryLineCreated,
        "subscription.import" => Msg::HistoryLineImported,
        "subscription.update" => Msg::HistoryLineUpdated,
        "subscription.status" => Msg::HistoryLineStatus,
        _ => Msg::HistoryChanged,
    }
}

/// Customers and lines have their own status words; the action says whose it is.
fn status_label(action: &str, code: &str) -> Option<Msg> {
    if action.starts_with("customer.") {
        CustomerStatus::parse(code).map(CustomerStatus::label)
    } else {
        SubscriptionStatus::parse(code).map(SubscriptionStatus::label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_the_history_can_hold_has_words() {
        for status in CustomerStatus::ALL {
            assert_eq!(
                status_label("customer.status", status.as_str()),
                Some(status.label())
            );
        }
        for status in SubscriptionStatus::ALL {
            assert_eq!(
                status_label("subscription.status", status.as_str()),
                Some(status.label())
            );
        }
        assert_eq!(status_label("customer.status", "isolated"), None);
        assert_eq!(action_label("customer.frobnicate"), Msg::HistoryChanged);
    }

    fn entry(action: &str, before: serde_json::Value, after: serde_json::Value) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: chrono::Utc::now(),
            actor_id: None,
            actor_label: None,
            actor_roles: Vec::new(),
            action: action.into(),
            entity: "subscription".into(),
            entity_id: Some("1".into()),
            before: (!before.is_null()).then_some(before),
            after: Some(after),
            ip: None,
        }
    }

    #[test]
    fn only_a_status_that_moved_is_told() {
        use serde_json::{json, Value};
        let isolated = json!({ "status": "isolated", "status_reason": "Tagihan belum dibayar" });
        let moved = entry(
            "subscription.status",
            json!({ "status": "active" }),
            isolated.clone(),
        );
        assert_eq!(
            status_move(&moved),
            Some((Msg::SubStatusIsolated, Some("Tagihan belum dibayar".into())))
        );
        // Editing an isolated line's address keeps it isolated: no "→ isolated (reason)".
        let edit = entry("subscription.update", isolated.clone(), isolated);
        assert_eq!(status_move(&edit), None);
        let created = entry("customer.create", Value::Null, json!({ "status": "lead" }));
        assert_eq!(status_move(&created), Some((Msg::CustomerStatusLead, None)));
    }
}
