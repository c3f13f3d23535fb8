//! Server functions for routers (NAS). Passwords go in, never out.

use crate::error::AppError;
use crate::nas::model::{Nas, NasDraft, NasLive, RouterFacts, TerminalOutput};
use leptos::prelude::*;

#[server]
pub async fn list_nas() -> Result<Vec<Nas>, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::nas::server::repo;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::list(&mut conn).await?)
}

#[server]
pub async fn nas_detail(id: i64) -> Result<Nas, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::nas::server::repo;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::get(&mut conn, id).await?)
}

#[server]
pub async fn save_nas(draft: NasDraft) -> Result<Nas, AppError> {
    use crate::auth::Permission;
    use crate::nas::server::save;
    use crate::request::{app_context, authorize};

    let (ctx, actor) = (app_context()?, authorize(Permission::ManageNetwork)?);
    Ok(save::save(&ctx.pool, &ctx.secrets, &ctx.routers, &actor, draft).await?)
}

/// Tries the settings in the form (before or after saving): an empty password on a saved
/// NAS means its stored one. Answers with what the router says, or its exact error.
#[server]
pub async fn test_nas_connection(draft: NasDraft) -> Result<RouterFacts, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::nas::server::{device_error, facts, hub, repo};
    use crate::request::{app_context, authorize};

    let (ctx, _) = (app_context()?, authorize(Permission::ManageNetwork)?);
    let draft = draft.normalized();
    let mut errors = draft.validate();
    // The stored password stands in for an empty one; a new NAS needs one typed.
    errors
        .0
        .retain(|e| e.field != "password" && e.field != "name");
    errors.into_result().map_err(ServiceError::from)?;
    let password = if draft.password.is_empty() && draft.id != 0 {
        let mut conn = ctx.pool.acquire().await.map_err(ServiceError::from)?;
        repo::target(&mut conn, &ctx.secrets, draft.id)
            .await?
            .password
    } else {
        draft.password.clone()
    };
    let target = hub::RouterTarget {
        nas_id: draft.id,
        name: draft.name.clone(),
        host: draft.host.clone(),
        port: u16::try_from(draft.port).unwrap_or(8728),
        kind: draft.api_kind,
        tls_verify: draft.tls_verify,
        username: draft.username.clone(),
        password,
    };
    let client = hub::client_for(&target).map_err(|e| device_error(&target.host, e))?;
    Ok(facts::read_facts(&*client)
        .await
        .map_err(|e| device_error(&target.host, e))?)
}

/// Runs the monitor's check on one router now (instead of waiting for the next round), so
/// the NOC sees at once whether a router it just fixed or changed answers; answers
/// whether it is up.
#[server]
pub async fn check_nas_now(id: i64) -> Result<bool, AppError> {
    use crate::auth::Permission;
    use crate::nas::server::monitor;
    use crate::request::{app_context, authorize};

    let (ctx, _) = (app_context()?, authorize(Permission::ViewNetwork)?);
    Ok(monitor::check_one(&ctx.pool, &ctx.secrets, &ctx.routers, id).await?)
}

/// Resources, interfaces, PPP profiles and active sessions, read from the router now.
#[server]
pub async fn read_nas_live(id: i64) -> Result<NasLive, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::nas::server::{device_error, live, repo};
    use crate::request::{app_context, authorize};

    let (ctx, _) = (app_context()?, authorize(Permission::ViewNetwork)?);
    let mut conn = ctx.pool.acquire().await.map_err(ServiceError::from)?;
    let target = repo::target(&mut conn, &ctx.secrets, id).await?;
    drop(conn);
    let client = ctx
        .routers
        .client(&target)
        .map_err(|e| device_error(&target.name, e))?;
    Ok(live::read_live(&*client)
        .await
        .map_err(|e| device_error(&target.name, e))?)
}

/// One read-only `print` typed by an admin, e.g. `/ppp/secret/print ?disabled=false`.
#[server]
pub async fn run_nas_terminal(id: i64, line: String) -> Result<TerminalOutput, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::nas::server::{device_error, repo, terminal};
    use crate::request::{app_context, authorize};

    let (ctx, actor) = (app_context()?, authorize(Permission::ManageNetwork)?);
    let command = terminal::parse(&line).map_err(ServiceError::from)?;
    let mut conn = ctx.pool.acquire().await.map_err(ServiceError::from)?;
    let target = repo::target(&mut conn, &ctx.secrets, id).await?;
    drop(conn);
    tracing::info!(nas.id = id, user.label = ?actor.label, command = %line.trim(), "router terminal");
    let client = ctx
        .routers
        .client(&target)
        .map_err(|e| device_error(&target.name, e))?;
    Ok(terminal::run(&*client, &line, command)
        .await
        .map_err(|e| device_error(&target.name, e))?)
}
