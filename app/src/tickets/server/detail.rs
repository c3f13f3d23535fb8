//! Everything the ticket page shows about one ticket.

use super::rows::summaries_by_id;
use super::{markdown, TicketScope};
use crate::desk::server::settings;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::tickets::model::{
    allowed_targets, AssignmentReason, ConfigItemId, CustomerId, Level, NamedRef, SlaClockView,
    SlaMetric, SlaState, SubscriptionId, TicketDetail, TransitionFacts,
};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

fn reason_from(json: Option<serde_json::Value>) -> Option<AssignmentReason> {
    let json = json?;
    let group = json["group"].as_str()?.to_owned();
    match json["rule"].as_str()? {
        "category" => Some(AssignmentReason::Category { group }),
        "least_loaded" => Some(AssignmentReason::LeastLoaded {
            group,
            open_tickets: json["open_tickets"].as_i64().unwrap_or(0),
        }),
        _ => None,
    }
}

pub async fn load(
    db: &PgPool,
    scope: TicketScope,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<TicketDetail> {
    let mut conn = db.acquire().await?;
    scope.ensure_visible(&mut conn, ticket_id).await?;
    let summary = summaries_by_id(&mut conn, &[ticket_id])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let r = sqlx::query!(
        r#"SELECT t.description, t.impact, t.urgency, t.caller_id, cu.full_name AS "caller_full_name?",
                  t.caller_name, t.caller_contact, t.customer_id, t.subscription_id,
                  t.config_item_id, t.assignment_reason, t.resolution, t.created_by,
                  cb.full_name AS "created_by_name?", t.first_response_at, t.resolved_at,
                  t.closed_at
           FROM tickets t
           LEFT JOIN users cu ON cu.id = t.caller_id
           LEFT JOIN users cb ON cb.id = t.created_by
           WHERE t.id = $1"#,
        ticket_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let watchers = sqlx::query_as!(
        NamedRef,
        r#"SELECT u.id, u.full_name AS name FROM ticket_watchers w JOIN users u ON u.id = w.user_id
           WHERE w.ticket_id = $1 ORDER BY lower(u.full_name)"#,
        ticket_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let related_ids: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT CASE WHEN ticket_id = $1 THEN related_id ELSE ticket_id END AS "id!"
           FROM ticket_links WHERE ticket_id = $1 OR related_id = $1"#,
        ticket_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut related = Vec::new();
    for summary in summaries_by_id(&mut conn, &related_ids).await? {
        if scope.ensure_visible(&mut conn, summary.id.0).await.is_ok() {
            related.push(summary);
        }
    }
    let clocks = sqlx::query!(
        r#"SELECT k.metric, p.name AS policy, k.target_minutes, k.state, k.elapsed_seconds,
                  k.due_at, k.stopped_at
           FROM ticket_sla_clocks k JOIN sla_policies p ON p.id = k.policy_id
           WHERE k.ticket_id = $1 ORDER BY k.metric DESC"#,
        ticket_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|k| {
        Some(SlaClockView {
            metric: SlaMetric::from_code(&k.metric)?,
            policy: k.policy,
            target_minutes: k.target_minutes,
            state: SlaState::from_code(&k.state)?,
            elapsed_seconds: k.elapsed_seconds,
            due_at: k.due_at,
            stopped_at: k.stopped_at,
        })
    })
    .collect();
    let facts = TransitionFacts {
        has_assignee: summary.assignee.is_some(),
        has_resolution: true,
        resolved_at: r.resolved_at,
        reopen_window: settings::reopen_window(&mut conn).await?,
        now,
    };
    let allowed_statuses = if scope.is_staff() {
        allowed_targets(summary.status, &facts)
    } else {
        Vec::new()
    };
    let attachments = super::attachments::of_ticket(&mut conn, ticket_id).await?;
    Ok(TicketDetail {
        attachments,
        allowed_statuses,
        description_html: markdown::render(&r.description),
        description: r.description,
        impact: Level::new(r.impact.into()).unwrap_or(Level::MEDIUM),
        urgency: Level::new(r.urgency.into()).unwrap_or(Level::MEDIUM),
        caller: r
            .caller_id
            .zip(r.caller_full_name)
            .map(|(id, name)| NamedRef { id, name }),
        caller_name: r.caller_name,
        caller_contact: r.caller_contact,
        customer_id: r.customer_id.map(CustomerId),
        subscription_id: r.subscription_id.map(SubscriptionId),
        config_item_id: r.config_item_id.map(ConfigItemId),
        assignment_reason: reason_from(r.assignment_reason),
        resolution: r.resolution,
        created_by: r
            .created_by
            .zip(r.created_by_name)
            .map(|(id, name)| NamedRef { id, name }),
        first_response_at: r.first_response_at,
        resolved_at: r.resolved_at,
        closed_at: r.closed_at,
        watchers,
        related,
        clocks,
        summary,
    })
}
