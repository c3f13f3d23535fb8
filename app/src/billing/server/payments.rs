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
use crate::messaging::model::MessageEvent;
use crate::messaging::server::queue;
use crate::request::Actor;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

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
    let (payment_id, number) = insert_and_settle(
        &mut tx,
        actor,
        NewPayment {
            customer_id: draft.customer_id,
            method: draft.method,
            amount: checked.amount,
            received_on: checked.received_on,
            reference: &checked.reference,
            note: &checked.note,
            invoice_ids: &draft.invoice_ids,
            skip_closed_invoices: false,
        },
        today,
    )
    .await?;
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

/// A payment to write: checked already (by the form or by the gateway's signature).
pub struct NewPayment<'a> {
    pub customer_id: i64,
    pub method: PaymentMethod,
    pub amount: i64,
    pub received_on: NaiveDate,
    pub reference: &'a str,
    pub note: &'a str,
    /// Invoices to pay first, in order.
    pub invoice_ids: &'a [i64],
    /// A gateway payment names the invoices the customer chose minutes or days ago; one
    /// paid or cancelled since is passed over instead of refusing money already received.
    pub skip_closed_invoices: bool,
}

/// Writes a payment received from a gateway, with its receipt, inside the caller's
/// transaction (which holds the customer's lock), audited. Returns the id and the number.
pub async fn record_received(
    conn: &mut PgConnection,
    actor: &Actor,
    payment: NewPayment<'_>,
    today: NaiveDate,
) -> ServiceResult<(i64, String)> {
    let method = payment.method;
    let (amount, received_on) = (payment.amount, payment.received_on);
    let reference = payment.reference.to_owned();
    let (payment_id, number) = insert_and_settle(conn, actor, payment, today).await?;
    AuditEvent::new("payment.create", "payment", payment_id)
        .after(&PaymentAudit {
            number: &number,
            method: method.as_str(),
            amount,
            received_on: received_on.to_string(),
            reference: &reference,
            status: "completed",
            reversal_reason: None,
        })
        .write(conn, actor)
        .await?;
    Ok((payment_id, number))
}

