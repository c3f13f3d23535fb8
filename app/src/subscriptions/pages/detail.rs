//! `/subscriptions/:id`: the line, whether the router holds it as Simpul wants (and what the
//! outbox did for it), whether it is online now, and its lifecycle moves.

use super::{ProvisionBadge, SubscriptionForm, SubscriptionStatusBadge};
use crate::auth::model::Permission;
use crate::components::{
    refresh_every, title_of, use_route_id, ErrorBanner, LocalTime, PageTitle, StatusChange,
};
use crate::i18n::{t, Msg};
use crate::provisioning::model::Job;
use crate::subscriptions::api::{
    change_subscription_status, subscription_detail, subscription_session,
};
use crate::subscriptions::model::{Subscription, SubscriptionStatus, SubscriptionStatusChange};
use leptos::prelude::*;

#[component]
pub fn SubscriptionPage() -> impl IntoView {
    let route_id = use_route_id();
    let id = move || route_id.get().unwrap_or(0);
    let version = RwSignal::new(0u64);
    // Provisioning moves by itself after a change: follow it while the page is open.
    let tick = RwSignal::new(0u64);
    refresh_every(5, tick);
    let detail = Resource::new(
        move || (id(), version.get(), tick.get()),
        |(id, _, _)| subscription_detail(id),
    );
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <PageTitle text=title_of(Msg::SubscriptionTitle)/>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok((line, jobs)) => view! { <LineView line=line jobs=jobs reload=reload tick=tick/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn LineView(
    line: Subscription,
    jobs: Vec<Job>,
    reload: Callback<()>,
    tick: RwSignal<u64>,
) -> impl IntoView {
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManageCustomers));
    let editing = RwSignal::new(false);
    let draft = line.draft();
    let heading = format!("{} · {}", line.username, line.plan_name);
    let customer_href = format!("/customers/{}", line.customer_id);
    let nas_href = format!("/network/nas/{}", line.nas_id);
    let terminated = line.status == SubscriptionStatus::Terminated;
    view! {
        <p><a href=customer_href.clone()>{format!("← {} · {}", line.customer_code, line.customer_name)}</a></p>
        <div class="page-header">
            <h1 data-testid="line-heading">{heading}</h1>
            <div class="page-actions">
                <SubscriptionStatusBadge status=line.status/>
                {(can_manage && !terminated).then(|| view! {
                    <button type="button" class="button" on:click=move |_| editing.set(true)>{t(Msg::Edit)}</button>
                })}
                {work_order_link(line.id, line.status)}
            </div>
        </div>
        {move || editing.get().then(|| view! {
            <SubscriptionForm draft=draft.clone()
                saved=Callback::new(move |_| { editing.set(false); reload.run(()); })
                cancel=Callback::new(move |()| editing.set(false))/>
        })}
        <div class="detail-grid">
            <section class="panel">
                <h2>{t(Msg::SubscriptionTitle)}</h2>
                <dl class="facts">
                    <dt>{t(Msg::PlanTitle)}</dt>
                    <dd>{line.plan_name.clone()}" · "{line.plan_speed.clone()}" · "{crate::format::rupiah(line.price_rupiah)}</dd>
                    <dt>{t(Msg::ConnectionType)}</dt><dd>{t(line.connection_type.label())}</dd>
                    <dt>{t(Msg::NasTitle)}</dt><dd><a href=nas_href>{line.nas_name.clone()}</a></dd>
                    <dt>{t(Msg::PppUsername)}</dt><dd><code>{line.username.clone()}</code></dd>
                    <dt>{t(Msg::StaticIp)}</dt><dd>{line.static_ip.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>{t(Msg::InstallAddress)}</dt><dd>{line.install_address.clone()}</dd>
                    <dt>{t(Msg::StartDate)}</dt><dd>{line.start_date.map(|d| d.format("%d-%m-%Y").to_string())}</dd>
                    <dt>{t(Msg::ColStatus)}</dt>
                    <dd>
                        <SubscriptionStatusBadge status=line.status/>" "
                        {(!line.status_reason.is_empty()).then(|| line.status_reason.clone())}" · "
                        <LocalTime at=line.status_changed_at/>
                    </dd>
                </dl>
            </section>
            <LiveSession id=line.id tick=tick watched=!terminated/>
        </div>
        <section class="panel" data-testid="provisioning">
            <h2>{t(Msg::Provisioning)}</h2>
            <p>
                <ProvisionBadge state=line.provision_state/>" "
                {line.provisioned_at.map(|at| view! { <span class="muted">{t(Msg::AppliedAt)}" "<LocalTime at=at/></span> })}
            </p>
            {line.provision_error.clone().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
            <JobList jobs=jobs/>
        </section>
        {(can_manage && !terminated).then(|| view! { <LineStatusPanel line=line.clone() reload=reload/> })}
    }
}

#[component]
fn LiveSession(id: i64, tick: RwSignal<u64>, watched: bool) -> impl IntoView {
    let session = Resource::new(move || tick.get(), move |_| subscription_session(id));
    view! {
        <section class="panel" data-testid="live-session" aria-live="polite">
            <h2>{t(Msg::LineNow)}</h2>
            {if !watched {
                view! { <p class="muted">"—"</p> }.into_any()
            } else {
                view! {
                    <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                        {move || Suspend::new(async move {
                            match session.await {
                                Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                                Ok(s) if !s.watched => view! { <p class="muted">{t(Msg::LineNotWatched)}</p> }.into_any(),
                                Ok(s) if !s.online => view! {
                                    <p><span class="badge badge-down" data-online="no">{t(Msg::LineOffline)}</span></p>
                                }.into_any(),
                                Ok(s) => view! {
                                    <p><span class="badge" data-online="yes">{t(Msg::LineOnline)}</span></p>
                                    <dl class="facts">
                                        <dt>{t(Msg::ColAddress)}</dt><dd>{s.address}</dd>
                                        <dt>{t(Msg::RouterUptime)}</dt><dd>{s.uptime}</dd>
                                        <dt>{t(Msg::ColCallerId)}</dt><dd>{s.caller_id}</dd>
                                    </dl>
                                }.into_any(),
                            }
                        })}
                    </Transition>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn JobList(jobs: Vec<Job>) -> impl IntoView {
    if jobs.is_empty() {
        return ().into_any();
    }
    view! {
        <div class="table-wrap">
        <table class="table table-compact">
            <thead><tr>
                <th scope="col">"#"</th>
                <th scope="col">{t(Msg::JobWhat)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col">{t(Msg::JobOutcome)}</th>
                <th scope="col">{t(Msg::ColCreated)}</th>
            </tr></thead>
            <tbody>
                {jobs.into_iter().map(|job| view! {
                    <tr>
                        <td>{job.id}</td>
                        <td><code>{format!("{} {} {}", job.action.as_str(), job.kind.menu(), job.key)}</code></td>
                        <td>{t(job.state.label())}</td>
                        <td>{
                            let i18n = crate::i18n::use_i18n();
                            let (outcome, error) = (job.outcome.clone(), job.last_error.clone());
                            move || outcome
                                .as_deref()
                                .map(|o| crate::provisioning::model::outcome_text(o, i18n.locale.get()))
                                .or(error.clone())
                        }</td>
                        <td><LocalTime at=job.created_at/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

#[component]
fn LineStatusPanel(line: Subscription, reload: Callback<()>) -> impl IntoView {
    let id = line.id;
    let change = Action::new(|c: &SubscriptionStatusChange| change_subscription_status(c.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            reload.run(());
        }
    });
    let options: Vec<(&'static str, Msg)> = line
        .status
        .next_states()
        .into_iter()
        .map(|s| (s.as_str(), s.action_label()))
        .collect();
    let submit = Callback::new(move |(code, reason): (String, String)| {
        if let Some(status) = SubscriptionStatus::parse(&code) {
            change.dispatch(SubscriptionStatusChange { id, status, reason });
        }
    });
    view! {
        <section class="panel">
            <h2>{t(Msg::SubscriptionStatusTitle)}</h2>
            <p class="muted small">{t(Msg::SubscriptionStatusHint)}</p>
            <StatusChange options=options pending=change.pending()
                error=Signal::derive(move || change.value().get().and_then(Result::err))
                submit=submit/>
        </section>
    }
}

/// Opening the field visit a line needs: its installation while it waits, its dismantle once
/// terminated.
fn work_order_link(line: i64, status: SubscriptionStatus) -> Option<impl IntoView> {
    use crate::field::model::WorkOrderKind;
    let may = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::RequestWorkOrders));
    let kind = match status {
        SubscriptionStatus::PendingInstall => WorkOrderKind::Installation,
        SubscriptionStatus::Terminated => WorkOrderKind::Dismantle,
        _ => return None,
    };
    may.then(|| {
        let href = format!("/field/orders/new?kind={}&subscription={line}", kind.code());
        view! { <a class="button" href=href data-testid="line-work-order">{t(Msg::WoCreate)}" · "{t(kind.label())}</a> }
    })
}
