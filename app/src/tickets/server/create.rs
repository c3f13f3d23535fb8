//! Opening a ticket: numbering, category defaults, priority from the matrix, automatic
//! assignment, the first status period and the SLA clocks, all in one transaction.

use super::{snapshot, workflow};
use crate::audit::server::AuditEvent;
use crate::desk::server::{categories, groups, matrix};
use crate::error::server::ServiceResult;
use crate::error::FieldErrors;
use crate::i18n::Msg;
use crate::notifications::model::NotificationKind;
use crate::notifications::server as notifications;
use crate::request::Actor;
use crate::sla::server::clocks;
use crate::tickets::model::{normalize_tags, NewTicket, Status, TicketId, TicketKind};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{PgConnection, PgPool};

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 20_000;

/// Checks the free-text fields; shared with editing.
pub fn check_texts(errors: &mut FieldErrors, title: &str, description: &str) {
    if title.is_empty() {
        errors.add("title", Msg::ValRequired);
    } else if title.chars().count() > TITLE_MAX {
        errors.add("title", Msg::ValTooLong);
    }
    if description.chars().count() > TEXT_MAX {
        errors.add("description", Msg::ValTooLong);
    }
}

/// Where a ticket comes from when it is not typed in directly.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    pub catalog_item_id: Option<i64>,
    pub answers: Option<serde_json::Value>,
    /// The request waits for approvers: no one is assigned until it is approved.
    pub awaiting_approval: bool,
}

pub async fn create(
    db: &PgPool,
    actor: &Actor,
    input: NewTicket,
    now: DateTime<Utc>,
) -> ServiceResult<TicketId> {
    let mut tx = db.begin().await?;
    let id = insert(&mut tx, actor, input, Origin::default(), now).await?;
    tx.commit().await?;
    Ok(TicketId(id))
}

/// Picks the least-loaded active member of `group` and says why.
pub async fn auto_assignee(
    conn: &mut PgConnection,
    group: i64,
    group_name: &str,
) -> ServiceResult<Option<(i64, serde_json::Value)>> {
    Ok(groups::least_loaded_member(conn, group).await?.map(|pick| {
        (
            pick.user_id,
            json!({
                "rule": "least_loaded",
                "group": group_name,
                "open_tickets": pick.open_tickets,
            }),
        )
    }))
}

/// Opens a ticket inside the caller's transaction; returns its id.
pub async fn insert(
    tx: &mut PgConnection,
    actor: &Actor,
    input: NewTicket,
    origin: Origin,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    let kind = input.kind.unwrap_or(TicketKind::Incident);
    let title = input.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let description = input.description.trim().to_owned();
    let mut errors = FieldErrors::new();
    check_texts(&mut errors, &title, &description);
    if input.caller_name.trim().chars().count() > 120 {
        errors.add("caller_name", Msg::ValTooLong);
    }
    if input.caller_contact.trim().chars().count() > 120 {
        errors.add("caller_contact", Msg::ValTooLong);
    }

    let defaults = match input.category_id {
        None => Default::default(),
        Some(id) => match categories::defaults(&mut *tx, id).await? {
            Some(d) => d,
            None => {
                errors.add("category_id", Msg::ValCategoryInvalid);
                Default::default()
            }
        },
    };
    let impact = input.impact.or(defaults.impact);
    let urgency = input.urgency.or(defaults.urgency);
    if impact.is_none() {
        errors.add("impact", Msg::ValRequired);
    }
    if urgency.is_none() {
        errors.add("urgency", Msg::ValRequired);
    }
    if let Some(caller) = input.caller_id {
        let exists = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND active) AS "e!""#,
            caller.0
        )
        .fetch_one(&mut *tx)
        .await?;
        if !exists {
            errors.add("caller_id", Msg::ValCallerInvalid);
        }
    }

    if let Some(line) = input.subscription_id {
        let exists = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM subscriptions WHERE id = $1) AS "e!""#,
            line.0
        )
        .fetch_one(&mut *tx)
        .await?;
        if !exists {
            errors.add("subscription_id", Msg::ValRequired);
        }
    }

    // Manual choices win; otherwise the category's group, then its least-loaded member.
    let group_id = input.group_id.or(defaults.group_id);
    let mut reason = None;
    let group_name = match group_id {
        Some(id) => {
            let name = groups::active_name(&mut *tx, id).await?;
            if name.is_none() {
                errors.add("group_id", Msg::ValGroupInvalid);
            } else if input.group_id.is_none() {
                reason = Some(json!({ "rule": "category", "group": name }));
            }
            name
        }
        None => None,
    };
    let mut assignee = input.assignee_id.map(|u| u.0);
    if origin.awaiting_approval {
        assignee = None;
    } else if let Some(user) = assignee {
        workflow::check_assignee(&mut *tx, &mut errors, group_id, user).await?;
    } else if let (Some(group), Some(name)) = (group_id, &group_name) {
        if let Some((user, why)) = auto_assignee(&mut *tx, group, name).await? {
            assignee = Some(user);
            reason = Some(why);
        }
    }
    errors.into_result()?;
    let (Some(impact), Some(urgency)) = (impact, urgency) else {
        return Err(FieldErrors::single("impact", Msg::ValRequired).into());
    };
    let priority = matrix::load(&mut *tx).await?.priority(impact, urgency);
    let status = if origin.awaiting_approval {
        Status::PendingApproval
    } else if assignee.is_some() {
        Status::Assigned
    } else {
        Status::New
    };

    let id = sqlx::query_scalar!(
        r#"INSERT INTO tickets
               (kind, number, title, description, status, impact, urgency, priority,
                category_id, group_id, assignee_id, assignment_reason, caller_id, caller_name,
                caller_contact, subscription_id, customer_id, config_item_id, tags, created_by,
                created_at, updated_at, catalog_item_id, request_answers)
           VALUES ($1,
                   CASE WHEN $1 = 'incident' THEN nextval('ticket_number_incident')
                        ELSE nextval('ticket_number_request') END,
                   $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                   (SELECT customer_id FROM subscriptions WHERE id = $15),
                   $16, $17, $18, $19, $19, $20, $21)
           RETURNING id"#,
        kind.code(),
        title,
        description,
        status.code(),
        i16::from(impact.get()),
        i16::from(urgency.get()),
        i16::from(priority.get()),
        input.category_id,
        group_id,
        assignee,
        reason,
        input.caller_id.map(|u| u.0),
        input.caller_name.trim(),
        input.caller_contact.trim(),
        input.subscription_id.map(|s| s.0),
        input.config_item_id.map(|c| c.0),
        &normalize_tags(&input.tags),
        actor.user_id.map(|u| u.0),
        now,
        origin.catalog_item_id,
        origin.answers,
    )
    .fetch_one(&mut *tx)
    .await?;
    workflow::open_period(&mut *tx, id, status, now).await?;
    AuditEvent::new("ticket.create", "ticket", id)
        .after(&snapshot::take(&mut *tx, id).await?)
        .write(&mut *tx, actor)
        .await?;
    if let Some(user) = assignee.filter(|u| Some(*u) != actor.user_id.map(|a| a.0)) {
        notifications::notify(
            &mut *tx,
            &[user],
            NotificationKind::TicketAssigned,
            Some(id),
            None,
        )
        .await?;
    }
    clocks::refresh(&mut *tx, id, now).await?;
    Ok(id)
}
