//! Starting an online payment from the portal.
//!
//! The attempt row is written (status `creating`) before the gateway is called, so an order
//! id the gateway may have seen is never lost, then filled from the gateway's answer. Each
//! attempt has its own order id: gateways refuse a reused one, and a retry after expiry is
//! a new attempt. A customer who presses "pay" twice is sent to the attempt already open.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{Duration as Span, Utc};
use paygate::{midtrans, tripay};
use rand::Rng;
use sqlx::PgPool;

use super::apply::clip;
use super::gateways::{self, Gateways};
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::payments::model::{AttemptId, AttemptStatus, ChannelOption, Gateway, PayOptions};
use crate::request::AppContext;

/// What the customer is paying: one invoice or everything open.
struct Due {
    invoice_ids: Vec<i64>,
    invoice_number: Option<String>,
    amount: i64,
}

async fn due(db: &PgPool, customer_id: i64, invoice_id: Option<i64>) -> ServiceResult<Due> {
    let mut conn = db.acquire().await?;
    let due = match invoice_id {
        Some(id) => {
            let invoice = sqlx::query!(
                r#"SELECT number AS "number!", amount_due FROM invoices
                   WHERE id = $1 AND customer_id = $2 AND status IN ('issued', 'partially_paid')"#,
                id,
                customer_id
            )
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
            Due {
                invoice_ids: vec![id],
                invoice_number: Some(invoice.number),
                amount: invoice.amount_due,
            }
        }
        None => {
            let open = sqlx::query!(
                r#"SELECT id FROM invoices
                   WHERE customer_id = $1 AND status IN ('issued', 'partially_paid')
                   ORDER BY due_date, id"#,
                customer_id
            )
            .fetch_all(&mut *conn)
            .await?;
            let balance = crate::billing::server::ledger::balance(&mut conn, customer_id).await?;
            Due {
                invoice_ids: open.into_iter().map(|r| r.id).collect(),
                invoice_number: None,
                amount: balance,
            }
        }
    };
    if due.amount <= 0 {
        return Err(FieldErrors::single("amount", Msg::PayNothingDue).into());
    }
    Ok(due)
}

/// Tripay's channel list changes rarely; asking for it on every page view would make the
/// pay page as slow as Tripay. Kept for five minutes per account.
static CHANNELS: Mutex<Option<(Instant, String, Vec<tripay::Channel>)>> = Mutex::new(None);
const CHANNELS_TTL: Duration = Duration::from_secs(300);

async fn channels(client: &tripay::Client, account: &str) -> paygate::Result<Vec<tripay::Channel>> {
    if let Ok(cache) = CHANNELS.lock() {
        if let Some((at, key, list)) = cache.as_ref() {
            if key == account && at.elapsed() < CHANNELS_TTL {
                return Ok(list.clone());
            }
        }
    }
    let list = client.channels().await?;
    if let Ok(mut cache) = CHANNELS.lock() {
        *cache = Some((Instant::now(), account.to_owned(), list.clone()));
    }
    Ok(list)
}

fn account_key(ctx: &AppContext, client: &tripay::Client) -> String {
    // The cache must not serve one account's channels to another (settings changed).
    format!("{:?}{:?}", client, ctx.gateways)
}

fn options_of(list: &[tripay::Channel], amount: i64) -> Vec<ChannelOption> {
    list.iter()
        .filter(|c| c.accepts(amount))
        .map(|c| {
            let fee = c.customer_fee(amount);
            ChannelOption {
                code: c.code.clone(),
                name: c.name.clone(),
                group: c.group.clone(),
                fee,
                total: amount + fee,
            }
        })
        .collect()
}

async fn load(ctx: &AppContext) -> ServiceResult<Gateways> {
    let mut conn = ctx.pool.acquire().await?;
    gateways::load(&mut conn, &ctx.secrets, &ctx.gateways).await
}

/// The pay page: what is due and the ways to pay it.
pub async fn options(
    ctx: &AppContext,
    customer_id: i64,
    invoice_id: Option<i64>,
) -> ServiceResult<PayOptions> {
    let due = due(&ctx.pool, customer_id, invoice_id).await?;
    let gateways = load(ctx).await?;
    let (tripay, tripay_unavailable) = match &gateways.tripay {
        None => (Vec::new(), false),
        Some(client) => match channels(client, &account_key(ctx, client)).await {
            Ok(list) => (options_of(&list, due.amount), false),
            Err(error) => {
                tracing::warn!(%error, "Tripay channels unavailable");
                (Vec::new(), true)
            }
        },
    };
    Ok(PayOptions {
        invoice_id,
        invoice_number: due.invoice_number,
        amount: due.amount,
        midtrans: gateways.midtrans.is_some(),
        tripay,
        tripay_unavailable,
    })
}

/// Where to send the customer once the attempt exists.
pub struct Started {
    pub attempt_id: AttemptId,
    pub redirect: String,
}

