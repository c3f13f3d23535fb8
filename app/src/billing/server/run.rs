//! The billing run: the invoices due on a date for every billable line, exactly once.
//!
//! Lines are taken in chunks by id. Each chunk is one transaction that first takes a
//! transaction-level advisory lock, so runs started at once (a double click, two servers,
//! the daily job and the command line) go one after another; the later one reads the
//! invoices the earlier one wrote and finds nothing left to bill. The unique index on
//! (line, period start) is the last guard. Prices, tax and periods are worked out in Rust
//! from one read per chunk and written with a few array statements, so a run over 100,000
//! lines stays a handful of round trips per thousand lines. Issued at once, an invoice is
//! written issued (numbers taken first) rather than as a draft that is then issued.

use super::invoices::{self, DraftInvoice, DraftLine, LineKind};
use super::{collections, settings};
use crate::audit::server::AuditEvent;
use crate::billing::model::cycle::periods_due_skipping;
use crate::billing::model::proration::{period_label, prorate};
use crate::billing::model::segments::{billed_segments, first_billable_day, LineState};
use crate::billing::model::{BillingMode, DuePeriod, TaxRule};
use crate::error::server::ServiceResult;
use crate::i18n::Locale;
use crate::request::Actor;
use chrono::{Days, NaiveDate};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;

/// Lines per transaction: large enough for few round trips, small enough that progress
/// moves and locks are short.
const CHUNK: i64 = 2_000;

/// `pg_advisory_xact_lock` key shared by every billing run ("SMPLBILL").
pub(super) const RUN_LOCK: i64 = 0x534d_504c_4249_4c4c;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RunMode {
    /// Drafts for finance to check and issue.
    Preview,
    /// Issued at once.
    Issue,
}

impl RunMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RunMode::Preview => "preview",
            RunMode::Issue => "issue",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    pub run_id: i64,
    /// Billable lines looked at.
    pub lines: i64,
    pub invoices: i64,
    pub total: i64,
}

/// A billable line as one chunk read returns it.
struct Candidate {
    id: i64,
    customer_id: i64,
    plan_id: i64,
    billing_start: NaiveDate,
    mode: BillingMode,
    billing_day: u32,
    due_days: u32,
    language: Locale,
    billed_through: Option<NaiveDate>,
    last_total: Option<i64>,
}

/// A plan as its lines are billed.
struct PlanPrice {
    name: String,
    price: i64,
    includes_tax: bool,
}

/// A charge waiting for the customer's next invoice.
struct PendingCharge {
    id: i64,
    customer_id: i64,
    subscription_id: Option<i64>,
    kind: LineKind,
    description: String,
    quantity: i64,
    unit_price: i64,
    includes_tax: bool,
}

/// Bills every line due on `run_date` (drafts or issued, per `mode`), then applies late
/// fees and isolation for that date unless it lies in the future.
pub async fn run(
    db: &PgPool,
    actor: &Actor,
    run_date: NaiveDate,
    mode: RunMode,
) -> ServiceResult<RunReport> {
    let run_id = start(db, actor, run_date, mode).await?;
    execute(db, actor, run_id, run_date, mode).await
}

/// Records a run about to start (so its progress can be shown); returns its id.
pub async fn start(
    db: &PgPool,
    actor: &Actor,
    run_date: NaiveDate,
    mode: RunMode,
) -> ServiceResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO billing_runs (run_date, mode, started_by, lines_total)
           VALUES ($1, $2, $3,
                   (SELECT count(*) FROM subscriptions WHERE status IN ('active', 'isolated')))
           RETURNING id"#,
        run_date,
        mode.as_str(),
        actor.user_id.map(|u| u.0),
    )
    .fetch_one(db)
    .await?)
}

