//! The customer ledger: entries, their matching (allocations), and settling.
//!
//! Every money movement is an entry; the balance is their sum. An entry's open amount is the
//! part not yet matched with an entry of the other sign. Settling matches a customer's open
//! credits (payments, credit notes, credit adjustments) against open debits (invoices by due
//! date, reversals, debit adjustments), oldest first, so an overpayment or a payment that
//! arrives before its invoice is applied to the next invoice by itself. An invoice's
//! `amount_due` and status follow the open amount of its entry, in the same statement that
//! moves it. Callers hold the customer's row lock (`lock_customer`) while they change the
//! ledger, so settling never races another settle of the same customer.

use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::request::Actor;
use chrono::NaiveDate;
use sqlx::PgConnection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Invoice,
    Payment,
    CreditNote,
    PaymentReversal,
    Adjustment,
    Refund,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Invoice => "invoice",
            EntryKind::Payment => "payment",
            EntryKind::CreditNote => "credit_note",
            EntryKind::PaymentReversal => "payment_reversal",
            EntryKind::Adjustment => "adjustment",
            EntryKind::Refund => "refund",
        }
    }
}

/// A new entry. `amount` > 0 is owed by the customer, < 0 is in the customer's favour.
#[derive(Debug)]
pub struct NewEntry<'a> {
    pub customer_id: i64,
    pub kind: EntryKind,
    pub amount: i64,
    pub invoice_id: Option<i64>,
    pub payment_id: Option<i64>,
    pub credit_note_id: Option<i64>,
    pub description: &'a str,
    pub settle_order: NaiveDate,
}

/// Locks the customer's row for a ledger change; NotFound when there is no such customer.
pub async fn lock_customer(conn: &mut PgConnection, customer_id: i64) -> ServiceResult<()> {
    sqlx::query_scalar!(
        "SELECT id FROM customers WHERE id = $1 FOR UPDATE",
        customer_id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(())
}

/// Writes an entry, fully open. Returns its id.
pub async fn post(
    conn: &mut PgConnection,
    actor: &Actor,
    entry: NewEntry<'_>,
) -> ServiceResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO ledger_entries
               (customer_id, kind, amount, open_amount, invoice_id, payment_id, credit_note_id,
                description, settle_order, created_by)
           VALUES ($1, $2, $3::bigint, abs($3::bigint), $4, $5, $6, $7, $8, $9) RETURNING id"#,
        entry.customer_id,
        entry.kind.as_str(),
        entry.amount,
        entry.invoice_id,
        entry.payment_id,
        entry.credit_note_id,
        entry.description,
        entry.settle_order,
        actor.user_id.map(|u| u.0),
    )
    .fetch_one(conn)
    .await?)
}

/// Writes the debit of money a gateway gave back (a refund or chargeback), fully open.
pub async fn post_refund(
    conn: &mut PgConnection,
    actor: &Actor,
    customer_id: i64,
    refund_id: i64,
    amount: i64,
    description: &str,
    settle_order: NaiveDate,
) -> ServiceResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO ledger_entries
               (customer_id, kind, amount, open_amount, refund_id, description, settle_order,
                created_by)
           VALUES ($1, 'refund', $2, $2, $3, $4, $5, $6) RETURNING id"#,
        customer_id,
        amount,
        refund_id,
        description,
        settle_order,
        actor.user_id.map(|u| u.0),
    )
    .fetch_one(conn)
    .await?)
}

/// Writes one open entry per issued invoice with something to pay.
pub async fn post_invoices(
    conn: &mut PgConnection,
    actor: &Actor,
    invoice_ids: &[i64],
) -> ServiceResult<()> {
    sqlx::query!(
        r#"INSERT INTO ledger_entries
               (customer_id, kind, amount, open_amount, invoice_id, description, settle_order,
                created_by)
           SELECT customer_id, 'invoice', total, total, id, number, due_date, $2
           FROM invoices WHERE id = ANY($1) AND total > 0 AND status <> 'draft'
           ORDER BY id"#,
        invoice_ids,
        actor.user_id.map(|u| u.0),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The entry that carries an invoice, a payment (of `kind`) or a credit note.
pub async fn entry_of_invoice(
    conn: &mut PgConnection,
    invoice_id: i64,
) -> ServiceResult<Option<i64>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM ledger_entries WHERE invoice_id = $1 AND kind = 'invoice'",
        invoice_id
    )
    .fetch_optional(conn)
    .await?)
}

pub async fn entry_of_payment(
    conn: &mut PgConnection,
    payment_id: i64,
    kind: EntryKind,
) -> ServiceResult<i64> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM ledger_entries WHERE payment_id = $1 AND kind = $2",
        payment_id,
        kind.as_str()
    )
    .fetch_one(conn)
    .await?)
}

