//! The SLA job: finds clocks whose warning or due time has passed and refreshes their
//! tickets, which records and announces the crossing. Runs every `SIMPUL_SLA_INTERVAL_SECS`.

use super::{clocks, recompute};
use crate::error::server::ServiceResult;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// Tickets handled per run; the next run picks up the rest.
const BATCH: i64 = 500;

/// Refreshes every ticket with a clock past a threshold, then the tickets queued after a
/// settings change; returns how many were refreshed.
/// Each ticket gets its own transaction under the ticket's row lock, so a user's change
/// and the job never interleave.
pub async fn tick(db: &PgPool, now: DateTime<Utc>) -> ServiceResult<usize> {
    let due: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT ticket_id AS "id!" FROM ticket_sla_clocks
           WHERE state = 'running' AND warning_at <= $1
           UNION
           SELECT ticket_id FROM ticket_sla_clocks
           WHERE state IN ('running', 'warning') AND due_at <= $1
           LIMIT $2"#,
        now,
        BATCH
    )
    .fetch_all(db)
    .await?;
    let mut refreshed = 0;
    for ticket_id in &due {
        // One broken ticket (say, a calendar an admin saved with overlapping hours) must not
        // stop every other ticket's warnings and breaches.
        match clocks::refresh_locked(db, *ticket_id, now).await {
            Ok(()) => refreshed += 1,
            Err(err) => tracing::error!(ticket.id = ticket_id, error = %err, "SLA refresh failed"),
        }
    }
    // Settings changes (policies, calendars, holidays) come after the deadlines: a breach
    // announced a minute late is worse than a recomputed countdown arriving a minute late.
    Ok(refreshed + recompute::drain(db, now).await?)
}