/// Carries out a started run and records how it ended.
pub async fn execute(
    db: &PgPool,
    actor: &Actor,
    run_id: i64,
    run_date: NaiveDate,
    mode: RunMode,
) -> ServiceResult<RunReport> {
    match bill_all(db, actor, run_id, run_date, mode).await {
        Ok(report) => {
            sqlx::query!(
                "UPDATE billing_runs SET state = 'done', finished_at = now() WHERE id = $1",
                run_id
            )
            .execute(db)
            .await?;
            // Collections act on what is overdue by the run's day, and only once that day
            // has come: a preview of a future billing day must not isolate anyone early.
            if run_date <= settings::today() {
                collections::collect(db, actor, run_date).await?;
            }
            Ok(report)
        }
        Err(err) => {
            let _ = sqlx::query!(
                "UPDATE billing_runs SET state = 'failed', error = $2, finished_at = now()
                 WHERE id = $1",
                run_id,
                err.to_string()
            )
            .execute(db)
            .await;
            Err(err)
        }
    }
}

async fn bill_all(
    db: &PgPool,
    actor: &Actor,
    run_id: i64,
    run_date: NaiveDate,
    mode: RunMode,
) -> ServiceResult<RunReport> {
    // Corrections of invoiced periods first, so that their charges ride on the invoices
    // this run writes; not for a preview of a day still to come.
    if run_date <= settings::today() {
        super::trueup::true_up(db, actor, run_date).await?;
    }
    let mut report = RunReport {
        run_id,
        ..RunReport::default()
    };
    let mut after = 0;
    loop {
        let mut tx = db.begin().await?;
        sqlx::query!("SELECT pg_advisory_xact_lock($1)", RUN_LOCK)
            .execute(&mut *tx)
            .await?;
        let settings = settings::load(&mut tx).await?;
        let rates = settings::tax_rates(&mut tx).await?;
        let candidates = candidates(&mut tx, after, run_date).await?;
        let Some(last) = candidates.last() else {
            break;
        };
        after = last.id;
        let customers: Vec<i64> = candidates.iter().map(|c| c.customer_id).collect();
        let mut charges = pending_charges(&mut tx, &customers).await?;
        let history = line_states(&mut tx, &candidates).await?;
        let plans = plan_prices(&mut tx, &candidates, &history).await?;
        // Drafts are issued on the run's date at the earliest, so that date picks the tax.
        let rule = settings::rule_on(settings.is_pkp, &rates, run_date);
        let mut drafts = Vec::new();
        for line in &candidates {
            // A line without history (none is kept for it yet) is what it is now.
            let now = [LineState {
                from: line.billing_start,
                plan_id: line.plan_id,
                billable: true,
            }];
            let states = history.get(&line.id).map_or(&now[..], Vec::as_slice);
            for period in periods_due_skipping(
                line.mode,
                line.billing_day,
                line.billing_start,
                line.billed_through,
                run_date,
                |day| first_billable_day(states, day, run_date),
            ) {
                let Some(mut draft) = service_draft(line, &period, states, &plans, rule, run_id)
                else {
                    continue;
                };
                attach_charges(&mut draft, &mut charges, rule);
                draft.changed = line.last_total.is_some_and(|t| t != draft_total(&draft));
                drafts.push(draft);
            }
        }
        // Issued at once: written issued in one statement (numbers taken first), so the run
        // writes each invoice once instead of a draft and then its issue.
        let issue = match (mode, drafts.is_empty()) {
            (RunMode::Issue, false) => {
                invoices::lock_customers(&mut tx, &customers).await?;
                for draft in &mut drafts {
                    // A period caught up late is issued today, its due date moved with it.
                    let late = run_date - draft.issue_date;
                    draft.issue_date = run_date;
                    draft.due_date += late;
                }
                let dates: Vec<NaiveDate> = drafts.iter().map(|d| d.issue_date).collect();
                Some(invoices::IssueAtOnce {
                    numbers: invoices::take_numbers(
                        &mut tx,
                        &settings.invoice_number_format,
                        &dates,
                    )
                    .await?,
                    issued_by: actor.user_id.map(|u| u.0),
                    seller: invoices::seller(&mut tx).await?,
                })
            }
            _ => None,
        };
        let ids = invoices::insert_service(&mut tx, &drafts, issue.as_ref()).await?;
        let written: Vec<i64> = ids.iter().flatten().copied().collect();
        let total: i64 = ids
            .iter()
            .zip(&drafts)
            .filter(|(id, _)| id.is_some())
            .map(|(_, d)| draft_total(d))
            .sum();
        if issue.is_some() {
            invoices::post_issued(&mut tx, actor, &written, &customers).await?;
        }
        sqlx::query!(
            r#"UPDATE billing_runs
               SET lines_done = lines_done + $2, invoices_created = invoices_created + $3,
                   total_amount = total_amount + $4
               WHERE id = $1"#,
            run_id,
            candidates.len() as i32,
            written.len() as i32,
            total
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        report.lines += candidates.len() as i64;
        report.invoices += written.len() as i64;
        report.total += total;
    }
    let mut conn = db.acquire().await?;
    AuditEvent::new("billing.run", "billing_run", run_id)
        .after(&serde_json::json!({
            "date": run_date.to_string(),
            "mode": mode.as_str(),
            "lines": report.lines,
            "invoices": report.invoices,
            "total": report.total,
        }))
        .write(&mut conn, actor)
        .await?;
    Ok(report)
}

fn draft_total(draft: &DraftInvoice) -> i64 {
    draft.lines.iter().map(|l| l.split.total).sum()
}

async fn candidates(
    conn: &mut PgConnection,
    after: i64,
    run_date: NaiveDate,
) -> ServiceResult<Vec<Candidate>> {
    let rows = sqlx::query!(
        r#"SELECT s.id, s.customer_id, s.plan_id,
                  COALESCE(s.billing_starts_on, s.start_date) AS "billing_start!",
                  COALESCE(c.billing_mode, b.billing_mode) AS "mode!",
                  COALESCE(c.billing_day, b.billing_day) AS "billing_day!",
                  COALESCE(c.due_days, b.due_days) AS "due_days!",
                  c.document_language, last.period_end AS "billed_through?",
                  last.total AS "last_total?"
           FROM subscriptions s
           JOIN customers c ON c.id = s.customer_id
           CROSS JOIN billing_settings b
           LEFT JOIN LATERAL (
               SELECT i.period_end, i.total FROM invoices i
               WHERE i.subscription_id = s.id AND i.kind = 'service'
               ORDER BY i.period_start DESC LIMIT 1) last ON true
           WHERE s.id > $1
             -- charged now, or stopped after its last billed day (its last days are due)
             AND (s.status IN ('active', 'isolated')
                  OR (s.status IN ('suspended', 'terminated')
                      AND (last.period_end IS NULL
                           OR last.period_end
                              < (s.status_changed_at AT TIME ZONE 'Asia/Jakarta')::date)))
             AND COALESCE(s.billing_starts_on, s.start_date) <= $2
           ORDER BY s.id
           LIMIT $3"#,
        after,
        run_date,
        CHUNK
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Candidate {
            id: r.id,
            customer_id: r.customer_id,
            plan_id: r.plan_id,
            billing_start: r.billing_start,
            mode: BillingMode::parse(&r.mode).unwrap_or_default(),
            billing_day: r.billing_day as u32,
            due_days: r.due_days as u32,
            language: Locale::from_code(&r.document_language).unwrap_or_default(),
            billed_through: r.billed_through,
            last_total: r.last_total,
        })
        .collect())
}

