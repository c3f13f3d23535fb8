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

/// Sets how long resolved tickets may be reopened (1 hour to 1 year).
pub async fn save_reopen_window(
    db: &sqlx::PgPool,
    actor: &crate::request::Actor,
    hours: i32,
) -> ServiceResult<()> {
    if !(1..=8760).contains(&hours) {
        return Err(crate::error::FieldErrors::single(
            "reopen_window_hours",
            crate::i18n::Msg::ValReopenWindowRange,
        )
        .into());
    }
    let mut tx = db.begin().await?;
    let before = reopen_window(&mut tx).await?.num_hours();
    sqlx::query!(
        "UPDATE service_desk_settings SET reopen_window_hours = $1, updated_at = now()",
        hours
    )
    .execute(&mut *tx)
    .await?;
    crate::audit::server::AuditEvent::new("desk_settings.update", "desk_settings", "1")
        .before(&serde_json::json!({ "reopen_window_hours": before }))
        .after(&serde_json::json!({ "reopen_window_hours": hours }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
