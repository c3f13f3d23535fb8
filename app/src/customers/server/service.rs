//! Creating and editing customers and moving them through their lifecycle. A customer's
//! status carries its lines along: suspending holds every live line, reactivating returns
//! each to where it was, terminating ends them all.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::audit::server::AuditEvent;
use crate::customers::model::{
    CheckedCustomer, CustomerDraft, CustomerStatus, CustomerStatusChange,
};
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::request::Actor;
use crate::subscriptions::model::SubscriptionStatus;
use crate::subscriptions::server::service::set_status as set_line_status;

const UNIQUE: [(&str, &str, Msg); 2] = [
    ("customers_nik_key", "nik", Msg::ValNikTaken),
    ("customers_user_id_key", "portal", Msg::ValUsernameTaken),
];

#[derive(Serialize)]
struct CustomerAudit<'a> {
    full_name: &'a str,
    phone: &'a str,
    email: &'a str,
    address: &'a str,
    coordinates: Option<(f64, f64)>,
    /// Only whether it is set: the number itself is personal data.
    nik_set: bool,
    category: &'static str,
    notes: &'a str,
}

fn audit_view(c: &CheckedCustomer) -> CustomerAudit<'_> {
    CustomerAudit {
        full_name: &c.full_name,
        phone: &c.phone,
        email: &c.email,
        address: &c.address,
        coordinates: c.coordinates,
        nik_set: c.nik.is_some(),
        category: c.category.as_str(),
        notes: &c.notes,
    }
}

pub async fn create(db: &PgPool, actor: &Actor, draft: CustomerDraft) -> ServiceResult<i64> {
    let checked = draft.check()?;
    let mut tx = db.begin().await?;
    let (lat, lng) = checked.coordinates.unzip();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO customers (full_name, phone, email, address, latitude, longitude, nik,
                                  category, notes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"#,
        checked.full_name,
        checked.phone,
        checked.email,
        checked.address,
        lat,
        lng,
        checked.nik,
        checked.category.as_str(),
        checked.notes,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, &UNIQUE))?;
    AuditEvent::new("customer.create", "customer", id)
        .after(&audit_view(&checked))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(db: &PgPool, actor: &Actor, draft: CustomerDraft) -> ServiceResult<()> {
    let checked = draft.check()?;
    let mut tx = db.begin().await?;
    let before = sqlx::query!(
        r#"SELECT full_name, phone, email, address, latitude, longitude, nik, category, notes
           FROM customers WHERE id = $1 FOR UPDATE"#,
        draft.id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let before = CheckedCustomer {
        full_name: before.full_name,
        phone: before.phone,
        email: before.email,
        address: before.address,
        coordinates: before.latitude.zip(before.longitude),
        nik: before.nik,
        category: crate::customers::model::CustomerCategory::parse(&before.category)
            .unwrap_or_default(),
        notes: before.notes,
    };
    let (lat, lng) = checked.coordinates.unzip();
    sqlx::query!(
        r#"UPDATE customers
           SET full_name = $2, phone = $3, email = $4, address = $5, latitude = $6,
               longitude = $7, nik = $8, category = $9, notes = $10, updated_at = now()
           WHERE id = $1"#,
        draft.id,
        checked.full_name,
        checked.phone,
        checked.email,
        checked.address,
        lat,
        lng,
        checked.nik,
        checked.category.as_str(),
        checked.notes,
    )
    .execute(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, &UNIQUE))?;
    AuditEvent::new("customer.update", "customer", draft.id)
        .before(&audit_view(&before))
        .after(&audit_view(&checked))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

async fn write_status(
    tx: &mut PgConnection,
    actor: &Actor,
    id: i64,
    before: CustomerStatus,
    next: CustomerStatus,
    reason: &str,
) -> ServiceResult<()> {
    sqlx::query!(
        r#"UPDATE customers SET status = $2, status_reason = $3, status_changed_at = now(),
                  updated_at = now()
           WHERE id = $1"#,
        id,
        next.as_str(),
        reason
    )
    .execute(&mut *tx)
    .await?;
    AuditEvent::new("customer.status", "customer", id)
        .before(&serde_json::json!({ "status": before.as_str() }))
        .after(&serde_json::json!({ "status": next.as_str(), "reason": reason }))
        .write(tx, actor)
        .await
}

/// A lead whose first line goes live becomes an active customer (called by subscriptions).
pub async fn activate_lead(tx: &mut PgConnection, actor: &Actor, id: i64) -> ServiceResult<()> {
    write_status(
        tx,
        actor,
        id,
        CustomerStatus::Lead,
        CustomerStatus::Active,
        "",
    )
    .await
}

pub async fn change_status(
    db: &PgPool,
    actor: &Actor,
    change: CustomerStatusChange,
) -> ServiceResult<()> {
    let reason = change.reason.trim();
    let mut tx = db.begin().await?;
    let current: String = sqlx::query_scalar!(
        "SELECT status FROM customers WHERE id = $1 FOR UPDATE",
        change.id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let current = CustomerStatus::parse(&current).unwrap_or_default();
    let next = change.status;
    if !current.can_become(next) {
        return Err(AppError::Conflict(Msg::ErrStatusNotAllowed).into());
    }
    if next.needs_reason() && reason.is_empty() {
        return Err(FieldErrors::single("reason", Msg::ValReasonRequired).into());
    }
    if reason.chars().count() > 500 {
        return Err(FieldErrors::single("reason", Msg::ValTooLong).into());
    }
    write_status(&mut tx, actor, change.id, current, next, reason).await?;
    let lines = sqlx::query!(
        r#"SELECT id, status, held_by_customer, status_before_hold, status_reason_before_hold
           FROM subscriptions
           WHERE customer_id = $1 AND status <> 'terminated' ORDER BY id"#,
        change.id
    )
    .fetch_all(&mut *tx)
    .await?;
    for line in lines {
        let status = SubscriptionStatus::parse(&line.status).unwrap_or_default();
        let target = match next {
            CustomerStatus::Suspended
                if matches!(
                    status,
                    SubscriptionStatus::Active | SubscriptionStatus::Isolated
                ) =>
            {
                Some(SubscriptionStatus::Suspended)
            }
            CustomerStatus::Active if line.held_by_customer => Some(
                line.status_before_hold
                    .as_deref()
                    .and_then(SubscriptionStatus::parse)
                    .unwrap_or(SubscriptionStatus::Active),
            ),
            CustomerStatus::Terminated => Some(SubscriptionStatus::Terminated),
            _ => None,
        };
        if let Some(target) = target {
            // Returning to "isolated" from "suspended" is not a step of its own: restore
            // through active so each move stays one the line's rules allow.
            let why = if reason.is_empty() {
                "Pelanggan diaktifkan kembali"
            } else {
                reason
            };
            if target == SubscriptionStatus::Isolated {
                set_line_status(
                    &mut tx,
                    actor,
                    line.id,
                    SubscriptionStatus::Active,
                    why,
                    true,
                )
                .await?;
                // Back in isolation for the reason it was isolated (the customer sees it).
                let isolated_for = line
                    .status_reason_before_hold
                    .as_deref()
                    .filter(|r| !r.trim().is_empty())
                    .unwrap_or(why);
                set_line_status(&mut tx, actor, line.id, target, isolated_for, true).await?;
            } else {
                set_line_status(&mut tx, actor, line.id, target, why, true).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
