//! Saved ticket filters: a name and the list's query string, per user.

use crate::audit::server::AuditEvent;
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::request::Actor;
use crate::tickets::model::SavedFilter;
use sqlx::PgPool;

fn owner(actor: &Actor) -> Result<i64, AppError> {
    actor.user_id.map(|u| u.0).ok_or(AppError::Unauthorized)
}

pub async fn list(db: &PgPool, actor: &Actor) -> ServiceResult<Vec<SavedFilter>> {
    let user = owner(actor)?;
    Ok(sqlx::query_as!(
        SavedFilter,
        r#"SELECT id, name, filter->>'query' AS "query!" FROM saved_ticket_filters
           WHERE user_id = $1 ORDER BY lower(name)"#,
        user
    )
    .fetch_all(db)
    .await?)
}

/// Saves the list's current query string under `name` (unique per user).
pub async fn save(
    db: &PgPool,
    actor: &Actor,
    name: &str,
    query: &str,
) -> ServiceResult<SavedFilter> {
    let user = owner(actor)?;
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let query = query.trim().trim_start_matches('?');
    // Only the filter: the page position means nothing later.
    let query: String = query
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("cursor="))
        .collect::<Vec<_>>()
        .join("&");
    let mut errors = FieldErrors::new();
    if name.is_empty() {
        errors.add("name", Msg::ValRequired);
    } else if name.chars().count() > 60 {
        errors.add("name", Msg::ValTooLong);
    }
    if query.len() > 1000 {
        errors.add("name", Msg::ValTooLong);
    }
    errors.into_result()?;
    let mut tx = db.begin().await?;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO saved_ticket_filters (user_id, name, filter) VALUES ($1, $2, $3) RETURNING id"#,
        user,
        name,
        serde_json::json!({ "query": query }),
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, &[("saved_ticket_filters_name_key", "name", Msg::ValNameTaken)]))?;
    AuditEvent::new("saved_filter.create", "saved_filter", id)
        .after(&serde_json::json!({ "name": name, "query": query }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(SavedFilter { id, name, query })
}

/// Deletes one of the actor's own saved filters; anyone else's looks missing.
pub async fn delete(db: &PgPool, actor: &Actor, id: i64) -> ServiceResult<()> {
    let user = owner(actor)?;
    let mut tx = db.begin().await?;
    let gone = sqlx::query!(
        "DELETE FROM saved_ticket_filters WHERE id = $1 AND user_id = $2",
        id,
        user
    )
    .execute(&mut *tx)
    .await?;
    if gone.rows_affected() == 0 {
        return Err(AppError::NotFound.into());
    }
    AuditEvent::new("saved_filter.delete", "saved_filter", id)
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
