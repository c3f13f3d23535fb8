//! Requesting a catalog item: the answers are checked against the item's form and the
//! request is opened as a ticket, waiting for its first approver when the item needs one.

use super::{approvals, items};
use crate::auth::model::UserId;
use crate::catalog::model::Answer;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::request::Actor;
use crate::tickets::model::{NewTicket, TicketId, TicketKind};
use crate::tickets::server::create::{self, Origin};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

pub async fn request(
    db: &PgPool,
    actor: &Actor,
    item_id: i64,
    answers: Vec<Answer>,
    caller_id: Option<UserId>,
    now: DateTime<Utc>,
) -> ServiceResult<TicketId> {
    let mut tx = db.begin().await?;
    let item = items::get(&mut tx, item_id).await?;
    if !item.active {
        return Err(AppError::NotFound.into());
    }
    let answers = item.check_answers(&answers).map_err(AppError::Validation)?;
    let mut description = item.answers_markdown(&answers);
    if !item.description.trim().is_empty() {
        description = format!("{}\n\n{description}", item.description.trim());
    }
    let stored: serde_json::Map<String, serde_json::Value> = answers
        .iter()
        .map(|a| (a.key.clone(), serde_json::Value::String(a.value.clone())))
        .collect();
    let input = NewTicket {
        kind: Some(TicketKind::Request),
        title: item.name.clone(),
        description,
        impact: Some(item.impact),
        urgency: Some(item.urgency),
        category_id: item.category_id,
        caller_id,
        ..Default::default()
    };
    let origin = Origin {
        catalog_item_id: Some(item.id),
        answers: Some(serde_json::Value::Object(stored)),
        awaiting_approval: !item.approvals.is_empty(),
    };
    let id = create::insert(&mut tx, actor, input, origin, now).await?;
    approvals::open_chain(&mut tx, id, &item.approvals, now).await?;
    tx.commit().await?;
    Ok(TicketId(id))
}
