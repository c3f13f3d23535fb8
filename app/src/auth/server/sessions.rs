//! Server-side sessions stored in PostgreSQL.
//!
//! A session dies at whichever comes first: `idle` after the last request, or `absolute`
//! after sign-in. Activity is written at most once a minute to keep reads cheap.

use super::tokens;
use crate::error::server::ServiceResult;
use crate::request::{AuthSettings, AuthUser};
use crate::users::server::repo::UserRow;
use sqlx::{PgConnection, PgPool};

/// How stale `last_seen_at` may get before a request refreshes it.
const TOUCH_AFTER_SECS: f64 = 60.0;

/// Starts a session for `user_id` and returns the cookie token (never stored in clear).
pub async fn create(
    conn: &mut PgConnection,
    user_id: i64,
    settings: &AuthSettings,
    ip: &str,
    user_agent: Option<&str>,
) -> ServiceResult<String> {
    let token = tokens::generate();
    let user_agent = user_agent.map(|ua| ua.chars().take(300).collect::<String>());
    sqlx::query!(
        r#"INSERT INTO sessions
               (token_hash, user_id, idle_expires_at, absolute_expires_at, ip, user_agent)
           VALUES ($1, $2,
                   now() + make_interval(secs => $3),
                   now() + make_interval(secs => $4),
                   $5, $6)"#,
        tokens::hash(&token),
        user_id,
        settings
            .session_idle
            .as_secs_f64()
            .min(settings.session_absolute.as_secs_f64()),
        settings.session_absolute.as_secs_f64(),
        ip,
        user_agent,
    )
    .execute(conn)
    .await?;
    Ok(token)
}

/// The live session named by a cookie token and its (active) user, refreshing idle expiry.
pub async fn resolve(
    db: &PgPool,
    token: &str,
    settings: &AuthSettings,
) -> ServiceResult<Option<(Vec<u8>, AuthUser)>> {
    let token_hash = tokens::hash(token);
    let row = sqlx::query!(
        r#"SELECT s.last_seen_at < now() - make_interval(secs => $2) AS "stale!",
                  u.id, u.username, u.email, u.full_name, u.password_hash, u.roles, u.active,
                  u.locale, u.time_zone, u.last_login_at, u.created_at, u.updated_at
           FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.token_hash = $1
             AND s.idle_expires_at > now()
             AND s.absolute_expires_at > now()
             AND u.active"#,
        token_hash,
        TOUCH_AFTER_SECS,
    )
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if row.stale {
        sqlx::query!(
            r#"UPDATE sessions
               SET last_seen_at = now(),
                   idle_expires_at = least(now() + make_interval(secs => $2), absolute_expires_at)
               WHERE token_hash = $1"#,
            token_hash,
            settings.session_idle.as_secs_f64(),
        )
        .execute(db)
        .await?;
    }
    let user = UserRow {
        id: row.id,
        username: row.username,
        email: row.email,
        full_name: row.full_name,
        password_hash: row.password_hash,
        roles: row.roles,
        active: row.active,
        locale: row.locale,
        time_zone: row.time_zone,
        last_login_at: row.last_login_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
    };
    Ok(Some((token_hash, user.auth_user())))
}

pub async fn revoke(conn: &mut PgConnection, token_hash: &[u8]) -> ServiceResult<()> {
    sqlx::query!("DELETE FROM sessions WHERE token_hash = $1", token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user except, optionally, the one making the request.
pub async fn revoke_all_for_user(
    conn: &mut PgConnection,
    user_id: i64,
    except: Option<&[u8]>,
) -> ServiceResult<u64> {
    let done = sqlx::query!(
        "DELETE FROM sessions WHERE user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2)",
        user_id,
        except,
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes dead sessions and old sign-in attempts; run periodically.
pub async fn purge_expired(db: &PgPool) -> ServiceResult<u64> {
    let sessions = sqlx::query!(
        "DELETE FROM sessions WHERE idle_expires_at <= now() OR absolute_expires_at <= now()"
    )
    .execute(db)
    .await?;
    sqlx::query!("DELETE FROM login_attempts WHERE at < now() - interval '30 days'")
        .execute(db)
        .await?;
    sqlx::query!("DELETE FROM password_reset_tokens WHERE expires_at < now() - interval '30 days'")
        .execute(db)
        .await?;
    Ok(sessions.rows_affected())
}
