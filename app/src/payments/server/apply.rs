//! Applying what a gateway reports about an attempt, exactly once.
//!
//! Webhooks, the poller and the portal's status page may report the same payment at the
//! same moment, repeatedly and out of order. Every report goes through [`apply`], which
//! locks the attempt row first: the first "paid" report credits the ledger and marks the
//! attempt paid in the same transaction; every later one finds it paid and changes nothing.
//! Paid never goes back: a "pending" or "expired" arriving after "paid" is stale. A paid
//! report whose amount differs from the attempt's is held for finance instead of applied.
//! Refunds and chargebacks are their own ledger entries, once per gateway report.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::audit::server::AuditEvent;
use crate::billing::model::drafts::MAX_AMOUNT;
use crate::billing::model::PaymentMethod;
use crate::billing::server::payments::{record_received, record_refund, NewPayment};
use crate::billing::server::{ledger, settings};
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::format::TimeZone;
use crate::i18n::Msg;
use crate::payments::model::{AttemptId, AttemptStatus, Gateway, HeldDecision};
use crate::request::Actor;

/// What a gateway said about an order, in Simpul's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Observed {
    Pending,
    /// Money received; `reported` is the amount the gateway names (None when unreadable).
    Paid {
        reported: Option<i64>,
        paid_at: Option<DateTime<Utc>>,
    },
    /// Fraud detection wants a decision (Midtrans `capture` + `challenge`).
    Challenge,
    /// Closed without money.
    Closed {
        expired: bool,
    },
    /// Money given back: `total` is what has been refunded so far (None: all of it). A
    /// running total makes a repeated or reordered report add nothing.
    Refund {
        total: Option<i64>,
        chargeback: bool,
    },
    /// Nothing Simpul acts on.
    Ignored,
}

/// Facts about the order that come with a report.
#[derive(Clone, Debug, Default)]
pub struct Details {
    pub gateway_reference: Option<String>,
    pub channel: Option<String>,
}

/// What applying a report did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    Credited,
    Duplicate,
    Held,
    Pending,
    Closed,
    Refunded,
    /// The report is older than what Simpul knows (pending after paid, expired after paid).
    Stale,
    Ignored,
}

impl Applied {
    pub fn as_str(self) -> &'static str {
        match self {
            Applied::Credited => "credited",
            Applied::Duplicate => "duplicate",
            Applied::Held => "held",
            Applied::Pending => "pending",
            Applied::Closed => "closed",
            Applied::Refunded => "refunded",
            Applied::Stale => "stale",
            Applied::Ignored => "ignored",
        }
    }
}

/// The outcome for the caller: which attempt, what happened, and the payment if one was made.
#[derive(Clone, Debug)]
pub struct Report {
    pub attempt_id: i64,
    pub customer_id: i64,
    pub applied: Applied,
    pub payment_id: Option<i64>,
}

struct Locked {
    id: i64,
    gateway: String,
    customer_id: i64,
    status: String,
    amount: i64,
    gross_amount: i64,
    invoice_ids: Vec<i64>,
    payment_id: Option<i64>,
    reported_amount: Option<i64>,
    gateway_reference: Option<String>,
    channel: String,
    problem: Option<String>,
    /// Finance decided this attempt (a held one credited or closed): reports no longer move it.
    resolved: bool,
}

