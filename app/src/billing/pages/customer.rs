//! The billing panel of the customer page: balance, invoices, payments (with reversal),
//! recording a payment, adding a charge, and a promise to pay.

use super::InvoiceTable;
use crate::auth::model::Permission;
use crate::billing::api::{
    add_charge, get_customer_billing, record_payment, reverse_payment, set_promise_to_pay,
};
use crate::billing::model::views::{CustomerBilling, PaymentRow};
use crate::billing::model::{ChargeDraft, PaymentDraft, PaymentMethod};
use crate::components::{ErrorBanner, FieldErrorsOf, FieldMessage, FileUpload};
use crate::error::AppError;
use crate::format::rupiah;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// `on_change` runs after a payment, charge or promise changed something, so the page can
/// re-read what follows from it (a line restored, a status).
#[component]
pub fn CustomerBillingPanel(
    customer_id: i64,
    #[prop(optional)] on_change: Option<Callback<()>>,
) -> impl IntoView {
    let version = RwSignal::new(0_u64);
    let billing = Resource::new(
        move || version.get(),
        move |_| get_customer_billing(customer_id),
    );
    let reload = Callback::new(move |()| {
        version.update(|v| *v += 1);
        if let Some(on_change) = on_change {
            on_change.run(());
        }
    });
    view! {
        <section class="panel" data-testid="billing-panel">
            <h2>{t(Msg::BillingTitle)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match billing.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(b) => view! { <BillingView customer_id=customer_id billing=b reload=reload/> }.into_any(),
                    }
                })}
            </Transition>
            <super::CustomerTermsPanel customer_id=customer_id/>
            <h3>{t(Msg::MsgLogTitle)}</h3>
            <crate::messaging::pages::MessageLog customer_id=Some(customer_id)/>
        </section>
    }
}

#[component]
fn BillingView(customer_id: i64, billing: CustomerBilling, reload: Callback<()>) -> impl IntoView {
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManageBilling));
    let balance_label = if billing.balance < 0 {
        Msg::BillingCredit
    } else {
        Msg::BillingBalance
    };
    view! {
        <p class="billing-balance" data-testid="billing-balance">
            {t(balance_label)}": "<strong>{rupiah(billing.balance.abs())}</strong>
            {billing.promise_to_pay_until.map(|d| view! {
                " · "{t(Msg::PromiseToPayUntil)}" "{d.to_string()}
            })}
        </p>
        {can_manage.then(|| view! {
            <div class="detail-grid">
                <PaymentForm customer_id=customer_id reload=reload/>
                <div>
                    <ChargeForm customer_id=customer_id reload=reload/>
                    <PromiseForm customer_id=customer_id reload=reload/>
                </div>
            </div>
        })}
        <h3>{t(Msg::InvoicesTitle)}</h3>
        {if billing.invoices.is_empty() {
            view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any()
        } else {
            view! { <InvoiceTable rows=billing.invoices/> }.into_any()
        }}
        <h3>{t(Msg::PaymentsTitle)}</h3>
        <PaymentTable payments=billing.payments can_manage=can_manage reload=reload/>
    }
}

fn method_label(method: &str) -> Msg {
    match PaymentMethod::parse(method).unwrap_or_default() {
        PaymentMethod::Cash => Msg::PaymentCash,
        PaymentMethod::BankTransfer => Msg::PaymentBankTransfer,
        PaymentMethod::Midtrans => Msg::PaymentMidtrans,
        PaymentMethod::Tripay => Msg::PaymentTripay,
    }
}

