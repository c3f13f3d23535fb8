//! Approval chains: one step pending at a time; approving the last step releases the request
//! to its group, rejecting cancels it with the approver's reason sent to the requester.

use crate::audit::server::AuditEvent;
use crate::auth::model::Role;
use crate::catalog::model::{ApproverRole, PendingApproval};
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::notifications::model::NotificationKind;
use crate::notifications::server as notifications;
use crate::request::Actor;
use crate::sla::server::clocks;
use crate::tickets::model::{Status, Visibility};
use crate::tickets::server::rows::summaries_by_id;
use crate::tickets::server::{comments, create, markdown, workflow, TicketScope};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

fn holds(actor: &Actor, role: ApproverRole) -> bool {
    match role {
        ApproverRole::Supervisor => actor.roles.contains(&Role::Supervisor),
        ApproverRole::Finance => actor.roles.contains(&Role::Finance),
    }
}

async fn notify_role(
    conn: &mut PgConnection,
    role: ApproverRole,
    ticket_id: i64,
) -> ServiceResult<()> {
    let users: Vec<i64> = sqlx::query_scalar!(
        "SELECT id FROM users WHERE active AND $1 = ANY (roles)",
        role.code()
    )
    .fetch_all(&mut *conn)
    .await?;
    notifications::notify(
        conn,
        &users,
        NotificationKind::ApprovalRequested,
        Some(ticket_id),
        None,
    )
    .await
}

/// Creates the approval steps of a new request; the first one is pending.
pub async fn open_chain(
    conn: &mut PgConnection,
    ticket_id: i64,
    chain: &[ApproverRole],
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    for (i, role) in chain.iter().enumerate() {
        let state = if i == 0 { "pending" } else { "waiting" };
        sqlx::query!(
            r#"INSERT INTO ticket_approvals (ticket_id, step, approver_role, state, created_at)
               VALUES ($1, $2, $3, $4, $5)"#,
            ticket_id,
            (i + 1) as i16,
            role.code(),
            state,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    if let Some(first) = chain.first() {
        notify_role(conn, *first, ticket_id).await?;
    }
    Ok(())
}

/// Requests waiting for a decision the actor may take, oldest first.
pub async fn queue(db: &PgPool, actor: &Actor) -> ServiceResult<Vec<PendingApproval>> {
    let roles: Vec<String> = ApproverRole::ALL
        .into_iter()
        .filter(|r| holds(actor, *r))
        .map(|r| r.code().to_owned())
        .collect();
    let mut conn = db.acquire().await?;
    let rows = sqlx::query!(
        r#"SELECT a.id, a.step, a.approver_role, t.id AS ticket_id, t.description, t.created_at,
                  ci.name AS item, u.full_name AS "requested_by?",
                  (SELECT count(*) FROM ticket_approvals x WHERE x.ticket_id = a.ticket_id) AS "steps!"
           FROM ticket_approvals a
           JOIN tickets t ON t.id = a.ticket_id
           JOIN catalog_items ci ON ci.id = t.catalog_item_id
           LEFT JOIN users u ON u.id = t.created_by
           WHERE a.state = 'pending' AND a.approver_role = ANY ($1)
             AND t.status = 'pending_approval'
             AND t.created_by IS DISTINCT FROM $2 AND t.caller_id IS DISTINCT FROM $2
           ORDER BY a.created_at, a.id
           LIMIT 200"#,
        &roles,
        actor.user_id.map(|u| u.0),
    )
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.ticket_id).collect();
    let summaries = summaries_by_id(&mut conn, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(PendingApproval {
                approval_id: r.id,
                step: r.step,
                steps: r.steps as i16,
                role: ApproverRole::from_code(&r.approver_role)?,
                item: r.item,
                ticket: summaries.iter().find(|s| s.id.0 == r.ticket_id)?.clone(),
                answers_html: markdown::render(&r.description),
                requested_by: r.requested_by,
                requested_at: r.created_at,
            })
        })
        .collect())
}

