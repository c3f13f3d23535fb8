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
