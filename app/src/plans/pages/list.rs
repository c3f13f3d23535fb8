//! The plan list with an inline editor.

use super::form::PlanForm;
use crate::auth::model::Permission;
use crate::components::{title_of, EditButton, ErrorBanner, InlineEditor, PageTitle, StatusBadge};
use crate::i18n::{t, Msg};
use crate::plans::api::list_plans;
use crate::plans::model::{Plan, PlanDraft};
use leptos::prelude::*;

#[component]
pub fn PlansPage() -> impl IntoView {
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManagePlans));
    let editor = InlineEditor::<PlanDraft>::new();
    let (editing, saved) = (editor.editing, editor.saved());
    let plans = Resource::new(move || editor.version.get(), |_| list_plans());
    let new_draft = move |_| {
        editing.set(Some(PlanDraft {
            active: true,
            ..PlanDraft::default()
        }))
    };
    view! {
        <PageTitle text=title_of(Msg::PlansTitle)/>
        <div class="page-header">
            <h1>{t(Msg::PlansTitle)}</h1>
            <Show when=move || can_manage>
                <button type="button" class="button button-primary" on:click=new_draft>{t(Msg::NewPlan)}</button>
            </Show>
        </div>
        <p class="muted">{t(Msg::PlansIntro)}</p>
        {move || editing.get().map(|draft| view! { <PlanForm draft=draft saved=saved cancel=editor.cancel()/> })}
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(list) => view! { <PlanTable plans=list can_manage=can_manage edit=editor.edit()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PlanTable(plans: Vec<Plan>, can_manage: bool, edit: Callback<PlanDraft>) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="plan-table">
            <thead><tr>
                <th scope="col">{t(Msg::ColName)}</th>
                <th scope="col">{t(Msg::PlanSpeed)}</th>
                <th scope="col">{t(Msg::PlanPrice)}</th>
                <th scope="col">{t(Msg::ConnectionType)}</th>
                <th scope="col">{t(Msg::PlanProfile)}</th>
                <th scope="col">{t(Msg::PlanRouters)}</th>
                <th scope="col">{t(Msg::CustomerLines)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col"><span class="visually-hidden">{t(Msg::Edit)}</span></th>
            </tr></thead>
            <tbody>
                {plans.into_iter().map(|plan| {
                    let draft = plan.draft();
                    let routers: Vec<String> = plan.nas.iter().map(|n| n.name.clone()).collect();
                    view! {
                        <tr class:row-inactive=!plan.active data-plan=plan.name.clone()>
                            <th scope="row">{plan.name.clone()}<div class="muted small">{plan.description.clone()}</div></th>
                            <td>{plan.speed_label()}<div class="muted small"><code>{plan.rate_limit()}</code></div></td>
                            <td>{crate::format::rupiah(plan.price_rupiah)}<div class="muted small">{t(Msg::PerMonth)}</div></td>
                            <td>{t(plan.connection_type.label())}</td>
                            <td><code>{plan.profile_name.clone()}</code></td>
                            <td>{routers.join(", ")}</td>
                            <td>{plan.subscriptions}</td>
                            <td><StatusBadge active=plan.active/></td>
                            <td>
                                {can_manage.then(|| view! {
                                    <EditButton what=plan.name.clone() on_click=Callback::new(move |()| edit.run(draft.clone()))/>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
