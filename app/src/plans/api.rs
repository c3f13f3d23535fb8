//! Server functions for service plans.

use crate::error::AppError;
use crate::plans::model::{Plan, PlanSave};
use leptos::prelude::*;

#[server]
pub async fn list_plans() -> Result<Vec<Plan>, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::plans::server::repo;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewCustomers)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::list(&mut conn, None).await?)
}

/// Creates (id 0) or updates a plan; answers its id.
#[server]
pub async fn save_plan(save: PlanSave) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::plans::server::service;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManagePlans)?);
    Ok(service::save(&db, &actor, save).await?)
}
