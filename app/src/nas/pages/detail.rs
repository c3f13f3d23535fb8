//! `/network/nas/:id`: the record, then what the router reports now (resources, active
//! sessions, interfaces, PPP profiles), refreshed every 10 s, and the admin terminal.

use super::facts::FactsList;
use super::terminal::TerminalPanel;
use super::{refresh_every, Cell, RouterTable, StateBadge};
use crate::auth::model::Permission;
use crate::components::{title_of, use_route_id, ErrorBanner, LocalTime, PageTitle};
use crate::i18n::{t, Msg};
use crate::nas::api::{nas_detail, read_nas_live, CheckNasNow};
use crate::nas::model::{Nas, NasLive};
use crate::provisioning::pages::{DriftPanel, ProvisioningSettings};
use leptos::prelude::*;

const SESSION_COLUMNS: &[(&str, Msg, Cell)] = &[
    ("name", Msg::ColPppUser, Cell::Text),
    ("address", Msg::ColAddress, Cell::Text),
    ("caller-id", Msg::ColCallerId, Cell::Text),
    ("uptime", Msg::RouterUptime, Cell::Text),
    ("service", Msg::ColService, Cell::Text),
];
const INTERFACE_COLUMNS: &[(&str, Msg, Cell)] = &[
    ("name", Msg::ColName, Cell::Text),
    ("type", Msg::ColType, Cell::Text),
    ("running", Msg::ColRunning, Cell::Flag),
    ("rx-byte", Msg::ColRxBytes, Cell::Bytes),
    ("tx-byte", Msg::ColTxBytes, Cell::Bytes),
    ("comment", Msg::ColComment, Cell::Text),
];
const PROFILE_COLUMNS: &[(&str, Msg, Cell)] = &[
    ("name", Msg::ColName, Cell::Text),
    ("rate-limit", Msg::ColRateLimit, Cell::Text),
    ("local-address", Msg::ColLocalAddress, Cell::Text),
    ("remote-address", Msg::ColRemoteAddress, Cell::Text),
    ("comment", Msg::ColComment, Cell::Text),
];

#[component]
pub fn NasDetailPage() -> impl IntoView {
    let route_id = use_route_id();
    let id = move || route_id.get().unwrap_or(0);
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManageNetwork));
    let tick = RwSignal::new(0u64);
    refresh_every(10, tick);
    // The header follows the monitor's verdict as the live view follows the router.
    let record = Resource::new(move || (id(), tick.get()), |(id, _)| nas_detail(id));
    let live = Resource::new(move || (id(), tick.get()), |(id, _)| read_nas_live(id));
    let check = ServerAction::<CheckNasNow>::new();
    Effect::new(move |_| {
        if check.version().get() > 0 {
            tick.update(|n| *n += 1);
        }
    });
    view! {
        <PageTitle text=title_of(Msg::NasTitle)/>
        <p><a href="/network/nas">{t(Msg::BackToNas)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(nas) => view! { <NasHeader nas=nas/> }.into_any(),
                }
            })}
        </Transition>
        <div class="page-actions">
            <button type="button" class="button" on:click=move |_| tick.update(|n| *n += 1)>{t(Msg::Refresh)}</button>
            <button type="button" class="button" data-testid="nas-check-now" disabled=move || check.pending().get()
                on:click=move |_| { check.dispatch(CheckNasNow { id: id() }); }>{t(Msg::NasCheckNow)}</button>
        </div>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::NasReading)}</p> }>
            {move || Suspend::new(async move {
                match live.await {
                    Err(e) => view! { <div data-testid="live-error"><ErrorBanner error=Some(e)/></div> }.into_any(),
                    Ok(live) => view! { <LiveView live=live/> }.into_any(),
                }
            })}
        </Transition>
        <div class="stack-gap">{move || view! { <DriftPanel nas_id=id() can_manage=can_manage/> }}</div>
        <div class="stack-gap">{move || view! { <ProvisioningSettings nas_id=id() can_manage=can_manage/> }}</div>
        {move || can_manage.then(|| view! { <div class="stack-gap"><TerminalPanel nas_id=id()/></div> })}
    }
}

#[component]
fn NasHeader(nas: Nas) -> impl IntoView {
    let address = format!(
        "{}:{} · {}",
        nas.host,
        nas.port,
        crate::i18n::tr(nas.api_kind.label())
    );
    view! {
        <div class="page-header">
            <h1>{nas.name.clone()}</h1>
            <StateBadge state=nas.status.state/>
        </div>
        <p class="muted">
            {address}
            {(!nas.site.is_empty()).then(|| format!(" · {}", nas.site))}
        </p>
        {nas.status.checked_at.map(|at| view! {
            <p class="muted small">{t(Msg::NasCheckedAt)}" " <LocalTime at=at/></p>
        })}
        {nas.status.last_error.map(|e| view! { <p class="small error-text">{e}</p> })}
        {(!nas.notes.is_empty()).then(|| view! { <p class="notes">{nas.notes.clone()}</p> })}
    }
}

#[component]
fn LiveView(live: NasLive) -> impl IntoView {
    let session_count = live.sessions.len();
    view! {
        <div class="stack">
        <section class="panel">
            <h2>{t(Msg::NasResources)}</h2>
            <FactsList facts=live.facts/>
        </section>
        <section class="panel">
            <h2>{t(Msg::NasSessions)} " (" <span data-testid="session-count">{session_count}</span> ")"</h2>
            <RouterTable rows=live.sessions columns=SESSION_COLUMNS empty=Msg::NasNoSessions testid="sessions-table"/>
        </section>
        <section class="panel">
            <h2>{t(Msg::NasInterfaces)}</h2>
            <RouterTable rows=live.interfaces columns=INTERFACE_COLUMNS empty=Msg::NasNoRows testid="interfaces-table"/>
        </section>
        <section class="panel">
            <h2>{t(Msg::NasProfiles)}</h2>
            <RouterTable rows=live.profiles columns=PROFILE_COLUMNS empty=Msg::NasNoRows testid="profiles-table"/>
        </section>
        </div>
    }
}
