//! Collections: late fees, isolating lines whose invoice stayed unpaid past its grace days,
//! restoring them when nothing overdue is left, and promises to pay (janji bayar).
//!
//! Isolation and restoration go through the subscriptions lifecycle, so the router follows
//! through the provisioning outbox in the same transaction; a router that is down delays
//! the change, never loses it. Only lines that billing isolated (`billing_isolations`) are
//! restored by billing: a line staff isolated by hand stays as they left it.

use super::ledger;
use crate::audit::server::AuditEvent;
use crate::billing::model::proration::month_name;
use crate::error::server::ServiceResult;
use crate::error::FieldErrors;
use crate::i18n::{Locale, Msg};
use crate::messaging::model::MessageEvent;
use crate::messaging::server::queue;
use crate::request::Actor;
use crate::subscriptions::model::SubscriptionStatus;
use crate::subscriptions::server::service::set_status;
use chrono::{Days, NaiveDate};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CollectReport {
    pub late_fees: u64,
    pub isolated: u64,
    pub restored: u64,
    pub failed: u64,
}

/// The reason shown to the customer (portal, isolir page), in their document language.
pub fn isolation_reason(language: Locale, period_start: NaiveDate) -> String {
    match language {
        Locale::Id => format!(
            "Tagihan {} belum dibayar",
            month_name(language, period_start)
        ),
        Locale::En => format!(
            "Invoice for {} is unpaid",
            month_name(language, period_start)
        ),
    }
}

fn restored_reason(language: Locale) -> &'static str {
    match language {
        Locale::Id => "Tagihan sudah dibayar",
        Locale::En => "Invoice paid",
    }
}

/// Late fees, isolations and the restoration sweep for `today`. Each line is its own
/// transaction: one that fails is counted and logged, the others go on.
pub async fn collect(db: &PgPool, actor: &Actor, today: NaiveDate) -> ServiceResult<CollectReport> {
    let mut report = CollectReport {
        late_fees: late_fees(db, today).await?,
        ..CollectReport::default()
    };
    let overdue = sqlx::query!(
        r#"SELECT DISTINCT ON (i.subscription_id)
                  i.id, i.customer_id, i.subscription_id AS "subscription_id!",
                  i.period_start AS "period_start!", c.document_language
           FROM invoices i
           JOIN subscriptions s ON s.id = i.subscription_id
           JOIN customers c ON c.id = i.customer_id
           CROSS JOIN billing_settings b
           WHERE i.kind = 'service' AND i.status IN ('issued', 'partially_paid')
             AND i.due_date + COALESCE(c.grace_days, b.grace_days)::int < $1
             AND s.status = 'active'
             AND (c.promise_to_pay_until IS NULL OR c.promise_to_pay_until < $1)
           ORDER BY i.subscription_id, i.due_date, i.id"#,
        today
    )
    .fetch_all(db)
    .await?;
    for row in overdue {
        let language = Locale::from_code(&row.document_language).unwrap_or_default();
        let reason = isolation_reason(language, row.period_start);
        let isolated = isolate(
            db,
            actor,
            row.customer_id,
            row.subscription_id,
            row.id,
            &reason,
            today,
        )
        .await;
        match isolated {
            Ok(true) => report.isolated += 1,
            Ok(false) => {}
            Err(err) => {
                report.failed += 1;
                tracing::error!(subscription.id = row.subscription_id, error = %err, "billing isolation failed");
            }
        }
    }
    let isolated_customers = sqlx::query_scalar!(
        r#"SELECT DISTINCT s.customer_id FROM billing_isolations bi
           JOIN subscriptions s ON s.id = bi.subscription_id WHERE bi.restored_at IS NULL"#
    )
    .fetch_all(db)
    .await?;
    for customer_id in isolated_customers {
        let outcome: ServiceResult<u64> = async {
            let mut tx = db.begin().await?;
            ledger::lock_customer(&mut tx, customer_id).await?;
            let restored = restore_if_clear(&mut tx, actor, customer_id, today).await?;
            tx.commit().await?;
            Ok(restored)
        }
        .await;
        match outcome {
            Ok(n) => report.restored += n,
            Err(err) => {
                report.failed += 1;
                tracing::error!(customer.id = customer_id, error = %err, "billing restore failed");
            }
        }
    }
    Ok(report)
}

