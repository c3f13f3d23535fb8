//! A fault reported in the portal becomes an incident on the customer's line: category from
//! the symptom (the desk's `portal_symptom` setting), impact from the customer's category,
//! urgency from the symptom, assignment and SLA as for any incident.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::auth::model::UserId;
use crate::customers::model::CustomerCategory;
use crate::error::server::ServiceResult;
use crate::error::FieldErrors;
use crate::i18n::Msg;
use crate::outages::server::portal::open_outage_of_line;
use crate::portal::model::{fault_levels, FaultReport, Symptom};
use crate::request::Actor;
use crate::subscriptions::model::SubscriptionId;
use crate::tickets::model::{NewTicket, TicketId, TicketKind};
use crate::tickets::server::create::{self, Origin, TEXT_MAX};

pub async fn report(
    db: &PgPool,
    actor: &Actor,
    user_id: i64,
    report: FaultReport,
    now: DateTime<Utc>,
) -> ServiceResult<TicketId> {
    let mut tx = db.begin().await?;
    let customer_id = super::customer_of(&mut tx, user_id).await?;
    let line = sqlx::query!(
        r#"SELECT s.username, c.full_name, c.phone, c.category
           FROM subscriptions s JOIN customers c ON c.id = s.customer_id
           WHERE s.id = $1 AND s.customer_id = $2 AND s.status <> 'terminated'"#,
        report.subscription_id,
        customer_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let description = report.description.trim().to_owned();
    let mut errors = FieldErrors::new();
    if line.is_none() {
        errors.add("subscription_id", Msg::ValRequired);
    }
    if report.symptom == Symptom::Other && description.is_empty() {
        errors.add("description", Msg::ValDescribeFault);
    }
    if description.chars().count() > TEXT_MAX {
        errors.add("description", Msg::ValTooLong);
    }
    let Some(line) = line.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let category_id = sqlx::query_scalar!(
        "SELECT id FROM ticket_categories WHERE portal_symptom = $1 AND active",
        report.symptom.as_str()
    )
    .fetch_optional(&mut *tx)
    .await?;
    let category = CustomerCategory::parse(&line.category).unwrap_or_default();
    let (impact, urgency) = fault_levels(report.symptom, category);
    let ticket = NewTicket {
        kind: Some(TicketKind::Incident),
        title: report.symptom.title(&line.username),
        description,
        impact: Some(impact),
        urgency: Some(urgency),
        category_id,
        caller_id: Some(UserId(user_id)),
        caller_name: line.full_name,
        caller_contact: line.phone,
        tags: vec!["portal".into(), report.symptom.as_str().replace('_', "-")],
        subscription_id: Some(SubscriptionId(report.subscription_id)),
        ..NewTicket::default()
    };
    let id = create::insert(&mut tx, actor, ticket, Origin::default(), now).await?;
    // A line in a known outage: the report joins it, and is resolved with it.
    if let Some(parent) = open_outage_of_line(&mut tx, report.subscription_id).await? {
        sqlx::query!(
            "UPDATE tickets SET parent_id = $2 WHERE id = $1",
            id,
            parent
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(TicketId(id))
}
