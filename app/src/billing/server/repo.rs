//! Reading billing for pages: invoice lists and details, a customer's billing, runs.

use crate::billing::model::views::{
    AppliedCredit, CustomerBilling, InvoiceDetail, InvoiceFilter, InvoiceLineView, InvoiceRow,
    InvoiceView, LedgerRow, PaymentRow, RunSummary,
};
use crate::billing::model::{InvoiceId, InvoiceStatus};
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::pagination::{page_from, Page};
use chrono::NaiveDate;
use sqlx::PgConnection;

struct RawRow {
    id: i64,
    number: Option<String>,
    customer_id: i64,
    customer_code: String,
    customer_name: String,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    status: String,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    total: i64,
    amount_due: i64,
    changed: bool,
}

fn row(raw: RawRow, today: NaiveDate) -> InvoiceRow {
    let status = InvoiceStatus::parse(&raw.status).unwrap_or_default();
    let overdue_days = if status.is_open() && raw.due_date < today {
        (today - raw.due_date).num_days()
    } else {
        0
    };
    InvoiceRow {
        id: InvoiceId(raw.id),
        number: raw.number,
        customer_id: raw.customer_id,
        customer_code: raw.customer_code,
        customer_name: raw.customer_name,
        period_start: raw.period_start,
        period_end: raw.period_end,
        status,
        issue_date: raw.issue_date,
        due_date: raw.due_date,
        total: raw.total,
        amount_due: raw.amount_due,
        overdue_days,
        changed: raw.changed,
    }
}

/// Newest first, keyset on (issue_date, id) (`invoices_list_idx`, `invoices_status_idx`,
/// `invoices_customer_idx`, `invoices_run_idx` by filter).
pub async fn list(
    conn: &mut PgConnection,
    filter: &InvoiceFilter,
    today: NaiveDate,
    cursor: Option<&str>,
    limit: i64,
) -> ServiceResult<Page<InvoiceRow>> {
    let (after_date, after_id) = match cursor.and_then(parse_cursor) {
        Some((date, id)) => (Some(date), Some(id)),
        None => (None, None),
    };
    let q = filter.q.trim().to_lowercase();
    let q = (!q.is_empty()).then(|| format!("%{}%", q.replace('%', "\\%").replace('_', "\\_")));
    let statuses: Option<Vec<String>> = match filter.view {
        InvoiceView::All => None,
        InvoiceView::Draft => Some(vec!["draft".into()]),
        InvoiceView::Open | InvoiceView::Overdue => {
            Some(vec!["issued".into(), "partially_paid".into()])
        }
        InvoiceView::Paid => Some(vec!["paid".into()]),
        InvoiceView::Cancelled => Some(vec!["cancelled".into()]),
    };
    let overdue_before = (filter.view == InvoiceView::Overdue).then_some(today);
    let rows = sqlx::query_as!(
        RawRow,
        r#"SELECT i.id, i.number, i.customer_id, c.code AS customer_code,
                  c.full_name AS customer_name, i.period_start, i.period_end, i.status,
                  i.issue_date, i.due_date, i.total, i.amount_due, i.changed
           FROM invoices i JOIN customers c ON c.id = i.customer_id
           WHERE ($1::text[] IS NULL OR i.status = ANY($1))
             AND ($2::date IS NULL OR i.due_date < $2)
             AND ($3::bigint IS NULL OR i.customer_id = $3)
             AND ($4::bigint IS NULL OR i.run_id = $4)
             AND ($5::text IS NULL OR lower(COALESCE(i.number, '')) LIKE $5
                  OR lower(c.code || ' ' || c.full_name) LIKE $5)
             AND ($6::date IS NULL OR (i.issue_date, i.id) < ($6, $7::bigint))
           ORDER BY i.issue_date DESC, i.id DESC
           LIMIT $8"#,
        statuses.as_deref(),
        overdue_before,
        filter.customer_id,
        filter.run_id,
        q,
        after_date,
        after_id,
        limit + 1
    )
    .fetch_all(conn)
    .await?;
    let rows: Vec<InvoiceRow> = rows.into_iter().map(|r| row(r, today)).collect();
    Ok(page_from(rows, limit, |r| {
        format!("{}_{}", r.issue_date, r.id.0)
    }))
}

fn parse_cursor(text: &str) -> Option<(NaiveDate, i64)> {
    let (date, id) = text.split_once('_')?;
    Some((
        NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?,
        id.parse().ok()?,
    ))
}