/// One late fee per invoice still open after its due date, for the customer's next invoice.
async fn late_fees(db: &PgPool, today: NaiveDate) -> ServiceResult<u64> {
    let done = sqlx::query!(
        r#"INSERT INTO billing_charges
               (customer_id, subscription_id, kind, description, unit_price, source_invoice_id)
           SELECT i.customer_id, i.subscription_id, 'late_fee',
                  CASE c.document_language WHEN 'en' THEN 'Late fee ' ELSE 'Denda keterlambatan ' END
                      || i.number,
                  COALESCE(c.late_fee, b.late_fee), i.id
           FROM invoices i
           JOIN customers c ON c.id = i.customer_id
           CROSS JOIN billing_settings b
           WHERE i.status IN ('issued', 'partially_paid') AND i.due_date < $1
             AND COALESCE(c.late_fee, b.late_fee) > 0
           ON CONFLICT (source_invoice_id) WHERE kind = 'late_fee' DO NOTHING"#,
        today
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Isolates one line for one invoice, after checking under the customer's lock that the
/// invoice is still unpaid past its grace days (a payment may have landed since the scan).
async fn isolate(
    db: &PgPool,
    actor: &Actor,
    customer_id: i64,
    subscription_id: i64,
    invoice_id: i64,
    reason: &str,
    today: NaiveDate,
) -> ServiceResult<bool> {
    let mut tx = db.begin().await?;
    ledger::lock_customer(&mut tx, customer_id).await?;
    let still = sqlx::query_scalar!(
        r#"SELECT EXISTS (
               SELECT 1 FROM invoices i
               JOIN subscriptions s ON s.id = i.subscription_id
               JOIN customers c ON c.id = i.customer_id
               CROSS JOIN billing_settings b
               WHERE i.id = $1 AND i.status IN ('issued', 'partially_paid')
                 AND i.due_date + COALESCE(c.grace_days, b.grace_days)::int < $2
                 AND s.status = 'active'
                 AND (c.promise_to_pay_until IS NULL OR c.promise_to_pay_until < $2))
           AS "still!""#,
        invoice_id,
        today
    )
    .fetch_one(&mut *tx)
    .await?;
    if !still {
        return Ok(false);
    }
    set_status(
        &mut tx,
        actor,
        subscription_id,
        SubscriptionStatus::Isolated,
        reason,
        false,
    )
    .await?;
    let isolation_id = sqlx::query_scalar!(
        "INSERT INTO billing_isolations (subscription_id, invoice_id) VALUES ($1, $2) RETURNING id",
        subscription_id,
        invoice_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let facts = sqlx::query_scalar!(
        r#"SELECT jsonb_build_object('amount', amount_due, 'period_start', period_start,
                                     'period_end', period_end, 'invoice_number', number,
                                     'link_path', '/portal/invoices/' || id) AS "facts!"
           FROM invoices WHERE id = $1"#,
        invoice_id
    )
    .fetch_one(&mut *tx)
    .await?;
    queue::enqueue(
        &mut tx,
        queue::Queued {
            invoice_id: Some(invoice_id),
            ..queue::queued(
                customer_id,
                MessageEvent::Isolated,
                facts,
                format!("isolated:{isolation_id}"),
            )
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Restores the customer's lines that billing isolated when none of their invoices is past
/// its grace days any more (paid, cancelled, or a promise to pay running), and adds the
/// reconnection fee to the next invoice. The caller holds the customer's lock. Returns how
/// many lines came back.
pub async fn restore_if_clear(
    conn: &mut PgConnection,
    actor: &Actor,
    customer_id: i64,
    today: NaiveDate,
) -> ServiceResult<u64> {
    let held = sqlx::query!(
        r#"SELECT bi.id, bi.subscription_id, s.status, c.document_language,
                  COALESCE(c.reconnection_fee, b.reconnection_fee) AS "fee!",
                  EXISTS (
                      SELECT 1 FROM invoices i
                      WHERE i.subscription_id = bi.subscription_id AND i.kind = 'service'
                        AND i.status IN ('issued', 'partially_paid')
                        AND i.due_date + COALESCE(c.grace_days, b.grace_days)::int < $2
                  ) AND (c.promise_to_pay_until IS NULL OR c.promise_to_pay_until < $2)
                  AS "still_overdue!"
           FROM billing_isolations bi
           JOIN subscriptions s ON s.id = bi.subscription_id
           JOIN customers c ON c.id = s.customer_id
           CROSS JOIN billing_settings b
           WHERE s.customer_id = $1 AND bi.restored_at IS NULL
           ORDER BY bi.id"#,
        customer_id,
        today
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut restored = 0;
    for line in held.into_iter().filter(|l| !l.still_overdue) {
        let language = Locale::from_code(&line.document_language).unwrap_or_default();
        // Staff may have moved the line meanwhile (suspended, ended, restored by hand): the
        // isolation is closed without touching it.
        if SubscriptionStatus::parse(&line.status) == Some(SubscriptionStatus::Isolated) {
            set_status(
                conn,
                actor,
                line.subscription_id,
                SubscriptionStatus::Active,
                restored_reason(language),
                false,
            )
            .await?;
            restored += 1;
            if line.fee > 0 {
                let description = match language {
                    Locale::Id => "Biaya penyambungan kembali",
                    Locale::En => "Reconnection fee",
                };
                sqlx::query!(
                    r#"INSERT INTO billing_charges
                           (customer_id, subscription_id, kind, description, unit_price)
                       VALUES ($1, $2, 'reconnection', $3, $4)"#,
                    customer_id,
                    line.subscription_id,
                    description,
                    line.fee
                )
                .execute(&mut *conn)
                .await?;
            }
        }
        sqlx::query!(
            "UPDATE billing_isolations SET restored_at = now() WHERE id = $1",
            line.id
        )
        .execute(&mut *conn)
        .await?;
        if SubscriptionStatus::parse(&line.status) == Some(SubscriptionStatus::Isolated) {
            queue::enqueue(
                conn,
                queue::queued(
                    customer_id,
                    MessageEvent::Restored,
                    serde_json::json!({ "link_path": "/portal/home" }),
                    format!("restored:{}", line.id),
                ),
            )
            .await?;
        }
    }
    Ok(restored)
}

/// Promise to pay (janji bayar): no isolation for the customer until `until` (included),
/// and lines isolated for billing come back now. `None` withdraws the promise.
pub async fn promise_to_pay(
    db: &PgPool,
    actor: &Actor,
    customer_id: i64,
    until: Option<NaiveDate>,
    today: NaiveDate,
) -> ServiceResult<()> {
    if let Some(until) = until {
        if until <= today {
            return Err(FieldErrors::single("until", Msg::ValDateInPast).into());
        }
        if until > today + Days::new(90) {
            return Err(FieldErrors::single("until", Msg::ValTooLong).into());
        }
    }
    let mut tx = db.begin().await?;
    ledger::lock_customer(&mut tx, customer_id).await?;
    let before = sqlx::query_scalar!(
        "SELECT promise_to_pay_until FROM customers WHERE id = $1",
        customer_id
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE customers SET promise_to_pay_until = $2, updated_at = now() WHERE id = $1",
        customer_id,
        until
    )
    .execute(&mut *tx)
    .await?;
    restore_if_clear(&mut tx, actor, customer_id, today).await?;
    AuditEvent::new("customer.promise_to_pay", "customer", customer_id)
        .before(&serde_json::json!({ "until": before.map(|d| d.to_string()) }))
        .after(&serde_json::json!({ "until": until.map(|d| d.to_string()) }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
