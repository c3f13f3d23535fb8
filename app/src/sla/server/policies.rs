//! SLA policies as admins edit them. Every change queues open tickets for recomputation.

use super::recompute;
use crate::audit::server::AuditEvent;
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::request::Actor;
use crate::sla::model::SlaPolicy;
use crate::tickets::model::{Priority, TicketKind};
use sqlx::{PgConnection, PgPool};

struct Row {
    id: i64,
    name: String,
    ticket_kind: Option<String>,
    priority: Option<i16>,
    category_id: Option<i64>,
    calendar_id: i64,
    response_minutes: i32,
    resolution_minutes: i32,
    warning_percent: i16,
    active: bool,
}

impl Row {
    fn policy(self) -> SlaPolicy {
        SlaPolicy {
            id: self.id,
            name: self.name,
            ticket_kind: self.ticket_kind.as_deref().and_then(TicketKind::from_code),
            priority: self.priority.and_then(|p| Priority::new(p.into())),
            category_id: self.category_id,
            calendar_id: self.calendar_id,
            response_minutes: self.response_minutes,
            resolution_minutes: self.resolution_minutes,
            warning_percent: self.warning_percent,
            active: self.active,
        }
    }
}

/// Active policies first, then by priority and name.
pub async fn all(conn: &mut PgConnection) -> ServiceResult<Vec<SlaPolicy>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT id, name, ticket_kind, priority, category_id, calendar_id, response_minutes,
                  resolution_minutes, warning_percent, active
           FROM sla_policies ORDER BY active DESC, priority NULLS LAST, lower(name)"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Row::policy).collect())
}

async fn get(conn: &mut PgConnection, id: i64) -> ServiceResult<SlaPolicy> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT id, name, ticket_kind, priority, category_id, calendar_id, response_minutes,
                  resolution_minutes, warning_percent, active
           FROM sla_policies WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(row.policy())
}

async fn check_references(conn: &mut PgConnection, p: &SlaPolicy) -> ServiceResult<()> {
    let found = sqlx::query!(
        r#"SELECT EXISTS (SELECT 1 FROM business_calendars WHERE id = $1) AS "calendar!",
                  ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM ticket_categories WHERE id = $2))
                      AS "category!""#,
        p.calendar_id,
        p.category_id
    )
    .fetch_one(conn)
    .await?;
    let mut errors = FieldErrors::new();
    if !found.calendar {
        errors.add("calendar_id", Msg::ValChoiceInvalid);
    }
    if !found.category {
        errors.add("category_id", Msg::ValChoiceInvalid);
    }
    Ok(errors.into_result()?)
}

/// Creates (`id == 0`) or updates a policy; returns its id.
pub async fn save(db: &PgPool, actor: &Actor, policy: SlaPolicy) -> ServiceResult<i64> {
    let policy = SlaPolicy {
        name: policy.name.trim().to_owned(),
        ..policy
    };
    policy.validate().into_result()?;
    let unique = [("sla_policies_name_key", "name", Msg::ValNameTaken)];
    let mut tx = db.begin().await?;
    check_references(&mut tx, &policy).await?;
    let before = if policy.id == 0 {
        None
    } else {
        Some(get(&mut tx, policy.id).await?)
    };
    let kind = policy.ticket_kind.map(TicketKind::code);
    let priority = policy.priority.map(|p| i16::from(p.get()));
    let id = if before.is_none() {
        sqlx::query_scalar!(
            r#"INSERT INTO sla_policies (name, ticket_kind, priority, category_id, calendar_id,
                   response_minutes, resolution_minutes, warning_percent, active)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"#,
            policy.name,
            kind,
            priority,
            policy.category_id,
            policy.calendar_id,
            policy.response_minutes,
            policy.resolution_minutes,
            policy.warning_percent,
            policy.active,
        )
        .fetch_one(&mut *tx)
        .await
    } else {
        sqlx::query_scalar!(
            r#"UPDATE sla_policies SET name = $2, ticket_kind = $3, priority = $4,
                   category_id = $5, calendar_id = $6, response_minutes = $7,
                   resolution_minutes = $8, warning_percent = $9, active = $10, updated_at = now()
               WHERE id = $1 RETURNING id"#,
            policy.id,
            policy.name,
            kind,
            priority,
            policy.category_id,
            policy.calendar_id,
            policy.response_minutes,
            policy.resolution_minutes,
            policy.warning_percent,
            policy.active,
        )
        .fetch_one(&mut *tx)
        .await
    }
    .map_err(|e| on_constraint(e, &unique))?;
    let saved = SlaPolicy { id, ..policy };
    AuditEvent::saved(
        ("sla_policy.create", "sla_policy.update"),
        "sla_policy",
        id,
        before.as_ref(),
        &saved,
    )
    .write(&mut tx, actor)
    .await?;
    recompute::enqueue_open(&mut tx).await?;
    tx.commit().await?;
    Ok(id)
}
