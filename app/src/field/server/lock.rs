//! Reading an order under its row lock, so concurrent changes (the desk rescheduling while
//! the technician's phone syncs) apply one after the other and each sees the other's result.

use sqlx::PgConnection;

use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::field::model::{WorkOrderKind, WorkOrderState};
use crate::i18n::Msg;
use crate::request::Actor;

pub struct Locked {
    pub id: i64,
    pub number: String,
    pub kind: WorkOrderKind,
    pub state: WorkOrderState,
    pub technician_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub subscription_id: Option<i64>,
    pub tech_notes: String,
}

impl Locked {
    /// Technicians change only the orders given to them; the desk any.
    pub fn ensure_worker(&self, actor: &Actor) -> Result<(), AppError> {
        if self.technician_id.is_some() && self.technician_id == actor.user_id.map(|u| u.0) {
            Ok(())
        } else {
            Err(AppError::Conflict(Msg::ErrWoNotYours))
        }
    }
}

pub async fn lock(conn: &mut PgConnection, id: i64) -> ServiceResult<Locked> {
    let row = sqlx::query!(
        r#"SELECT id, number, kind, state, technician_id, ticket_id, subscription_id, tech_notes
           FROM work_orders WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Locked {
        id: row.id,
        number: row.number,
        kind: WorkOrderKind::from_code(&row.kind).unwrap_or(WorkOrderKind::Repair),
        state: WorkOrderState::from_code(&row.state).unwrap_or(WorkOrderState::New),
        technician_id: row.technician_id,
        ticket_id: row.ticket_id,
        subscription_id: row.subscription_id,
        tech_notes: row.tech_notes,
    })
}
