//! `/field/orders/:id`: one work order — who, where, when, what it needs before it is done,
//! the proof gathered on site and its history; the desk plans, reschedules and cancels it.

use super::schedule::{DeskMoves, SchedulePanel};
use super::{WindowText, WoStateBadge};
use crate::components::{title_of, use_route_id, ErrorBanner, LocalTime, PageTitle};
use crate::field::api::work_order;
use crate::field::model::{parse_rx_power, EvidenceKind, RxVerdict, WorkOrderDetail};
use crate::i18n::{t, use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub fn WorkOrderPage() -> impl IntoView {
    let id = use_route_id();
    let version = RwSignal::new(0u32);
    let order = Resource::new(
        move || (id.get(), version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => work_order(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=title_of(Msg::WoTitle)/>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match order.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(found) => view! { <Order order=found version=version/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Order(order: WorkOrderDetail, version: RwSignal<u32>) -> impl IntoView {
    let plannable = order.can_dispatch && !order.state.is_final() && !order.state.is_under_way();
    let desk_moves = order.can_dispatch && !order.state.is_final();
    view! {
        <div class="page-header">
            <h1>{order.number.clone()}" · "{t(order.kind.label())}</h1>
            <WoStateBadge state=order.state/>
        </div>
        <div class="detail-grid">
            <Summary order=order.clone()/>
            <Outstanding order=order.clone()/>
        </div>
        {plannable.then(|| view! { <SchedulePanel order=order.clone() version=version/> })}
        {desk_moves.then(|| view! { <DeskMoves order=order.clone() version=version/> })}
        <Evidence order=order.clone()/>
        <History order=order/>
    }
}

#[component]
fn Summary(order: WorkOrderDetail) -> impl IntoView {
    let map_link = order.latitude.zip(order.longitude).map(|(lat, lng)| {
        format!("https://www.google.com/maps/search/?api=1&query={lat:.6},{lng:.6}")
    });
    view! {
        <section class="panel" data-testid="wo-summary">
            <dl class="facts">
                {order.customer.clone().map(|(id, name)| view! {
                    <dt>{t(Msg::WoCustomer)}</dt>
                    <dd><a href=format!("/customers/{id}")>{name}</a>
                        {(!order.customer_phone.is_empty()).then(|| view! {
                            " · "<a href=format!("tel:{}", order.customer_phone)>{order.customer_phone.clone()}</a>
                        })}</dd>
                })}
                {order.subscription.clone().map(|(id, username)| view! {
                    <dt>{t(Msg::WoLine)}</dt><dd><a href=format!("/subscriptions/{id}")>{username}</a></dd>
                })}
                {order.ticket.clone().map(|(id, number)| view! {
                    <dt>{t(Msg::WoTicket)}</dt><dd><a href=format!("/tickets/{id}")>{number}</a></dd>
                })}
                {order.ci.clone().map(|(id, code)| view! {
                    <dt>{t(Msg::WoCi)}</dt><dd><a href=format!("/network/cis/{id}")>{code}</a></dd>
                })}
                <dt>{t(Msg::WoAddress)}</dt>
                <dd>{order.address.clone()}
                    {map_link.map(|href| view! { " · "<a href=href target="_blank" rel="noopener">{t(Msg::WoOpenMap)}</a> })}</dd>
                {order.odp.clone().map(|(id, code)| view! {
                    <dt>{t(Msg::WoOdpPort)}</dt>
                    <dd><a href=format!("/network/cis/{id}")>{code}</a>" · port "{order.odp_port.unwrap_or_default()}</dd>
                })}
                <dt>{t(Msg::WoWindow)}</dt>
                <dd>{match order.window {
                    Some(w) => view! { <WindowText window=w/> }.into_any(),
                    None => view! { <span class="muted">{t(Msg::WoNotScheduled)}</span> }.into_any(),
                }}</dd>
                <dt>{t(Msg::WoTechnician)}</dt>
                <dd>{order.technician.clone().map(|t| t.1).unwrap_or_else(|| "—".into())}</dd>
                {(!order.instructions.is_empty()).then(|| view! {
                    <dt>{t(Msg::WoInstructions)}</dt><dd class="prewrap">{order.instructions.clone()}</dd>
                })}
                {(!order.tech_notes.is_empty()).then(|| view! {
                    <dt>{t(Msg::WoTechNotes)}</dt><dd class="prewrap" data-testid="wo-tech-notes">{order.tech_notes.clone()}</dd>
                })}
                {order.failure_reason.map(|r| view! {
                    <dt>{t(Msg::WoFailureReason)}</dt>
                    <dd>{t(r.label())}{(!order.failure_note.is_empty()).then(|| format!(" — {}", order.failure_note))}</dd>
                })}
            </dl>
        </section>
    }
}

/// The checklist and the evidence the kind asks for, ticked or still open.
#[component]
fn Outstanding(order: WorkOrderDetail) -> impl IntoView {
    let english = use_i18n().locale.get_untracked() == crate::i18n::Locale::En;
    view! {
        <section class="panel" data-testid="wo-outstanding">
            <h2>{t(Msg::WoChecklist)}</h2>
            <ul class="checklist">
                {order.checklist.iter().map(|item| {
                    let done = order.ticked.contains(&item.key);
                    view! {
                        <li data-item=item.key.clone() data-done=done.to_string()>
                            <span aria-hidden="true">{if done { "☑" } else { "☐" }}</span>" "
                            {item.text(english).to_owned()}
                            <span class="visually-hidden">{if done { t(Msg::Yes) } else { t(Msg::No) }}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h2>{t(Msg::WoRequiredEvidence)}</h2>
            <ul class="checklist">
                {order.required_evidence.iter().map(|kind| {
                    let done = !order.outstanding.evidence.contains(kind);
                    view! {
                        <li data-evidence=kind.code() data-done=done.to_string()>
                            <span aria-hidden="true">{if done { "☑" } else { "☐" }}</span>" "{t(kind.label())}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Evidence(order: WorkOrderDetail) -> impl IntoView {
    let id = order.id;
    let empty = order.evidence.is_empty();
    view! {
        <section class="panel" data-testid="wo-evidence">
            <h2>{t(Msg::WoEvidence)}</h2>
            {empty.then(|| view! { <p class="muted">{t(Msg::WoNoEvidence)}</p> })}
            <ul class="evidence-list">
                {order.evidence.into_iter().map(|e| {
                    let body = if e.is_file {
                        let src = format!("/api/work-orders/{id}/evidence/{}", e.id);
                        let href = src.clone();
                        view! { <a href=href target="_blank"><img class="evidence-thumb" src=src alt=t(e.kind.label()) loading="lazy"/></a> }.into_any()
                    } else if e.kind == EvidenceKind::RxPower {
                        let verdict = parse_rx_power(&e.value).ok().map(RxVerdict::of);
                        view! {
                            <strong>{e.value.clone()}" dBm"</strong>
                            {verdict.map(|v| view! { " "<span class=format!("badge rx-{}", v.code())>{t(v.label())}</span> })}
                        }.into_any()
                    } else {
                        view! { <code>{e.value.clone()}</code> }.into_any()
                    };
                    view! {
                        <li data-evidence=e.kind.code()>
                            <div class="muted small">{t(e.kind.label())}" · "<LocalTime at=e.at/>{e.by.map(|b| format!(" · {b}"))}</div>
                            {body}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn History(order: WorkOrderDetail) -> impl IntoView {
    view! {
        <section class="panel" data-testid="wo-history">
            <h2>{t(Msg::WoHistory)}</h2>
            <ol class="timeline">
                {order.events.into_iter().map(|e| view! {
                    <li data-to=e.to.code()>
                        <LocalTime at=e.at/>" · "<WoStateBadge state=e.to/>
                        {e.reason.map(|r| view! { " "<span>{t(r.label())}</span> })}
                        {e.actor.map(|a| view! { <span class="muted">" · "{a}</span> })}
                        {(!e.note.is_empty()).then(|| view! { <div class="prewrap">{e.note.clone()}</div> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
