//! Serving the gateways and the inspection API on the HTTP listener and the sink on the
//! SMTP listener, and the handle tests hold.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{MatchedPath, Request};
use axum::routing::{delete, get, post};
use axum::{middleware, Router};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::trace::TraceLayer;

use crate::config::SimConfig;
use crate::store::{MailMessage, Sim, WhatsAppMessage};
use crate::whatsapp::{self, fonnte, template};
use crate::{control, page, persist, smtp};

fn app(sim: Arc<Sim>) -> Router {
    let gateways = Router::new()
        .route("/send", post(fonnte::send))
        .route("/api/send", get(template::send).post(template::send))
        .route("/api/send-message", post(template::wablas))
        .layer(middleware::from_fn_with_state(
            sim.clone(),
            whatsapp::outage,
        ));
    Router::new()
        .route("/", get(page::show))
        .route("/_sim/whatsapp", get(control::whatsapp))
        .route("/_sim/mail", get(control::mail))
        .route("/_sim/messages", delete(control::clear))
        .route("/_sim/down", post(control::down))
        .route("/_sim/up", post(control::up))
        .route("/_sim/fail-next", post(control::fail_next))
        .merge(gateways)
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

/// A running simulator. Dropping it stops both servers.
pub struct SimHandle {
    sim: Arc<Sim>,
    http: SocketAddr,
    smtp: SocketAddr,
    http_task: Option<JoinHandle<()>>,
    smtp_task: Option<JoinHandle<()>>,
}

/// Starts the simulator: the gateways and `/_sim` on `http`, the SMTP sink on `smtp`.
///
/// # Panics
/// If `config.state_file` exists but cannot be read as a state file; use [`try_spawn`] to
/// get that as an error.
pub async fn spawn(http: TcpListener, smtp: TcpListener, config: SimConfig) -> SimHandle {
    try_spawn(http, smtp, config)
        .await
        .unwrap_or_else(|error| panic!("notify-sim cannot start: {error}"))
}

/// Starts the simulator; fails if a listener has no address or the state file cannot be
/// loaded.
pub async fn try_spawn(
    http: TcpListener,
    smtp: TcpListener,
    config: SimConfig,
) -> io::Result<SimHandle> {
    let http_addr = http.local_addr()?;
    let smtp_addr = smtp.local_addr()?;
    let saved = match &config.state_file {
        Some(path) => persist::load(path)?,
        None => Default::default(),
    };
    let sim = Sim::new(config, saved);
    let app = app(sim.clone());
    let stopping = sim.clone();
    let http_task = tokio::spawn(async move {
        let stop = async move { stopping.closed().await };
        if let Err(error) = axum::serve(http, app).with_graceful_shutdown(stop).await {
            tracing::error!(%error, "notify-sim stopped serving HTTP");
        }
    });
    let smtp_task = tokio::spawn(smtp::serve(smtp, sim.clone()));
    Ok(SimHandle {
        sim,
        http: http_addr,
        smtp: smtp_addr,
        http_task: Some(http_task),
        smtp_task: Some(smtp_task),
    })
}

impl SimHandle {
    /// Base of the gateways and `/_sim`: `http://127.0.0.1:PORT`. Fonnte's send URL is
    /// `{http_url}/send`, the template gateway's `{http_url}/api/send`.
    pub fn http_url(&self) -> String {
        format!("http://{}", self.http)
    }

    /// Where mail clients connect (plain SMTP, no TLS).
    pub fn smtp_addr(&self) -> SocketAddr {
        self.smtp
    }

    /// Every recorded WhatsApp message, oldest first.
    pub fn whatsapp(&self) -> Vec<WhatsAppMessage> {
        self.sim.whatsapp()
    }

    /// Every recorded mail, oldest first.
    pub fn mail(&self) -> Vec<MailMessage> {
        self.sim.mail()
    }

    /// Forgets every WhatsApp message and mail.
    pub fn clear(&self) {
        self.sim.clear();
    }

    /// While down, every gateway route answers 503 (the SMTP sink and `/_sim` keep working).
    pub fn set_down(&self, down: bool) {
        self.sim.set_down(down);
    }

    /// The next `count` valid send requests are refused, each in its gateway's failure
    /// shape (Fonnte: 200 `status:false`; `/api/*`: 500 `status:false`). 0 cancels.
    pub fn fail_next(&self, count: usize) {
        self.sim.set_fail_next(count);
    }

    /// Waits until `done` holds for the WhatsApp messages, or `timeout`; returns them
    /// either way, so the caller asserts on them.
    pub async fn wait_for_whatsapp(
        &self,
        timeout: Duration,
        done: impl Fn(&[WhatsAppMessage]) -> bool,
    ) -> Vec<WhatsAppMessage> {
        self.wait(timeout, || self.sim.whatsapp(), done).await
    }

    /// Waits until `done` holds for the mails, or `timeout`; returns them either way.
    pub async fn wait_for_mail(
        &self,
        timeout: Duration,
        done: impl Fn(&[MailMessage]) -> bool,
    ) -> Vec<MailMessage> {
        self.wait(timeout, || self.sim.mail(), done).await
    }

    /// Wakes on every change instead of polling.
    async fn wait<T>(
        &self,
        timeout: Duration,
        list: impl Fn() -> Vec<T>,
        done: impl Fn(&[T]) -> bool,
    ) -> Vec<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut changes = self.sim.changes();
        loop {
            changes.borrow_and_update();
            let current = list();
            if done(&current) {
                return current;
            }
            match tokio::time::timeout_at(deadline, changes.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) | Err(_) => return list(),
            }
        }
    }

    /// Stops both servers and waits (briefly) for open HTTP connections to finish.
    pub async fn shutdown(mut self) {
        self.sim.close();
        if let Some(task) = self.smtp_task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(2), task).await;
        }
        if let Some(task) = self.http_task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(2), task).await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.sim.close();
        for task in [self.http_task.take(), self.smtp_task.take()]
            .into_iter()
            .flatten()
        {
            task.abort();
        }
    }
}
