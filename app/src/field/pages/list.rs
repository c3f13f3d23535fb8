//! `/field/orders`: every work order, newest first, filtered by state, kind, technician and
//! the day of the appointment. The filters live in the URL (a plain GET form).

use super::{WindowText, WoStateBadge};
use crate::components::{title_of, ErrorBanner, LocalTime, PageTitle};
use crate::field::api::{technician_options, work_orders};
use crate::field::model::{WorkOrderFilter, WorkOrderKind, WorkOrderState};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn WorkOrderListPage() -> impl IntoView {
    let query = use_query_map();
    let current = move |key: &str| query.read().get(key).unwrap_or_default();
    let filter = Memo::new(move |_| WorkOrderFilter {
        state: WorkOrderState::from_code(&current("state")),
        kind: WorkOrderKind::from_code(&current("kind")),
        technician_id: current("technician").parse().ok(),
        day: chrono::NaiveDate::parse_from_str(&current("day"), "%Y-%m-%d").ok(),
        before_id: current("before").parse().ok(),
    });
    let page = Resource::new(move || filter.get(), work_orders);
    let technicians = Resource::new(|| (), |_| technician_options());
    let next_href = move |before: i64| {
        format!(
            "/field/orders?state={}&kind={}&technician={}&day={}&before={before}",
            current("state"),
            current("kind"),
            current("technician"),
            current("day"),
        )
    };
    view! {
        <PageTitle text=title_of(Msg::WoTitle)/>
        <div class="page-header">
            <h1>{t(Msg::WoTitle)}</h1>
            <div class="page-actions">
                <a class="button" href="/field/orders/new?kind=survey">{t(Msg::WoNewSurvey)}</a>
            </div>
        </div>
        <p class="muted">{t(Msg::WoIntro)}</p>
        <Form action="/field/orders" method="GET" {..} class="filters" role="search">
            <div class="field">
                <label for="wo-state">{t(Msg::WoState)}</label>
                <select id="wo-state" name="state">
                    <option value="">{t(Msg::AllStatuses)}</option>
                    {WorkOrderState::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=move || current("state") == s.code()>{t(s.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="wo-kind">{t(Msg::WoKind)}</label>
                <select id="wo-kind" name="kind">
                    <option value="">{t(Msg::WoAllKinds)}</option>
                    {WorkOrderKind::ALL.into_iter().map(|k| view! {
                        <option value=k.code() selected=move || current("kind") == k.code()>{t(k.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="wo-technician">{t(Msg::WoTechnician)}</label>
                <Suspense fallback=move || view! { <select id="wo-technician" name="technician"><option value="">{t(Msg::WoAnyTechnician)}</option></select> }>
                    {move || Suspend::new(async move {
                        let list = technicians.await.unwrap_or_default();
                        view! {
                            <select id="wo-technician" name="technician">
                                <option value="">{t(Msg::WoAnyTechnician)}</option>
                                {list.into_iter().map(|tech| {
                                    let id = tech.user_id.to_string();
                                    let selected = { let id = id.clone(); move || current("technician") == id };
                                    view! { <option value=id selected=selected>{tech.name}</option> }
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
            </div>
            <div class="field">
                <label for="wo-day">{t(Msg::WoDay)}</label>
                <input id="wo-day" type="date" name="day" value=move || current("day")/>
            </div>
            <div class="filters-actions">
                <button type="submit" class="button">{t(Msg::Apply)}</button>
            </div>
        </Form>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(page) if page.rows.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(page) => view! {
                        <div class="table-wrap">
                        <table class="table" data-testid="wo-table">
                            <thead><tr>
                                <th scope="col">{t(Msg::WoNumber)}</th>
                                <th scope="col">{t(Msg::WoKind)}</th>
                                <th scope="col">{t(Msg::WoState)}</th>
                                <th scope="col">{t(Msg::WoCustomer)}</th>
                                <th scope="col">{t(Msg::WoWindow)}</th>
                                <th scope="col">{t(Msg::WoTechnician)}</th>
                                <th scope="col">{t(Msg::WoCreated)}</th>
                            </tr></thead>
                            <tbody>
                                {page.rows.into_iter().map(|row| view! {
                                    <tr data-wo=row.number.clone()>
                                        <th scope="row"><a href=format!("/field/orders/{}", row.id)>{row.number.clone()}</a>
                                            {row.ticket.clone().map(|n| view! { <span class="muted small">" · "{n}</span> })}</th>
                                        <td>{t(row.kind.label())}</td>
                                        <td><WoStateBadge state=row.state/></td>
                                        <td>{row.customer.clone().unwrap_or_default()}<div class="muted small">{row.address.clone()}</div></td>
                                        <td>{row.window.map(|w| view! { <WindowText window=w/> })}</td>
                                        <td>{row.technician.clone().unwrap_or_default()}</td>
                                        <td><LocalTime at=row.created_at/></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                        {page.next_before_id.map(|id| view! {
                            <p><a class="button" href=next_href(id)>{t(Msg::NextPage)}</a></p>
                        })}
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