#[component]
fn PaymentForm(customer_id: i64, reload: Callback<()>) -> impl IntoView {
    let method = RwSignal::new(PaymentMethod::Cash);
    let amount = RwSignal::new(String::new());
    let received_on = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let save = Action::new(move |draft: &PaymentDraft| {
        let draft = draft.clone();
        async move { record_payment(draft).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            amount.set(String::new());
            reference.set(String::new());
            reload.run(());
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(PaymentDraft {
            customer_id,
            method: method.get_untracked(),
            amount: amount.get_untracked(),
            received_on: received_on.get_untracked(),
            reference: reference.get_untracked(),
            note: String::new(),
            invoice_ids: Vec::new(),
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="payment-form">
            <h3>{t(Msg::PaymentRecord)}</h3>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e: &AppError| e.field_errors().is_none()))/>
            <div class="form-row">
                <div class="field">
                    <label for="payment-method">{t(Msg::PaymentMethodLabel)}</label>
                    <select id="payment-method" on:change=move |ev| {
                        method.set(PaymentMethod::parse(&event_target_value(&ev)).unwrap_or_default())
                    }>
                        {[PaymentMethod::Cash, PaymentMethod::BankTransfer].into_iter().map(|m| view! {
                            <option value=m.as_str() selected=move || method.get() == m>{t(method_label(m.as_str()))}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage error=errors.field("method")/>
                </div>
                <div class="field">
                    <label for="payment-amount">{t(Msg::PaymentAmount)}</label>
                    <input id="payment-amount" type="text" inputmode="numeric" prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field("amount")/>
                </div>
                <div class="field">
                    <label for="payment-date">{t(Msg::PaymentDate)}</label>
                    <input id="payment-date" type="date" prop:value=move || received_on.get()
                        on:input=move |ev| received_on.set(event_target_value(&ev))/>
                    <p class="field-hint">{t(Msg::PaymentDateHint)}</p>
                    <FieldMessage error=errors.field("received_on")/>
                </div>
                <div class="field">
                    <label for="payment-reference">{t(Msg::PaymentReference)}</label>
                    <input id="payment-reference" type="text" prop:value=move || reference.get()
                        on:input=move |ev| reference.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field("reference")/>
                </div>
            </div>
            <p class="muted small">{t(Msg::PaymentAllocationHint)}</p>
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {t(Msg::PaymentRecord)}
                </button>
            </div>
        </form>

    }
}

#[component]
fn ChargeForm(customer_id: i64, reload: Callback<()>) -> impl IntoView {
    let description = RwSignal::new(String::new());
    let unit_price = RwSignal::new(String::new());
    let bill_now = RwSignal::new(false);
    let save = Action::new(move |draft: &ChargeDraft| {
        let draft = draft.clone();
        async move { add_charge(draft).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            description.set(String::new());
            unit_price.set(String::new());
            reload.run(());
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(ChargeDraft {
            customer_id,
            description: description.get_untracked(),
            unit_price: unit_price.get_untracked(),
            bill_now: bill_now.get_untracked(),
            ..ChargeDraft::default()
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="charge-form">
            <h3>{t(Msg::ChargeAdd)}</h3>
            <div class="form-row">
                <div class="field field-wide">
                    <label for="charge-description">{t(Msg::InvoiceLineDescription)}</label>
                    <input id="charge-description" type="text" prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field("description")/>
                </div>
                <div class="field">
                    <label for="charge-price">{t(Msg::InvoiceUnitPrice)}</label>
                    <input id="charge-price" type="text" inputmode="numeric" prop:value=move || unit_price.get()
                        on:input=move |ev| unit_price.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field("unit_price")/>
                </div>
            </div>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || bill_now.get()
                    on:change=move |ev| bill_now.set(event_target_checked(&ev))/>
                {t(Msg::ChargeBillNow)}
            </label>
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || save.pending().get()>{t(Msg::ChargeAdd)}</button>
            </div>
        </form>
    }
}

#[component]
fn PromiseForm(customer_id: i64, reload: Callback<()>) -> impl IntoView {
    let until = RwSignal::new(String::new());
    let save = Action::new(move |until: &String| set_promise_to_pay(customer_id, until.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            reload.run(());
        }
    });
    let errors = FieldErrorsOf::new(move || save.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(until.get_untracked());
    };
    view! {
        <form class="form" on:submit=submit data-testid="promise-form">
            <h3>{t(Msg::PromiseToPay)}</h3>
            <p class="muted small">{t(Msg::PromiseToPayHint)}</p>
            <div class="form-row">
                <div class="field">
                    <label for="promise-until">{t(Msg::PromiseToPayUntil)}</label>
                    <input id="promise-until" type="date" prop:value=move || until.get()
                        on:input=move |ev| until.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field("until")/>
                </div>
            </div>
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </div>
        </form>
    }
}

#[component]
fn PaymentTable(
    payments: Vec<PaymentRow>,
    can_manage: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let reverse = Action::new(|(id, reason): &(i64, String)| reverse_payment(*id, reason.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = reverse.value().get() {
            reload.run(());
        }
    });
    if payments.is_empty() {
        return view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any();
    }
    let locale = crate::i18n::use_i18n().locale;
    view! {
        <ErrorBanner error=Signal::derive(move || reverse.value().get().and_then(Result::err))/>
        <div class="table-wrap">
        <table class="table" data-testid="payment-table">
            <thead><tr>
                <th scope="col">{t(Msg::ReceiptNumber)}</th>
                <th scope="col">{t(Msg::PaymentDate)}</th>
                <th scope="col">{t(Msg::PaymentMethodLabel)}</th>
                <th scope="col">{t(Msg::PaymentReference)}</th>
                <th scope="col" class="num">{t(Msg::PaymentAmount)}</th>
                <th scope="col">{t(Msg::PaymentProof)}</th>
                <th scope="col"><span class="visually-hidden">{t(Msg::PaymentReverse)}</span></th>
            </tr></thead>
            <tbody>
                {payments.into_iter().map(|p| {
                    let id = p.id;
                    let ask = move |_| {
                        let prompt = Msg::PaymentReversePrompt.text(locale.get_untracked());
                        let reason = window().prompt_with_message(prompt).ok().flatten().unwrap_or_default();
                        if !reason.trim().is_empty() {
                            reverse.dispatch((id, reason));
                        }
                    };
                    view! {
                        <tr class:row-inactive=p.reversed data-receipt=p.number.clone()>
                            <th scope="row" class="nowrap">
                                {p.number.clone()}" "
                                <super::DocumentLinks kind=crate::billing::model::documents::DocKind::Receipt id=id/>
                            </th>
                            <td class="nowrap">{p.received_on.to_string()}</td>
                            <td>{t(method_label(&p.method))}</td>
                            <td>{p.reference.clone()}</td>
                            <td class="num nowrap">{rupiah(p.amount)}</td>
                            <td>
                                {p.has_proof.then(|| view! {
                                    <a href=format!("/api/payments/{id}/proof") rel="external" target="_blank">
                                        {t(Msg::PaymentProofView)}
                                    </a>
                                })}
                                {(can_manage && !p.reversed && PaymentMethod::parse(&p.method).is_some_and(PaymentMethod::is_manual)).then(|| view! {
                                    <details class="proof-attach">
                                        <summary>{t(Msg::PaymentProofAttach)}</summary>
                                        <ProofUpload payment_id=id reload=reload/>
                                    </details>
                                })}
                            </td>
                            <td>
                                {if p.reversed {
                                    view! { <span class="badge badge-off">{t(Msg::PaymentReversed)}</span> }.into_any()
                                } else if can_manage {
                                    view! { <button type="button" class="button button-small" on:click=ask>{t(Msg::PaymentReverse)}</button> }.into_any()
                                } else {
                                    ().into_any()
                                }}
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

/// Attaches a proof (transfer slip) to a manual payment.
#[component]
fn ProofUpload(payment_id: i64, reload: Callback<()>) -> impl IntoView {
    view! {
        <FileUpload
            input_id=format!("payment-proof-{payment_id}")
            label=Msg::PaymentProofAttach
            hint=Msg::PaymentProofHint
            url=format!("/api/payments/{payment_id}/proof")
            done=reload
            accept="image/jpeg,image/png,image/webp,application/pdf"
        />
    }
}
