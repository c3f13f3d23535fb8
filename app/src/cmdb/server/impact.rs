//! Impact analysis: what fails below a CI, the lines and customers among it, and the way
//! up from a CI to the routers and uplinks it hangs off.

use std::collections::HashMap;

use sqlx::PgConnection;

use crate::cmdb::model::{AffectedLine, ClassCount, ConfigItemId, Impact, PathStep, RelationKind};
use crate::cmdb::server::{repo, topology};
use crate::error::server::{ServiceError, ServiceResult};

/// How many affected lines the answer lists (the counts cover all of them).
pub const LINES_SHOWN: i64 = 500;

/// Every line that fails with CI `id` (its own too, when `id` is a line's premise),
/// terminated lines left out: what a mass outage on the CI attaches.
pub async fn affected_lines(conn: &mut PgConnection, id: i64) -> ServiceResult<Vec<i64>> {
    let topology = topology::current(&mut *conn).await?;
    let lines: Vec<i64> = topology
        .graph
        .affected(id)
        .iter()
        .filter_map(|ci| topology.nodes.get(ci)?.subscription_id)
        .collect();
    Ok(sqlx::query_scalar!(
        "SELECT id FROM subscriptions WHERE id = ANY($1) AND status <> 'terminated' ORDER BY id",
        &lines
    )
    .fetch_all(conn)
    .await?)
}

/// Everything that fails when CI `id` fails.
pub async fn impact(conn: &mut PgConnection, id: i64) -> ServiceResult<Impact> {
    repo::get(&mut *conn, id).await?;
    // The walk and the failure rules run over the plant's graph in memory; the database
    // answers only for the failed lines (their customers and open tickets change all day).
    let topology = topology::current(&mut *conn).await?;
    let mut failed = topology.graph.affected(id);
    failed.remove(&id);
    let kept_up = topology.graph.below(id).len() as i64 - 1 - failed.len() as i64;
    let mut per_class: HashMap<&str, i64> = HashMap::new();
    let mut premise_of: HashMap<i64, i64> = HashMap::new();
    for ci in &failed {
        let Some(node) = topology.nodes.get(ci) else {
            continue;
        };
        *per_class.entry(node.class.as_str()).or_default() += 1;
        if let Some(line) = node.subscription_id {
            premise_of.insert(line, *ci);
        }
    }
    let by_class = repo::classes(&mut *conn)
        .await?
        .into_iter()
        .filter_map(|class| {
            let count = *per_class.get(class.code.as_str())?;
            Some(ClassCount {
                class: class.code,
                name: class.name,
                count,
            })
        })
        .collect();
    let line_ids: Vec<i64> = premise_of.keys().copied().collect();

    // One statement looks the failed lines up once and answers the totals, the open
    // tickets and the first lines (business customers first).
    let summary = sqlx::query!(
        r#"WITH lines AS MATERIALIZED (
               SELECT s.id AS subscription_id, s.customer_id,
                      cu.full_name AS customer_name, cu.category = 'business' AS business,
                      s.username, s.status AS line_status
               FROM unnest($1::bigint[]) AS u(id) JOIN subscriptions s ON s.id = u.id
               JOIN customers cu ON cu.id = s.customer_id
               WHERE s.status <> 'terminated'
           ),
           open AS MATERIALIZED (
               SELECT t.customer_id, count(*) AS n FROM tickets t
               WHERE t.customer_id IN (SELECT customer_id FROM lines)
                 AND t.status NOT IN ('resolved', 'closed', 'cancelled')
               GROUP BY t.customer_id
           )
           SELECT
               (SELECT count(*) FROM lines) AS "lines!",
               (SELECT count(DISTINCT customer_id) FROM lines) AS "customers!",
               (SELECT count(DISTINCT customer_id) FROM lines WHERE business) AS "business!",
               (SELECT COALESCE(sum(n), 0)::bigint FROM open) AS "tickets!",
               (SELECT COALESCE(json_agg(l), '[]')
                FROM (SELECT lines.*, COALESCE(o.n, 0) AS open_tickets
                      FROM lines LEFT JOIN open o USING (customer_id)
                      ORDER BY business DESC, customer_name, subscription_id
                      LIMIT $2) l) AS "first_lines!""#,
        &line_ids,
        LINES_SHOWN
    )
    .fetch_one(&mut *conn)
    .await?;
    let lines = serde_json::from_value::<Vec<LineRow>>(summary.first_lines)
        .map_err(|e| ServiceError::Internal(format!("impact lines: {e}")))?
        .into_iter()
        .map(|r| AffectedLine {
            subscription_id: r.subscription_id,
            premise: ConfigItemId(
                premise_of
                    .get(&r.subscription_id)
                    .copied()
                    .unwrap_or_default(),
            ),
            customer_id: r.customer_id,
            customer_name: r.customer_name,
            business: r.business,
            username: r.username,
            line_status: r.line_status,
            open_tickets: r.open_tickets,
            online: None,
        })
        .collect();
    Ok(Impact {
        by_class,
        failed_cis: failed.len() as i64,
        kept_up,
        lines,
        line_count: summary.lines,
        customers: summary.customers,
        business_customers: summary.business,
        open_tickets: summary.tickets,
    })
}