async fn pending_charges(
    conn: &mut PgConnection,
    customers: &[i64],
) -> ServiceResult<HashMap<i64, Vec<PendingCharge>>> {
    let rows = sqlx::query!(
        r#"SELECT id, customer_id, subscription_id, kind, description, quantity, unit_price,
                  price_includes_tax
           FROM billing_charges
           WHERE customer_id = ANY($1) AND invoice_id IS NULL AND cancelled_at IS NULL
           ORDER BY id"#,
        customers
    )
    .fetch_all(conn)
    .await?;
    let mut by_customer: HashMap<i64, Vec<PendingCharge>> = HashMap::new();
    for r in rows {
        by_customer
            .entry(r.customer_id)
            .or_default()
            .push(PendingCharge {
                id: r.id,
                customer_id: r.customer_id,
                subscription_id: r.subscription_id,
                kind: LineKind::parse(&r.kind),
                description: r.description,
                quantity: i64::from(r.quantity),
                unit_price: r.unit_price,
                includes_tax: r.price_includes_tax,
            });
    }
    Ok(by_customer)
}

/// The billing-state history of each line, oldest first.
async fn line_states(
    conn: &mut PgConnection,
    lines: &[Candidate],
) -> ServiceResult<HashMap<i64, Vec<LineState>>> {
    let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    let rows = sqlx::query!(
        r#"SELECT subscription_id, effective_from, plan_id, billable
           FROM line_billing_states WHERE subscription_id = ANY($1)
           ORDER BY subscription_id, effective_from"#,
        &ids
    )
    .fetch_all(conn)
    .await?;
    let mut by_line: HashMap<i64, Vec<LineState>> = HashMap::new();
    for r in rows {
        by_line
            .entry(r.subscription_id)
            .or_default()
            .push(LineState {
                from: r.effective_from,
                plan_id: r.plan_id,
                billable: r.billable,
            });
    }
    Ok(by_line)
}

