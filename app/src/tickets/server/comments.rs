//! Public replies and internal work notes.

use super::watchers::{self, WatchedEvent};
use super::{workflow, TicketScope};
use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::request::Actor;
use crate::sla::server::clocks;
use crate::tickets::model::{CommentId, Visibility};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

pub const BODY_MAX: usize = 20_000;

/// Stores a comment and bumps the ticket (its count feeds the search index, its
/// `updated_at` the live views).
pub async fn insert(
    conn: &mut PgConnection,
    actor: &Actor,
    ticket_id: i64,
    visibility: Visibility,
    body: &str,
    now: DateTime<Utc>,
) -> ServiceResult<CommentId> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO ticket_comments (ticket_id, author_id, visibility, body, created_at)
           VALUES ($1, $2, $3, $4, $5) RETURNING id"#,
        ticket_id,
        actor.user_id.map(|u| u.0),
        visibility.code(),
        body,
        now
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE tickets SET comment_count = comment_count + 1, updated_at = $2 WHERE id = $1",
        ticket_id,
        now
    )
    .execute(conn)
    .await?;
    Ok(CommentId(id))
}

/// Adds a comment. Customers may only write public replies; a staff member's first public
/// reply is the ticket's first response (it stops the response clock).
pub async fn add(
    db: &PgPool,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    visibility: Visibility,
    body: &str,
    now: DateTime<Utc>,
) -> ServiceResult<CommentId> {
    let body = body.trim();
    if body.is_empty() {
        return Err(FieldErrors::single("body", Msg::ValRequired).into());
    }
    if body.chars().count() > BODY_MAX {
        return Err(FieldErrors::single("body", Msg::ValTooLong).into());
    }
    if visibility == Visibility::Internal && !scope.is_staff() {
        return Err(AppError::Forbidden.into());
    }
    let mut tx = db.begin().await?;
    let ticket = workflow::lock(&mut tx, scope, ticket_id).await?;
    if ticket.status.is_final() && visibility == Visibility::Public {
        return Err(AppError::Conflict(Msg::ErrTicketFinal).into());
    }
    let id = insert(&mut tx, actor, ticket_id, visibility, body, now).await?;
    if visibility == Visibility::Public && scope.is_staff() {
        sqlx::query!(
            "UPDATE tickets SET first_response_at = coalesce(first_response_at, $2) WHERE id = $1",
            ticket_id,
            now
        )
        .execute(&mut *tx)
        .await?;
    }
    AuditEvent::new("ticket.comment", "ticket", ticket_id)
        .after(&serde_json::json!({ "comment": id.0, "visibility": visibility.code() }))
        .write(&mut tx, actor)
        .await?;
    watchers::tell(&mut tx, actor, ticket_id, WatchedEvent::Comment(visibility)).await?;
    clocks::refresh(&mut tx, ticket_id, now).await?;
    tx.commit().await?;
    Ok(id)
}
