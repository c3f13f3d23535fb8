//! Who is on the isolir page: the visitor's address is matched to an isolated line, first by
//! fixed address, then by asking the routers which session holds it. A name is shown only
//! when the address points at exactly one line: routers may hand out the same private
//! addresses, and a visitor must never see another customer's details. The routers are asked
//! at once, with a short timeout, and their answer is reused for a few seconds (every request
//! of a redirected browser lands here).

use std::time::Duration;

use routeros::Command;
use sqlx::PgPool;

use crate::error::server::ServiceResult;
use crate::nas::server::hub::{AddressOwners, RouterHub};
use crate::nas::server::repo as nas_repo;
use crate::secrets::SecretBox;
use crate::subscriptions::model::IsolatedLine;

const ROUTER_TIMEOUT: Duration = Duration::from_secs(2);

struct Candidate {
    nas_id: i64,
    connection_type: String,
    first_name: String,
    customer_code: String,
    username: String,
    reason: String,
    since: chrono::DateTime<chrono::Utc>,
    isolated: bool,
}

impl From<Candidate> for IsolatedLine {
    fn from(c: Candidate) -> Self {
        IsolatedLine {
            first_name: c.first_name,
            customer_code: c.customer_code,
            username: c.username,
            reason: c.reason,
            since: c.since,
        }
    }
}

/// The one isolated line among `found`, if the address belongs to exactly one line.
fn only_isolated(found: Vec<Candidate>) -> Option<IsolatedLine> {
    match <[Candidate; 1]>::try_from(found) {
        Ok([line]) if line.isolated => Some(line.into()),
        _ => None,
    }
}

/// Whether the routers' sessions agree that the address is this fixed line's: a PPPoE or
/// hotspot line must be the only session holding it; a static line has no session, so none
/// may hold it.
fn sessions_confirm(line: &Candidate, owners: &[(i64, String)]) -> bool {
    if line.connection_type == "static" {
        owners.is_empty()
    } else {
        matches!(owners, [(nas, name)] if *nas == line.nas_id && *name == line.username)
    }
}

pub async fn line_at(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    address: &str,
) -> ServiceResult<Option<IsolatedLine>> {
    if address.parse::<std::net::Ipv4Addr>().is_err() {
        return Ok(None);
    }
    let anyone_isolated = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM subscriptions WHERE status = 'isolated') AS "any!""#
    )
    .fetch_one(db)
    .await?;
    if !anyone_isolated {
        return Ok(None);
    }
    let fixed = sqlx::query_as!(
        Candidate,
        r#"SELECT s.nas_id, s.connection_type,
                  split_part(c.full_name, ' ', 1) AS "first_name!", c.code AS customer_code,
                  s.username, s.status_reason AS reason, s.status_changed_at AS since,
                  s.status = 'isolated' AS "isolated!"
           FROM subscriptions s JOIN customers c ON c.id = s.customer_id
           WHERE s.status <> 'terminated' AND s.static_ip = $1::text::inet
           LIMIT 2"#,
        address
    )
    .fetch_all(db)
    .await?;
    // Even a fixed address is checked against every router: another router may hand the
    // same address to someone else dynamically.
    let Some(owners) = owners_of(db, secrets, hub, address).await? else {
        return Ok(None);
    };
    if !fixed.is_empty() {
        let confirmed = fixed.len() == 1 && sessions_confirm(&fixed[0], &owners);
        return Ok(if confirmed {
            only_isolated(fixed)
        } else {
            None
        });
    }
    let [(nas_id, name)] = owners.as_slice() else {
        return Ok(None);
    };
    let line = sqlx::query_as!(
        Candidate,
        r#"SELECT s.nas_id, s.connection_type,
                  split_part(c.full_name, ' ', 1) AS "first_name!", c.code AS customer_code,
                  s.username, s.status_reason AS reason, s.status_changed_at AS since,
                  s.status = 'isolated' AS "isolated!"
           FROM subscriptions s JOIN customers c ON c.id = s.customer_id
           WHERE s.status <> 'terminated' AND s.nas_id = $1 AND s.username = $2"#,
        nas_id,
        name
    )
    .fetch_all(db)
    .await?;
    Ok(only_isolated(line))
}

