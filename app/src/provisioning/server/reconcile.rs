//! Reconciliation: read what a router holds, compare it with what Simpul wants, store the
//! differences (drift) for the NAS page, and fix them through the outbox on request.
//! Objects Simpul does not own (no `simpul:` comment) are never reported as extra and never
//! touched; one that blocks a name Simpul wants is reported as foreign.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use sqlx::PgPool;

use super::apply::{differences, find_all};
use super::desired::{owned, RouterObject};
use super::enqueue::{enqueue, JobSpec};
use super::state;
use crate::error::server::{ServiceError, ServiceResult};
use crate::nas::server::hub::RouterHub;
use crate::nas::server::repo;
use crate::provisioning::model::{DriftItem, DriftProblem, DriftReport, JobAction, ObjectKind};
use crate::request::Actor;
use crate::secrets::SecretBox;

/// Compares one kind; `actual` are the router's rows of that kind.
pub fn compare(
    kind: ObjectKind,
    wanted: &[&RouterObject],
    actual: &[routeros::Row],
    address_list: &str,
    adoptable: &BTreeSet<String>,
) -> Vec<DriftItem> {
    let key_property = kind.key_property();
    let in_other_list =
        |r: &routeros::Row| kind == ObjectKind::AddressList && r.get("list") != Some(address_list);
    // Our entries left in another list (the isolir list was renamed) are extra wherever
    // they are: syncing their address removes them there.
    let mut strays: BTreeSet<String> = actual
        .iter()
        .filter(|r| in_other_list(r) && owned(r.get("comment")))
        .filter_map(|r| r.get(key_property).map(str::to_owned))
        .collect();
    let actual: Vec<&routeros::Row> = actual.iter().filter(|r| !in_other_list(r)).collect();
    let by_key: BTreeMap<&str, &routeros::Row> = actual
        .iter()
        .filter_map(|r| r.get(key_property).map(|k| (k, *r)))
        .collect();
    let mut items = Vec::new();
    let mut wanted_keys = BTreeSet::new();
    for object in wanted {
        wanted_keys.insert(object.key.as_str());
        let item = |problem, fields| DriftItem {
            kind,
            key: object.key.clone(),
            problem,
            fields,
        };
        match by_key.get(object.key.as_str()) {
            None => items.push(item(DriftProblem::Missing, Vec::new())),
            Some(row) if !owned(row.get("comment")) && !adoptable.contains(&object.key) => {
                items.push(item(DriftProblem::Foreign, Vec::new()))
            }
            Some(row) => {
                let diffs = differences(kind, row, object);
                if !diffs.is_empty() {
                    items.push(item(DriftProblem::Different, diffs));
                }
            }
        }
    }
    for (key, row) in by_key {
        if owned(row.get("comment")) && !wanted_keys.contains(key) {
            strays.insert(key.to_owned());
        }
    }
    items.extend(strays.into_iter().map(|key| DriftItem {
        kind,
        key,
        problem: DriftProblem::Extra,
        fields: Vec::new(),
    }));
    items
}

