//! The SLA job: finds clocks whose warning or due time has passed and refreshes their
//! tickets, which records and announces the crossing. Runs every `SIMPUL_SLA_INTERVAL_SECS`.

use super::clocks;
use crate::error::server::ServiceResult;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// Tickets handled per run; the next run picks up the rest.
const BATCH: i64 = 500;

/// Refreshes every ticket with a clock past a threshold; returns how many were refreshed.
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
    for ticket_id in &due {
        let mut tx = db.begin().await?;
        sqlx::query!("SELECT id FROM tickets WHERE id = $1 FOR UPDATE", ticket_id)
            .fetch_one(&mut *tx)
            .await?;
        clocks::refresh(&mut tx, *ticket_id, now).await?;
        tx.commit().await?;
    }
    Ok(due.len())
}
