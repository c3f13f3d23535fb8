//! Recomputing open tickets after an admin changes what their clocks depend on.
//!
//! The settings change queues every open ticket in the same transaction; the SLA job drains
//! the queue. Finished tickets keep the clocks they finished with: a met SLA does not become
//! breached because someone shortened a target later.

use super::clocks;
use crate::error::server::ServiceResult;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

/// Tickets refreshed per batch, and batches per job run; the next run picks up the rest.
const BATCH: i64 = 500;
const BATCHES_PER_RUN: usize = 20;

/// Queues every open ticket. Call inside the transaction that changes the settings.
pub async fn enqueue_open(conn: &mut PgConnection) -> ServiceResult<u64> {
    let queued = sqlx::query!(
        r#"INSERT INTO sla_recompute_queue (ticket_id)
           SELECT id FROM tickets WHERE status NOT IN ('resolved', 'closed', 'cancelled')
           ON CONFLICT (ticket_id) DO NOTHING"#
    )
    .execute(conn)
    .await?
    .rows_affected();
    Ok(queued)
}

/// Takes a ticket off the queue. `clocks::refresh` calls this before it reads any settings,
/// so a settings change committed after that point queues the ticket again.
pub async fn dequeue(conn: &mut PgConnection, ticket_id: i64) -> ServiceResult<()> {
    sqlx::query!(
        "DELETE FROM sla_recompute_queue WHERE ticket_id = $1",
        ticket_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn pending(conn: &mut PgConnection) -> ServiceResult<i64> {
    Ok(
        sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM sla_recompute_queue"#)
            .fetch_one(conn)
            .await?,
    )
}

/// Refreshes queued tickets, oldest first; returns how many were refreshed. A ticket that
/// fails stays queued (and logged) without holding up the others.
pub async fn drain(db: &PgPool, now: DateTime<Utc>) -> ServiceResult<usize> {
    let mut failed: Vec<i64> = Vec::new();
    let mut refreshed = 0;
    for _ in 0..BATCHES_PER_RUN {
        let batch: Vec<i64> = sqlx::query_scalar!(
            r#"SELECT ticket_id FROM sla_recompute_queue
               WHERE ticket_id <> ALL($1) ORDER BY queued_at, ticket_id LIMIT $2"#,
            &failed,
            BATCH
        )
        .fetch_all(db)
        .await?;
        if batch.is_empty() {
            break;
        }
        for ticket_id in batch {
            match clocks::refresh_locked(db, ticket_id, now).await {
                Ok(()) => refreshed += 1,
                Err(err) => {
                    tracing::error!(ticket.id = ticket_id, error = %err, "SLA recompute failed");
                    failed.push(ticket_id);
                }
            }
        }
    }
    Ok(refreshed)
}