/// Applies a report to the attempt with `order_id`. `None` when no attempt has that order id
/// (another system's order, or a forgery that somehow passed the signature).
pub async fn apply(
    db: &PgPool,
    gateway: Gateway,
    order_id: &str,
    observed: Observed,
    details: Details,
) -> ServiceResult<Option<Report>> {
    let mut tx = db.begin().await?;
    let attempt = sqlx::query_as!(
        Locked,
        r#"SELECT id, gateway, customer_id, status, amount, gross_amount, invoice_ids,
                  payment_id, reported_amount, gateway_reference, channel, problem,
                  resolved_by IS NOT NULL AS "resolved!"
           FROM payment_attempts WHERE order_id = $1 FOR UPDATE"#,
        order_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(attempt) = attempt.filter(|a| a.gateway == gateway.as_str()) else {
        return Ok(None);
    };
    let status = AttemptStatus::parse(&attempt.status).unwrap_or_default();
    let actor = Actor {
        label: Some(gateway.as_str().into()),
        ..Actor::default()
    };
    remember_details(&mut tx, &attempt, &details).await?;
    let mut payment_id = None;
    let applied = match observed {
        Observed::Paid { reported, paid_at } => match status {
            AttemptStatus::Paid | AttemptStatus::Refunded => Applied::Duplicate,
            // Finance closed it (e.g. recorded the money by hand): a late report is for
            // the reconciliation screen, not for a second credit.
            _ if attempt.resolved => Applied::Stale,
            _ if reported != Some(attempt.gross_amount) => {
                hold(&mut tx, &attempt, status, "amount_mismatch", reported).await?
            }
            _ => {
                let id = credit(
                    &mut tx,
                    &actor,
                    gateway,
                    &attempt,
                    &details,
                    paid_at,
                    attempt.amount,
                )
                .await?;
                payment_id = Some(id);
                Applied::Credited
            }
        },
        Observed::Pending => match status {
            AttemptStatus::Creating => {
                set_status(&mut tx, attempt.id, AttemptStatus::Pending, None).await?;
                Applied::Pending
            }
            AttemptStatus::Pending => Applied::Pending,
            _ => Applied::Stale,
        },
        Observed::Challenge => match status {
            AttemptStatus::Creating | AttemptStatus::Pending => {
                hold(&mut tx, &attempt, status, "challenge", None).await?
            }
            AttemptStatus::Held => Applied::Duplicate,
            _ => Applied::Stale,
        },
        Observed::Closed { expired } => match status {
            // A challenged payment the merchant denied is closed too; one held for its
            // amount stays with finance.
            AttemptStatus::Creating | AttemptStatus::Pending | AttemptStatus::Held
                if status != AttemptStatus::Held
                    || attempt.problem.as_deref() == Some("challenge") =>
            {
                let to = if expired {
                    AttemptStatus::Expired
                } else {
                    AttemptStatus::Failed
                };
                set_status(&mut tx, attempt.id, to, None).await?;
                Applied::Closed
            }
            AttemptStatus::Expired | AttemptStatus::Failed => Applied::Duplicate,
            _ => Applied::Stale,
        },
        Observed::Refund { total, chargeback } => match (status, attempt.payment_id) {
            (AttemptStatus::Paid | AttemptStatus::Refunded, Some(paid_by)) => {
                refund(&mut tx, &actor, &attempt, paid_by, total, chargeback).await?
            }
            _ => Applied::Stale,
        },
        Observed::Ignored => Applied::Ignored,
    };
    tx.commit().await?;
    Ok(Some(Report {
        attempt_id: attempt.id,
        customer_id: attempt.customer_id,
        applied,
        payment_id: payment_id.or(attempt.payment_id),
    }))
}

pub(crate) fn clip(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// Keeps the gateway's transaction id and the channel the customer picked (Midtrans tells
/// them only once the customer chooses), without overwriting what is known.
async fn remember_details(
    conn: &mut PgConnection,
    attempt: &Locked,
    details: &Details,
) -> ServiceResult<()> {
    // Gateways' strings are kept only as long as the columns allow: an odd value must never
    // make a payment impossible to record.
    let reference = details
        .gateway_reference
        .as_deref()
        .filter(|_| attempt.gateway_reference.is_none())
        .map(|r| clip(r, 100));
    let channel = details
        .channel
        .as_deref()
        .filter(|c| attempt.channel.is_empty() && !c.is_empty())
        .map(|c| clip(c, 40));
    if reference.is_some() || channel.is_some() {
        sqlx::query!(
            r#"UPDATE payment_attempts
               SET gateway_reference = COALESCE(gateway_reference, $2),
                   channel = CASE WHEN channel = '' THEN COALESCE($3, '') ELSE channel END,
                   updated_at = now()
               WHERE id = $1"#,
            attempt.id,
            reference.as_deref(),
            channel.as_deref()
        )
        .execute(conn)
        .await?;
    }
    Ok(())
}

async fn set_status(
    conn: &mut PgConnection,
    attempt_id: i64,
    status: AttemptStatus,
    problem: Option<&str>,
) -> ServiceResult<()> {
    sqlx::query!(
        r#"UPDATE payment_attempts SET status = $2, problem = COALESCE($3, problem),
                                       updated_at = now()
           WHERE id = $1"#,
        attempt_id,
        status.as_str(),
        problem
    )
    .execute(conn)
    .await?;
    Ok(())
}

async fn hold(
    conn: &mut PgConnection,
    attempt: &Locked,
    status: AttemptStatus,
    problem: &str,
    reported: Option<i64>,
) -> ServiceResult<Applied> {
    if status == AttemptStatus::Held && attempt.reported_amount == reported {
        return Ok(Applied::Duplicate);
    }
    sqlx::query!(
        r#"UPDATE payment_attempts SET status = 'held', problem = $2, reported_amount = $3,
                                       updated_at = now()
           WHERE id = $1"#,
        attempt.id,
        problem,
        reported
    )
    .execute(conn)
    .await?;
    tracing::warn!(
        attempt.id = attempt.id,
        problem,
        ?reported,
        "gateway payment held"
    );
    Ok(Applied::Held)
}

/// Writes the payment (receipt, ledger credit matched to the attempt's invoices, lines
/// restored when nothing is overdue) and marks the attempt paid.
async fn credit(
    conn: &mut PgConnection,
    actor: &Actor,
    gateway: Gateway,
    attempt: &Locked,
    details: &Details,
    paid_at: Option<DateTime<Utc>>,
    amount: i64,
) -> ServiceResult<i64> {
    ledger::lock_customer(conn, attempt.customer_id).await?;
    let today = settings::today();
    let received_on = paid_at
        .map(|t| {
            t.with_timezone(&TimeZone::AsiaJakarta.offset())
                .date_naive()
        })
        .filter(|d| *d <= today)
        .unwrap_or(today);
    let reference = details
        .gateway_reference
        .clone()
        .or_else(|| attempt.gateway_reference.clone())
        .unwrap_or_default();
    let channel = details.channel.as_deref().unwrap_or(&attempt.channel);
    let note = format!("{} {channel}", gateway.label()).trim().to_owned();
    let method = match gateway {
        Gateway::Midtrans => PaymentMethod::Midtrans,
        Gateway::Tripay => PaymentMethod::Tripay,
    };
    let (payment_id, _number) = record_received(
        conn,
        actor,
        NewPayment {
            customer_id: attempt.customer_id,
            method,
            amount,
            received_on,
            reference: &reference.chars().take(120).collect::<String>(),
            note: &note,
            invoice_ids: &attempt.invoice_ids,
            skip_closed_invoices: true,
        },
        today,
    )
    .await?;
    sqlx::query!(
        r#"UPDATE payment_attempts
           SET status = 'paid', payment_id = $2, paid_at = COALESCE($3, now()),
               next_check_at = NULL, updated_at = now()
           WHERE id = $1"#,
        attempt.id,
        payment_id,
        paid_at
    )
    .execute(conn)
    .await?;
    tracing::info!(
        attempt.id = attempt.id,
        payment.id = payment_id,
        "gateway payment credited"
    );
    Ok(payment_id)
}

async fn refund(
    conn: &mut PgConnection,
    actor: &Actor,
    attempt: &Locked,
    payment_id: i64,
    total: Option<i64>,
    chargeback: bool,
) -> ServiceResult<Applied> {
    // Customer before payment, as everywhere (a reversal locks them in that order).
    ledger::lock_customer(conn, attempt.customer_id).await?;
    let payment = sqlx::query!(
        r#"SELECT amount, status,
                  (SELECT COALESCE(sum(amount), 0) FROM payment_refunds WHERE payment_id = $1)::bigint
                      AS "refunded!"
           FROM payments WHERE id = $1 FOR UPDATE"#,
        payment_id
    )
    .fetch_one(&mut *conn)
    .await?;
    // Gateways count refunds over what the customer paid (fees included); the ledger never
    // gives back more than the payment it credited.
    let total = total.unwrap_or(payment.amount).clamp(0, payment.amount);
    let amount = total - payment.refunded;
    if amount <= 0 {
        return Ok(Applied::Duplicate);
    }
    let kind = if chargeback { "chargeback" } else { "refund" };
    let refund_id = sqlx::query_scalar!(
        r#"INSERT INTO payment_refunds (attempt_id, payment_id, amount, kind, gateway_key)
           VALUES ($1, $2, $3, $4, $5) RETURNING id"#,
        attempt.id,
        payment_id,
        amount,
        kind,
        format!("{kind}:{total}")
    )
    .fetch_one(&mut *conn)
    .await?;
    let description = format!(
        "{kind} {}",
        attempt.gateway_reference.as_deref().unwrap_or("")
    );
    // A payment finance already reversed is out of the ledger: the refund is recorded for
    // the reconciliation screen, but charging the customer again would count it twice.
    if payment.status == "completed" {
        record_refund(
            conn,
            actor,
            payment_id,
            refund_id,
            amount,
            description.trim(),
            settings::today(),
        )
        .await?;
    }
    if total >= payment.amount {
        sqlx::query!(
            "UPDATE payment_attempts SET status = 'refunded', updated_at = now() WHERE id = $1",
            attempt.id
        )
        .execute(conn)
        .await?;
    }
    Ok(Applied::Refunded)
}

/// Finance's decision on a held attempt: credit what really arrived, or close it with a
/// reason. Audited; a held attempt is decided once.
pub async fn resolve_held(
    db: &PgPool,
    actor: &Actor,
    attempt_id: AttemptId,
    decision: HeldDecision,
    note: &str,
) -> ServiceResult<()> {
    let note = note.trim();
    if note.chars().count() > 400 {
        return Err(FieldErrors::single("note", Msg::ValTooLong).into());
    }
    let amount = match &decision {
        HeldDecision::Apply { amount } => {
            let parsed = crate::plans::model::parse_rupiah(amount)
                .filter(|a| (1..=MAX_AMOUNT).contains(a))
                .ok_or_else(|| FieldErrors::single("amount", Msg::ValRupiah))?;
            Some(parsed)
        }
        HeldDecision::Dismiss if note.is_empty() => {
            return Err(FieldErrors::single("note", Msg::ValReasonRequired).into());
        }
        HeldDecision::Dismiss => None,
    };
    let mut tx = db.begin().await?;
    let attempt = sqlx::query_as!(
        Locked,
        r#"SELECT id, gateway, customer_id, status, amount, gross_amount, invoice_ids,
                  payment_id, reported_amount, gateway_reference, channel, problem,
                  resolved_by IS NOT NULL AS "resolved!"
           FROM payment_attempts WHERE id = $1 FOR UPDATE"#,
        attempt_id.0
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if attempt.status != AttemptStatus::Held.as_str() {
        return Err(AppError::Conflict(Msg::PayNotHeld).into());
    }
    // Midtrans has not captured a challenged card payment: the decision belongs in its
    // dashboard, and the notification that follows settles or closes the attempt.
    if amount.is_some() && attempt.problem.as_deref() == Some("challenge") {
        return Err(AppError::Conflict(Msg::PayChallengeAtGateway).into());
    }
    let gateway = Gateway::parse(&attempt.gateway).ok_or(AppError::Internal)?;
    match amount {
        Some(amount) => {
            credit(
                &mut tx,
                actor,
                gateway,
                &attempt,
                &Details::default(),
                None,
                amount,
            )
            .await?;
        }
        None => {
            set_status(&mut tx, attempt.id, AttemptStatus::Failed, None).await?;
        }
    }
    sqlx::query!(
        "UPDATE payment_attempts SET resolved_by = $2 WHERE id = $1",
        attempt.id,
        actor.user_id.map(|u| u.0)
    )
    .execute(&mut *tx)
    .await?;
    AuditEvent::new("payment_attempt.resolve", "payment_attempt", attempt.id)
        .before(
            &serde_json::json!({ "status": "held", "reported_amount": attempt.reported_amount }),
        )
        .after(&serde_json::json!({
            "status": if amount.is_some() { "paid" } else { "failed" },
            "credited": amount,
            "note": note,
        }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
