//! Impact analysis at scale: generates a plant of `--cis` configuration items behind three
//! routers (NAS → OLT → PON port → ODC → ODP → ONT → customer premise, every premise a real
//! line of a real customer, redundant uplinks with backups, and dependency cycles between
//! some ONTs) and times what the CI page asks: everything downstream of one NAS, the way up
//! from one ONT and from one premise, and the downstream of one ODP; and the CMDB graph of
//! one OLT five levels down (2,209 CIs): reading it, and laying it out.
//!
//! ```text
//! cargo bench -p server --bench cmdb -- --cis 100000 [--runs 20] [--fresh] [--explain]
//!     [--database-url postgres://postgres@127.0.0.1:5432/simpul_bench_cmdb]
//! ```
//! The database is created and migrated when missing and filled once (reused later while
//! it holds at least `--cis` CIs; `--fresh` starts over). The last line printed is
//! `impact: <cis> cis, downstream of a NAS <rows> rows median <ms> ms`; figures and plans
//! are in docs/PERFORMANCE.md.

#[path = "cmdb_parts/graph.rs"]
mod graph_figures;
mod support;

use support::{median, ms, prepare_database, BoxError, Flags};

use app::cmdb::server::impact;
use sqlx::PgPool;
use std::time::{Duration, Instant};

/// CIs under one OLT: itself, 16 PON ports, an ODC on each, 8 ODPs per ODC, 8 ONTs per ODP
/// and a premise behind each ONT.
const PER_OLT: i64 = 1 + 16 * (1 + 1 + 8 * (1 + 8 * 2));

struct Args {
    cis: i64,
    runs: usize,
    database_url: String,
    fresh: bool,
    explain: bool,
}

fn args() -> Args {
    let flags = Flags::from_env();
    Args {
        cis: flags.value("cis").unwrap_or(100_000),
        runs: flags.value("runs").unwrap_or(20),
        database_url: flags.database_url("simpul_bench_cmdb"),
        fresh: flags.has("fresh"),
        explain: flags.has("explain"),
    }
}

/// Runs one statement of the generator.
async fn exec(tx: &mut sqlx::PgConnection, sql: &str, olts: i64) -> Result<(), BoxError> {
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
    if sql.contains("$1") {
        query = query.bind(olts);
    }
    query.execute(tx).await?;
    Ok(())
}

