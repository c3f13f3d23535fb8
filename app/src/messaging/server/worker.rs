//! Sending queued messages. A batch is claimed with `FOR UPDATE SKIP LOCKED` and leased for
//! five minutes (a crash mid-send retries later, never loses the message); each message is
//! rendered from the template in force, sent, and marked sent or scheduled again with
//! backoff (1, 5, 15 minutes, 1, 3, 6 hours). After eight attempts it is marked failed, and
//! the delivery log says why. Nothing here runs inside a payment's or an isolation's
//! transaction, so a gateway that is down only delays messages.

use std::time::Duration;

use sqlx::PgPool;

use super::channels::{send_email, send_whatsapp};
use super::settings::channels;
use super::templates::{display_vars, load};
use crate::error::server::ServiceResult;
use crate::i18n::Locale;
use crate::messaging::model::{render, MessageChannel, MessageEvent};
use crate::request::AppContext;

const MAX_ATTEMPTS: i32 = 8;

fn backoff(attempts: i32) -> Duration {
    let minutes = match attempts {
        ..=1 => 1,
        2 => 5,
        3 => 15,
        4 => 60,
        5 => 180,
        _ => 360,
    };
    Duration::from_secs(minutes * 60)
}

struct Claimed {
    id: i64,
    event: String,
    channel: String,
    recipient: String,
    locale: String,
    vars: serde_json::Value,
    attempts: i32,
    name: String,
    code: String,
    isp_name: String,
}

/// Sends what is due; returns how many messages were tried.
pub async fn send_due(ctx: &AppContext, limit: i64) -> ServiceResult<usize> {
    let claimed = sqlx::query_as!(
        Claimed,
        r#"WITH due AS (
               SELECT id FROM customer_messages
               WHERE status = 'queued' AND next_attempt_at <= now()
               ORDER BY next_attempt_at, id LIMIT $1
               FOR UPDATE SKIP LOCKED)
           UPDATE customer_messages m
           SET attempts = m.attempts + 1, next_attempt_at = now() + interval '5 minutes'
           FROM due, customers c, billing_settings b
           WHERE m.id = due.id AND c.id = m.customer_id AND b.id = 1
           RETURNING m.id, m.event, m.channel, m.recipient, m.locale, m.vars, m.attempts,
                     c.full_name AS name, c.code,
                     b.legal_name AS isp_name"#,
        limit
    )
    .fetch_all(&ctx.pool)
    .await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let gateways = {
        let mut conn = ctx.pool.acquire().await?;
        channels(&mut conn, &ctx.secrets).await?
    };
    let http = reqwest::Client::new();
    for message in &claimed {
        let outcome = send_one(ctx, &http, &gateways, message).await;
        record(&ctx.pool, message, outcome).await?;
    }
    Ok(claimed.len())
}

enum Outcome {
    Sent {
        subject: String,
        body: String,
        reference: String,
    },
    /// Worth another try later.
    Retry {
        error: String,
        subject: String,
        body: String,
    },
    /// Will not get better by waiting (the channel was switched off, a bad template).
    Cancel(String),
}

async fn send_one(
    ctx: &AppContext,
    http: &reqwest::Client,
    gateways: &super::settings::Channels,
    message: &Claimed,
) -> Outcome {
    let Some(event) = MessageEvent::parse(&message.event) else {
        return Outcome::Cancel(format!("unknown event {}", message.event));
    };
    let locale = Locale::from_code(&message.locale).unwrap_or_default();
    let template = {
        let conn = ctx.pool.acquire().await;
        match conn {
            Ok(mut conn) => load(&mut conn, event, &message.locale).await,
            Err(e) => Err(e.into()),
        }
    };
    let (subject, body) = match template {
        Ok(Some(t)) => t,
        Ok(None) => return Outcome::Cancel("no template".into()),
        Err(error) => {
            return Outcome::Retry {
                error: format!("database: {error:?}"),
                subject: String::new(),
                body: String::new(),
            }
        }
    };
    let isp_name = if message.isp_name.is_empty() {
        ctx.isp.name.as_str()
    } else {
        message.isp_name.as_str()
    };
    let vars = display_vars(
        &message.vars,
        locale,
        &message.name,
        &message.code,
        isp_name,
        &ctx.auth.public_url,
        Some((&ctx.secrets, chrono::Utc::now())),
    );
    let allowed = event.placeholders();
    let (subject, body) = match (
        render(&subject, allowed, &vars),
        render(&body, allowed, &vars),
    ) {
        (Ok(s), Ok(b)) => (s, b),
        _ => return Outcome::Cancel("the template has an unknown placeholder".into()),
    };
    let sent = match MessageChannel::parse(&message.channel) {
        Some(MessageChannel::WhatsApp) => match &gateways.whatsapp {
            Some(gateway) => send_whatsapp(http, gateway, &message.recipient, &body).await,
            None => return Outcome::Cancel("WhatsApp is switched off".into()),
        },
        Some(MessageChannel::Email) => match &gateways.email {
            Some(smtp) => send_email(smtp, &message.recipient, &subject, &body).await,
            None => return Outcome::Cancel("email is switched off".into()),
        },
        None => return Outcome::Cancel(format!("unknown channel {}", message.channel)),
    };
    match sent {
        Ok(reference) => Outcome::Sent {
            subject,
            body,
            reference,
        },
        Err(error) => Outcome::Retry {
            error,
            subject,
            body,
        },
    }
}

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

async fn record(db: &PgPool, message: &Claimed, outcome: Outcome) -> ServiceResult<()> {
    match outcome {
        Outcome::Sent {
            subject,
            body,
            reference,
        } => {
            sqlx::query!(
                r#"UPDATE customer_messages
                   SET status = 'sent', sent_at = now(), subject = $2, body = $3,
                       provider_ref = $4, last_error = NULL
                   WHERE id = $1"#,
                message.id,
                clip(&subject, 300),
                clip(&body, 4000),
                clip(&reference, 200)
            )
            .execute(db)
            .await?;
        }
        Outcome::Retry {
            error,
            subject,
            body,
        } => {
            let give_up = message.attempts >= MAX_ATTEMPTS;
            tracing::warn!(message.id = message.id, %error, give_up, "customer message not sent");
            let next = chrono::Utc::now()
                + chrono::Duration::from_std(backoff(message.attempts)).unwrap_or_default();
            sqlx::query!(
                r#"UPDATE customer_messages
                   SET status = CASE WHEN $2 THEN 'failed' ELSE 'queued' END,
                       next_attempt_at = $3, last_error = $4, subject = $5, body = $6
                   WHERE id = $1"#,
                message.id,
                give_up,
                next,
                clip(&error, 500),
                clip(&subject, 300),
                clip(&body, 4000)
            )
            .execute(db)
            .await?;
        }
        Outcome::Cancel(reason) => {
            sqlx::query!(
                "UPDATE customer_messages SET status = 'cancelled', last_error = $2 WHERE id = $1",
                message.id,
                clip(&reason, 500)
            )
            .execute(db)
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_six_hours() {
        assert_eq!(backoff(1), Duration::from_secs(60));
        assert_eq!(backoff(3), Duration::from_secs(15 * 60));
        assert_eq!(backoff(7), Duration::from_secs(6 * 3600));
    }
}
