use crate::audit::model::AuditEntry;
use crate::components::LocalTime;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// A short list of audit entries: when and what.
#[component]
pub fn ActivityList(entries: Vec<AuditEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any();
    }
    view! {
        <ul class="activity">
            {entries.into_iter().map(|e| view! {
                <li>
                    <LocalTime at=e.at/>
                    <code class="action">{e.action}</code>
                    <span class="muted">{e.entity}{e.entity_id.map(|id| format!(" #{id}"))}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
