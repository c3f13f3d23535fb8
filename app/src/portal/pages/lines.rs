//! The customer's lines, each with whether it is online now.

use crate::components::ErrorBanner;
use crate::i18n::{t, Msg};
use crate::portal::api::my_lines;
use crate::portal::model::PortalLine;
use crate::subscriptions::model::SubscriptionStatus;
use crate::subscriptions::pages::SubscriptionStatusBadge;
use leptos::prelude::*;

#[component]
pub fn MyLines() -> impl IntoView {
    let lines = Resource::new(|| (), |_| my_lines());
    view! {
        <section aria-labelledby="my-lines">
            <h2 id="my-lines">{t(Msg::MyLines)}</h2>
            <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match lines.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::NoSubscriptions)}</p> }.into_any(),
                        Ok(list) => list.into_iter().map(|line| view! { <LineCard line=line/> }).collect_view().into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn LineCard(line: PortalLine) -> impl IntoView {
    let isolated = line.status == SubscriptionStatus::Isolated;
    let online = line.session.as_ref().map(|s| s.online);
    view! {
        <article class="card line-card" data-line=line.username.clone()>
            <header class="line-card-head">
                <h3>{line.plan_name.clone()}</h3>
                <SubscriptionStatusBadge status=line.status/>
            </header>
            <dl class="facts">
                <dt>{t(Msg::PlanSpeed)}</dt><dd>{line.plan_speed.clone()}</dd>
                <dt>{t(Msg::PlanPrice)}</dt><dd>{crate::format::rupiah(line.price_rupiah)}</dd>
                <dt>{t(Msg::PppUsername)}</dt><dd><code>{line.username.clone()}</code></dd>
                <dt>{t(Msg::InstallAddress)}</dt><dd>{line.install_address.clone()}</dd>
                <dt>{t(Msg::LineNow)}</dt>
                <dd data-testid="line-online">
                    {match online {
                        Some(true) => view! { <span class="badge" data-online="yes">{t(Msg::LineOnline)}</span> }.into_any(),
                        Some(false) => view! { <span class="badge badge-down" data-online="no">{t(Msg::LineOffline)}</span> }.into_any(),
                        None => view! { <span class="badge badge-off" data-online="unknown">{t(Msg::LineUnknown)}</span> }.into_any(),
                    }}
                </dd>
                {line.session.clone().filter(|s| s.online).map(|s| view! {
                    <dt>{t(Msg::RouterUptime)}</dt><dd>{s.uptime}</dd>
                    <dt>{t(Msg::ColAddress)}</dt><dd>{s.address}</dd>
                })}
            </dl>
            {isolated.then(|| view! {
                <p class="banner banner-warn" role="status">
                    {t(Msg::PortalIsolated)}
                    {(!line.status_reason.is_empty()).then(|| format!(" {}", line.status_reason))}
                </p>
            })}
            <p><a class="button" href=format!("/portal/report?line={}", line.id)>{t(Msg::ReportFault)}</a></p>
        </article>
    }
}
