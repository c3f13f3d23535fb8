//! Ticket server functions. Each one: context (pool, actor, scope), service, error mapping.
//! Visibility is decided by the scope inside every service call, never by the page.

use crate::error::AppError;
use crate::pagination::Page;
use crate::tickets::model::{
    Board, CommentId, Level, NewTicket, Status, TicketDetail, TicketEdit, TicketFilter, TicketId,
    TicketSort, TicketSummary, TimelineEntry, Visibility,
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

#[server]
pub async fn list_tickets(
    #[server(default)] filter: TicketFilter,
    #[server(default)] sort: TicketSort,
    cursor: Option<String>,
) -> Result<Page<TicketSummary>, AppError> {
    use crate::auth::Permission;
    use crate::pagination::DEFAULT_PAGE_SIZE;
    use crate::tickets::server::{query, request_context};

    let (db, _, scope, viewer) = request_context(Permission::WorkTickets)?;
    Ok(query::list(
        &db,
        scope,
        viewer,
        &filter,
        sort,
        cursor.as_deref(),
        DEFAULT_PAGE_SIZE,
    )
    .await?)
}

#[server]
pub async fn ticket_board(#[server(default)] filter: TicketFilter) -> Result<Board, AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{query, request_context};

    let (db, _, scope, viewer) = request_context(Permission::WorkTickets)?;
    Ok(query::board(&db, scope, viewer, &filter).await?)
}

/// The ticket's card if the viewer may see it and it matches `filter`; `None` otherwise.
/// Live views call this when told a ticket changed, to update, add or drop its card.
#[server]
pub async fn ticket_card(
    id: TicketId,
    #[server(default)] filter: TicketFilter,
) -> Result<Option<TicketSummary>, AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{query, request_context};

    let (db, _, scope, viewer) = request_context(Permission::WorkTickets)?;
    Ok(query::card(&db, scope, viewer, &filter, id.0).await?)
}

#[server]
pub async fn get_ticket(id: TicketId) -> Result<TicketDetail, AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{detail, request_context};

    let (db, _, scope, viewer) = request_context(Permission::WorkTickets)?;
    Ok(detail::load(&db, scope, id.0, viewer.now).await?)
}

#[server]
pub async fn ticket_timeline(id: TicketId) -> Result<Vec<TimelineEntry>, AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{request_context, timeline};

    let (db, _, scope, _) = request_context(Permission::WorkTickets)?;
    Ok(timeline::load(&db, scope, id.0).await?)
}

#[server]
pub async fn create_ticket(ticket: NewTicket) -> Result<TicketId, AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{create, request_context};

    let (db, actor, _, viewer) = request_context(Permission::WorkTickets)?;
    Ok(create::create(&db, &actor, ticket, viewer.now).await?)
}

#[server]
pub async fn update_ticket(
    id: TicketId,
    version: DateTime<Utc>,
    edit: TicketEdit,
) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{edit as service, request_context};

    let (db, actor, scope, viewer) = request_context(Permission::WorkTickets)?;
    Ok(service::edit(&db, &actor, scope, id.0, version, edit, viewer.now).await?)
}

#[server]
pub async fn move_ticket(id: TicketId, to: Status, note: Option<String>) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{request_context, workflow};

    let (db, actor, scope, viewer) = request_context(Permission::WorkTickets)?;
    Ok(workflow::transition(&db, &actor, scope, id.0, to, note, viewer.now).await?)
}

#[server]
pub async fn assign_ticket(
    id: TicketId,
    group_id: Option<i64>,
    assignee_id: Option<i64>,
) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{request_context, workflow};

    let (db, actor, scope, viewer) = request_context(Permission::WorkTickets)?;
    Ok(workflow::assign(&db, &actor, scope, id.0, group_id, assignee_id, viewer.now).await?)
}

#[server]
pub async fn reclassify_ticket(
    id: TicketId,
    impact: Level,
    urgency: Level,
    note: String,
) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{request_context, workflow};

    let (db, actor, scope, viewer) = request_context(Permission::WorkTickets)?;
    Ok(workflow::reclassify(
        &db,
        &actor,
        scope,
        id.0,
        (impact, urgency),
        &note,
        viewer.now,
    )
    .await?)
}

#[server]
pub async fn comment_on_ticket(
    id: TicketId,
    visibility: Visibility,
    body: String,
) -> Result<CommentId, AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{comments, request_context};

    let (db, actor, scope, viewer) = request_context(Permission::WorkTickets)?;
    Ok(comments::add(&db, &actor, scope, id.0, visibility, &body, viewer.now).await?)
}

#[server]
pub async fn watch_ticket(id: TicketId, watching: bool) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{edit, request_context};

    let (db, actor, scope, _) = request_context(Permission::WorkTickets)?;
    Ok(edit::watch(&db, &actor, scope, id.0, watching).await?)
}

#[server]
pub async fn link_ticket(id: TicketId, other: String, linked: bool) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::tickets::server::{edit, request_context};

    let (db, actor, scope, viewer) = request_context(Permission::WorkTickets)?;
    Ok(edit::link(&db, &actor, scope, id.0, &other, linked, viewer.now).await?)
}

#[server]
pub async fn my_saved_filters() -> Result<Vec<crate::tickets::model::SavedFilter>, AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::tickets::server::saved;

    let (db, actor) = (pool()?, authorize(Permission::WorkTickets)?);
    Ok(saved::list(&db, &actor).await?)
}

#[server]
pub async fn save_ticket_filter(
    name: String,
    #[server(default)] query: String,
) -> Result<crate::tickets::model::SavedFilter, AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::tickets::server::saved;

    let (db, actor) = (pool()?, authorize(Permission::WorkTickets)?);
    Ok(saved::save(&db, &actor, &name, &query).await?)
}

#[server]
pub async fn delete_ticket_filter(id: i64) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::tickets::server::saved;

    let (db, actor) = (pool()?, authorize(Permission::WorkTickets)?);
    Ok(saved::delete(&db, &actor, id).await?)
}
