//! The outbox worker: per router, pending rows in id order. One drain per router at a time,
//! across every server instance (a PostgreSQL advisory lock), so rows of one router are
//! never applied out of order or twice concurrently.
//!
//! * A router that cannot be reached leaves its row pending with a growing delay
//!   (5 s doubling to 5 min) and stops the drain, so later rows wait behind it.
//! * A router that refuses a change fails that row (shown to admins with retry/cancel);
//!   later rows go on, because each row recomputes the wanted state when it runs.
//! * A row is marked done only after the router confirmed it. Should the process die in
//!   between, the row runs again and finds nothing to change (a repeated kick ends a
//!   session that just came back: the one effect that can happen twice).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::apply::{self, ApplyError};
use super::state;
use crate::error::server::{ServiceError, ServiceResult};
use crate::nas::server::hub::RouterHub;
use crate::nas::server::repo;
use crate::provisioning::model::{JobAction, ObjectKind};
use crate::secrets::SecretBox;

/// Advisory-lock namespace of provisioning drains (the second key is the NAS id).
const LOCK_NAMESPACE: i32 = 7_001;
const BACKOFF_FIRST_SECS: i64 = 5;
const BACKOFF_MAX_SECS: i64 = 300;

/// What one drain did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DrainReport {
    pub done: usize,
    pub failed: usize,
    /// The router could not be reached; the first waiting row will be retried.
    pub waiting: Option<String>,
    /// Another drain of this router was running.
    pub busy: bool,
}

struct PendingJob {
    id: i64,
    nas_id: i64,
    action: String,
    object_kind: String,
    object_key: String,
    subscription_id: Option<i64>,
    attempts: i32,
    next_attempt_at: DateTime<Utc>,
}

pub fn backoff_secs(attempts: i32) -> i64 {
    let exponent = attempts.clamp(0, 16) as u32;
    (BACKOFF_FIRST_SECS << exponent).min(BACKOFF_MAX_SECS)
}

/// Applies the due rows of one router, in order, until none is due or the router is
/// unreachable. `force` ignores the retry delay of the first row (the admin's "retry now").
pub async fn drain_nas(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    nas_id: i64,
    force: bool,
) -> ServiceResult<DrainReport> {
    let mut conn = db.acquire().await?;
    let locked: bool = sqlx::query_scalar!(
        r#"SELECT pg_try_advisory_lock($1, $2::int) AS "locked!""#,
        LOCK_NAMESPACE,
        i32::try_from(nas_id).unwrap_or(i32::MAX)
    )
    .fetch_one(&mut *conn)
    .await?;
    if !locked {
        return Ok(DrainReport {
            busy: true,
            ..Default::default()
        });
    }
    let result = drain_locked(&mut conn, secrets, hub, nas_id, force).await;
    // Session locks outlive the borrow: release before the connection returns to the pool.
    sqlx::query_scalar!(
        r#"SELECT pg_advisory_unlock($1, $2::int) AS "unlocked!""#,
        LOCK_NAMESPACE,
        i32::try_from(nas_id).unwrap_or(i32::MAX)
    )
    .fetch_one(&mut *conn)
    .await?;
    result
}

