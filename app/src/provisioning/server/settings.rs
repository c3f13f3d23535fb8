//! A router's provisioning settings (on/off, how it isolates). Changing how isolation works
//! re-queues the isolir profile (and removes one that was renamed) and every isolated line,
//! ending their sessions so the new form applies.

use sqlx::{PgConnection, PgPool};

use super::desired::line_keys;
use super::enqueue::{enqueue, JobSpec};
use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::plans::model::ConnectionType;
use crate::provisioning::model::{JobAction, NasProvisioning, ObjectKind};
use crate::request::Actor;

pub async fn load(conn: &mut PgConnection, nas_id: i64) -> ServiceResult<NasProvisioning> {
    let r = sqlx::query!(
        r#"SELECT provisioning, isolir_mode, isolir_profile, isolir_pool, isolir_rate_limit,
                  isolir_address_list FROM nas WHERE id = $1"#,
        nas_id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(NasProvisioning {
        nas_id,
        provisioning: r.provisioning,
        isolir_by_address_list: r.isolir_mode == "address_list",
        isolir_profile: r.isolir_profile,
        isolir_pool: r.isolir_pool,
        isolir_rate_limit: r.isolir_rate_limit,
        isolir_address_list: r.isolir_address_list,
    })
}

pub async fn save(db: &PgPool, actor: &Actor, draft: NasProvisioning) -> ServiceResult<()> {
    let draft = NasProvisioning {
        isolir_profile: draft.isolir_profile.trim().to_owned(),
        isolir_pool: draft.isolir_pool.trim().to_owned(),
        isolir_rate_limit: draft
            .isolir_rate_limit
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        isolir_address_list: draft.isolir_address_list.trim().to_owned(),
        ..draft
    };
    let mut errors = draft.check();
    let mut tx = db.begin().await?;
    sqlx::query!("SELECT id FROM nas WHERE id = $1 FOR UPDATE", draft.nas_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = load(&mut tx, draft.nas_id).await?;
    let clash = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM plans WHERE profile_name = $1) AS "clash!""#,
        draft.isolir_profile
    )
    .fetch_one(&mut *tx)
    .await?;
    if clash {
        errors.add("isolir_profile", Msg::ValProfileTaken);
    }
    errors.into_result()?;
    sqlx::query!(
        r#"UPDATE nas SET provisioning = $2, isolir_mode = $3, isolir_profile = $4,
                  isolir_pool = $5, isolir_rate_limit = $6, isolir_address_list = $7,
                  updated_at = now()
           WHERE id = $1"#,
        draft.nas_id,
        draft.provisioning,
        if draft.isolir_by_address_list {
            "address_list"
        } else {
            "profile"
        },
        draft.isolir_profile,
        draft.isolir_pool,
        draft.isolir_rate_limit,
        draft.isolir_address_list,
    )
    .execute(&mut *tx)
    .await?;
    let isolation_changed = NasProvisioning {
        provisioning: before.provisioning,
        ..draft.clone()
    } != before;
    if isolation_changed {
        requeue_isolation(&mut tx, actor, &before, &draft).await?;
    }
    AuditEvent::new("nas.provisioning", "nas", draft.nas_id)
        .before(&before_view(&before))
        .after(&before_view(&draft))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

fn before_view(p: &NasProvisioning) -> serde_json::Value {
    serde_json::json!({
        "provisioning": p.provisioning,
        "isolir_by_address_list": p.isolir_by_address_list,
        "isolir_profile": p.isolir_profile,
        "isolir_pool": p.isolir_pool,
        "isolir_rate_limit": p.isolir_rate_limit,
        "isolir_address_list": p.isolir_address_list,
    })
}

async fn requeue_isolation(
    tx: &mut PgConnection,
    actor: &Actor,
    before: &NasProvisioning,
    after: &NasProvisioning,
) -> ServiceResult<()> {
    let nas_id = after.nas_id;
    let spec = |kind, key: &str, action, subscription_id| JobSpec {
        nas_id,
        action,
        kind,
        key: key.to_owned(),
        subscription_id,
        plan_id: None,
    };
    let reason = "nas.provisioning";
    // Only the profile kinds the router serves (a router without hotspot has no such menu).
    let uses_hotspot = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM plans p
                          WHERE p.connection_type = 'hotspot'
                            AND (p.id IN (SELECT plan_id FROM plan_nas WHERE nas_id = $1)
                                 OR p.id IN (SELECT plan_id FROM subscriptions
                                             WHERE nas_id = $1 AND status <> 'terminated')))
           AS "used!""#,
        nas_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let kinds: &[ObjectKind] = if uses_hotspot {
        &[ObjectKind::PppProfile, ObjectKind::HotspotProfile]
    } else {
        &[ObjectKind::PppProfile]
    };
    for kind in kinds {
        enqueue(
            tx,
            actor,
            &spec(*kind, &after.isolir_profile, JobAction::Sync, None),
            reason,
        )
        .await?;
    }
    let lines = sqlx::query!(
        r#"SELECT id, connection_type, username, host(static_ip) AS static_ip FROM subscriptions
           WHERE nas_id = $1 AND status = 'isolated' ORDER BY id"#,
        nas_id
    )
    .fetch_all(&mut *tx)
    .await?;
    for line in &lines {
        let connection = ConnectionType::parse(&line.connection_type).unwrap_or_default();
        let keys = line_keys(connection, &line.username, line.static_ip.as_deref());
        for (kind, key) in &keys {
            enqueue(
                tx,
                actor,
                &spec(*kind, key, JobAction::Sync, Some(line.id)),
                reason,
            )
            .await?;
        }
        if let Some((kind, key)) = keys.first() {
            enqueue(
                tx,
                actor,
                &spec(*kind, key, JobAction::Kick, Some(line.id)),
                reason,
            )
            .await?;
        }
    }
    // A renamed isolir profile goes once no line uses it any more.
    if before.isolir_profile != after.isolir_profile {
        for kind in kinds {
            enqueue(
                tx,
                actor,
                &spec(*kind, &before.isolir_profile, JobAction::Sync, None),
                reason,
            )
            .await?;
        }
    }
    // Entries left in a renamed address-list go as each isolated line's address is synced
    // above (`apply::sync_object` clears our entries from other lists); strays show as drift.
    Ok(())
}
