//! Truing up invoiced periods. A prepaid period is invoiced before it is lived; when the
//! line's history then changes inside it (a plan change, a suspension, termination), the
//! days paid for no longer match the days had. Each run reads the history recorded since
//! the last one, and for every invoice whose period such a change reaches, compares what
//! the invoice and earlier corrections cover with what the history now gives
//! (`segments::corrections`):
//!
//! * days of a plan billed but not had are credited to the ledger at once, tax included
//!   as the invoice charged it (the credit pays the next invoice by itself, or stays as the
//!   customer's credit after termination);
//! * days of a plan had but not billed become a charge for the line's next invoice.
//!
//! Both are priced by days of the invoiced period at the plan's present price, with the
//! one rounding rule of proration. Postpaid invoices are issued after their period, so the
//! history never changes inside one of them and they are never corrected.

use super::{collections, ledger};
use crate::audit::server::AuditEvent;
use crate::billing::model::proration::{period_label, prorate};
use crate::billing::model::segments::{billed_segments, corrections, state_on, Coverage};
use crate::billing::model::{DateSpan, TaxRule};
use crate::error::server::ServiceResult;
use crate::i18n::{Locale, Msg};
use crate::request::Actor;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;

/// History is read again this far back, so a change committed late by a long transaction
/// (its time is when that transaction began) is still seen; reading twice corrects nothing
/// twice.
const OVERLAP_MINUTES: i64 = 60;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TrueUpReport {
    pub invoices: i64,
    pub credits: i64,
    pub charges: i64,
}

/// An invoiced period reached by a change recorded after the invoice was issued.
struct Touched {
    invoice_id: i64,
    customer_id: i64,
    subscription_id: i64,
    period: DateSpan,
    rule: TaxRule,
    locale: Locale,
}

struct Plan {
    name: String,
    price: i64,
    includes_tax: bool,
}

