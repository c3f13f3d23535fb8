//! Moving an order through its states, by the technician doing it or the desk planning it.
//! "Done" waits for every piece of evidence and checklist item of its kind; an incident
//! behind a repair follows (in progress, waiting for the customer, resolved).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;

use super::events::{self, Change};
use super::{completion, incident, lock, proof};
use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::field::model::{check_move, FailureReason, MoveRequest, Mover, WorkOrderState};
use crate::i18n::Msg;
use crate::request::Actor;

#[derive(Serialize)]
struct MoveAudit<'a> {
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure_reason: Option<&'static str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
}

pub async fn move_order(
    db: &PgPool,
    actor: &Actor,
    mover: Mover,
    id: i64,
    request: &MoveRequest,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    request.check()?;
    let note = request.note.trim();
    let mut tx = db.begin().await?;
    let order = lock::lock(&mut tx, id).await?;
    if mover == Mover::Technician {
        order.ensure_worker(actor)?;
    }
    check_move(order.state, request.to, mover).map_err(|e| AppError::Conflict(e.msg()))?;
    if request.to == WorkOrderState::Done {
        let outstanding = proof::outstanding(&mut tx, order.id, order.kind).await?;
        if !outstanding.is_empty() {
            let mut errors = FieldErrors::new();
            for kind in &outstanding.evidence {
                errors.add(
                    &format!("evidence.{}", kind.code()),
                    Msg::ValWoEvidenceMissing,
                );
            }
            for key in &outstanding.checklist {
                errors.add(&format!("checklist.{key}"), Msg::ValWoChecklistOpen);
            }
            return Err(errors.into());
        }
    }
    let reason = match request.to {
        WorkOrderState::Failed => request.failure_reason,
        _ => None,
    };
    sqlx::query!(
        r#"UPDATE work_orders SET state = $2, failure_reason = $3,
                  failure_note = CASE WHEN $2 = 'failed' THEN $4 ELSE failure_note END,
                  completed_at = CASE WHEN $2 = 'done' THEN $5 ELSE completed_at END,
                  updated_at = $5, version = version + 1
           WHERE id = $1"#,
        order.id,
        request.to.code(),
        reason.map(FailureReason::code),
        note,
        now
    )
    .execute(&mut *tx)
    .await?;
    let change = Change {
        from: Some(order.state),
        to: request.to,
        reason,
        note,
    };
    events::record(&mut tx, actor, order.id, &change, now).await?;
    AuditEvent::new("work_order.move", "work_order", order.id)
        .before(&MoveAudit {
            state: order.state.code(),
            failure_reason: None,
            note: "",
        })
        .after(&MoveAudit {
            state: request.to.code(),
            failure_reason: reason.map(FailureReason::code),
            note,
        })
        .write(&mut tx, actor)
        .await?;
    if request.to == WorkOrderState::Done {
        completion::apply(&mut tx, actor, &order, now).await?;
    }
    incident::follow_move(&mut tx, actor, &order, request.to, reason, note, now).await?;
    tx.commit().await?;
    Ok(())
}
