//! The filter form above the board and the list. A plain GET form: without JavaScript it
//! still works, with it the router navigates and the page refetches.

use crate::desk::api::ticket_form_options;
use crate::i18n::{t, Msg};
use crate::tickets::model::{Priority, SlaState, Status, TicketKind, TicketSort};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FilterBar(
    /// Where the form submits (`/tickets` or `/tickets/board`).
    target: &'static str,
    /// The list also filters by status and sorts; the board shows statuses as lanes.
    #[prop(optional)]
    with_status_and_sort: bool,
) -> impl IntoView {
    let query = use_query_map();
    let current = move |key: &str| query.read().get(key).unwrap_or_default();
    let options = Resource::new(|| (), |_| ticket_form_options());
    let id = move |name: &str| format!("{target}-{name}").replace('/', "-");
    view! {
        <Form action=target method="GET" {..} class="filters ticket-filters" role="search">
            <div class="field field-wide">
                <label for=id("q")>{t(Msg::SearchTickets)}</label>
                <input id=id("q") type="search" name="q" value=move || current("q")/>
            </div>
            <div class="field">
                <label for=id("kind")>{t(Msg::FilterKind)}</label>
                <select id=id("kind") name="kind">
                    <option value="">{t(Msg::AllKinds)}</option>
                    {TicketKind::ALL.into_iter().map(|k| view! {
                        <option value=k.code() selected=move || current("kind") == k.code()>{t(k.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            {with_status_and_sort.then(|| view! {
                <div class="field">
                    <label for=id("status")>{t(Msg::FilterStatus)}</label>
                    <select id=id("status") name="status">
                        <option value="">{t(Msg::AllStatuses)}</option>
                        <option value="open" selected=move || current("status") == "open">{t(Msg::OpenTickets)}</option>
                        {Status::ALL.into_iter().map(|s| view! {
                            <option value=s.code() selected=move || current("status") == s.code()>{t(s.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label for=id("priority")>{t(Msg::FieldPriority)}</label>
                <select id=id("priority") name="priority">
                    <option value="">{t(Msg::AllPriorities)}</option>
                    {Priority::ALL.into_iter().map(|p| {
                        let v = p.get().to_string();
                        let v2 = v.clone();
                        view! { <option value=v selected=move || current("priority") == v2>{t(p.label())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=id("sla")>{t(Msg::FieldSla)}</label>
                <select id=id("sla") name="sla">
                    <option value="">{t(Msg::AllSlaStates)}</option>
                    {SlaState::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=move || current("sla") == s.code()>{t(s.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(opts) = options.await else { return ().into_any() };
                    view! {
                        <div class="field">
                            <label for=id("group")>{t(Msg::FieldGroup)}</label>
                            <select id=id("group") name="group">
                                <option value="">{t(Msg::AllGroups)}</option>
                                {opts.groups.into_iter().map(|g| {
                                    let v = g.id.to_string();
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || current("group") == v2>{g.name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=id("assignee")>{t(Msg::FieldAssignee)}</label>
                            <select id=id("assignee") name="assignee">
                                <option value="">{t(Msg::Anyone)}</option>
                                <option value="me" selected=move || current("assignee") == "me">{t(Msg::Me)}</option>
                                <option value="none" selected=move || current("assignee") == "none">{t(Msg::Unassigned)}</option>
                                {opts.assignees.into_iter().map(|a| {
                                    let v = a.id.to_string();
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || current("assignee") == v2>{a.name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=id("category")>{t(Msg::FieldCategory)}</label>
                            <select id=id("category") name="category">
                                <option value="">{t(Msg::AllCategories)}</option>
                                {opts.categories.into_iter().map(|c| {
                                    let v = c.id.to_string();
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || current("category") == v2>{c.path}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }.into_any()
                })}
            </Suspense>
            {with_status_and_sort.then(|| view! {
                <div class="field">
                    <label for=id("sort")>{t(Msg::SortBy)}</label>
                    <select id=id("sort") name="sort">
                        {TicketSort::ALL.into_iter().map(|s| view! {
                            <option value=s.code() selected=move || {
                                let c = current("sort");
                                c == s.code() || (c.is_empty() && s == TicketSort::default())
                            }>{t(s.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <button type="submit" class="button">{t(Msg::Apply)}</button>
            <a class="button button-quiet" href=target>{t(Msg::Reset)}</a>
        </Form>
    }
}
