//! The order's own history of state changes (the audit log keeps every other change).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::error::server::ServiceResult;
use crate::field::model::{FailureReason, WorkOrderState};
use crate::request::Actor;

/// One state change of an order.
pub struct Change<'a> {
    pub from: Option<WorkOrderState>,
    pub to: WorkOrderState,
    pub reason: Option<FailureReason>,
    pub note: &'a str,
}

pub async fn record(
    conn: &mut PgConnection,
    actor: &Actor,
    order: i64,
    change: &Change<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    sqlx::query!(
        r#"INSERT INTO work_order_events (work_order_id, at, actor_id, from_state, to_state,
                                          reason, note)
           VALUES ($1, $2, $3, $4, $5, $6, $7)"#,
        order,
        now,
        actor.user_id.map(|u| u.0),
        change.from.map(WorkOrderState::code),
        change.to.code(),
        change.reason.map(FailureReason::code),
        change.note
    )
    .execute(conn)
    .await?;
    Ok(())
}
