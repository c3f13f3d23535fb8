//! Serving both gateways on one listener, the expiry tick, and the handle tests hold.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::trace::TraceLayer;

use crate::config::SimConfig;
use crate::store::{Delivery, Sim, Transactions};
use crate::{control, midtrans, persist, tripay};

const TICK: Duration = Duration::from_millis(250);

fn app(sim: Arc<Sim>) -> Router {
    let tripay_api = tripay::api::routes();
    Router::new()
        .route("/snap/v1/transactions", post(midtrans::api::create))
        .route("/v2/{order_id}/status", get(midtrans::api::status))
        .route("/snap/v4/redirection/{token}", get(midtrans::page::show))
        .route(
            "/snap/v4/redirection/{token}/pay",
            post(midtrans::page::pay),
        )
        .nest("/api", tripay_api.clone())
        .nest("/api-sandbox", tripay_api)
        .route("/tripay/checkout/{reference}", get(tripay::page::show))
        .route("/tripay/checkout/{reference}/pay", post(tripay::page::pay))
        .route("/tripay/qr/{reference}", get(tripay::page::qr))
        .route("/tripay/icon/{file}", get(tripay::page::icon))
        .route(
            "/_sim/midtrans/{order_id}/{action}",
            post(midtrans::control::act),
        )
        .route(
            "/_sim/tripay/{reference}/{action}",
            post(tripay::control::act),
        )
        .route(
            "/_sim/deliveries",
            get(control::deliveries).delete(control::clear_deliveries),
        )
        .route("/_sim/in-flight", get(control::in_flight))
        .route("/_sim/transactions", get(control::transactions))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let route = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map_or("unmatched", MatchedPath::as_str);
                tracing::info_span!("request", http.route = %route, http.method = %request.method())
            }),
        )
        .with_state(sim)
}

/// A running simulator. Dropping it stops serving, retrying and expiring.
pub struct SimHandle {
    sim: Arc<Sim>,
    addr: SocketAddr,
    server: Option<JoinHandle<()>>,
    ticker: JoinHandle<()>,
}

/// Starts the simulator on `listener`.
///
/// # Panics
/// If `config.state_file` exists but cannot be read as a state file; use [`try_spawn`] to
/// get that as an error.
pub async fn spawn(listener: TcpListener, config: SimConfig) -> SimHandle {
    try_spawn(listener, config)
        .await
        .unwrap_or_else(|error| panic!("paygate-sim cannot start: {error}"))
}

/// Starts the simulator on `listener`; fails if the state file cannot be loaded.
pub async fn try_spawn(listener: TcpListener, config: SimConfig) -> io::Result<SimHandle> {
    let addr = listener.local_addr()?;
    let saved = match &config.state_file {
        Some(path) => persist::load(path)?,
        None => Transactions::default(),
    };
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let sim = Sim::new(config, public_url, saved);
    let mut closed = sim.shutdown.subscribe();
    let app = app(sim.clone());
    let server = tokio::spawn(async move {
        let stop = async move {
            let _ = closed.wait_for(|closed| *closed).await;
        };
        if let Err(error) = axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
        {
            tracing::error!(%error, "paygate-sim stopped serving");
        }
    });
    let ticker = tokio::spawn(tick(Arc::downgrade(&sim)));
    Ok(SimHandle {
        sim,
        addr,
        server: Some(server),
        ticker,
    })
}

async fn tick(sim: Weak<Sim>) {
    let mut interval = tokio::time::interval(TICK);
    loop {
        interval.tick().await;
        let Some(sim) = sim.upgrade() else {
            return;
        };
        if sim.is_closed() {
            return;
        }
        let now = Utc::now();
        midtrans::expire_due(&sim, now);
        tripay::expire_due(&sim, now.timestamp());
    }
}

impl SimHandle {
    /// Where clients connect: `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base of URLs handed to browsers (`public_url`, or [`base_url`](Self::base_url)).
    pub fn public_url(&self) -> &str {
        &self.sim.public_url
    }

    /// Midtrans Snap base, as a client's `snap_url` (`…/snap/v1`).
    pub fn midtrans_snap_url(&self) -> String {
        format!("{}/snap/v1", self.base_url())
    }

    /// Midtrans Core base, as a client's `api_url` (`…/v2`).
    pub fn midtrans_api_url(&self) -> String {
        format!("{}/v2", self.base_url())
    }

    /// Tripay base, as a client's `base_url` (`…/api-sandbox`).
    pub fn tripay_url(&self) -> String {
        format!("{}/api-sandbox", self.base_url())
    }

    /// Every delivery attempt so far, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.sim.deliveries()
    }

    /// Forgets the delivery log.
    pub fn clear_deliveries(&self) {
        self.sim.store().deliveries.clear();
    }

    /// Notifications and callbacks whose attempts are not all made yet.
    pub fn in_flight(&self) -> usize {
        self.sim.in_flight()
    }

    /// Waits until every queued delivery made its last attempt; `false` on timeout.
    pub async fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while self.sim.in_flight() > 0 {
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        true
    }

    /// Waits until `done` holds for the delivery log, or `timeout`; returns the log either
    /// way, so the caller asserts on it.
    pub async fn wait_for_deliveries(
        &self,
        timeout: Duration,
        done: impl Fn(&[Delivery]) -> bool,
    ) -> Vec<Delivery> {
        let deadline = Instant::now() + timeout;
        loop {
            let log = self.sim.deliveries();
            if done(&log) || Instant::now() >= deadline {
                return log;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// A copy of every transaction, as the state file would hold them.
    pub fn transactions(&self) -> Transactions {
        self.sim.store().tx.clone()
    }

    /// Stops serving and retrying, and waits (briefly) for open connections to finish.
    pub async fn shutdown(mut self) {
        self.sim.close();
        self.ticker.abort();
        if let Some(server) = self.server.take() {
            let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.sim.close();
        self.ticker.abort();
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}