/// Corrects every invoiced period changed since the last true-up, under the billing run's
/// lock so that two runs never correct one change twice.
pub async fn true_up(db: &PgPool, actor: &Actor, today: NaiveDate) -> ServiceResult<TrueUpReport> {
    let mut tx = db.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock($1)", super::run::RUN_LOCK)
        .execute(&mut *tx)
        .await?;
    let scan = sqlx::query!(
        r#"SELECT history_from, scanned_until, now() AS "now!"
           FROM billing_trueup_scan FOR UPDATE"#
    )
    .fetch_one(&mut *tx)
    .await?;
    let since = scan
        .history_from
        .max(scan.scanned_until - TimeDelta::minutes(OVERLAP_MINUTES));
    let mut report = TrueUpReport::default();
    for touched in touched_since(&mut tx, since).await? {
        let (credits, charges) = correct(&mut tx, actor, &touched, today).await?;
        if credits + charges > 0 {
            report.invoices += 1;
            report.credits += credits;
            report.charges += charges;
        }
    }
    sqlx::query!(
        "UPDATE billing_trueup_scan SET scanned_until = $1",
        scan.now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// Issued service invoices whose period a change recorded after `since` reaches, when the
/// change was recorded after the invoice was issued (`line_billing_states_recorded_idx`).
async fn touched_since(
    conn: &mut PgConnection,
    since: DateTime<Utc>,
) -> ServiceResult<Vec<Touched>> {
    let rows = sqlx::query!(
        r#"SELECT DISTINCT i.id, i.customer_id, i.subscription_id AS "subscription_id!",
                  i.period_start AS "period_start!", i.period_end AS "period_end!",
                  i.taxed, i.tax_rate_bp, i.dpp_numerator, i.dpp_denominator, i.language
           FROM line_billing_states st
           JOIN invoices i ON i.subscription_id = st.subscription_id
                          AND i.kind = 'service'
                          AND i.status NOT IN ('draft', 'cancelled')
                          AND i.period_end >= st.effective_from
                          AND i.issued_at < st.recorded_at
           WHERE st.recorded_at > $1
           ORDER BY i.customer_id, i.id"#,
        since
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Touched {
            invoice_id: r.id,
            customer_id: r.customer_id,
            subscription_id: r.subscription_id,
            period: DateSpan {
                start: r.period_start,
                end: r.period_end,
            },
            rule: if r.taxed {
                TaxRule {
                    rate_bp: i64::from(r.tax_rate_bp),
                    dpp_numerator: i64::from(r.dpp_numerator),
                    dpp_denominator: i64::from(r.dpp_denominator),
                }
            } else {
                TaxRule::NONE
            },
            locale: Locale::from_code(&r.language).unwrap_or_default(),
        })
        .collect())
}

/// Posts the corrections one invoice needs; returns (credits, charges) made.
async fn correct(
    conn: &mut PgConnection,
    actor: &Actor,
    touched: &Touched,
    today: NaiveDate,
) -> ServiceResult<(i64, i64)> {
    let states = super::run::states_of(conn, touched.subscription_id).await?;
    let mut covered: Vec<Coverage> = sqlx::query!(
        r#"SELECT plan_id, period_start, period_end FROM invoice_lines
           WHERE invoice_id = $1 AND kind = 'service'"#,
        touched.invoice_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|l| {
        let span = DateSpan {
            start: l.period_start.unwrap_or(touched.period.start),
            end: l.period_end.unwrap_or(touched.period.end),
        };
        // Lines written before plans were recorded on them billed the plan of their day.
        let plan_id = l
            .plan_id
            .or_else(|| state_on(&states, span.start).map(|s| s.plan_id))?;
        Some(Coverage {
            plan_id,
            span,
            count: 1,
        })
    })
    .collect();
    let earlier = sqlx::query!(
        "SELECT plan_id, span_start, span_end, count FROM line_prorations WHERE invoice_id = $1",
        touched.invoice_id
    )
    .fetch_all(&mut *conn)
    .await?;
    covered.extend(earlier.into_iter().map(|p| Coverage {
        plan_id: p.plan_id,
        span: DateSpan {
            start: p.span_start,
            end: p.span_end,
        },
        count: i64::from(p.count),
    }));
    let fixes = corrections(
        touched.period,
        &covered,
        &billed_segments(&states, touched.period),
    );
    if fixes.is_empty() {
        return Ok((0, 0));
    }
    ledger::lock_customer(conn, touched.customer_id).await?;
    let plans = plans_of(conn, &fixes).await?;
    let (mut credits, mut charges) = (0, 0);
    let mut made = Vec::new();
    for fix in &fixes {
        let Some(plan) = plans.get(&fix.plan_id) else {
            continue;
        };
        let price = prorate(plan.price, fix.span.days(), touched.period.days());
        let label = format!(
            "{} ({})",
            plan.name,
            period_label(touched.locale, fix.span, touched.period)
        );
        if fix.count < 0 {
            let credit = touched.rule.split(price, plan.includes_tax).total * -fix.count;
            if credit == 0 {
                continue;
            }
            let description = format!("{} {label}", Msg::TrueUpCredit.text(touched.locale));
            credit_days(conn, actor, touched, fix, -credit, &description, today).await?;
            credits += 1;
            made.push(serde_json::json!({ "credit": credit, "for": description }));
        } else {
            if price == 0 {
                continue;
            }
            let description = format!("{} {label}", Msg::TrueUpCharge.text(touched.locale));
            charge_days(
                conn,
                actor,
                touched,
                fix,
                price,
                plan.includes_tax,
                &description,
            )
            .await?;
            charges += 1;
            made.push(serde_json::json!({ "charge": price * fix.count, "for": description }));
        }
    }
    if credits > 0 {
        ledger::settle(conn, touched.customer_id).await?;
        collections::restore_if_clear(conn, actor, touched.customer_id, today).await?;
    }
    AuditEvent::new("billing.true_up", "invoice", touched.invoice_id)
        .after(&serde_json::json!({ "corrections": made }))
        .write(conn, actor)
        .await?;
    Ok((credits, charges))
}

async fn credit_days(
    conn: &mut PgConnection,
    actor: &Actor,
    touched: &Touched,
    fix: &Coverage,
    amount: i64,
    description: &str,
    today: NaiveDate,
) -> ServiceResult<()> {
    let entry = ledger::post(
        conn,
        actor,
        ledger::NewEntry {
            customer_id: touched.customer_id,
            kind: ledger::EntryKind::Adjustment,
            amount,
            invoice_id: None,
            payment_id: None,
            credit_note_id: None,
            description,
            settle_order: today,
        },
    )
    .await?;
    record(conn, touched, fix, amount, None, Some(entry)).await
}

async fn charge_days(
    conn: &mut PgConnection,
    actor: &Actor,
    touched: &Touched,
    fix: &Coverage,
    price: i64,
    includes_tax: bool,
    description: &str,
) -> ServiceResult<()> {
    let charge = sqlx::query_scalar!(
        r#"INSERT INTO billing_charges
               (customer_id, subscription_id, kind, description, quantity, unit_price,
                price_includes_tax, created_by)
           VALUES ($1, $2, 'proration', $3, $4, $5, $6, $7)
           RETURNING id"#,
        touched.customer_id,
        touched.subscription_id,
        description,
        fix.count as i32,
        price,
        includes_tax,
        actor.user_id.map(|u| u.0)
    )
    .fetch_one(&mut *conn)
    .await?;
    record(conn, touched, fix, price * fix.count, Some(charge), None).await
}

/// Remembers a correction, so that the next comparison counts it as covered.
async fn record(
    conn: &mut PgConnection,
    touched: &Touched,
    fix: &Coverage,
    amount: i64,
    charge_id: Option<i64>,
    ledger_entry_id: Option<i64>,
) -> ServiceResult<()> {
    sqlx::query!(
        r#"INSERT INTO line_prorations
               (subscription_id, invoice_id, plan_id, span_start, span_end, count, amount,
                charge_id, ledger_entry_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"#,
        touched.subscription_id,
        touched.invoice_id,
        fix.plan_id,
        fix.span.start,
        fix.span.end,
        fix.count as i16,
        amount,
        charge_id,
        ledger_entry_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

async fn plans_of(
    conn: &mut PgConnection,
    fixes: &[Coverage],
) -> ServiceResult<HashMap<i64, Plan>> {
    let ids: Vec<i64> = fixes.iter().map(|f| f.plan_id).collect();
    Ok(sqlx::query!(
        "SELECT id, name, price_rupiah, price_includes_tax FROM plans WHERE id = ANY($1)",
        &ids
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        (
            r.id,
            Plan {
                name: r.name,
                price: r.price_rupiah,
                includes_tax: r.price_includes_tax,
            },
        )
    })
    .collect())
}
