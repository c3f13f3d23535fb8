//! Sign-in throttling by login name and by client address.
//!
//! The key is the login name exactly as typed (lower-cased), whether or not an account has it,
//! so a lock-out reveals nothing about which accounts exist. A successful sign-in clears the
//! account's count; the address count only decays with time.

use crate::error::server::ServiceResult;
use crate::request::ThrottleSettings;
use sqlx::{PgConnection, PgPool};

/// `Some(seconds)` to wait when the name or the address is locked out, else `None`.
pub async fn retry_after(
    conn: &mut PgConnection,
    settings: &ThrottleSettings,
    login_key: &str,
    ip: &str,
) -> ServiceResult<Option<u64>> {
    let window = settings.window.as_secs_f64();
    let row = sqlx::query!(
        r#"WITH last_success AS (
               SELECT max(at) AS at FROM login_attempts WHERE login_key = $1 AND succeeded
           ),
           by_key AS (
               SELECT at FROM login_attempts
               WHERE login_key = $1 AND NOT succeeded
                 AND at > now() - make_interval(secs => $3)
                 AND at > coalesce((SELECT at FROM last_success), '-infinity')
               ORDER BY at DESC LIMIT $4
           ),
           by_ip AS (
               SELECT at FROM login_attempts
               WHERE ip = $2 AND NOT succeeded AND at > now() - make_interval(secs => $3)
               ORDER BY at DESC LIMIT $5
           )
           SELECT
               (SELECT count(*) FROM by_key) AS "key_failures!",
               (SELECT min(at) FROM by_key) AS key_oldest,
               (SELECT count(*) FROM by_ip) AS "ip_failures!",
               (SELECT min(at) FROM by_ip) AS ip_oldest,
               now() AS "now!""#,
        login_key,
        ip,
        window,
        settings.max_failures_per_account,
        settings.max_failures_per_ip,
    )
    .fetch_one(conn)
    .await?;

    // Locked until the oldest of the counted failures leaves the window.
    let wait_from = |oldest: Option<chrono::DateTime<chrono::Utc>>| {
        oldest.map(|at| {
            let until = at + chrono::Duration::from_std(settings.window).unwrap_or_default();
            (until - row.now).num_seconds().max(1) as u64
        })
    };
    let mut wait = None;
    if row.key_failures >= settings.max_failures_per_account {
        wait = wait_from(row.key_oldest);
    }
    if row.ip_failures >= settings.max_failures_per_ip {
        wait = wait.max(wait_from(row.ip_oldest));
    }
    Ok(wait)
}

/// The outcome of [`begin_attempt`].
#[derive(Debug, PartialEq, Eq)]
pub enum Attempt {
    /// Go ahead; the attempt is recorded (as failed until [`mark_succeeded`]) under this id.
    Allowed(i64),
    Locked {
        retry_after_secs: u64,
    },
}

/// Checks both limits and records the attempt atomically. Transaction-scoped advisory locks
/// on the login name and the address serialise concurrent attempts that share either.
pub async fn begin_attempt(
    db: &PgPool,
    settings: &ThrottleSettings,
    login_key: &str,
    ip: &str,
) -> ServiceResult<Attempt> {
    let mut tx = db.begin().await?;
    // Name lock first, address lock second, always in this order, so two requests cannot
    // deadlock.
    sqlx::query!(
        r#"SELECT 1 AS "locked!" FROM pg_advisory_xact_lock(1, hashtext($1))"#,
        login_key
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        r#"SELECT 1 AS "locked!" FROM pg_advisory_xact_lock(2, hashtext($1))"#,
        ip
    )
    .fetch_one(&mut *tx)
    .await?;
    if let Some(secs) = retry_after(&mut tx, settings, login_key, ip).await? {
        return Ok(Attempt::Locked {
            retry_after_secs: secs,
        });
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO login_attempts (login_key, ip, succeeded) VALUES ($1, $2, false) RETURNING id",
        login_key,
        ip,
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Attempt::Allowed(id))
}

pub async fn mark_succeeded(conn: &mut PgConnection, attempt: i64) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE login_attempts SET succeeded = true WHERE id = $1",
        attempt
    )
    .execute(conn)
    .await?;
    Ok(())
}
