use crate::error::server::ServiceResult;
use chrono::Duration;
use sqlx::PgConnection;

/// How long after resolution a ticket may still be reopened.
pub async fn reopen_window(conn: &mut PgConnection) -> ServiceResult<Duration> {
    let hours = sqlx::query_scalar!("SELECT reopen_window_hours FROM service_desk_settings")
        .fetch_optional(conn)
        .await?
        .unwrap_or(168);
    Ok(Duration::hours(i64::from(hours)))
}
