//! Editing a ticket's descriptive fields, watching it and linking related tickets.

use super::create::check_texts;
use super::{snapshot, workflow, TicketScope};
use crate::audit::server::AuditEvent;
use crate::desk::server::categories;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::request::Actor;
use crate::sla::server::clocks;
use crate::tickets::model::{normalize_tags, TicketEdit};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// Saves the edit unless someone changed the ticket since `version` was read.
pub async fn edit(
    db: &PgPool,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    version: DateTime<Utc>,
    input: TicketEdit,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let title = input.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let description = input.description.trim().to_owned();
    let mut errors = FieldErrors::new();
    check_texts(&mut errors, &title, &description);
    for (field, value) in [
        ("caller_name", &input.caller_name),
        ("caller_contact", &input.caller_contact),
    ] {
        if value.trim().chars().count() > 120 {
            errors.add(field, Msg::ValTooLong);
        }
    }
    let mut tx = db.begin().await?;
    let ticket = workflow::lock(&mut tx, scope, ticket_id).await?;
    if ticket.updated_at.timestamp_micros() != version.timestamp_micros() {
        return Err(AppError::Conflict(Msg::ErrStaleData).into());
    }
    if ticket.status.is_final() {
        return Err(AppError::Conflict(Msg::ErrTicketFinal).into());
    }
    // Approvers decide on what they read; it must not change under them.
    if ticket.status == crate::tickets::model::Status::PendingApproval {
        return Err(AppError::Conflict(Msg::ErrRequestUnderApproval).into());
    }
    if let Some(category) = input.category_id {
        if categories::defaults(&mut tx, category).await?.is_none() {
            errors.add("category_id", Msg::ValCategoryInvalid);
        }
    }
    errors.into_result()?;
    let before = snapshot::take(&mut tx, ticket_id).await?;
    sqlx::query!(
        r#"UPDATE tickets SET title = $2, description = $3, category_id = $4, caller_name = $5,
                              caller_contact = $6, tags = $7, updated_at = $8
           WHERE id = $1"#,
        ticket_id,
        title,
        description,
        input.category_id,
        input.caller_name.trim(),
        input.caller_contact.trim(),
        &normalize_tags(&input.tags),
        now
    )
    .execute(&mut *tx)
    .await?;
    snapshot::record(&mut tx, actor, "ticket.update", ticket_id, &before).await?;
    // The category can change which SLA policy applies.
    clocks::refresh(&mut tx, ticket_id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Starts or stops the actor watching the ticket.
pub async fn watch(
    db: &PgPool,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    watching: bool,
) -> ServiceResult<()> {
    let Some(user) = actor.user_id else {
        return Err(AppError::Unauthorized.into());
    };
    let mut tx = db.begin().await?;
    scope.ensure_visible(&mut tx, ticket_id).await?;
    let changed = if watching {
        sqlx::query!(
            "INSERT INTO ticket_watchers (ticket_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            ticket_id,
            user.0
        )
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query!(
            "DELETE FROM ticket_watchers WHERE ticket_id = $1 AND user_id = $2",
            ticket_id,
            user.0
        )
        .execute(&mut *tx)
        .await?
    };
    if changed.rows_affected() > 0 {
        let action = if watching {
            "ticket.watch"
        } else {
            "ticket.unwatch"
        };
        AuditEvent::new(action, "ticket", ticket_id)
            .write(&mut tx, actor)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Links (or unlinks) two tickets as related. `other` is a number like `INC-000123`.
pub async fn link(
    db: &PgPool,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    other: &str,
    linked: bool,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    scope.ensure_visible(&mut tx, ticket_id).await?;
    let other_id = sqlx::query_scalar!(
        "SELECT id FROM tickets WHERE number_text = upper($1)",
        other.trim()
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(other_id) = other_id.filter(|id| *id != ticket_id) else {
        return Err(FieldErrors::single("related", Msg::ValTicketUnknown).into());
    };
    if scope.ensure_visible(&mut tx, other_id).await.is_err() {
        return Err(FieldErrors::single("related", Msg::ValTicketUnknown).into());
    }
    // Both rows, lower id first: two people linking the pair from either side cannot
    // deadlock.
    sqlx::query!(
        "SELECT id FROM tickets WHERE id = ANY($1) ORDER BY id FOR UPDATE",
        &[ticket_id, other_id]
    )
    .fetch_all(&mut *tx)
    .await?;
    let (a, b) = (ticket_id.min(other_id), ticket_id.max(other_id));
    let changed = if linked {
        sqlx::query!(
            "INSERT INTO ticket_links (ticket_id, related_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            a,
            b
        )
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query!(
            "DELETE FROM ticket_links WHERE ticket_id = $1 AND related_id = $2",
            a,
            b
        )
        .execute(&mut *tx)
        .await?
    };
    if changed.rows_affected() > 0 {
        sqlx::query!(
            "UPDATE tickets SET updated_at = $2 WHERE id = ANY($1)",
            &[a, b],
            now
        )
        .execute(&mut *tx)
        .await?;
        let action = if linked {
            "ticket.link"
        } else {
            "ticket.unlink"
        };
        AuditEvent::new(action, "ticket", ticket_id)
            .after(&serde_json::json!({ "related": other.trim().to_uppercase() }))
            .write(&mut tx, actor)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