/// The plant, bulk-loaded with the sync triggers off (the rows they would write are
/// written here directly); the loop trigger is off too, the generated feeds form a tree.
const GENERATE: &[&str] = &[
    "INSERT INTO nas (name, host, api_kind, port, username, password_sealed, provisioning)
     SELECT 'NAS Bench ' || i, '10.0.0.' || i, 'binary', 8728, 'bench', '\\x00', false
     FROM generate_series(1, 3) i",
    "INSERT INTO cis (class, code, name, nas_id)
     SELECT 'nas', 'NAS-' || lpad(id::text, 3, '0'), name, id FROM nas",
    "INSERT INTO plans (name, connection_type, profile_name, download_kbps, upload_kbps,
                        price_rupiah, price_includes_tax)
     VALUES ('Bench 20', 'pppoe', 'bench-20', 20000, 10000, 222000, true)",
    // Every ONT's position in the tree: OLT o (on router 1 + o % 3), PON p, ODP d, ONT n.
    "CREATE TEMP TABLE bench_onts AS
     SELECT row_number() OVER (ORDER BY o, p, d, n) AS line, o, p, d, n, 1 + o % 3 AS router
     FROM generate_series(1, $1) o, generate_series(1, 16) p, generate_series(1, 8) d,
          generate_series(1, 8) n",
    "INSERT INTO cis (class, code, name, attributes)
     SELECT 'olt', 'OLT-' || o, 'OLT Bench ' || o, '{\"vendor\": \"ZTE\", \"pon_ports\": 16}'
     FROM generate_series(1, $1) o
     UNION ALL
     SELECT 'pon_port', 'OLT-' || o || '/PON-' || p, 'PON ' || p, jsonb_build_object('port_number', p)
     FROM generate_series(1, $1) o, generate_series(1, 16) p
     UNION ALL
     SELECT 'odc', 'ODC-' || o || '-' || p, 'ODC ' || o || '-' || p, '{\"capacity\": 48}'
     FROM generate_series(1, $1) o, generate_series(1, 16) p
     UNION ALL
     SELECT 'odp', 'ODP-' || o || '-' || p || '-' || d, 'ODP ' || o || '-' || p || '-' || d,
            jsonb_build_object('capacity', CASE WHEN d % 2 = 0 THEN '16' ELSE '8' END)
     FROM generate_series(1, $1) o, generate_series(1, 16) p, generate_series(1, 8) d
     UNION ALL
     SELECT 'ont', 'ONT-' || line, 'ONT ' || line,
            jsonb_build_object('serial_number', 'ZTEG' || lpad(line::text, 8, '0'))
     FROM bench_onts",
    "INSERT INTO customers (full_name, phone, address, status, category)
     SELECT 'Pelanggan Bench ' || line, '+62813' || lpad(line::text, 8, '0'),
            'Jl. Bench No. ' || line, 'active',
            CASE WHEN line % 10 = 0 THEN 'business' ELSE 'residential' END
     FROM bench_onts ORDER BY line",
    "INSERT INTO subscriptions (customer_id, plan_id, nas_id, connection_type, username,
                                password_sealed, status, start_date, provision_state)
     SELECT c.id, (SELECT min(id) FROM plans), (SELECT min(id) FROM nas) + b.router - 1,
            'pppoe', 'bench' || b.line, '\\x00', 'active', current_date, 'applied'
     FROM bench_onts b JOIN customers c ON c.phone = '+62813' || lpad(b.line::text, 8, '0')",
    "INSERT INTO cis (class, code, name, lifecycle, subscription_id)
     SELECT 'premise', 'LINE-' || lpad(s.id::text, 6, '0'), c.full_name || ' · ' || s.username,
            'active', s.id
     FROM subscriptions s JOIN customers c ON c.id = s.customer_id",
    // Two uplinks per router, the second a backup of the first.
    "INSERT INTO cis (class, code, name)
     SELECT 'link', 'UPLINK-' || n.id || '-' || k, 'Uplink ' || n.id || k
     FROM nas n, unnest(ARRAY['A', 'B']) k",
    "CREATE TEMP TABLE bench_codes AS SELECT code, id FROM cis",
    "CREATE UNIQUE INDEX ON bench_codes (code)",
    "INSERT INTO ci_relations (kind, from_ci, to_ci, from_port, to_port)
     SELECT 'feeds', up.id, down.id, NULL::int, NULL::int
     FROM nas n JOIN bench_codes up ON up.code = 'UPLINK-' || n.id || '-A'
     JOIN bench_codes down ON down.code = 'NAS-' || lpad(n.id::text, 3, '0')
     UNION ALL
     SELECT 'backup_of', b.id, a.id, NULL, NULL
     FROM nas n JOIN bench_codes a ON a.code = 'UPLINK-' || n.id || '-A'
     JOIN bench_codes b ON b.code = 'UPLINK-' || n.id || '-B'
     UNION ALL
     SELECT 'feeds', up.id, down.id, NULL, NULL
     FROM generate_series(1, $1) o
     JOIN bench_codes up ON up.code = 'NAS-' || lpad(((SELECT min(id) FROM nas) + o % 3)::text, 3, '0')
     JOIN bench_codes down ON down.code = 'OLT-' || o
     UNION ALL
     SELECT 'feeds', up.id, down.id, g.p, NULL
     FROM (SELECT o, p FROM generate_series(1, $1) o, generate_series(1, 16) p) g
     JOIN bench_codes up ON up.code = 'OLT-' || g.o
     JOIN bench_codes down ON down.code = 'OLT-' || g.o || '/PON-' || g.p
     UNION ALL
     SELECT 'feeds', up.id, down.id, NULL, 1
     FROM (SELECT o, p FROM generate_series(1, $1) o, generate_series(1, 16) p) g
     JOIN bench_codes up ON up.code = 'OLT-' || g.o || '/PON-' || g.p
     JOIN bench_codes down ON down.code = 'ODC-' || g.o || '-' || g.p
     UNION ALL
     SELECT 'feeds', up.id, down.id, g.d, NULL
     FROM (SELECT o, p, d FROM generate_series(1, $1) o, generate_series(1, 16) p,
                               generate_series(1, 8) d) g
     JOIN bench_codes up ON up.code = 'ODC-' || g.o || '-' || g.p
     JOIN bench_codes down ON down.code = 'ODP-' || g.o || '-' || g.p || '-' || g.d
     UNION ALL
     SELECT 'feeds', up.id, down.id, b.n, NULL
     FROM bench_onts b
     JOIN bench_codes up ON up.code = 'ODP-' || b.o || '-' || b.p || '-' || b.d
     JOIN bench_codes down ON down.code = 'ONT-' || b.line",
    "INSERT INTO ci_relations (kind, from_ci, to_ci)
     SELECT 'feeds', ont.id, p.id
     FROM bench_onts b JOIN bench_codes ont ON ont.code = 'ONT-' || b.line
     JOIN subscriptions s ON s.username = 'bench' || b.line
     JOIN cis p ON p.subscription_id = s.id
     UNION ALL
     SELECT 'depends_on', p.id, n.id
     FROM cis p JOIN subscriptions s ON s.id = p.subscription_id JOIN cis n ON n.nas_id = s.nas_id",
    // A dependency cycle between neighbouring ONTs every 97 lines.
    "INSERT INTO ci_relations (kind, from_ci, to_ci)
     SELECT 'depends_on', a.id, b.id
     FROM bench_onts x JOIN bench_codes a ON a.code = 'ONT-' || x.line
     JOIN bench_codes b ON b.code = 'ONT-' || (x.line + 1)
     WHERE x.line % 97 = 0 AND x.n < 8
     UNION ALL
     SELECT 'depends_on', b.id, a.id
     FROM bench_onts x JOIN bench_codes a ON a.code = 'ONT-' || x.line
     JOIN bench_codes b ON b.code = 'ONT-' || (x.line + 1)
     WHERE x.line % 97 = 0 AND x.n < 8",
];

