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
    let after = entry.after.as_ref();
    let text = |key: &str| {
        after
            .and_then(|a| a.get(key))
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let line = entry
        .action
        .starts_with("subscription.")
        .then(|| text("username"))
        .flatten();
    let status = text("status").and_then(|code| status_label(&entry.action, &code));
    let reason = text("reason").or_else(|| text("status_reason"));
    let actor = entry.actor_label.clone();
    view! {
        <li title=entry.action.clone()>
            <LocalTime at=entry.at/>" · "
            <strong>{match actor { Some(name) => name.into_any(), None => t(Msg::System).into_any() }}</strong>" "
            {t(action_label(&entry.action))}
            {line.map(|name| view! { " " <code>{name}</code> })}
            {status.map(|label| view! { " → " <strong>{t(label)}</strong> })}
            {reason.map(|why| format!(" ({why})"))}
        </li>
    }
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
}
