//! The network map's data: the placed CIs of the chosen layers (one router's plant or all,
//! the box in view once the plant is too big for one answer), each coloured by what it
//! is (an ODP by its port occupancy, a premise by its line's state, the rest by whether
//! the plant above it is down), the cables between them, and moving a point (audited).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::audit::server::AuditEvent;
use crate::cmdb::model::map::{
    Basemap, MapCable, MapFilter, MapLayer, MapPoint, MapRouter, NetworkMap, Occupancy, PointState,
    PremiseState, MAX_MAP_POINTS,
};
use crate::cmdb::model::ports::checked_point;
use crate::cmdb::server::graph::cut_off_by_down_routers;
use crate::cmdb::server::topology;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::nas::server::hub::RouterHub;
use crate::request::Actor;
use crate::secrets::SecretBox;
use crate::subscriptions::server::session::online_lines;

/// How many CIs without a place a cable may pass through between two drawn points
/// (OLT → PON port → splitter → ODC is two).
const MAX_HIDDEN_HOPS: usize = 6;

/// What the map page needs besides the plant: the background and who may move points.
pub struct MapContext<'a> {
    pub db: &'a PgPool,
    pub secrets: &'a SecretBox,
    pub hub: &'a RouterHub,
    pub basemap: Basemap,
    pub can_move: bool,
}

struct Row {
    id: i64,
    class: String,
    code: String,
    name: String,
    latitude: f64,
    longitude: f64,
    capacity: i32,
    line_status: Option<String>,
    subscription_id: Option<i64>,
}

pub async fn network_map(ctx: MapContext<'_>, filter: &MapFilter) -> ServiceResult<NetworkMap> {
    if filter.bounds.is_some_and(|b| !b.is_valid()) {
        return Err(FieldErrors::single("bounds", Msg::ValMapBounds).into());
    }
    let mut conn = ctx.db.acquire().await?;
    let scope = match filter.nas_id {
        None => None,
        Some(nas_id) => Some(router_plant(&mut conn, nas_id).await?),
    };
    let classes: Vec<String> = MapLayer::ALL
        .into_iter()
        .filter(|l| filter.shows(*l))
        .filter_map(|l| l.class().map(str::to_owned))
        .collect();
    let (rows, truncated) = placed(&mut conn, &classes, scope.as_deref(), filter).await?;
    let unplaced = unplaced(&mut conn, &classes, scope.as_deref()).await?;
    let taken = taken_ports(&mut conn, &rows).await?;
    let cut_off = cut_off_by_down_routers(&mut conn).await?;
    let cables = if filter.shows(MapLayer::Cables) {
        cables(&mut conn, &rows).await?
    } else {
        Vec::new()
    };
    let routers = sqlx::query_as!(
        MapRouter,
        "SELECT id AS nas_id, name FROM nas WHERE active ORDER BY lower(name), id"
    )
    .fetch_all(&mut *conn)
    .await?;
    drop(conn);
    // Routers are asked without holding a connection; only working lines have sessions.
    let working: Vec<i64> = rows
        .iter()
        .filter(|r| r.line_status.as_deref() == Some("active") && !cut_off.contains(&r.id))
        .filter_map(|r| r.subscription_id)
        .collect();
    let online = online_lines(ctx.db, ctx.secrets, ctx.hub, &working).await?;
    let points = rows
        .into_iter()
        .filter_map(|r| {
            let layer = MapLayer::of_class(&r.class)?;
            let state = match layer {
                MapLayer::Odps => {
                    let taken = taken.get(&r.id).copied().unwrap_or(0);
                    PointState::Odp {
                        taken,
                        capacity: r.capacity,
                        occupancy: Occupancy::of(taken, r.capacity),
                    }
                }
                MapLayer::Premises => PointState::Premise(PremiseState::of(
                    r.line_status.as_deref().unwrap_or_default(),
                    cut_off.contains(&r.id),
                    r.subscription_id.and_then(|s| online.get(&s).copied()),
                )),
                _ => PointState::Plant {
                    down: cut_off.contains(&r.id),
                },
            };
            Some(MapPoint {
                id: r.id,
                layer,
                code: r.code,
                name: r.name,
                latitude: r.latitude,
                longitude: r.longitude,
                state,
            })
        })
        .collect();
    Ok(NetworkMap {
        points,
        cables,
        truncated,
        unplaced,
        routers,
        basemap: ctx.basemap,
        can_move: ctx.can_move,
    })
}

/// Every CI of a router's plant: the router and everything below it.
async fn router_plant(conn: &mut PgConnection, nas_id: i64) -> ServiceResult<Vec<i64>> {
    let Some(router) = sqlx::query_scalar!("SELECT id FROM cis WHERE nas_id = $1", nas_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Err(FieldErrors::single("nas_id", Msg::ValMapRouter).into());
    };
    let plant = topology::current(conn).await?;
    let mut ids: Vec<i64> = plant.graph.below(router).into_iter().collect();
    ids.sort_unstable();
    Ok(ids)
}

