//! Service desk at scale: generates a large ticket history and times the list, search and
//! board queries exactly as the server functions run them.
//!
//! ```text
//! cargo bench -p server --bench service_desk -- --tickets 1000000 [--runs 30] [--explain]
//!     [--database-url postgres://postgres@127.0.0.1:5432/simpul_bench] [--fresh]
//! ```
//! The database is created and migrated when missing and filled up to `--tickets` (reused
//! on later runs; `--fresh` starts over). Results go to stdout as a Markdown table; the
//! figures and plans are recorded in docs/PERFORMANCE.md.

mod support;

use support::{prepare_database, Flags};

use app::format::TimeZone;
use app::tickets::model::{AssigneeFilter, SlaState, TicketFilter, TicketSort};
use app::tickets::server::query::{self, Viewer};
use app::tickets::server::TicketScope;
use sqlx::{PgPool, Row};
use std::time::{Duration, Instant};

struct Args {
    tickets: i64,
    runs: usize,
    database_url: String,
    fresh: bool,
    explain: bool,
}

fn args() -> Args {
    let flags = Flags::from_env();
    Args {
        tickets: flags.value("tickets").unwrap_or(1_000_000),
        runs: flags.value("runs").unwrap_or(30),
        database_url: flags.database_url("simpul_bench"),
        fresh: flags.has("fresh"),
        explain: flags.has("explain"),
    }
}

