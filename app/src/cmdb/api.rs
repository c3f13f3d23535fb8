//! Server functions for the CMDB.

use crate::cmdb::model::csv::{ImportOutcome, ImportPreview};
use crate::cmdb::model::graph::Neighbourhood;
use crate::cmdb::model::map::{MapFilter, NetworkMap};
use crate::cmdb::model::ports::{Coverage, NearbyOdp, PortAssignment, PortGrid};
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

/// What fails with a CI, with the shown lines' sessions; it names customers, so it also
/// takes seeing customers.
#[server]
pub async fn ci_impact(id: i64) -> Result<Impact, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::impact;
    use crate::error::server::ServiceError;
    use crate::request::{app_context, authorize};

    let (ctx, _) = (app_context()?, authorize(Permission::ViewNetwork)?);
    authorize(Permission::ViewCustomers)?;
    let mut conn = ctx.pool.acquire().await.map_err(ServiceError::from)?;
    let mut found = impact::impact(&mut conn, id).await?;
    drop(conn);
    impact::add_sessions(&ctx, &mut found).await?;
    Ok(found)
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

/// The CIs within `up` relations above a CI and `down` below it (1 to 5 each), with their
/// health and open incidents, for the CMDB graph.
#[server]
pub async fn ci_graph(id: i64, up: u8, down: u8) -> Result<Neighbourhood, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::graph;
    use crate::request::{app_context, authorize};

    let (ctx, _) = (app_context()?, authorize(Permission::ViewNetwork)?);
    Ok(graph::neighbourhood(&ctx.pool, &ctx.secrets, &ctx.routers, id, up, down).await?)
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

/// The ports of a CI and the lines on them; it names customers, so it also takes seeing
/// customers. None when the CI's class has no ports.
#[server]
pub async fn ci_ports(id: i64) -> Result<Option<PortGrid>, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::ports;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    authorize(Permission::ViewCustomers)?;
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(ports::grid(&mut conn, id).await?)
}

/// Places a line on an ODP port (moving it from its old port); answers the new feed.
#[server]
pub async fn assign_line_to_port(assignment: PortAssignment) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::ports;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManagePlant)?);
    Ok(ports::assign_line(&db, &actor, assignment).await?)
}

#[server]
pub async fn set_port_broken(id: i64, port: i32, broken: bool) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::ports;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManagePlant)?);
    Ok(ports::set_broken(&db, &actor, id, port, broken).await?)
}

/// The nearest ODPs with a free port around a point, for staff signing up a lead.
#[server]
pub async fn nearest_free_odps(latitude: f64, longitude: f64) -> Result<Vec<NearbyOdp>, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::model::ports::{NEAREST_RADIUS_M, NEAREST_SHOWN};
    use crate::cmdb::server::ports;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewNetwork)?);
    let point = crate::cmdb::model::ports::checked_point(latitude, longitude).ok_or_else(|| {
        crate::error::FieldErrors::single("point", crate::i18n::Msg::ValCoveragePoint)
    })?;
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(ports::nearest_free(&mut conn, point, NEAREST_RADIUS_M, NEAREST_SHOWN).await?)
}

/// The public coverage check: whether a free ODP port is within a drop cable's reach of
/// the point typed or pasted, and roughly how far. Open to anyone; it shows no plant
/// codes and nothing about other customers.
#[server]
pub async fn check_coverage(point: String) -> Result<Coverage, AppError> {
    use crate::cmdb::model::ports::{parse_point, public_distance, COVERAGE_RADIUS_M};
    use crate::cmdb::server::ports;
    use crate::error::server::ServiceError;
    use crate::request::app_context;

    let ctx = app_context()?;
    let point = parse_point(&point).ok_or_else(|| {
        crate::error::FieldErrors::single("point", crate::i18n::Msg::ValCoveragePoint)
    })?;
    let mut conn = ctx.pool.acquire().await.map_err(ServiceError::from)?;
    let nearest = ports::nearest_free(&mut conn, point, COVERAGE_RADIUS_M, 1).await?;
    Ok(Coverage {
        covered: !nearest.is_empty(),
        distance_m: nearest.first().map(|odp| public_distance(odp.distance_m)),
        isp_name: ctx.isp.name.clone(),
        isp_contact: ctx.isp.contact.clone(),
    })
}

/// The network map: placed CIs of the chosen layers with their colours, the cables, the
/// routers to narrow it to, and the background the operator configured.
#[server]
pub async fn plant_map(filter: MapFilter) -> Result<NetworkMap, AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::map::{self, MapContext};
    use crate::request::{app_context, authorize};

    let (ctx, actor) = (app_context()?, authorize(Permission::ViewNetwork)?);
    let map_ctx = MapContext {
        db: &ctx.pool,
        secrets: &ctx.secrets,
        hub: &ctx.routers,
        basemap: ctx.basemap.clone(),
        can_move: actor.can(Permission::ManagePlant),
    };
    Ok(map::network_map(map_ctx, &filter).await?)
}

/// Moves a CI to where its marker was dropped on the map (audited).
#[server]
pub async fn move_ci(id: i64, latitude: f64, longitude: f64) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::cmdb::server::map;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManagePlant)?);
    Ok(map::move_ci(&db, &actor, id, latitude, longitude).await?)
}