async fn generate(pool: &PgPool, target: i64) -> Result<i64, BoxError> {
    let have: i64 = sqlx::query_scalar("SELECT count(*) FROM cis")
        .fetch_one(pool)
        .await?;
    if have >= target {
        println!("reusing {have} CIs");
        return Ok(have);
    }
    if have > 0 {
        return Err(format!("database holds {have} CIs, fewer than {target}: use --fresh").into());
    }
    let olts = ((target + PER_OLT - 1) / PER_OLT).max(1);
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL session_replication_role = replica")
        .execute(&mut *tx)
        .await?;
    for sql in GENERATE {
        exec(&mut tx, sql, olts).await?;
    }
    tx.commit().await?;
    // As autovacuum would leave it: statistics, and a visibility map for index-only scans.
    sqlx::query("VACUUM ANALYZE").execute(pool).await?;
    let made: i64 = sqlx::query_scalar("SELECT count(*) FROM cis")
        .fetch_one(pool)
        .await?;
    println!(
        "generated {made} CIs ({olts} OLTs) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(made)
}

async fn id_of(pool: &PgPool, code: &str) -> Result<i64, BoxError> {
    Ok(sqlx::query_scalar("SELECT id FROM cis WHERE code = $1")
        .bind(code)
        .fetch_one(pool)
        .await?)
}

/// Times `work` `runs` times after one warm-up; answers the median and the last result.
async fn time<T, F, Fut>(runs: usize, mut work: F) -> Result<(Duration, T), BoxError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, BoxError>>,
{
    let mut last = work().await?;
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        last = work().await?;
        samples.push(started.elapsed());
    }
    Ok((median(samples), last))
}

