//! Server functions for mass outages. Staff who work tickets and see the network link
//! incidents to CIs and attach lines; customers see only the outages on their own lines.

use crate::error::AppError;
use crate::outages::model::{PortalOutage, TicketOutageView};
use leptos::prelude::*;

#[server]
pub async fn ticket_outage(id: i64) -> Result<TicketOutageView, AppError> {
    use crate::auth::Permission;
    use crate::outages::server::staff;
    use crate::request::authorize;
    use crate::tickets::server::request_context;

    let (db, _, scope, _) = request_context(Permission::WorkTickets)?;
    authorize(Permission::ViewNetwork)?;
    Ok(staff::view(&db, scope, id).await?)
}

/// Links a ticket to the CI with this code (blank unlinks).
#[server]
pub async fn link_ticket_ci(id: i64, ci: String) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::outages::server::staff;
    use crate::request::authorize;
    use crate::tickets::server::request_context;

    let (db, actor, scope, _) = request_context(Permission::WorkTickets)?;
    authorize(Permission::ViewNetwork)?;
    Ok(staff::link_ci(&db, &actor, scope, id, &ci).await?)
}

/// Attaches every line that fails with the incident's CI; answers how many lines were
/// attached and how many reports were linked under it.
#[server]
pub async fn attach_outage_lines(id: i64) -> Result<(i64, i64), AppError> {
    use crate::auth::Permission;
    use crate::outages::server::staff;
    use crate::request::authorize;
    use crate::tickets::server::request_context;

    let (db, actor, scope, viewer) = request_context(Permission::WorkTickets)?;
    authorize(Permission::ViewNetwork)?;
    let done = staff::attach(&db, &actor, scope, id, viewer.now).await?;
    Ok((done.lines, done.reports))
}

#[server]
pub async fn my_outages() -> Result<Vec<PortalOutage>, AppError> {
    use crate::auth::Permission;
    use crate::outages::server::portal;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::UsePortal)?);
    let user = actor.user_id.ok_or(AppError::Unauthorized)?;
    Ok(portal::for_customer(&db, user.0).await?)
}
