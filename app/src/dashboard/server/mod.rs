use crate::audit::model::AuditEntry;
use crate::auth::model::UserId;
use crate::dashboard::model::{AccountStats, Overview};
use crate::error::server::ServiceResult;
use crate::format::TimeZone;
use chrono::Utc;
use sqlx::PgPool;

pub async fn overview(
    db: &PgPool,
    user: UserId,
    zone: TimeZone,
    with_stats: bool,
) -> ServiceResult<Overview> {
    // The newest sign-in is the current session's; the one before it is news to the user.
    let previous_sign_in = sqlx::query_scalar!(
        r#"SELECT at FROM audit_log WHERE actor_id = $1 AND action = 'auth.login'
           ORDER BY at DESC, id DESC OFFSET 1 LIMIT 1"#,
        user.0
    )
    .fetch_optional(db)
    .await?;
    let recent_activity = sqlx::query_as!(
        AuditEntry,
        r#"SELECT id, at, actor_id, actor_label, actor_roles, action, entity, entity_id,
                  before, after, ip
           FROM audit_log WHERE actor_id = $1 ORDER BY at DESC, id DESC LIMIT 8"#,
        user.0
    )
    .fetch_all(db)
    .await?;
    let stats = if with_stats {
        Some(account_stats(db, zone).await?)
    } else {
        None
    };
    Ok(Overview {
        previous_sign_in,
        recent_activity,
        stats,
    })
}

async fn account_stats(db: &PgPool, zone: TimeZone) -> ServiceResult<AccountStats> {
    let today = Utc::now().with_timezone(&zone.offset()).date_naive();
    let since = zone.start_of_day_utc(today);
    let row = sqlx::query!(
        r#"SELECT
             (SELECT count(*) FROM users WHERE active AND NOT ('customer' = ANY (roles))) AS "staff!",
             (SELECT count(*) FROM users WHERE active AND 'customer' = ANY (roles)) AS "customers!",
             (SELECT count(*) FROM login_attempts WHERE at >= $1 AND succeeded) AS "ok!",
             (SELECT count(*) FROM login_attempts WHERE at >= $1 AND NOT succeeded) AS "failed!",
             (SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL) AS "outbox!""#,
        since
    )
    .fetch_one(db)
    .await?;
    Ok(AccountStats {
        active_staff: row.staff,
        active_customers: row.customers,
        sign_ins_today: row.ok,
        failed_sign_ins_today: row.failed,
        outbox_pending: row.outbox,
    })
}
