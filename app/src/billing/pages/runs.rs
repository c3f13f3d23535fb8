//! `/billing/runs`: start a run (a preview of the invoices due on a date), follow its
//! progress, look at the batch it left (count, total, lines whose amount changed), and
//! issue it or throw it away.

use crate::auth::model::Permission;
use crate::billing::api::{
    discard_billing_batch, issue_billing_batch, list_billing_runs, StartBillingRun,
};
use crate::billing::model::views::RunSummary;
use crate::components::{
    refresh_every, title_of, ErrorBanner, FieldErrorsOf, FieldMessage, LocalTime, PageTitle,
};
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn BillingRunsPage() -> impl IntoView {
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManageBilling));
    let tick = RwSignal::new(0_u64);
    refresh_every(3, tick);
    let start = ServerAction::<StartBillingRun>::new();
    let issue = Action::new(|run_id: &i64| issue_billing_batch(*run_id));
    let discard = Action::new(|run_id: &i64| discard_billing_batch(*run_id));
    let runs = Resource::new(
        move || {
            (
                tick.get(),
                start.version().get(),
                issue.version().get(),
                discard.version().get(),
            )
        },
        |_| list_billing_runs(),
    );
    let date = RwSignal::new(String::new());
    let start_errors = FieldErrorsOf::new(move || start.value().get().and_then(Result::err));
    let batch_error = Signal::derive(move || {
        issue
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| discard.value().get().and_then(Result::err))
    });
    view! {
        <PageTitle text=title_of(Msg::BillingRunsTitle)/>
        <p><a href="/billing">{t(Msg::BackToInvoices)}</a></p>
        <div class="page-header"><h1>{t(Msg::BillingRunsTitle)}</h1></div>
        <p class="muted">{t(Msg::BillingRunsIntro)}</p>
        <Show when=move || can_manage>
            <ActionForm action=start attr:class="form form-inline" attr:data-testid="start-run">
                <div class="field">
                    <label for="run-date">{t(Msg::BillingRunDate)}</label>
                    <input id="run-date" type="date" name="date" prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev))/>
                    <FieldMessage error=start_errors.field("date")/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || start.pending().get()>
                        {t(Msg::BillingRunStart)}
                    </button>
                </div>
            </ActionForm>
        </Show>
        <ErrorBanner error=batch_error/>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match runs.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(list) => view! {
                        <RunTable runs=list can_manage=can_manage
                            issue=Callback::new(move |id| { issue.dispatch(id); })
                            discard=Callback::new(move |id| { discard.dispatch(id); })/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

fn state_label(state: &str) -> Msg {
    match state {
        "running" => Msg::BillingRunRunning,
        "failed" => Msg::BillingRunFailed,
        _ => Msg::BillingRunDone,
    }
}

#[component]
fn RunTable(
    runs: Vec<RunSummary>,
    can_manage: bool,
    issue: Callback<i64>,
    discard: Callback<i64>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="run-table">
            <thead><tr>
                <th scope="col">{t(Msg::BillingRunDate)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col" class="num">{t(Msg::BillingRunLines)}</th>
                <th scope="col" class="num">{t(Msg::BillingRunInvoices)}</th>
                <th scope="col" class="num">{t(Msg::InvoiceTotal)}</th>
                <th scope="col">{t(Msg::BillingBatch)}</th>
                <th scope="col">{t(Msg::ColCreated)}</th>
            </tr></thead>
            <tbody>
                {runs.into_iter().map(|r| {
                    let id = r.id;
                    let has_drafts = r.drafts > 0;
                    view! {
                        <tr data-run=id.to_string()>
                            <th scope="row" class="nowrap">{r.run_date.to_string()}</th>
                            <td>{t(state_label(&r.state))}
                                {(r.state == "running").then(|| view! {
                                    <progress max=r.lines_total.max(1) value=r.lines_done></progress>
                                })}
                            </td>
                            <td class="num">{r.lines_done}" / "{r.lines_total}</td>
                            <td class="num">{r.invoices_created}</td>
                            <td class="num nowrap">{crate::format::rupiah(r.total_amount)}</td>
                            <td>
                                {if has_drafts {
                                    view! {
                                        <p class="small" data-testid="batch-summary">
                                            {r.drafts}" "{t(Msg::BillingDrafts)}", "{crate::format::rupiah(r.drafts_total)}
                                            {(r.drafts_changed > 0).then(|| view! { ", " {r.drafts_changed} " " {t(Msg::InvoiceChanged)} })}
                                        </p>
                                        <a class="button button-small" href=format!("/billing?view=draft&run={id}")>{t(Msg::BillingBatchView)}</a>
                                        {can_manage.then(|| view! {
                                            " "
                                            <button type="button" class="button button-small button-primary"
                                                on:click=move |_| issue.run(id)>{t(Msg::BillingBatchIssue)}</button>
                                            " "
                                            <button type="button" class="button button-small"
                                                on:click=move |_| discard.run(id)>{t(Msg::BillingBatchDiscard)}</button>
                                        })}
                                    }.into_any()
                                } else {
                                    view! { <span class="muted small">"—"</span> }.into_any()
                                }}
                            </td>
                            <td class="nowrap"><LocalTime at=r.started_at/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
