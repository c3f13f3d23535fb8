//! The neighbourhood of a CI for the CMDB graph: the CIs within `up` relations above it
//! and `down` below it (rings read one query each, over the upstream and downstream
//! indexes), the backups beside them, every relation among them, and each CI's health:
//! routers from the monitor, what a down router cuts off from impact analysis over the
//! whole plant, lines from their routers' sessions, and the CI's lifecycle.

use std::collections::{HashMap, HashSet};

use sqlx::{PgConnection, PgPool};

use crate::cmdb::model::attributes::Label;
use crate::cmdb::model::graph::{
    clamp_depth, GraphCi, GraphLink, Health, HealthFacts, LineState, Neighbourhood, MAX_GRAPH_CIS,
};
use crate::cmdb::model::{Lifecycle, RelationKind};
use crate::cmdb::server::topology;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::nas::server::hub::RouterHub;
use crate::secrets::SecretBox;
use crate::subscriptions::server::session::online_lines;

pub async fn neighbourhood(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    root: i64,
    up: u8,
    down: u8,
) -> ServiceResult<Neighbourhood> {
    let (up, down) = (clamp_depth(up), clamp_depth(down));
    let mut conn = db.acquire().await?;
    let reach = reach(&mut conn, root, up, down).await?;
    let lines: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT subscription_id AS "id!" FROM cis
           WHERE id = ANY($1) AND subscription_id IS NOT NULL"#,
        &reach.ids()
    )
    .fetch_all(&mut *conn)
    .await?;
    // Routers are asked without holding a connection.
    drop(conn);
    let online = online_lines(db, secrets, hub, &lines).await?;
    let mut conn = db.acquire().await?;
    describe(&mut conn, root, up, down, reach, &online).await
}

/// The CIs found and their level (negative above the root).
pub struct Reach {
    levels: HashMap<i64, i8>,
    truncated: bool,
}

impl Reach {
    fn ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.levels.keys().copied().collect();
        ids.sort_unstable();
        ids
    }
}

/// Walks up first (a few CIs), then down, ring by ring; a ring that would pass
/// MAX_GRAPH_CIS is cut to its lowest ids. Backups join beside their partners.
pub async fn reach(conn: &mut PgConnection, root: i64, up: u8, down: u8) -> ServiceResult<Reach> {
    let exists: bool = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM cis WHERE id = $1) AS "e!""#,
        root
    )
    .fetch_one(&mut *conn)
    .await?;
    if !exists {
        return Err(AppError::NotFound.into());
    }
    let mut levels = HashMap::from([(root, 0i8)]);
    let mut truncated = false;
    for (upward, depth) in [(true, up), (false, down)] {
        let mut ring = vec![root];
        for step in 1..=depth as i8 {
            if ring.is_empty() {
                break;
            }
            let mut next: Vec<i64> = if upward {
                sqlx::query_scalar!(
                    r#"SELECT DISTINCT upstream_id AS "id!" FROM ci_relations
                       WHERE downstream_id = ANY($1) AND upstream_id IS NOT NULL"#,
                    &ring
                )
                .fetch_all(&mut *conn)
                .await?
            } else {
                sqlx::query_scalar!(
                    r#"SELECT DISTINCT downstream_id AS "id!" FROM ci_relations
                       WHERE upstream_id = ANY($1) AND downstream_id IS NOT NULL"#,
                    &ring
                )
                .fetch_all(&mut *conn)
                .await?
            };
            next.retain(|id| !levels.contains_key(id));
            next.sort_unstable();
            let room = MAX_GRAPH_CIS.saturating_sub(levels.len());
            if next.len() > room {
                next.truncate(room);
                truncated = true;
            }
            let level = if upward { -step } else { step };
            for id in &next {
                levels.insert(*id, level);
            }
            ring = next;
        }
    }
    let found: Vec<i64> = levels.keys().copied().collect();
    let partners = sqlx::query!(
        r#"SELECT from_ci, to_ci FROM ci_relations
           WHERE kind = 'backup_of' AND (from_ci = ANY($1) OR to_ci = ANY($1))"#,
        &found
    )
    .fetch_all(&mut *conn)
    .await?;
    for pair in partners {
        for (have, other) in [(pair.from_ci, pair.to_ci), (pair.to_ci, pair.from_ci)] {
            if let Some(&level) = levels.get(&have) {
                if levels.len() < MAX_GRAPH_CIS {
                    levels.entry(other).or_insert(level);
                }
            }
        }
    }
    Ok(Reach { levels, truncated })
}

