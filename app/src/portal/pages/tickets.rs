//! `/portal/tickets`: the customer's tickets, newest first.

use crate::components::{title_of, ErrorBanner, LocalTime, PageTitle};
use crate::i18n::{t, Msg};
use crate::portal::api::my_tickets;
use crate::tickets::components::StatusBadge;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PortalTicketsPage() -> impl IntoView {
    let query = use_query_map();
    let cursor = Memo::new(move |_| query.read().get("cursor"));
    let page = Resource::new(move || cursor.get(), my_tickets);
    view! {
        <PageTitle text=title_of(Msg::MyTickets)/>
        <div class="page-header">
            <h1>{t(Msg::MyTickets)}</h1>
            <a class="button button-primary" href="/portal/report">{t(Msg::ReportFault)}</a>
        </div>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">{t(Msg::NoTicketsYet)}</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="plain-list" data-testid="portal-tickets">
                            {page.items.into_iter().map(|ticket| view! {
                                <li data-ticket=ticket.number.clone()>
                                    <a href=format!("/portal/tickets/{}", ticket.id)>
                                        <strong>{ticket.number.clone()}</strong>" "{ticket.title.clone()}
                                    </a>
                                    <div><StatusBadge status=ticket.status/>" · "<LocalTime at=ticket.created_at/></div>
                                </li>
                            }).collect_view()}
                        </ul>
                        {page.next_cursor.map(|c| view! {
                            <p><a class="button" href=format!("/portal/tickets?cursor={}", crate::url::encode(&c))>{t(Msg::NextPage)}</a></p>
                        })}
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
