//! Impact analysis: what fails below a CI, the lines and customers among it, and the way
//! up from a CI to the routers and uplinks it hangs off.

use std::collections::{HashMap, HashSet};

use sqlx::PgConnection;

use crate::cmdb::model::attributes::Label;
use crate::cmdb::model::{AffectedLine, ClassCount, ConfigItemId, Impact, PathStep, RelationKind};
use crate::cmdb::server::outage::{affected, Backup, Edge};
use crate::cmdb::server::repo;
use crate::error::server::ServiceResult;

/// How many affected lines the answer lists (the counts cover all of them).
pub const LINES_SHOWN: i64 = 500;

/// Everything that fails when CI `id` fails.
pub async fn impact(conn: &mut PgConnection, id: i64) -> ServiceResult<Impact> {
    repo::get(&mut *conn, id).await?;
    // One walk down ci_relations_down_idx (UNION drops what was reached before, so cycles
    // end), answering the supplies of everything reached (a second feed from outside the
    // set included) and the backups of everything reached, through the index back up.
    let rows = sqlx::query!(
        r#"WITH RECURSIVE down(id) AS (
               SELECT $1::bigint
               UNION
               SELECT r.downstream_id FROM ci_relations r JOIN down ON r.upstream_id = down.id
           )
           SELECT r.upstream_id AS "upstream!", r.downstream_id AS "downstream!",
                  r.kind = 'feeds' AS "feed!", false AS "backup!"
           FROM down JOIN ci_relations r ON r.downstream_id = down.id
           UNION ALL
           SELECT r.from_ci, r.to_ci, false, true
           FROM down JOIN ci_relations r ON r.to_ci = down.id AND r.kind = 'backup_of'"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut edges = Vec::with_capacity(rows.len());
    let mut backups = Vec::new();
    let mut reachable = HashSet::from([id]);
    for r in rows {
        if r.backup {
            backups.push(Backup {
                backup: r.upstream,
                primary: r.downstream,
            });
        } else {
            reachable.insert(r.downstream);
            edges.push(Edge {
                upstream: r.upstream,
                downstream: r.downstream,
                feed: r.feed,
            });
        }
    }
    let failed: Vec<i64> = affected(id, &edges, &backups)
        .into_iter()
        .filter(|ci| *ci != id)
        .collect();
    let kept_up = reachable.len() as i64 - 1 - failed.len() as i64;

    let by_class = sqlx::query!(
        r#"SELECT k.code, k.name_id, k.name_en, count(*) AS "count!"
           FROM unnest($1::bigint[]) AS f(id) JOIN cis c ON c.id = f.id
           JOIN ci_classes k ON k.code = c.class
           GROUP BY k.code, k.name_id, k.name_en, k.position
           ORDER BY k.position"#,
        &failed
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| ClassCount {
        class: r.code,
        name: Label {
            id: r.name_id,
            en: r.name_en,
        },
        count: r.count,
    })
    .collect();

    let totals = sqlx::query!(
        r#"WITH lines AS (
               SELECT s.customer_id, cu.category
               FROM unnest($1::bigint[]) AS f(id) JOIN cis p ON p.id = f.id
               JOIN subscriptions s ON s.id = p.subscription_id
               JOIN customers cu ON cu.id = s.customer_id
               WHERE s.status <> 'terminated'
           )
           SELECT (SELECT count(*) FROM lines) AS "lines!",
                  (SELECT count(DISTINCT customer_id) FROM lines) AS "customers!",
                  (SELECT count(DISTINCT customer_id) FROM lines WHERE category = 'business')
                      AS "business!",
                  (SELECT count(*) FROM tickets t
                   WHERE t.customer_id IN (SELECT customer_id FROM lines)
                     AND t.status NOT IN ('resolved', 'closed', 'cancelled')) AS "tickets!""#,
        &failed
    )
    .fetch_one(&mut *conn)
    .await?;

    let lines = sqlx::query!(
        r#"SELECT s.id, p.id AS premise, s.customer_id, cu.full_name, cu.category, s.username,
                  s.status,
                  (SELECT count(*) FROM tickets t
                   WHERE t.customer_id = s.customer_id
                     AND t.status NOT IN ('resolved', 'closed', 'cancelled')) AS "open_tickets!"
           FROM unnest($1::bigint[]) AS f(id) JOIN cis p ON p.id = f.id
           JOIN subscriptions s ON s.id = p.subscription_id
           JOIN customers cu ON cu.id = s.customer_id
           WHERE s.status <> 'terminated'
           ORDER BY cu.category = 'business' DESC, cu.full_name, s.id
           LIMIT $2"#,
        &failed,
        LINES_SHOWN
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| AffectedLine {
        subscription_id: r.id,
        premise: ConfigItemId(r.premise),
        customer_id: r.customer_id,
        customer_name: r.full_name,
        business: r.category == "business",
        username: r.username,
        line_status: r.status,
        open_tickets: r.open_tickets,
    })
    .collect();

    Ok(Impact {
        by_class,
        failed_cis: failed.len() as i64,
        kept_up,
        lines,
        line_count: totals.lines,
        customers: totals.customers,
        business_customers: totals.business,
        open_tickets: totals.tickets,
    })
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
