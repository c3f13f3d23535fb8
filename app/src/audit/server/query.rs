use crate::audit::model::{AuditEntry, AuditFilter};
use crate::error::server::ServiceResult;
use crate::format::TimeZone;
use crate::pagination::{page_from, parse_time_cursor, time_cursor, Page};
use chrono::Days;
use sqlx::PgPool;

/// Newest first, keyset-paginated on (at, id) by `audit_log_at_idx`.
pub async fn list(
    db: &PgPool,
    filter: AuditFilter,
    zone: TimeZone,
    cursor: Option<&str>,
    limit: i64,
) -> ServiceResult<Page<AuditEntry>> {
    let filter = filter.normalized();
    let from = filter.from.map(|d| zone.start_of_day_utc(d));
    let to = filter
        .to
        .and_then(|d| d.checked_add_days(Days::new(1)))
        .map(|d| zone.start_of_day_utc(d));
    let (cursor_at, cursor_id) = match cursor.and_then(parse_time_cursor) {
        Some((at, id)) => (Some(at), Some(id)),
        None => (None, None),
    };
    let rows = sqlx::query_as!(
        AuditEntry,
        r#"SELECT id, at, actor_id, actor_label, actor_roles, action, entity, entity_id,
                  before, after, ip
           FROM audit_log
           WHERE ($1::text IS NULL OR action = $1)
             AND ($2::text IS NULL OR entity = $2)
             AND ($3::text IS NULL OR entity_id = $3)
             AND ($4::text IS NULL OR lower(actor_label) = $4
                  OR actor_id IN (SELECT u.id FROM users u WHERE lower(u.email) = $4))
             AND ($5::timestamptz IS NULL OR at >= $5)
             AND ($6::timestamptz IS NULL OR at < $6)
             AND ($7::timestamptz IS NULL OR (at, id) < ($7, $8::bigint))
           ORDER BY at DESC, id DESC
           LIMIT $9"#,
        filter.action,
        filter.entity,
        filter.entity_id,
        filter.actor,
        from,
        to,
        cursor_at,
        cursor_id,
        limit + 1,
    )
    .fetch_all(db)
    .await?;
    Ok(page_from(rows, limit, |e| time_cursor(e.at, e.id)))
}