async fn drain_locked(
    conn: &mut PgConnection,
    secrets: &SecretBox,
    hub: &RouterHub,
    nas_id: i64,
    force: bool,
) -> ServiceResult<DrainReport> {
    let mut report = DrainReport::default();
    let enabled = sqlx::query_scalar!(
        "SELECT active AND provisioning FROM nas WHERE id = $1",
        nas_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .flatten()
    .unwrap_or(false);
    if !enabled {
        return Ok(report);
    }
    let mut first = true;
    loop {
        let job = sqlx::query_as!(
            PendingJob,
            r#"SELECT id, nas_id, action, object_kind, object_key, subscription_id, attempts,
                      next_attempt_at
               FROM provisioning_jobs
               WHERE nas_id = $1 AND state = 'pending'
               ORDER BY id LIMIT 1"#,
            nas_id
        )
        .fetch_optional(&mut *conn)
        .await?;
        let Some(job) = job else { break };
        if job.next_attempt_at > Utc::now() && !(force && first) {
            // Rows behind a waiting row wait too: order is what makes the outbox safe.
            break;
        }
        first = false;
        let applied = match run_job(conn, secrets, hub, nas_id, &job).await {
            Ok(applied) => applied,
            // The database itself failing ends this drain; the row is tried again.
            Err(ServiceError::Db(e)) => return Err(ServiceError::Db(e)),
            // Simpul cannot work out this row (a password sealed under another key, say):
            // it fails, visibly, rather than holding every row behind it forever.
            Err(e) => Err(ApplyError::Permanent(format!("Simpul: {e}"))),
        };
        match applied {
            Ok(outcome) => {
                finish_done(conn, nas_id, &job, &outcome).await?;
                report.done += 1;
            }
            Err(ApplyError::Permanent(message)) => {
                tracing::warn!(nas.id = nas_id, job.id = job.id, error = %message, "provisioning refused");
                finish_failed(conn, &job, &message).await?;
                report.failed += 1;
            }
            Err(ApplyError::Transient(message)) => {
                tracing::info!(nas.id = nas_id, job.id = job.id, error = %message, "router unreachable; provisioning waits");
                postpone(conn, &job, &message).await?;
                report.waiting = Some(message);
                break;
            }
        }
    }
    Ok(report)
}

/// Runs one row against the router. The outer result is Simpul's own failure (the
/// database, or a row it cannot work out); the inner one is the router's.
async fn run_job(
    conn: &mut PgConnection,
    secrets: &SecretBox,
    hub: &RouterHub,
    nas_id: i64,
    job: &PendingJob,
) -> ServiceResult<Result<String, ApplyError>> {
    let Some(kind) = ObjectKind::parse(&job.object_kind) else {
        return Ok(Err(ApplyError::Permanent(format!(
            "unknown object kind {}",
            job.object_kind
        ))));
    };
    // Without the router's own record nothing on it can be applied: every row waits.
    let target = match repo::target(conn, secrets, nas_id).await {
        Ok(target) => target,
        Err(ServiceError::Db(e)) => return Err(ServiceError::Db(e)),
        Err(e) => {
            return Ok(Err(ApplyError::Transient(format!(
                "cannot read the stored router login: {e}"
            ))))
        }
    };
    let client = match hub.client(&target) {
        Ok(client) => client,
        Err(e) => return Ok(Err(ApplyError::from(e))),
    };
    let settings = state::nas_settings(conn, nas_id).await?;
    Ok(match JobAction::parse(&job.action) {
        Some(JobAction::Kick) => apply::kick(&*client, kind, &job.object_key).await,
        _ => {
            let wanted =
                state::desired_one(conn, secrets, &settings, kind, &job.object_key).await?;
            let adopt = state::may_adopt(conn, nas_id, kind, &job.object_key).await?;
            apply::sync_object(
                &*client,
                kind,
                &job.object_key,
                &settings.isolir_address_list,
                wanted.as_ref(),
                adopt,
            )
            .await
        }
    })
}

async fn finish_done(
    conn: &mut PgConnection,
    nas_id: i64,
    job: &PendingJob,
    outcome: &str,
) -> ServiceResult<()> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    sqlx::query!(
        r#"UPDATE provisioning_jobs
           SET state = 'done', outcome = $2, attempts = attempts + 1, last_error = NULL,
               finished_at = now()
           WHERE id = $1 AND state = 'pending'"#,
        job.id,
        outcome
    )
    .execute(&mut *tx)
    .await?;
    if job.action == JobAction::Sync.as_str() {
        // An earlier refused sync of the same object is settled: this one applied the
        // state that is wanted now.
        sqlx::query!(
            r#"UPDATE provisioning_jobs
               SET state = 'cancelled', finished_at = now(),
                   outcome = 'superseded by #' || $4::bigint
               WHERE nas_id = $1 AND object_kind = $2 AND object_key = $3
                 AND action = 'sync' AND state = 'failed' AND id < $4"#,
            nas_id,
            job.object_kind,
            job.object_key,
            job.id
        )
        .execute(&mut *tx)
        .await?;
    }
    refresh_subscription(&mut tx, job.subscription_id).await?;
    tx.commit().await?;
    Ok(())
}

async fn finish_failed(
    conn: &mut PgConnection,
    job: &PendingJob,
    message: &str,
) -> ServiceResult<()> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    sqlx::query!(
        r#"UPDATE provisioning_jobs
           SET state = 'failed', last_error = $2, attempts = attempts + 1, finished_at = now()
           WHERE id = $1 AND state = 'pending'"#,
        job.id,
        message
    )
    .execute(&mut *tx)
    .await?;
    refresh_subscription(&mut tx, job.subscription_id).await?;
    tx.commit().await?;
    Ok(())
}

