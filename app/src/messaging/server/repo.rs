//! The delivery log, and sending a message again.

use sqlx::PgPool;

use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::messaging::model::{MessageChannel, MessageEvent, MessageRow};
use crate::request::Actor;

/// The newest messages (of one customer, when given), newest first.
pub async fn list(
    db: &PgPool,
    customer_id: Option<i64>,
    limit: i64,
) -> ServiceResult<Vec<MessageRow>> {
    // customer_messages_customer_idx / customer_messages_list_idx
    let rows = sqlx::query!(
        r#"SELECT m.id, m.customer_id, c.code, c.full_name, m.event, m.channel, m.recipient,
                  m.status, m.attempts, m.last_error, m.subject, m.body, m.created_at, m.sent_at
           FROM customer_messages m JOIN customers c ON c.id = m.customer_id
           WHERE ($1::bigint IS NULL OR m.customer_id = $1)
           ORDER BY m.id DESC LIMIT $2"#,
        customer_id,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(MessageRow {
                id: r.id,
                customer_id: r.customer_id,
                customer_code: r.code,
                customer_name: r.full_name,
                event: MessageEvent::parse(&r.event)?,
                channel: MessageChannel::parse(&r.channel)?,
                recipient: r.recipient,
                status: r.status,
                attempts: r.attempts,
                last_error: r.last_error,
                subject: r.subject,
                body: r.body,
                created_at: r.created_at,
                sent_at: r.sent_at,
            })
        })
        .collect())
}

/// Queues a fresh copy of a message (same facts, same channel and recipient), sent with the
/// template in force now. Staff use it when a customer says a message never came.
pub async fn send_again(db: &PgPool, actor: &Actor, message_id: i64) -> ServiceResult<i64> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO customer_messages (customer_id, event, channel, recipient, locale, vars,
                                          invoice_id, payment_id, created_by)
           SELECT customer_id, event, channel, recipient, locale, vars, invoice_id, payment_id, $2
           FROM customer_messages WHERE id = $1
           RETURNING id"#,
        message_id,
        actor.user_id.map(|u| u.0)
    )
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(id)
}
