//! `/network/nas/:id/import`: the secrets on a router that Simpul does not manage yet, to
//! adopt as customers and lines after a review (name, phone, plan per row).

use crate::components::{title_of, use_route_id, ErrorBanner, PageTitle};
use crate::i18n::{t, Msg};
use crate::plans::api::list_plans;
use crate::plans::model::{ConnectionType, Plan};
use crate::provisioning::api::{import_secrets, read_import_preview};
use crate::provisioning::model::{ImportCandidate, ImportChoice, ImportPreview};
use leptos::prelude::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    let route_id = use_route_id();
    let nas_id = move || route_id.get().unwrap_or(0);
    let version = RwSignal::new(0u64);
    let preview = Resource::new(
        move || (nas_id(), version.get()),
        |(id, _)| read_import_preview(id),
    );
    let plans = Resource::new(|| (), |_| list_plans());
    view! {
        <PageTitle text=title_of(Msg::ImportTitle)/>
        <p><a href=move || format!("/network/nas/{}", nas_id())>{t(Msg::BackToNas)}</a></p>
        <h1>{t(Msg::ImportTitle)}</h1>
        <p class="muted">{t(Msg::ImportIntro)}</p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match (preview.await, plans.await) {
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    (Ok(p), _) if p.candidates.is_empty() => view! { <p data-testid="import-none">{t(Msg::ImportNone)}</p> }.into_any(),
                    (Ok(p), Ok(plans)) => {
                        let plans: Vec<Plan> = plans.into_iter().filter(|p| p.connection_type == ConnectionType::Pppoe).collect();
                        view! { <ImportReview preview=p plans=plans done=Callback::new(move |()| version.update(|v| *v += 1))/> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// One row of the review, as the admin edits it.
#[derive(Clone)]
struct Row {
    candidate: ImportCandidate,
    chosen: RwSignal<bool>,
    name: RwSignal<String>,
    phone: RwSignal<String>,
    /// Plan id as text; empty = make a plan from the profile.
    plan: RwSignal<String>,
}

#[component]
fn ImportReview(preview: ImportPreview, plans: Vec<Plan>, done: Callback<()>) -> impl IntoView {
    let nas_id = preview.nas_id;
    let rows: Vec<Row> = preview
        .candidates
        .into_iter()
        .map(|c| Row {
            chosen: RwSignal::new(true),
            name: RwSignal::new(c.suggested_name.clone()),
            phone: RwSignal::new(String::new()),
            plan: RwSignal::new(c.plan_id.map(|id| id.to_string()).unwrap_or_default()),
            candidate: c,
        })
        .collect();
    let rows = StoredValue::new(rows);
    let plans = StoredValue::new(plans);
    let adopt =
        Action::new(move |choices: &Vec<ImportChoice>| import_secrets(nas_id, choices.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let choices = rows.with_value(|rows| {
            rows.iter()
                .filter(|r| r.chosen.get_untracked())
                .map(|r| ImportChoice {
                    name: r.candidate.name.clone(),
                    customer_name: r.name.get_untracked(),
                    phone: r.phone.get_untracked(),
                    plan_id: r.plan.get_untracked().parse().ok(),
                })
                .collect::<Vec<_>>()
        });
        adopt.dispatch(choices);
    };
    let profiles = preview.profiles;
    view! {
        <form class="panel form" on:submit=submit data-testid="import-form">
            <ErrorBanner error=Signal::derive(move || adopt.value().get().and_then(Result::err))/>
            {move || adopt.value().get().and_then(Result::ok).map(|r| {
                let skipped: Vec<String> = r.skipped.iter().map(|(n, why)| format!("{n}: {}", crate::i18n::tr(*why))).collect();
                view! {
                    <div class="banner banner-success" role="status" data-testid="import-result">
                        {format!("{} {} · {} {} · {} {}",
                            r.customers, crate::i18n::tr(Msg::ImportCustomers),
                            r.lines, crate::i18n::tr(Msg::CustomerLines),
                            r.plans, crate::i18n::tr(Msg::PlansTitle))}
                    </div>
                    {(!skipped.is_empty()).then(|| view! { <p class="error-text">{skipped.join("; ")}</p> })}
                    <button type="button" class="button" on:click=move |_| done.run(())>{t(Msg::ImportReload)}</button>
                }
            })}
            <div class="table-wrap">
            <table class="table table-compact" data-testid="import-table">
                <thead><tr>
                    <th scope="col">{t(Msg::ImportAdopt)}</th>
                    <th scope="col">{t(Msg::PppUsername)}</th>
                    <th scope="col">{t(Msg::PlanProfile)}</th>
                    <th scope="col">{t(Msg::CustomerFullName)}</th>
                    <th scope="col">{t(Msg::CustomerPhone)}</th>
                    <th scope="col">{t(Msg::PlanTitle)}</th>
                </tr></thead>
                <tbody>
                    {rows.with_value(|rows| rows.iter().enumerate().map(|(i, row)| {
                        let row = row.clone();
                        let c = row.candidate.clone();
                        let rate = profiles.iter().find(|p| p.name == c.profile).map(|p| p.rate_limit.clone()).unwrap_or_default();
                        let new_plan_label = format!("{} {}", crate::i18n::tr(Msg::ImportNewPlan), c.profile);
                        let options = plans.with_value(|plans| plans.iter().map(|p| (p.id.to_string(), p.name.clone())).collect::<Vec<_>>());
                        view! {
                            <tr data-secret=c.name.clone()>
                                <td><input type="checkbox" aria-label=c.name.clone() prop:checked=move || row.chosen.get()
                                    on:change=move |ev| row.chosen.set(event_target_checked(&ev))/></td>
                                <td>
                                    <code>{c.name.clone()}</code>
                                    {c.disabled.then(|| view! { <div class="muted small">{t(Msg::ImportDisabled)}</div> })}
                                    {(!c.comment.is_empty()).then(|| view! { <div class="muted small">{c.comment.clone()}</div> })}
                                </td>
                                <td><code>{c.profile.clone()}</code><div class="muted small">{rate}</div></td>
                                <td><input type="text" aria-label=crate::i18n::tr(Msg::CustomerFullName) id=format!("import-name-{i}")
                                    prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev))/></td>
                                <td><input type="tel" aria-label=crate::i18n::tr(Msg::CustomerPhone)
                                    prop:value=move || row.phone.get() on:input=move |ev| row.phone.set(event_target_value(&ev))/></td>
                                <td>
                                    <select aria-label=crate::i18n::tr(Msg::PlanTitle) on:change=move |ev| row.plan.set(event_target_value(&ev))>
                                        <option value="" selected=move || row.plan.get().is_empty()>{new_plan_label}</option>
                                        {options.into_iter().map(|(id, name)| {
                                            let id2 = id.clone();
                                            view! { <option value=id selected=move || row.plan.get() == id2>{name}</option> }
                                        }).collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || adopt.pending().get()>{t(Msg::ImportAdoptSelected)}</button>
            </div>
        </form>
    }
}
