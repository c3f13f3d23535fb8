//! The status monitor: every active NAS is asked for its identity, resources and address
//! pools; the answer (or the exact error) is stored for the list page, and state changes are
//! logged.

use std::time::Duration;

use chrono::Utc;
use sqlx::PgPool;

use crate::error::server::ServiceResult;
use crate::nas::model::NasState;
use crate::nas::server::facts::read_facts;
use crate::nas::server::hub::RouterHub;
use crate::nas::server::pools::{self, read_pools};
use crate::nas::server::repo;
use crate::secrets::SecretBox;

/// Checks every active NAS at once (a slow router does not delay the others); returns how
/// many are up.
pub async fn check_all(db: &PgPool, secrets: &SecretBox, hub: &RouterHub) -> ServiceResult<usize> {
    let ids = repo::active_ids(&mut *db.acquire().await?).await?;
    let mut checks = tokio::task::JoinSet::new();
    for id in ids {
        let (db, secrets, hub) = (db.clone(), secrets.clone(), hub.clone());
        checks.spawn(async move { check_one(&db, &secrets, &hub, id).await });
    }
    let mut up = 0;
    while let Some(result) = checks.join_next().await {
        match result {
            Ok(Ok(true)) => up += 1,
            Ok(Ok(false)) => {}
            Ok(Err(error)) => tracing::warn!(error = %error, "NAS check failed"),
            Err(error) => tracing::error!(error = %error, "NAS check task failed"),
        }
    }
    Ok(up)
}

pub async fn check_one(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    id: i64,
) -> ServiceResult<bool> {
    let target = match repo::target(&mut *db.acquire().await?, secrets, id).await {
        Ok(target) => target,
        Err(error) => {
            // Most likely the secret key changed: show it rather than a stale "up".
            let outcome = Err(format!("cannot read the stored password: {error}"));
            repo::record_check(&mut *db.acquire().await?, id, Utc::now(), &outcome).await?;
            return Err(error);
        }
    };
    let mut address_pools = None;
    let outcome = match hub.client(&target) {
        Ok(client) => {
            // The client's own timeouts bound this; the extra guard covers DNS stalls.
            let facts = tokio::time::timeout(Duration::from_secs(20), read_facts(&*client)).await;
            let facts = match facts {
                Ok(result) => result.map_err(|e| e.to_string()),
                Err(_) => Err("no answer within 20 s".to_owned()),
            };
            if facts.is_ok() {
                // Pools only inform the fixed-address check: a router slow to list them, or
                // an API user not allowed to, keeps the pools read before and stays "up".
                let pools = tokio::time::timeout(Duration::from_secs(10), read_pools(&*client));
                address_pools = pools.await.ok().and_then(Result::ok);
            }
            facts
        }
        Err(error) => Err(error.to_string()),
    };
    let now = Utc::now();
    let mut conn = db.acquire().await?;
    let previous = repo::record_check(&mut conn, id, now, &outcome).await?;
    if let (Ok(_), Some(address_pools)) = (&outcome, &address_pools) {
        pools::store(&mut conn, id, address_pools, now).await?;
    }
    match (&outcome, previous) {
        (Ok(_), NasState::Down) => {
            tracing::info!(nas.id = id, nas.name = %target.name, "NAS is back up")
        }
        (Err(error), NasState::Up | NasState::Unknown) => {
            tracing::warn!(nas.id = id, nas.name = %target.name, error = %error, "NAS is down")
        }
        _ => {}
    }
    Ok(outcome.is_ok())
}
