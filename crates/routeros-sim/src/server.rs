//! Serving one simulated router on its ports, and taking it down and up again.

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use openssl::ssl::{Ssl, SslAcceptor};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::router::{Faults, Router, RouterSpec};
use crate::{rest, session, tls, traffic};

/// The ports a router actually listens on (ephemeral ones resolved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    pub api: u16,
    pub tls: Option<u16>,
    pub rest: Option<u16>,
}

struct Running {
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    fn stop(self) {
        // Sessions watch `shutdown`; accept loops are simply aborted.
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            task.abort();
        }
    }
}

/// A simulated router serving its API. Dropping it stops everything.
pub struct SimRouter {
    router: Arc<Router>,
    bind: IpAddr,
    ports: Ports,
    tls: Option<Arc<SslAcceptor>>,
    running: Mutex<Option<Running>>,
    ticker: JoinHandle<()>,
}

impl SimRouter {
    /// Starts a router on 127.0.0.1.
    pub async fn start(spec: RouterSpec) -> io::Result<SimRouter> {
        SimRouter::start_on(IpAddr::V4(Ipv4Addr::LOCALHOST), Router::new(spec)).await
    }

    /// Serves an existing router (e.g. restored from a state file) on `bind`.
    pub async fn start_on(bind: IpAddr, router: Arc<Router>) -> io::Result<SimRouter> {
        let spec = router.spec.clone();
        let tls = match spec.tls_port {
            Some(_) => Some(Arc::new(
                tls::acceptor(&spec.name, spec.tls_anonymous).map_err(io::Error::other)?,
            )),
            None => None,
        };
        let requested = Ports {
            api: spec.api_port,
            tls: spec.tls_port,
            rest: spec.rest_port,
        };
        let (running, ports) = serve(&router, bind, requested, tls.clone()).await?;
        let ticker = tokio::spawn(tick_forever(Arc::downgrade(&router)));
        Ok(SimRouter {
            router,
            bind,
            ports,
            tls,
            running: Mutex::new(Some(running)),
            ticker,
        })
    }

    pub fn router(&self) -> &Arc<Router> {
        &self.router
    }

    pub fn faults(&self) -> &Faults {
        &self.router.faults
    }

    pub fn ports(&self) -> Ports {
        self.ports
    }

    pub fn api_address(&self) -> SocketAddr {
        SocketAddr::new(self.bind, self.ports.api)
    }

    /// Stops listening and cuts every session, like a router losing power.
    pub fn go_down(&self) {
        if let Some(running) = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            running.stop();
        }
    }

    /// Listens again on the same ports.
    pub async fn come_up(&self) -> io::Result<()> {
        if self.is_up() {
            return Ok(());
        }
        let (running, _) = serve(&self.router, self.bind, self.ports, self.tls.clone()).await?;
        *self.running.lock().unwrap_or_else(|p| p.into_inner()) = Some(running);
        Ok(())
    }

    pub fn is_up(&self) -> bool {
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }
}

impl Drop for SimRouter {
    fn drop(&mut self) {
        self.go_down();
        self.ticker.abort();
    }
}

async fn bind_port(bind: IpAddr, port: u16) -> io::Result<TcpListener> {
    // A port just released by `go_down` may linger briefly; retry for a moment.
    let mut attempts = 0;
    loop {
        match TcpListener::bind((bind, port)).await {
            Ok(listener) => return Ok(listener),
            Err(error)
                if error.kind() == io::ErrorKind::AddrInUse && attempts < 20 && port != 0 =>
            {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(error) => {
                return Err(io::Error::new(
                    error.kind(),
                    format!("cannot listen on {bind}:{port}: {error}"),
                ))
            }
        }
    }
}

async fn serve(
    router: &Arc<Router>,
    bind: IpAddr,
    ports: Ports,
    tls: Option<Arc<SslAcceptor>>,
) -> io::Result<(Running, Ports)> {
    let (shutdown, watcher) = watch::channel(false);
    let mut tasks = Vec::new();
    let api = bind_port(bind, ports.api).await?;
    let mut actual = Ports {
        api: api.local_addr()?.port(),
        tls: None,
        rest: None,
    };
    tasks.push(tokio::spawn(accept(
        api,
        router.clone(),
        None,
        watcher.clone(),
    )));
    if let (Some(port), Some(acceptor)) = (ports.tls, tls) {
        let listener = bind_port(bind, port).await?;
        actual.tls = Some(listener.local_addr()?.port());
        tasks.push(tokio::spawn(accept(
            listener,
            router.clone(),
            Some(acceptor),
            watcher.clone(),
        )));
    }
    if let Some(port) = ports.rest {
        let listener = bind_port(bind, port).await?;
        actual.rest = Some(listener.local_addr()?.port());
        let app = rest::app(router.clone());
        tasks.push(tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        }));
    }
    Ok((Running { shutdown, tasks }, actual))
}

async fn accept(
    listener: TcpListener,
    router: Arc<Router>,
    tls: Option<Arc<SslAcceptor>>,
    shutdown: watch::Receiver<bool>,
) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of descriptors, most likely: wait instead of spinning.
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let (router, shutdown) = (router.clone(), shutdown.clone());
        match &tls {
            None => {
                tokio::spawn(session::serve(router, stream, shutdown));
            }
            Some(acceptor) => {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(ssl) = Ssl::new(acceptor.context()) else {
                        return;
                    };
                    let Ok(mut stream) = tokio_openssl::SslStream::new(ssl, stream) else {
                        return;
                    };
                    if std::pin::Pin::new(&mut stream).accept().await.is_ok() {
                        session::serve(router, stream, shutdown).await;
                    }
                });
            }
        }
    }
}

async fn tick_forever(router: std::sync::Weak<Router>) {
    let mut ticker = tokio::time::interval(Duration::from_millis(250));
    loop {
        ticker.tick().await;
        let Some(router) = router.upgrade() else {
            return;
        };
        traffic::tick(&router, Instant::now());
    }
}
