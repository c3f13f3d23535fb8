//! The two webhooks, as plain functions of the raw request so the HTTP layer stays thin:
//! `POST /api/payments/midtrans/notification` and `POST /api/payments/tripay/callback`.
//!
//! Order of checks: the gateway is configured, the body parses, the signature matches (over
//! the exact strings or bytes received), then the report is applied exactly once. Anything
//! refused gets a 4xx, changes nothing and is logged as an event. A database failure gets a
//! 500 so the gateway sends it again.

use chrono::{DateTime, NaiveDateTime, TimeZone as _, Utc};
use paygate::{midtrans, tripay};
use serde_json::{json, Value};

use super::apply::{self, Applied, Details, Observed};
use super::events::{self, Event, Source};
use super::gateways;
use crate::payments::model::Gateway;
use crate::request::AppContext;

const CONFIRM_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(4);

/// The answer to send back.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply { status, body }
}

/// Midtrans's `transaction_time`/`settlement_time` are Jakarta wall-clock times.
fn jakarta_time(text: Option<&str>) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text?, "%Y-%m-%d %H:%M:%S").ok()?;
    crate::format::TimeZone::AsiaJakarta
        .offset()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// What a Midtrans notification (or status answer) reports.
pub fn midtrans_observed(n: &midtrans::Notification) -> Observed {
    use midtrans::Outcome;
    match n.outcome() {
        Outcome::Pending | Outcome::Authorized => Observed::Pending,
        Outcome::Paid => Observed::Paid {
            reported: n.amount(),
            paid_at: jakarta_time(n.settlement_time.as_deref())
                .or_else(|| jakarta_time(n.transaction_time.as_deref())),
        },
        Outcome::Challenge => Observed::Challenge,
        Outcome::Closed => Observed::Closed {
            expired: n.transaction_status == "expire",
        },
        // A partial refund without a readable amount is kept in the event log for finance
        // rather than guessed (booking it whole would overcharge the customer).
        Outcome::Refunded { partial: true } | Outcome::Chargeback { partial: true }
            if n.refunded_total.is_none() =>
        {
            Observed::Ignored
        }
        Outcome::Refunded { partial } | Outcome::Chargeback { partial } => Observed::Refund {
            total: if partial { n.refunded_total } else { None },
            chargeback: matches!(n.outcome(), Outcome::Chargeback { .. }),
        },
        Outcome::Unknown => Observed::Ignored,
    }
}

pub fn midtrans_details(n: &midtrans::Notification) -> Details {
    Details {
        gateway_reference: n.transaction_id.clone(),
        channel: n.payment_type.clone(),
    }
}

/// What a Tripay callback or transaction detail reports.
pub fn tripay_observed(status: tripay::Status, amount: i64, paid_at: Option<i64>) -> Observed {
    match status {
        tripay::Status::Unpaid => Observed::Pending,
        tripay::Status::Paid => Observed::Paid {
            reported: Some(amount),
            paid_at: paid_at.and_then(|t| Utc.timestamp_opt(t, 0).single()),
        },
        tripay::Status::Expired => Observed::Closed { expired: true },
        tripay::Status::Failed => Observed::Closed { expired: false },
        tripay::Status::Refund => Observed::Refund {
            total: None,
            chargeback: false,
        },
        tripay::Status::Unknown => Observed::Ignored,
    }
}

pub async fn midtrans_notification(
    ctx: &AppContext,
    body: &[u8],
    remote_addr: Option<&str>,
) -> Reply {
    let log = |order_id, status, amount, verified, outcome, detail: String| {
        events::record(
            &ctx.pool,
            Event {
                gateway: Gateway::Midtrans,
                source: Source::Webhook,
                order_id,
                gateway_status: status,
                amount,
                verified,
                outcome,
                detail,
                body,
                remote_addr,
            },
        )
    };
    let client = match load_gateways(ctx).await {
        Ok(g) => g.midtrans,
        Err(reply) => return reply,
    };
    let Some(client) = client else {
        log(None, None, None, false, "not_configured", String::new()).await;
        return reply(404, json!({ "message": "Midtrans is not enabled" }));
    };
    let notification = match midtrans::Notification::parse(body) {
        Ok(n) => n,
        Err(why) => {
            tracing::warn!(%why, "malformed Midtrans notification");
            log(None, None, None, false, "malformed", why).await;
            return reply(400, json!({ "message": "malformed notification" }));
        }
    };
    let order_id = notification.order_id.as_str();
    let status = Some(notification.transaction_status.as_str());
    if !notification.signature_valid(client.server_key()) {
        tracing::warn!(
            order_id,
            "Midtrans notification with a bad signature refused"
        );
        log(
            Some(order_id),
            status,
            notification.amount(),
            false,
            "forged",
            String::new(),
        )
        .await;
        return reply(401, json!({ "message": "invalid signature" }));
    }
    // The status API is the source of truth when it answers; the signed notification is
    // used when it does not, so an outage of the status API never loses a payment.
    let (report, detail) = match client.status(order_id).await {
        Ok(Some(confirmed)) if confirmed.signature_valid(client.server_key()) => {
            (confirmed, "confirmed by status API".to_owned())
        }
        Ok(Some(_)) => (
            notification.clone(),
            "status answer had a bad signature".to_owned(),
        ),
        Ok(None) => (
            notification.clone(),
            "status API does not know the order".to_owned(),
        ),
        Err(error) => (
            notification.clone(),
            format!("status API unavailable: {error}"),
        ),
    };
    let observed = midtrans_observed(&report);
    let applied = apply::apply(
        &ctx.pool,
        Gateway::Midtrans,
        order_id,
        observed,
        midtrans_details(&report),
    )
    .await;
    finish(applied, |outcome| {
        log(
            Some(order_id),
            Some(report.transaction_status.as_str()),
            report.amount(),
            true,
            outcome,
            detail.clone(),
        )
    })
    .await
    .map_or_else(
        |status| reply(status, json!({ "message": "not processed" })),
        |_| reply(200, json!({ "message": "ok" })),
    )
}

