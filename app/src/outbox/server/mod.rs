use crate::error::server::ServiceResult;
use crate::outbox::model::OutboxMessage;
use crate::pagination::{page_from, parse_time_cursor, time_cursor, Page};
use sqlx::{PgConnection, PgPool};

/// Queues an email inside the caller's transaction; returns the message id.
pub async fn enqueue(
    conn: &mut PgConnection,
    recipient: &str,
    subject: &str,
    body: &str,
) -> ServiceResult<i64> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO outbox_messages (recipient, subject, body) VALUES ($1, $2, $3) RETURNING id",
        recipient,
        subject,
        body,
    )
    .fetch_one(conn)
    .await?)
}

/// Newest first, keyset-paginated by `outbox_messages_created_idx`.
pub async fn list(
    db: &PgPool,
    cursor: Option<&str>,
    limit: i64,
) -> ServiceResult<Page<OutboxMessage>> {
    let (cursor_at, cursor_id) = match cursor.and_then(parse_time_cursor) {
        Some((at, id)) => (Some(at), Some(id)),
        None => (None, None),
    };
    let rows = sqlx::query_as!(
        OutboxMessage,
        r#"SELECT id, channel, recipient, subject, body, created_at, sent_at
           FROM outbox_messages
           WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2::bigint))
           ORDER BY created_at DESC, id DESC
           LIMIT $3"#,
        cursor_at,
        cursor_id,
        limit + 1,
    )
    .fetch_all(db)
    .await?;
    Ok(page_from(rows, limit, |m| time_cursor(m.created_at, m.id)))
}
