//! Background housekeeping.

use sqlx::PgPool;
use std::time::Duration;

/// Deletes expired sessions and old sign-in attempts every ten minutes.
pub fn spawn_session_purge(pool: PgPool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            match app::auth::server::sessions::purge_expired(&pool).await {
                Ok(n) if n > 0 => tracing::info!(sessions.purged = n, "expired sessions purged"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "session purge failed; will retry"),
            }
        }
    })
}
