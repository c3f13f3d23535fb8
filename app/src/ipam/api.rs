//! Server functions for IP address management.

use crate::error::AppError;
use crate::ipam::model::{IpamOverview, PrefixDraft};
use leptos::prelude::*;

/// Every router's pools, prefixes and held addresses with their usage, and the conflicts.
/// It names the lines' customers, so it also takes seeing customers.
#[server]
pub async fn ip_addresses() -> Result<IpamOverview, AppError> {
    use crate::auth::Permission;
    use crate::ipam::server::repo;
    use crate::request::{app_context, authorize};

    let (ctx, actor) = (app_context()?, authorize(Permission::ViewNetwork)?);
    authorize(Permission::ViewCustomers)?;
    let can_manage = actor.can(Permission::ManageNetwork);
    Ok(repo::overview(&ctx.pool, &ctx.secrets, &ctx.routers, can_manage).await?)
}

#[server]
pub async fn add_ip_prefix(draft: PrefixDraft) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::ipam::server::prefixes;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageNetwork)?);
    Ok(prefixes::add(&db, &actor, draft).await?)
}

#[server]
pub async fn remove_ip_prefix(id: i64) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::ipam::server::prefixes;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageNetwork)?);
    Ok(prefixes::remove(&db, &actor, id).await?)
}
