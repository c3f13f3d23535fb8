//! Admin operations on accounts. Each change runs in one transaction with its audit row.

use super::repo::{self, role_codes, UserRow};
use crate::audit::server::AuditEvent;
use crate::auth::model::{Role, UserId};
use crate::auth::server::{password, sessions};
use crate::error::server::{on_constraint, ServiceError, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::pagination::{page_from, parse_text_cursor, text_cursor, Page};
use crate::request::Actor;
use crate::users::model::{UserFields, UserFilter, UserView};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

const UNIQUE_FIELDS: [(&str, &str, Msg); 2] = [
    ("users_email_key", "email", Msg::ValEmailTaken),
    ("users_username_key", "username", Msg::ValUsernameTaken),
];

/// Ordered by name then id; keyset-paginated on `users_name_order_idx`.
pub async fn list(
    db: &PgPool,
    filter: UserFilter,
    cursor: Option<&str>,
    limit: i64,
) -> ServiceResult<Page<UserView>> {
    let search = filter
        .search
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .map(|s| {
            format!(
                "%{}%",
                s.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        });
    let (cursor_name, cursor_id) = match cursor.and_then(parse_text_cursor) {
        Some((name, id)) => (Some(name), Some(id)),
        None => (None, None),
    };
    // The cursor carries PostgreSQL's own lower(full_name): lower-casing in Rust can differ
    // from the database's collation for non-ASCII names and would skip or repeat rows.
    let rows = sqlx::query!(
        r#"SELECT id, username, email, full_name, password_hash, roles, active, locale,
                  time_zone, last_login_at, created_at, updated_at,
                  lower(full_name) AS "sort_key!"
           FROM users
           WHERE ($1::text IS NULL OR lower(full_name) LIKE $1 OR lower(email) LIKE $1
                  OR username LIKE $1)
             AND ($2::text IS NULL OR $2 = ANY (roles))
             AND ($3::boolean IS NULL OR active = $3)
             AND ($4::text IS NULL OR (lower(full_name), id) > ($4, $5::bigint))
           ORDER BY lower(full_name), id
           LIMIT $6"#,
        search,
        filter.role.map(|r| r.code()),
        filter.active,
        cursor_name,
        cursor_id,
        limit + 1,
    )
    .fetch_all(db)
    .await?;
    let keyed: Vec<(String, UserView)> = rows
        .into_iter()
        .map(|r| {
            let row = UserRow {
                id: r.id,
                username: r.username,
                email: r.email,
                full_name: r.full_name,
                password_hash: r.password_hash,
                roles: r.roles,
                active: r.active,
                locale: r.locale,
                time_zone: r.time_zone,
                last_login_at: r.last_login_at,
                created_at: r.created_at,
                updated_at: r.updated_at,
            };
            (r.sort_key, row.view())
        })
        .collect();
    let page = page_from(keyed, limit, |(key, user)| text_cursor(key, user.id.0));
    Ok(Page {
        items: page.items.into_iter().map(|(_, user)| user).collect(),
        next_cursor: page.next_cursor,
    })
}

pub async fn get(db: &PgPool, id: UserId) -> ServiceResult<UserView> {
    let mut conn = db.acquire().await?;
    Ok(repo::get(&mut conn, id.0).await?.view())
}

pub async fn create(
    db: &PgPool,
    actor: &Actor,
    fields: UserFields,
    initial_password: &str,
) -> ServiceResult<UserView> {
    let fields = fields.normalized();
    let mut errors = fields.validate();
    if let Err(pw) = password::check_strength("password", initial_password) {
        errors.0.extend(pw.0);
    }
    errors.into_result()?;
    let hash = password::hash(initial_password.to_owned()).await?;
    let mut tx = db.begin().await?;
    let row = sqlx::query_as!(
        UserRow,
        r#"INSERT INTO users (username, email, full_name, password_hash, roles)
           VALUES ($1, $2, $3, $4, $5)
           RETURNING id, username, email, full_name, password_hash, roles, active, locale,
                     time_zone, last_login_at, created_at, updated_at"#,
        fields.username,
        fields.email,
        fields.full_name,
        hash,
        &role_codes(&fields.roles),
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, &UNIQUE_FIELDS))?;
    let view = row.view();
    AuditEvent::new("user.create", "user", row.id)
        .after(&view)
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(view)
}

/// Admins may not lock themselves out: no self-deactivation, no dropping one's own admin role.
fn guard_self(
    actor: &Actor,
    target: i64,
    still_admin: bool,
    still_active: bool,
) -> ServiceResult<()> {
    if actor.user_id == Some(UserId(target)) && (!still_admin || !still_active) {
        return Err(FieldErrors::single("roles", Msg::ValCannotChangeOwnAccess).into());
    }
    Ok(())
}

/// Refuses the edit when someone else saved the user after the form was loaded.
fn check_version(row: &UserRow, expected: DateTime<Utc>) -> ServiceResult<()> {
    // Compare at microsecond precision: that is what PostgreSQL stores.
    if row.updated_at.timestamp_micros() != expected.timestamp_micros() {
        return Err(AppError::Conflict(Msg::ErrStaleData).into());
    }
    Ok(())
}

pub async fn update(
    db: &PgPool,
    actor: &Actor,
    id: UserId,
    fields: UserFields,
    expected_version: DateTime<Utc>,
) -> ServiceResult<UserView> {
    let fields = fields.normalized();
    fields.validate().into_result()?;
    let mut tx = db.begin().await?;
    let before = repo::get_for_update(&mut tx, id.0).await?;
    check_version(&before, expected_version)?;
    guard_self(
        actor,
        id.0,
        fields.roles.contains(&Role::Admin),
        before.active,
    )?;
    let after = sqlx::query_as!(
        UserRow,
        r#"UPDATE users SET username = $2, email = $3, full_name = $4, roles = $5,
                            updated_at = now()
           WHERE id = $1
           RETURNING id, username, email, full_name, password_hash, roles, active, locale,
                     time_zone, last_login_at, created_at, updated_at"#,
        id.0,
        fields.username,
        fields.email,
        fields.full_name,
        &role_codes(&fields.roles),
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, &UNIQUE_FIELDS))?;
    // Changing roles changes what open sessions may do: end them so nothing stale lingers.
    if before.roles != after.roles {
        sessions::revoke_all_for_user(&mut tx, id.0, None).await?;
    }
    // Reset links went to the old address; they must not outlive it.
    if before.email.to_lowercase() != after.email.to_lowercase() {
        repo::void_reset_links(&mut tx, id.0).await?;
    }
    let view = after.view();
    AuditEvent::new("user.update", "user", id.0)
        .before(&before.view())
        .after(&view)
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(view)
}

