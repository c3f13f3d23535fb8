//! Queueing messages inside the transaction of what caused them, one row per channel the
//! customer can be reached on. A dedupe key makes each message once-only (one receipt per
//! payment, one reminder per invoice and day offset), whatever retries or reruns happen.
//!
//! Only facts are stored (`vars`: numbers, dates, paths); the text is rendered when the
//! message is sent, in the customer's document language.

use serde_json::{json, Value};
use sqlx::PgConnection;

use crate::error::server::ServiceResult;
use crate::messaging::model::MessageEvent;

/// Which customer, why, and what the template needs.
pub struct Queued {
    pub customer_id: i64,
    pub event: MessageEvent,
    pub vars: Value,
    /// Channel is appended (`payment:12:whatsapp`).
    pub dedupe_key: Option<String>,
    pub invoice_id: Option<i64>,
    pub payment_id: Option<i64>,
    pub created_by: Option<i64>,
}

/// Whether any channel is configured at all; when none is, queueing is skipped cheaply.
async fn any_channel(conn: &mut PgConnection) -> ServiceResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT (whatsapp_provider <> 'none' OR email_enabled) AS "on!"
           FROM messaging_settings WHERE id = 1"#
    )
    .fetch_one(conn)
    .await?)
}

/// Queues one message per reachable channel. Returns how many rows were queued.
pub async fn enqueue(conn: &mut PgConnection, message: Queued) -> ServiceResult<u64> {
    if !any_channel(conn).await? {
        return Ok(0);
    }
    let done = sqlx::query!(
        r#"INSERT INTO customer_messages (customer_id, event, channel, recipient, locale, vars,
                                          dedupe_key, invoice_id, payment_id, created_by)
           SELECT c.id, $2, ch.channel,
                  CASE ch.channel WHEN 'whatsapp' THEN c.phone ELSE c.email END,
                  c.document_language, $3, $4 || ':' || ch.channel, $5, $6, $7
           FROM customers c
           CROSS JOIN messaging_settings m
           CROSS JOIN (VALUES ('whatsapp'), ('email')) AS ch (channel)
           WHERE c.id = $1
             AND ((ch.channel = 'whatsapp' AND m.whatsapp_provider <> 'none' AND c.phone <> '')
               OR (ch.channel = 'email' AND m.email_enabled AND c.email <> ''))
           ON CONFLICT (dedupe_key) DO NOTHING"#,
        message.customer_id,
        message.event.as_str(),
        message.vars,
        message.dedupe_key,
        message.invoice_id,
        message.payment_id,
        message.created_by,
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// A shorthand for the common case.
pub fn queued(customer_id: i64, event: MessageEvent, vars: Value, dedupe: String) -> Queued {
    Queued {
        customer_id,
        event,
        vars,
        dedupe_key: Some(dedupe),
        invoice_id: None,
        payment_id: None,
        created_by: None,
    }
}

/// "Invoice issued" for a batch of newly issued invoices, in one statement (a billing run
/// issues tens of thousands at once).
pub async fn enqueue_issued(conn: &mut PgConnection, invoice_ids: &[i64]) -> ServiceResult<u64> {
    if invoice_ids.is_empty() || !any_channel(conn).await? {
        return Ok(0);
    }
    let done = sqlx::query!(
        r#"INSERT INTO customer_messages (customer_id, event, channel, recipient, locale, vars,
                                          dedupe_key, invoice_id)
           SELECT c.id, 'invoice_issued', ch.channel,
                  CASE ch.channel WHEN 'whatsapp' THEN c.phone ELSE c.email END,
                  c.document_language,
                  jsonb_build_object('invoice_number', i.number, 'amount', i.total,
                                     'due_date', i.due_date, 'period_start', i.period_start,
                                     'period_end', i.period_end,
                                     'link_path', '/portal/invoices/' || i.id,
                                     'document', jsonb_build_object('kind', 'invoices', 'id', i.id)),
                  'issued:' || i.id || ':' || ch.channel, i.id
           FROM invoices i
           JOIN customers c ON c.id = i.customer_id
           CROSS JOIN messaging_settings m
           CROSS JOIN (VALUES ('whatsapp'), ('email')) AS ch (channel)
           WHERE i.id = ANY($1) AND i.total > 0 AND i.status <> 'draft'
             AND ((ch.channel = 'whatsapp' AND m.whatsapp_provider <> 'none' AND c.phone <> '')
               OR (ch.channel = 'email' AND m.email_enabled AND c.email <> ''))
           ON CONFLICT (dedupe_key) DO NOTHING"#,
        invoice_ids
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// The facts of a payment receipt.
pub fn payment_vars(receipt_number: &str, amount: i64, payment_id: i64) -> Value {
    json!({
        "receipt_number": receipt_number,
        "amount": amount,
        "link_path": "/portal/invoices",
        "document": { "kind": "receipts", "id": payment_id },
    })
}
