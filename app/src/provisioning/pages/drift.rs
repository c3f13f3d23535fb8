//! The drift panel on a router's page: the last reconciliation, "check now", "fix drift",
//! and the way to the import review.

use crate::components::{ErrorBanner, LocalTime};
use crate::i18n::{t, Msg};
use crate::provisioning::api::{fix_nas_drift, nas_drift, reconcile_nas};
use crate::provisioning::model::{DriftItem, DriftProblem};
use leptos::prelude::*;

#[component]
pub fn DriftPanel(nas_id: i64, can_manage: bool) -> impl IntoView {
    let version = RwSignal::new(0u64);
    let report = Resource::new(move || version.get(), move |_| nas_drift(nas_id));
    let check = Action::new(move |_: &()| reconcile_nas(nas_id));
    let fix = Action::new(move |_: &()| fix_nas_drift(nas_id));
    Effect::new(move |_| {
        if check.value().get().is_some() || fix.value().get().is_some() {
            version.update(|v| *v += 1);
        }
    });
    let action_error = Signal::derive(move || {
        check
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| fix.value().get().and_then(Result::err))
    });
    let import_href = format!("/network/nas/{nas_id}/import");
    view! {
        <section class="panel" data-testid="drift-panel">
            <div class="section-header">
                <h2>{t(Msg::DriftTitle)}</h2>
                {can_manage.then(|| view! {
                    <div class="page-actions">
                        <button type="button" class="button" disabled=move || check.pending().get()
                            on:click=move |_| { check.dispatch(()); }>{t(Msg::DriftCheck)}</button>
                        <a class="button" href=import_href.clone()>{t(Msg::ImportTitle)}</a>
                    </div>
                })}
            </div>
            <ErrorBanner error=action_error/>
            {move || fix.value().get().and_then(Result::ok).map(|n| view! {
                <p class="banner banner-success" role="status">{format!("{} {n}", crate::i18n::tr(Msg::DriftQueued))}</p>
            })}
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(r) => {
                            let fixable = r.items.iter().any(|i| i.problem != DriftProblem::Foreign);
                            view! {
                                <p class="muted">
                                    {match r.checked_at {
                                        Some(at) => view! { {t(Msg::DriftCheckedAt)}" "<LocalTime at=at/> }.into_any(),
                                        None => view! { {t(Msg::DriftNeverChecked)} }.into_any(),
                                    }}
                                    {(r.pending_jobs > 0).then(|| format!(" · {} {}", r.pending_jobs, crate::i18n::tr(Msg::DriftPendingJobs)))}
                                </p>
                                {r.error.clone().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
                                {if r.items.is_empty() && r.checked_at.is_some() && r.error.is_none() {
                                    view! { <p data-testid="drift-clean">{t(Msg::DriftNone)}</p> }.into_any()
                                } else {
                                    view! { <DriftTable items=r.items/> }.into_any()
                                }}
                                {(can_manage && fixable).then(|| view! {
                                    <button type="button" class="button button-primary" disabled=move || fix.pending().get()
                                        on:click=move |_| { fix.dispatch(()); }>{t(Msg::DriftFix)}</button>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DriftTable(items: Vec<DriftItem>) -> impl IntoView {
    if items.is_empty() {
        return ().into_any();
    }
    view! {
        <div class="table-wrap">
        <table class="table table-compact" data-testid="drift-table">
            <thead><tr>
                <th scope="col">{t(Msg::JobWhat)}</th>
                <th scope="col">{t(Msg::DriftProblemCol)}</th>
                <th scope="col">{t(Msg::DriftDetails)}</th>
            </tr></thead>
            <tbody>
                {items.into_iter().map(|item| {
                    let details: Vec<String> = item.fields.iter().map(|f| {
                        format!("{}: {} → {}", f.name, if f.router.is_empty() { "—" } else { &f.router }, f.wanted)
                    }).collect();
                    view! {
                        <tr data-drift=item.key.clone()>
                            <td><code>{format!("{} {}", item.kind.menu(), item.key)}</code></td>
                            <td>{t(item.problem.label())}</td>
                            <td>{details.join("; ")}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}
