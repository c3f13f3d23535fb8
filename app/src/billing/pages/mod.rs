//! Finance screens: invoices, one invoice, billing runs, the finance overview, and the
//! billing panel of the customer page.

mod customer;
mod invoice;
mod invoices;
mod logo;
mod overview;
mod runs;
mod settings;
mod terms;

pub use customer::CustomerBillingPanel;
pub use invoice::InvoicePage;
pub use invoices::InvoicesPage;
pub use overview::FinanceOverviewPage;
pub use runs::BillingRunsPage;
pub use settings::BillingSettingsPage;
pub use terms::CustomerTermsPanel;

use crate::billing::model::documents::{pdf_path, print_path, DocKind};
use crate::billing::model::views::InvoiceRow;
use crate::billing::model::InvoiceStatus;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// An invoice's status in words, with "overdue N days" when it is.
#[component]
pub fn InvoiceStatusBadge(status: InvoiceStatus, overdue_days: i64) -> impl IntoView {
    let class = match status {
        InvoiceStatus::Paid => "badge",
        InvoiceStatus::Cancelled | InvoiceStatus::Draft => "badge badge-off",
        _ if overdue_days > 0 => "badge badge-down",
        _ => "badge badge-warn",
    };
    view! {
        <span class=class data-status=status.as_str()>
            {t(status.label())}
            {(overdue_days > 0).then(|| view! { " · " {t(Msg::InvoiceOverdue)} " " {overdue_days} " " {t(Msg::DaysShort)} })}
        </span>
    }
}

/// A table of invoices (the list page, a run's batch, a customer's panel).
#[component]
pub fn InvoiceTable(rows: Vec<InvoiceRow>, #[prop(optional)] show_customer: bool) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="invoice-table">
            <thead><tr>
                <th scope="col">{t(Msg::InvoiceNumber)}</th>
                {show_customer.then(|| view! { <th scope="col">{t(Msg::CustomerTitle)}</th> })}
                <th scope="col">{t(Msg::InvoicePeriod)}</th>
                <th scope="col">{t(Msg::InvoiceIssueDate)}</th>
                <th scope="col">{t(Msg::InvoiceDueDate)}</th>
                <th scope="col" class="num">{t(Msg::InvoiceTotal)}</th>
                <th scope="col" class="num">{t(Msg::InvoiceAmountDue)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let href = format!("/billing/invoices/{}", r.id.0);
                    let number = r.number.clone().unwrap_or_else(|| "—".into());
                    let period = match (r.period_start, r.period_end) {
                        (Some(a), Some(b)) => format!("{a} – {b}"),
                        _ => String::new(),
                    };
                    view! {
                        <tr data-invoice=number.clone()>
                            <th scope="row" class="nowrap"><a href=href>{number.clone()}</a>
                                {r.changed.then(|| view! { " "<span class="badge badge-off">{t(Msg::InvoiceChanged)}</span> })}
                            </th>
                            {show_customer.then(|| view! {
                                <td><a href=format!("/customers/{}", r.customer_id)>{r.customer_code.clone()}</a>" "{r.customer_name.clone()}</td>
                            })}
                            <td class="nowrap">{period}</td>
                            <td class="nowrap">{r.issue_date.to_string()}</td>
                            <td class="nowrap">{r.due_date.to_string()}</td>
                            <td class="num nowrap">{crate::format::rupiah(r.total)}</td>
                            <td class="num nowrap">{crate::format::rupiah(r.amount_due)}</td>
                            <td><InvoiceStatusBadge status=r.status overdue_days=r.overdue_days/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// An invoice's lines with price, DPP and PPN (when taxed), the totals and what is due:
/// the document as the staff page and the portal show it.
#[component]
pub fn InvoiceLines(detail: crate::billing::model::views::InvoiceDetail) -> impl IntoView {
    use crate::format::rupiah;
    let row = detail.row.clone();
    let tax_label = detail.taxed.then(|| {
        format!(
            "PPN {}% × DPP {}/{}",
            f64::from(detail.tax_rate_bp) / 100.0,
            detail.dpp_numerator,
            detail.dpp_denominator
        )
    });
    view! {
        <section class="panel">
            <div class="table-wrap">
            <table class="table" data-testid="invoice-lines">
                <thead><tr>
                    <th scope="col">{t(Msg::InvoiceLineDescription)}</th>
                    <th scope="col" class="num">{t(Msg::InvoiceQuantity)}</th>
                    <th scope="col" class="num">{t(Msg::InvoiceUnitPrice)}</th>
                    <th scope="col" class="num">{t(Msg::InvoiceAmount)}</th>
                    {detail.taxed.then(|| view! {
                        <th scope="col" class="num">"DPP"</th>
                        <th scope="col" class="num">"PPN"</th>
                    })}
                    <th scope="col" class="num">{t(Msg::InvoiceTotal)}</th>
                </tr></thead>
                <tbody>
                    {detail.lines.iter().map(|l| view! {
                        <tr>
                            <th scope="row">{l.description.clone()}
                                {l.price_includes_tax.then(|| view! { <div class="muted small">{t(Msg::PriceIncludesTax)}</div> })}
                            </th>
                            <td class="num">{l.quantity}</td>
                            <td class="num nowrap">{rupiah(l.unit_price)}</td>
                            <td class="num nowrap">{rupiah(l.amount)}</td>
                            {detail.taxed.then(|| view! {
                                <td class="num nowrap">{rupiah(l.dpp)}</td>
                                <td class="num nowrap">{rupiah(l.ppn)}</td>
                            })}
                            <td class="num nowrap">{rupiah(l.total)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot>
                    {tax_label.map(|label| view! {
                        <tr><th scope="row" colspan="3">{label}</th>
                            <td class="num nowrap">{rupiah(detail.subtotal)}</td>
                            <td class="num nowrap">{rupiah(detail.dpp)}</td>
                            <td class="num nowrap">{rupiah(detail.ppn)}</td>
                            <td></td></tr>
                    })}
                    <tr><th scope="row" colspan=if detail.taxed { "6" } else { "4" }>{t(Msg::InvoiceTotal)}</th>
                        <td class="num nowrap" data-testid="invoice-total">{rupiah(row.total)}</td></tr>
                    <tr><th scope="row" colspan=if detail.taxed { "6" } else { "4" }>{t(Msg::InvoiceAmountDue)}</th>
                        <td class="num nowrap" data-testid="invoice-due">{rupiah(row.amount_due)}</td></tr>
                </tfoot>
            </table>
            </div>
        </section>
    }
}

/// Links to a document's printable page and its PDF. Both are served outside the app
/// (`rel="external"`), so the router must not take the click.
#[component]
pub fn DocumentLinks(kind: DocKind, id: i64) -> impl IntoView {
    view! {
        <span class="doc-links" data-testid=format!("doc-links-{}-{id}", kind.segment())>
            <a href=print_path(kind, id) target="_blank" rel="external noopener">{t(Msg::DocPrint)}</a>
            " · "
            <a href=pdf_path(kind, id) rel="external" data-testid="doc-pdf">"PDF"</a>
        </span>
    }
}
