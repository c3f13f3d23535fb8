//! The incident behind a work order follows the field work, so its SLA clocks tell the truth:
//! an appointment answers the caller (response met), a technician on the way puts it in
//! progress, a visit failed because nobody was home waits for the customer (the resolution
//! clock pauses), and a repair done resolves it (the technician's notes as an internal note).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::lock::Locked;
use crate::error::server::ServiceResult;
use crate::field::model::{FailureReason, WorkOrderKind, WorkOrderState};
use crate::request::Actor;
use crate::tickets::model::{Status, Visibility};
use crate::tickets::server::{comments, workflow};

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
    if status == Status::Resolved {
        // The technician's notes are for the desk (an internal note); the caller reads the
        // note written for them on "done", or a plain sentence naming the visit.
        let notes = order.tech_notes.trim();
        if !notes.is_empty() {
            comments::insert(&mut *conn, actor, ticket, Visibility::Internal, notes, now).await?;
        }
    }
    let resolution = (status == Status::Resolved).then(|| resolution_note(order, note));
    workflow::follow_field_move(conn, actor, ticket, status, resolution.as_deref(), now).await?;
    Ok(())
}

fn resolution_note(order: &Locked, note: &str) -> String {
    if note.trim().is_empty() {
        format!("Perbaikan di lokasi selesai ({}).", order.number)
    } else {
        note.trim().to_owned()
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