/// Deactivating ends every session of the user at once.
pub async fn set_active(
    db: &PgPool,
    actor: &Actor,
    id: UserId,
    active: bool,
) -> ServiceResult<UserView> {
    let mut tx = db.begin().await?;
    let before = repo::get_for_update(&mut tx, id.0).await?;
    guard_self(actor, id.0, before.roles().contains(&Role::Admin), active)?;
    if before.active == active {
        return Ok(before.view());
    }
    let after = sqlx::query_as!(
        UserRow,
        r#"UPDATE users SET active = $2, updated_at = now() WHERE id = $1
           RETURNING id, username, email, full_name, password_hash, roles, active, locale,
                     time_zone, last_login_at, created_at, updated_at"#,
        id.0,
        active,
    )
    .fetch_one(&mut *tx)
    .await?;
    if !active {
        sessions::revoke_all_for_user(&mut tx, id.0, None).await?;
    }
    let action = if active {
        "user.reactivate"
    } else {
        "user.deactivate"
    };
    let view = after.view();
    AuditEvent::new(action, "user", id.0)
        .before(&serde_json::json!({ "active": before.active }))
        .after(&serde_json::json!({ "active": active }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(view)
}

/// An admin sets someone's password (e.g. a technician locked out in the field); all their
/// sessions end.
pub async fn set_password(
    db: &PgPool,
    actor: &Actor,
    id: UserId,
    new_password: &str,
) -> ServiceResult<()> {
    password::check_strength("password", new_password)?;
    let hash = password::hash(new_password.to_owned()).await?;
    let mut tx = db.begin().await?;
    repo::get_for_update(&mut tx, id.0).await?;
    repo::set_password_hash(&mut tx, id.0, &hash).await?;
    let ended = sessions::revoke_all_for_user(&mut tx, id.0, None).await?;
    AuditEvent::new("user.password_set", "user", id.0)
        .after(&serde_json::json!({ "sessions_ended": ended }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await.map_err(ServiceError::from)?;
    Ok(())
}
