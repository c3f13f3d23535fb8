//! Invoices: writing drafts, issuing them (numbers, ledger), and cancelling an issued one
//! with a credit note.

use super::{ledger, numbering, settings};
use crate::audit::server::AuditEvent;
use crate::billing::model::numbering::format_number;
use crate::billing::model::{DateSpan, DocumentKind, InvoiceStatus, TaxRule, TaxSplit};
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::{Locale, Msg};
use crate::request::Actor;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Service,
    OneTime,
    LateFee,
    Reconnection,
    /// Days of a plan charged after the period was invoiced (a prepaid upgrade).
    Proration,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Service => "service",
            LineKind::OneTime => "one_time",
            LineKind::LateFee => "late_fee",
            LineKind::Reconnection => "reconnection",
            LineKind::Proration => "proration",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "service" => LineKind::Service,
            "late_fee" => LineKind::LateFee,
            "reconnection" => LineKind::Reconnection,
            "proration" => LineKind::Proration,
            _ => LineKind::OneTime,
        }
    }
}

/// One invoice line, priced.
#[derive(Clone, Debug)]
pub struct DraftLine {
    pub kind: LineKind,
    pub description: String,
    pub period: Option<DateSpan>,
    /// (days billed, days in the cycle) when prorated
    pub days: Option<(i64, i64)>,
    pub quantity: i64,
    pub unit_price: i64,
    pub discount: i64,
    pub includes_tax: bool,
    pub split: TaxSplit,
    /// The plan a service line bills (what a later correction credits).
    pub plan_id: Option<i64>,
}

impl DraftLine {
    /// Prices `quantity × unit_price − discount` under `rule`.
    #[allow(clippy::too_many_arguments)]
    pub fn priced(
        kind: LineKind,
        description: String,
        period: Option<DateSpan>,
        days: Option<(i64, i64)>,
        quantity: i64,
        unit_price: i64,
        discount: i64,
        includes_tax: bool,
        rule: TaxRule,
    ) -> Self {
        let stated = (quantity * unit_price - discount).max(0);
        DraftLine {
            kind,
            description,
            period,
            days,
            quantity,
            unit_price,
            discount,
            includes_tax,
            split: rule.split(stated, includes_tax),
            plan_id: None,
        }
    }

    pub fn for_plan(self, plan_id: i64) -> Self {
        DraftLine {
            plan_id: Some(plan_id),
            ..self
        }
    }
}

/// An invoice before it is written.
#[derive(Clone, Debug)]
pub struct DraftInvoice {
    pub customer_id: i64,
    /// Some for a service invoice (one line, one period).
    pub subscription_id: Option<i64>,
    pub period: Option<DateSpan>,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub language: Locale,
    pub rule: TaxRule,
    pub taxed: bool,
    pub lines: Vec<DraftLine>,
    /// Pending charges this invoice bills.
    pub charge_ids: Vec<i64>,
    pub run_id: Option<i64>,
    pub changed: bool,
}

impl DraftInvoice {
    fn sum(&self, f: impl Fn(&TaxSplit) -> i64) -> i64 {
        self.lines.iter().map(|l| f(&l.split)).sum()
    }
}

/// How service invoices written by a run are issued in the same statement: their numbers
/// (one per draft, in order), who issues them and the seller as printed.
pub struct IssueAtOnce {
    pub numbers: Vec<String>,
    pub issued_by: Option<i64>,
    pub seller: serde_json::Value,
}

/// The seller as printed on documents issued now.
pub async fn seller(conn: &mut PgConnection) -> ServiceResult<serde_json::Value> {
    Ok(sqlx::query_scalar!(
        r#"SELECT jsonb_build_object('name', legal_name, 'address', address, 'npwp', npwp,
                                     'pkp', is_pkp) AS "seller!"
           FROM billing_settings WHERE id = 1"#
    )
    .fetch_one(conn)
    .await?)
}

/// Takes one invoice number per date, in order, from the yearly counters.
pub async fn take_numbers(
    conn: &mut PgConnection,
    format: &str,
    dates: &[NaiveDate],
) -> ServiceResult<Vec<String>> {
    let mut per_year: BTreeMap<i32, i64> = BTreeMap::new();
    for date in dates {
        *per_year.entry(date.year()).or_default() += 1;
    }
    let mut next: BTreeMap<i32, i64> = BTreeMap::new();
    for (year, count) in per_year {
        next.insert(
            year,
            numbering::take(conn, DocumentKind::Invoice, year, count).await?,
        );
    }
    Ok(dates
        .iter()
        .map(|date| {
            let seq = next.entry(date.year()).or_default();
            let number = format_number(format, *date, *seq);
            *seq += 1;
            number
        })
        .collect())
}

