//! The gateway event log: every notification, callback and poll answer as received, with
//! what Simpul did with it. Written outside the crediting transaction, so a forged or
//! failed notification is recorded even when nothing else is.

use sqlx::PgPool;

use crate::payments::model::Gateway;

pub enum Source {
    Webhook,
    Poll,
}

pub struct Event<'a> {
    pub gateway: Gateway,
    pub source: Source,
    pub order_id: Option<&'a str>,
    pub gateway_status: Option<&'a str>,
    pub amount: Option<i64>,
    pub verified: bool,
    pub outcome: &'a str,
    pub detail: String,
    pub body: &'a [u8],
    pub remote_addr: Option<&'a str>,
}

fn clip(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// Writes the event. A failure is logged and swallowed: the log must never turn a good
/// notification into an error for the gateway.
pub async fn record(db: &PgPool, event: Event<'_>) {
    let body = clip(&String::from_utf8_lossy(event.body), 16_000);
    let result = sqlx::query!(
        r#"INSERT INTO gateway_events (gateway, source, attempt_id, order_id, gateway_status,
                                       amount, verified, outcome, detail, body, remote_addr)
           VALUES ($1, $2, (SELECT id FROM payment_attempts WHERE order_id = $3), $3, $4, $5,
                   $6, $7, $8, $9, $10)"#,
        event.gateway.as_str(),
        match event.source {
            Source::Webhook => "webhook",
            Source::Poll => "poll",
        },
        event.order_id.map(|o| clip(o, 200)),
        event.gateway_status.map(|s| clip(s, 40)),
        event.amount,
        event.verified,
        clip(event.outcome, 40),
        clip(&event.detail, 500),
        body,
        event.remote_addr.map(|a| clip(a, 100)),
    )
    .execute(db)
    .await;
    if let Err(error) = result {
        tracing::error!(%error, "gateway event not logged");
    }
}
