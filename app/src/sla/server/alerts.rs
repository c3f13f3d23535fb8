//! Announcing that a clock reached its warning threshold or breached: once per crossing, on
//! the ticket timeline and to the assignee and the group's supervisor.

use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::notifications::model::NotificationKind;
use crate::notifications::server as notifications;
use crate::request::Actor;
use crate::tickets::model::{SlaMetric, SlaState};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

pub async fn announce(
    conn: &mut PgConnection,
    ticket_id: i64,
    metric: SlaMetric,
    state: SlaState,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let (action, kind) = match state {
        SlaState::Breached => ("ticket.sla_breached", NotificationKind::SlaBreached),
        _ => ("ticket.sla_warning", NotificationKind::SlaWarning),
    };
    sqlx::query!(
        r#"UPDATE ticket_sla_clocks
           SET warned_at = coalesce(warned_at, $3),
               breached_at = CASE WHEN $4 THEN coalesce(breached_at, $3) ELSE breached_at END
           WHERE ticket_id = $1 AND metric = $2"#,
        ticket_id,
        metric.code(),
        now,
        state == SlaState::Breached,
    )
    .execute(&mut *conn)
    .await?;
    AuditEvent::new(action, "ticket", ticket_id)
        .after(&serde_json::json!({ "sla": metric.code() }))
        .write(conn, &Actor::system())
        .await?;
    let recipients: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT DISTINCT u AS "u!" FROM tickets t
           LEFT JOIN support_groups g ON g.id = t.group_id,
           LATERAL (VALUES (t.assignee_id), (g.supervisor_id)) AS r(u)
           WHERE t.id = $1 AND u IS NOT NULL"#,
        ticket_id
    )
    .fetch_all(&mut *conn)
    .await?;
    notifications::notify(conn, &recipients, kind, Some(ticket_id), Some(metric)).await
}
