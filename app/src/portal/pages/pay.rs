//! `/portal/pay?invoice=ID`: pay one invoice (or everything open) through Midtrans (Snap
//! redirect) or a Tripay channel; `/portal/payments/:id`: the attempt, with Simpul's own QR
//! code or the virtual-account number, updating itself until the payment arrives. Each
//! choice is an `ActionForm` whose server function redirects, so both work without
//! JavaScript.

use crate::components::{title_of, use_route_id, ErrorBanner, LocalTime, PageTitle};
use crate::format::rupiah;
use crate::i18n::{t, Msg};
use crate::payments::api::{my_payment, payment_options, RetryPayment, StartPayment};
use crate::payments::model::{AttemptStatus, AttemptView, Gateway, PayOptions};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PortalPayPage() -> impl IntoView {
    let query = use_query_map();
    let invoice = Memo::new(move |_| {
        query
            .read()
            .get("invoice")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let options = Resource::new(move || invoice.get(), payment_options);
    let action = ServerAction::<StartPayment>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <PageTitle text=title_of(Msg::PayTitle)/>
        <p><a href="/portal/invoices">{t(Msg::BackToMyInvoices)}</a></p>
        <h1>{t(Msg::PayTitle)}</h1>
        <ErrorBanner error=error/>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(options) => view! { <PayChoices options=options action=action/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PayChoices(options: PayOptions, action: ServerAction<StartPayment>) -> impl IntoView {
    let invoice_id = options.invoice_id;
    let invoice_field = move || {
        invoice_id.map(|id| view! { <input type="hidden" name="invoice_id" value=id.to_string()/> })
    };
    let nothing = !options.midtrans && options.tripay.is_empty();
    let what = match &options.invoice_number {
        Some(number) => number.clone(),
        None => t(Msg::PayWholeBalance)().to_owned(),
    };
    view! {
        <section class="card" data-testid="pay-amount">
            <p class="muted">{what}</p>
            <p>{t(Msg::PayAmount)}": "<strong>{rupiah(options.amount)}</strong></p>
        </section>
        {nothing.then(|| view! { <p class="banner banner-info" role="status">{t(Msg::PayNoGateway)}</p> })}
        {options.midtrans.then(|| view! {
            <section class="card pay-option" data-testid="pay-midtrans">
                <h2>"Midtrans"</h2>
                <p class="muted">{t(Msg::PayMidtransHint)}</p>
                <ActionForm action=action>
                    {invoice_field()}
                    <input type="hidden" name="gateway" value="midtrans"/>
                    <button type="submit" class="button">{t(Msg::PayWithMidtrans)}</button>
                </ActionForm>
            </section>
        })}
        {options.tripay_unavailable.then(|| view! { <p class="banner banner-warning" role="status">{t(Msg::PayTripayUnavailable)}</p> })}
        {(!options.tripay.is_empty()).then(|| view! {
            <section class="card pay-option" data-testid="pay-tripay">
                <h2>{t(Msg::PayTripayChannels)}</h2>
                <ul class="plain-list pay-channels">
                    {options.tripay.into_iter().map(|c| {
                        view! {
                            <li>
                                <ActionForm action=action attr:class="pay-channel">
                                    {invoice_field()}
                                    <input type="hidden" name="gateway" value="tripay"/>
                                    <input type="hidden" name="channel" value=c.code.clone()/>
                                    <span class="pay-channel-name"><strong>{c.name.clone()}</strong>
                                        <span class="small muted">
                                            {(c.fee > 0).then(|| view! { {t(Msg::PayFee)}" "{rupiah(c.fee)}" · " })}
                                            {t(Msg::PayTotal)}" "{rupiah(c.total)}
                                        </span>
                                    </span>
                                    <button type="submit" class="button button-small"
                                        aria-label=format!("{} {}", t(Msg::PayNow)(), c.name)>
                                        {t(Msg::PayNow)}
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
pub fn PortalPaymentPage() -> impl IntoView {
    let route_id = use_route_id();
    let attempt = Resource::new(move || route_id.get().unwrap_or(0), my_payment);
    view! {
        <PageTitle text=title_of(Msg::PaymentTitle)/>
        <p><a href="/portal/invoices">{t(Msg::BackToMyInvoices)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match attempt.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(a) => view! { <Attempt attempt=a/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Attempt(attempt: AttemptView) -> impl IntoView {
    let status = attempt.status;
    let badge = match status {
        AttemptStatus::Paid => "badge badge-on",
        AttemptStatus::Held | AttemptStatus::Creating | AttemptStatus::Pending => {
            "badge badge-warn"
        }
        _ => "badge badge-off",
    };
    view! {
        // Re-read every few seconds while waiting: the page shows the payment by itself,
        // with or without JavaScript.
        {status.is_open().then(|| view! { <Meta http_equiv="refresh" content="5"/> })}
        <div class="page-header">
            <h1>{t(Msg::PaymentTitle)}" "{attempt.gateway.label()}</h1>
            <span class=badge data-testid="payment-status">{t(status.label())}</span>
        </div>
        <section class="card">
            <dl class="facts">
                <dt>{t(Msg::PaymentOrderId)}</dt><dd>{attempt.order_id.clone()}</dd>
                {(!attempt.invoice_numbers.is_empty()).then(|| view! {
                    <dt>{t(Msg::PaymentInvoices)}</dt><dd>{attempt.invoice_numbers.join(", ")}</dd>
                })}
                <dt>{t(Msg::PayAmount)}</dt><dd>{rupiah(attempt.amount)}</dd>
                {(attempt.fee_customer > 0).then(|| view! {
                    <dt>{t(Msg::PayFee)}</dt><dd>{rupiah(attempt.fee_customer)}</dd>
                    <dt>{t(Msg::PayTotal)}</dt><dd><strong>{rupiah(attempt.gross_amount)}</strong></dd>
                })}
                {(!attempt.channel_name.is_empty()).then(|| view! {
                    <dt>{t(Msg::PaymentChannel)}</dt><dd>{attempt.channel_name.clone()}</dd>
                })}
                {status.is_open().then(|| view! {
                    <dt>{t(Msg::PaymentExpiresAt)}</dt><dd><LocalTime at=attempt.expires_at/></dd>
                })}
                {attempt.receipt_number.clone().map(|number| view! {
                    <dt>{t(Msg::PaymentReceipt)}</dt><dd data-testid="payment-receipt">{number}</dd>
                })}
            </dl>
        </section>
        {match status {
            AttemptStatus::Creating | AttemptStatus::Pending => view! { <HowToPay attempt=attempt.clone()/> }.into_any(),
            AttemptStatus::Paid => view! {
                <p class="banner banner-success" role="status" data-testid="payment-done">{t(Msg::PaymentReceived)}</p>
                <p><a class="button" href="/portal/home">{t(Msg::NavHome)}</a></p>
            }.into_any(),
            AttemptStatus::Held => view! { <p class="banner banner-info" role="status">{t(Msg::PaymentHeldNote)}</p> }.into_any(),
            AttemptStatus::Refunded => view! { <p class="banner banner-info" role="status">{t(Msg::PaymentRefundedNote)}</p> }.into_any(),
            AttemptStatus::Expired | AttemptStatus::Failed => view! { <Retry id=attempt.id.0/> }.into_any(),
        }}
    }
}

#[component]
fn HowToPay(attempt: AttemptView) -> impl IntoView {
    view! {
        <p class="banner banner-info" role="status">{t(Msg::PaymentWaiting)}</p>
        {match attempt.gateway {
            Gateway::Midtrans => attempt.redirect_url.clone().map(|url| view! {
                <p><a class="button" href=url>{t(Msg::PaymentContinueMidtrans)}</a></p>
            }).into_any(),
            Gateway::Tripay => view! {
                {attempt.qr_svg.clone().map(|svg| view! {
                    <section class="card pay-qr">
                        <p>{t(Msg::PaymentScanQr)}</p>
                        <div class="qr" data-testid="payment-qr" inner_html=svg></div>
                    </section>
                })}
                {attempt.pay_code.clone().map(|code| view! {
                    <section class="card">
                        <p>{t(Msg::PaymentVaNumber)}</p>
                        <p class="pay-code" data-testid="payment-code">{code}</p>
                    </section>
                })}
                {attempt.instructions.clone().into_iter().map(|i| view! {
                    <details class="card">
                        <summary>{i.title}</summary>
                        <ol>{i.steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
                    </details>
                }).collect_view()}
                {attempt.redirect_url.clone().map(|url| view! {
                    <p class="small"><a href=url>{t(Msg::PaymentOpenCheckout)}</a></p>
                })}
            }.into_any(),
        }}
    }
}

#[component]
fn Retry(id: i64) -> impl IntoView {
    let action = ServerAction::<RetryPayment>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <p class="banner banner-warning" role="status">{t(Msg::PaymentClosedNote)}</p>
        <ErrorBanner error=error/>
        <ActionForm action=action>
            <input type="hidden" name="id" value=id.to_string()/>
            <button type="submit" class="button">{t(Msg::PaymentRetry)}</button>
        </ActionForm>
    }
}