fn new_order_id() -> String {
    let stamp = Utc::now()
        .with_timezone(&crate::format::TimeZone::AsiaJakarta.offset())
        .format("%y%m%d%H%M%S");
    let tail: u32 = rand::thread_rng().gen_range(0..0x100_0000);
    format!("SPL-{stamp}-{tail:06X}")
}

/// Indonesian operators want numbers as 08…; customers are stored as +62….
fn local_phone(phone: &str) -> String {
    phone
        .strip_prefix("+62")
        .map(|rest| format!("0{rest}"))
        .unwrap_or_else(|| phone.to_owned())
}

/// Starts paying `invoice_id` (or the whole balance) through `gateway` (`channel` is the
/// Tripay method). Reuses an open attempt for the same choice.
pub async fn start(
    ctx: &AppContext,
    customer_id: i64,
    invoice_id: Option<i64>,
    gateway: Gateway,
    channel: &str,
) -> ServiceResult<Started> {
    let due = due(&ctx.pool, customer_id, invoice_id).await?;
    let gateways = load(ctx).await?;
    let portal_url = |id: i64| format!("{}/portal/payments/{id}", ctx.auth.public_url);
    let existing = sqlx::query!(
        r#"SELECT id, redirect_url FROM payment_attempts
           WHERE customer_id = $1 AND gateway = $2 AND invoice_ids = $4
             -- Midtrans learns the channel only once the customer picks one on Snap
             AND (gateway = 'midtrans' OR channel = $3)
             AND amount = $5 AND status = 'pending' AND expires_at > now() + interval '5 minutes'
           ORDER BY id DESC LIMIT 1"#,
        customer_id,
        gateway.as_str(),
        channel,
        &due.invoice_ids,
        due.amount
    )
    .fetch_optional(&ctx.pool)
    .await?;
    if let Some(open) = existing {
        let redirect = match gateway {
            Gateway::Midtrans => open.redirect_url.unwrap_or_else(|| portal_url(open.id)),
            Gateway::Tripay => portal_url(open.id),
        };
        return Ok(Started {
            attempt_id: AttemptId(open.id),
            redirect,
        });
    }
    let (fee, channel_name) = match gateway {
        Gateway::Midtrans => {
            if gateways.midtrans.is_none() {
                return Err(FieldErrors::single("gateway", Msg::PayGatewayOff).into());
            }
            (0, String::new())
        }
        Gateway::Tripay => {
            let client = gateways
                .tripay
                .as_ref()
                .ok_or_else(|| FieldErrors::single("gateway", Msg::PayGatewayOff))?;
            let list = channels(client, &account_key(ctx, client))
                .await
                .map_err(|_| AppError::Conflict(Msg::PayGatewayUnreachable))?;
            let chosen = list
                .iter()
                .find(|c| c.code == channel && c.accepts(due.amount))
                .ok_or_else(|| FieldErrors::single("channel", Msg::PayChannelUnavailable))?;
            (chosen.customer_fee(due.amount), chosen.name.clone())
        }
    };
    let customer = sqlx::query!(
        r#"SELECT c.code, c.full_name, c.phone, COALESCE(NULLIF(c.email, ''), NULLIF(b.email, ''),
                  'pelanggan@simpul.invalid') AS "email!"
           FROM customers c CROSS JOIN billing_settings b WHERE c.id = $1"#,
        customer_id
    )
    .fetch_one(&ctx.pool)
    .await?;
    let order_id = new_order_id();
    let expires_at = Utc::now() + Span::minutes(gateways.expiry_minutes);
    let attempt_id = sqlx::query_scalar!(
        r#"INSERT INTO payment_attempts (order_id, gateway, channel, channel_name, customer_id,
                                         invoice_ids, amount, fee_customer, gross_amount,
                                         expires_at, next_check_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + interval '3 minutes')
           RETURNING id"#,
        order_id,
        gateway.as_str(),
        channel,
        clip(&channel_name, 100),
        customer_id,
        &due.invoice_ids,
        due.amount,
        fee,
        due.amount + fee,
        expires_at
    )
    .fetch_one(&ctx.pool)
    .await?;
    let label = match &due.invoice_number {
        Some(number) => format!("Tagihan {number}"),
        None => format!("Tagihan {}", customer.code),
    };
    let created = match gateway {
        Gateway::Midtrans => {
            let client = gateways.midtrans.as_ref().ok_or(AppError::Internal)?;
            let request = midtrans::SnapRequest {
                order_id: order_id.clone(),
                gross_amount: due.amount,
                items: vec![midtrans::Item {
                    id: customer.code.clone(),
                    name: label.chars().take(50).collect(),
                    price: due.amount,
                    quantity: 1,
                }],
                customer: midtrans::Customer {
                    first_name: customer.full_name.chars().take(50).collect(),
                    email: Some(customer.email.clone()),
                    phone: (!customer.phone.is_empty()).then(|| customer.phone.clone()),
                },
                finish_url: Some(portal_url(attempt_id)),
                expiry_minutes: gateways.expiry_minutes as u32,
                notification_url: Some(format!(
                    "{}/api/payments/midtrans/notification",
                    ctx.auth.public_url
                )),
            };
            client.create_snap(&request).await.map(|token| Created {
                redirect_url: token.redirect_url,
                reference: None,
                pay_code: None,
                qr_string: None,
                instructions: serde_json::Value::Array(Vec::new()),
                gross_amount: due.amount,
                fee,
            })
        }
        Gateway::Tripay => {
            let client = gateways.tripay.as_ref().ok_or(AppError::Internal)?;
            let request = tripay::CreateRequest {
                method: channel.to_owned(),
                merchant_ref: order_id.clone(),
                amount: due.amount,
                customer_name: customer.full_name.clone(),
                customer_email: customer.email.clone(),
                customer_phone: local_phone(&customer.phone),
                items: vec![tripay::OrderItem {
                    sku: customer.code.clone(),
                    name: label,
                    price: due.amount,
                    quantity: 1,
                }],
                callback_url: Some(format!(
                    "{}/api/payments/tripay/callback",
                    ctx.auth.public_url
                )),
                return_url: Some(portal_url(attempt_id)),
                expired_time: expires_at.timestamp(),
            };
            client.create(&request).await.map(|tx| Created {
                redirect_url: tx.checkout_url.clone().unwrap_or_default(),
                reference: Some(tx.reference.clone()),
                pay_code: tx.pay_code.clone(),
                qr_string: tx.qr_string.clone(),
                instructions: serde_json::to_value(&tx.instructions)
                    .unwrap_or(serde_json::Value::Array(Vec::new())),
                gross_amount: tx.amount,
                fee: tx.fee_customer,
            })
        }
    };
    match created {
        Ok(created) => {
            sqlx::query!(
                r#"UPDATE payment_attempts
                   SET status = 'pending', redirect_url = $2, gateway_reference = $3,
                       pay_code = $4, qr_string = $5, instructions = $6,
                       gross_amount = GREATEST($7::bigint, amount),
                       fee_customer = GREATEST($8::bigint, 0),
                       updated_at = now()
                   WHERE id = $1 AND status = 'creating'"#,
                attempt_id,
                clip(&created.redirect_url, 1000),
                created.reference.as_deref().map(|r| clip(r, 100)),
                created.pay_code.as_deref().map(|c| clip(c, 100)),
                // A QR payload too long to store could not be drawn either.
                created
                    .qr_string
                    .as_deref()
                    .filter(|q| q.chars().count() <= 2000),
                created.instructions,
                created.gross_amount,
                created.fee
            )
            .execute(&ctx.pool)
            .await?;
            let redirect = match gateway {
                Gateway::Midtrans => created.redirect_url,
                Gateway::Tripay => portal_url(attempt_id),
            };
            Ok(Started {
                attempt_id: AttemptId(attempt_id),
                redirect,
            })
        }
        Err(error) => {
            tracing::warn!(attempt.id = attempt_id, %error, "gateway refused a new payment");
            // The customer never saw a payment code or page, so nothing can be paid on it.
            let problem: String = error.to_string().chars().take(500).collect();
            sqlx::query!(
                r#"UPDATE payment_attempts SET status = 'failed', problem = $2,
                                               next_check_at = NULL, updated_at = now()
                   WHERE id = $1 AND status = 'creating'"#,
                attempt_id,
                problem
            )
            .execute(&ctx.pool)
            .await?;
            Err(AppError::Conflict(match error {
                paygate::Error::Unreachable(_) => Msg::PayGatewayUnreachable,
                _ => Msg::PayGatewayRefused,
            })
            .into())
        }
    }
}

