//! Reading attempts: the customer's status page and finance's reconciliation.

use chrono::NaiveDate;
use sqlx::PgConnection;

use super::qr;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::payments::model::{
    AttemptId, AttemptStatus, AttemptView, Gateway, Instruction, ReconRow, ReconTotals,
    Reconciliation,
};

/// One attempt; `customer_id` limits it to that customer's (another's answers NotFound).
pub async fn attempt(
    conn: &mut PgConnection,
    id: AttemptId,
    customer_id: Option<i64>,
) -> ServiceResult<AttemptView> {
    let row = sqlx::query!(
        r#"SELECT a.id, a.order_id, a.gateway, a.channel, a.channel_name, a.status, a.amount,
                  a.fee_customer, a.gross_amount, a.redirect_url, a.pay_code, a.qr_string,
                  a.instructions, a.expires_at, a.paid_at, a.created_at, p.number AS "receipt?",
                  ARRAY(SELECT i.number FROM invoices i
                        WHERE i.id = ANY(a.invoice_ids) AND i.number IS NOT NULL
                        ORDER BY i.due_date, i.id) AS "invoice_numbers!: Vec<String>"
           FROM payment_attempts a LEFT JOIN payments p ON p.id = a.payment_id
           WHERE a.id = $1 AND ($2::bigint IS NULL OR a.customer_id = $2)"#,
        id.0,
        customer_id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let status = AttemptStatus::parse(&row.status).unwrap_or_default();
    let instructions: Vec<Instruction> =
        serde_json::from_value::<Vec<paygate::tripay::Instruction>>(row.instructions)
            .unwrap_or_default()
            .into_iter()
            .map(|i| Instruction {
                title: i.title,
                steps: i.steps,
            })
            .collect();
    let qr_svg = row
        .qr_string
        .as_deref()
        .filter(|_| status.is_open())
        .and_then(|payload| qr::svg(payload, &row.channel_name));
    Ok(AttemptView {
        id: AttemptId(row.id),
        order_id: row.order_id,
        gateway: Gateway::parse(&row.gateway).unwrap_or(Gateway::Midtrans),
        channel: row.channel,
        channel_name: row.channel_name,
        status,
        amount: row.amount,
        fee_customer: row.fee_customer,
        gross_amount: row.gross_amount,
        invoice_numbers: row.invoice_numbers,
        redirect_url: row.redirect_url,
        pay_code: row.pay_code,
        qr_svg,
        instructions,
        expires_at: row.expires_at,
        paid_at: row.paid_at,
        receipt_number: row.receipt,
        created_at: row.created_at,
    })
}

/// Gateway transactions started from `from` to `to` (Jakarta days, inclusive) against their
/// ledger payments; those needing finance first, then the newest.
pub async fn reconciliation(
    conn: &mut PgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Reconciliation> {
    // payment_attempts_created_idx
    let rows = sqlx::query!(
        r#"SELECT a.id, a.order_id, a.gateway, a.channel, a.gateway_reference, a.customer_id,
                  c.code, c.full_name, a.status, a.amount, a.gross_amount, a.reported_amount,
                  a.problem, p.number AS "payment_number?", p.status AS "payment_status?",
                  a.created_at, a.paid_at,
                  (a.status = 'held' OR (a.status = 'paid' AND p.status <> 'completed'))
                      AS "needs_review!"
           FROM payment_attempts a
           JOIN customers c ON c.id = a.customer_id
           LEFT JOIN payments p ON p.id = a.payment_id
           WHERE a.created_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Jakarta'
             AND a.created_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta'
           ORDER BY 18 DESC, a.created_at DESC, a.id DESC
           LIMIT 2000"#,
        from,
        to
    )
    .fetch_all(&mut *conn)
    .await?;
    let rows: Vec<ReconRow> = rows
        .into_iter()
        .map(|r| ReconRow {
            id: AttemptId(r.id),
            order_id: r.order_id,
            gateway: Gateway::parse(&r.gateway).unwrap_or(Gateway::Midtrans),
            channel: r.channel,
            gateway_reference: r.gateway_reference,
            customer_id: r.customer_id,
            customer_code: r.code,
            customer_name: r.full_name,
            status: AttemptStatus::parse(&r.status).unwrap_or_default(),
            amount: r.amount,
            gross_amount: r.gross_amount,
            reported_amount: r.reported_amount,
            problem: r.problem,
            payment_number: r.payment_number,
            payment_status: r.payment_status,
            created_at: r.created_at,
            paid_at: r.paid_at,
            needs_review: r.needs_review,
        })
        .collect();
    // Totals over the whole range (the list above stops at 2,000 rows).
    let totals = sqlx::query!(
        r#"SELECT gateway,
                  count(*) FILTER (WHERE status = 'paid') AS "paid_count!",
                  COALESCE(sum(amount) FILTER (WHERE status = 'paid'), 0)::bigint AS "paid_amount!",
                  count(*) FILTER (WHERE status = 'refunded') AS "refunded_count!",
                  count(*) FILTER (WHERE status = 'held') AS "held_count!",
                  count(*) FILTER (WHERE status IN ('creating', 'pending')) AS "open_count!",
                  count(*) FILTER (WHERE status IN ('expired', 'failed')) AS "closed_count!"
           FROM payment_attempts
           WHERE created_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Jakarta'
             AND created_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta'
           GROUP BY gateway ORDER BY gateway"#,
        from,
        to
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|t| ReconTotals {
        gateway: Gateway::parse(&t.gateway)
            .map(Gateway::label)
            .unwrap_or("?")
            .to_owned(),
        paid_count: t.paid_count,
        paid_amount: t.paid_amount,
        refunded_count: t.refunded_count,
        held_count: t.held_count,
        open_count: t.open_count,
        closed_count: t.closed_count,
    })
    .collect();
    let refused_events = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM gateway_events
           WHERE (NOT verified OR outcome IN ('unknown_order', 'malformed', 'rejected'))
             AND received_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Jakarta'
             AND received_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta'"#,
        from,
        to
    )
    .fetch_one(conn)
    .await?;
    Ok(Reconciliation {
        rows,
        totals,
        refused_events,
    })
}