/// The sessions holding `address` on every active router, from the hub's recent answers or
/// asked now. `None` when a router could not tell (no answer in time, login unreadable):
/// its session might be the visitor's, so nobody can be named, and that is not remembered.
async fn owners_of(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    address: &str,
) -> ServiceResult<Option<AddressOwners>> {
    if let Some(owners) = hub.recent_owners(address) {
        return Ok(Some(owners));
    }
    let owners = ask_routers(db, secrets, hub, address).await?;
    if let Some(owners) = &owners {
        hub.remember_owners(address, owners.clone());
    }
    Ok(owners)
}

/// Every active router's PPP and hotspot sessions holding `address`, asked at once.
async fn ask_routers(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    address: &str,
) -> ServiceResult<Option<AddressOwners>> {
    let mut conn = db.acquire().await?;
    let mut asks = tokio::task::JoinSet::new();
    for nas_id in nas_repo::active_ids(&mut conn).await? {
        let Ok(target) = nas_repo::target(&mut conn, secrets, nas_id).await else {
            return Ok(None);
        };
        let Ok(client) = hub.client(&target) else {
            return Ok(None);
        };
        let address = address.to_owned();
        asks.spawn(async move {
            let mut owners = Vec::new();
            for (menu, name) in [("/ppp/active", "name"), ("/ip/hotspot/active", "user")] {
                let command = Command::new(format!("{menu}/print"))
                    .filter("address", address.as_str())
                    .timeout(ROUTER_TIMEOUT);
                match tokio::time::timeout(ROUTER_TIMEOUT, client.execute(command)).await {
                    Ok(Ok(output)) => owners.extend(
                        output
                            .rows
                            .into_iter()
                            .filter_map(|r| r.get(name).map(|n| (nas_id, n.to_owned()))),
                    ),
                    // A router refusing the hotspot menu (no hotspot package; REST answers
                    // 404) has no hotspot sessions.
                    Ok(Err(routeros::Error::Trap { .. })) if menu == "/ip/hotspot/active" => {}
                    _ => return None,
                }
            }
            Some(owners)
        });
    }
    drop(conn);
    let mut owners = Vec::new();
    while let Some(found) = asks.join_next().await {
        match found {
            Ok(Some(found)) => owners.extend(found),
            _ => return Ok(None),
        }
    }
    owners.sort();
    Ok(Some(owners))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(connection_type: &str) -> Candidate {
        Candidate {
            nas_id: 1,
            connection_type: connection_type.into(),
            first_name: "Yohana".into(),
            customer_code: "CUST-00005".into(),
            username: "yohana".into(),
            reason: "Tagihan belum dibayar".into(),
            since: chrono::Utc::now(),
            isolated: true,
        }
    }

    #[test]
    fn a_fixed_address_is_the_lines_only_when_the_sessions_agree() {
        let own = vec![(1, "yohana".to_owned())];
        assert!(sessions_confirm(&line("pppoe"), &own));
        // Another router hands the same address to someone else.
        assert!(!sessions_confirm(&line("pppoe"), &[(2, "budi".to_owned())]));
        assert!(!sessions_confirm(
            &line("pppoe"),
            &[(1, "yohana".to_owned()), (2, "budi".to_owned())]
        ));
        // The line's own session is not up: it cannot be confirmed.
        assert!(!sessions_confirm(&line("pppoe"), &[]));
        // A queue line has no session; any session at its address is someone else's.
        assert!(sessions_confirm(&line("static"), &[]));
        assert!(!sessions_confirm(&line("static"), &own));
    }
}