/// The CIs' facts, links and health.
pub async fn describe(
    conn: &mut PgConnection,
    root: i64,
    up: u8,
    down: u8,
    reach: Reach,
    online: &HashMap<i64, bool>,
) -> ServiceResult<Neighbourhood> {
    let ids = reach.ids();
    let rows = sqlx::query!(
        r#"SELECT c.id, c.class, c.code, c.name, c.lifecycle, c.subscription_id,
                  c.nas_id IS NOT NULL AS "is_router!",
                  CASE WHEN n.active THEN n.status END AS router_status,
                  (SELECT count(*) FROM tickets t
                   WHERE t.kind = 'incident' AND t.status NOT IN ('resolved', 'closed', 'cancelled')
                     AND (t.config_item_id = c.id OR t.subscription_id = c.subscription_id)
                  ) AS "open_incidents!"
           FROM cis c LEFT JOIN nas n ON n.id = c.nas_id
           WHERE c.id = ANY($1)
           ORDER BY c.id"#,
        &ids
    )
    .fetch_all(&mut *conn)
    .await?;
    let cut_off = cut_off_by_down_routers(conn).await?;
    let cis = rows
        .into_iter()
        .map(|r| {
            let lifecycle = Lifecycle::parse(&r.lifecycle).unwrap_or_default();
            let line_online = match r.subscription_id {
                None => LineState::NotALine,
                Some(line) => match online.get(&line) {
                    Some(true) => LineState::Online,
                    Some(false) => LineState::Offline,
                    None => LineState::Unknown,
                },
            };
            let facts = HealthFacts {
                lifecycle,
                is_router: r.is_router,
                router_up: match r.router_status.as_deref() {
                    Some("up") => Some(true),
                    Some("down") => Some(false),
                    _ => None,
                },
                affected: cut_off.contains(&r.id),
                line_online,
            };
            GraphCi {
                level: reach.levels.get(&r.id).copied().unwrap_or_default(),
                health: Health::of(&facts),
                id: r.id,
                class: r.class,
                code: r.code,
                name: r.name,
                lifecycle,
                open_incidents: r.open_incidents,
            }
        })
        .collect::<Vec<_>>();
    let links = sqlx::query!(
        r#"SELECT from_ci, to_ci, kind, from_port FROM ci_relations
           WHERE (upstream_id = ANY($1) AND downstream_id = ANY($1))
              OR (kind = 'backup_of' AND from_ci = ANY($1) AND to_ci = ANY($1))
           ORDER BY id"#,
        &ids
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|r| {
        Some(GraphLink {
            from: r.from_ci,
            to: r.to_ci,
            kind: RelationKind::parse(&r.kind)?,
            from_port: r.from_port,
        })
    })
    .collect();
    let classes: HashSet<&str> = cis.iter().map(|c| c.class.as_str()).collect();
    let class_names =
        sqlx::query!("SELECT code, name_id, name_en FROM ci_classes ORDER BY position")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .filter(|r| classes.contains(r.code.as_str()))
            .map(|r| {
                (
                    r.code,
                    Label {
                        id: r.name_id,
                        en: r.name_en,
                    },
                )
            })
            .collect();
    Ok(Neighbourhood {
        root,
        up,
        down,
        cis,
        links,
        class_names,
        truncated: reach.truncated,
    })
}

/// Every CI that fails with a router the monitor finds down (the routers included).
pub async fn cut_off_by_down_routers(conn: &mut PgConnection) -> ServiceResult<HashSet<i64>> {
    let down: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT c.id FROM cis c JOIN nas n ON n.id = c.nas_id
           WHERE n.active AND n.status = 'down'"#
    )
    .fetch_all(&mut *conn)
    .await?;
    if down.is_empty() {
        return Ok(HashSet::new());
    }
    let plant = topology::current(conn).await?;
    Ok(down
        .into_iter()
        .flat_map(|router| plant.graph.affected(router))
        .collect())
}
