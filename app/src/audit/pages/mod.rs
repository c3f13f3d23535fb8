use crate::audit::api::list_audit;
use crate::audit::model::{AuditEntry, AuditFilter};
use crate::components::{title_of, PageTitle};
use crate::components::{ErrorBanner, LocalTime};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

const FILTER_KEYS: [&str; 6] = ["action", "entity", "entity_id", "actor", "from", "to"];

/// Browse and filter the audit log; filters live in the URL.
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        let date = |k: &str| {
            q.get(k)
                .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        };
        AuditFilter {
            action: q.get("action"),
            entity: q.get("entity"),
            entity_id: q.get("entity_id"),
            actor: q.get("actor"),
            from: date("from"),
            to: date("to"),
        }
    });
    let cursor = Memo::new(move |_| query.read().get("cursor"));
    let page = Resource::new(
        move || (filter.get(), cursor.get()),
        |(f, c)| list_audit(f, c),
    );
    let current = move |key: &str| query.read().get(key).unwrap_or_default();
    let text_filter = move |key: &'static str, label: Msg, input_type: &'static str| {
        let id = format!("audit-{key}");
        let label_for = id.clone();
        view! {
            <div class="field">
                <label for=label_for>{t(label)}</label>
                <input id=id name=key type=input_type value=move || current(key)/>
            </div>
        }
    };

    view! {
        <PageTitle text=title_of(Msg::AuditTitle)/>
        <h1>{t(Msg::AuditTitle)}</h1>
        <p class="muted">{t(Msg::AuditHelp)}</p>
        <Form method="GET" action="/admin/audit" {..} class="filters" role="search">
            {text_filter("actor", Msg::FilterActor, "text")}
            {text_filter("action", Msg::FilterAction, "text")}
            {text_filter("entity", Msg::FilterEntity, "text")}
            {text_filter("entity_id", Msg::FilterEntityId, "text")}
            {text_filter("from", Msg::FilterFrom, "date")}
            {text_filter("to", Msg::FilterTo, "date")}
            <button type="submit" class="button">{t(Msg::Apply)}</button>
            <A href="/admin/audit">{t(Msg::Reset)}</A>
        </Form>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(page) => {
                        let next_href = page.next_cursor.map(|c| {
                            let q = query.read_untracked();
                            let mut params: Vec<String> = FILTER_KEYS
                                .iter()
                                .filter_map(|k| q.get(k).map(|v| format!("{k}={}", crate::url::encode(&v))))
                                .collect();
                            params.push(format!("cursor={}", crate::url::encode(&c)));
                            format!("/admin/audit?{}", params.join("&"))
                        });
                        view! {
                            <div class="table-wrap">
                            <table class="table" data-testid="audit-table">
                                <thead><tr>
                                    <th scope="col">{t(Msg::ColTime)}</th>
                                    <th scope="col">{t(Msg::ColActor)}</th>
                                    <th scope="col">{t(Msg::ColAction)}</th>
                                    <th scope="col">{t(Msg::ColEntity)}</th>
                                    <th scope="col">{t(Msg::ColIp)}</th>
                                    <th scope="col">{t(Msg::ColChanges)}</th>
                                </tr></thead>
                                <tbody>{page.items.into_iter().map(audit_row).collect_view()}</tbody>
                            </table>
                            </div>
                            <nav class="pager">
                                {cursor.get_untracked().is_some().then(|| view! { <A href="/admin/audit">{t(Msg::FirstPage)}</A> })}
                                {next_href.map(|href| view! { <A href=href>{t(Msg::NextPage)}</A> })}
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

fn pretty(value: &Option<serde_json::Value>) -> Option<String> {
    value
        .as_ref()
        .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
}

fn audit_row(e: AuditEntry) -> impl IntoView {
    let before = pretty(&e.before);
    let after = pretty(&e.after);
    let has_changes = before.is_some() || after.is_some();
    let actor = e.actor_label.clone();
    let roles = e.actor_roles.join(", ");
    view! {
        <tr>
            <td><LocalTime at=e.at/></td>
            <td>
                {match actor {
                    Some(a) => view! { <span>{a}</span> }.into_any(),
                    None => view! { <span class="muted">{t(Msg::System)}</span> }.into_any(),
                }}
                {(!roles.is_empty()).then(|| view! { <small class="muted">" ("{roles}")"</small> })}
            </td>
            <td><code>{e.action}</code></td>
            <td>{e.entity}{e.entity_id.map(|id| format!(" #{id}"))}</td>
            <td>{e.ip}</td>
            <td>
                {has_changes.then(|| view! {
                    <details>
                        <summary>{t(Msg::ColChanges)}</summary>
                        {before.map(|b| view! { <h4>{t(Msg::Before)}</h4><pre>{b}</pre> })}
                        {after.map(|a| view! { <h4>{t(Msg::After)}</h4><pre>{a}</pre> })}
                    </details>
                })}
            </td>
        </tr>
    }
}