/// Reads the router and stores the result; a router that cannot be read is recorded with
/// its error (the previous items stay, they are still the best knowledge).
pub async fn reconcile(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    nas_id: i64,
) -> ServiceResult<DriftReport> {
    let mut conn = db.acquire().await?;
    let target = repo::target(&mut conn, secrets, nas_id).await?;
    let settings = state::nas_settings(&mut conn, nas_id).await?;
    let wanted = state::desired_all(&mut conn, secrets, &settings).await?;
    let adoptable: BTreeSet<String> = sqlx::query_scalar!(
        r#"SELECT username AS "name!" FROM subscriptions
           WHERE nas_id = $1 AND adopted AND status <> 'terminated'
           UNION SELECT p.profile_name FROM plans p WHERE p.adopted"#,
        nas_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    drop(conn);
    // Asked before and after reading the router, so a sync in flight during the read is
    // caught either way.
    let mut queued = queued_objects(db, nas_id).await?;
    let read = async {
        let client = hub.client(&target)?;
        let mut items = Vec::new();
        for kind in ObjectKind::ALL {
            let wanted_here: Vec<&RouterObject> =
                wanted.iter().filter(|o| o.kind == kind).collect();
            let actual = match find_all(&*client, kind).await {
                Ok(rows) => rows,
                // A router without the hotspot package has no such menu: nothing of ours
                // can be there unless we want something there.
                Err(routeros::Error::Trap { .. }) if wanted_here.is_empty() => continue,
                Err(e) => return Err(e),
            };
            items.extend(compare(
                kind,
                &wanted_here,
                &actual,
                &settings.isolir_address_list,
                &adoptable,
            ));
        }
        Ok(items)
    };
    let outcome: Result<Vec<DriftItem>, routeros::Error> = read.await;
    queued.extend(queued_objects(db, nas_id).await?);
    let outcome = outcome.map(|items| {
        items
            .into_iter()
            .filter(|i| !queued.contains(&(i.kind, i.key.clone())))
            .collect::<Vec<_>>()
    });
    let now = Utc::now();
    match &outcome {
        Ok(items) => {
            let json =
                serde_json::to_value(items).map_err(|e| ServiceError::Internal(e.to_string()))?;
            sqlx::query!(
                r#"INSERT INTO nas_drift (nas_id, checked_at, items, error)
                   VALUES ($1, $2, $3, NULL)
                   ON CONFLICT (nas_id) DO UPDATE
                   SET checked_at = $2, items = $3, error = NULL"#,
                nas_id,
                now,
                json
            )
            .execute(db)
            .await?;
        }
        Err(e) => {
            sqlx::query!(
                r#"INSERT INTO nas_drift (nas_id, checked_at, error) VALUES ($1, $2, $3)
                   ON CONFLICT (nas_id) DO UPDATE SET checked_at = $2, error = $3"#,
                nas_id,
                now,
                e.to_string()
            )
            .execute(db)
            .await?;
        }
    }
    report(db, nas_id).await
}

/// Objects with a sync still queued for the router. The router not matching them yet is
/// the queue's business, not drift: right after start-up, or while a router was down,
/// every new line would otherwise show as missing and "fix" would queue it twice.
async fn queued_objects(db: &PgPool, nas_id: i64) -> ServiceResult<BTreeSet<(ObjectKind, String)>> {
    let rows = sqlx::query!(
        r#"SELECT DISTINCT object_kind, object_key FROM provisioning_jobs
           WHERE nas_id = $1 AND state = 'pending' AND action = 'sync'"#,
        nas_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| ObjectKind::parse(&r.object_kind).map(|kind| (kind, r.object_key)))
        .collect())
}

/// The stored result of the last reconciliation.
pub async fn report(db: &PgPool, nas_id: i64) -> ServiceResult<DriftReport> {
    sqlx::query_scalar!("SELECT id FROM nas WHERE id = $1", nas_id)
        .fetch_optional(db)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let row = sqlx::query!(
        r#"SELECT checked_at, items, error,
                  (SELECT count(*) FROM provisioning_jobs
                   WHERE nas_id = $1 AND state = 'pending') AS "pending!"
           FROM nas_drift WHERE nas_id = $1"#,
        nas_id
    )
    .fetch_optional(db)
    .await?;
    Ok(match row {
        None => DriftReport {
            nas_id,
            ..Default::default()
        },
        Some(r) => DriftReport {
            nas_id,
            checked_at: Some(r.checked_at),
            items: serde_json::from_value(r.items).unwrap_or_default(),
            error: r.error,
            pending_jobs: r.pending,
        },
    })
}

/// Queues a sync for every drifted object but foreign ones (those need a person: import
/// the object or rename Simpul's). Returns how many rows were written.
pub async fn fix_drift(db: &PgPool, actor: &Actor, nas_id: i64) -> ServiceResult<usize> {
    let drift = report(db, nas_id).await?;
    let mut tx = db.begin().await?;
    let mut written = 0;
    for item in drift
        .items
        .iter()
        .filter(|i| i.problem != DriftProblem::Foreign)
    {
        let subscription_id = if matches!(
            item.kind,
            ObjectKind::PppProfile | ObjectKind::HotspotProfile
        ) {
            None
        } else {
            sqlx::query_scalar!(
                r#"SELECT id FROM subscriptions
                   WHERE nas_id = $1 AND status <> 'terminated'
                     AND (username = $2 OR host(static_ip) = $2)
                   ORDER BY id LIMIT 1"#,
                nas_id,
                item.key
            )
            .fetch_optional(&mut *tx)
            .await?
        };
        let spec = JobSpec {
            nas_id,
            action: JobAction::Sync,
            kind: item.kind,
            key: item.key.clone(),
            subscription_id,
            plan_id: None,
        };
        enqueue(&mut tx, actor, &spec, "drift.fix").await?;
        written += 1;
    }
    crate::audit::server::AuditEvent::new("nas.fix_drift", "nas", nas_id)
        .after(&serde_json::json!({ "jobs": written }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(written)
}
