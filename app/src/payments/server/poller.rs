//! Asking the gateways about attempts still open, so a lost webhook never loses a payment.
//!
//! An attempt is first checked three minutes after it starts, then less and less often
//! (1, 2, 5, 10, 30 minutes, then hourly) until the gateway closes it. One that the gateway
//! does not know (a Snap page never used) is closed locally an hour after it expired. The
//! portal's status page also checks its attempt at once, at most every few seconds, so a
//! customer who just paid sees it even before the webhook arrives.

use chrono::Utc;
use sqlx::PgPool;

use super::apply::{self, Applied, Details, Observed};
use super::events::{self, Event, Source};
use super::gateways::{self, Gateways};
use super::webhooks::{midtrans_details, midtrans_observed, tripay_observed};
use crate::error::server::ServiceResult;
use crate::payments::model::Gateway;
use crate::request::AppContext;

/// Delay before the next check, by how many checks were made.
fn backoff_minutes(checks: i32) -> i32 {
    match checks {
        0 => 1,
        1 => 2,
        2 => 5,
        3 => 10,
        4 => 30,
        _ => 60,
    }
}

struct Due {
    id: i64,
    order_id: String,
    gateway: String,
    gateway_reference: Option<String>,
    checks: i32,
    expired_long_ago: bool,
}

/// Checks attempts whose time has come; returns how many were asked about.
pub async fn check_due(ctx: &AppContext, limit: i64) -> ServiceResult<usize> {
    let due = sqlx::query_as!(
        Due,
        r#"SELECT id, order_id, gateway, gateway_reference, checks,
                  expires_at < now() - interval '1 hour' AS "expired_long_ago!"
           FROM payment_attempts
           WHERE (status IN ('creating', 'pending') OR (status = 'held' AND problem = 'challenge'))
             AND next_check_at <= now()
           ORDER BY next_check_at LIMIT $1"#,
        limit
    )
    .fetch_all(&ctx.pool)
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let gateways = {
        let mut conn = ctx.pool.acquire().await?;
        gateways::load(&mut conn, &ctx.secrets, &ctx.gateways).await?
    };
    for attempt in &due {
        // One attempt that cannot be applied must not stop the others (nor keep its place
        // at the head of the queue): it is logged and asked about again later.
        if let Err(error) = check(&ctx.pool, &gateways, attempt, true).await {
            tracing::error!(
                attempt.id = attempt.id,
                ?error,
                "payment attempt check failed"
            );
            reschedule(&ctx.pool, attempt).await?;
        }
    }
    Ok(due.len())
}

/// Checks one attempt now unless it was checked in the last `min_gap_secs`. Used by the
/// portal's status page.
pub async fn check_now(ctx: &AppContext, attempt_id: i64, min_gap_secs: i32) -> ServiceResult<()> {
    let attempt = sqlx::query_as!(
        Due,
        r#"UPDATE payment_attempts SET checked_at = now()
           WHERE id = $1 AND status IN ('creating', 'pending')
             AND (checked_at IS NULL OR checked_at < now() - make_interval(secs => $2))
           RETURNING id, order_id, gateway, gateway_reference, checks,
                     expires_at < now() - interval '1 hour' AS "expired_long_ago!""#,
        attempt_id,
        f64::from(min_gap_secs)
    )
    .fetch_optional(&ctx.pool)
    .await?;
    let Some(attempt) = attempt else {
        return Ok(());
    };
    let gateways = {
        let mut conn = ctx.pool.acquire().await?;
        gateways::load(&mut conn, &ctx.secrets, &ctx.gateways).await?
    };
    // The customer watching the page does not slow the background checks down.
    check(&ctx.pool, &gateways, &attempt, false).await
}

async fn check(
    db: &PgPool,
    gateways: &Gateways,
    attempt: &Due,
    scheduled: bool,
) -> ServiceResult<()> {
    let maybe_reschedule = |db, attempt| async move {
        if scheduled {
            reschedule(db, attempt).await
        } else {
            Ok(())
        }
    };
    let gateway = Gateway::parse(&attempt.gateway).unwrap_or(Gateway::Midtrans);
    let answer: Result<Option<(Observed, Details, String)>, String> = match gateway {
        Gateway::Midtrans => match &gateways.midtrans {
            None => Err("Midtrans is not enabled".into()),
            Some(client) => match client.status(&attempt.order_id).await {
                Ok(Some(status)) if status.signature_valid(client.server_key()) => Ok(Some((
                    midtrans_observed(&status),
                    midtrans_details(&status),
                    status.transaction_status.clone(),
                ))),
                Ok(Some(_)) => Err("status answer had a bad signature".into()),
                Ok(None) => Ok(None),
                Err(error) => Err(error.to_string()),
            },
        },
        Gateway::Tripay => match (&gateways.tripay, &attempt.gateway_reference) {
            (None, _) => Err("Tripay is not enabled".into()),
            (Some(_), None) => Ok(None),
            (Some(client), Some(reference)) => match client.detail(reference).await {
                Ok(Some(tx)) => Ok(Some((
                    tripay_observed(tx.status(), tx.amount, tx.paid_at),
                    Details {
                        gateway_reference: Some(tx.reference.clone()),
                        channel: Some(tx.payment_method.clone()).filter(|m| !m.is_empty()),
                    },
                    tx.status.clone(),
                ))),
                Ok(None) => Ok(None),
                Err(error) => Err(error.to_string()),
            },
        },
    };
    let (observed, details, gateway_status) = match answer {
        Ok(Some(found)) => found,
        // Unknown to the gateway: the customer never got as far as paying. Once it expired
        // there is nothing left to wait for.
        Ok(None) if attempt.expired_long_ago => (
            Observed::Closed { expired: true },
            Details::default(),
            "unknown".to_owned(),
        ),
        Ok(None) => {
            maybe_reschedule(db, attempt).await?;
            return Ok(());
        }
        Err(why) => {
            tracing::warn!(attempt.id = attempt.id, %why, "payment status check failed");
            maybe_reschedule(db, attempt).await?;
            return Ok(());
        }
    };
    let report = apply::apply(db, gateway, &attempt.order_id, observed, details).await?;
    if let Some(report) = &report {
        // Only what changed something is worth a line in the event log.
        if !matches!(report.applied, Applied::Pending | Applied::Duplicate) {
            events::record(
                db,
                Event {
                    gateway,
                    source: Source::Poll,
                    order_id: Some(&attempt.order_id),
                    gateway_status: Some(&gateway_status),
                    amount: None,
                    verified: true,
                    outcome: report.applied.as_str(),
                    detail: String::new(),
                    body: b"",
                    remote_addr: None,
                },
            )
            .await;
        }
    }
    maybe_reschedule(db, attempt).await
}

async fn reschedule(db: &PgPool, attempt: &Due) -> ServiceResult<()> {
    let minutes = backoff_minutes(attempt.checks);
    sqlx::query!(
        r#"UPDATE payment_attempts
           SET checks = checks + 1, checked_at = $2,
               next_check_at = CASE WHEN status IN ('creating', 'pending')
                                         OR (status = 'held' AND problem = 'challenge')
                                    THEN now() + make_interval(mins => $3) END
           WHERE id = $1"#,
        attempt.id,
        Utc::now(),
        minutes
    )
    .execute(db)
    .await?;
    Ok(())
}
