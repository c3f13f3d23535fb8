//! Server functions for the provisioning outbox, drift and import (admins).

use crate::error::AppError;
use crate::pagination::Page;
use crate::provisioning::model::{
    DriftReport, ImportChoice, ImportPreview, ImportResult, Job, JobState,
};
use leptos::prelude::*;

#[server]
pub async fn list_jobs(
    state: Option<JobState>,
    nas_id: Option<i64>,
    before_id: Option<i64>,
) -> Result<Page<Job>, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::pagination::DEFAULT_PAGE_SIZE;
    use crate::provisioning::server::outbox;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ManageNetwork)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(outbox::list(&mut conn, state, nas_id, None, before_id, DEFAULT_PAGE_SIZE).await?)
}

#[server]
pub async fn retry_job(id: i64) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::provisioning::server::outbox;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageNetwork)?);
    outbox::retry(&db, &actor, id).await?;
    Ok(())
}

#[server]
pub async fn cancel_job(id: i64) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::provisioning::server::outbox;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageNetwork)?);
    Ok(outbox::cancel(&db, &actor, id).await?)
}

/// The last reconciliation of a router (agents see it too: it explains a line's state).
#[server]
pub async fn nas_drift(nas_id: i64) -> Result<DriftReport, AppError> {
    use crate::auth::Permission;
    use crate::provisioning::server::reconcile;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    Ok(reconcile::report(&db, nas_id).await?)
}

/// Reads the router now and compares.
#[server]
pub async fn reconcile_nas(nas_id: i64) -> Result<DriftReport, AppError> {
    use crate::auth::Permission;
    use crate::provisioning::server::reconcile;
    use crate::request::{app_context, authorize};

    let (ctx, _) = (app_context()?, authorize(Permission::ManageNetwork)?);
    Ok(reconcile::reconcile(&ctx.pool, &ctx.secrets, &ctx.routers, nas_id).await?)
}

/// Queues a sync for every drifted object; answers how many.
#[server]
pub async fn fix_nas_drift(nas_id: i64) -> Result<usize, AppError> {
    use crate::auth::Permission;
    use crate::provisioning::server::reconcile;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageNetwork)?);
    Ok(reconcile::fix_drift(&db, &actor, nas_id).await?)
}

#[server]
pub async fn read_import_preview(nas_id: i64) -> Result<ImportPreview, AppError> {
    use crate::auth::Permission;
    use crate::provisioning::server::import;
    use crate::request::{app_context, authorize};

    let (ctx, _) = (app_context()?, authorize(Permission::ManageNetwork)?);
    Ok(import::preview(&ctx.pool, &ctx.secrets, &ctx.routers, nas_id).await?)
}

#[server]
pub async fn import_secrets(
    nas_id: i64,
    choices: Vec<ImportChoice>,
) -> Result<ImportResult, AppError> {
    use crate::auth::Permission;
    use crate::provisioning::server::import;
    use crate::request::{app_context, authorize};

    let (ctx, actor) = (app_context()?, authorize(Permission::ManageNetwork)?);
    Ok(import::adopt(
        &ctx.pool,
        &ctx.secrets,
        &ctx.routers,
        &actor,
        nas_id,
        choices,
    )
    .await?)
}

#[server]
pub async fn read_nas_provisioning(
    nas_id: i64,
) -> Result<crate::provisioning::model::NasProvisioning, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::provisioning::server::settings;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(settings::load(&mut conn, nas_id).await?)
}

#[server]
pub async fn save_nas_provisioning(
    settings: crate::provisioning::model::NasProvisioning,
) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::provisioning::server::settings as service;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageNetwork)?);
    Ok(service::save(&db, &actor, settings).await?)
}
