//! Reminders on the schedule: each open invoice gets one message per offset from its due
//! date (H-7, H-3, H-1, H+1 by default; a customer's own offsets win), once, whatever the
//! number of runs of the daily job.

use chrono::NaiveDate;
use sqlx::PgPool;

use crate::error::server::ServiceResult;

/// Queues today's reminders; returns how many messages were queued.
pub async fn enqueue_due(db: &PgPool, today: NaiveDate) -> ServiceResult<u64> {
    let done = sqlx::query!(
        r#"INSERT INTO customer_messages (customer_id, event, channel, recipient, locale, vars,
                                          dedupe_key, invoice_id)
           SELECT c.id, 'reminder', ch.channel,
                  CASE ch.channel WHEN 'whatsapp' THEN c.phone ELSE c.email END,
                  c.document_language,
                  jsonb_build_object('invoice_number', i.number, 'amount', i.amount_due,
                                     'due_date', i.due_date, 'period_start', i.period_start,
                                     'period_end', i.period_end,
                                     'link_path', '/portal/invoices/' || i.id,
                                     'document', jsonb_build_object('kind', 'invoices', 'id', i.id)),
                  'reminder:' || i.id || ':' || ($1::date - i.due_date) || ':' || ch.channel,
                  i.id
           FROM invoices i
           JOIN customers c ON c.id = i.customer_id
           CROSS JOIN billing_settings b
           CROSS JOIN messaging_settings m
           CROSS JOIN (VALUES ('whatsapp'), ('email')) AS ch (channel)
           WHERE i.status IN ('issued', 'partially_paid') AND i.amount_due > 0
             -- invoices_open_idx: offsets are within ±90 days of the due date
             AND i.due_date BETWEEN $1::date - 90 AND $1::date + 90
             AND ($1::date - i.due_date)::smallint = ANY(COALESCE(c.reminder_offsets, b.reminder_offsets))
             AND ((ch.channel = 'whatsapp' AND m.whatsapp_provider <> 'none' AND c.phone <> '')
               OR (ch.channel = 'email' AND m.email_enabled AND c.email <> ''))
           ON CONFLICT (dedupe_key) DO NOTHING"#,
        today
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