pub async fn detail(
    conn: &mut PgConnection,
    id: InvoiceId,
    today: NaiveDate,
) -> ServiceResult<InvoiceDetail> {
    let head = sqlx::query!(
        r#"SELECT i.id, i.number, i.customer_id, c.code AS customer_code,
                  c.full_name AS customer_name, i.period_start, i.period_end, i.status,
                  i.issue_date, i.due_date, i.total, i.amount_due, i.changed, i.subtotal,
                  i.dpp, i.ppn, i.taxed, i.tax_rate_bp, i.dpp_numerator, i.dpp_denominator,
                  cn.number AS "credit_note?", cn.id AS "credit_note_id?"
           FROM invoices i JOIN customers c ON c.id = i.customer_id
           LEFT JOIN credit_notes cn ON cn.invoice_id = i.id
           WHERE i.id = $1"#,
        id.0
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let lines = sqlx::query!(
        r#"SELECT description, quantity, unit_price, discount, price_includes_tax, amount, dpp,
                  ppn, total
           FROM invoice_lines WHERE invoice_id = $1 ORDER BY position"#,
        id.0
    )
    .fetch_all(&mut *conn)
    .await?;
    let applied = sqlx::query!(
        r#"SELECT ce.description, a.amount, a.created_at
           FROM ledger_entries de
           JOIN ledger_allocations a ON a.debit_id = de.id AND a.released_at IS NULL
           JOIN ledger_entries ce ON ce.id = a.credit_id
           WHERE de.invoice_id = $1 AND de.kind = 'invoice'
           ORDER BY a.id"#,
        id.0
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(InvoiceDetail {
        row: row(
            RawRow {
                id: head.id,
                number: head.number,
                customer_id: head.customer_id,
                customer_code: head.customer_code,
                customer_name: head.customer_name,
                period_start: head.period_start,
                period_end: head.period_end,
                status: head.status,
                issue_date: head.issue_date,
                due_date: head.due_date,
                total: head.total,
                amount_due: head.amount_due,
                changed: head.changed,
            },
            today,
        ),
        lines: lines
            .into_iter()
            .map(|l| InvoiceLineView {
                description: l.description,
                quantity: i64::from(l.quantity),
                unit_price: l.unit_price,
                discount: l.discount,
                price_includes_tax: l.price_includes_tax,
                amount: l.amount,
                dpp: l.dpp,
                ppn: l.ppn,
                total: l.total,
            })
            .collect(),
        subtotal: head.subtotal,
        dpp: head.dpp,
        ppn: head.ppn,
        taxed: head.taxed,
        tax_rate_bp: head.tax_rate_bp,
        dpp_numerator: head.dpp_numerator,
        dpp_denominator: head.dpp_denominator,
        applied: applied
            .into_iter()
            .map(|a| AppliedCredit {
                description: a.description,
                amount: a.amount,
                at: a.created_at,
            })
            .collect(),
        credit_note: head.credit_note,
        credit_note_id: head.credit_note_id,
    })
}

/// The customer's balance, recent invoices, payments and ledger (newest first, 50 each).
pub async fn customer_billing(
    conn: &mut PgConnection,
    customer_id: i64,
    today: NaiveDate,
) -> ServiceResult<CustomerBilling> {
    let promise = sqlx::query_scalar!(
        "SELECT promise_to_pay_until FROM customers WHERE id = $1",
        customer_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let filter = InvoiceFilter {
        customer_id: Some(customer_id),
        ..InvoiceFilter::default()
    };
    let invoices = list(conn, &filter, today, None, 50).await?.items;
    let balance = super::ledger::balance(conn, customer_id).await?;
    let payments = sqlx::query!(
        r#"SELECT p.id, p.number, p.method, p.amount, p.received_on, p.reference, p.status,
                  EXISTS (SELECT 1 FROM payment_proofs f WHERE f.payment_id = p.id)
                      AS "has_proof!"
           FROM payments p WHERE p.customer_id = $1 ORDER BY p.id DESC LIMIT 50"#,
        customer_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|p| PaymentRow {
        id: p.id,
        number: p.number,
        method: p.method,
        amount: p.amount,
        received_on: p.received_on,
        reference: p.reference,
        // Refunded by the gateway counts as taken back too: nothing left to reverse.
        reversed: p.status != "completed",
        has_proof: p.has_proof,
    })
    .collect();
    let ledger = sqlx::query_as!(
        LedgerRow,
        r#"SELECT id, kind, amount, open_amount, description, created_at AS at
           FROM ledger_entries WHERE customer_id = $1 ORDER BY id DESC LIMIT 50"#,
        customer_id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(CustomerBilling {
        balance,
        promise_to_pay_until: promise,
        invoices,
        payments,
        ledger,
    })
}

/// Recent runs, newest first, with what each left as drafts (`billing_runs_recent_idx`).
pub async fn runs(conn: &mut PgConnection, limit: i64) -> ServiceResult<Vec<RunSummary>> {
    Ok(sqlx::query_as!(
        RunSummary,
        r#"SELECT r.id, r.run_date, r.mode, r.state, r.lines_total, r.lines_done,
                  r.invoices_created, r.total_amount, r.started_at, r.finished_at,
                  COALESCE(d.drafts, 0) AS "drafts!", COALESCE(d.total, 0) AS "drafts_total!",
                  COALESCE(d.changed, 0) AS "drafts_changed!"
           FROM billing_runs r
           LEFT JOIN LATERAL (
               SELECT count(*) AS drafts, sum(total)::bigint AS total,
                      count(*) FILTER (WHERE changed) AS changed
               FROM invoices i WHERE i.run_id = r.id AND i.status = 'draft') d ON true
           ORDER BY r.started_at DESC, r.id DESC
           LIMIT $1"#,
        limit
    )
    .fetch_all(conn)
    .await?)
}
