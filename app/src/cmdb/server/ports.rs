//! Ports: the grid of one CI, placing a line on an ODP port (moving it from the port it
//! had), recording a port as broken or repaired, and the nearest ODPs with a free port.
//!
//! A line reaches its ODP port through its ONT when the plant records one (ODP port →
//! ONT → premise), else straight (ODP port → premise). ODPs are the class `odp` of the
//! core classes the migration ships: the one class lines are placed on.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::audit::server::AuditEvent;
use crate::cmdb::model::ports::{NearbyOdp, Port, PortAssignment, PortGrid, PortLine};
use crate::cmdb::model::{Ci, RelationDraft, RelationKind};
use crate::cmdb::server::{relations, repo};
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::request::Actor;

/// The class lines are placed on.
pub const ODP_CLASS: &str = "odp";

/// Metres per degree of latitude (and of longitude at the equator).
const METRES_PER_DEGREE: f64 = 111_320.0;

/// How many ports the CI has, from the attribute its class names (None: not a CI with
/// ports).
async fn capacity(conn: &mut PgConnection, ci: &Ci) -> ServiceResult<Option<i32>> {
    let Some(class) = repo::class(&mut *conn, &ci.class).await? else {
        return Ok(None);
    };
    Ok(class.ports_key.map(|key| {
        ci.attributes
            .iter()
            .find(|v| v.key == key)
            .and_then(|v| v.value.parse::<i32>().ok())
            .unwrap_or(0)
    }))
}