pub async fn tripay_callback(
    ctx: &AppContext,
    event: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    remote_addr: Option<&str>,
) -> Reply {
    let refused = |message: &str| json!({ "success": false, "message": message });
    let log = |order_id, status, amount, verified, outcome, detail: String| {
        events::record(
            &ctx.pool,
            Event {
                gateway: Gateway::Tripay,
                source: Source::Webhook,
                order_id,
                gateway_status: status,
                amount,
                verified,
                outcome,
                detail,
                body,
                remote_addr,
            },
        )
    };
    let client = match load_gateways(ctx).await {
        Ok(g) => g.tripay,
        Err(reply) => return reply,
    };
    let Some(client) = client else {
        log(None, None, None, false, "not_configured", String::new()).await;
        return reply(404, refused("Tripay is not enabled"));
    };
    let valid =
        signature.is_some_and(|s| tripay::callback_signature_valid(client.private_key(), body, s));
    if !valid {
        tracing::warn!("Tripay callback with a missing or bad signature refused");
        log(None, None, None, false, "forged", String::new()).await;
        return reply(401, refused("invalid signature"));
    }
    if event != Some("payment_status") {
        log(
            None,
            None,
            None,
            true,
            "rejected",
            format!("event {event:?}"),
        )
        .await;
        return reply(400, refused("unrecognised callback event"));
    }
    let callback = match tripay::Callback::parse(body) {
        Ok(c) => c,
        Err(why) => {
            log(None, None, None, true, "malformed", why).await;
            return reply(400, refused("malformed callback"));
        }
    };
    let observed = tripay_observed(callback.status(), callback.total_amount, callback.paid_at);
    let details = Details {
        gateway_reference: Some(callback.reference.clone()),
        channel: callback.payment_method_code.clone(),
    };
    let order_id = callback.merchant_ref.as_str();
    let applied = apply::apply(&ctx.pool, Gateway::Tripay, order_id, observed, details).await;
    finish(applied, |outcome| {
        log(
            Some(order_id),
            Some(callback.status.as_str()),
            Some(callback.total_amount),
            true,
            outcome,
            String::new(),
        )
    })
    .await
    .map_or_else(
        |status| reply(status, refused("not processed")),
        |_| reply(200, json!({ "success": true })),
    )
}

async fn load_gateways(ctx: &AppContext) -> Result<gateways::Gateways, Reply> {
    let loaded = async {
        let mut conn = ctx.pool.acquire().await?;
        // The status confirmation must fit well inside the gateway's own 15 s timeout.
        gateways::load_with_timeout(&mut conn, &ctx.secrets, &ctx.gateways, CONFIRM_TIMEOUT).await
    }
    .await;
    loaded.map_err(|error| {
        tracing::error!(?error, "gateway settings unavailable");
        reply(503, json!({ "message": "try again" }))
    })
}

/// Logs the outcome and turns it into Ok (2xx) or the status to answer.
async fn finish<F, Fut>(
    applied: crate::error::server::ServiceResult<Option<apply::Report>>,
    log: F,
) -> Result<Applied, u16>
where
    F: Fn(&'static str) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    match applied {
        Ok(Some(report)) => {
            log(report.applied.as_str()).await;
            Ok(report.applied)
        }
        Ok(None) => {
            log("unknown_order").await;
            Err(404)
        }
        // 503: Midtrans retries it four times (a 500 only once), Tripay three.
        Err(error) => {
            tracing::error!(?error, "gateway report not applied");
            log("error").await;
            Err(503)
        }
    }
}
