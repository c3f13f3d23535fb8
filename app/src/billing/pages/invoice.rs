//! `/billing/invoices/:id`: one invoice with its lines, tax, what paid it, and cancelling
//! it with a credit note.

use super::{DocumentLinks, InvoiceLines, InvoiceStatusBadge};
use crate::auth::model::Permission;
use crate::billing::api::{get_invoice, CancelInvoice};
use crate::billing::model::documents::DocKind;
use crate::billing::model::views::InvoiceDetail;
use crate::components::{
    title_of, use_route_id, ErrorBanner, FieldErrorsOf, FieldMessage, LocalTime, PageTitle,
};
use crate::format::rupiah;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn InvoicePage() -> impl IntoView {
    let route_id = use_route_id();
    let cancel = ServerAction::<CancelInvoice>::new();
    let detail = Resource::new(
        move || (route_id.get().unwrap_or(0), cancel.version().get()),
        |(id, _)| get_invoice(id),
    );
    view! {
        <PageTitle text=title_of(Msg::InvoiceTitle)/>
        <p><a href="/billing">{t(Msg::BackToInvoices)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(detail) => view! { <InvoiceView detail=detail cancel=cancel/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InvoiceView(detail: InvoiceDetail, cancel: ServerAction<CancelInvoice>) -> impl IntoView {
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManageBilling));
    let row = detail.row.clone();
    let heading = row.number.clone().unwrap_or_else(|| {
        Msg::InvoiceDraft
            .text(crate::i18n::use_i18n().locale.get_untracked())
            .to_owned()
    });
    let cancellable = can_manage
        && (row.status.is_open() || row.status == crate::billing::model::InvoiceStatus::Paid);
    let errors = FieldErrorsOf::new(move || cancel.value().get().and_then(Result::err));
    view! {
        <div class="page-header">
            <h1 data-testid="invoice-heading">{heading}</h1>
            <InvoiceStatusBadge status=row.status overdue_days=row.overdue_days/>
            <DocumentLinks kind=DocKind::Invoice id=row.id.0/>
        </div>
        <section class="panel">
            <dl class="facts">
                <dt>{t(Msg::CustomerTitle)}</dt>
                <dd><a href=format!("/customers/{}", row.customer_id)>{row.customer_code.clone()}" · "{row.customer_name.clone()}</a></dd>
                <dt>{t(Msg::InvoiceIssueDate)}</dt><dd>{row.issue_date.to_string()}</dd>
                <dt>{t(Msg::InvoiceDueDate)}</dt><dd>{row.due_date.to_string()}</dd>
                {detail.credit_note.clone().zip(detail.credit_note_id).map(|(cn, cn_id)| view! {
                    <dt>{t(Msg::CreditNote)}</dt>
                    <dd>{cn}" "<DocumentLinks kind=DocKind::CreditNote id=cn_id/></dd>
                })}
            </dl>
        </section>
        <InvoiceLines detail=detail.clone()/>
        {(!detail.applied.is_empty()).then(|| view! {
            <section class="panel">
                <h2>{t(Msg::InvoicePaidBy)}</h2>
                <ul class="plain-list">
                    {detail.applied.iter().map(|a| view! {
                        <li>{a.description.clone()}" · "{rupiah(a.amount)}" · "<LocalTime at=a.at/></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {cancellable.then(|| view! {
            <section class="panel">
                <h2>{t(Msg::InvoiceCancelTitle)}</h2>
                <p class="muted">{t(Msg::InvoiceCancelHint)}</p>
                <ActionForm action=cancel attr:class="form" attr:data-testid="cancel-invoice">
                    <input type="hidden" name="id" value=row.id.0/>
                    <ErrorBanner error=Signal::derive(move || cancel.value().get().and_then(Result::err).filter(|e| e.field_errors().is_none()))/>
                    <div class="field field-wide">
                        <label for="cancel-reason">{t(Msg::StatusReason)}</label>
                        <input id="cancel-reason" type="text" name="reason" required/>
                        <FieldMessage error=errors.field("reason")/>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button button-danger" disabled=move || cancel.pending().get()>
                            {t(Msg::InvoiceCancelButton)}
                        </button>
                    </div>
                </ActionForm>
            </section>
        })}
    }
}
