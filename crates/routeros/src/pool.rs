//! A few long-lived sessions per router instead of a login per command (small routers hang
//! under frequent logins). Commands share sessions through tags, so the pool only opens
//! another session when every open one is busy; a router that fails is retried with
//! exponential backoff and jitter, and callers get a fast [`Error::Backoff`] meanwhile.

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use rand::Rng;
use tokio::sync::{Mutex, Notify};
use tokio::task::JoinHandle;

use crate::client::{connect, ClientConfig, Connection, Output};
use crate::proto::Command;
use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConfig {
    pub max_connections: usize,
    /// Commands in flight on one session before another one is opened.
    pub busy_threshold: usize,
    pub health_interval: Duration,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            max_connections: 2,
            busy_threshold: 16,
            health_interval: Duration::from_secs(30),
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(60),
        }
    }
}

#[derive(Default)]
struct State {
    connections: Vec<Connection>,
    /// Sessions being opened right now (the lock is not held while connecting).
    connecting: usize,
    failures: u32,
    retry_at: Option<Instant>,
    last_error: Option<Error>,
}

pub struct Pool {
    client: ClientConfig,
    config: PoolConfig,
    state: Mutex<State>,
    /// Wakes callers waiting for a session someone else is opening.
    opened: Notify,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("client", &self.client)
            .field("config", &self.config)
            .finish()
    }
}

/// What a caller should do, decided under the lock.
enum Plan {
    Use(Connection),
    Connect(Option<Connection>),
    Wait,
}

impl Pool {
    pub fn new(client: ClientConfig, config: PoolConfig) -> Pool {
        Pool {
            client,
            config,
            state: Mutex::new(State::default()),
            opened: Notify::new(),
        }
    }

    pub fn client_config(&self) -> &ClientConfig {
        &self.client
    }

    /// Open sessions (closed ones are only noticed on the next use or health check).
    pub async fn open_connections(&self) -> usize {
        let mut state = self.state.lock().await;
        state.connections.retain(|c| !c.is_closed());
        state.connections.len()
    }

    fn plan(&self, state: &mut State) -> Result<Plan, Error> {
        state.connections.retain(|c| !c.is_closed());
        let least_busy = state
            .connections
            .iter()
            .min_by_key(|c| c.in_flight())
            .cloned();
        let room = state.connections.len() + state.connecting < self.config.max_connections;
        if let Some(connection) = &least_busy {
            if !room || connection.in_flight() < self.config.busy_threshold {
                return Ok(Plan::Use(connection.clone()));
            }
        }
        let now = Instant::now();
        if let (Some(retry_at), Some(last_error)) = (state.retry_at, &state.last_error) {
            if now < retry_at {
                // A busy but working session beats an error.
                return match least_busy {
                    Some(connection) => Ok(Plan::Use(connection)),
                    None => Err(Error::Backoff {
                        retry_in: retry_at - now,
                        last_error: last_error.to_string(),
                    }),
                };
            }
        }
        if !room && least_busy.is_none() {
            return Ok(Plan::Wait);
        }
        state.connecting += 1;
        Ok(Plan::Connect(least_busy))
    }

    /// A session to run a command on: the least busy open one, or a new one when all are
    /// busy and the pool has room. The pool's lock is never held while connecting, so a
    /// slow login does not stall commands that could run on an open session.
    pub async fn connection(&self) -> Result<Connection, Error> {
        loop {
            // Created before the lock is released, so a session opened meanwhile still wakes us.
            let opened = self.opened.notified();
            let plan = {
                let mut state = self.state.lock().await;
                self.plan(&mut state)?
            };
            let fallback = match plan {
                Plan::Use(connection) => return Ok(connection),
                Plan::Wait => {
                    let _ = tokio::time::timeout(self.client.connect_timeout * 2, opened).await;
                    continue;
                }
                Plan::Connect(fallback) => fallback,
            };
            let result = connect(&self.client).await;
            let mut state = self.state.lock().await;
            state.connecting -= 1;
            let outcome = match result {
                Ok(connection) => {
                    state.failures = 0;
                    state.retry_at = None;
                    state.last_error = None;
                    state.connections.push(connection.clone());
                    Ok(connection)
                }
                Err(error) => {
                    state.failures = state.failures.saturating_add(1);
                    state.retry_at = Some(Instant::now() + self.backoff(state.failures));
                    state.last_error = Some(error.clone());
                    tracing::warn!(router = %self.client.address(), error = %error, "routeros connect failed");
                    match fallback.filter(|c| !c.is_closed()) {
                        Some(connection) => Ok(connection),
                        None => Err(error),
                    }
                }
            };
            drop(state);
            self.opened.notify_waiters();
            return outcome;
        }
    }

