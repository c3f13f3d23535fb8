//! Server functions for subscriptions (lines).

use crate::error::AppError;
use crate::provisioning::model::Job;
use crate::subscriptions::model::{
    LineSession, Subscription, SubscriptionDraft, SubscriptionStatusChange,
};
use leptos::prelude::*;

#[server]
pub async fn subscription_detail(id: i64) -> Result<(Subscription, Vec<Job>), AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::provisioning::server::outbox;
    use crate::request::{authorize, pool};
    use crate::subscriptions::server::repo;

    let (db, _) = (pool()?, authorize(Permission::ViewCustomers)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    let line = repo::get(&mut conn, id).await?;
    let jobs = outbox::list(&mut conn, None, None, Some(id), None, 20).await?;
    Ok((line, jobs.items))
}

/// Creates (id 0) or updates a line; answers its id.
#[server]
pub async fn save_subscription(draft: SubscriptionDraft) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::request::{app_context, authorize};
    use crate::subscriptions::server::service;

    let (ctx, actor) = (app_context()?, authorize(Permission::ManageCustomers)?);
    if draft.id == 0 {
        Ok(service::create(&ctx.pool, &ctx.secrets, &actor, draft).await?)
    } else {
        let id = draft.id;
        service::update(&ctx.pool, &ctx.secrets, &actor, draft).await?;
        Ok(id)
    }
}

#[server]
pub async fn change_subscription_status(change: SubscriptionStatusChange) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::subscriptions::server::service;

    let (db, actor) = (pool()?, authorize(Permission::ManageCustomers)?);
    Ok(service::change_status(&db, &actor, change).await?)
}

/// Whether the line is online now, from the router's active sessions.
#[server]
pub async fn subscription_session(id: i64) -> Result<LineSession, AppError> {
    use crate::auth::Permission;
    use crate::request::{app_context, authorize};
    use crate::subscriptions::server::session;

    let (ctx, _) = (app_context()?, authorize(Permission::ViewCustomers)?);
    Ok(session::line_session(&ctx.pool, &ctx.secrets, &ctx.routers, id).await?)
}

/// The isolir page's message for whoever asks: public (isolated customers are not signed
/// in), personal only for the visitor whose own address is an isolated line.
#[server]
pub async fn read_isolir_notice() -> Result<crate::subscriptions::model::IsolirNotice, AppError> {
    use crate::request::{app_context, request_session};
    use crate::subscriptions::server::isolir;

    let ctx = app_context()?;
    let address = request_session().ip;
    let line = isolir::line_at(&ctx.pool, &ctx.secrets, &ctx.routers, &address).await?;
    Ok(crate::subscriptions::model::IsolirNotice {
        isp_name: ctx.isp.name.clone(),
        isp_contact: ctx.isp.contact.clone(),
        line,
    })
}