/// One line's billing-state history, oldest first.
pub(super) async fn states_of(
    conn: &mut PgConnection,
    subscription_id: i64,
) -> ServiceResult<Vec<LineState>> {
    Ok(sqlx::query!(
        r#"SELECT effective_from, plan_id, billable FROM line_billing_states
           WHERE subscription_id = $1 ORDER BY effective_from"#,
        subscription_id
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| LineState {
        from: r.effective_from,
        plan_id: r.plan_id,
        billable: r.billable,
    })
    .collect())
}

/// Every plan the lines were on, by id.
async fn plan_prices(
    conn: &mut PgConnection,
    lines: &[Candidate],
    history: &HashMap<i64, Vec<LineState>>,
) -> ServiceResult<HashMap<i64, PlanPrice>> {
    let mut ids: Vec<i64> = lines.iter().map(|l| l.plan_id).collect();
    ids.extend(history.values().flatten().map(|s| s.plan_id));
    ids.sort_unstable();
    ids.dedup();
    let rows = sqlx::query!(
        "SELECT id, name, price_rupiah, price_includes_tax FROM plans WHERE id = ANY($1)",
        &ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.id,
                PlanPrice {
                    name: r.name,
                    price: r.price_rupiah,
                    includes_tax: r.price_includes_tax,
                },
            )
        })
        .collect())
}

/// The invoice of one line for one period: a line per part of the period billed at one
/// plan, each prorated by its days when shorter than the cycle. None when no day of the
/// period is charged.
fn service_draft(
    line: &Candidate,
    period: &DuePeriod,
    states: &[LineState],
    plans: &HashMap<i64, PlanPrice>,
    rule: TaxRule,
    run_id: i64,
) -> Option<DraftInvoice> {
    let cycle_days = period.cycle.days();
    let lines: Vec<DraftLine> = billed_segments(states, period.billed)
        .into_iter()
        .filter_map(|segment| {
            let plan = plans.get(&segment.plan_id)?;
            let used = segment.span.days();
            let (price, days) = if used < cycle_days {
                (
                    prorate(plan.price, used, cycle_days),
                    Some((used, cycle_days)),
                )
            } else {
                (plan.price, None)
            };
            let description = format!(
                "{} ({})",
                plan.name,
                period_label(line.language, segment.span, period.cycle)
            );
            Some(
                DraftLine::priced(
                    LineKind::Service,
                    description,
                    Some(segment.span),
                    days,
                    1,
                    price,
                    0,
                    plan.includes_tax,
                    rule,
                )
                .for_plan(segment.plan_id),
            )
        })
        .collect();
    if lines.is_empty() {
        return None;
    }
    Some(DraftInvoice {
        customer_id: line.customer_id,
        subscription_id: Some(line.id),
        period: Some(period.billed),
        issue_date: period.issue_date,
        due_date: period.issue_date + Days::new(u64::from(line.due_days)),
        language: line.language,
        rule,
        taxed: !rule.is_none(),
        lines,
        charge_ids: Vec::new(),
        run_id: Some(run_id),
        changed: false,
    })
}

