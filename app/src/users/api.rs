//! Admin server functions for accounts. Each one: context, authorize, service, map error.

use crate::auth::model::UserId;
use crate::error::AppError;
use crate::pagination::Page;
use crate::users::model::{UserFields, UserFilter, UserView};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

#[server]
pub async fn list_users(
    #[server(default)] filter: UserFilter,
    cursor: Option<String>,
) -> Result<Page<UserView>, AppError> {
    use crate::auth::Permission;
    use crate::pagination::DEFAULT_PAGE_SIZE;
    use crate::request::{authorize, pool};
    use crate::users::server::service;

    let (db, _) = (pool()?, authorize(Permission::ManageUsers)?);
    Ok(service::list(&db, filter, cursor.as_deref(), DEFAULT_PAGE_SIZE).await?)
}

#[server]
pub async fn get_user(id: UserId) -> Result<UserView, AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::users::server::service;

    let (db, _) = (pool()?, authorize(Permission::ManageUsers)?);
    Ok(service::get(&db, id).await?)
}

#[server]
pub async fn create_user(fields: UserFields, password: String) -> Result<UserView, AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::users::server::service;

    let (db, actor) = (pool()?, authorize(Permission::ManageUsers)?);
    Ok(service::create(&db, &actor, fields, &password).await?)
}

#[server]
pub async fn update_user(
    id: UserId,
    fields: UserFields,
    version: DateTime<Utc>,
) -> Result<UserView, AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::users::server::service;

    let (db, actor) = (pool()?, authorize(Permission::ManageUsers)?);
    Ok(service::update(&db, &actor, id, fields, version).await?)
}

#[server]
pub async fn set_user_active(id: UserId, active: bool) -> Result<UserView, AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::users::server::service;

    let (db, actor) = (pool()?, authorize(Permission::ManageUsers)?);
    Ok(service::set_active(&db, &actor, id, active).await?)
}

#[server]
pub async fn set_user_password(id: UserId, password: String) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::users::server::service;

    let (db, actor) = (pool()?, authorize(Permission::ManageUsers)?);
    Ok(service::set_password(&db, &actor, id, &password).await?)
}
