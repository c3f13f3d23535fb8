//! The desk configuration: read by ticket forms, edited by desk admins.

use crate::desk::model::TicketFormData;
use crate::error::AppError;
use leptos::prelude::*;

/// Categories, groups, assignable staff and the priority matrix, for ticket forms.
#[server]
pub async fn ticket_form_options() -> Result<TicketFormData, AppError> {
    use crate::auth::Permission;
    use crate::desk::server::{categories, groups, matrix};
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::WorkTickets)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(TicketFormData {
        categories: categories::all(&mut conn).await?,
        groups: groups::all(&mut conn).await?,
        matrix: matrix::load(&mut conn).await?,
        assignees: groups::assignable_staff(&mut conn).await?,
        callers: groups::customer_accounts(&mut conn).await?,
    })
}

/// The desk-wide settings admins edit: the priority matrix and the reopen window.
#[server]
pub async fn desk_settings() -> Result<crate::desk::model::DeskConfig, AppError> {
    use crate::auth::Permission;
    use crate::desk::server::{matrix, settings};
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(crate::desk::model::DeskConfig {
        matrix: matrix::load(&mut conn).await?,
        reopen_window_hours: settings::reopen_window(&mut conn).await?.num_hours() as i32,
    })
}

#[server]
pub async fn save_priority_matrix(
    matrix: crate::tickets::model::PriorityMatrix,
) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::desk::server::matrix as service;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    Ok(service::save(&db, &actor, matrix).await?)
}

#[server]
pub async fn save_reopen_window(hours: i32) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::desk::server::settings;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    Ok(settings::save_reopen_window(&db, &actor, hours).await?)
}

/// Groups, categories and the people they may name, for the admin screens.
#[server]
pub async fn desk_directory() -> Result<crate::desk::model::DeskDirectory, AppError> {
    use crate::auth::Permission;
    use crate::desk::server::{categories, groups};
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(crate::desk::model::DeskDirectory {
        groups: groups::all(&mut conn).await?,
        categories: categories::all(&mut conn).await?,
        staff: groups::assignable_staff(&mut conn).await?,
        supervisors: groups::supervisor_candidates(&mut conn).await?,
    })
}

#[server]
pub async fn save_support_group(group: crate::desk::model::GroupDraft) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::desk::server::groups;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    Ok(groups::save(&db, &actor, group).await?)
}

#[server]
pub async fn save_category(category: crate::desk::model::CategoryDraft) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::desk::server::categories;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    Ok(categories::save(&db, &actor, category).await?)
}
