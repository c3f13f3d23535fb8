//! What fails with a CI (counts per class, the customers and lines, business first, with
//! their open tickets) and the way up from it.

use super::CiLink;
use crate::cmdb::api::{ci_impact, ci_path};
use crate::cmdb::model::Impact;
use crate::components::ErrorBanner;
use crate::i18n::{t, use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub fn ImpactPanel(id: i64) -> impl IntoView {
    let impact = Resource::new(move || id, ci_impact);
    view! {
        <section class="panel" data-testid="ci-impact">
            <h2>{t(Msg::CiImpact)}</h2>
            <p class="muted">{t(Msg::CiImpactIntro)}</p>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match impact.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(impact) => view! { <ImpactView impact=impact/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ImpactView(impact: Impact) -> impl IntoView {
    let locale = use_i18n().locale.get_untracked();
    let more = impact.line_count - impact.lines.len() as i64;
    view! {
        <ul class="stat-row" data-testid="impact-summary">
            <li><strong data-testid="impact-customers">{impact.customers}</strong>" "{t(Msg::CiImpactCustomers)}</li>
            <li><strong data-testid="impact-business">{impact.business_customers}</strong>" "{t(Msg::CiImpactBusiness)}</li>
            <li><strong data-testid="impact-lines">{impact.line_count}</strong>" "{t(Msg::CiImpactLines)}</li>
            <li><strong>{impact.open_tickets}</strong>" "{t(Msg::CiImpactTickets)}</li>
            <li><strong data-testid="impact-kept-up">{impact.kept_up}</strong>" "{t(Msg::CiImpactKeptUp)}</li>
        </ul>
        {(!impact.by_class.is_empty()).then(|| view! {
            <p data-testid="impact-classes">
                {impact.by_class.iter().map(|c| format!("{} × {}", c.count, c.name.text(locale))).collect::<Vec<_>>().join(" · ")}
            </p>
        })}
        {if impact.lines.is_empty() {
            view! { <p class="muted">{t(Msg::CiImpactNone)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                <table class="table" data-testid="impact-lines-table">
                    <thead><tr>
                        <th scope="col">{t(Msg::ColCustomer)}</th>
                        <th scope="col">{t(Msg::CustomerCategory)}</th>
                        <th scope="col">{t(Msg::ColPppUser)}</th>
                        <th scope="col">{t(Msg::ColStatus)}</th>
                        <th scope="col">{t(Msg::CiImpactSession)}</th>
                        <th scope="col">{t(Msg::CiImpactTickets)}</th>
                    </tr></thead>
                    <tbody>
                        {impact.lines.into_iter().map(|line| view! {
                            <tr data-line=line.username.clone()>
                                <th scope="row"><a href=format!("/customers/{}", line.customer_id)>{line.customer_name.clone()}</a></th>
                                <td>{t(if line.business { Msg::CustomerBusiness } else { Msg::CustomerResidential })}</td>
                                <td><a href=format!("/subscriptions/{}", line.subscription_id)><code>{line.username.clone()}</code></a></td>
                                <td>{line.line_status.clone()}</td>
                                <td data-online=line.online.map_or("unknown", |o| if o { "online" } else { "offline" })>
                                    {t(match line.online {
                                        Some(true) => Msg::LineOnline,
                                        Some(false) => Msg::LineOffline,
                                        None => Msg::HealthUnknown,
                                    })}
                                </td>
                                <td>{line.open_tickets}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                {(more > 0).then(|| view! { <p class="muted">{format!("+{more}")}" "{t(Msg::CiImpactMoreLines)}</p> })}
            }.into_any()
        }}
    }
}

/// Every CI this one hangs off, nearest first.
#[component]
pub fn PathPanel(id: i64) -> impl IntoView {
    let path = Resource::new(move || id, ci_path);
    view! {
        <section class="panel" data-testid="ci-path">
            <h2>{t(Msg::CiPathUp)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match path.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(steps) if steps.is_empty() => view! { <p class="muted">{t(Msg::CiPathNone)}</p> }.into_any(),
                        Ok(steps) => view! {
                            <ol class="path-up">
                                {steps.into_iter().map(|step| {
                                    let ports = step.from_port.map(|p| format!(" · port {p}")).unwrap_or_default();
                                    view! {
                                        <li data-depth=step.depth style=format!("--depth: {}", step.depth - 1)>
                                            <span class="muted small">{t(step.kind.label(true))}{ports}" ↑ "</span>
                                            <CiLink ci=step.ci/>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
