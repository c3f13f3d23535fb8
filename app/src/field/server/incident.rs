//! The incident behind a work order follows the field work, so its SLA clocks tell the truth:
//! an appointment answers the caller (response met), a technician on the way puts it in
//! progress, a visit failed because nobody was home waits for the customer (the resolution
//! clock pauses), and a repair done resolves it with the technician's notes.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::lock::Locked;
use crate::error::server::ServiceResult;
use crate::field::model::{FailureReason, WorkOrderKind, WorkOrderState};
use crate::request::Actor;
use crate::tickets::model::Status;
use crate::tickets::server::workflow;

/// What the incident should become after the order moved to `to` (pure, see the tests).
pub fn incident_status(
    kind: WorkOrderKind,
    to: WorkOrderState,
    reason: Option<FailureReason>,
) -> Option<Status> {
    match to {
        WorkOrderState::OnTheWay | WorkOrderState::OnSite => Some(Status::InProgress),
        WorkOrderState::Failed if reason.is_some_and(FailureReason::waits_for_customer) => {
            Some(Status::PendingCustomer)
        }
        WorkOrderState::Done if kind == WorkOrderKind::Repair => Some(Status::Resolved),
        // Rescheduled: the customer agreed a new time, the wait on them is over.
        WorkOrderState::Rescheduled => Some(Status::InProgress),
        _ => None,
    }
}

pub async fn follow_move(
    conn: &mut PgConnection,
    actor: &Actor,
    order: &Locked,
    to: WorkOrderState,
    reason: Option<FailureReason>,
    note: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let Some(ticket) = order.ticket_id else {
        return Ok(());
    };
    let Some(status) = incident_status(order.kind, to, reason) else {
        return Ok(());
    };
    let resolution = (status == Status::Resolved).then(|| resolution_note(order, note));
    workflow::follow_field_move(conn, actor, ticket, status, resolution.as_deref(), now).await?;
    Ok(())
}

/// The technician's notes answer the customer; without any, a plain sentence naming the order.
fn resolution_note(order: &Locked, note: &str) -> String {
    let notes = order.tech_notes.trim();
    match (notes.is_empty(), note.is_empty()) {
        (false, true) => notes.to_owned(),
        (false, false) => format!("{notes}\n\n{note}"),
        (true, false) => note.to_owned(),
        (true, true) => format!("Diperbaiki di lokasi ({}).", order.number),
    }
}

/// An order given a technician and a time: the technician takes an incident nobody holds,
/// the appointment counts as the response, and a visit rescheduled after a failure puts a
/// waiting incident back in progress.
pub async fn follow_schedule(
    conn: &mut PgConnection,
    actor: &Actor,
    order: &Locked,
    technician: i64,
    to: WorkOrderState,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let Some(ticket) = order.ticket_id else {
        return Ok(());
    };
    workflow::give_to_technician(&mut *conn, actor, ticket, technician, now).await?;
    workflow::record_response(&mut *conn, ticket, now).await?;
    if let Some(status) = incident_status(order.kind, to, None) {
        workflow::follow_field_move(conn, actor, ticket, status, None, now).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_incident_follows_the_visit() {
        use WorkOrderKind::*;
        use WorkOrderState::*;
        assert_eq!(
            incident_status(Repair, OnTheWay, None),
            Some(Status::InProgress)
        );
        assert_eq!(
            incident_status(Repair, Failed, Some(FailureReason::CustomerAbsent)),
            Some(Status::PendingCustomer)
        );
        assert_eq!(
            incident_status(Repair, Failed, Some(FailureReason::BadWeather)),
            None
        );
        assert_eq!(incident_status(Repair, Done, None), Some(Status::Resolved));
        assert_eq!(incident_status(Installation, Done, None), None);
        assert_eq!(
            incident_status(Repair, Rescheduled, None),
            Some(Status::InProgress)
        );
        assert_eq!(incident_status(Repair, Scheduled, None), None);
        assert_eq!(incident_status(Repair, Cancelled, None), None);
    }
}
