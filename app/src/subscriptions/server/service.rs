//! Creating, editing and moving subscriptions through their lifecycle. Every change writes
//! its provisioning rows in the same transaction (see `provisioning::server::enqueue`).

use chrono::Utc;
use rand::Rng;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use super::repo;
use crate::audit::server::AuditEvent;
use crate::customers::model::CustomerStatus;
use crate::error::server::{on_constraint, ServiceError, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::plans::model::ConnectionType;
use crate::provisioning::server::enqueue::{self, LinePlacement};
use crate::provisioning::server::state::SUBSCRIPTION_PASSWORD_PURPOSE;
use crate::request::Actor;
use crate::secrets::SecretBox;
use crate::subscriptions::model::{
    suggested_username, SubscriptionDraft, SubscriptionStatus, SubscriptionStatusChange,
};

const UNIQUE: [(&str, &str, Msg); 2] = [
    (
        "subscriptions_username_key",
        "username",
        Msg::ValPppUsernameTaken,
    ),
    (
        "subscriptions_static_ip_key",
        "static_ip",
        Msg::ValStaticIpTaken,
    ),
];

/// Letters and digits that survive being read out on the phone (no 0/O, 1/l/I).
const PASSWORD_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";

pub fn generate_password() -> String {
    let mut rng = rand::thread_rng();
    (0..10)
        .map(|_| PASSWORD_ALPHABET[rng.gen_range(0..PASSWORD_ALPHABET.len())] as char)
        .collect()
}

/// What the audit log keeps of a line (never the password).
#[derive(Serialize)]
struct LineAudit<'a> {
    customer_id: i64,
    plan_id: i64,
    nas_id: i64,
    connection_type: &'static str,
    username: &'a str,
    password_changed: bool,
    static_ip: Option<&'a str>,
    install_address: &'a str,
    status: &'static str,
    status_reason: &'a str,
    start_date: Option<String>,
}

/// The row as services need it, locked.
#[derive(Clone)]
pub(crate) struct Locked {
    pub id: i64,
    pub customer_id: i64,
    pub plan_id: i64,
    pub nas_id: i64,
    pub connection_type: ConnectionType,
    pub username: String,
    pub static_ip: Option<String>,
    pub install_address: String,
    pub status: SubscriptionStatus,
    pub status_reason: String,
    pub start_date: Option<chrono::NaiveDate>,
    pub profile_name: String,
}

impl Locked {
    fn placement(&self) -> LinePlacement {
        LinePlacement {
            subscription_id: self.id,
            nas_id: self.nas_id,
            connection_type: self.connection_type,
            username: self.username.clone(),
            static_ip: self.static_ip.clone(),
            plan_id: self.plan_id,
            profile_name: self.profile_name.clone(),
        }
    }

    fn audit(&self, password_changed: bool) -> LineAudit<'_> {
        LineAudit {
            customer_id: self.customer_id,
            plan_id: self.plan_id,
            nas_id: self.nas_id,
            connection_type: self.connection_type.as_str(),
            username: &self.username,
            password_changed,
            static_ip: self.static_ip.as_deref(),
            install_address: &self.install_address,
            status: self.status.as_str(),
            status_reason: &self.status_reason,
            start_date: self.start_date.map(|d| d.to_string()),
        }
    }
}

pub(crate) async fn lock(conn: &mut PgConnection, id: i64) -> ServiceResult<Locked> {
    let row = sqlx::query!(
        r#"SELECT s.id, s.customer_id, s.plan_id, s.nas_id, s.connection_type, s.username,
                  host(s.static_ip) AS static_ip, s.install_address, s.status, s.status_reason,
                  s.start_date, p.profile_name
           FROM subscriptions s JOIN plans p ON p.id = s.plan_id
           WHERE s.id = $1 FOR UPDATE OF s"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Locked {
        id: row.id,
        customer_id: row.customer_id,
        plan_id: row.plan_id,
        nas_id: row.nas_id,
        connection_type: ConnectionType::parse(&row.connection_type).unwrap_or_default(),
        username: row.username,
        static_ip: row.static_ip,
        install_address: row.install_address,
        status: SubscriptionStatus::parse(&row.status).unwrap_or_default(),
        status_reason: row.status_reason,
        start_date: row.start_date,
        profile_name: row.profile_name,
    })
}

struct PlanChoice {
    connection_type: ConnectionType,
    profile_name: String,
}

