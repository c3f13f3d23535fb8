//! The WhatsApp gateways: Fonnte (`POST /send`) and the generic URL-template family
//! (`/api/send`, Wablas-style `/api/send-message`). Each answers in its own shape, because
//! the point is that Simpul's adapters parse real answers, failures included.
//!
//! While the simulator is "down" ([`outage`]), every gateway route answers 503 with a plain
//! text body, as a proxy in front of a dead gateway would: adapters must not expect JSON
//! then, and must retry later.

pub(crate) mod fonnte;
pub(crate) mod template;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;

use crate::store::Sim;

/// Middleware on every gateway route: 503 while down.
pub(crate) async fn outage(State(sim): State<Arc<Sim>>, request: Request, next: Next) -> Response {
    if sim.is_down() {
        tracing::info!("gateway is down: 503");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "503 Service Unavailable\n",
        )
            .into_response();
    }
    next.run(request).await
}

/// The `Authorization` header as sent, trimmed; empty if missing.
pub(crate) fn authorization(headers: &HeaderMap) -> &str {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("")
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A random (version 4) UUID in its usual text form, as Wablas message ids look.
pub(crate) fn uuid() -> String {
    let mut bytes: [u8; 16] = rand::thread_rng().gen();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_look_like_uuids() {
        let id = super::uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert_ne!(id, super::uuid());
    }

    #[test]
    fn compares_tokens() {
        assert!(super::constant_time_eq(b"abc", b"abc"));
        assert!(!super::constant_time_eq(b"abc", b"abd"));
        assert!(!super::constant_time_eq(b"abc", b"ab"));
    }
}