/// Moves the customer's pending charges onto this invoice: those for this line, and those
/// for no particular line.
fn attach_charges(
    draft: &mut DraftInvoice,
    charges: &mut HashMap<i64, Vec<PendingCharge>>,
    rule: TaxRule,
) {
    let Some(pending) = charges.get_mut(&draft.customer_id) else {
        return;
    };
    let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(pending)
        .into_iter()
        .partition(|c| c.subscription_id.is_none() || c.subscription_id == draft.subscription_id);
    *pending = rest;
    for charge in mine {
        debug_assert_eq!(charge.customer_id, draft.customer_id);
        draft.lines.push(DraftLine::priced(
            charge.kind,
            charge.description,
            None,
            None,
            charge.quantity,
            charge.unit_price,
            0,
            charge.includes_tax,
            rule,
        ));
        draft.charge_ids.push(charge.id);
    }
}

/// The daily job's run for `today`, unless the system already ran it today. The mode
/// follows the settings' automatic issue switch.
pub async fn daily(db: &PgPool, today: NaiveDate) -> ServiceResult<Option<RunReport>> {
    let done = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM billing_runs
                          WHERE run_date = $1 AND started_by IS NULL AND state = 'done')
           AS "done!""#,
        today
    )
    .fetch_one(db)
    .await?;
    if done {
        return Ok(None);
    }
    let mut conn = db.acquire().await?;
    let mode = if settings::load(&mut conn).await?.auto_issue {
        RunMode::Issue
    } else {
        RunMode::Preview
    };
    drop(conn);
    run(db, &Actor::system(), today, mode).await.map(Some)
}

/// Issues the drafts a preview run left, in chunks (each under the run lock). Returns how
/// many were issued.
pub async fn issue_batch(
    db: &PgPool,
    actor: &Actor,
    run_id: i64,
    today: NaiveDate,
) -> ServiceResult<i64> {
    let mut issued = 0;
    loop {
        let mut tx = db.begin().await?;
        sqlx::query!("SELECT pg_advisory_xact_lock($1)", RUN_LOCK)
            .execute(&mut *tx)
            .await?;
        let ids = sqlx::query_scalar!(
            "SELECT id FROM invoices WHERE run_id = $1 AND status = 'draft' ORDER BY id LIMIT $2",
            run_id,
            CHUNK
        )
        .fetch_all(&mut *tx)
        .await?;
        if ids.is_empty() {
            break;
        }
        issued += invoices::issue(&mut tx, actor, &ids, today).await?.len() as i64;
        tx.commit().await?;
    }
    let mut conn = db.acquire().await?;
    AuditEvent::new("billing.issue_batch", "billing_run", run_id)
        .after(&serde_json::json!({ "issued": issued, "on": today.to_string() }))
        .write(&mut conn, actor)
        .await?;
    Ok(issued)
}

/// Throws away the drafts of a run (their charges wait for the next invoice again), so a
/// corrected run can bill those periods anew. Returns how many were discarded.
pub async fn discard_batch(db: &PgPool, actor: &Actor, run_id: i64) -> ServiceResult<i64> {
    let mut tx = db.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock($1)", RUN_LOCK)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        r#"UPDATE billing_charges SET invoice_id = NULL
           WHERE invoice_id IN (SELECT id FROM invoices WHERE run_id = $1 AND status = 'draft')"#,
        run_id
    )
    .execute(&mut *tx)
    .await?;
    let discarded = sqlx::query!(
        "DELETE FROM invoices WHERE run_id = $1 AND status = 'draft'",
        run_id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    AuditEvent::new("billing.discard_batch", "billing_run", run_id)
        .after(&serde_json::json!({ "discarded": discarded }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(discarded)
}
