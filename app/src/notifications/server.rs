//! Writing and reading in-app notifications.

use crate::error::server::ServiceResult;
use crate::notifications::model::{Notification, NotificationKind};
use crate::tickets::model::{SlaMetric, TicketId};
use sqlx::{PgConnection, PgPool};

/// Queues one notification per recipient inside the caller's transaction.
pub async fn notify(
    conn: &mut PgConnection,
    recipients: &[i64],
    kind: NotificationKind,
    ticket_id: Option<i64>,
    metric: Option<SlaMetric>,
) -> ServiceResult<()> {
    if recipients.is_empty() {
        return Ok(());
    }
    let payload = serde_json::json!({ "metric": metric.map(SlaMetric::code) });
    sqlx::query!(
        r#"INSERT INTO notifications (user_id, kind, ticket_id, payload)
           SELECT u, $2, $3, $4 FROM unnest($1::bigint[]) AS r(u)"#,
        recipients,
        kind.code(),
        ticket_id,
        payload,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The user's latest notifications, newest first, and how many are unread.
pub async fn latest(
    db: &PgPool,
    user_id: i64,
    limit: i64,
) -> ServiceResult<(Vec<Notification>, i64)> {
    let rows = sqlx::query!(
        r#"SELECT n.id, n.kind, n.ticket_id, n.payload, n.created_at, n.read_at,
                  t.number_text AS "number_text?", t.title AS "title?"
           FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id
           WHERE n.user_id = $1
           ORDER BY n.created_at DESC, n.id DESC LIMIT $2"#,
        user_id,
        limit
    )
    .fetch_all(db)
    .await?;
    let unread = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM notifications WHERE user_id = $1 AND read_at IS NULL"#,
        user_id
    )
    .fetch_one(db)
    .await?;
    let items = rows
        .into_iter()
        .filter_map(|r| {
            Some(Notification {
                id: r.id,
                kind: NotificationKind::from_code(&r.kind)?,
                ticket_id: r.ticket_id.map(TicketId),
                ticket_number: r.number_text,
                ticket_title: r.title,
                metric: r.payload["metric"].as_str().and_then(SlaMetric::from_code),
                created_at: r.created_at,
                read: r.read_at.is_some(),
            })
        })
        .collect();
    Ok((items, unread))
}

/// Marks the user's notifications read (all of them, or the given ones).
pub async fn mark_read(db: &PgPool, user_id: i64, ids: Option<&[i64]>) -> ServiceResult<u64> {
    let done = sqlx::query!(
        r#"UPDATE notifications SET read_at = now()
           WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY ($2))"#,
        user_id,
        ids,
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
