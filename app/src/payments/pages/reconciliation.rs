//! `/billing/reconciliation`: what the gateways processed in a date range against the
//! ledger's payments. Held payments and gateway payments whose ledger payment was reversed
//! come first; finance credits a held payment with what really arrived, or closes it.

use crate::auth::model::Permission;
use crate::components::{title_of, ErrorBanner, FieldErrorsOf, FieldMessage, LocalTime, PageTitle};
use crate::format::rupiah;
use crate::i18n::{t, Msg};
use crate::payments::api::{payment_reconciliation, resolve_held_payment};
use crate::payments::model::{AttemptStatus, HeldDecision, ReconRow, ReconTotals};
use chrono::{Duration, Utc};
use leptos::prelude::*;

fn jakarta_today() -> chrono::NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

#[component]
pub fn ReconciliationPage() -> impl IntoView {
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManageBilling));
    let today = jakarta_today();
    let from = RwSignal::new((today - Duration::days(30)).to_string());
    let to = RwSignal::new(today.to_string());
    let range = RwSignal::new((from.get_untracked(), to.get_untracked()));
    let resolved = RwSignal::new(0_u64);
    let data = Resource::new(
        move || (range.get(), resolved.get()),
        |((from, to), _)| payment_reconciliation(from, to),
    );
    let errors = FieldErrorsOf::new(move || data.get().and_then(Result::err));
    view! {
        <PageTitle text=title_of(Msg::ReconTitle)/>
        <p><a href="/billing">{t(Msg::BackToInvoices)}</a></p>
        <div class="page-header"><h1>{t(Msg::ReconTitle)}</h1></div>
        <form class="filters" role="search" data-testid="recon-range" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            range.set((from.get_untracked(), to.get_untracked()));
        }>
            <div class="field">
                <label for="recon-from">{t(Msg::ReconFrom)}</label>
                <input id="recon-from" type="date" prop:value=move || from.get()
                    on:input=move |ev| from.set(event_target_value(&ev))/>
                <FieldMessage error=errors.field("from")/>
            </div>
            <div class="field">
                <label for="recon-to">{t(Msg::ReconTo)}</label>
                <input id="recon-to" type="date" prop:value=move || to.get()
                    on:input=move |ev| to.set(event_target_value(&ev))/>
                <FieldMessage error=errors.field("to")/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{t(Msg::Apply)}</button>
            </div>
        </form>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(r) => view! {
                        <Totals totals=r.totals refused=r.refused_events/>
                        <Rows rows=r.rows can_manage=can_manage on_resolved=move || resolved.update(|n| *n += 1)/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Totals(totals: Vec<ReconTotals>, refused: i64) -> impl IntoView {
    view! {
        <div class="stat-row" data-testid="recon-totals">
            {totals.into_iter().map(|t_| view! {
                <section class="card stat">
                    <h2>{t_.gateway.clone()}</h2>
                    <p>{t(Msg::AttemptPaid)}": "<strong>{t_.paid_count}</strong>" · "{rupiah(t_.paid_amount)}</p>
                    <p class="small">
                        {t(Msg::AttemptHeld)}" "{t_.held_count}" · "
                        {t(Msg::AttemptRefunded)}" "{t_.refunded_count}" · "
                        {t(Msg::ReconWaiting)}" "{t_.open_count}" · "
                        {t(Msg::ReconNotCompleted)}" "{t_.closed_count}
                    </p>
                </section>
            }).collect_view()}
            <section class="card stat">
                <h2>{t(Msg::ReconRefused)}</h2>
                <p><strong>{refused}</strong></p>
            </section>
        </div>
    }
}

#[component]
fn Rows(
    rows: Vec<ReconRow>,
    can_manage: bool,
    on_resolved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="recon-rows">
            <thead><tr>
                <th scope="col">{t(Msg::ReconOrder)}</th>
                <th scope="col">{t(Msg::ReconGateway)}</th>
                <th scope="col">{t(Msg::CustomerTitle)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col" class="num">{t(Msg::PayAmount)}</th>
                <th scope="col">{t(Msg::ReconLedgerPayment)}</th>
                <th scope="col">{t(Msg::ReconProblem)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let held = r.status == AttemptStatus::Held;
                    view! {
                        <tr class:row-attention=r.needs_review data-order=r.order_id.clone()>
                            <th scope="row">
                                <span class="nowrap">{r.order_id.clone()}</span>
                                <div class="small muted"><LocalTime at=r.created_at/></div>
                            </th>
                            <td>{r.gateway.label()}" "{r.channel.clone()}
                                <div class="small muted">{r.gateway_reference.clone().unwrap_or_default()}</div>
                            </td>
                            <td><a href=format!("/customers/{}", r.customer_id)>{r.customer_code.clone()}</a>
                                <div class="small">{r.customer_name.clone()}</div>
                            </td>
                            <td>
                                {r.needs_review.then(|| view! { <span class="badge badge-down">{t(Msg::ReconNeedsReview)}</span>" " })}
                                <span class="badge badge-off">{t(r.status.label())}</span>
                            </td>
                            <td class="num">{rupiah(r.gross_amount)}
                                {r.reported_amount.filter(|a| *a != r.gross_amount).map(|a| view! {
                                    <div class="small">{t(Msg::ReconReported)}" "{rupiah(a)}</div>
                                })}
                            </td>
                            <td>{r.payment_number.clone().unwrap_or_default()}
                                {r.payment_status.clone().filter(|s| s != "completed").map(|s| view! { <div class="small">{s}</div> })}
                            </td>
                            <td>{r.problem.clone().unwrap_or_default()}
                                {(held && can_manage).then(|| view! {
                                    <ResolveHeld id=r.id.0 suggested=r.reported_amount.unwrap_or(r.amount) on_resolved=on_resolved/>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

#[component]
fn ResolveHeld(
    id: i64,
    suggested: i64,
    on_resolved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let amount = RwSignal::new(suggested.to_string());
    let note = RwSignal::new(String::new());
    let resolve = Action::new(move |decision: &HeldDecision| {
        resolve_held_payment(id, decision.clone(), note.get_untracked())
    });
    let error = Signal::derive(move || resolve.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    Effect::new(move |_| {
        if matches!(resolve.value().get(), Some(Ok(()))) {
            on_resolved();
        }
    });
    let amount_id = format!("held-amount-{id}");
    let note_id = format!("held-note-{id}");
    view! {
        <div class="form held-form" data-testid="resolve-held">
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="field">
                <label for=amount_id.clone()>{t(Msg::PayAmount)}</label>
                <input id=amount_id prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
                <FieldMessage error=errors.field("amount")/>
            </div>
            <div class="field">
                <label for=note_id.clone()>{t(Msg::ReconNote)}</label>
                <input id=note_id prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                <FieldMessage error=errors.field("note")/>
            </div>
            <div class="form-actions">
                <button type="button" class="button button-small button-primary" disabled=move || resolve.pending().get()
                    on:click=move |_| { resolve.dispatch(HeldDecision::Apply { amount: amount.get_untracked() }); }>
                    {t(Msg::ReconApply)}
                </button>
                <button type="button" class="button button-small" disabled=move || resolve.pending().get()
                    on:click=move |_| { resolve.dispatch(HeldDecision::Dismiss); }>
                    {t(Msg::ReconDismiss)}
                </button>
            </div>
        </div>
    }
}