/// The plan, if it is active and offered on the router. `current` is a line's own plan and
/// router, kept as they are: a plan retired or withdrawn from the router since then does
/// not stop the line's other details from being edited.
async fn plan_on_nas(
    conn: &mut PgConnection,
    plan_id: i64,
    nas_id: i64,
    current: bool,
    errors: &mut FieldErrors,
) -> ServiceResult<Option<PlanChoice>> {
    let row = sqlx::query!(
        r#"SELECT p.connection_type, p.profile_name, p.active,
                  EXISTS (SELECT 1 FROM plan_nas pn WHERE pn.plan_id = p.id AND pn.nas_id = $2)
                      AS "offered!"
           FROM plans p WHERE p.id = $1"#,
        plan_id,
        nas_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let nas_ok = sqlx::query_scalar!("SELECT active FROM nas WHERE id = $1", nas_id)
        .fetch_optional(&mut *conn)
        .await?;
    if nas_ok.is_none() || (nas_ok == Some(false) && !current) {
        errors.add("nas_id", Msg::ValNasUnavailable);
    }
    match row {
        None => {
            errors.add("plan_id", Msg::ValRequired);
            Ok(None)
        }
        Some(r) if !r.active && !current => {
            errors.add("plan_id", Msg::ValPlanInactive);
            Ok(None)
        }
        Some(r) if !r.offered && !current => {
            errors.add("plan_id", Msg::ValPlanNotOnNas);
            Ok(None)
        }
        Some(r) => Ok(Some(PlanChoice {
            connection_type: ConnectionType::parse(&r.connection_type).unwrap_or_default(),
            profile_name: r.profile_name,
        })),
    }
}

async fn isolir_profile(conn: &mut PgConnection, nas_id: i64) -> ServiceResult<String> {
    Ok(
        sqlx::query_scalar!("SELECT isolir_profile FROM nas WHERE id = $1", nas_id)
            .fetch_one(conn)
            .await?,
    )
}

/// A free user name on the router: the given one, or the suggestion with `-2`, `-3`… added.
async fn free_username(
    conn: &mut PgConnection,
    nas_id: i64,
    base: &str,
    except: i64,
) -> ServiceResult<String> {
    let taken: Vec<String> = sqlx::query_scalar!(
        r#"SELECT username FROM subscriptions
           WHERE nas_id = $1 AND status <> 'terminated' AND id <> $3
             AND (username = $2 OR username LIKE $2 || '-%')"#,
        nas_id,
        base,
        except
    )
    .fetch_all(conn)
    .await?;
    let mut candidate = base.to_owned();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

/// A fixed address must lie outside the router's pools (as last read by the monitor), or
/// the router would one day hand it to another session as well.
async fn check_static_ip_outside_pools(
    conn: &mut PgConnection,
    nas_id: i64,
    static_ip: Option<std::net::Ipv4Addr>,
    errors: &mut FieldErrors,
) -> ServiceResult<()> {
    let Some(ip) = static_ip else {
        return Ok(());
    };
    let pools = crate::nas::server::pools::stored(conn, nas_id).await?;
    if crate::nas::server::pools::pool_holding(&pools, ip).is_some() {
        errors.add("static_ip", Msg::ValStaticIpInPool);
    }
    Ok(())
}

fn seal(secrets: &SecretBox, password: &str) -> ServiceResult<Vec<u8>> {
    secrets
        .seal(SUBSCRIPTION_PASSWORD_PURPOSE, password)
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

/// Opens a line for a customer. Returns the new subscription's id.
pub async fn create(
    db: &PgPool,
    secrets: &SecretBox,
    actor: &Actor,
    draft: SubscriptionDraft,
) -> ServiceResult<i64> {
    let mut tx = db.begin().await?;
    let mut errors = FieldErrors::new();
    let customer = sqlx::query!(
        "SELECT code, full_name, status FROM customers WHERE id = $1 FOR UPDATE",
        draft.customer_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let customer_status = match &customer {
        None => {
            errors.add("customer_id", Msg::ValRequired);
            None
        }
        Some(c) => {
            let status = CustomerStatus::parse(&c.status).unwrap_or_default();
            if !matches!(status, CustomerStatus::Lead | CustomerStatus::Active) {
                errors.add("customer_id", Msg::ValCustomerClosed);
            }
            Some(status)
        }
    };
    let plan = plan_on_nas(&mut tx, draft.plan_id, draft.nas_id, false, &mut errors).await?;
    let connection = plan.as_ref().map(|p| p.connection_type).unwrap_or_default();
    let checked = match draft.check(connection) {
        Ok(c) => Some(c),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    if let Some(checked) = &checked {
        check_static_ip_outside_pools(&mut tx, draft.nas_id, checked.static_ip, &mut errors)
            .await?;
    }
    let (Some(customer), Some(plan), Some(checked), true) =
        (customer, plan, checked, errors.is_empty())
    else {
        return Err(errors.into());
    };
    let base = checked
        .username
        .clone()
        .unwrap_or_else(|| suggested_username(&customer.full_name, &customer.code));
    let username = if checked.username.is_some() {
        base
    } else {
        free_username(&mut tx, draft.nas_id, &base, 0).await?
    };
    let password = checked.password.clone().unwrap_or_else(generate_password);
    let status = if draft.activate_now {
        SubscriptionStatus::Active
    } else {
        SubscriptionStatus::PendingInstall
    };
    let start_date = checked
        .start_date
        .or_else(|| draft.activate_now.then(|| Utc::now().date_naive()));
    let static_ip = checked.static_ip.map(|ip| ip.to_string());
    let id = sqlx::query_scalar!(
        r#"INSERT INTO subscriptions
               (customer_id, plan_id, nas_id, connection_type, username, password_sealed,
                static_ip, install_address, status, start_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7::text::inet, $8, $9, $10) RETURNING id"#,
        draft.customer_id,
        draft.plan_id,
        draft.nas_id,
        connection.as_str(),
        username,
        seal(secrets, &password)?,
        static_ip,
        checked.install_address,
        status.as_str(),
        start_date,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, &UNIQUE))?;
    let after = Locked {
        id,
        customer_id: draft.customer_id,
        plan_id: draft.plan_id,
        nas_id: draft.nas_id,
        connection_type: connection,
        username,
        static_ip,
        install_address: checked.install_address,
        status,
        status_reason: String::new(),
        start_date,
        profile_name: plan.profile_name,
    };
    let isolir = isolir_profile(&mut tx, draft.nas_id).await?;
    enqueue::line_changed(
        &mut tx,
        actor,
        None,
        &after.placement(),
        Some(&isolir),
        false,
        "subscription.create",
    )
    .await?;
    AuditEvent::new("subscription.create", "subscription", id)
        .after(&after.audit(true))
        .write(&mut tx, actor)
        .await?;
    if status == SubscriptionStatus::Active && customer_status == Some(CustomerStatus::Lead) {
        crate::customers::server::service::activate_lead(&mut tx, actor, draft.customer_id).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Edits a line: plan (same connection type), router, user name, password, fixed address,
/// install address, start date. The router follows; a live session is ended when what it
/// authenticated with or its speed changed.
pub async fn update(
    db: &PgPool,
    secrets: &SecretBox,
    actor: &Actor,
    draft: SubscriptionDraft,
) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    let before = lock(&mut tx, draft.id).await?;
    if before.status == SubscriptionStatus::Terminated {
        return Err(AppError::Conflict(Msg::ErrSubscriptionTerminated).into());
    }
    let mut errors = FieldErrors::new();
    if draft.customer_id != before.customer_id {
        errors.add("customer_id", Msg::ValCannotChange);
    }
    let current = draft.plan_id == before.plan_id && draft.nas_id == before.nas_id;
    let plan = plan_on_nas(&mut tx, draft.plan_id, draft.nas_id, current, &mut errors).await?;
    let connection = plan.as_ref().map(|p| p.connection_type).unwrap_or_default();
    if plan.is_some() && connection != before.connection_type {
        errors.add("plan_id", Msg::ValPlanConnectionChange);
    }
    let checked = match draft.check(connection) {
        Ok(c) => Some(c),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    // Only a new address or a new router is checked: a line already inside a pool the
    // router gained later stays editable (drift shows the clash).
    if let Some(checked) = &checked {
        let ip_moved = checked.static_ip.map(|ip| ip.to_string()) != before.static_ip
            || draft.nas_id != before.nas_id;
        if ip_moved {
            check_static_ip_outside_pools(&mut tx, draft.nas_id, checked.static_ip, &mut errors)
                .await?;
        }
    }
    let (Some(plan), Some(checked), true) = (plan, checked, errors.is_empty()) else {
        return Err(errors.into());
    };
    let username = match checked.username.clone() {
        Some(name) => name,
        None => before.username.clone(),
    };
    let sealed = checked
        .password
        .as_deref()
        .map(|p| seal(secrets, p))
        .transpose()?;
    let static_ip = checked.static_ip.map(|ip| ip.to_string());
    sqlx::query!(
        r#"UPDATE subscriptions
           SET plan_id = $2, nas_id = $3, username = $4,
               password_sealed = COALESCE($5, password_sealed),
               static_ip = $6::text::inet, install_address = $7, start_date = $8,
               updated_at = now()
           WHERE id = $1"#,
        before.id,
        draft.plan_id,
        draft.nas_id,
        username,
        sealed,
        static_ip,
        checked.install_address,
        checked.start_date,
    )
    .execute(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, &UNIQUE))?;
    let password_changed = sealed.is_some();
    let after = Locked {
        plan_id: draft.plan_id,
        nas_id: draft.nas_id,
        username,
        static_ip,
        install_address: checked.install_address.clone(),
        start_date: checked.start_date,
        profile_name: plan.profile_name,
        ..before.clone()
    };
    let moved = after.nas_id != before.nas_id
        || after.username != before.username
        || after.static_ip != before.static_ip;
    let kick = before.status.enabled_on_router()
        && (moved || password_changed || after.plan_id != before.plan_id);
    let isolir = isolir_profile(&mut tx, after.nas_id).await?;
    enqueue::line_changed(
        &mut tx,
        actor,
        Some(&before.placement()),
        &after.placement(),
        Some(&isolir),
        kick,
        "subscription.update",
    )
    .await?;
    AuditEvent::new("subscription.update", "subscription", after.id)
        .before(&before.audit(false))
        .after(&after.audit(password_changed))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a line through its lifecycle (activate, isolate, restore, suspend, terminate).
pub async fn change_status(
    db: &PgPool,
    actor: &Actor,
    change: SubscriptionStatusChange,
) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    set_status(
        &mut tx,
        actor,
        change.id,
        change.status,
        &change.reason,
        false,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The lifecycle step inside a caller's transaction. `by_customer` marks (or clears) the
/// hold placed when the whole customer is suspended.
pub(crate) async fn set_status(
    tx: &mut PgConnection,
    actor: &Actor,
    id: i64,
    next: SubscriptionStatus,
    reason: &str,
    by_customer: bool,
) -> ServiceResult<()> {
    // The customer is locked before the line, as every customer-wide change does, so two
    // changes meeting on the same customer queue up instead of deadlocking.
    let customer_id =
        sqlx::query_scalar!("SELECT customer_id FROM subscriptions WHERE id = $1", id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
    let customer_status: String = sqlx::query_scalar!(
        "SELECT status FROM customers WHERE id = $1 FOR UPDATE",
        customer_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let customer_status = CustomerStatus::parse(&customer_status).unwrap_or_default();
    let before = lock(tx, id).await?;
    let reason = reason.trim();
    if !before.status.can_become(next) {
        return Err(AppError::Conflict(Msg::ErrStatusNotAllowed).into());
    }
    if before.status.needs_reason(next) && reason.is_empty() {
        return Err(FieldErrors::single("reason", Msg::ValReasonRequired).into());
    }
    if reason.chars().count() > 500 {
        return Err(FieldErrors::single("reason", Msg::ValTooLong).into());
    }
    // A suspended customer's lines come back with the customer, not one by one.
    if !by_customer
        && matches!(
            next,
            SubscriptionStatus::Active | SubscriptionStatus::Isolated
        )
        && customer_status == CustomerStatus::Suspended
    {
        return Err(AppError::Conflict(Msg::ErrCustomerSuspended).into());
    }
    let hold = by_customer && next == SubscriptionStatus::Suspended;
    sqlx::query!(
        r#"UPDATE subscriptions
           SET status = $2, status_reason = $3, status_changed_at = now(), updated_at = now(),
               held_by_customer = $4,
               status_before_hold = CASE WHEN $4 THEN $5 ELSE NULL END,
               status_reason_before_hold = CASE WHEN $4 THEN $6 ELSE NULL END,
               start_date = CASE WHEN $2 = 'active' THEN COALESCE(start_date, CURRENT_DATE)
                                 ELSE start_date END
           WHERE id = $1"#,
        id,
        next.as_str(),
        reason,
        hold,
        before.status.as_str(),
        before.status_reason,
    )
    .execute(&mut *tx)
    .await?;
    let isolir = isolir_profile(tx, before.nas_id).await?;
    let placement = before.placement();
    enqueue::line_changed(
        tx,
        actor,
        Some(&placement),
        &placement,
        Some(&isolir),
        next.kicks_when_entered(before.status),
        &format!("subscription.{}", next.as_str()),
    )
    .await?;
    let after = Locked {
        status: next,
        status_reason: reason.to_owned(),
        ..before.clone()
    };
    AuditEvent::new("subscription.status", "subscription", id)
        .before(&before.audit(false))
        .after(&after.audit(false))
        .write(tx, actor)
        .await?;
    if next == SubscriptionStatus::Active && customer_status == CustomerStatus::Lead {
        crate::customers::server::service::activate_lead(tx, actor, after.customer_id).await?;
    }
    Ok(())
}

pub use repo::{get, list_for_customer};
