//! The ticket list: filters, sorts, presets, keyset pages; rows follow live changes.

use super::filter_bar::FilterBar;
use super::query::{filter_from_query, preset_href, query_of, sort_from_query};
use crate::components::{title_of, ErrorBanner, LocalTime, PageTitle};
use crate::i18n::{t, Msg};
use crate::tickets::api::{list_tickets, ticket_card};
use crate::tickets::components::{PriorityBadge, SlaBadge, StatusBadge};
use crate::tickets::live::on_ticket_changes;
use crate::tickets::model::{FilterPreset, TicketSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TicketListPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| filter_from_query(&query.read()));
    let sort = Memo::new(move |_| sort_from_query(&query.read()));
    let cursor = Memo::new(move |_| query.read().get("cursor"));
    let reload = RwSignal::new(0u64);
    let page = Resource::new(
        move || (filter.get(), sort.get(), cursor.get(), reload.get()),
        |(f, s, c, _)| list_tickets(f, s, c),
    );
    let rows: RwSignal<Vec<TicketSummary>> = RwSignal::new(Vec::new());

    // A changed ticket on this page is refreshed in place (or dropped if it no longer
    // matches); on the first page of the default order a new match appears on top.
    on_ticket_changes(
        move |ids| {
            for id in ids {
                let f = filter.get_untracked();
                let on_top = cursor.get_untracked().is_none()
                    && sort.get_untracked() == crate::tickets::model::TicketSort::Updated;
                spawn_local(async move {
                    let Ok(card) = ticket_card(id, f).await else {
                        return;
                    };
                    rows.update(|rows| {
                        let at = rows.iter().position(|r| r.id == id);
                        match (at, card) {
                            (Some(i), Some(card)) if on_top => {
                                rows.remove(i);
                                rows.insert(0, card);
                            }
                            (Some(i), Some(card)) => rows[i] = card,
                            (Some(i), None) => {
                                rows.remove(i);
                            }
                            (None, Some(card)) if on_top => rows.insert(0, card),
                            (None, _) => {}
                        }
                    });
                });
            }
        },
        move || reload.update(|n| *n += 1),
    );

    view! {
        <PageTitle text=title_of(Msg::TicketListTitle)/>
        <div class="page-header">
            <h1>{t(Msg::TicketListTitle)}</h1>
            <div class="page-actions">
                <a class="button" href="/tickets/board">{t(Msg::BoardTitle)}</a>
                <a class="button button-primary" href="/tickets/new">{t(Msg::NewTicket)}</a>
            </div>
        </div>
        <nav class="presets" aria-label=move || Msg::SavedFilters.text(crate::i18n::use_i18n().locale.get())>
            {FilterPreset::ALL.into_iter().map(|p| view! {
                <A href=preset_href(p) attr:class="chip">{t(p.label())}</A>
            }).collect_view()}
        </nav>
        <super::saved_filters::SavedFilters/>
        <FilterBar target="/tickets" with_status_and_sort=true/>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(page) => {
                        rows.set(page.items);
                        let next_href = page.next_cursor.map(|c| {
                            let q = query_of(&filter.get_untracked(), sort.get_untracked());
                            let sep = if q.is_empty() { "" } else { "&" };
                            format!("/tickets?{q}{sep}cursor={}", crate::url::encode(&c))
                        });
                        let first_href = format!("/tickets?{}", query_of(&filter.get_untracked(), sort.get_untracked()));
                        view! {
                            <Show when=move || !rows.with(Vec::is_empty)
                                fallback=|| view! { <p class="muted">{t(Msg::NoResults)}</p> }>
                                <div class="table-wrap">
                                <table class="table" data-testid="tickets-table">
                                    <thead><tr>
                                        <th scope="col">{t(Msg::ColNumber)}</th>
                                        <th scope="col">{t(Msg::ColTitle)}</th>
                                        <th scope="col">{t(Msg::ColStatus)}</th>
                                        <th scope="col">{t(Msg::FieldPriority)}</th>
                                        <th scope="col">{t(Msg::FieldSla)}</th>
                                        <th scope="col">{t(Msg::FieldAssignee)}</th>
                                        <th scope="col">{t(Msg::FieldGroup)}</th>
                                        <th scope="col">{t(Msg::ColUpdated)}</th>
                                    </tr></thead>
                                    <tbody>
                                        <For each=move || rows.get() key=|r| (r.id, r.updated_at, r.sla_state) let:r>
                                            <tr data-ticket=r.number.clone()>
                                                <td>{
                                                    let (href, number) = (format!("/tickets/{}", r.id), r.number.clone());
                                                    view! { <A href=href>{number}</A> }
                                                }</td>
                                                <td>{r.title.clone()}</td>
                                                <td><StatusBadge status=r.status/></td>
                                                <td><PriorityBadge priority=r.priority/></td>
                                                <td><SlaBadge state=r.sla_state due=r.sla_due_at/></td>
                                                <td>{r.assignee.clone().map(|a| a.name).unwrap_or_else(|| "—".into())}</td>
                                                <td>{r.group.clone().map(|g| g.name).unwrap_or_else(|| "—".into())}</td>
                                                <td><LocalTime at=r.updated_at/></td>
                                            </tr>
                                        </For>
                                    </tbody>
                                </table>
                                </div>
                            </Show>
                            <nav class="pager">
                                {cursor.get_untracked().is_some().then(|| view! { <A href=first_href>{t(Msg::FirstPage)}</A> })}
                                {next_href.map(|href| view! { <A href=href>{t(Msg::NextPage)}</A> })}
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