/// The placed, working CIs of `classes`: the plant first (few, and what the map is
/// read by), then premises, up to MAX_MAP_POINTS.
async fn placed(
    conn: &mut PgConnection,
    classes: &[String],
    scope: Option<&[i64]>,
    filter: &MapFilter,
) -> ServiceResult<(Vec<Row>, bool)> {
    let b = filter.bounds;
    let mut rows = sqlx::query!(
        r#"SELECT c.id, c.class, c.code, c.name,
                  c.latitude AS "latitude!", c.longitude AS "longitude!",
                  CASE WHEN c.attributes->>'capacity' ~ '^[0-9]{1,4}$'
                       THEN (c.attributes->>'capacity')::int ELSE 0 END AS "capacity!",
                  s.status AS "line_status?", c.subscription_id
           FROM cis c LEFT JOIN subscriptions s ON s.id = c.subscription_id
           WHERE c.class = ANY($1) AND c.lifecycle <> 'retired' AND c.latitude IS NOT NULL
             AND ($2::bigint[] IS NULL OR c.id = ANY($2))
             AND ($3::float8 IS NULL OR (c.latitude BETWEEN $3 AND $5
                                         AND c.longitude BETWEEN $4 AND $6))
           ORDER BY c.class = 'premise', c.id
           LIMIT $7"#,
        classes,
        scope as Option<&[i64]>,
        b.map(|b| b.south),
        b.map(|b| b.west),
        b.map(|b| b.north),
        b.map(|b| b.east),
        MAX_MAP_POINTS as i64 + 1,
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| Row {
        id: r.id,
        class: r.class,
        code: r.code,
        name: r.name,
        latitude: r.latitude,
        longitude: r.longitude,
        capacity: r.capacity,
        line_status: r.line_status,
        subscription_id: r.subscription_id,
    })
    .collect::<Vec<_>>();
    let truncated = rows.len() > MAX_MAP_POINTS;
    rows.truncate(MAX_MAP_POINTS);
    Ok((rows, truncated))
}

async fn unplaced(
    conn: &mut PgConnection,
    classes: &[String],
    scope: Option<&[i64]>,
) -> ServiceResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM cis c
           WHERE c.class = ANY($1) AND c.lifecycle <> 'retired' AND c.latitude IS NULL
             AND ($2::bigint[] IS NULL OR c.id = ANY($2))"#,
        classes,
        scope as Option<&[i64]>,
    )
    .fetch_one(conn)
    .await?)
}

/// Ports in use or broken on each shown ODP, within its capacity (a feed recorded on a
/// port past it does not make the ODP fuller than full).
async fn taken_ports(conn: &mut PgConnection, rows: &[Row]) -> ServiceResult<HashMap<i64, i32>> {
    let capacity: HashMap<i64, i32> = rows
        .iter()
        .filter(|r| r.class == "odp")
        .map(|r| (r.id, r.capacity))
        .collect();
    if capacity.is_empty() {
        return Ok(HashMap::new());
    }
    let odps: Vec<i64> = capacity.keys().copied().collect();
    let ports = sqlx::query!(
        r#"SELECT from_ci AS "ci!", from_port AS "port!" FROM ci_relations
           WHERE kind = 'feeds' AND from_port IS NOT NULL AND from_ci = ANY($1)
           UNION
           SELECT ci_id, port FROM ci_broken_ports WHERE ci_id = ANY($1)"#,
        &odps
    )
    .fetch_all(conn)
    .await?;
    let mut taken = HashMap::new();
    for p in ports {
        if p.port <= capacity.get(&p.ci).copied().unwrap_or(0) {
            *taken.entry(p.ci).or_insert(0) += 1;
        }
    }
    Ok(taken)
}

/// A cable from each drawn point up to the nearest drawn point that feeds it, through CIs
/// the map does not draw (no place, or a layer switched off).
async fn cables(conn: &mut PgConnection, rows: &[Row]) -> ServiceResult<Vec<MapCable>> {
    let drawn: HashSet<i64> = rows.iter().map(|r| r.id).collect();
    let mut feeders: HashMap<i64, Vec<i64>> = HashMap::new();
    for (from, to) in sqlx::query_as::<_, (i64, i64)>(
        "SELECT from_ci, to_ci FROM ci_relations WHERE kind = 'feeds'",
    )
    .fetch_all(conn)
    .await?
    {
        feeders.entry(to).or_default().push(from);
    }
    let mut cables = HashSet::new();
    for &point in &drawn {
        let mut seen = HashSet::from([point]);
        let mut frontier = vec![point];
        for _ in 0..=MAX_HIDDEN_HOPS {
            let mut next = Vec::new();
            for ci in frontier {
                for &feeder in feeders.get(&ci).into_iter().flatten() {
                    if !seen.insert(feeder) {
                        continue;
                    }
                    if drawn.contains(&feeder) {
                        cables.insert((feeder, point));
                    } else {
                        next.push(feeder);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
    }
    let mut cables: Vec<MapCable> = cables
        .into_iter()
        .map(|(from, to)| MapCable { from, to })
        .collect();
    cables.sort_by_key(|c| (c.from, c.to));
    Ok(cables)
}

#[derive(Serialize)]
struct Place {
    latitude: Option<f64>,
    longitude: Option<f64>,
}

/// Moves a CI to a point (a marker dragged on the map), audited with where it was.
pub async fn move_ci(
    db: &PgPool,
    actor: &Actor,
    id: i64,
    latitude: f64,
    longitude: f64,
) -> ServiceResult<()> {
    let Some((latitude, longitude)) = checked_point(latitude, longitude) else {
        return Err(FieldErrors::single("point", Msg::ValCoveragePoint).into());
    };
    let mut tx = db.begin().await?;
    let Some(before) = sqlx::query_as!(
        Place,
        "SELECT latitude, longitude FROM cis WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Err(AppError::NotFound.into());
    };
    sqlx::query!(
        "UPDATE cis SET latitude = $2, longitude = $3, updated_at = now() WHERE id = $1",
        id,
        latitude,
        longitude
    )
    .execute(&mut *tx)
    .await?;
    let after = Place {
        latitude: Some(latitude),
        longitude: Some(longitude),
    };
    AuditEvent::new("ci.move", "ci", id)
        .before(&before)
        .after(&after)
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
