//! Server functions for customers.

use crate::customers::model::{
    CustomerDetail, CustomerDraft, CustomerFilter, CustomerRow, CustomerStatusChange,
};
use crate::error::AppError;
use crate::pagination::Page;
use leptos::prelude::*;

#[server]
pub async fn list_customers(
    filter: CustomerFilter,
    cursor: Option<String>,
) -> Result<Page<CustomerRow>, AppError> {
    use crate::auth::Permission;
    use crate::customers::server::repo;
    use crate::error::server::ServiceError;
    use crate::pagination::DEFAULT_PAGE_SIZE;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewCustomers)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::list(&mut conn, &filter, cursor.as_deref(), DEFAULT_PAGE_SIZE).await?)
}

#[server]
pub async fn read_customer(id: i64) -> Result<CustomerDetail, AppError> {
    use crate::auth::Permission;
    use crate::customers::server::detail;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ViewCustomers)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(detail::detail(&mut conn, &actor, id).await?)
}

/// Creates (id 0) or updates a customer; answers its id.
#[server]
pub async fn save_customer(draft: CustomerDraft) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::customers::server::service;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageCustomers)?);
    if draft.id == 0 {
        Ok(service::create(&db, &actor, draft).await?)
    } else {
        let id = draft.id;
        service::update(&db, &actor, draft).await?;
        Ok(id)
    }
}

#[server]
pub async fn change_customer_status(change: CustomerStatusChange) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::customers::server::service;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageCustomers)?);
    Ok(service::change_status(&db, &actor, change).await?)
}

/// Gives the customer a portal account (role customer) with the password set by staff.
#[server]
pub async fn create_portal_login(
    draft: crate::customers::model::PortalLoginDraft,
) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::customers::server::portal_login;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageCustomers)?);
    Ok(portal_login::create(&db, &actor, draft).await?)
}
