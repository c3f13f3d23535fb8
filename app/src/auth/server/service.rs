//! Sign-in, sign-out, password changes and resets. Plain async functions over the pool so
//! they can be tested without Leptos; the server functions in `auth::api` only add context.

use super::{password, sessions, throttle, tokens};
use crate::audit::server::AuditEvent;
use crate::auth::model::SessionUser;
use crate::error::server::{ServiceError, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::format::TimeZone;
use crate::i18n::{Locale, Msg};
use crate::outbox::server::enqueue;
use crate::request::{Actor, AuthSettings};
use crate::users::model::check_email;
use crate::users::server::repo;
use sqlx::PgPool;

/// Where a sign-in comes from.
#[derive(Clone, Debug)]
pub struct ClientMeta {
    pub ip: String,
    pub user_agent: Option<String>,
    /// The session the browser had before, which sign-in replaces (no session fixation).
    pub previous_session: Option<Vec<u8>>,
}

#[derive(Debug)]
pub struct SignedIn {
    /// Value for the new session cookie.
    pub token: String,
    pub user: SessionUser,
}

fn invalid_credentials() -> ServiceError {
    FieldErrors::single("form", Msg::InvalidCredentials).into()
}

pub async fn login(
    db: &PgPool,
    settings: &AuthSettings,
    login: &str,
    password: &str,
    client: &ClientMeta,
) -> ServiceResult<SignedIn> {
    let login_key = login.trim().to_lowercase();
    let mut errors = FieldErrors::new();
    if login_key.is_empty() {
        errors.add("login", Msg::ValRequired);
    }
    if password.is_empty() {
        errors.add("password", Msg::ValRequired);
    }
    errors.into_result()?;

    // Check the limits and count this attempt as a failure in one step, serialised per login
    // name and address, so parallel guesses cannot all slip past the limit. The attempt is
    // turned into a success only after the password verified.
    let attempt = throttle::begin_attempt(db, &settings.throttle, &login_key, &client.ip).await?;
    let attempt = match attempt {
        throttle::Attempt::Allowed(id) => id,
        throttle::Attempt::Locked { retry_after_secs } => {
            return Err(AppError::TooManyRequests { retry_after_secs }.into());
        }
    };

    let user = {
        let mut conn = db.acquire().await?;
        repo::find_by_login(&mut conn, &login_key).await?
    };
    // No connection is held while Argon2 runs: slow hashing must not starve the pool.
    let verified = match &user {
        Some(row) => password::verify(password.to_owned(), row.password_hash.clone()).await,
        None => {
            password::verify_against_dummy(password.to_owned()).await;
            false
        }
    };
    let user = match user {
        Some(row) if verified && row.active => row,
        _ => return Err(invalid_credentials()),
    };

    let mut tx = db.begin().await?;
    throttle::mark_succeeded(&mut tx, attempt).await?;
    if let Some(previous) = &client.previous_session {
        sessions::revoke(&mut tx, previous).await?;
    }
    let token = sessions::create(
        &mut tx,
        user.id,
        settings,
        &client.ip,
        client.user_agent.as_deref(),
    )
    .await?;
    sqlx::query!(
        "UPDATE users SET last_login_at = now() WHERE id = $1",
        user.id
    )
    .execute(&mut *tx)
    .await?;
    let session_user = user.session_user();
    let actor = Actor::user(&session_user, Some(&client.ip));
    AuditEvent::new("auth.login", "user", user.id)
        .write(&mut tx, &actor)
        .await?;
    tx.commit().await?;
    Ok(SignedIn {
        token,
        user: session_user,
    })
}

pub async fn logout(db: &PgPool, token_hash: &[u8], actor: &Actor) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    sessions::revoke(&mut tx, token_hash).await?;
    if let Some(id) = actor.user_id {
        AuditEvent::new("auth.logout", "user", id)
            .write(&mut tx, actor)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Checks a new password and its confirmation; `old` (when known) must differ.
fn check_new_password(new: &str, confirm: &str, old: Option<&str>) -> Result<(), FieldErrors> {
    let mut errors = password::check_strength("new_password", new)
        .err()
        .unwrap_or_default();
    if errors.is_empty() && old == Some(new) {
        errors.add("new_password", Msg::ValPasswordSameAsOld);
    }
    if new != confirm {
        errors.add("confirm_password", Msg::ValPasswordMismatch);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Changes the actor's own password and signs out their other sessions.
pub async fn change_password(
    db: &PgPool,
    actor: &Actor,
    current: &str,
    new: &str,
    confirm: &str,
    keep_session: Option<&[u8]>,
) -> ServiceResult<()> {
    let user_id = actor.user_id.ok_or(AppError::Unauthorized)?.0;
    check_new_password(new, confirm, Some(current))?;
    let mut tx = db.begin().await?;
    let row = repo::get_for_update(&mut tx, user_id).await?;
    if !password::verify(current.to_owned(), row.password_hash.clone()).await {
        return Err(FieldErrors::single("current_password", Msg::ValWrongPassword).into());
    }
    let hash = password::hash(new.to_owned()).await?;
    repo::set_password_hash(&mut tx, user_id, &hash).await?;
    let ended = sessions::revoke_all_for_user(&mut tx, user_id, keep_session).await?;
    AuditEvent::new("auth.password_change", "user", user_id)
        .after(&serde_json::json!({ "other_sessions_ended": ended }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Puts a single-use reset link in the outbox when `email` names an active account. Always
/// succeeds for well-formed input, so the answer never reveals whether the account exists.
pub async fn request_password_reset(
    db: &PgPool,
    settings: &AuthSettings,
    email: &str,
    actor: &Actor,
) -> ServiceResult<()> {
    let email = email.trim();
    if let Err(msg) = check_email(email) {
        return Err(FieldErrors::single("email", msg).into());
    }
    let mut tx = db.begin().await?;
    let Some(user) = repo::find_by_email(&mut tx, email).await? else {
        return Ok(());
    };
    if !user.active {
        return Ok(());
    }
    // At most three live links per account, so the form cannot flood the outbox.
    let live = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM password_reset_tokens
           WHERE user_id = $1 AND used_at IS NULL AND expires_at > now()"#,
        user.id
    )
    .fetch_one(&mut *tx)
    .await?;
    if live >= 3 {
        return Ok(());
    }
    let token = tokens::generate();
    sqlx::query!(
        r#"INSERT INTO password_reset_tokens (token_hash, user_id, expires_at)
           VALUES ($1, $2, now() + make_interval(secs => $3))"#,
        tokens::hash(&token),
        user.id,
        settings.reset_token_ttl.as_secs_f64(),
    )
    .execute(&mut *tx)
    .await?;
    let locale = Locale::from_code(&user.locale).unwrap_or_default();
    let link = format!(
        "{}/reset-password?token={token}",
        settings.public_url.trim_end_matches('/')
    );
    let body = reset_mail_body(locale, &user.full_name, &link);
    let message_id = enqueue(
        &mut tx,
        &user.email,
        Msg::ResetMailSubject.text(locale),
        &body,
    )
    .await?;
    AuditEvent::new("auth.password_reset_request", "user", user.id)
        .after(&serde_json::json!({ "outbox_message": message_id }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

fn reset_mail_body(locale: Locale, name: &str, link: &str) -> String {
    match locale {
        Locale::Id => format!(
            "Halo {name},\n\nBuka tautan ini untuk membuat kata sandi baru (berlaku 1 jam, sekali pakai):\n{link}\n\nJika Anda tidak meminta ini, abaikan pesan ini."
        ),
        Locale::En => format!(
            "Hello {name},\n\nOpen this link to set a new password (valid for 1 hour, works once):\n{link}\n\nIf you did not ask for this, ignore this message."
        ),
    }
}

/// Sets a new password from a reset link, consumes the link and ends all sessions.
pub async fn reset_password(
    db: &PgPool,
    token: &str,
    new: &str,
    confirm: &str,
    actor: &Actor,
) -> ServiceResult<()> {
    check_new_password(new, confirm, None)?;
    let mut tx = db.begin().await?;
    let user_id = sqlx::query_scalar!(
        r#"UPDATE password_reset_tokens t SET used_at = now()
           FROM users u
           WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now()
             AND u.id = t.user_id AND u.active
           RETURNING t.user_id"#,
        tokens::hash(token.trim()),
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ServiceError::from(FieldErrors::single("token", Msg::ResetTokenInvalid)))?;
    let hash = password::hash(new.to_owned()).await?;
    repo::set_password_hash(&mut tx, user_id, &hash).await?;
    let ended = sessions::revoke_all_for_user(&mut tx, user_id, None).await?;
    AuditEvent::new("auth.password_reset", "user", user_id)
        .after(&serde_json::json!({ "sessions_ended": ended }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Stores the signed-in user's language and time zone.
pub async fn set_preferences(
    db: &PgPool,
    actor: &Actor,
    locale: Locale,
    time_zone: TimeZone,
) -> ServiceResult<()> {
    let user_id = actor.user_id.ok_or(AppError::Unauthorized)?.0;
    let mut tx = db.begin().await?;
    let before = repo::get_for_update(&mut tx, user_id).await?;
    if before.locale == locale.code() && before.time_zone == time_zone.iana() {
        return Ok(());
    }
    sqlx::query!(
        // Not an admin-editable field: leave `updated_at`, the edit form's version, alone.
        "UPDATE users SET locale = $2, time_zone = $3 WHERE id = $1",
        user_id,
        locale.code(),
        time_zone.iana(),
    )
    .execute(&mut *tx)
    .await?;
    AuditEvent::new("user.preferences", "user", user_id)
        .before(&serde_json::json!({ "locale": before.locale, "time_zone": before.time_zone }))
        .after(&serde_json::json!({ "locale": locale.code(), "time_zone": time_zone.iana() }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