    /// Runs a command on a pooled session. A read-only `print` whose session broke is
    /// retried once on a fresh one; anything else is not, because it may have been applied.
    /// A session that let a command time out is probed and dropped if it stays silent, so
    /// a half-open connection does not swallow every later command.
    pub async fn execute(&self, command: Command) -> Result<Output, Error> {
        let retryable = command.verb() == "print";
        let connection = self.connection().await?;
        let result = connection.execute(command.clone()).await;
        match result {
            Err(error) if retryable && error.breaks_connection() => {
                self.connection().await?.execute(command).await
            }
            Err(Error::Timeout(waited)) => {
                let probe =
                    Command::new("/system/identity/print").timeout(self.client.connect_timeout);
                if connection.execute(probe).await.is_err() {
                    connection.close(Error::ConnectionLost("the router stopped answering".into()));
                }
                Err(Error::Timeout(waited))
            }
            other => other,
        }
    }

    /// Runs `/system/identity/print` on each open session and drops those that fail.
    pub async fn check_health(&self) -> Result<(), Error> {
        let connections = {
            let mut state = self.state.lock().await;
            state.connections.retain(|c| !c.is_closed());
            state.connections.clone()
        };
        let probe = Command::new("/system/identity/print").timeout(self.client.connect_timeout);
        let mut last_error = None;
        for connection in connections {
            if let Err(error) = connection.execute(probe.clone()).await {
                tracing::info!(router = %self.client.address(), error = %error, "routeros session failed its health check");
                let mut state = self.state.lock().await;
                state
                    .connections
                    .retain(|c| !c.is_same_session(&connection) && !c.is_closed());
                drop(state);
                connection.quit().await;
                last_error = Some(error);
            }
        }
        last_error.map_or(Ok(()), Err)
    }

    /// Checks the pool's sessions every `health_interval` until the pool is dropped.
    pub fn spawn_health_checks(self: &Arc<Self>) -> JoinHandle<()> {
        let pool: Weak<Pool> = Arc::downgrade(self);
        let interval = self.config.health_interval;
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(interval);
            ticker.tick().await;
            loop {
                ticker.tick().await;
                let Some(pool) = pool.upgrade() else { return };
                let _ = pool.check_health().await;
            }
        })
    }

    /// `base · 2^(failures-1)`, capped, then scaled by a random 50–100 % so routers that
    /// failed together are not retried in lockstep.
    fn backoff(&self, failures: u32) -> Duration {
        let exponent = failures.saturating_sub(1).min(16);
        let raw = self
            .config
            .backoff_base
            .saturating_mul(1 << exponent)
            .min(self.config.backoff_max);
        raw.mul_f64(rand::thread_rng().gen_range(0.5..=1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_within_jitter_and_cap() {
        let pool = Pool::new(
            ClientConfig::new("127.0.0.1", "u", "p"),
            PoolConfig {
                backoff_base: Duration::from_millis(100),
                backoff_max: Duration::from_secs(2),
                ..PoolConfig::default()
            },
        );
        for (failures, full) in [
            (1, 100),
            (2, 200),
            (3, 400),
            (5, 1600),
            (6, 2000),
            (40, 2000),
        ] {
            let delay = pool.backoff(failures).as_millis();
            assert!(
                delay >= full / 2 && delay <= full,
                "{failures} failures: {delay} ms"
            );
        }
    }
}
