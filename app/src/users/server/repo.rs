use crate::auth::model::{Role, SessionUser, UserId};
use crate::error::server::ServiceResult;
use crate::format::TimeZone;
use crate::i18n::Locale;
use crate::request::AuthUser;
use crate::users::model::UserView;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

/// A full `users` row. Stays on the server: it holds the password hash.
#[derive(Clone, Debug)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub full_name: String,
    pub password_hash: String,
    pub roles: Vec<String>,
    pub active: bool,
    pub locale: String,
    pub time_zone: String,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl UserRow {
    pub fn roles(&self) -> Vec<Role> {
        self.roles
            .iter()
            .filter_map(|code| Role::from_code(code))
            .collect()
    }

    pub fn session_user(&self) -> SessionUser {
        SessionUser {
            id: UserId(self.id),
            username: self.username.clone(),
            email: self.email.clone(),
            full_name: self.full_name.clone(),
            roles: self.roles(),
        }
    }

    pub fn auth_user(&self) -> AuthUser {
        AuthUser {
            user: self.session_user(),
            locale: Locale::from_code(&self.locale).unwrap_or_default(),
            time_zone: TimeZone::from_iana(&self.time_zone).unwrap_or_default(),
        }
    }

    pub fn view(&self) -> UserView {
        UserView {
            id: UserId(self.id),
            username: self.username.clone(),
            email: self.email.clone(),
            full_name: self.full_name.clone(),
            roles: self.roles(),
            active: self.active,
            last_login_at: self.last_login_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

pub fn role_codes(roles: &[Role]) -> Vec<String> {
    roles.iter().map(|r| r.code().to_owned()).collect()
}

/// By email or username, case-insensitively.
pub async fn find_by_login(conn: &mut PgConnection, login: &str) -> ServiceResult<Option<UserRow>> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id, username, email, full_name, password_hash, roles, active, locale,
                  time_zone, last_login_at, created_at, updated_at
           FROM users WHERE username = lower($1) OR lower(email) = lower($1)
           LIMIT 1"#,
        login.trim(),
    )
    .fetch_optional(conn)
    .await?)
}

/// Locks the row: concurrent reset requests for one account queue up.
pub async fn find_by_email(conn: &mut PgConnection, email: &str) -> ServiceResult<Option<UserRow>> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id, username, email, full_name, password_hash, roles, active, locale,
                  time_zone, last_login_at, created_at, updated_at
           FROM users WHERE lower(email) = lower($1)
           FOR UPDATE"#,
        email.trim(),
    )
    .fetch_optional(conn)
    .await?)
}

/// Locks the row for the rest of the transaction.
pub async fn get_for_update(conn: &mut PgConnection, id: i64) -> ServiceResult<UserRow> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id, username, email, full_name, password_hash, roles, active, locale,
                  time_zone, last_login_at, created_at, updated_at
           FROM users WHERE id = $1 FOR UPDATE"#,
        id,
    )
    .fetch_one(conn)
    .await?)
}

pub async fn get(conn: &mut PgConnection, id: i64) -> ServiceResult<UserRow> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id, username, email, full_name, password_hash, roles, active, locale,
                  time_zone, last_login_at, created_at, updated_at
           FROM users WHERE id = $1"#,
        id,
    )
    .fetch_one(conn)
    .await?)
}

/// Stores a new password hash and voids every outstanding reset link of the user, so a link
/// sent before the change cannot undo it. Leaves `updated_at` (the edit-form version) alone.
pub async fn set_password_hash(conn: &mut PgConnection, id: i64, hash: &str) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE users SET password_hash = $2 WHERE id = $1",
        id,
        hash
    )
    .execute(&mut *conn)
    .await?;
    void_reset_links(conn, id).await
}

pub async fn void_reset_links(conn: &mut PgConnection, id: i64) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL",
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}