/// Approves or rejects one pending step. A rejection needs a reason.
pub async fn decide(
    db: &PgPool,
    actor: &Actor,
    approval_id: i64,
    approve: bool,
    comment: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let comment = comment.trim();
    if !approve && comment.is_empty() {
        return Err(FieldErrors::single("comment", Msg::ValRejectReasonRequired).into());
    }
    if comment.chars().count() > 2000 {
        return Err(FieldErrors::single("comment", Msg::ValTooLong).into());
    }
    let mut tx = db.begin().await?;
    let step = sqlx::query!(
        "SELECT ticket_id, step, approver_role, state FROM ticket_approvals WHERE id = $1",
        approval_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let role = ApproverRole::from_code(&step.approver_role).ok_or(AppError::NotFound)?;
    if !holds(actor, role) {
        return Err(AppError::Forbidden.into());
    }
    // Lock the request, then re-read the step under the lock: two approvers racing on the
    // same step cannot both decide it.
    let ticket = workflow::lock(&mut tx, TicketScope::All, step.ticket_id).await?;
    let state: String = sqlx::query_scalar!(
        "SELECT state FROM ticket_approvals WHERE id = $1",
        approval_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if state != "pending" || ticket.status != Status::PendingApproval {
        return Err(AppError::Conflict(Msg::ErrApprovalDecided).into());
    }
    // Four eyes: nobody approves what they asked for, nor two steps of the same request.
    let me = actor.user_id.map(|u| u.0);
    let conflicted = sqlx::query_scalar!(
        r#"SELECT (coalesce(t.created_by = $2, false) OR coalesce(t.caller_id = $2, false)
                   OR EXISTS (SELECT 1 FROM ticket_approvals a
                              WHERE a.ticket_id = t.id AND a.decided_by = $2)) AS "c!"
           FROM tickets t WHERE t.id = $1"#,
        ticket.id,
        me
    )
    .fetch_one(&mut *tx)
    .await?;
    if conflicted {
        return Err(AppError::Conflict(Msg::ErrApproverIsRequester).into());
    }
    sqlx::query!(
        r#"UPDATE ticket_approvals SET state = $2, decided_by = $3, decided_at = $4, comment = $5
           WHERE id = $1"#,
        approval_id,
        if approve { "approved" } else { "rejected" },
        actor.user_id.map(|u| u.0),
        now,
        (!comment.is_empty()).then_some(comment),
    )
    .execute(&mut *tx)
    .await?;
    let before = crate::tickets::server::snapshot::take(&mut tx, ticket.id).await?;
    AuditEvent::new(
        if approve {
            "ticket.approve"
        } else {
            "ticket.reject"
        },
        "ticket",
        ticket.id,
    )
    .after(&serde_json::json!({ "step": step.step, "role": role.code(), "comment": comment }))
    .write(&mut tx, actor)
    .await?;
    if !approve {
        comments::insert(&mut tx, actor, ticket.id, Visibility::Public, comment, now).await?;
        workflow::change_status(&mut tx, ticket.id, Status::Cancelled, now).await?;
        sqlx::query!(
            "UPDATE tickets SET closed_at = $2 WHERE id = $1",
            ticket.id,
            now
        )
        .execute(&mut *tx)
        .await?;
    } else {
        if !comment.is_empty() {
            comments::insert(
                &mut tx,
                actor,
                ticket.id,
                Visibility::Internal,
                comment,
                now,
            )
            .await?;
        }
        let next = sqlx::query!(
            r#"UPDATE ticket_approvals SET state = 'pending', created_at = $3
               WHERE ticket_id = $1 AND step = $2 RETURNING approver_role"#,
            ticket.id,
            step.step + 1,
            now
        )
        .fetch_optional(&mut *tx)
        .await?;
        match next.and_then(|n| ApproverRole::from_code(&n.approver_role)) {
            Some(next_role) => notify_role(&mut tx, next_role, ticket.id).await?,
            None => release(&mut tx, ticket.id, ticket.group_id, now).await?,
        }
    }
    crate::tickets::server::snapshot::record(
        &mut tx,
        actor,
        "ticket.transition",
        ticket.id,
        &before,
    )
    .await?;
    clocks::refresh(&mut tx, ticket.id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The last approval is in: the request goes to its group's least-loaded member (or the
/// group queue) and work starts.
async fn release(
    conn: &mut PgConnection,
    ticket_id: i64,
    group_id: Option<i64>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let group = match group_id {
        Some(g) => crate::desk::server::groups::active_name(conn, g)
            .await?
            .map(|name| (g, name)),
        None => None,
    };
    let pick = match &group {
        Some((g, name)) => create::auto_assignee(conn, *g, name).await?,
        None => None,
    };
    let status = if let Some((user, reason)) = &pick {
        sqlx::query!(
            "UPDATE tickets SET assignee_id = $2, assignment_reason = $3 WHERE id = $1",
            ticket_id,
            user,
            reason
        )
        .execute(&mut *conn)
        .await?;
        notifications::notify(
            conn,
            &[*user],
            NotificationKind::TicketAssigned,
            Some(ticket_id),
            None,
        )
        .await?;
        Status::Assigned
    } else {
        Status::New
    };
    workflow::change_status(conn, ticket_id, status, now).await
}