struct Created {
    redirect_url: String,
    reference: Option<String>,
    pay_code: Option<String>,
    qr_string: Option<String>,
    instructions: serde_json::Value,
    gross_amount: i64,
    fee: i64,
}

/// A new attempt like an expired or failed one: same invoices (those still open), same way.
pub async fn retry(
    ctx: &AppContext,
    customer_id: i64,
    attempt_id: AttemptId,
) -> ServiceResult<Started> {
    let old = sqlx::query!(
        r#"SELECT gateway, channel, invoice_ids, status FROM payment_attempts
           WHERE id = $1 AND customer_id = $2"#,
        attempt_id.0,
        customer_id
    )
    .fetch_optional(&ctx.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let closed = AttemptStatus::parse(&old.status).is_some_and(AttemptStatus::can_retry);
    if !closed {
        return Err(AppError::Conflict(Msg::PayNotRetryable).into());
    }
    let gateway = Gateway::parse(&old.gateway).ok_or(AppError::Internal)?;
    // Midtrans's channel is what the customer picked on Snap last time, not a choice here.
    let channel = match gateway {
        Gateway::Midtrans => "",
        Gateway::Tripay => old.channel.as_str(),
    };
    let invoice_id = match old.invoice_ids.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    start(ctx, customer_id, invoice_id, gateway, channel).await
}
