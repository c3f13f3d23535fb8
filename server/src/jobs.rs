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

/// Moves SLA clocks to warning/breached (recording and announcing it) and closes resolved
/// tickets whose reopen window has passed, every `interval`.
pub fn spawn_service_desk(pool: PgPool, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = chrono::Utc::now();
            match app::sla::server::job::tick(&pool, now).await {
                Ok(n) if n > 0 => tracing::info!(sla.refreshed = n, "SLA clocks refreshed"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "SLA job failed; will retry"),
            }
            match app::tickets::server::workflow::close_expired(&pool, now).await {
                Ok(n) if n > 0 => tracing::info!(tickets.closed = n, "resolved tickets closed"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "auto-close failed; will retry"),
            }
        }
    })
}

/// Checks every active router's status every `interval` (identity and resources, or the
/// exact error), for the NAS list.
pub fn spawn_nas_monitor(
    app: app::request::AppContext,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(err) =
                app::nas::server::monitor::check_all(&app.pool, &app.secrets, &app.routers).await
            {
                tracing::warn!(error = %err, "NAS monitor failed; will retry");
            }
        }
    })
}

/// Applies the provisioning outbox: one drain per router, woken by new rows and by a sweep
/// every `sweep` for retries (see `app::provisioning::server::worker`).
pub fn spawn_provisioning(
    app: app::request::AppContext,
    sweep: Duration,
) -> tokio::task::JoinHandle<()> {
    let worker = app::provisioning::server::worker::Worker::new(app.pool, app.secrets, app.routers);
    tokio::spawn(worker.run(sweep))
}

/// Compares every provisioned router with what Simpul wants, every `interval`; the result
/// is shown on the router's page (drift), nothing is changed without an admin. Old applied
/// outbox rows are purged on the same beat.
pub fn spawn_reconcile(
    app: app::request::AppContext,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let routers: Result<Vec<i64>, sqlx::Error> =
                sqlx::query_scalar("SELECT id FROM nas WHERE active AND provisioning ORDER BY id")
                    .fetch_all(&app.pool)
                    .await;
            match routers {
                Ok(ids) => {
                    for id in ids {
                        if let Err(err) = app::provisioning::server::reconcile::reconcile(
                            &app.pool,
                            &app.secrets,
                            &app.routers,
                            id,
                        )
                        .await
                        {
                            tracing::warn!(nas.id = id, error = %err, "reconciliation failed");
                        }
                    }
                }
                Err(err) => tracing::warn!(error = %err, "reconciliation: cannot list routers"),
            }
            match app::provisioning::server::outbox::purge_finished(&app.pool).await {
                Ok(n) if n > 0 => tracing::info!(provisioning.purged = n, "old outbox rows purged"),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "outbox purge failed; will retry"),
            }
        }
    })
}

/// The daily billing run: once a day (checked every `interval`), bill what is due today
/// (drafts for finance, or issued when the settings say so), then late fees, isolation and
/// restoration. A restart or a second server finds the day done, or waits for the run in
/// progress and finds nothing left (see `app::billing::server::run`).
pub fn spawn_billing(pool: PgPool, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let today = app::billing::server::settings::today();
            // Reminders go out on schedule even when the run has nothing to bill.
            match app::messaging::server::reminders::enqueue_due(&pool, today).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(messages.queued = n, "payment reminders queued"),
                Err(err) => tracing::warn!(error = %err, "queueing reminders failed; will retry"),
            }
            match app::billing::server::run::daily(&pool, today).await {
                Ok(Some(report)) => tracing::info!(
                    billing.run = report.run_id,
                    billing.lines = report.lines,
                    billing.invoices = report.invoices,
                    "daily billing run done"
                ),
                Ok(None) => {}
                Err(err) => tracing::warn!(error = %err, "daily billing run failed; will retry"),
            }
        }
    })
}

/// Asks the gateways about payment attempts still open, so a lost webhook never loses a
/// payment (see `app::payments::server::poller`).
pub fn spawn_payment_poller(
    app: app::request::AppContext,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match app::payments::server::poller::check_due(&app, 50).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(payments.checked = n, "payment attempts checked"),
                Err(err) => tracing::warn!(error = %err, "payment status poll failed; will retry"),
            }
        }
    })
}

/// Sends queued customer messages (WhatsApp, email) with retries; see
/// `app::messaging::server::worker`.
pub fn spawn_messages(
    app: app::request::AppContext,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // Drain what is due, a batch at a time, before sleeping again.
            loop {
                match app::messaging::server::worker::send_due(&app, 20).await {
                    Ok(n) if n >= 20 => continue,
                    Ok(_) => break,
                    Err(err) => {
                        tracing::warn!(error = %err, "sending customer messages failed; will retry");
                        break;
                    }
                }
            }
        }
    })
}