/// Writes service invoices, as drafts or (with `issue`) issued in the same statement; one
/// whose line and period already have an invoice is skipped. Returns the ids written, in
/// the order of `drafts` (None where skipped). Issued ones skipped would leave a gap in the
/// numbers, so then nothing is written and the call fails: callers hold the run lock, under
/// which no other writer can take a period.
pub async fn insert_service(
    conn: &mut PgConnection,
    drafts: &[DraftInvoice],
    issue: Option<&IssueAtOnce>,
) -> ServiceResult<Vec<Option<i64>>> {
    if drafts.is_empty() {
        return Ok(Vec::new());
    }
    macro_rules! col {
        ($f:expr) => {
            drafts.iter().map($f).collect::<Vec<_>>()
        };
    }
    let numbers: Vec<Option<String>> = match issue {
        Some(issue) => issue.numbers.iter().cloned().map(Some).collect(),
        None => vec![None; drafts.len()],
    };
    let rows = sqlx::query!(
        r#"INSERT INTO invoices
               (customer_id, kind, subscription_id, period_start, period_end, issue_date,
                due_date, language, taxed, tax_rate_bp, dpp_numerator, dpp_denominator,
                subtotal, dpp, ppn, total, amount_due, run_id, changed, number, status,
                issued_at, issued_by, seller, buyer)
           SELECT d.c, 'service', d.s, d.ps, d.pe, d.iss, d.due, d.lang, d.taxed, d.bp, d.num,
                  d.den, d.sub, d.dpp, d.ppn, d.total, d.total, d.run, d.changed, d.number,
                  CASE WHEN d.number IS NULL THEN 'draft'
                       WHEN d.total = 0 THEN 'paid' ELSE 'issued' END,
                  CASE WHEN d.number IS NULL THEN NULL ELSE now() END,
                  CASE WHEN d.number IS NULL THEN NULL ELSE $19::bigint END,
                  CASE WHEN d.number IS NULL THEN NULL ELSE $20::jsonb END,
                  CASE WHEN d.number IS NULL THEN NULL
                       ELSE jsonb_build_object('code', cu.code, 'name', cu.full_name,
                                               'address', cu.address, 'npwp', cu.npwp,
                                               'nik', cu.nik, 'phone', cu.phone,
                                               'email', cu.email) END
           FROM UNNEST($1::bigint[], $2::bigint[], $3::date[], $4::date[], $5::date[],
                       $6::date[], $7::text[], $8::bool[], $9::int[], $10::int[], $11::int[],
                       $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[],
                       $16::bigint[], $17::bool[], $18::text[])
                WITH ORDINALITY
                AS d(c, s, ps, pe, iss, due, lang, taxed, bp, num, den, sub, dpp, ppn, total,
                     run, changed, number, position)
           JOIN customers cu ON cu.id = d.c
           ORDER BY d.position
           ON CONFLICT (subscription_id, period_start) WHERE kind = 'service' DO NOTHING
           RETURNING id, subscription_id AS "subscription_id!", period_start AS "period_start!""#,
        &col!(|d| d.customer_id),
        &col!(|d| d.subscription_id.unwrap_or_default()),
        &col!(|d| d.period.map(|p| p.start).unwrap_or(d.issue_date)),
        &col!(|d| d.period.map(|p| p.end).unwrap_or(d.issue_date)),
        &col!(|d| d.issue_date),
        &col!(|d| d.due_date),
        &col!(|d| d.language.code().to_owned()),
        &col!(|d| d.taxed),
        &col!(|d| d.rule.rate_bp as i32),
        &col!(|d| d.rule.dpp_numerator as i32),
        &col!(|d| d.rule.dpp_denominator as i32),
        &col!(|d| d.sum(|s| s.amount)),
        &col!(|d| d.sum(|s| s.dpp)),
        &col!(|d| d.sum(|s| s.ppn)),
        &col!(|d| d.sum(|s| s.total)),
        &col!(|d| d.run_id) as &[Option<i64>],
        &col!(|d| d.changed),
        &numbers as &[Option<String>],
        issue.and_then(|i| i.issued_by),
        issue.map(|i| i.seller.clone()),
    )
    .fetch_all(&mut *conn)
    .await?;
    if issue.is_some() && rows.len() != drafts.len() {
        return Err(crate::error::server::ServiceError::Internal(
            "a period was billed by another writer while its number was taken".into(),
        ));
    }
    let written: BTreeMap<(i64, NaiveDate), i64> = rows
        .into_iter()
        .map(|r| ((r.subscription_id, r.period_start), r.id))
        .collect();
    let ids: Vec<Option<i64>> = drafts
        .iter()
        .map(|d| {
            let period = d.period?;
            written.get(&(d.subscription_id?, period.start)).copied()
        })
        .collect();
    let pairs: Vec<(i64, &DraftInvoice)> = ids
        .iter()
        .zip(drafts)
        .filter_map(|(id, d)| id.map(|id| (id, d)))
        .collect();
    insert_lines(conn, &pairs).await?;
    Ok(ids)
}