/// Bulk-loads tickets with plain SQL (triggers off, the search document computed inline, as
/// the trigger would): 5 % open, of which exactly 2,000 in "Bench group 1".
async fn generate(pool: &PgPool, target: i64) -> Result<(), Box<dyn std::error::Error>> {
    let have: i64 = sqlx::query_scalar("SELECT count(*) FROM tickets")
        .fetch_one(pool)
        .await?;
    if have >= target {
        println!("reusing {have} tickets");
        return Ok(());
    }
    if have > 0 {
        return Err(
            format!("database holds {have} tickets, fewer than {target}: use --fresh").into(),
        );
    }
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL session_replication_role = replica")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO users (username, email, full_name, password_hash, roles)
         SELECT 'bench' || i, 'bench' || i || '@bench.test', 'Agen Bench ' || i, 'x', '{agent}'
         FROM generate_series(1, 200) i",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO support_groups (name) SELECT 'Bench group ' || i FROM generate_series(1, 20) i")
        .execute(&mut *tx)
        .await?;
    // Group i has bench users 10(i-1)+1 … 10i.
    sqlx::query(
        "INSERT INTO support_group_members (group_id, user_id)
         SELECT g.id, u.id FROM support_groups g JOIN users u
           ON u.username LIKE 'bench%'
          AND (substring(u.username FROM 6)::int - 1) / 10 + 1 = substring(g.name FROM 13)::int
         WHERE g.name LIKE 'Bench group %'",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO ticket_categories (name, group_id)
         SELECT 'Bench kategori ' || i, (SELECT min(id) FROM support_groups WHERE name LIKE 'Bench%') + (i % 20)
         FROM generate_series(1, 30) i",
    )
    .execute(&mut *tx)
    .await?;
    let inserted = sqlx::query(GENERATE_TICKETS)
        .bind(target)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO ticket_comments (ticket_id, author_id, visibility, body, created_at)
         SELECT id, assignee_id, 'internal', comment_text(number), created_at + interval '1 hour'
         FROM tickets WHERE comment_count = 1",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("SELECT setval('ticket_number_incident', $1), setval('ticket_number_request', $1)")
        .bind(target)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(pool).await?;
    println!(
        "generated {} tickets in {:.1} s",
        inserted.rows_affected(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The tickets, one statement (`$1` = how many); `comment_text` is created beforehand.
const GENERATE_TICKETS: &str = r#"
WITH ids AS (
  SELECT (SELECT min(id) FROM users WHERE username LIKE 'bench%') AS first_user,
         (SELECT min(id) FROM support_groups WHERE name LIKE 'Bench%') AS first_group,
         (SELECT min(id) FROM ticket_categories WHERE name LIKE 'Bench%') AS first_category
), rows AS (
  SELECT g,
         g % 20 = 0 AS open,
         g / 20 AS k,
         (ARRAY['Internet','Koneksi','Wifi','ONT','Router','Kabel','Fiber','PPPoE','Modem','Sinyal',
                'Jaringan','Layanan','Speed','Ping','Akses'])[1 + g % 15] || ' ' ||
         (ARRAY['mati','lambat','putus','hilang','lemot','down','merah','berkedip','terputus','gagal',
                'error','timeout','drop','loss','rusak','padam','lag'])[1 + (g / 15) % 17] || ' di ' ||
         (ARRAY['Cibubur','Depok','Bekasi','Bogor','Tangerang','Ciputat','Cilandak','Kemang','Tebet',
                'Cawang','Pasar Minggu','Ciledug','Serpong','Karawaci','Cikarang','Cileungsi','Sentul',
                'Parung','Pamulang','Cinere','Sawangan','Jatiasih','Pondok Gede','Kalideres',
                'Cengkareng','Grogol','Kebayoran','Menteng','Senen','Kelapa Gading'])[1 + (g / 255) % 30]
           AS title,
         'Pelanggan melaporkan gangguan sejak ' || (g % 24) || '.00, ODP ' || (g % 997) ||
         ' port ' || (g % 16) || '. Sudah restart perangkat.' AS description,
         (g * 7) % 9 AS iu
  FROM generate_series(1, $1::bigint) AS g
), shaped AS (
  SELECT r.*, i.*,
         1 + r.iu / 3 AS impact, 1 + r.iu % 3 AS urgency,
         CASE WHEN NOT r.open THEN (ARRAY['closed','closed','closed','resolved','cancelled'])[1 + r.g % 5]
              ELSE (ARRAY['new','assigned','in_progress','pending_customer','pending_third_party'])[1 + r.k % 5]
         END AS status,
         CASE WHEN NOT r.open THEN 1 + (r.g / 7) % 20
              WHEN r.k < 2000 THEN 0 ELSE 1 + r.k % 19 END AS group_index
  FROM rows r, ids i
)
INSERT INTO tickets (kind, number, title, description, status, impact, urgency, priority,
                     category_id, group_id, assignee_id, tags, comment_count, sla_state,
                     sla_due_at, created_at, updated_at, resolved_at, closed_at, search_vector)
SELECT CASE WHEN g % 7 = 0 THEN 'request' ELSE 'incident' END, g, title, description, status,
       impact, urgency,
       (SELECT priority FROM priority_matrix m WHERE m.impact = s.impact AND m.urgency = s.urgency),
       first_category + g % 30,
       first_group + group_index,
       CASE WHEN status = 'new' THEN NULL ELSE first_user + group_index * 10 + g % 10 END,
       CASE WHEN g % 11 = 0 THEN ARRAY['fiber'] ELSE '{}' END,
       CASE WHEN g % 3 = 0 THEN 1 ELSE 0 END,
       CASE WHEN NOT open THEN 'met'
            WHEN status LIKE 'pending%' THEN 'paused'
            ELSE (ARRAY['running','running','warning','breached'])[1 + k % 4] END,
       CASE WHEN open AND status NOT LIKE 'pending%'
            THEN now() + ((k % 200) - 50) * interval '1 hour' END,
       now() - ($1 - g) * interval '30 seconds',
       now() - ($1 - g) * interval '30 seconds' + (g % 300) * interval '1 minute',
       CASE WHEN status IN ('resolved','closed') THEN now() - ($1 - g) * interval '30 seconds' + interval '5 hours' END,
       CASE WHEN status IN ('closed','cancelled') THEN now() - ($1 - g) * interval '30 seconds' + interval '3 days' END,
       setweight(to_tsvector('simple', g::text), 'A')
         || setweight(to_tsvector('simple', title), 'A')
         || setweight(to_tsvector('simple', description), 'B')
         || setweight(to_tsvector('simple', CASE WHEN g % 3 = 0 THEN comment_text(g) ELSE '' END), 'C')
FROM shaped s
"#;

const COMMENT_FUNCTION: &str = r#"
CREATE OR REPLACE FUNCTION comment_text(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['Redaman tinggi di ODP','Teknisi dijadwalkan besok','Pelanggan belum bisa dihubungi',
                'Ganti patchcord','Reset PPPoE berhasil','Menunggu vendor backbone',
                'Splitter diganti','Kabel drop tertekuk'])[1 + n % 8] || ' #' || (n % 1000)
$$"#;

/// Runs one measured query; yields how many rows it returned.
type Runner = Box<dyn Fn(PgPool) -> std::pin::Pin<Box<dyn std::future::Future<Output = usize>>>>;

struct Case {
    name: &'static str,
    run: Runner,
    explain: Option<sqlx::QueryBuilder<sqlx::Postgres>>,
}

fn list_case(
    name: &'static str,
    viewer: Viewer,
    filter: TicketFilter,
    sort: TicketSort,
    cursor: Option<String>,
) -> Case {
    let explain = query::list_query(
        "EXPLAIN (ANALYZE, BUFFERS) ",
        TicketScope::All,
        viewer,
        &filter,
        sort,
        cursor.as_deref(),
        50,
    );
    Case {
        name,
        explain: Some(explain),
        run: Box::new(move |pool| {
            let (filter, cursor) = (filter.clone(), cursor.clone());
            Box::pin(async move {
                query::list(
                    &pool,
                    TicketScope::All,
                    viewer,
                    &filter,
                    sort,
                    cursor.as_deref(),
                    50,
                )
                .await
                .expect("list")
                .items
                .len()
            })
        }),
    }
}

async fn group_one(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT id FROM support_groups WHERE name = 'Bench group 1'")
        .fetch_one(pool)
        .await
        .expect("bench group")
}

fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| ms(samples[((samples.len() - 1) as f64 * q).round() as usize]);
    (
        p(0.5),
        p(0.95),
        ms(*samples.last().unwrap_or(&Duration::ZERO)),
    )
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args();
    let pool = prepare_database(&a.database_url, a.fresh).await?;
    sqlx::query(COMMENT_FUNCTION).execute(&pool).await?;
    generate(&pool, a.tickets).await?;
    let _ = sqlx::query("DROP FUNCTION IF EXISTS comment_text(bigint)")
        .execute(&pool)
        .await;

    let viewer_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'bench1'")
        .fetch_one(&pool)
        .await?;
    let viewer = Viewer {
        user_id: viewer_id,
        time_zone: TimeZone::AsiaJakarta,
        now: chrono::Utc::now(),
    };
    let group = group_one(&pool).await;
    let open_in_group = TicketFilter {
        open_only: true,
        group_id: Some(group),
        ..Default::default()
    };
    let first = query::list(
        &pool,
        TicketScope::All,
        viewer,
        &open_in_group,
        TicketSort::Priority,
        None,
        50,
    )
    .await?;
    let text = |t: &str| TicketFilter {
        text: Some(t.into()),
        ..Default::default()
    };
    let mut cases = vec![
        list_case(
            "list: all tickets, last changed first",
            viewer,
            TicketFilter::default(),
            TicketSort::Updated,
            None,
        ),
        list_case(
            "list: open in one group, by priority",
            viewer,
            open_in_group.clone(),
            TicketSort::Priority,
            None,
        ),
        list_case(
            "list: same, page 2 (keyset)",
            viewer,
            open_in_group.clone(),
            TicketSort::Priority,
            first.next_cursor.clone(),
        ),
        list_case(
            "list: my open tickets, by priority",
            viewer,
            TicketFilter {
                open_only: true,
                assignee: AssigneeFilter::Me,
                ..Default::default()
            },
            TicketSort::Priority,
            None,
        ),
        list_case(
            "list: breached, nearest deadline first",
            viewer,
            TicketFilter {
                sla_state: Some(SlaState::Breached),
                ..Default::default()
            },
            TicketSort::SlaDue,
            None,
        ),
        list_case(
            "list: unassigned in my groups, by priority",
            viewer,
            TicketFilter {
                open_only: true,
                my_groups: true,
                assignee: AssigneeFilter::Unassigned,
                ..Default::default()
            },
            TicketSort::Priority,
            None,
        ),
        list_case(
            "search: \"fiber putus cibubur\", ranked",
            viewer,
            text("fiber putus cibubur"),
            TicketSort::Relevance,
            None,
        ),
        list_case(
            "search: common word \"internet\", ranked",
            viewer,
            text("internet"),
            TicketSort::Relevance,
            None,
        ),
        list_case(
            "search: partial number \"12345\"",
            viewer,
            text("12345"),
            TicketSort::Relevance,
            None,
        ),
        list_case(
            "search: comment text \"patchcord\", newest",
            viewer,
            text("patchcord"),
            TicketSort::Updated,
            None,
        ),
    ];
    let board_filter = TicketFilter {
        group_id: Some(group),
        ..Default::default()
    };
    let board_explain = query::board_query(
        "EXPLAIN (ANALYZE, BUFFERS) ",
        TicketScope::All,
        viewer,
        &board_filter,
    );
    cases.push(Case {
        name: "board: group with 2,000 open tickets",
        explain: Some(board_explain),
        run: Box::new(move |pool| {
            let f = board_filter.clone();
            Box::pin(async move {
                let board = query::board(&pool, TicketScope::All, viewer, &f)
                    .await
                    .expect("board");
                board.lanes.iter().map(|l| l.tickets.len()).sum()
            })
        }),
    });

    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM tickets")
        .fetch_one(&pool)
        .await?;
    println!(
        "\n{total} tickets, {} runs each (after 3 warm-up runs); milliseconds\n",
        a.runs
    );
    println!("| query | rows | median | p95 | max |");
    println!("|---|---:|---:|---:|---:|");
    for case in &mut cases {
        let mut rows = 0;
        for _ in 0..3 {
            rows = (case.run)(pool.clone()).await;
        }
        let mut samples = Vec::with_capacity(a.runs);
        for _ in 0..a.runs {
            let t = Instant::now();
            rows = (case.run)(pool.clone()).await;
            samples.push(t.elapsed());
        }
        let (median, p95, max) = stats(samples);
        println!(
            "| {} | {rows} | {median:.1} | {p95:.1} | {max:.1} |",
            case.name
        );
    }
    if a.explain {
        for case in &mut cases {
            if let Some(qb) = case.explain.as_mut() {
                println!("\n### {}\n```", case.name);
                let plan = qb.build().fetch_all(&pool).await?;
                for line in plan {
                    let text: String = line.try_get(0)?;
                    println!("{text}");
                }
                println!("```");
            }
        }
    }
    Ok(())
}
