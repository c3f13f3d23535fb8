//! Server functions for work orders. The desk (ViewWorkOrders, RequestWorkOrders,
//! DispatchWorkOrders) sees and plans every order; technicians (DoFieldWork) see and work
//! only the orders given to them.

use crate::error::AppError;
use crate::field::model::{
    EvidenceKind, MoveRequest, NewWorkOrder, ScheduleDraft, TechnicianDraft, TechnicianOption,
    TechnicianProfile, WorkOrderDetail, WorkOrderFilter, WorkOrderPage, WorkOrderRow,
    WorkOrderTemplate,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod context {
    use crate::auth::Permission;
    use crate::error::server::with_status;
    use crate::error::AppError;
    use crate::field::server::read::OrderScope;
    use crate::request::{current_user, Actor};

    /// The desk sees every order; a technician only theirs.
    pub fn reader() -> Result<(Actor, OrderScope), AppError> {
        let (_, actor) = current_user()?;
        if actor.can(Permission::ViewWorkOrders) {
            Ok((actor, OrderScope::All))
        } else if let (true, Some(me)) = (actor.can(Permission::DoFieldWork), actor.user_id) {
            Ok((actor, OrderScope::Technician(me.0)))
        } else {
            Err(with_status(AppError::Forbidden))
        }
    }
}

#[server]
pub async fn work_orders(filter: WorkOrderFilter) -> Result<WorkOrderPage, AppError> {
    use crate::error::server::ServiceError;
    use crate::field::server::read;
    use crate::request::pool;

    let (_, scope) = context::reader()?;
    let mut conn = pool()?.acquire().await.map_err(ServiceError::from)?;
    Ok(read::list(&mut conn, scope, &filter).await?)
}

#[server]
pub async fn work_order(id: i64) -> Result<WorkOrderDetail, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::field::server::read;
    use crate::request::pool;

    let (actor, scope) = context::reader()?;
    let can = (
        actor.can(Permission::DispatchWorkOrders),
        actor.can(Permission::DoFieldWork),
    );
    let mut conn = pool()?.acquire().await.map_err(ServiceError::from)?;
    Ok(read::detail(&mut conn, scope, id, can).await?)
}

#[server]
pub async fn create_work_order(draft: NewWorkOrder) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::field::server::create;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::RequestWorkOrders)?);
    Ok(create::create(&db, &actor, draft, chrono::Utc::now()).await?)
}

#[server]
pub async fn schedule_work_order(id: i64, draft: ScheduleDraft) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::field::server::schedule;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::DispatchWorkOrders)?);
    Ok(schedule::schedule(&db, &actor, id, &draft, chrono::Utc::now()).await?)
}

/// A technician moves their own order; the desk records failures and cancels.
#[server]
pub async fn move_work_order(id: i64, request: MoveRequest) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::field::model::Mover;
    use crate::field::server::moves;
    use crate::request::{current_user, pool};

    let (_, actor) = current_user()?;
    let mover = if actor.can(Permission::DoFieldWork) {
        Mover::Technician
    } else {
        actor.require(Permission::DispatchWorkOrders)?;
        Mover::Dispatcher
    };
    let db = pool()?;
    Ok(moves::move_order(&db, &actor, mover, id, &request, chrono::Utc::now()).await?)
}

#[server]
pub async fn tick_work_order_item(id: i64, item: String, ticked: bool) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::field::server::proof;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::DoFieldWork)?);
    Ok(proof::tick(&db, &actor, id, &item, ticked, chrono::Utc::now()).await?)
}

#[server]
pub async fn save_work_order_notes(id: i64, notes: String) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::field::server::proof;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::DoFieldWork)?);
    Ok(proof::save_notes(&db, &actor, id, &notes, chrono::Utc::now()).await?)
}

/// Text evidence: the ONT serial or an RX power reading.
#[server]
pub async fn add_work_order_evidence(
    id: i64,
    kind: EvidenceKind,
    value: String,
) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::field::server::proof;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::DoFieldWork)?);
    Ok(proof::add_text(&db, &actor, id, kind, &value, chrono::Utc::now()).await?)
}

/// The ODP port an installation connects: the desk plans it, or the technician on site
/// picks another when the planned one turns out broken.
#[server]
pub async fn set_work_order_port(id: i64, odp_id: i64, port: i32) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::field::server::proof;
    use crate::request::{current_user, pool};

    let (_, actor) = current_user()?;
    let worker_only = !actor.can(Permission::DispatchWorkOrders);
    if worker_only {
        actor.require(Permission::DoFieldWork)?;
    }
    let db = pool()?;
    let now = chrono::Utc::now();
    Ok(proof::set_port(&db, &actor, id, (odp_id, port), worker_only, now).await?)
}

#[server]
pub async fn technician_options() -> Result<Vec<TechnicianOption>, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::field::server::technicians;
    use crate::request::{authorize, pool};

    authorize(Permission::ViewWorkOrders)?;
    let mut conn = pool()?.acquire().await.map_err(ServiceError::from)?;
    Ok(technicians::options(&mut conn).await?)
}

#[server]
pub async fn work_order_templates() -> Result<Vec<WorkOrderTemplate>, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::field::server::templates;
    use crate::request::{authorize, pool};

    authorize(Permission::ManageFieldSettings)?;
    let mut conn = pool()?.acquire().await.map_err(ServiceError::from)?;
    Ok(templates::all(&mut conn).await?)
}

#[server]
pub async fn save_work_order_template(template: WorkOrderTemplate) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::field::server::templates;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageFieldSettings)?);
    Ok(templates::save(&db, &actor, &template).await?)
}

#[server]
pub async fn technician_profiles() -> Result<Vec<TechnicianProfile>, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::field::server::technicians;
    use crate::request::{authorize, pool};

    authorize(Permission::ManageFieldSettings)?;
    let mut conn = pool()?.acquire().await.map_err(ServiceError::from)?;
    Ok(technicians::profiles(&mut conn).await?)
}

#[server]
pub async fn save_technician_profile(draft: TechnicianDraft) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::field::server::technicians;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageFieldSettings)?);
    Ok(technicians::save(&db, &actor, &draft).await?)
}

/// The signed-in technician's orders for today and tomorrow, in appointment order.
#[server]
pub async fn my_work_orders() -> Result<Vec<WorkOrderRow>, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::field::server::read;
    use crate::request::{authorize, pool};

    let actor = authorize(Permission::DoFieldWork)?;
    let me = actor.user_id.ok_or(AppError::Unauthorized)?;
    let mut conn = pool()?.acquire().await.map_err(ServiceError::from)?;
    Ok(read::technician_day(&mut conn, me.0, chrono::Utc::now()).await?)
}
