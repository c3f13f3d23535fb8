//! Server functions for the CMDB.

use crate::cmdb::model::csv::{ImportOutcome, ImportPreview};
use crate::cmdb::model::{
    CiChoices, CiDraft, CiFilter, CiRow, CiView, Impact, PathStep, RelationDraft,
};
use crate::error::AppError;
use crate::pagination::Page;
use leptos::prelude::*;

/// The classes and owner groups the CI form offers.
#[server]
pub async fn ci_form_options() -> Result<CiChoices, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::repo;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::choices(&mut conn).await?)
}

#[server]
pub async fn list_cis(filter: CiFilter) -> Result<Page<CiRow>, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::repo;
    use crate::error::server::ServiceError;
    use crate::pagination::DEFAULT_PAGE_SIZE;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::list(&mut conn, &filter, DEFAULT_PAGE_SIZE).await?)
}

#[server]
pub async fn ci_detail(id: i64) -> Result<CiView, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::repo;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::view(&mut conn, id).await?)
}

/// Creates (id 0) or updates a CI; answers its id.
#[server]
pub async fn save_ci(draft: CiDraft) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::save;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManagePlant)?);
    Ok(save::save(&db, &actor, draft).await?)
}

#[server]
pub async fn add_ci_relation(draft: RelationDraft) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::relations;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManagePlant)?);
    Ok(relations::add(&db, &actor, draft).await?)
}

#[server]
pub async fn remove_ci_relation(id: i64) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::relations;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManagePlant)?);
    Ok(relations::remove(&db, &actor, id).await?)
}

/// What fails with a CI; it names customers, so it also takes seeing customers.
#[server]
pub async fn ci_impact(id: i64) -> Result<Impact, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::impact;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    authorize(Permission::ViewCustomers)?;
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(impact::impact(&mut conn, id).await?)
}

#[server]
pub async fn ci_path(id: i64) -> Result<Vec<PathStep>, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::impact;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(impact::path_up(&mut conn, id).await?)
}

/// Reviews a CSV file of one class: what each row would do, and its errors.
#[server]
pub async fn preview_ci_import(class: String, text: String) -> Result<ImportPreview, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::import;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ManagePlant)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(import::preview(&mut conn, &class, &text).await?.0)
}

/// Applies a reviewed CSV file; a file with any error writes nothing.
#[server]
pub async fn apply_ci_import(class: String, text: String) -> Result<ImportOutcome, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::import;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManagePlant)?);
    Ok(import::apply(&db, &actor, &class, &text).await?)
}
