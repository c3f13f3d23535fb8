//! Giving a customer a portal account: a `customer` user linked to the record, made in one
//! transaction with the link, the password set by staff with the customer (in person or on
//! the phone) and changed by the customer later.

use sqlx::PgPool;

use crate::audit::server::AuditEvent;
use crate::auth::model::Role;
use crate::auth::server::password;
use crate::customers::model::PortalLoginDraft;
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::request::Actor;
use crate::users::model::UserFields;

pub async fn create(db: &PgPool, actor: &Actor, draft: PortalLoginDraft) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    let customer = sqlx::query!(
        "SELECT full_name, email, user_id FROM customers WHERE id = $1 FOR UPDATE",
        draft.customer_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if customer.user_id.is_some() {
        return Err(AppError::Conflict(Msg::ErrPortalLoginExists).into());
    }
    let email = if draft.email.trim().is_empty() {
        customer.email.clone()
    } else {
        draft.email.clone()
    };
    let fields = UserFields {
        username: draft.username,
        email,
        full_name: customer.full_name,
        roles: vec![Role::Customer],
    }
    .normalized();
    let mut errors = fields.validate();
    if let Err(weak) = password::check_strength("password", &draft.password) {
        errors.0.extend(weak.0);
    }
    errors.into_result()?;
    let hash = password::hash(draft.password).await?;
    let user_id = sqlx::query_scalar!(
        r#"INSERT INTO users (username, email, full_name, password_hash, roles)
           VALUES ($1, $2, $3, $4, ARRAY['customer']) RETURNING id"#,
        fields.username,
        fields.email,
        fields.full_name,
        hash,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        on_constraint(
            e,
            &[
                ("users_email_key", "email", Msg::ValEmailTaken),
                ("users_username_key", "username", Msg::ValUsernameTaken),
            ],
        )
    })?;
    sqlx::query!(
        "UPDATE customers SET user_id = $2, updated_at = now() WHERE id = $1",
        draft.customer_id,
        user_id
    )
    .execute(&mut *tx)
    .await?;
    AuditEvent::new("customer.portal_login", "customer", draft.customer_id)
        .after(&serde_json::json!({ "username": fields.username, "user_id": user_id }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
