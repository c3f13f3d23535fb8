//! The billing run at scale: generates active lines and times one run for one billing day
//! (every line due, invoices issued, numbers taken, ledger posted), then times customer
//! search (code, name, phone, PPPoE user name) over the same customers.
//!
//! ```text
//! cargo bench -p server --bench billing -- --subscriptions 100000 [--date 2027-01-01]
//!     [--runs 20] [--database-url postgres://postgres@127.0.0.1:5432/simpul_bench_billing]
//!     [--fresh] [--explain]
//! ```
//! The database is created and migrated when missing and filled up to `--subscriptions`
//! lines (reused later; `--fresh` starts over). Billing is cleared before the timed run, so
//! every run bills every line. The last line printed is
//! `billing run: <lines> lines, <invoices> invoices, <seconds> s`; figures and plans are in
//! docs/PERFORMANCE.md.

mod support;

use support::{median, prepare_database, BoxError, Flags};

use app::billing::server::run::{self, RunMode};
use app::customers::model::CustomerFilter;
use app::customers::server::repo as customers;
use app::request::Actor;
use chrono::{Months, NaiveDate};
use sqlx::PgPool;
use std::time::Instant;

const FIRST_NAMES: [&str; 16] = [
    "Sari", "Budi", "Dewi", "Agus", "Rina", "Joko", "Putri", "Eko", "Wati", "Made", "Yohana",
    "Ahmad", "Siti", "Rudi", "Nur", "Fajar",
];
const LAST_NAMES: [&str; 12] = [
    "Lestari", "Hartono", "Saputra", "Wijaya", "Kusuma", "Pratama", "Sitompul", "Nasution",
    "Siregar", "Gunawan", "Santoso", "Halim",
];

struct Args {
    subscriptions: i64,
    date: NaiveDate,
    runs: usize,
    database_url: String,
    fresh: bool,
    explain: bool,
}

fn args() -> Args {
    let flags = Flags::from_env();
    Args {
        subscriptions: flags.value("subscriptions").unwrap_or(100_000),
        date: flags
            .value("date")
            .unwrap_or(NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date")),
        runs: flags.value("runs").unwrap_or(20),
        database_url: flags.database_url("simpul_bench_billing"),
        fresh: flags.has("fresh"),
        explain: flags.has("explain"),
    }
}

/// Customers with one active PPPoE line each on three routers and three plans. Billing
/// starts on the first of the month before `date` (one full postpaid month due on `date`);
/// one line in ten started mid-month (prorated), one customer in twenty is prepaid with its
/// anniversary spread over the month. The ISP is a PKP, so every invoice carries PPN.
async fn generate(pool: &PgPool, target: i64, date: NaiveDate) -> Result<(), BoxError> {
    let have: i64 = sqlx::query_scalar("SELECT count(*) FROM subscriptions")
        .fetch_one(pool)
        .await?;
    if have >= target {
        println!("reusing {have} lines");
        return Ok(());
    }
    if have > 0 {
        return Err(
            format!("database holds {have} lines, fewer than {target}: use --fresh").into(),
        );
    }
    let started = Instant::now();
    let month = date - Months::new(1);
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL session_replication_role = replica")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO nas (name, host, api_kind, port, username, password_sealed, provisioning)
         SELECT 'NAS Bench ' || i, '10.0.0.' || i, 'binary', 8728, 'bench', '\\x00', false
         FROM generate_series(1, 3) i",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO plans (name, connection_type, profile_name, download_kbps, upload_kbps,
                            price_rupiah, price_includes_tax)
         VALUES ('Bench 10', 'pppoe', 'bench-10', 10000, 5000, 166500, true),
                ('Bench 20', 'pppoe', 'bench-20', 20000, 10000, 222000, true),
                ('Bench 50', 'pppoe', 'bench-50', 50000, 25000, 500000, false)",
    )
    .execute(&mut *tx)
    .await?;
    let first_names = format!("{{{}}}", FIRST_NAMES.join(","));
    let last_names = format!("{{{}}}", LAST_NAMES.join(","));
    sqlx::query(
        "INSERT INTO customers (full_name, phone, address, status, category, billing_mode, created_at)
         SELECT ($2::text[])[1 + i % 16] || ' ' || ($3::text[])[1 + (i / 16) % 12] || ' ' || i,
                '+62812' || lpad(i::text, 8, '0'),
                'Jl. Bench No. ' || i || ', Jakarta', 'active',
                CASE WHEN i % 10 = 0 THEN 'business' ELSE 'residential' END,
                CASE WHEN i % 20 = 0 THEN 'prepaid' END,
                now() - (i || ' minutes')::interval
         FROM generate_series(1, $1) i",
    )
    .bind(target)
    .bind(first_names)
    .bind(last_names)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO subscriptions (customer_id, plan_id, nas_id, connection_type, username,
                                    password_sealed, status, start_date, billing_starts_on,
                                    provision_state)
         SELECT c.id,
                (SELECT id FROM plans ORDER BY id OFFSET (c.id % 3) LIMIT 1),
                (SELECT id FROM nas ORDER BY id OFFSET (c.id % 3) LIMIT 1),
                'pppoe', lower(split_part(c.full_name, ' ', 1)) || c.id, '\\x00', 'active',
                $1::date + (CASE WHEN c.id % 10 = 0 OR c.billing_mode = 'prepaid'
                                 THEN (c.id % 28)::int ELSE 0 END),
                $1::date + (CASE WHEN c.id % 10 = 0 OR c.billing_mode = 'prepaid'
                                 THEN (c.id % 28)::int ELSE 0 END),
                'applied'
         FROM customers c",
    )
    .bind(month)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE billing_settings SET is_pkp = true, auto_issue = true")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(pool).await?;
    println!(
        "generated {target} customers and lines in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Forgets every invoice, payment and run, so the timed run bills every line again.
async fn clear_billing(pool: &PgPool) -> Result<(), BoxError> {
    sqlx::query(
        "TRUNCATE ledger_allocations, ledger_entries, credit_notes, payments, billing_charges,
                  billing_isolations, invoice_lines, invoices, billing_runs, document_counters",
    )
    .execute(pool)
    .await?;
    sqlx::query("VACUUM ANALYZE subscriptions")
        .execute(pool)
        .await?;
    Ok(())
}

async fn time_search(
    pool: &PgPool,
    runs: usize,
    label: &str,
    text: &str,
) -> Result<String, BoxError> {
    let filter = CustomerFilter {
        search: text.into(),
        ..CustomerFilter::default()
    };
    let mut conn = pool.acquire().await?;
    let mut samples = Vec::with_capacity(runs);
    let mut found = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let page = customers::list(&mut conn, &filter, None, 25).await?;
        samples.push(started.elapsed());
        found = page.items.len();
    }
    let p50 = median(samples.clone());
    let max = samples.iter().max().copied().unwrap_or_default();
    Ok(format!(
        "| customer search: {label} `{text}` | {found} | {:.1} | {:.1} |",
        p50.as_secs_f64() * 1000.0,
        max.as_secs_f64() * 1000.0
    ))
}