/// Matches `(debit, credit, amount)` triples: records them and lowers both open amounts.
/// Fails (rolling back the caller) if any would take more than is open.
pub async fn allocate(conn: &mut PgConnection, matches: &[(i64, i64, i64)]) -> ServiceResult<()> {
    if matches.is_empty() {
        return Ok(());
    }
    let debits: Vec<i64> = matches.iter().map(|m| m.0).collect();
    let credits: Vec<i64> = matches.iter().map(|m| m.1).collect();
    let amounts: Vec<i64> = matches.iter().map(|m| m.2).collect();
    sqlx::query!(
        r#"INSERT INTO ledger_allocations (debit_id, credit_id, amount)
           SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[])"#,
        &debits,
        &credits,
        &amounts
    )
    .execute(&mut *conn)
    .await?;
    // The CHECK on open_amount refuses a match larger than what is open.
    let entry_ids: Vec<i64> = debits.iter().chain(credits.iter()).copied().collect();
    let entry_amounts: Vec<i64> = amounts.iter().chain(amounts.iter()).copied().collect();
    adjust_open(conn, &entry_ids, &entry_amounts, -1).await
}

/// Takes back every live match of `entry_id` (from either side), reopening both sides.
pub async fn release_all(conn: &mut PgConnection, entry_id: i64) -> ServiceResult<()> {
    let released = sqlx::query!(
        r#"UPDATE ledger_allocations SET released_at = now()
           WHERE (debit_id = $1 OR credit_id = $1) AND released_at IS NULL
           RETURNING debit_id, credit_id, amount"#,
        entry_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut ids = Vec::with_capacity(released.len() * 2);
    let mut amounts = Vec::with_capacity(released.len() * 2);
    for r in released {
        ids.extend([r.debit_id, r.credit_id]);
        amounts.extend([r.amount, r.amount]);
    }
    adjust_open(conn, &ids, &amounts, 1).await
}

/// Adds `sign × amount` to each entry's open amount (summed per entry) and brings the
/// invoices those entries carry in line.
async fn adjust_open(
    conn: &mut PgConnection,
    ids: &[i64],
    amounts: &[i64],
    sign: i64,
) -> ServiceResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        r#"WITH delta AS (
               SELECT id, sum(amount) * $3::bigint AS change
               FROM UNNEST($1::bigint[], $2::bigint[]) AS d(id, amount) GROUP BY id),
           moved AS (
               UPDATE ledger_entries e SET open_amount = e.open_amount + delta.change
               FROM delta WHERE e.id = delta.id
               RETURNING e.invoice_id, e.kind, e.open_amount)
           UPDATE invoices i
           SET amount_due = moved.open_amount,
               status = CASE WHEN i.status = 'cancelled' THEN 'cancelled'
                             WHEN moved.open_amount = 0 THEN 'paid'
                             WHEN moved.open_amount >= i.total THEN 'issued'
                             ELSE 'partially_paid' END
           FROM moved WHERE moved.kind = 'invoice' AND i.id = moved.invoice_id"#,
        ids,
        amounts,
        sign
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Matches the customer's open credits against open debits, oldest first. Returns the
/// total matched.
pub async fn settle(conn: &mut PgConnection, customer_id: i64) -> ServiceResult<i64> {
    let open = sqlx::query!(
        r#"SELECT id, amount > 0 AS "debit!", open_amount FROM ledger_entries
           WHERE customer_id = $1 AND open_amount > 0
           ORDER BY settle_order, id"#,
        customer_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let (mut debits, mut credits): (Vec<_>, Vec<_>) = open.into_iter().partition(|e| e.debit);
    let mut matches = Vec::new();
    let (mut d, mut c) = (0, 0);
    while d < debits.len() && c < credits.len() {
        let amount = debits[d].open_amount.min(credits[c].open_amount);
        matches.push((debits[d].id, credits[c].id, amount));
        debits[d].open_amount -= amount;
        credits[c].open_amount -= amount;
        if debits[d].open_amount == 0 {
            d += 1;
        }
        if credits[c].open_amount == 0 {
            c += 1;
        }
    }
    let total = matches.iter().map(|m| m.2).sum();
    allocate(conn, &matches).await?;
    Ok(total)
}

/// Customers among `customer_ids` holding unmatched credit.
pub async fn with_credit(conn: &mut PgConnection, customer_ids: &[i64]) -> ServiceResult<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT DISTINCT customer_id FROM ledger_entries
           WHERE customer_id = ANY($1) AND amount < 0 AND open_amount > 0"#,
        customer_ids
    )
    .fetch_all(conn)
    .await?)
}

/// The customer's balance: what they owe (> 0) or their credit (< 0).
pub async fn balance(conn: &mut PgConnection, customer_id: i64) -> ServiceResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COALESCE(sum(amount), 0)::bigint AS "balance!" FROM ledger_entries
           WHERE customer_id = $1"#,
        customer_id
    )
    .fetch_one(conn)
    .await?)
}
