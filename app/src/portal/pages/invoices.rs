//! `/portal/invoices`: the customer's balance, issued invoices and receipts;
//! `/portal/invoices/:id`: one invoice as a document. Rendered on the server, so they work
//! without JavaScript.

use crate::billing::model::documents::DocKind;
use crate::billing::model::views::{InvoiceRow, PaymentRow};
use crate::billing::pages::{DocumentLinks, InvoiceLines, InvoiceStatusBadge};
use crate::components::{title_of, use_route_id, ErrorBanner, PageTitle};
use crate::format::rupiah;
use crate::i18n::{t, Msg};
use crate::portal::api::{my_billing, my_invoice};
use leptos::prelude::*;

#[component]
pub fn PortalInvoicesPage() -> impl IntoView {
    let billing = Resource::new(|| (), |_| my_billing());
    view! {
        <PageTitle text=title_of(Msg::MyInvoices)/>
        <div class="page-header"><h1>{t(Msg::MyInvoices)}</h1></div>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match billing.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(b) => view! {
                        <section class="card" data-testid="portal-balance">
                            {if b.balance > 0 {
                                view! {
                                    <p>{t(Msg::BillingBalance)}": "<strong>{rupiah(b.balance)}</strong></p>
                                    <p><a class="button button-primary" href="/portal/pay">{t(Msg::PayAll)}</a></p>
                                }.into_any()
                            } else if b.balance < 0 {
                                view! { <p>{t(Msg::BillingCredit)}": "<strong>{rupiah(-b.balance)}</strong></p> }.into_any()
                            } else {
                                view! { <p>{t(Msg::PortalAllPaid)}</p> }.into_any()
                            }}
                        </section>
                        <h2>{t(Msg::InvoicesTitle)}</h2>
                        <InvoiceList invoices=b.invoices/>
                        <h2>{t(Msg::PortalReceipts)}</h2>
                        <ReceiptList payments=b.payments/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InvoiceList(invoices: Vec<InvoiceRow>) -> impl IntoView {
    if invoices.is_empty() {
        return view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any();
    }
    view! {
        <ul class="plain-list" data-testid="portal-invoices">
            {invoices.into_iter().map(|i| {
                let number = i.number.clone().unwrap_or_default();
                view! {
                    <li data-invoice=number.clone()>
                        <a href=format!("/portal/invoices/{}", i.id.0)><strong>{number.clone()}</strong></a>
                        " · "{rupiah(i.total)}
                        <div class="small">
                            <InvoiceStatusBadge status=i.status overdue_days=i.overdue_days/>
                            " "{t(Msg::InvoiceDueDate)}" "{i.due_date.to_string()}
                            {(i.amount_due > 0 && i.amount_due < i.total).then(|| view! {
                                " · "{t(Msg::InvoiceAmountDue)}" "{rupiah(i.amount_due)}
                            })}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ReceiptList(payments: Vec<PaymentRow>) -> impl IntoView {
    let payments: Vec<PaymentRow> = payments.into_iter().filter(|p| !p.reversed).collect();
    if payments.is_empty() {
        return view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any();
    }
    view! {
        <ul class="plain-list" data-testid="portal-receipts">
            {payments.into_iter().map(|p| view! {
                <li>
                    <strong>{p.number}</strong>" · "{rupiah(p.amount)}" · "{p.received_on.to_string()}" · "
                    <DocumentLinks kind=DocKind::Receipt id=p.id/>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn PortalInvoicePage() -> impl IntoView {
    let route_id = use_route_id();
    let detail = Resource::new(move || route_id.get().unwrap_or(0), my_invoice);
    view! {
        <PageTitle text=title_of(Msg::InvoiceTitle)/>
        <p><a href="/portal/invoices">{t(Msg::BackToMyInvoices)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(detail) => {
                        let row = detail.row.clone();
                        view! {
                            <div class="page-header">
                                <h1 data-testid="invoice-heading">{row.number.clone().unwrap_or_default()}</h1>
                                <InvoiceStatusBadge status=row.status overdue_days=row.overdue_days/>
                                <DocumentLinks kind=DocKind::Invoice id=row.id.0/>
                            </div>
                            <p class="muted">
                                {t(Msg::InvoiceIssueDate)}" "{row.issue_date.to_string()}" · "
                                {t(Msg::InvoiceDueDate)}" "{row.due_date.to_string()}
                            </p>
                            {(row.amount_due > 0).then(|| view! {
                                <p>
                                    {t(Msg::InvoiceAmountDue)}" "<strong>{rupiah(row.amount_due)}</strong>" "
                                    <a class="button button-primary" href=format!("/portal/pay?invoice={}", row.id.0)>{t(Msg::PayNow)}</a>
                                </p>
                            })}
                            <InvoiceLines detail=detail/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
