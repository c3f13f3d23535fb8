//! The outbox as admins work it: list rows, retry a failed or waiting one now, cancel one.

use sqlx::{PgConnection, PgPool};

use super::worker::refresh_subscription;
use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::pagination::{page_from, Page};
use crate::provisioning::model::{Job, JobAction, JobState, ObjectKind};
use crate::request::Actor;

struct JobRow {
    id: i64,
    nas_id: i64,
    nas_name: String,
    action: String,
    object_kind: String,
    object_key: String,
    subscription_id: Option<i64>,
    plan_id: Option<i64>,
    reason: String,
    state: String,
    attempts: i32,
    next_attempt_at: chrono::DateTime<chrono::Utc>,
    last_error: Option<String>,
    outcome: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    finished_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<JobRow> for Job {
    fn from(r: JobRow) -> Job {
        Job {
            id: r.id,
            nas_id: r.nas_id,
            nas_name: r.nas_name,
            action: JobAction::parse(&r.action).unwrap_or(JobAction::Sync),
            kind: ObjectKind::parse(&r.object_kind).unwrap_or(ObjectKind::PppSecret),
            key: r.object_key,
            subscription_id: r.subscription_id,
            plan_id: r.plan_id,
            reason: r.reason,
            state: JobState::parse(&r.state).unwrap_or(JobState::Pending),
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            last_error: r.last_error,
            outcome: r.outcome,
            created_at: r.created_at,
            finished_at: r.finished_at,
        }
    }
}

/// Newest first (provisioning_jobs_list_idx when filtered by state); optionally one
/// router's or one subscription's rows. The cursor is the last id shown.
pub async fn list(
    conn: &mut PgConnection,
    state: Option<JobState>,
    nas_id: Option<i64>,
    subscription_id: Option<i64>,
    before_id: Option<i64>,
    limit: i64,
) -> ServiceResult<Page<Job>> {
    let rows = sqlx::query_as!(
        JobRow,
        r#"SELECT j.id, j.nas_id, n.name AS nas_name, j.action, j.object_kind, j.object_key,
                  j.subscription_id, j.plan_id, j.reason, j.state, j.attempts,
                  j.next_attempt_at, j.last_error, j.outcome, j.created_at, j.finished_at
           FROM provisioning_jobs j JOIN nas n ON n.id = j.nas_id
           WHERE ($1::text IS NULL OR j.state = $1)
             AND ($2::bigint IS NULL OR j.nas_id = $2)
             AND ($3::bigint IS NULL OR j.subscription_id = $3)
             AND ($4::bigint IS NULL OR j.id < $4)
           ORDER BY j.id DESC
           LIMIT $5"#,
        state.map(JobState::as_str),
        nas_id,
        subscription_id,
        before_id,
        limit + 1
    )
    .fetch_all(conn)
    .await?;
    let jobs: Vec<Job> = rows.into_iter().map(Job::from).collect();
    Ok(page_from(jobs, limit, |j: &Job| j.id.to_string()))
}

/// Sends a failed or waiting row back to the worker, due now. Returns its router.
pub async fn retry(db: &PgPool, actor: &Actor, id: i64) -> ServiceResult<i64> {
    let mut tx = db.begin().await?;
    let row = sqlx::query!(
        "SELECT nas_id, state, subscription_id FROM provisioning_jobs WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if !matches!(row.state.as_str(), "failed" | "pending") {
        return Err(AppError::Conflict(Msg::ErrJobFinished).into());
    }
    sqlx::query!(
        r#"UPDATE provisioning_jobs
           SET state = 'pending', next_attempt_at = now(), finished_at = NULL
           WHERE id = $1"#,
        id
    )
    .execute(&mut *tx)
    .await?;
    refresh_subscription(&mut tx, row.subscription_id).await?;
    AuditEvent::new("provisioning.retry", "provisioning_job", id)
        .before(&serde_json::json!({ "state": row.state }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(row.nas_id)
}

/// Gives up on a pending or failed row (the change stays in Simpul; a later change or a
/// drift fix brings the router in line).
pub async fn cancel(db: &PgPool, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    let row = sqlx::query!(
        "SELECT state, subscription_id FROM provisioning_jobs WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if !matches!(row.state.as_str(), "failed" | "pending") {
        return Err(AppError::Conflict(Msg::ErrJobFinished).into());
    }
    sqlx::query!(
        r#"UPDATE provisioning_jobs
           SET state = 'cancelled', finished_at = now(), outcome = 'cancelled by an admin'
           WHERE id = $1"#,
        id
    )
    .execute(&mut *tx)
    .await?;
    refresh_subscription(&mut tx, row.subscription_id).await?;
    AuditEvent::new("provisioning.cancel", "provisioning_job", id)
        .before(&serde_json::json!({ "state": row.state }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// How long applied and cancelled rows are kept for the outbox page and the line's history.
/// Failed rows stay until someone retries or cancels them.
pub const KEEP_FINISHED_DAYS: i32 = 90;

/// Deletes applied and cancelled rows older than [`KEEP_FINISHED_DAYS`]; answers how many.
pub async fn purge_finished(db: &PgPool) -> ServiceResult<u64> {
    Ok(sqlx::query!(
        r#"DELETE FROM provisioning_jobs
           WHERE state IN ('done', 'cancelled')
             AND finished_at < now() - make_interval(days => $1)"#,
        KEEP_FINISHED_DAYS
    )
    .execute(db)
    .await?
    .rows_affected())
}
