//! Catalog server functions: browse and request (ticket workers), edit (desk admins),
//! decide approvals (supervisors and finance, each for their own steps).

use crate::auth::model::UserId;
use crate::catalog::model::{Answer, CatalogItem, PendingApproval};
use crate::error::AppError;
use crate::tickets::model::TicketId;
use leptos::prelude::*;

#[server]
pub async fn list_catalog(
    #[server(default)] include_inactive: bool,
) -> Result<Vec<CatalogItem>, AppError> {
    use crate::auth::Permission;
    use crate::catalog::server::items;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::WorkTickets)?);
    if include_inactive {
        actor.require(Permission::ManageServiceDesk)?;
    }
    Ok(items::list(&db, include_inactive).await?)
}

#[server]
pub async fn get_catalog_item(id: i64) -> Result<CatalogItem, AppError> {
    use crate::auth::Permission;
    use crate::catalog::server::items;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::WorkTickets)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    let item = items::get(&mut conn, id).await?;
    if !item.active && !actor.can(Permission::ManageServiceDesk) {
        return Err(AppError::NotFound);
    }
    Ok(item)
}

#[server]
pub async fn request_catalog_item(
    item_id: i64,
    #[server(default)] answers: Vec<Answer>,
    caller_id: Option<UserId>,
) -> Result<TicketId, AppError> {
    use crate::auth::Permission;
    use crate::catalog::server::requests;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::WorkTickets)?);
    Ok(requests::request(&db, &actor, item_id, answers, caller_id, chrono::Utc::now()).await?)
}

/// Saves an item and returns it as stored (with the keys made from labels), so the editor
/// shows exactly what requesters will get.
#[server]
pub async fn save_catalog_item(item: CatalogItem) -> Result<CatalogItem, AppError> {
    use crate::auth::Permission;
    use crate::catalog::server::items;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    let id = items::save(&db, &actor, item).await?;
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(items::get(&mut conn, id).await?)
}

#[server]
pub async fn approval_queue() -> Result<Vec<PendingApproval>, AppError> {
    use crate::auth::Permission;
    use crate::catalog::server::approvals;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::DecideApprovals)?);
    Ok(approvals::queue(&db, &actor).await?)
}

#[server]
pub async fn decide_approval(
    approval_id: i64,
    approve: bool,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::catalog::server::approvals;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::DecideApprovals)?);
    Ok(approvals::decide(
        &db,
        &actor,
        approval_id,
        approve,
        &comment,
        chrono::Utc::now(),
    )
    .await?)
}
