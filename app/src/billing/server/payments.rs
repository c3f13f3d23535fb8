//! Payments recorded by finance (cash, bank transfer) and their reversal.
//!
//! A payment is a credit entry in the ledger with a receipt number. Finance may name the
//! invoices it pays, in order; what is left is settled against the oldest open debits and
//! any remainder stays as credit for the next invoice. Lines isolated for billing come back
//! in the same transaction once nothing overdue is left. A reversal never deletes: it takes
//! back the payment's matches (its invoices are due again) and posts a debit entry that
//! cancels the payment's credit.

use super::{collections, ledger, numbering, settings};
use crate::audit::server::AuditEvent;
use crate::billing::model::numbering::format_number;
use crate::billing::model::{DocumentKind, PaymentDraft, PaymentId, PaymentMethod};
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::request::Actor;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sqlx::PgPool;

#[derive(Serialize)]
struct PaymentAudit<'a> {
    number: &'a str,
    method: &'static str,
    amount: i64,
    received_on: String,
    reference: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reversal_reason: Option<&'a str>,
}

/// Records a manual payment and issues its receipt. Returns the payment's id.
pub async fn record(
    db: &PgPool,
    actor: &Actor,
    draft: PaymentDraft,
    today: NaiveDate,
) -> ServiceResult<PaymentId> {
    let checked = draft.check(today)?;
    let mut tx = db.begin().await?;
    ledger::lock_customer(&mut tx, draft.customer_id).await?;
    let settings = settings::load(&mut tx).await?;
    let seq = numbering::take(&mut tx, DocumentKind::Receipt, today.year(), 1).await?;
    let number = format_number(&settings.receipt_number_format, today, seq);
    let payment_id = sqlx::query_scalar!(
        r#"INSERT INTO payments (number, customer_id, method, amount, received_on, reference,
                                 note, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"#,
        number,
        draft.customer_id,
        draft.method.as_str(),
        checked.amount,
        checked.received_on,
        checked.reference,
        checked.note,
        actor.user_id.map(|u| u.0),
    )
    .fetch_one(&mut *tx)
    .await?;
    let credit = ledger::post(
        &mut tx,
        actor,
        ledger::NewEntry {
            customer_id: draft.customer_id,
            kind: ledger::EntryKind::Payment,
            amount: -checked.amount,
            invoice_id: None,
            payment_id: Some(payment_id),
            credit_note_id: None,
            description: &number,
            settle_order: checked.received_on,
        },
    )
    .await?;
    // The invoices finance named first, each up to what is due on it.
    let mut left = checked.amount;
    let mut matches = Vec::new();
    for invoice_id in &draft.invoice_ids {
        let open = sqlx::query!(
            r#"SELECT e.id, e.open_amount FROM ledger_entries e
               JOIN invoices i ON i.id = e.invoice_id
               WHERE e.invoice_id = $1 AND e.kind = 'invoice' AND i.customer_id = $2
                 AND i.status IN ('issued', 'partially_paid')"#,
            invoice_id,
            draft.customer_id
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| FieldErrors::single("invoice_ids", Msg::ValInvoiceNotOpen))?;
        let amount = open.open_amount.min(left);
        if amount > 0 && !matches.iter().any(|m: &(i64, i64, i64)| m.0 == open.id) {
            matches.push((open.id, credit, amount));
            left -= amount;
        }
    }
    ledger::allocate(&mut tx, &matches).await?;
    ledger::settle(&mut tx, draft.customer_id).await?;
    collections::restore_if_clear(&mut tx, actor, draft.customer_id, today).await?;
    AuditEvent::new("payment.create", "payment", payment_id)
        .after(&PaymentAudit {
            number: &number,
            method: draft.method.as_str(),
            amount: checked.amount,
            received_on: checked.received_on.to_string(),
            reference: &checked.reference,
            status: "completed",
            reversal_reason: None,
        })
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(PaymentId(payment_id))
}

/// Reverses a payment with a reason: its invoices are due again and its credit is gone.
pub async fn reverse(
    db: &PgPool,
    actor: &Actor,
    payment_id: PaymentId,
    reason: &str,
) -> ServiceResult<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(FieldErrors::single("reason", Msg::ValReasonRequired).into());
    }
    if reason.chars().count() > 500 {
        return Err(FieldErrors::single("reason", Msg::ValTooLong).into());
    }
    let mut tx = db.begin().await?;
    let customer_id = sqlx::query_scalar!(
        "SELECT customer_id FROM payments WHERE id = $1",
        payment_id.0
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    ledger::lock_customer(&mut tx, customer_id).await?;
    let payment = sqlx::query!(
        r#"SELECT number, method, amount, received_on, reference, status
           FROM payments WHERE id = $1 FOR UPDATE"#,
        payment_id.0
    )
    .fetch_one(&mut *tx)
    .await?;
    if payment.status != "completed" {
        return Err(AppError::Conflict(Msg::ErrPaymentReversed).into());
    }
    let credit =
        ledger::entry_of_payment(&mut tx, payment_id.0, ledger::EntryKind::Payment).await?;
    ledger::release_all(&mut tx, credit).await?;
    let description = format!("{} ({reason})", payment.number);
    let debit = ledger::post(
        &mut tx,
        actor,
        ledger::NewEntry {
            customer_id,
            kind: ledger::EntryKind::PaymentReversal,
            amount: payment.amount,
            invoice_id: None,
            payment_id: Some(payment_id.0),
            credit_note_id: None,
            description: &description,
            settle_order: payment.received_on,
        },
    )
    .await?;
    ledger::allocate(&mut tx, &[(debit, credit, payment.amount)]).await?;
    sqlx::query!(
        r#"UPDATE payments SET status = 'reversed', reversed_at = now(), reversed_by = $2,
                               reversal_reason = $3
           WHERE id = $1"#,
        payment_id.0,
        actor.user_id.map(|u| u.0),
        reason
    )
    .execute(&mut *tx)
    .await?;
    // Other credit the customer holds may cover what is due again.
    ledger::settle(&mut tx, customer_id).await?;
    let method = PaymentMethod::parse(&payment.method).unwrap_or_default();
    let audit = |status, reversal_reason| PaymentAudit {
        number: &payment.number,
        method: method.as_str(),
        amount: payment.amount,
        received_on: payment.received_on.to_string(),
        reference: &payment.reference,
        status,
        reversal_reason,
    };
    AuditEvent::new("payment.reverse", "payment", payment_id.0)
        .before(&audit("completed", None))
        .after(&audit("reversed", Some(reason)))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
