//! `/network/cis/:id`: a CI's facts and attributes, its relations (added and removed
//! here), what fails with it, and the way up to its routers.

use super::impact::{ImpactPanel, PathPanel};
use super::ports::PortsPanel;
use super::relations::RelationsPanel;
use super::LifecycleBadge;
use crate::auth::model::Permission;
use crate::cmdb::api::ci_detail;
use crate::cmdb::model::CiView;
use crate::components::{title_of, use_route_id, ErrorBanner, LocalTime, PageTitle};
use crate::i18n::{t, use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub fn CiDetailPage() -> impl IntoView {
    let route_id = use_route_id();
    let id = move || route_id.get().unwrap_or(0);
    let session = crate::shell::use_session();
    let can_manage = session
        .user
        .as_ref()
        .is_some_and(|u| u.can(Permission::ManagePlant));
    let sees_customers = session
        .user
        .as_ref()
        .is_some_and(|u| u.can(Permission::ViewCustomers));
    // Bumped when a relation changes, so the facts, the impact and the path follow.
    let version = RwSignal::new(0u32);
    let record = Resource::new(move || (id(), version.get()), |(id, _)| ci_detail(id));
    view! {
        <PageTitle text=title_of(Msg::CisTitle)/>
        <p><a href="/network/cis">{t(Msg::BackToCis)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(view) => {
                        let has_ports = sees_customers && view.ports_total.is_some();
                        let ci_id = view.ci.id.0;
                        view! {
                            <CiFacts view=view.clone() can_manage=can_manage/>
                            {has_ports.then(|| view! { <PortsPanel id=ci_id can_manage=can_manage version=version/> })}
                            <RelationsPanel view=view can_manage=can_manage version=version/>
                            // Inside the same body as the panels above: resources get their
                            // hydration ids in creation order, and anything created outside
                            // this Suspend would take its ids before or after the panels
                            // depending on when `record` resolved on the server, so a full
                            // load failed to hydrate about half the time.
                            {sees_customers.then(|| view! { <ImpactPanel id=ci_id/> })}
                            <PathPanel id=ci_id/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn CiFacts(view: CiView, can_manage: bool) -> impl IntoView {
    let locale = use_i18n().locale.get_untracked();
    let ci = view.ci;
    let class = view.class;
    let location = ci
        .latitude
        .zip(ci.longitude)
        .map(|(lat, lng)| format!("{lat:.6}, {lng:.6}"));
    let line_link = ci.subscription_id.map(|s| format!("/subscriptions/{s}"));
    let router_link = ci.nas_id.map(|n| format!("/network/nas/{n}"));
    let ports = view
        .ports_total
        .map(|total| format!("{} / {total}", view.ports_used));
    let attributes: Vec<(String, String)> = class
        .attributes
        .iter()
        .filter_map(|def| {
            let value = ci.attributes.iter().find(|v| v.key == def.key)?;
            Some((def.label.text(locale).to_owned(), value.value.clone()))
        })
        .collect();
    view! {
        <div class="page-header">
            <h1><code>{ci.code.clone()}</code>" "{ci.name.clone()}</h1>
            <div class="actions">
                <a class="button" href=format!("/network/cis/{}/graph", ci.id) data-testid="ci-graph-link">{t(Msg::CiGraphOpen)}</a>
                {can_manage.then(|| view! {
                    <a class="button" href=format!("/network/cis/{}/edit", ci.id)>{t(Msg::Edit)}</a>
                })}
            </div>
        </div>
        <section class="panel" data-testid="ci-facts">
            <dl class="facts">
                <dt>{t(Msg::CiClassLabel)}</dt><dd>{class.name(locale).to_owned()}</dd>
                <dt>{t(Msg::CiLifecycle)}</dt><dd><LifecycleBadge lifecycle=ci.lifecycle/></dd>
                <dt>{t(Msg::CiAddress)}</dt><dd>{ci.address.clone()}</dd>
                <dt>{t(Msg::CiLocation)}</dt><dd>{location.unwrap_or_else(|| "—".into())}</dd>
                <dt>{t(Msg::CiOwnerGroup)}</dt><dd>{ci.owner_group.clone().unwrap_or_else(|| "—".into())}</dd>
                {ports.map(|p| view! { <dt>{t(Msg::CiPortsUsed)}</dt><dd data-testid="ci-ports">{p}</dd> })}
                {attributes.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()}
                {router_link.map(|href| view! { <dt>{t(Msg::CiStandsFor)}</dt><dd><a href=href>{t(Msg::CiOpenRouter)}</a></dd> })}
                {line_link.map(|href| view! { <dt>{t(Msg::CiStandsFor)}</dt><dd><a href=href>{t(Msg::CiOpenLine)}</a></dd> })}
                <dt>{t(Msg::ColUpdated)}</dt><dd><LocalTime at=ci.updated_at/></dd>
            </dl>
            {(!ci.notes.is_empty()).then(|| view! { <p class="notes">{ci.notes.clone()}</p> })}
        </section>
    }
}
