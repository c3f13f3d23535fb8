use crate::components::{title_of, PageTitle};
use crate::components::{ErrorBanner, LocalTime};
use crate::i18n::{t, Msg};
use crate::outbox::api::list_outbox;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let query = use_query_map();
    let cursor = Memo::new(move |_| query.read().get("cursor"));
    let page = Resource::new(move || cursor.get(), list_outbox);
    view! {
        <PageTitle text=title_of(Msg::OutboxTitle)/>
        <h1>{t(Msg::OutboxTitle)}</h1>
        <p class="muted">{t(Msg::OutboxHelp)}</p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="outbox" data-testid="outbox-list">
                            {page.items.into_iter().map(|m| view! {
                                <li class="card">
                                    <p class="muted"><LocalTime at=m.created_at/>" · "{m.channel}</p>
                                    <p><strong>{t(Msg::ColTo)}": "</strong>{m.recipient}</p>
                                    <p><strong>{t(Msg::ColSubject)}": "</strong>{m.subject}</p>
                                    <pre class="outbox-body">{m.body}</pre>
                                </li>
                            }).collect_view()}
                        </ul>
                        <nav class="pager">
                            {cursor.get_untracked().is_some().then(|| view! { <A href="/admin/outbox">{t(Msg::FirstPage)}</A> })}
                            {page.next_cursor.map(|c| view! {
                                <A href=format!("/admin/outbox?cursor={}", crate::url::encode(&c))>{t(Msg::NextPage)}</A>
                            })}
                        </nav>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