/// The payment row, its receipt number, its credit entry matched to the named invoices and
/// then the oldest open debits, and the lines that come back because nothing is overdue.
async fn insert_and_settle(
    conn: &mut PgConnection,
    actor: &Actor,
    payment: NewPayment<'_>,
    today: NaiveDate,
) -> ServiceResult<(i64, String)> {
    let settings = settings::load(conn).await?;
    let seq = numbering::take(conn, DocumentKind::Receipt, today.year(), 1).await?;
    let number = format_number(&settings.receipt_number_format, today, seq);
    let payment_id = sqlx::query_scalar!(
        r#"INSERT INTO payments (number, customer_id, method, amount, received_on, reference,
                                 note, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"#,
        number,
        payment.customer_id,
        payment.method.as_str(),
        payment.amount,
        payment.received_on,
        payment.reference,
        payment.note,
        actor.user_id.map(|u| u.0),
    )
    .fetch_one(&mut *conn)
    .await?;
    let credit = ledger::post(
        conn,
        actor,
        ledger::NewEntry {
            customer_id: payment.customer_id,
            kind: ledger::EntryKind::Payment,
            amount: -payment.amount,
            invoice_id: None,
            payment_id: Some(payment_id),
            credit_note_id: None,
            description: &number,
            settle_order: payment.received_on,
        },
    )
    .await?;
    // The invoices named first, each up to what is due on it.
    let mut left = payment.amount;
    let mut matches = Vec::new();
    for invoice_id in payment.invoice_ids {
        let open = sqlx::query!(
            r#"SELECT e.id, e.open_amount FROM ledger_entries e
               JOIN invoices i ON i.id = e.invoice_id
               WHERE e.invoice_id = $1 AND e.kind = 'invoice' AND i.customer_id = $2
                 AND i.status IN ('issued', 'partially_paid')"#,
            invoice_id,
            payment.customer_id
        )
        .fetch_optional(&mut *conn)
        .await?;
        let Some(open) = open else {
            if payment.skip_closed_invoices {
                continue;
            }
            return Err(FieldErrors::single("invoice_ids", Msg::ValInvoiceNotOpen).into());
        };
        let amount = open.open_amount.min(left);
        if amount > 0 && !matches.iter().any(|m: &(i64, i64, i64)| m.0 == open.id) {
            matches.push((open.id, credit, amount));
            left -= amount;
        }
    }
    ledger::allocate(conn, &matches).await?;
    ledger::settle(conn, payment.customer_id).await?;
    collections::restore_if_clear(conn, actor, payment.customer_id, today).await?;
    // The receipt goes out after commit, by the message worker: a gateway that is down
    // can never hold up or undo the payment.
    queue::enqueue(
        conn,
        queue::Queued {
            payment_id: Some(payment_id),
            ..queue::queued(
                payment.customer_id,
                MessageEvent::PaymentReceived,
                queue::payment_vars(&number, payment.amount, payment_id),
                format!("payment:{payment_id}"),
            )
        },
    )
    .await?;
    Ok((payment_id, number))
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
        r#"SELECT number, method, amount, received_on, reference, status,
                  (SELECT COALESCE(sum(amount), 0) FROM payment_refunds
                   WHERE payment_id = $1)::bigint AS "refunded!"
           FROM payments WHERE id = $1 FOR UPDATE"#,
        payment_id.0
    )
    .fetch_one(&mut *tx)
    .await?;
    // What a gateway already gave back is in the ledger as its own entry: the reversal
    // takes back only the rest.
    let reversed = payment.amount - payment.refunded;
    if payment.status != "completed" || reversed <= 0 {
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
            amount: reversed,
            invoice_id: None,
            payment_id: Some(payment_id.0),
            credit_note_id: None,
            description: &description,
            settle_order: payment.received_on,
        },
    )
    .await?;
    ledger::allocate(&mut tx, &[(debit, credit, reversed)]).await?;
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

/// Money a gateway gave back after it was credited (refund or chargeback), as its own debit
/// entry. When it covers what is left of the payment, the payment's matches are taken back
/// (its invoices are due again, as with a reversal) and the payment is marked refunded; a
/// partial one stays a debit that the customer's next credit settles. The caller holds the
/// customer's lock and has written the `payment_refunds` row.
pub async fn record_refund(
    conn: &mut PgConnection,
    actor: &Actor,
    payment_id: i64,
    refund_id: i64,
    amount: i64,
    description: &str,
    today: NaiveDate,
) -> ServiceResult<()> {
    let payment = sqlx::query!(
        r#"SELECT customer_id, amount, status,
                  (SELECT COALESCE(sum(amount), 0) FROM payment_refunds
                   WHERE payment_id = $1 AND id <> $2)::bigint AS "refunded_before!"
           FROM payments WHERE id = $1 FOR UPDATE"#,
        payment_id,
        refund_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let debit = ledger::post_refund(
        conn,
        actor,
        payment.customer_id,
        refund_id,
        amount,
        description,
        today,
    )
    .await?;
    let whole = payment.status == "completed" && payment.refunded_before + amount >= payment.amount;
    if whole {
        let credit = ledger::entry_of_payment(conn, payment_id, ledger::EntryKind::Payment).await?;
        ledger::release_all(conn, credit).await?;
        ledger::allocate(conn, &[(debit, credit, amount.min(payment.amount))]).await?;
        sqlx::query!(
            r#"UPDATE payments SET status = 'refunded', reversed_at = now(),
                                   reversal_reason = $2
               WHERE id = $1"#,
            payment_id,
            description
        )
        .execute(&mut *conn)
        .await?;
    }
    ledger::settle(conn, payment.customer_id).await?;
    AuditEvent::new("payment.refund", "payment", payment_id)
        .after(&serde_json::json!({ "amount": amount, "whole": whole, "note": description }))
        .write(conn, actor)
        .await?;
    Ok(())
}
