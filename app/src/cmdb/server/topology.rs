//! The plant's relations in memory, for impact analysis. Walking a router's 30,000 CIs in
//! SQL costs 50 ms before anything is counted; the same walk over a graph in memory takes
//! a few. The graph is reloaded when `cmdb_topology.version` moved (a statement trigger
//! bumps it on every change to relations, and to which CIs exist with which class and
//! line), read in one snapshot with the relations, so a cached graph is never older than
//! the version it carries. Several servers on one database each keep their own copy and
//! see the same version row.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use sqlx::{Connection, PgConnection};

use crate::cmdb::server::outage::{Backup, Edge, Graph};
use crate::error::server::ServiceResult;

/// What the walk needs to know of a CI.
#[derive(Debug, Clone)]
pub struct Node {
    pub class: String,
    pub subscription_id: Option<i64>,
}

#[derive(Debug)]
pub struct Topology {
    pub version: i64,
    pub graph: Graph,
    pub nodes: HashMap<i64, Node>,
}

/// Cached graphs by database name and token (tests run many databases in one process; a
/// copied database keeps its token but not its name).
type Cache = Mutex<HashMap<(String, i64), Arc<Topology>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// How many databases' graphs one process keeps; a server has one, a test run many.
const DATABASES_KEPT: usize = 4;

/// The current graph of the plant, from the cache when it is still current.
pub async fn current(conn: &mut PgConnection) -> ServiceResult<Arc<Topology>> {
    let (database, token, version): (String, i64, i64) =
        sqlx::query_as("SELECT current_database()::text, token, version FROM cmdb_topology")
            .fetch_one(&mut *conn)
            .await?;
    let key = (database, token);
    if let Some(hit) = lookup(&key, version) {
        return Ok(hit);
    }
    let loaded = Arc::new(load(conn).await?);
    let mut cached = cache().lock().unwrap_or_else(|e| e.into_inner());
    if cached.len() >= DATABASES_KEPT && !cached.contains_key(&key) {
        cached.clear();
    }
    // Two requests may load at once; the newer version wins.
    let keep = cached
        .get(&key)
        .is_none_or(|old| old.version <= loaded.version);
    if keep {
        cached.insert(key, loaded.clone());
    }
    Ok(loaded)
}

fn lookup(key: &(String, i64), version: i64) -> Option<Arc<Topology>> {
    let cached = cache().lock().unwrap_or_else(|e| e.into_inner());
    cached.get(key).filter(|t| t.version == version).cloned()
}

/// Reads the version, the relations and the CIs in one snapshot.
async fn load(conn: &mut PgConnection) -> ServiceResult<Topology> {
    let mut tx = conn.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let version: i64 = sqlx::query_scalar!(r#"SELECT version AS "v!" FROM cmdb_topology"#)
        .fetch_one(&mut *tx)
        .await?;
    let relations = sqlx::query!(
        r#"SELECT from_ci, to_ci, upstream_id, downstream_id, kind FROM ci_relations"#
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut edges = Vec::with_capacity(relations.len());
    let mut backups = Vec::new();
    for r in relations {
        match (r.upstream_id, r.downstream_id) {
            (Some(upstream), Some(downstream)) => edges.push(Edge {
                upstream,
                downstream,
                feed: r.kind == "feeds",
            }),
            _ => backups.push(Backup {
                backup: r.from_ci,
                primary: r.to_ci,
            }),
        }
    }
    let nodes = sqlx::query!("SELECT id, class, subscription_id FROM cis")
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| {
            let node = Node {
                class: r.class,
                subscription_id: r.subscription_id,
            };
            (r.id, node)
        })
        .collect();
    tx.commit().await?;
    Ok(Topology {
        version,
        graph: Graph::new(&edges, &backups),
        nodes,
    })
}
