//! Helpers shared by the database test binaries.

use app::auth::model::{Role, UserId};
use app::error::server::ServiceError;
use app::error::AppError;
use app::i18n::Msg;
use app::request::Actor;
use chrono::{DateTime, FixedOffset, TimeZone as _, Utc};
use sqlx::PgPool;

/// A fixed instant in the week of Monday 2026-11-23, Asia/Jakarta.
pub fn wib(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Inserts an account (no usable password) and returns it as an actor.
pub async fn add_user(db: &PgPool, username: &str, roles: &[Role]) -> Actor {
    let codes: Vec<String> = roles.iter().map(|r| r.code().to_owned()).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, email, full_name, password_hash, roles)
         VALUES ($1, $1 || '@isp.test', 'User ' || $1, 'x', $2) RETURNING id",
    )
    .bind(username)
    .bind(&codes)
    .fetch_one(db)
    .await
    .unwrap();
    Actor {
        user_id: Some(UserId(id)),
        label: Some(username.into()),
        roles: roles.to_vec(),
        ip: None,
    }
}

pub fn uid(actor: &Actor) -> i64 {
    actor.user_id.expect("a user actor").0
}
pub mod cmdb;
pub mod isp;

/// The message a refused call gave for `field`; panics when it was not refused so.
#[allow(dead_code)]
pub fn field_error(result: Result<impl std::fmt::Debug, ServiceError>, field: &str) -> Msg {
    match AppError::from(result.unwrap_err()) {
        AppError::Validation(errors) => errors
            .get(field)
            .unwrap_or_else(|| panic!("no error for {field}: {errors:?}")),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// A portal account for a customer, made by staff; answers the customer as an actor.
#[allow(dead_code)]
pub async fn portal_account(db: &PgPool, staff: &Actor, customer_id: i64, username: &str) -> Actor {
    app::customers::server::portal_login::create(
        db,
        staff,
        app::customers::model::PortalLoginDraft {
            customer_id,
            username: username.into(),
            email: format!("{username}@pelanggan.test"),
            password: "kata-sandi-panjang".into(),
        },
    )
    .await
    .unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(db)
        .await
        .unwrap();
    Actor {
        user_id: Some(app::auth::model::UserId(id)),
        label: Some(username.into()),
        roles: vec![Role::Customer],
        ip: None,
    }
}