/// Writes a one-time invoice draft (charges billed at once). Returns its id.
pub async fn insert_one_time_draft(
    conn: &mut PgConnection,
    draft: &DraftInvoice,
) -> ServiceResult<i64> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO invoices
               (customer_id, kind, issue_date, due_date, language, taxed, tax_rate_bp,
                dpp_numerator, dpp_denominator, subtotal, dpp, ppn, total, amount_due)
           VALUES ($1, 'one_time', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
           RETURNING id"#,
        draft.customer_id,
        draft.issue_date,
        draft.due_date,
        draft.language.code(),
        draft.taxed,
        draft.rule.rate_bp as i32,
        draft.rule.dpp_numerator as i32,
        draft.rule.dpp_denominator as i32,
        draft.sum(|s| s.amount),
        draft.sum(|s| s.dpp),
        draft.sum(|s| s.ppn),
        draft.sum(|s| s.total),
    )
    .fetch_one(&mut *conn)
    .await?;
    insert_lines(conn, &[(id, draft)]).await?;
    Ok(id)
}

/// The lines of written drafts, and their charges marked as billed.
async fn insert_lines(
    conn: &mut PgConnection,
    drafts: &[(i64, &DraftInvoice)],
) -> ServiceResult<()> {
    let lines: Vec<(i64, i16, &DraftLine)> = drafts
        .iter()
        .flat_map(|(id, d)| {
            d.lines
                .iter()
                .enumerate()
                .map(move |(i, l)| (*id, i as i16 + 1, l))
        })
        .collect();
    macro_rules! col {
        ($f:expr) => {
            lines.iter().map($f).collect::<Vec<_>>()
        };
    }
    sqlx::query!(
        r#"INSERT INTO invoice_lines
               (invoice_id, position, kind, description, period_start, period_end, days_used,
                days_in_period, quantity, unit_price, discount, price_includes_tax, amount, dpp,
                ppn, total, plan_id)
           SELECT * FROM UNNEST($1::bigint[], $2::smallint[], $3::text[], $4::text[],
                                $5::date[], $6::date[], $7::int[], $8::int[], $9::int[],
                                $10::bigint[], $11::bigint[], $12::bool[], $13::bigint[],
                                $14::bigint[], $15::bigint[], $16::bigint[], $17::bigint[])"#,
        &col!(|l| l.0),
        &col!(|l| l.1),
        &col!(|l| l.2.kind.as_str().to_owned()),
        &col!(|l| l.2.description.clone()),
        &col!(|l| l.2.period.map(|p| p.start)) as &[Option<NaiveDate>],
        &col!(|l| l.2.period.map(|p| p.end)) as &[Option<NaiveDate>],
        &col!(|l| l.2.days.map(|d| d.0 as i32)) as &[Option<i32>],
        &col!(|l| l.2.days.map(|d| d.1 as i32)) as &[Option<i32>],
        &col!(|l| l.2.quantity as i32),
        &col!(|l| l.2.unit_price),
        &col!(|l| l.2.discount),
        &col!(|l| l.2.includes_tax),
        &col!(|l| l.2.split.amount),
        &col!(|l| l.2.split.dpp),
        &col!(|l| l.2.split.ppn),
        &col!(|l| l.2.split.total),
        &col!(|l| l.2.plan_id) as &[Option<i64>],
    )
    .execute(&mut *conn)
    .await?;
    let charge_ids: Vec<i64> = drafts
        .iter()
        .flat_map(|(_, d)| d.charge_ids.iter().copied())
        .collect();
    let charge_invoices: Vec<i64> = drafts
        .iter()
        .flat_map(|(id, d)| d.charge_ids.iter().map(move |_| *id))
        .collect();
    if !charge_ids.is_empty() {
        sqlx::query!(
            r#"UPDATE billing_charges c SET invoice_id = m.invoice_id
               FROM UNNEST($1::bigint[], $2::bigint[]) AS m(charge_id, invoice_id)
               WHERE c.id = m.charge_id"#,
            &charge_ids,
            &charge_invoices
        )
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Issues drafts on `today`: numbers from the yearly counter, seller and buyer fixed, the
/// ledger entries posted and any credit the customers hold applied. A draft made for an
/// earlier day is issued today, its due date moved by as many days. Drafts already issued
/// (or discarded) meanwhile are left out. Returns the ids issued.
pub async fn issue(
    conn: &mut PgConnection,
    actor: &Actor,
    ids: &[i64],
    today: NaiveDate,
) -> ServiceResult<Vec<i64>> {
    let settings = settings::load(conn).await?;
    // Customers first (the order every ledger change takes), then the drafts.
    let customers = sqlx::query_scalar!(
        "SELECT DISTINCT customer_id FROM invoices WHERE id = ANY($1)",
        ids
    )
    .fetch_all(&mut *conn)
    .await?;
    lock_customers(conn, &customers).await?;
    let drafts = sqlx::query!(
        r#"SELECT id, customer_id, issue_date, due_date FROM invoices
           WHERE id = ANY($1) AND status = 'draft' ORDER BY issue_date, customer_id, id
           FOR UPDATE"#,
        ids
    )
    .fetch_all(&mut *conn)
    .await?;
    if drafts.is_empty() {
        return Ok(Vec::new());
    }
    let dated: Vec<(i64, i64, NaiveDate, NaiveDate)> = drafts
        .iter()
        .map(|d| {
            let issue = d.issue_date.max(today);
            let due = d.due_date + (issue - d.issue_date);
            (d.id, d.customer_id, issue, due)
        })
        .collect();
    let issue_dates: Vec<NaiveDate> = dated.iter().map(|d| d.2).collect();
    let numbers = take_numbers(conn, &settings.invoice_number_format, &issue_dates).await?;
    let seller = seller(conn).await?;
    let issued_ids: Vec<i64> = dated.iter().map(|d| d.0).collect();
    let due_dates: Vec<NaiveDate> = dated.iter().map(|d| d.3).collect();
    sqlx::query!(
        r#"UPDATE invoices i
           SET number = d.number, issue_date = d.issue, due_date = d.due,
               status = CASE WHEN i.total = 0 THEN 'paid' ELSE 'issued' END,
               amount_due = i.total, issued_at = now(), issued_by = $5, seller = $6,
               buyer = jsonb_build_object('code', c.code, 'name', c.full_name,
                                          'address', c.address, 'npwp', c.npwp, 'nik', c.nik,
                                          'phone', c.phone, 'email', c.email)
           FROM UNNEST($1::bigint[], $2::text[], $3::date[], $4::date[])
                AS d(id, number, issue, due), customers c
           WHERE i.id = d.id AND c.id = i.customer_id"#,
        &issued_ids,
        &numbers,
        &issue_dates,
        &due_dates,
        actor.user_id.map(|u| u.0),
        seller,
    )
    .execute(&mut *conn)
    .await?;
    let customers: Vec<i64> = dated.iter().map(|d| d.1).collect();
    post_issued(conn, actor, &issued_ids, &customers).await?;
    Ok(issued_ids)
}

/// Locks customers in id order, the order every ledger change takes them in.
pub async fn lock_customers(conn: &mut PgConnection, customers: &[i64]) -> ServiceResult<()> {
    sqlx::query!(
        "SELECT id FROM customers WHERE id = ANY($1) ORDER BY id FOR UPDATE",
        customers
    )
    .fetch_all(conn)
    .await?;
    Ok(())
}

/// Puts newly issued invoices on their customers' ledgers and applies any credit those
/// customers hold. The caller holds the customers' locks.
pub async fn post_issued(
    conn: &mut PgConnection,
    actor: &Actor,
    invoice_ids: &[i64],
    customers: &[i64],
) -> ServiceResult<()> {
    ledger::post_invoices(conn, actor, invoice_ids).await?;
    crate::messaging::server::queue::enqueue_issued(conn, invoice_ids).await?;
    let mut customers = customers.to_vec();
    customers.sort_unstable();
    customers.dedup();
    for customer_id in ledger::with_credit(conn, &customers).await? {
        ledger::settle(conn, customer_id).await?;
    }
    Ok(())
}

/// What the audit log keeps of a cancellation.
#[derive(Serialize)]
struct CancelAudit<'a> {
    invoice: &'a str,
    credit_note: &'a str,
    amount: i64,
    reason: &'a str,
}

/// Cancels an issued invoice with a credit note for its whole total. What was paid on it
/// becomes the customer's credit and goes to their other open invoices. Returns the credit
/// note's id.
pub async fn cancel(
    db: &PgPool,
    actor: &Actor,
    invoice_id: i64,
    reason: &str,
    today: NaiveDate,
) -> ServiceResult<i64> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(FieldErrors::single("reason", Msg::ValReasonRequired).into());
    }
    if reason.chars().count() > 500 {
        return Err(FieldErrors::single("reason", Msg::ValTooLong).into());
    }
    let mut tx = db.begin().await?;
    let customer_id =
        sqlx::query_scalar!("SELECT customer_id FROM invoices WHERE id = $1", invoice_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
    ledger::lock_customer(&mut tx, customer_id).await?;
    let invoice = sqlx::query!(
        "SELECT number, status, total, dpp, ppn FROM invoices WHERE id = $1 FOR UPDATE",
        invoice_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let status = InvoiceStatus::parse(&invoice.status).unwrap_or_default();
    let (Some(number), true) = (
        invoice.number,
        !matches!(status, InvoiceStatus::Draft | InvoiceStatus::Cancelled),
    ) else {
        return Err(AppError::Conflict(Msg::ErrInvoiceNotIssued).into());
    };
    let settings = settings::load(&mut tx).await?;
    let seq = numbering::take(&mut tx, DocumentKind::CreditNote, today.year(), 1).await?;
    let cn_number = format_number(&settings.credit_note_number_format, today, seq);
    let entry = ledger::entry_of_invoice(&mut tx, invoice_id).await?;
    if let Some(entry) = entry {
        ledger::release_all(&mut tx, entry).await?;
    }
    sqlx::query!(
        "UPDATE invoices SET status = 'cancelled', cancelled_at = now() WHERE id = $1",
        invoice_id
    )
    .execute(&mut *tx)
    .await?;
    let credit_note_id = sqlx::query_scalar!(
        r#"INSERT INTO credit_notes (number, customer_id, invoice_id, amount, dpp, ppn, reason,
                                     created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"#,
        cn_number,
        customer_id,
        invoice_id,
        invoice.total,
        invoice.dpp,
        invoice.ppn,
        reason,
        actor.user_id.map(|u| u.0),
    )
    .fetch_one(&mut *tx)
    .await?;
    // A zero invoice has no ledger entry: its credit note is for Rp0 and credits nothing.
    if let Some(entry) = entry {
        let description = format!("{cn_number} ({number})");
        let credit = ledger::post(
            &mut tx,
            actor,
            ledger::NewEntry {
                customer_id,
                kind: ledger::EntryKind::CreditNote,
                amount: -invoice.total,
                invoice_id: Some(invoice_id),
                payment_id: None,
                credit_note_id: Some(credit_note_id),
                description: &description,
                settle_order: today,
            },
        )
        .await?;
        ledger::allocate(&mut tx, &[(entry, credit, invoice.total)]).await?;
    }
    ledger::settle(&mut tx, customer_id).await?;
    super::collections::restore_if_clear(&mut tx, actor, customer_id, today).await?;
    AuditEvent::new("invoice.cancel", "invoice", invoice_id)
        .after(&CancelAudit {
            invoice: &number,
            credit_note: &cn_number,
            amount: invoice.total,
            reason,
        })
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(credit_note_id)
}
