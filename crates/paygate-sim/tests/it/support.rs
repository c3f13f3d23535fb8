//! Test harness: a simulator on a free port, receivers that answer notifications in chosen
//! ways and keep what they got, and polling with a generous deadline instead of sleeps.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use paygate_sim::{SimConfig, SimHandle};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub const DEADLINE: Duration = Duration::from_secs(30);
pub const SERVER_KEY: &str = "SB-Mid-server-test";
pub const TRIPAY_KEY: &str = "DEV-test-key";
pub const PRIVATE_KEY: &str = "test-private-key";
pub const MERCHANT: &str = "T0001";

pub fn config() -> SimConfig {
    SimConfig {
        midtrans_server_key: SERVER_KEY.into(),
        tripay_api_key: TRIPAY_KEY.into(),
        tripay_private_key: PRIVATE_KEY.into(),
        tripay_merchant_code: MERCHANT.into(),
        retry_scale: 0.00001,
        settle_delay_ms: 20,
        ..SimConfig::default()
    }
}

pub async fn sim(config: SimConfig) -> SimHandle {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    paygate_sim::spawn(listener, config).await
}

/// An HTTP client that does not follow redirects (tests look at them) or use proxies.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

#[derive(Debug, Clone)]
pub struct Seen {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Seen {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A notification receiver answering every request with one status and body.
pub struct Receiver {
    pub url: String,
    log: Log,
}

impl Receiver {
    pub async fn start(status: u16, body: &'static str) -> Receiver {
        let log: Log = Arc::default();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/notify", listener.local_addr().unwrap());
        let answer = (StatusCode::from_u16(status).unwrap(), body);
        let app = Router::new()
            .fallback(
                move |State(log): State<Log>, headers: HeaderMap, body: Bytes| async move {
                    log.lock().unwrap().push(Seen { headers, body });
                    let mut response = answer.into_response();
                    if answer.0.is_redirection() {
                        response
                            .headers_mut()
                            .insert("location", "http://127.0.0.1:9/elsewhere".parse().unwrap());
                    }
                    response
                },
            )
            .with_state(log.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, log }
    }

    pub async fn ok() -> Receiver {
        Receiver::start(200, "{\"success\":true}").await
    }

    /// Answers `307` pointing at `target`.
    pub async fn redirecting_to(target: &str) -> Receiver {
        let log: Log = Arc::default();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/notify", listener.local_addr().unwrap());
        let target = target.to_owned();
        let app = Router::new()
            .fallback(
                move |State(log): State<Log>, headers: HeaderMap, body: Bytes| {
                    let target = target.clone();
                    async move {
                        log.lock().unwrap().push(Seen { headers, body });
                        (StatusCode::TEMPORARY_REDIRECT, [("location", target)])
                    }
                },
            )
            .with_state(log.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, log }
    }

    /// Not HTTP at all: reads a little, writes junk, hangs up.
    pub async fn garbage() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/notify", listener.local_addr().unwrap());
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(async move {
                    let mut buffer = [0u8; 1024];
                    let _ = stream.read(&mut buffer).await;
                    let _ = stream.write_all(b"this is not HTTP\r\n\r\n").await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Receiver {
            url,
            log: Arc::default(),
        }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    pub fn bodies(&self) -> Vec<Value> {
        self.seen().iter().map(Seen::json).collect()
    }
}

/// Polls `check` until it gives a value; panics after [`DEADLINE`].
pub async fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Waits for every delivery to finish its retries.
pub async fn idle(sim: &SimHandle) {
    assert!(sim.wait_idle(DEADLINE).await, "deliveries still in flight");
}

pub fn midtrans_signature(order_id: &str, status_code: &str, gross: &str) -> String {
    use sha2::{Digest, Sha512};
    let text = format!("{order_id}{status_code}{gross}{SERVER_KEY}");
    hex::encode(Sha512::digest(text.as_bytes()))
}

/// Checks a notification's signature_key independently of the simulator's code.
pub fn assert_signed(note: &Value) {
    let text = |name: &str| {
        note[name]
            .as_str()
            .unwrap_or_else(|| panic!("{name} in {note}"))
    };
    assert_eq!(
        text("signature_key"),
        midtrans_signature(text("order_id"), text("status_code"), text("gross_amount")),
        "signature of {note}"
    );
}

pub fn hmac_hex(key: &str, message: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// Creates a Snap transaction; returns the response JSON.
pub async fn snap(sim: &SimHandle, order_id: &str, amount: i64, notify: Option<&str>) -> Value {
    let mut request = http()
        .post(format!("{}/transactions", sim.midtrans_snap_url()))
        .basic_auth(SERVER_KEY, Some(""))
        .json(&serde_json::json!({
            "transaction_details": { "order_id": order_id, "gross_amount": amount },
            "customer_details": { "first_name": "Budi", "email": "budi@example.com" },
            "callbacks": { "finish": "http://app.test/finish" },
        }));
    if let Some(url) = notify {
        request = request.header("X-Override-Notification", url);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// `POST /_sim/...` and the JSON answer.
pub async fn control(sim: &SimHandle, path: &str) -> Value {
    let response = http()
        .post(format!("{}/_sim/{path}", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "control {path}");
    response.json().await.unwrap()
}