/// Every port of CI `id` with what it feeds and the line behind it; None when the CI's
/// class has no ports.
pub async fn grid(conn: &mut PgConnection, id: i64) -> ServiceResult<Option<PortGrid>> {
    let ci = repo::get(&mut *conn, id).await?;
    let Some(capacity) = capacity(&mut *conn, &ci).await? else {
        return Ok(None);
    };
    // The line behind a port: the fed CI's own line, or the line of the premise it feeds
    // (an ONT).
    let used = sqlx::query!(
        r#"SELECT r.id, r.from_port AS "port!", d.id AS d_id, d.class, d.code, d.name,
                  d.lifecycle, s.id AS "subscription_id?", s.username AS "username?",
                  cu.full_name AS "customer_name?", s.status AS "line_status?"
           FROM ci_relations r
           JOIN cis d ON d.id = r.to_ci
           LEFT JOIN subscriptions s ON s.id = COALESCE(d.subscription_id, (
               SELECT p.subscription_id FROM ci_relations f JOIN cis p ON p.id = f.to_ci
               WHERE f.from_ci = d.id AND f.kind = 'feeds' AND p.subscription_id IS NOT NULL
               ORDER BY p.id LIMIT 1))
           LEFT JOIN customers cu ON cu.id = s.customer_id
           WHERE r.from_ci = $1 AND r.kind = 'feeds' AND r.from_port IS NOT NULL
           ORDER BY r.from_port"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let broken: Vec<i32> = sqlx::query_scalar!(
        "SELECT port FROM ci_broken_ports WHERE ci_id = $1 ORDER BY port",
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let last = used
        .iter()
        .map(|u| u.port)
        .chain(broken.iter().copied())
        .fold(capacity, i32::max);
    let mut ports: Vec<Port> = (1..=last)
        .map(|number| Port {
            number,
            broken: broken.contains(&number),
            relation_id: None,
            downstream: None,
            line: None,
            beyond_capacity: number > capacity,
        })
        .collect();
    for u in used {
        let Some(port) = ports.get_mut((u.port - 1) as usize) else {
            continue;
        };
        port.relation_id = Some(u.id);
        port.downstream = Some(repo::ci_ref(u.d_id, u.class, u.code, u.name, &u.lifecycle));
        port.line = match (u.subscription_id, u.username) {
            (Some(subscription_id), Some(username)) => Some(PortLine {
                subscription_id,
                username,
                customer_name: u.customer_name.unwrap_or_default(),
                line_status: u.line_status.unwrap_or_default(),
            }),
            _ => None,
        };
    }
    // Ports beyond the capacity only stay in the grid while something uses them.
    ports.retain(|p| !p.beyond_capacity || p.relation_id.is_some() || p.broken);
    Ok(Some(PortGrid {
        capacity,
        ports,
        takes_lines: ci.class == ODP_CLASS,
    }))
}

#[derive(Serialize)]
struct BrokenAudit {
    port: i32,
}

/// Places a line on an ODP port, releasing the ODP port it had. Answers the new feed.
pub async fn assign_line(
    db: &PgPool,
    actor: &Actor,
    assignment: PortAssignment,
) -> ServiceResult<i64> {
    let (port, line) = assignment.check()?;
    let mut tx = db.begin().await?;
    let id = place_line_in(&mut tx, actor, assignment.odp, port, &line).await?;
    tx.commit().await?;
    Ok(id)
}

/// `assign_line` inside the caller's transaction (an installation finished on site places
/// its line in the same transaction that activates it). `line` is a user name or premise
/// code.
pub async fn place_line_in(
    tx: &mut PgConnection,
    actor: &Actor,
    odp: i64,
    port: i32,
    line: &str,
) -> ServiceResult<i64> {
    // One plant write at a time, so two agents cannot both see a port free.
    repo::lock_plant(&mut *tx).await?;
    let class = sqlx::query_scalar!("SELECT class FROM cis WHERE id = $1 FOR UPDATE", odp)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if class != ODP_CLASS {
        return Err(AppError::Conflict(Msg::CiPortsNotForLines).into());
    }
    let found = sqlx::query!(
        r#"SELECT p.id AS premise, s.status
           FROM subscriptions s JOIN cis p ON p.subscription_id = s.id
           WHERE lower(s.username) = lower($1) OR lower(p.code) = lower($1)
           ORDER BY s.id LIMIT 1"#,
        line
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| FieldErrors::single("line", Msg::ValCiLineUnknown))?;
    if found.status == "terminated" {
        return Err(FieldErrors::single("line", Msg::ValCiLineTerminated).into());
    }
    // The CI the ODP port feeds: the line's ONT when there is one, else the premise.
    let entry = sqlx::query_scalar!(
        r#"SELECT f.from_ci FROM ci_relations f JOIN cis o ON o.id = f.from_ci
           WHERE f.to_ci = $1 AND f.kind = 'feeds' AND o.class = 'ont'
           ORDER BY f.id LIMIT 1"#,
        found.premise
    )
    .fetch_optional(&mut *tx)
    .await?
    .unwrap_or(found.premise);
    let current = sqlx::query!(
        r#"SELECT r.id, r.from_ci, r.from_port FROM ci_relations r JOIN cis o ON o.id = r.from_ci
           WHERE r.to_ci = $1 AND r.kind = 'feeds' AND o.class = 'odp'
           FOR UPDATE OF r"#,
        entry
    )
    .fetch_all(&mut *tx)
    .await?;
    if let [only] = current.as_slice() {
        if only.from_ci == odp && only.from_port == Some(port) {
            return Ok(only.id);
        }
    }
    for old in &current {
        relations::remove_in(&mut *tx, actor, old.id).await?;
    }
    let draft = RelationDraft {
        kind: RelationKind::Feeds,
        from_ci: odp,
        to_ci: entry,
        from_port: port.to_string(),
        ..RelationDraft::default()
    };
    relations::add_in(&mut *tx, actor, draft).await
}

/// Records port `port` of CI `id` as broken (no line can be placed on it) or repaired.
/// A port in use is not marked broken: its line is moved first.
pub async fn set_broken(
    db: &PgPool,
    actor: &Actor,
    id: i64,
    port: i32,
    broken: bool,
) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    repo::lock_plant(&mut tx).await?;
    sqlx::query!("SELECT id FROM cis WHERE id = $1 FOR UPDATE", id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let ci = repo::get(&mut tx, id).await?;
    let capacity = capacity(&mut tx, &ci)
        .await?
        .ok_or(AppError::Conflict(Msg::CiHasNoPorts))?;
    if !(1..=capacity).contains(&port) {
        return Err(FieldErrors::single("from_port", Msg::ValCiPortBeyondCapacity).into());
    }
    let changed = if broken {
        let in_use: bool = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM ci_relations
                              WHERE from_ci = $1 AND kind = 'feeds' AND from_port = $2) AS "x!""#,
            id,
            port
        )
        .fetch_one(&mut *tx)
        .await?;
        if in_use {
            return Err(AppError::Conflict(Msg::CiPortInUse).into());
        }
        sqlx::query!(
            "INSERT INTO ci_broken_ports (ci_id, port) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            id,
            port
        )
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query!(
            "DELETE FROM ci_broken_ports WHERE ci_id = $1 AND port = $2",
            id,
            port
        )
        .execute(&mut *tx)
        .await?
        .rows_affected()
    };
    if changed > 0 {
        let action = if broken {
            "ci.port_broken"
        } else {
            "ci.port_repaired"
        };
        AuditEvent::new(action, "ci", id)
            .after(&BrokenAudit { port })
            .write(&mut tx, actor)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The nearest ODPs (installed or active) with a free port within `radius_m` of a point,
/// nearest first. A box around the point narrows the ODPs before the great-circle
/// distance is measured.
pub async fn nearest_free(
    conn: &mut PgConnection,
    (lat, lng): (f64, f64),
    radius_m: f64,
    limit: i64,
) -> ServiceResult<Vec<NearbyOdp>> {
    let d_lat = radius_m / METRES_PER_DEGREE;
    let d_lng = radius_m / (METRES_PER_DEGREE * lat.to_radians().cos().max(0.01));
    let rows = sqlx::query!(
        r#"WITH odp AS (
               SELECT c.id, c.class, c.code, c.name, c.lifecycle, c.latitude, c.longitude,
                      CASE WHEN c.attributes->>'capacity' ~ '^[0-9]{1,4}$'
                           THEN (c.attributes->>'capacity')::int ELSE 0 END AS capacity,
                      2 * 6371008.8 * asin(sqrt(
                          power(sin(radians(c.latitude - $1) / 2), 2)
                          + cos(radians($1)) * cos(radians(c.latitude))
                            * power(sin(radians(c.longitude - $2) / 2), 2))) AS distance
               FROM cis c
               WHERE c.class = 'odp' AND c.lifecycle IN ('installed', 'active')
                 AND c.latitude BETWEEN $1 - $3 AND $1 + $3
                 AND c.longitude BETWEEN $2 - $4 AND $2 + $4
           ),
           counted AS (
               SELECT odp.*, odp.capacity - (
                   SELECT count(*) FROM (
                       SELECT r.from_port FROM ci_relations r
                       WHERE r.from_ci = odp.id AND r.kind = 'feeds'
                         AND r.from_port BETWEEN 1 AND odp.capacity
                       UNION
                       SELECT b.port FROM ci_broken_ports b
                       WHERE b.ci_id = odp.id AND b.port <= odp.capacity) taken
               )::int AS free
               FROM odp WHERE odp.distance <= $5
           )
           SELECT id AS "id!", class AS "class!", code AS "code!", name AS "name!",
                  lifecycle AS "lifecycle!", latitude AS "latitude!", longitude AS "longitude!",
                  capacity AS "capacity!", distance AS "distance!", free AS "free!"
           FROM counted WHERE free > 0 ORDER BY distance, id LIMIT $6"#,
        lat,
        lng,
        d_lat,
        d_lng,
        radius_m,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| NearbyOdp {
            ci: repo::ci_ref(r.id, r.class, r.code, r.name, &r.lifecycle),
            distance_m: r.distance,
            capacity: r.capacity,
            free_ports: r.free,
            latitude: r.latitude,
            longitude: r.longitude,
        })
        .collect())
}
