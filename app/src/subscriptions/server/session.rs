//! Whether a line is online now, read from the router's active sessions.

use routeros::Command;
use sqlx::PgPool;

use crate::error::server::ServiceResult;
use crate::nas::server::hub::RouterHub;
use crate::nas::server::{device_error, repo as nas_repo};
use crate::plans::model::ConnectionType;
use crate::secrets::SecretBox;
use crate::subscriptions::model::LineSession;

pub async fn line_session(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    subscription_id: i64,
) -> ServiceResult<LineSession> {
    let row = sqlx::query!(
        "SELECT nas_id, connection_type, username FROM subscriptions WHERE id = $1",
        subscription_id
    )
    .fetch_optional(db)
    .await?
    .ok_or(crate::error::AppError::NotFound)?;
    let (menu, property) = match ConnectionType::parse(&row.connection_type) {
        Some(ConnectionType::Pppoe) => ("/ppp/active", "name"),
        Some(ConnectionType::Hotspot) => ("/ip/hotspot/active", "user"),
        _ => return Ok(LineSession::default()),
    };
    let mut conn = db.acquire().await?;
    let target = nas_repo::target(&mut conn, secrets, row.nas_id).await?;
    drop(conn);
    let client = hub
        .client(&target)
        .map_err(|e| device_error(&target.name, e))?;
    let rows = client
        .execute(Command::new(format!("{menu}/print")).filter(property, &row.username))
        .await
        .map_err(|e| device_error(&target.name, e))?
        .rows;
    let session = rows.first();
    let get = |name: &str| session.and_then(|r| r.get(name)).unwrap_or("").to_owned();
    Ok(LineSession {
        watched: true,
        online: session.is_some(),
        address: get("address"),
        uptime: get("uptime"),
        caller_id: get(if property == "user" {
            "mac-address"
        } else {
            "caller-id"
        }),
    })
}

/// How long one router may take to list its sessions before its lines count as unknown.
const SESSIONS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Which of `lines` (subscription ids) have a session now: one listing per router and
/// kind of session, routers asked at once. A line is missing from the answer (unknown)
/// when its router is down, slow or failing, or when its plan has no sessions to see.
pub async fn online_lines(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    lines: &[i64],
) -> ServiceResult<std::collections::HashMap<i64, bool>> {
    let rows = sqlx::query!(
        r#"SELECT s.id, s.nas_id, s.connection_type, s.username
           FROM subscriptions s JOIN nas n ON n.id = s.nas_id
           WHERE s.id = ANY($1) AND n.active AND n.status <> 'down'"#,
        lines
    )
    .fetch_all(db)
    .await?;
    let mut by_router: std::collections::BTreeMap<i64, Vec<(i64, ConnectionType, String)>> =
        Default::default();
    for row in rows {
        if let Some(kind @ (ConnectionType::Pppoe | ConnectionType::Hotspot)) =
            ConnectionType::parse(&row.connection_type)
        {
            by_router
                .entry(row.nas_id)
                .or_default()
                .push((row.id, kind, row.username));
        }
    }
    let mut asks = tokio::task::JoinSet::new();
    for (nas_id, lines) in by_router {
        let target = {
            let mut conn = db.acquire().await?;
            match nas_repo::target(&mut conn, secrets, nas_id).await {
                Ok(target) => target,
                Err(error) => {
                    tracing::warn!(nas.id = nas_id, error = %error, "cannot read a router's password");
                    continue;
                }
            }
        };
        let hub = hub.clone();
        asks.spawn(async move {
            let listing =
                tokio::time::timeout(SESSIONS_TIMEOUT, active_names(&hub, &target, &lines));
            match listing.await {
                Ok(Ok(online)) => lines
                    .iter()
                    .map(|(id, kind, username)| (*id, online.contains(&(*kind, username.clone()))))
                    .collect(),
                Ok(Err(error)) => {
                    tracing::warn!(nas.name = %target.name, error = %error, "cannot list sessions");
                    Vec::new()
                }
                Err(_) => {
                    tracing::warn!(nas.name = %target.name, "no session list within 3 s");
                    Vec::new()
                }
            }
        });
    }
    let mut online = std::collections::HashMap::new();
    while let Some(answer) = asks.join_next().await {
        online.extend(answer.unwrap_or_default());
    }
    Ok(online)
}

/// The names with a session on one router, for the kinds of session `lines` use.
async fn active_names(
    hub: &RouterHub,
    target: &crate::nas::server::hub::RouterTarget,
    lines: &[(i64, ConnectionType, String)],
) -> Result<std::collections::HashSet<(ConnectionType, String)>, routeros::Error> {
    let client = hub.client(target)?;
    let mut names = std::collections::HashSet::new();
    for kind in [ConnectionType::Pppoe, ConnectionType::Hotspot] {
        if !lines.iter().any(|(_, k, _)| *k == kind) {
            continue;
        }
        let (menu, property) = match kind {
            ConnectionType::Pppoe => ("/ppp/active", "name"),
            _ => ("/ip/hotspot/active", "user"),
        };
        let rows = client
            .execute(Command::new(format!("{menu}/print")).proplist(&[property]))
            .await?
            .rows;
        names.extend(
            rows.iter()
                .filter_map(|r| r.get(property))
                .map(|name| (kind, name.to_owned())),
        );
    }
    Ok(names)
}
