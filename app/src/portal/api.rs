//! Server functions of the customer portal. Each one answers only for the signed-in
//! customer's own record, lines and tickets. The forms work without JavaScript: a plain
//! post is redirected to the page that shows the result.

use crate::error::AppError;
use crate::pagination::Page;
use crate::portal::model::{FaultReport, PortalLine, PortalTicket, PortalTicketRow};
use crate::tickets::model::TicketId;
use leptos::prelude::*;

#[server]
pub async fn my_lines() -> Result<Vec<PortalLine>, AppError> {
    use crate::auth::Permission;
    use crate::portal::server::lines;
    use crate::request::{app_context, authorize};

    let (ctx, actor) = (app_context()?, authorize(Permission::UsePortal)?);
    let user = actor.user_id.ok_or(AppError::Unauthorized)?;
    Ok(lines::my_lines(&ctx.pool, &ctx.secrets, &ctx.routers, user.0).await?)
}

#[server]
pub async fn report_fault(report: FaultReport) -> Result<TicketId, AppError> {
    use crate::auth::Permission;
    use crate::portal::server::faults;
    use crate::request::{authorize, pool, redirect_plain_form};

    let (db, actor) = (pool()?, authorize(Permission::UsePortal)?);
    let user = actor.user_id.ok_or(AppError::Unauthorized)?;
    let id = faults::report(&db, &actor, user.0, report, chrono::Utc::now()).await?;
    redirect_plain_form(&format!("/portal/tickets/{}", id.0));
    Ok(id)
}

#[server]
pub async fn my_tickets(cursor: Option<String>) -> Result<Page<PortalTicketRow>, AppError> {
    use crate::auth::Permission;
    use crate::portal::server::tickets;
    use crate::tickets::server::request_context;

    let (db, _, _, viewer) = request_context(Permission::UsePortal)?;
    Ok(tickets::list(&db, viewer, cursor.as_deref()).await?)
}

#[server]
pub async fn my_ticket(id: i64) -> Result<PortalTicket, AppError> {
    use crate::auth::Permission;
    use crate::portal::server::tickets;
    use crate::tickets::server::request_context;

    let (db, _, _, viewer) = request_context(Permission::UsePortal)?;
    Ok(tickets::get(&db, viewer.user_id, id, viewer.now).await?)
}

#[server]
pub async fn reply_my_ticket(id: i64, body: String) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::portal::server::tickets;
    use crate::request::redirect_plain_form;
    use crate::tickets::server::request_context;

    let (db, actor, _, viewer) = request_context(Permission::UsePortal)?;
    tickets::reply(&db, &actor, viewer.user_id, id, &body, viewer.now).await?;
    redirect_plain_form(&format!("/portal/tickets/{id}"));
    Ok(())
}

#[server]
pub async fn my_billing() -> Result<crate::billing::model::views::PortalBilling, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::settings::today;
    use crate::portal::server::billing;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::UsePortal)?);
    let user = actor.user_id.ok_or(AppError::Unauthorized)?;
    Ok(billing::my_billing(&db, user.0, today()).await?)
}

#[server]
pub async fn my_invoice(id: i64) -> Result<crate::billing::model::views::InvoiceDetail, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::settings::today;
    use crate::portal::server::billing;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::UsePortal)?);
    let user = actor.user_id.ok_or(AppError::Unauthorized)?;
    Ok(billing::my_invoice(&db, user.0, id, today()).await?)
}