async fn postpone(conn: &mut PgConnection, job: &PendingJob, message: &str) -> ServiceResult<()> {
    let delay = backoff_secs(job.attempts);
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    sqlx::query!(
        r#"UPDATE provisioning_jobs
           SET attempts = attempts + 1, last_error = $2,
               next_attempt_at = now() + make_interval(secs => $3::bigint)
           WHERE id = $1"#,
        job.id,
        message,
        delay
    )
    .execute(&mut *tx)
    .await?;
    refresh_subscription(&mut tx, job.subscription_id).await?;
    // Every line queued behind this row waits for the same router: say so on each.
    sqlx::query!(
        r#"UPDATE subscriptions SET provision_error = $2
           WHERE provision_state = 'queued'
             AND id IN (SELECT subscription_id FROM provisioning_jobs
                        WHERE nas_id = $1 AND state = 'pending'
                          AND subscription_id IS NOT NULL)"#,
        job.nas_id,
        message
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A subscription's provisioning summary from its rows: failed if one is refused, queued
/// while any waits (with the router's last words), applied when none is left.
pub async fn refresh_subscription(
    conn: &mut PgConnection,
    subscription_id: Option<i64>,
) -> ServiceResult<()> {
    let Some(id) = subscription_id else {
        return Ok(());
    };
    sqlx::query!(
        r#"UPDATE subscriptions s
           SET provision_state = CASE WHEN f.error IS NOT NULL THEN 'failed'
                                      WHEN p.waiting > 0 THEN 'queued'
                                      ELSE 'applied' END,
               provisioned_at = CASE WHEN f.error IS NULL AND p.waiting = 0 THEN now()
                                     ELSE s.provisioned_at END,
               provision_error = COALESCE(f.error, p.error)
           FROM (SELECT count(*) AS waiting, max(last_error) AS error
                 FROM provisioning_jobs WHERE subscription_id = $1 AND state = 'pending') p,
                (SELECT (array_agg(last_error ORDER BY id DESC))[1] AS error
                 FROM provisioning_jobs WHERE subscription_id = $1 AND state = 'failed') f
           WHERE s.id = $1"#,
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Routers with a row due now.
pub async fn due_routers(db: &PgPool) -> ServiceResult<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT DISTINCT j.nas_id AS "nas_id!"
           FROM provisioning_jobs j JOIN nas n ON n.id = j.nas_id
           WHERE j.state = 'pending' AND j.next_attempt_at <= now()
             AND n.active AND n.provisioning"#
    )
    .fetch_all(db)
    .await?)
}

/// Runs drains in the background: one task per router at a time, started when a row is
/// written (NOTIFY) and by a periodic sweep that picks up retries.
#[derive(Clone)]
pub struct Worker {
    db: PgPool,
    secrets: SecretBox,
    hub: RouterHub,
    running: Arc<Mutex<HashSet<i64>>>,
}

impl Worker {
    pub fn new(db: PgPool, secrets: SecretBox, hub: RouterHub) -> Self {
        Worker {
            db,
            secrets,
            hub,
            running: Arc::default(),
        }
    }

    /// Starts a drain of `nas_id` unless one is running in this process.
    pub fn kick_off(&self, nas_id: i64) {
        {
            let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
            if !running.insert(nas_id) {
                return;
            }
        }
        let worker = self.clone();
        tokio::spawn(async move {
            // Rows committed while a drain finishes are picked up by the next notification
            // or sweep, so a drain that ends early loses nothing.
            if let Err(err) =
                drain_nas(&worker.db, &worker.secrets, &worker.hub, nas_id, false).await
            {
                tracing::warn!(nas.id = nas_id, error = %err, "provisioning drain failed");
            }
            worker
                .running
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&nas_id);
        });
    }

    /// Listens for new rows and sweeps every `sweep` for retries, until the task is dropped.
    pub async fn run(self, sweep: Duration) {
        let mut listener = loop {
            match sqlx::postgres::PgListener::connect_with(&self.db).await {
                Ok(mut listener) => match listener.listen("provisioning_jobs").await {
                    Ok(()) => break Some(listener),
                    Err(err) => tracing::warn!(error = %err, "cannot LISTEN provisioning_jobs"),
                },
                Err(err) => tracing::warn!(error = %err, "cannot LISTEN provisioning_jobs"),
            }
            tokio::time::sleep(sweep).await;
        };
        let mut tick = tokio::time::interval(sweep);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    match due_routers(&self.db).await {
                        Ok(routers) => routers.into_iter().for_each(|id| self.kick_off(id)),
                        Err(err) => tracing::warn!(error = %err, "provisioning sweep failed"),
                    }
                }
                notification = async {
                    match listener.as_mut() {
                        Some(l) => l.recv().await.map(Some),
                        None => std::future::pending().await,
                    }
                } => {
                    match notification {
                        Ok(Some(n)) => {
                            if let Ok(id) = n.payload().parse::<i64>() {
                                self.kick_off(id);
                            }
                        }
                        Ok(None) => {}
                        // PgListener reconnects by itself; the sweep covers the gap.
                        Err(err) => tracing::warn!(error = %err, "provisioning listener error"),
                    }
                }
            }
        }
    }
}
