//! Saving plans. A plan's profile lives on every router that offers it or has a line on it,
//! so a save queues the profile there; a renamed profile also moves the plan's lines, and a
//! speed change ends live sessions only when the admin asks for it.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::audit::server::AuditEvent;
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::plans::model::{CheckedPlan, ConnectionType, PlanSave};
use crate::provisioning::model::{JobAction, ObjectKind};
use crate::provisioning::server::desired::{line_keys, profile_kind};
use crate::provisioning::server::enqueue::{enqueue, JobSpec};
use crate::request::Actor;

const UNIQUE: [(&str, &str, Msg); 2] = [
    ("plans_name_key", "name", Msg::ValNameTaken),
    ("plans_profile_key", "profile_name", Msg::ValProfileTaken),
];

#[derive(Serialize, PartialEq)]
struct PlanAudit {
    name: String,
    connection_type: &'static str,
    profile_name: String,
    rate_limit: String,
    price_rupiah: i64,
    address_pool: String,
    nas_ids: Vec<i64>,
    active: bool,
}

fn audit_view(plan: &CheckedPlan) -> PlanAudit {
    PlanAudit {
        name: plan.name.clone(),
        connection_type: plan.connection_type.as_str(),
        profile_name: plan.profile_name.clone(),
        rate_limit: crate::plans::model::rate_limit(plan.rates, plan.burst),
        price_rupiah: plan.price_rupiah,
        address_pool: plan.address_pool.clone(),
        nas_ids: plan.nas_ids.clone(),
        active: plan.active,
    }
}

struct Stored {
    connection_type: ConnectionType,
    profile_name: String,
    rate_limit: String,
    audit: PlanAudit,
}

