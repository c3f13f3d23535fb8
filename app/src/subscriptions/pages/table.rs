//! A customer's lines with their provisioning state.

use crate::components::LocalTime;
use crate::i18n::{t, Msg};
use crate::subscriptions::model::{ProvisionState, Subscription, SubscriptionStatus};
use leptos::prelude::*;

#[component]
pub fn SubscriptionStatusBadge(status: SubscriptionStatus) -> impl IntoView {
    let class = format!("badge badge-line-{}", status.as_str());
    view! { <span class=class data-status=status.as_str()>{t(status.label())}</span> }
}

/// Queued / applied / failed: whether the router holds what Simpul wants for the line.
#[component]
pub fn ProvisionBadge(state: ProvisionState) -> impl IntoView {
    let class = match state {
        ProvisionState::Applied => "badge",
        ProvisionState::Queued => "badge badge-off",
        ProvisionState::Failed => "badge badge-down",
    };
    view! { <span class=class data-provision=state.as_str()>{t(state.label())}</span> }
}

#[component]
pub fn SubscriptionTable(lines: Vec<Subscription>) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="muted">{t(Msg::NoSubscriptions)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="subscription-table">
            <thead><tr>
                <th scope="col">{t(Msg::PppUsername)}</th>
                <th scope="col">{t(Msg::PlanTitle)}</th>
                <th scope="col">{t(Msg::NasTitle)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col">{t(Msg::Provisioning)}</th>
                <th scope="col">{t(Msg::StartDate)}</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|line| view! {
                    <tr data-line=line.username.clone()>
                        <th scope="row"><a href=format!("/subscriptions/{}", line.id)>{line.username.clone()}</a></th>
                        <td>{line.plan_name.clone()}<div class="muted small">{line.plan_speed.clone()}</div></td>
                        <td>{line.nas_name.clone()}</td>
                        <td><SubscriptionStatusBadge status=line.status/></td>
                        <td>
                            <ProvisionBadge state=line.provision_state/>
                            {line.provisioned_at.map(|at| view! { <div class="muted small"><LocalTime at=at/></div> })}
                        </td>
                        <td>{line.start_date.map(|d| d.format("%d-%m-%Y").to_string())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}