/// Marks each shown line online or offline from its router's sessions (lines of routers
/// that do not answer stay unknown).
pub async fn add_sessions(
    ctx: &crate::request::AppContext,
    found: &mut Impact,
) -> ServiceResult<()> {
    let ids: Vec<i64> = found.lines.iter().map(|l| l.subscription_id).collect();
    let online = crate::subscriptions::server::session::online_lines(
        &ctx.pool,
        &ctx.secrets,
        &ctx.routers,
        &ids,
    )
    .await?;
    for line in &mut found.lines {
        line.online = online.get(&line.subscription_id).copied();
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct LineRow {
    subscription_id: i64,
    customer_id: i64,
    customer_name: String,
    business: bool,
    username: String,
    line_status: String,
    open_tickets: i64,
}

/// The way up from CI `id`: every CI it hangs off, nearest first (ci_relations_up_idx).
/// Dependency cycles end at the depth limit and each CI is listed once, at its nearest.
pub async fn path_up(conn: &mut PgConnection, id: i64) -> ServiceResult<Vec<PathStep>> {
    repo::get(&mut *conn, id).await?;
    let rows = sqlx::query!(
        r#"WITH RECURSIVE up(id, depth, below, kind, from_port, to_port) AS (
               SELECT r.upstream_id, 1, r.downstream_id, r.kind, r.from_port, r.to_port
               FROM ci_relations r WHERE r.downstream_id = $1
               UNION
               SELECT r.upstream_id, up.depth + 1, r.downstream_id, r.kind, r.from_port, r.to_port
               FROM ci_relations r JOIN up ON r.downstream_id = up.id
               WHERE up.depth < 30
           ),
           nearest AS (
               SELECT DISTINCT ON (id) id, depth, below, kind, from_port, to_port
               FROM up WHERE id <> $1 ORDER BY id, depth
           )
           SELECT n.depth AS "depth!", n.below AS "below!", n.kind AS "kind!",
                  n.from_port, n.to_port,
                  c.id, c.class, c.code, c.name, c.lifecycle
           FROM nearest n JOIN cis c ON c.id = n.id
           ORDER BY n.depth, lower(c.code)"#,
        id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PathStep {
            depth: r.depth,
            ci: repo::ci_ref(r.id, r.class, r.code, r.name, &r.lifecycle),
            kind: RelationKind::parse(&r.kind).unwrap_or_default(),
            below: ConfigItemId(r.below),
            from_port: r.from_port,
            to_port: r.to_port,
        })
        .collect())
}

/// Per-class counts keyed by class code (for tests and the graph's summary).
pub fn counts(impact: &Impact) -> HashMap<&str, i64> {
    impact
        .by_class
        .iter()
        .map(|c| (c.class.as_str(), c.count))
        .collect()
}
