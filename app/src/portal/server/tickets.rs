//! The customer's own tickets: the list, one ticket with its public replies, replying.
//! Visibility is the tickets domain's `Caller` scope, so another customer's ticket answers
//! 404 exactly like a missing one.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::error::server::ServiceResult;
use crate::pagination::Page;
use crate::portal::model::{PortalReply, PortalTicket, PortalTicketRow};
use crate::request::Actor;
use crate::tickets::model::{TicketFilter, TicketSort, TimelineItem, Visibility};
use crate::tickets::server::query::{self, Viewer};
use crate::tickets::server::scope::TicketScope;
use crate::tickets::server::{comments, detail, timeline};

pub async fn list(
    db: &PgPool,
    viewer: Viewer,
    cursor: Option<&str>,
) -> ServiceResult<Page<PortalTicketRow>> {
    let page = query::list(
        db,
        TicketScope::Caller(viewer.user_id),
        viewer,
        &TicketFilter::default(),
        TicketSort::Created,
        cursor,
        20,
    )
    .await?;
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(|t| PortalTicketRow {
                id: t.id.0,
                number: t.number,
                title: t.title,
                status: t.status,
                created_at: t.created_at,
            })
            .collect(),
        next_cursor: page.next_cursor,
    })
}

pub async fn get(
    db: &PgPool,
    user_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<PortalTicket> {
    let scope = TicketScope::Caller(user_id);
    let ticket = detail::load(db, scope, id, now).await?;
    // "Mine" by who wrote it, not by name: a staff member may share the customer's name.
    let mine: Vec<i64> = sqlx::query_scalar!(
        "SELECT id FROM ticket_comments WHERE ticket_id = $1 AND author_id = $2",
        id,
        user_id
    )
    .fetch_all(db)
    .await?;
    let replies = timeline::load(db, scope, id)
        .await?
        .into_iter()
        .filter_map(|entry| match entry.item {
            TimelineItem::Comment {
                id: comment,
                visibility: Visibility::Public,
                body_html,
            } => Some(PortalReply {
                at: entry.at,
                mine: mine.contains(&comment.0),
                author: entry.actor.unwrap_or_default(),
                body_html,
            }),
            _ => None,
        })
        .collect();
    Ok(PortalTicket {
        id,
        number: ticket.summary.number,
        title: ticket.summary.title,
        status: ticket.summary.status,
        created_at: ticket.summary.created_at,
        updated_at: ticket.summary.updated_at,
        description_html: ticket.description_html,
        resolution: ticket.resolution,
        replies,
    })
}

pub async fn reply(
    db: &PgPool,
    actor: &Actor,
    user_id: i64,
    id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    comments::add(
        db,
        actor,
        TicketScope::Caller(user_id),
        id,
        Visibility::Public,
        body,
        now,
    )
    .await?;
    Ok(())
}