async fn lock(conn: &mut PgConnection, id: i64) -> ServiceResult<Stored> {
    let r = sqlx::query!(
        r#"SELECT name, description, connection_type, profile_name, download_kbps, upload_kbps,
                  burst_download_kbps, burst_upload_kbps, burst_threshold_download_kbps,
                  burst_threshold_upload_kbps, burst_time_secs, price_rupiah, address_pool,
                  active,
                  ARRAY(SELECT nas_id FROM plan_nas WHERE plan_id = p.id ORDER BY nas_id)
                      AS "nas_ids!"
           FROM plans p WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let burst = crate::plans::model::Burst::from_columns([
        r.burst_download_kbps,
        r.burst_upload_kbps,
        r.burst_threshold_download_kbps,
        r.burst_threshold_upload_kbps,
        r.burst_time_secs,
    ]);
    let plan = CheckedPlan {
        name: r.name,
        description: r.description,
        connection_type: ConnectionType::parse(&r.connection_type).unwrap_or_default(),
        profile_name: r.profile_name,
        rates: crate::plans::model::Rates {
            download_kbps: r.download_kbps,
            upload_kbps: r.upload_kbps,
        },
        burst,
        price_rupiah: r.price_rupiah,
        address_pool: r.address_pool,
        nas_ids: r.nas_ids,
        active: r.active,
    };
    Ok(Stored {
        connection_type: plan.connection_type,
        profile_name: plan.profile_name.clone(),
        rate_limit: crate::plans::model::rate_limit(plan.rates, plan.burst),
        audit: audit_view(&plan),
    })
}

/// Creates or updates a plan; returns its id.
pub async fn save(db: &PgPool, actor: &Actor, save: PlanSave) -> ServiceResult<i64> {
    let plan = save.draft.check()?;
    let mut tx = db.begin().await?;
    let before = if save.draft.id == 0 {
        None
    } else {
        Some(lock(&mut tx, save.draft.id).await?)
    };
    let mut errors = FieldErrors::new();
    let clashes_with_isolir: bool = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM nas WHERE isolir_profile = $1) AS "clash!""#,
        plan.profile_name
    )
    .fetch_one(&mut *tx)
    .await?;
    if clashes_with_isolir {
        errors.add("profile_name", Msg::ValProfileIsIsolir);
    }
    let known_nas: i64 = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM nas WHERE id = ANY($1)"#,
        &plan.nas_ids
    )
    .fetch_one(&mut *tx)
    .await?;
    if known_nas != plan.nas_ids.len() as i64 {
        errors.add("nas_ids", Msg::ValNasUnavailable);
    }
    if let Some(before) = &before {
        let in_use: bool = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM subscriptions
                              WHERE plan_id = $1 AND status <> 'terminated') AS "used!""#,
            save.draft.id
        )
        .fetch_one(&mut *tx)
        .await?;
        if in_use && before.connection_type != plan.connection_type {
            errors.add("connection_type", Msg::ValPlanConnectionChange);
        }
    }
    errors.into_result()?;
    let burst = plan.burst;
    let id = match &before {
        None => {
            sqlx::query_scalar!(
                r#"INSERT INTO plans (name, description, connection_type, profile_name,
                   download_kbps, upload_kbps, burst_download_kbps, burst_upload_kbps,
                   burst_threshold_download_kbps, burst_threshold_upload_kbps, burst_time_secs,
                   price_rupiah, address_pool, active)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
               RETURNING id"#,
                plan.name,
                plan.description,
                plan.connection_type.as_str(),
                plan.profile_name,
                plan.rates.download_kbps,
                plan.rates.upload_kbps,
                burst.map(|b| b.download_kbps),
                burst.map(|b| b.upload_kbps),
                burst.map(|b| b.threshold_download_kbps),
                burst.map(|b| b.threshold_upload_kbps),
                burst.map(|b| b.time_secs),
                plan.price_rupiah,
                plan.address_pool,
                plan.active,
            )
            .fetch_one(&mut *tx)
            .await
        }
        Some(_) => {
            sqlx::query_scalar!(
                r#"UPDATE plans SET name = $2, description = $3, connection_type = $4,
                   profile_name = $5, download_kbps = $6, upload_kbps = $7,
                   burst_download_kbps = $8, burst_upload_kbps = $9,
                   burst_threshold_download_kbps = $10, burst_threshold_upload_kbps = $11,
                   burst_time_secs = $12, price_rupiah = $13, address_pool = $14, active = $15,
                   updated_at = now()
               WHERE id = $1 RETURNING id"#,
                save.draft.id,
                plan.name,
                plan.description,
                plan.connection_type.as_str(),
                plan.profile_name,
                plan.rates.download_kbps,
                plan.rates.upload_kbps,
                burst.map(|b| b.download_kbps),
                burst.map(|b| b.upload_kbps),
                burst.map(|b| b.threshold_download_kbps),
                burst.map(|b| b.threshold_upload_kbps),
                burst.map(|b| b.time_secs),
                plan.price_rupiah,
                plan.address_pool,
                plan.active,
            )
            .fetch_one(&mut *tx)
            .await
        }
    }
    .map_err(|e| on_constraint(e, &UNIQUE))?;
    // Routers that held the profile before the save, then the new offer.
    let routers_before: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT nas_id AS "nas_id!" FROM plan_nas WHERE plan_id = $1
           UNION SELECT nas_id FROM subscriptions WHERE plan_id = $1 AND status <> 'terminated'"#,
        id
    )
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query!("DELETE FROM plan_nas WHERE plan_id = $1", id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO plan_nas (plan_id, nas_id) SELECT $1, unnest($2::bigint[])",
        id,
        &plan.nas_ids
    )
    .execute(&mut *tx)
    .await?;
    let after_audit = audit_view(&plan);
    let changed = before.as_ref().is_none_or(|b| b.audit != after_audit);
    if changed {
        queue_profiles(
            &mut tx,
            actor,
            id,
            before.as_ref(),
            &plan,
            &routers_before,
            save.kick_sessions,
        )
        .await?;
        AuditEvent::saved(
            ("plan.create", "plan.update"),
            "plan",
            id,
            before.as_ref().map(|b| &b.audit),
            &after_audit,
        )
        .write(&mut tx, actor)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Queues the profile on every router concerned; when the profile's name changed, the
/// plan's lines follow before the old profile goes; a speed change ends the plan's live
/// sessions when asked.
async fn queue_profiles(
    tx: &mut PgConnection,
    actor: &Actor,
    plan_id: i64,
    before: Option<&Stored>,
    plan: &CheckedPlan,
    routers_before: &[i64],
    kick_sessions: bool,
) -> ServiceResult<()> {
    let Some(kind) = profile_kind(plan.connection_type) else {
        // Static plans have no profile; their queues carry the speed.
        return queue_lines(tx, actor, plan_id, JobAction::Sync, "plan.update").await;
    };
    let mut routers: Vec<i64> = routers_before.to_vec();
    routers.extend(plan.nas_ids.iter().copied());
    routers.sort_unstable();
    routers.dedup();
    let spec = |nas_id: i64, key: &str| JobSpec {
        nas_id,
        action: JobAction::Sync,
        kind,
        key: key.to_owned(),
        subscription_id: None,
        plan_id: Some(plan_id),
    };
    let reason = if before.is_some() {
        "plan.update"
    } else {
        "plan.create"
    };
    for nas_id in &routers {
        enqueue(tx, actor, &spec(*nas_id, &plan.profile_name), reason).await?;
    }
    let Some(before) = before else {
        return Ok(());
    };
    let renamed = before.profile_name != plan.profile_name;
    if renamed {
        queue_lines(tx, actor, plan_id, JobAction::Sync, reason).await?;
        for nas_id in &routers {
            enqueue(tx, actor, &spec(*nas_id, &before.profile_name), reason).await?;
        }
    }
    let speed_changed =
        before.rate_limit != crate::plans::model::rate_limit(plan.rates, plan.burst);
    if kick_sessions && (speed_changed || renamed) {
        queue_lines(tx, actor, plan_id, JobAction::Kick, reason).await?;
    }
    Ok(())
}

/// One row per live line of the plan (kicks only for lines that can be online).
async fn queue_lines(
    tx: &mut PgConnection,
    actor: &Actor,
    plan_id: i64,
    action: JobAction,
    reason: &str,
) -> ServiceResult<()> {
    let lines = sqlx::query!(
        r#"SELECT id, nas_id, connection_type, username, host(static_ip) AS static_ip, status
           FROM subscriptions WHERE plan_id = $1 AND status <> 'terminated' ORDER BY id"#,
        plan_id
    )
    .fetch_all(&mut *tx)
    .await?;
    for line in lines {
        if action == JobAction::Kick && !matches!(line.status.as_str(), "active" | "isolated") {
            continue;
        }
        let connection = ConnectionType::parse(&line.connection_type).unwrap_or_default();
        for (kind, key) in line_keys(connection, &line.username, line.static_ip.as_deref()) {
            if action == JobAction::Kick && kind == ObjectKind::AddressList {
                continue;
            }
            let spec = JobSpec {
                nas_id: line.nas_id,
                action,
                kind,
                key,
                subscription_id: Some(line.id),
                plan_id: Some(plan_id),
            };
            enqueue(tx, actor, &spec, reason).await?;
        }
    }
    Ok(())
}
