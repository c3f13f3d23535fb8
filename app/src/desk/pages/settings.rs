//! `/admin/desk`: the priority matrix and the reopen window.

use crate::components::{title_of, ErrorBanner, FieldErrorsOf, PageTitle, SuccessBanner};
use crate::desk::api::{desk_settings, save_priority_matrix, save_reopen_window};
use crate::desk::model::DeskConfig;
use crate::i18n::{t, use_i18n, Msg};
use crate::tickets::model::{Level, Priority, PriorityMatrix};
use leptos::prelude::*;

#[component]
pub fn DeskSettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| desk_settings());
    view! {
        <PageTitle text=title_of(Msg::DeskSettingsTitle)/>
        <div class="page-header"><h1>{t(Msg::DeskSettingsTitle)}</h1></div>
        <super::DeskTabs/>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(s) => view! { <MatrixEditor initial=s.matrix/> <ReopenWindow s=s/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MatrixEditor(initial: PriorityMatrix) -> impl IntoView {
    let locale = use_i18n().locale;
    let matrix = RwSignal::new(initial);
    let save = Action::new(move |m: &PriorityMatrix| save_priority_matrix(*m));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    view! {
        <section class="panel">
            <h2>{t(Msg::MatrixTitle)}</h2>
            <p class="muted">{t(Msg::MatrixHelp)}</p>
            <SuccessBanner show=saved msg=Msg::Saved/>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <p class="field-error" role="alert">{move || errors.field("matrix").get().map(|m| m.text(locale.get()))}</p>
            <div class="table-wrap">
            <table class="table matrix" data-testid="priority-matrix">
                <thead><tr>
                    <th scope="col">{t(Msg::ImpactVsUrgency)}</th>
                    {Level::ALL.into_iter().map(|u| view! { <th scope="col">{t(u.urgency_label())}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {Level::ALL.into_iter().map(|i| view! {
                        <tr>
                            <th scope="row">{t(i.impact_label())}</th>
                            {Level::ALL.into_iter().map(|u| {
                                let id = format!("cell-{}-{}", i.get(), u.get());
                                view! {
                                    <td>
                                        <label class="visually-hidden" for=id.clone()>{t(i.impact_label())}" × "{t(u.urgency_label())}</label>
                                        <select id=id on:change=move |ev| {
                                            if let Some(p) = event_target_value(&ev).parse().ok().and_then(Priority::new) {
                                                matrix.update(|m| m.set(i, u, p));
                                            }
                                        }>
                                            {Priority::ALL.into_iter().map(|p| view! {
                                                <option value=p.get().to_string() selected=move || matrix.get().priority(i, u) == p>{t(p.label())}</option>
                                            }).collect_view()}
                                        </select>
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <button type="button" class="button button-primary" disabled=move || save.pending().get()
                on:click=move |_| { save.dispatch(matrix.get_untracked()); }>{t(Msg::SaveMatrix)}</button>
        </section>
    }
}

#[component]
fn ReopenWindow(s: DeskConfig) -> impl IntoView {
    let locale = use_i18n().locale;
    let hours = RwSignal::new(s.reopen_window_hours.to_string());
    let save = Action::new(move |h: &String| {
        let h = h.trim().parse::<i32>().unwrap_or(0);
        save_reopen_window(h)
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    view! {
        <section class="panel">
            <h2>{t(Msg::ReopenWindowTitle)}</h2>
            <p class="muted">{t(Msg::ReopenWindowHelp)}</p>
            <SuccessBanner show=saved msg=Msg::Saved/>
            <div class="field" class:field-invalid=move || errors.field("reopen_window_hours").get().is_some()>
                <label for="reopen-hours">{t(Msg::FieldHours)}</label>
                <input id="reopen-hours" type="number" min="1" max="8760" prop:value=move || hours.get()
                    on:input=move |ev| hours.set(event_target_value(&ev))/>
                <p class="field-error">{move || errors.field("reopen_window_hours").get().map(|m| m.text(locale.get()))}</p>
            </div>
            <button type="button" class="button" disabled=move || save.pending().get()
                on:click=move |_| { save.dispatch(hours.get_untracked()); }>{t(Msg::Save)}</button>
        </section>
    }
}