/// The plans of the customer search: the shape the list runs now (ids from both trigram
/// indexes, then sorted) and the one it replaced (walk the list in order and test each row),
/// for the record in PERFORMANCE.md.
async fn explain_search(pool: &PgPool, text: &str) -> Result<(), BoxError> {
    for (label, sql) in [
        (
            "now: matching ids first",
            "EXPLAIN (ANALYZE, COSTS OFF)
             WITH hits AS (
                 SELECT c.id FROM customers c
                 WHERE lower(c.code || ' ' || c.full_name || ' ' || c.phone) LIKE '%' || $1 || '%'
                 UNION
                 SELECT s.customer_id FROM subscriptions s WHERE lower(s.username) LIKE '%' || $1 || '%')
             SELECT c.id FROM hits JOIN customers c ON c.id = hits.id
             ORDER BY c.created_at DESC, c.id DESC LIMIT 26",
        ),
        (
            "before: the list walked in order",
            "EXPLAIN (ANALYZE, COSTS OFF)
             SELECT c.id FROM customers c
             WHERE lower(c.code || ' ' || c.full_name || ' ' || c.phone) LIKE '%' || $1 || '%'
                OR c.phone LIKE '%' || $1 || '%'
                OR EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id
                           AND lower(s.username) LIKE '%' || $1 || '%')
             ORDER BY c.created_at DESC, c.id DESC LIMIT 26",
        ),
    ] {
        let plan: Vec<String> = sqlx::query_scalar(sql).bind(text).fetch_all(pool).await?;
        println!("\nsearch {text:?}, {label}:\n{}", plan.join("\n"));
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let a = args();
    let pool = prepare_database(&a.database_url, a.fresh).await?;
    generate(&pool, a.subscriptions, a.date).await?;

    let mut table = vec![
        "| measure | rows | median ms | max ms |".to_owned(),
        "|---|---|---|---|".to_owned(),
    ];
    // Customer `probe` as the generator named it (ids follow the series).
    let probe = (a.subscriptions / 2).max(1);
    let first = FIRST_NAMES[(probe % 16) as usize].to_lowercase();
    let last = LAST_NAMES[((probe / 16) % 12) as usize];
    for (label, text) in [
        ("code", format!("{:05}", probe % 100_000)),
        ("name (many match)", "Yohana Sitompul".to_owned()),
        ("phone", format!("0812{:08}", probe)),
        ("PPPoE user", format!("{first}{probe}")),
        ("name (one matches)", format!("{last} {probe}")),
        ("no match", "zzzz".to_owned()),
    ] {
        table.push(time_search(&pool, a.runs, label, &text).await?);
    }
    println!("{}", table.join("\n"));
    if a.explain {
        explain_search(&pool, &format!("{first}{probe}")).await?;
    }

    clear_billing(&pool).await?;
    let started = Instant::now();
    let report = run::run(&pool, &Actor::system(), a.date, RunMode::Issue).await?;
    let seconds = started.elapsed().as_secs_f64();
    let (invoices, total): (i64, i64) = sqlx::query_as(
        "SELECT count(*), COALESCE(sum(total), 0)::bigint FROM invoices WHERE status <> 'draft'",
    )
    .fetch_one(&pool)
    .await?;
    assert_eq!(invoices, report.invoices, "every invoice made was issued");
    println!(
        "issued {invoices} invoices worth {}",
        app::format::rupiah(total)
    );
    println!(
        "billing run: {} lines, {} invoices, {seconds:.2} s",
        report.lines, report.invoices
    );
    Ok(())
}
