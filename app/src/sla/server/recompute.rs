//! Recomputing open tickets after an admin changes what their clocks depend on.
//!
//! The settings change queues every open ticket in the same transaction; the SLA job drains
//! the queue. Finished tickets keep the clocks they finished with: a met SLA does not become
//! breached because someone shortened a target later.

use super::clocks;
use crate::error::server::ServiceResult;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

/// Tickets refreshed per batch, and at most this long per job run, so the next run's deadline
/// pass is never held up for long; the next run picks up the rest.
const BATCH: i64 = 500;
const RUN_BUDGET: std::time::Duration = std::time::Duration::from_secs(20);

/// Queues every open ticket. Call inside the transaction that changes the settings.
pub async fn enqueue_open(conn: &mut PgConnection) -> ServiceResult<u64> {
    let queued = sqlx::query!(
        r#"INSERT INTO sla_recompute_queue (ticket_id)
           SELECT id FROM tickets WHERE status NOT IN ('resolved', 'closed', 'cancelled')
           -- Touching a row that is already queued locks it: a refresh that dequeued it
           -- concurrently then waits for this change to commit, and reads the new settings.
           ON CONFLICT (ticket_id) DO UPDATE SET queued_at = sla_recompute_queue.queued_at"#
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
/// fails stays queued (and logged) without holding up the others. `now` is the run's start;
/// each ticket is refreshed as of `now` plus the time the run has taken so far.
pub async fn drain(db: &PgPool, now: DateTime<Utc>) -> ServiceResult<usize> {
    let started = std::time::Instant::now();
    let mut failed: Vec<i64> = Vec::new();
    let mut refreshed = 0;
    while started.elapsed() < RUN_BUDGET {
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
            let at = now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
            match refresh_if_queued(db, ticket_id, at).await {
                Ok(true) => refreshed += 1,
                Ok(false) => {}
                Err(err) => {
                    tracing::error!(ticket.id = ticket_id, error = %err, "SLA recompute failed");
                    failed.push(ticket_id);
                }
            }
        }
    }
    Ok(refreshed)
}

/// Refreshes the ticket only if it is still queued once its row is locked: a user's change
/// may have refreshed it (with a later time) since the batch was read.
async fn refresh_if_queued(db: &PgPool, ticket_id: i64, now: DateTime<Utc>) -> ServiceResult<bool> {
    let mut tx = db.begin().await?;
    sqlx::query!("SELECT id FROM tickets WHERE id = $1 FOR UPDATE", ticket_id)
        .fetch_one(&mut *tx)
        .await?;
    let still_queued = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM sla_recompute_queue WHERE ticket_id = $1) AS "q!""#,
        ticket_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if still_queued {
        clocks::refresh(&mut tx, ticket_id, now).await?;
    }
    tx.commit().await?;
    Ok(still_queued)
}