async fn explain(pool: &PgPool, label: &str, sql: &str, id: i64) -> Result<(), BoxError> {
    let plan: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "EXPLAIN (ANALYZE, BUFFERS) {sql}"
    )))
    .bind(id)
    .fetch_all(pool)
    .await?;
    println!("\n{label}:\n{}", plan.join("\n"));
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), BoxError> {
    let a = args();
    let pool = prepare_database(&a.database_url, a.fresh).await?;
    let cis = generate(&pool, a.cis).await?;
    let router = id_of(&pool, "NAS-001").await?;
    let ont = id_of(&pool, "ONT-4242")
        .await
        .or(id_of(&pool, "ONT-1").await)?;
    let odp = id_of(&pool, "ODP-1-1-1").await?;
    let premise: i64 = sqlx::query_scalar(
        "SELECT r.to_ci FROM ci_relations r WHERE r.from_ci = $1 AND r.kind = 'feeds'",
    )
    .bind(ont)
    .fetch_one(&pool)
    .await?;

    let (nas_time, nas_impact) = time(a.runs, || {
        let pool = pool.clone();
        async move {
            let mut conn = pool.acquire().await?;
            Ok(impact::impact(&mut conn, router).await?)
        }
    })
    .await?;
    // Right after a plant change every server reloads the graph once.
    let (reload_time, _) = time(a.runs.min(5), || {
        let pool = pool.clone();
        async move {
            let mut conn = pool.acquire().await?;
            sqlx::query("UPDATE cmdb_topology SET version = version + 1")
                .execute(&mut *conn)
                .await?;
            Ok(impact::impact(&mut conn, router).await?)
        }
    })
    .await?;
    let (ont_time, ont_path) = time(a.runs, || {
        let pool = pool.clone();
        async move {
            let mut conn = pool.acquire().await?;
            Ok(impact::path_up(&mut conn, ont).await?)
        }
    })
    .await?;
    let (premise_time, premise_path) = time(a.runs, || {
        let pool = pool.clone();
        async move {
            let mut conn = pool.acquire().await?;
            Ok(impact::path_up(&mut conn, premise).await?)
        }
    })
    .await?;
    let (odp_time, odp_impact) = time(a.runs, || {
        let pool = pool.clone();
        async move {
            let mut conn = pool.acquire().await?;
            Ok(impact::impact(&mut conn, odp).await?)
        }
    })
    .await?;

    let olt = id_of(&pool, "OLT-1").await?;
    let graph = graph_figures::measure(&pool, olt, a.runs).await?;

    if a.explain {
        explain(
            &pool,
            "downstream walk of NAS-001",
            "WITH RECURSIVE down(id) AS (SELECT $1::bigint UNION
                 SELECT r.downstream_id FROM ci_relations r JOIN down ON r.upstream_id = down.id)
             SELECT count(*) FROM down",
            router,
        )
        .await?;
    }
    println!("| measure | rows | median |");
    println!("|---|---:|---:|");
    println!(
        "| impact of NAS-001 (lines {}, customers {}) | {} | {:.1} ms |",
        nas_impact.line_count,
        nas_impact.customers,
        nas_impact.failed_cis,
        ms(nas_time)
    );
    println!(
        "| impact of NAS-001 after a plant change (graph reloaded) | {} | {:.1} ms |",
        nas_impact.failed_cis,
        ms(reload_time)
    );
    println!(
        "| impact of one ODP | {} | {:.1} ms |",
        odp_impact.failed_cis,
        ms(odp_time)
    );
    println!(
        "| path up from one ONT | {} | {:.2} ms |",
        ont_path.len(),
        ms(ont_time)
    );
    println!(
        "| path up from one premise | {} | {:.2} ms |",
        premise_path.len(),
        ms(premise_time)
    );
    println!(
        "| graph of OLT-1, 5 levels down: read from the database | {} | {:.1} ms |",
        graph.cis,
        ms(graph.read)
    );
    println!(
        "| graph of OLT-1: layout, grouped as the page opens ({} boxes) | {} | {:.2} ms |",
        graph.grouped_boxes,
        graph.cis,
        ms(graph.grouped)
    );
    println!(
        "| graph of OLT-1: layout, every group expanded ({} boxes) | {} | {:.2} ms |",
        graph.expanded_boxes,
        graph.cis,
        ms(graph.expanded)
    );
    println!(
        "impact: {cis} cis, downstream of a NAS {} rows median {:.1} ms",
        nas_impact.failed_cis,
        ms(nas_time)
    );
    Ok(())
}
