//! The desk gives an order a technician and an appointment window: a new order becomes
//! scheduled, a failed one rescheduled, a planned one moves. An order already under way
//! stays with its technician.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use super::events::{self, Change};
use super::{incident, lock};
use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::field::model::{state_after_schedule, ScheduleDraft, Window};
use crate::i18n::Msg;
use crate::request::Actor;

#[derive(Serialize)]
struct ScheduleAudit {
    state: &'static str,
    technician_id: Option<i64>,
    window_start: Option<DateTime<Utc>>,
    window_end: Option<DateTime<Utc>>,
}

pub async fn schedule(
    db: &PgPool,
    actor: &Actor,
    id: i64,
    draft: &ScheduleDraft,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let mut errors = FieldErrors::new();
    if draft.technician_id.is_none() {
        errors.add("technician_id", Msg::ValRequired);
    }
    match draft.window {
        None => errors.add("window_start", Msg::ValRequired),
        Some(window) => window.check(&mut errors),
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let (technician, window) = (
        draft.technician_id.unwrap_or_default(),
        draft.window.expect("checked above"),
    );
    let mut tx = db.begin().await?;
    if !is_active_technician(&mut tx, technician).await? {
        return Err(FieldErrors::single("technician_id", Msg::ValWoTechnicianUnknown).into());
    }
    let order = lock::lock(&mut tx, id).await?;
    let next = state_after_schedule(order.state).map_err(|e| AppError::Conflict(e.msg()))?;
    let before = current(&mut tx, id).await?;
    sqlx::query!(
        r#"UPDATE work_orders SET state = $2, technician_id = $3, window_start = $4,
                  window_end = $5, failure_reason = NULL, failure_note = '',
                  updated_at = $6, version = version + 1
           WHERE id = $1"#,
        id,
        next.code(),
        technician,
        window.start,
        window.end,
        now
    )
    .execute(&mut *tx)
    .await?;
    if next != order.state {
        let change = Change {
            from: Some(order.state),
            to: next,
            reason: None,
            note: "",
        };
        events::record(&mut tx, actor, id, &change, now).await?;
    }
    AuditEvent::new("work_order.schedule", "work_order", id)
        .before(&before)
        .after(&ScheduleAudit {
            state: next.code(),
            technician_id: Some(technician),
            window_start: Some(window.start),
            window_end: Some(window.end),
        })
        .write(&mut tx, actor)
        .await?;
    incident::follow_schedule(&mut tx, actor, &order, technician, next, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn is_active_technician(conn: &mut PgConnection, user: i64) -> ServiceResult<bool> {
    let active = sqlx::query_scalar!(
        r#"SELECT t.active AND u.active AND 'technician' = ANY(u.roles) AS "ok!"
           FROM technicians t JOIN users u ON u.id = t.user_id WHERE t.user_id = $1"#,
        user
    )
    .fetch_optional(conn)
    .await?;
    Ok(active == Some(true))
}

async fn current(conn: &mut PgConnection, id: i64) -> ServiceResult<ScheduleAudit> {
    let row = sqlx::query!(
        "SELECT state, technician_id, window_start, window_end FROM work_orders WHERE id = $1",
        id
    )
    .fetch_one(conn)
    .await?;
    let state = crate::field::model::WorkOrderState::from_code(&row.state)
        .unwrap_or(crate::field::model::WorkOrderState::New);
    Ok(ScheduleAudit {
        state: state.code(),
        technician_id: row.technician_id,
        window_start: row.window_start,
        window_end: row.window_end,
    })
}

/// A window as stored: both ends or none.
pub fn window_of(start: Option<DateTime<Utc>>, end: Option<DateTime<Utc>>) -> Option<Window> {
    Some(Window {
        start: start?,
        end: end?,
    })
}
