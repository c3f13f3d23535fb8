//! Moving tickets: status transitions, assignment and reclassification (impact/urgency).

use super::watchers::{self, WatchedEvent};
use super::{comments, snapshot, TicketScope};
use crate::desk::server::{groups, matrix, settings};
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::notifications::model::NotificationKind;
use crate::notifications::server as notifications;
use crate::request::Actor;
use crate::sla::server::clocks;
use crate::tickets::model::{
    check_transition, Level, Status, TransitionError, TransitionFacts, Visibility,
};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

/// The parts of a ticket the workflow rules look at, read under the row lock.
pub struct Locked {
    pub id: i64,
    pub status: Status,
    pub group_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// Locks the ticket row for the rest of the transaction if `scope` may see it, in one
/// statement: visibility is decided on the locked row, so a ticket moved out of the scope
/// by a concurrent change is refused rather than written to. Concurrent changes (and the
/// SLA job) apply one after the other.
pub async fn lock(
    conn: &mut PgConnection,
    scope: TicketScope,
    ticket_id: i64,
) -> ServiceResult<Locked> {
    let mut qb: sqlx::QueryBuilder<sqlx::Postgres> = sqlx::QueryBuilder::new(
        "SELECT t.id, t.status, t.group_id, t.assignee_id, t.resolved_at, t.updated_at \
         FROM tickets t WHERE t.id = ",
    );
    qb.push_bind(ticket_id);
    scope.push_condition(&mut qb);
    qb.push(" FOR UPDATE OF t");
    let row: Option<LockedRow> = qb.build_query_as().fetch_optional(conn).await?;
    let row = row.ok_or(AppError::NotFound)?;
    Ok(Locked {
        id: row.id,
        status: Status::from_code(&row.status).unwrap_or(Status::New),
        group_id: row.group_id,
        assignee_id: row.assignee_id,
        resolved_at: row.resolved_at,
        updated_at: row.updated_at,
    })
}

#[derive(sqlx::FromRow)]
struct LockedRow {
    id: i64,
    status: String,
    group_id: Option<i64>,
    assignee_id: Option<i64>,
    resolved_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

/// Starts the first status period of a new ticket.
pub async fn open_period(
    conn: &mut PgConnection,
    ticket_id: i64,
    status: Status,
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    sqlx::query!(
        "INSERT INTO ticket_status_periods (ticket_id, status, started_at) VALUES ($1, $2, $3)",
        ticket_id,
        status.code(),
        at
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends the current status period and starts the next one; sets the status.
pub(crate) async fn change_status(
    conn: &mut PgConnection,
    ticket_id: i64,
    to: Status,
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    sqlx::query!(
        r#"UPDATE ticket_status_periods SET ended_at = greatest($2, started_at)
           WHERE ticket_id = $1 AND ended_at IS NULL"#,
        ticket_id,
        at
    )
    .execute(&mut *conn)
    .await?;
    open_period(conn, ticket_id, to, at).await?;
    sqlx::query!(
        "UPDATE tickets SET status = $2, updated_at = $3 WHERE id = $1",
        ticket_id,
        to.code(),
        at
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Field errors when `user` cannot hold tickets or is not in `group`.
pub async fn check_assignee(
    conn: &mut PgConnection,
    errors: &mut FieldErrors,
    group: Option<i64>,
    user: i64,
) -> ServiceResult<()> {
    if !groups::is_assignable(conn, user).await? {
        errors.add("assignee_id", Msg::ValAssigneeInvalid);
    } else if let Some(group) = group {
        if !groups::is_member(conn, group, user).await? {
            errors.add("assignee_id", Msg::ValAssigneeNotInGroup);
        }
    }
    Ok(())
}

fn refused(err: TransitionError) -> AppError {
    match err {
        TransitionError::NeedsResolution => FieldErrors::single("note", err.msg()),
        _ => AppError::Conflict(err.msg()),
    }
}

/// Moves a ticket to `to`. Resolving needs `note` (the resolution, also sent to the customer
/// as a public reply; the incidents linked to it as a mass outage are resolved with it);
/// for other moves a note is kept as an internal work note.
pub async fn transition(
    db: &PgPool,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    to: Status,
    note: Option<String>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > super::comments::BODY_MAX)
    {
        return Err(FieldErrors::single("note", Msg::ValTooLong).into());
    }
    let mut tx = db.begin().await?;
    transition_in(&mut tx, actor, scope, ticket_id, to, note.as_deref(), now).await?;
    if let (Status::Resolved, Some(note)) = (to, &note) {
        resolve_children(&mut tx, actor, ticket_id, note, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// One ticket's move inside the caller's transaction (see `transition`).
async fn transition_in(
    conn: &mut PgConnection,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    to: Status,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let ticket = lock(&mut *conn, scope, ticket_id).await?;
    let facts = TransitionFacts {
        has_assignee: ticket.assignee_id.is_some(),
        has_resolution: note.is_some(),
        resolved_at: ticket.resolved_at,
        reopen_window: settings::reopen_window(&mut *conn).await?,
        now,
    };
    check_transition(ticket.status, to, &facts).map_err(refused)?;
    let before = snapshot::take(&mut *conn, ticket_id).await?;
    change_status(&mut *conn, ticket_id, to, now).await?;
    if ticket.status == Status::PendingApproval {
        // Withdrawn while waiting: its open steps leave every approver's queue.
        sqlx::query!(
            r#"UPDATE ticket_approvals SET state = 'withdrawn', decided_at = $2
               WHERE ticket_id = $1 AND state IN ('pending', 'waiting')"#,
            ticket_id,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    let reopened = ticket.status == Status::Resolved && to == Status::InProgress;
    let acknowledges = matches!(
        to,
        Status::InProgress | Status::PendingCustomer | Status::PendingThirdParty | Status::Resolved
    );
    sqlx::query!(
        r#"UPDATE tickets SET
               resolved_at = CASE WHEN $2 = 'resolved' THEN $3
                                  WHEN $4 THEN NULL ELSE resolved_at END,
               resolution = CASE WHEN $2 = 'resolved' THEN $5 WHEN $4 THEN NULL ELSE resolution END,
               closed_at = CASE WHEN $2 IN ('closed', 'cancelled') THEN $3 ELSE closed_at END,
               first_response_at = CASE WHEN $6 THEN coalesce(first_response_at, $3)
                                        ELSE first_response_at END
           WHERE id = $1"#,
        ticket_id,
        to.code(),
        now,
        reopened,
        note,
        acknowledges && scope.is_staff(),
    )
    .execute(&mut *conn)
    .await?;
    if let Some(note) = note {
        let visibility = if to == Status::Resolved {
            Visibility::Public
        } else {
            Visibility::Internal
        };
        comments::insert(&mut *conn, actor, ticket_id, visibility, note, now).await?;
    }
    snapshot::record(&mut *conn, actor, "ticket.transition", ticket_id, &before).await?;
    // One notice per move: the resolution note is part of the status change.
    watchers::tell(&mut *conn, actor, ticket_id, WatchedEvent::StatusChanged).await?;
    clocks::refresh(&mut *conn, ticket_id, now).await?;
    Ok(())
}

/// A mass outage resolved: the incidents reported on it (children) are resolved in the
/// same transaction with its resolution note, which their callers read as the answer.
/// Children waiting for an approval keep waiting.
async fn resolve_children(
    conn: &mut PgConnection,
    actor: &Actor,
    parent: i64,
    note: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let children: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT id FROM tickets
           WHERE parent_id = $1
             AND status NOT IN ('resolved', 'closed', 'cancelled', 'pending_approval')
           ORDER BY id"#,
        parent
    )
    .fetch_all(&mut *conn)
    .await?;
    for child in children {
        transition_in(
            conn,
            actor,
            TicketScope::All,
            child,
            Status::Resolved,
            Some(note),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Assigns the ticket to a group and/or person (either may be cleared). A new ticket that
/// gets a person becomes Assigned; one that loses its person goes back to New.
pub async fn assign(
    db: &PgPool,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    group_id: Option<i64>,
    assignee_id: Option<i64>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    let ticket = lock(&mut tx, scope, ticket_id).await?;
    if ticket.status.is_final() {
        return Err(AppError::Conflict(Msg::ErrTicketFinal).into());
    }
    let mut errors = FieldErrors::new();
    if let Some(group) = group_id {
        if group_id != ticket.group_id && groups::active_name(&mut tx, group).await?.is_none() {
            errors.add("group_id", Msg::ValGroupInvalid);
        }
    }
    if let Some(user) = assignee_id {
        check_assignee(&mut tx, &mut errors, group_id, user).await?;
    }
    errors.into_result()?;
    if group_id == ticket.group_id && assignee_id == ticket.assignee_id {
        return Ok(());
    }
    apply_assignment(&mut tx, actor, &ticket, group_id, assignee_id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes a checked assignment of the locked `ticket` (see `assign`).
async fn apply_assignment(
    tx: &mut PgConnection,
    actor: &Actor,
    ticket: &Locked,
    group_id: Option<i64>,
    assignee_id: Option<i64>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let ticket_id = ticket.id;
    let before = snapshot::take(&mut *tx, ticket_id).await?;
    sqlx::query!(
        r#"UPDATE tickets SET group_id = $2, assignee_id = $3, assignment_reason = NULL,
                              updated_at = $4
           WHERE id = $1"#,
        ticket_id,
        group_id,
        assignee_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    let next_status = match (ticket.status, assignee_id) {
        (Status::New, Some(_)) => Some(Status::Assigned),
        (Status::Assigned | Status::InProgress, None) => Some(Status::New),
        _ => None,
    };
    if let Some(status) = next_status {
        change_status(&mut *tx, ticket_id, status, now).await?;
    }
    let newly_assigned = assignee_id
        .filter(|u| Some(*u) != ticket.assignee_id && Some(*u) != actor.user_id.map(|a| a.0));
    if let Some(user) = newly_assigned {
        notifications::notify(
            &mut *tx,
            &[user],
            NotificationKind::TicketAssigned,
            Some(ticket_id),
            None,
        )
        .await?;
    }
    snapshot::record(&mut *tx, actor, "ticket.assign", ticket_id, &before).await?;
    clocks::refresh(&mut *tx, ticket_id, now).await?;
    Ok(())
}

/// Field work on an incident (`field::server::incident`) moves it as a person would, inside
/// the work order's transaction. A move the rules refuse (the incident was resolved or
/// cancelled meanwhile) is skipped rather than failing the technician's action; returns
/// whether the ticket moved.
pub(crate) async fn follow_field_move(
    conn: &mut PgConnection,
    actor: &Actor,
    ticket_id: i64,
    to: Status,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let ticket = lock(&mut *conn, TicketScope::All, ticket_id).await?;
    let facts = TransitionFacts {
        has_assignee: ticket.assignee_id.is_some(),
        has_resolution: note.is_some(),
        resolved_at: ticket.resolved_at,
        reopen_window: settings::reopen_window(&mut *conn).await?,
        now,
    };
    if check_transition(ticket.status, to, &facts).is_err() {
        return Ok(false);
    }
    transition_in(
        &mut *conn,
        actor,
        TicketScope::All,
        ticket_id,
        to,
        note,
        now,
    )
    .await?;
    // A repair of a mass outage answers the incidents reported on it, as a person's does.
    if let (Status::Resolved, Some(note)) = (to, note) {
        resolve_children(conn, actor, ticket_id, note, now).await?;
    }
    Ok(true)
}

/// A technician scheduled on an incident nobody holds takes it, so it shows in their app
/// and its clocks have an owner. An incident someone already holds keeps its assignee.
pub(crate) async fn give_to_technician(
    conn: &mut PgConnection,
    actor: &Actor,
    ticket_id: i64,
    technician: i64,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let ticket = lock(&mut *conn, TicketScope::All, ticket_id).await?;
    if ticket.assignee_id.is_some() || ticket.status.is_final() {
        return Ok(());
    }
    apply_assignment(conn, actor, &ticket, ticket.group_id, Some(technician), now).await
}

/// An appointment agreed with the caller answers them: the response clock stops.
pub(crate) async fn record_response(
    conn: &mut PgConnection,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE tickets SET first_response_at = coalesce(first_response_at, $2) WHERE id = $1",
        ticket_id,
        now
    )
    .execute(&mut *conn)
    .await?;
    clocks::refresh(conn, ticket_id, now).await
}

/// Changes impact and urgency; the priority follows the matrix and the SLA clocks are
/// recomputed from the full history. A work note saying why is required.
pub async fn reclassify(
    db: &PgPool,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    (impact, urgency): (Level, Level),
    note: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let note = note.trim();
    if note.is_empty() {
        return Err(FieldErrors::single("note", Msg::ValWorkNoteRequired).into());
    }
    let mut tx = db.begin().await?;
    let ticket = lock(&mut tx, scope, ticket_id).await?;
    if ticket.status.is_final() {
        return Err(AppError::Conflict(Msg::ErrTicketFinal).into());
    }
    let priority = matrix::load(&mut tx).await?.priority(impact, urgency);
    let before = snapshot::take(&mut tx, ticket_id).await?;
    sqlx::query!(
        r#"UPDATE tickets SET impact = $2, urgency = $3, priority = $4, updated_at = $5
           WHERE id = $1"#,
        ticket_id,
        i16::from(impact.get()),
        i16::from(urgency.get()),
        i16::from(priority.get()),
        now
    )
    .execute(&mut *tx)
    .await?;
    comments::insert(&mut tx, actor, ticket_id, Visibility::Internal, note, now).await?;
    snapshot::record(&mut tx, actor, "ticket.reclassify", ticket_id, &before).await?;
    clocks::refresh(&mut tx, ticket_id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes resolved tickets whose reopen window has passed, as the system. Returns how many.
pub async fn close_expired(db: &PgPool, now: DateTime<Utc>) -> ServiceResult<usize> {
    let mut conn = db.acquire().await?;
    let window = settings::reopen_window(&mut conn).await?;
    drop(conn);
    let expired: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT id FROM tickets WHERE status = 'resolved' AND resolved_at < $1
           ORDER BY resolved_at LIMIT 500"#,
        now - window
    )
    .fetch_all(db)
    .await?;
    let system = Actor::system();
    let mut closed = 0;
    for id in expired {
        // Someone may have reopened it meanwhile; the status machine decides under the lock.
        match transition(db, &system, TicketScope::All, id, Status::Closed, None, now).await {
            Ok(()) => closed += 1,
            Err(crate::error::server::ServiceError::App(AppError::Conflict(_))) => {}
            Err(err) => return Err(err),
        }
    }
    Ok(closed)
}
