//! One ticket: description, timeline and comment box on the left; status, SLA clocks,
//! assignment, classification and details on the right. Reloads itself when anyone
//! changes the ticket.

use super::detail_attachments::Attachments;
use super::detail_edit::EditTicket;
use super::detail_side::{Assignment, Classification, Related, StatusActions};
use super::detail_timeline::{CommentBox, Timeline};
use crate::components::{title_of, use_route_id, ErrorBanner, LocalTime, PageTitle};
use crate::i18n::use_i18n;
use crate::i18n::{t, Msg};
use crate::outages::pages::OutagePanel;
use crate::tickets::api::{get_ticket, ticket_timeline, watch_ticket};
use crate::tickets::components::format_remaining;
use crate::tickets::components::{PriorityBadge, SlaCountdown, StatusBadge};
use crate::tickets::live::on_ticket_changes;
use crate::tickets::model::{
    AssignmentReason, SlaClockView, SlaState, TicketDetail, TicketId, TicketKind,
};
use leptos::prelude::*;

#[component]
pub fn TicketPage() -> impl IntoView {
    let route_id = use_route_id();
    let id = Memo::new(move |_| route_id.get().map(TicketId));
    let reload = RwSignal::new(0u64);
    let detail = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_ticket(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let timeline = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| async move {
            match id {
                Some(id) => ticket_timeline(id).await,
                None => Ok(Vec::new()),
            }
        },
    );
    let refresh = Callback::new(move |()| reload.update(|n| *n += 1));
    // Kept above the view that live updates redraw, so a half-typed note survives them.
    let status_note = RwSignal::new(String::new());
    Effect::new(move |_| {
        id.track();
        status_note.set(String::new());
    });
    on_ticket_changes(
        move |ids| {
            if id.get_untracked().is_some_and(|me| ids.contains(&me)) {
                refresh.run(());
            }
        },
        move || refresh.run(()),
    );

    view! {
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            // Both are awaited here, not in nested suspense: a timeline that waited on its own
            // inside a view being replaced could be left blank after a quick double refresh.
            {move || Suspend::new(async move {
                let (detail, timeline) = (detail.await, timeline.await);
                match detail {
                    Err(e) => view! {
                        <PageTitle text=title_of(Msg::TicketTitle)/>
                        <ErrorBanner error=Some(e)/>
                    }.into_any(),
                    Ok(d) => view! { <TicketView d=d timeline=timeline refresh=refresh status_note=status_note/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TicketView(
    d: TicketDetail,
    timeline: Result<Vec<crate::tickets::model::TimelineEntry>, crate::error::AppError>,
    refresh: Callback<()>,
    status_note: RwSignal<String>,
) -> impl IntoView {
    let s = d.summary.clone();
    let id = s.id;
    let page_title = format!("{} {}", s.number, s.title);
    let me = crate::shell::use_session().user.map(|u| u.id.0);
    // The outage panel names CIs and customers' lines.
    let sees_network = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(crate::auth::model::Permission::ViewNetwork));
    let watching = RwSignal::new(d.watchers.iter().any(|w| Some(w.id) == me));
    let watch = Action::new(move |on: &bool| {
        let on = *on;
        async move {
            let r = watch_ticket(id, on).await;
            if r.is_ok() {
                watching.set(on);
            }
            r
        }
    });
    let reason = d.assignment_reason.clone();
    let can_request_repair = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(crate::auth::Permission::RequestWorkOrders));
    let editing = RwSignal::new(false);
    let editable = !s.status.is_final();
    let description_html = d.description_html.clone();
    let for_edit = d.clone();
    view! {
        <PageTitle text=page_title/>
        <div class="page-header ticket-header">
            <div>
                <p class="ticket-number" data-testid="ticket-number">{s.number.clone()}" · "{t(s.kind.label())}</p>
                <h1>{s.title.clone()}</h1>
                <p class="ticket-badges">
                    <StatusBadge status=s.status/>" "
                    <PriorityBadge priority=s.priority/>
                </p>
            </div>
            <div class="page-actions">
                {editable.then(|| view! {
                    <button type="button" class="button" on:click=move |_| editing.update(|e| *e = !*e)>{t(Msg::EditTicket)}</button>
                })}
                {(can_request_repair && s.kind == TicketKind::Incident && s.status.is_open()).then(|| view! {
                    <a class="button" href=format!("/field/orders/new?kind=repair&ticket={}", s.id.0) data-testid="ticket-work-order">
                        {t(Msg::WoCreate)}" · "{t(Msg::WoKindRepair)}</a>
                })}
                <button type="button" class="button" on:click=move |_| { watch.dispatch(!watching.get_untracked()); }>
                    {move || if watching.get() { t(Msg::Unwatch) } else { t(Msg::Watch) }}
                </button>
            </div>
        </div>
        <div class="ticket-layout">
            <div class="ticket-main">
                <Show when=move || editing.get() fallback=move || view! {
                    <section class="panel">
                        <h2 class="visually-hidden">{t(Msg::FieldDescription)}</h2>
                        <div class="markdown" data-testid="ticket-description" inner_html=description_html.clone()></div>
                    </section>
                }>
                    <EditTicket d=for_edit.clone() refresh=refresh open=editing/>
                </Show>
                <CommentBox id=id refresh=refresh/>
                <Attachments id=id files=d.attachments.clone() can_upload=editable refresh=refresh/>
                <Timeline timeline=timeline/>
            </div>
            <aside class="ticket-side">
                <StatusActions d=d.clone() refresh=refresh note=status_note/>
                <section class="panel">
                    <h2>{t(Msg::SlaTitle)}</h2>
                    {if d.clocks.is_empty() {
                        view! { <p class="muted">{t(Msg::NoSlaPolicy)}</p> }.into_any()
                    } else {
                        d.clocks.iter().cloned().map(|c| view! { <ClockRow clock=c/> }).collect_view().into_any()
                    }}
                </section>
                <Assignment d=d.clone() refresh=refresh/>
                {reason.map(|r| view! { <p class="muted assignment-reason" data-testid="assignment-reason"><ReasonText reason=r/></p> })}
                <Classification d=d.clone() refresh=refresh/>
                <section class="panel">
                    <h2>{t(Msg::Details)}</h2>
                    <dl class="facts">
                        <dt>{t(Msg::FieldCategory)}</dt>
                        <dd>{s.category.clone().map(|c| c.name).unwrap_or_else(|| "—".into())}</dd>
                        <dt>{t(Msg::FieldCaller)}</dt>
                        <dd>{d.caller.clone().map(|c| c.name).unwrap_or_else(|| d.caller_name.clone())}
                            {(!d.caller_contact.is_empty()).then(|| format!(" · {}", d.caller_contact))}</dd>
                        <dt>{t(Msg::CreatedBy)}</dt>
                        <dd>{d.created_by.clone().map(|c| c.name).unwrap_or_else(|| "—".into())}" · "<LocalTime at=s.created_at/></dd>
                        <dt>{t(Msg::FieldTags)}</dt>
                        <dd>{if s.tags.is_empty() { "—".to_owned() } else { s.tags.join(", ") }}</dd>
                        <dt>{t(Msg::Watchers)}</dt>
                        <dd>{if d.watchers.is_empty() { "—".to_owned() } else {
                            d.watchers.iter().map(|w| w.name.clone()).collect::<Vec<_>>().join(", ")
                        }}</dd>
                    </dl>
                </section>
                <Related d=d.clone() refresh=refresh/>
                {sees_network.then(|| view! { <OutagePanel id=id refresh=refresh/> })}
            </aside>
        </div>
    }
}

#[component]
fn ReasonText(reason: AssignmentReason) -> impl IntoView {
    let locale = use_i18n().locale;
    move || match &reason {
        AssignmentReason::Category { group } => {
            format!("{} {group}", Msg::ReasonCategory.text(locale.get()))
        }
        AssignmentReason::LeastLoaded {
            group,
            open_tickets,
        } => format!(
            "{} {group} ({open_tickets} {})",
            Msg::ReasonLeastLoaded.text(locale.get()),
            Msg::OpenTicketsCount.text(locale.get())
        ),
    }
}

#[component]
fn ClockRow(clock: SlaClockView) -> impl IntoView {
    let locale = use_i18n().locale;
    let remaining = chrono::Duration::seconds(clock.remaining_seconds());
    let running = matches!(clock.state, SlaState::Running | SlaState::Warning);
    view! {
        <div class=format!("clock sla-{}", clock.state.code()) data-metric=clock.metric.code()>
            <div class="clock-head">
                <strong>{t(clock.metric.label())}</strong>
                <span class="sla-state" data-testid=format!("sla-{}", clock.metric.code())>{t(clock.state.label())}</span>
            </div>
            <div class="clock-body">
                {match (running, clock.due_at) {
                    (true, Some(due)) => view! { <SlaCountdown due=due/>" · "<LocalTime at=due/> }.into_any(),
                    _ if clock.state == SlaState::Paused => view! {
                        <span>{move || format!("{} {}", format_remaining(remaining, locale.get()), Msg::SlaLeft.text(locale.get()))}</span>
                    }.into_any(),
                    _ => clock.stopped_at.map(|at| view! { <LocalTime at=at/> }).into_any(),
                }}
            </div>
            <div class="clock-policy muted">{clock.policy.clone()}</div>
        </div>
    }
}
