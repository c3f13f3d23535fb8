//! Reading what IPAM analyses: every active router with its stored pools and recorded
//! prefixes, the lines' fixed addresses, and the addresses of the sessions active now
//! (one `/ppp/active` and one `/ip/hotspot/active` listing per router, at most 3 s each,
//! routers asked at once; a router that does not answer shows fixed addresses only).

use std::collections::HashMap;
use std::net::Ipv4Addr;

use routeros::Command;
use sqlx::PgPool;

use crate::error::server::ServiceResult;
use crate::ipam::model::{AddressSource, Assignment, IpamOverview};
use crate::ipam::server::analysis::{analyse, RouterFacts};
use crate::nas::server::hub::{RouterHub, RouterTarget};
use crate::nas::server::pools::AddressPool;
use crate::nas::server::repo as nas_repo;
use crate::secrets::SecretBox;

const SESSIONS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

pub async fn overview(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    can_manage: bool,
) -> ServiceResult<IpamOverview> {
    let routers = sqlx::query!(
        r#"SELECT id, name, status, address_pools, pools_read_at FROM nas
           WHERE active ORDER BY lower(name), id"#
    )
    .fetch_all(db)
    .await?;
    let prefixes = sqlx::query!(
        r#"SELECT id, nas_id, prefix::text AS "prefix!", description FROM ip_prefixes
           ORDER BY nas_id, prefix"#
    )
    .fetch_all(db)
    .await?;
    let lines = sqlx::query!(
        r#"SELECT s.id, s.nas_id, s.username, s.connection_type, host(s.static_ip) AS static_ip,
                  c.full_name
           FROM subscriptions s JOIN customers c ON c.id = s.customer_id
           WHERE s.status <> 'terminated'"#
    )
    .fetch_all(db)
    .await?;
    let mut by_name: HashMap<(i64, String), (i64, String)> = HashMap::new();
    let mut assignments: HashMap<i64, Vec<Assignment>> = HashMap::new();
    for line in &lines {
        by_name.insert(
            (line.nas_id, line.username.clone()),
            (line.id, line.full_name.clone()),
        );
        if let Some(address) = line.static_ip.as_deref().and_then(|a| a.parse().ok()) {
            assignments
                .entry(line.nas_id)
                .or_default()
                .push(Assignment {
                    address,
                    subscription_id: line.id,
                    username: line.username.clone(),
                    customer_name: line.full_name.clone(),
                    source: AddressSource::Static,
                    pool: None,
                });
        }
    }
    // Routers the monitor finds down are not asked.
    let mut asks = tokio::task::JoinSet::new();
    for router in routers.iter().filter(|r| r.status != "down") {
        let target = {
            let mut conn = db.acquire().await?;
            match nas_repo::target(&mut conn, secrets, router.id).await {
                Ok(target) => target,
                Err(error) => {
                    tracing::warn!(nas.id = router.id, error = %error, "cannot read a router's password");
                    continue;
                }
            }
        };
        let hub = hub.clone();
        asks.spawn(async move {
            let listed = tokio::time::timeout(SESSIONS_TIMEOUT, session_addresses(&hub, &target));
            let answer = match listed.await {
                Ok(Ok(found)) => Some(found),
                Ok(Err(error)) => {
                    tracing::warn!(nas.name = %target.name, error = %error, "cannot list session addresses");
                    None
                }
                Err(_) => {
                    tracing::warn!(nas.name = %target.name, "no session addresses within 3 s");
                    None
                }
            };
            (target.nas_id, answer)
        });
    }
    let mut sessions_read = HashMap::new();
    while let Some(done) = asks.join_next().await {
        let Ok((nas_id, answer)) = done else { continue };
        sessions_read.insert(nas_id, answer.is_some());
        for (name, address) in answer.unwrap_or_default() {
            // Sessions of names Simpul does not know (made by hand on the router) cannot be
            // linked to a line; drift and import show those.
            if let Some((id, customer)) = by_name.get(&(nas_id, name.clone())) {
                assignments.entry(nas_id).or_default().push(Assignment {
                    address,
                    subscription_id: *id,
                    username: name,
                    customer_name: customer.clone(),
                    source: AddressSource::Session,
                    pool: None,
                });
            }
        }
    }
    let mut conflicts = Vec::new();
    let mut views = Vec::new();
    for router in routers {
        let facts = RouterFacts {
            nas_id: router.id,
            name: router.name,
            pools_read_at: router.pools_read_at,
            pools: serde_json::from_value::<Vec<AddressPool>>(router.address_pools)
                .unwrap_or_default(),
            prefixes: prefixes
                .iter()
                .filter(|p| p.nas_id == router.id)
                .map(|p| (p.id, p.prefix.clone(), p.description.clone()))
                .collect(),
            assignments: assignments.remove(&router.id).unwrap_or_default(),
            sessions_read: sessions_read.get(&router.id).copied().unwrap_or(false),
        };
        views.push(analyse(facts, &mut conflicts));
    }
    Ok(IpamOverview {
        routers: views,
        conflicts,
        can_manage,
    })
}

/// (session name, address) of every active PPPoE and hotspot session on one router.
async fn session_addresses(
    hub: &RouterHub,
    target: &RouterTarget,
) -> Result<Vec<(String, Ipv4Addr)>, routeros::Error> {
    let client = hub.client(target)?;
    let mut found = Vec::new();
    for (menu, name) in [("/ppp/active", "name"), ("/ip/hotspot/active", "user")] {
        let rows = match client
            .execute(Command::new(format!("{menu}/print")).proplist(&[name, "address"]))
            .await
        {
            Ok(reply) => reply.rows,
            // A router without the hotspot package answers that the menu does not exist.
            Err(error) if menu == "/ip/hotspot/active" => {
                tracing::debug!(error = %error, "no hotspot sessions to read");
                Vec::new()
            }
            Err(error) => return Err(error),
        };
        found.extend(rows.iter().filter_map(|row| {
            Some((
                row.get(name)?.to_owned(),
                row.get("address")?.parse::<Ipv4Addr>().ok()?,
            ))
        }));
    }
    Ok(found)
}
