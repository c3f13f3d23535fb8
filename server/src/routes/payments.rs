//! Payment gateway webhooks. The work (signature, exactly-once crediting, the event log)
//! happens in `app::payments::server::webhooks`; these handlers only hand over the raw body
//! and headers, because the signatures cover the exact bytes received.

use crate::state::AppState;
use app::payments::server::webhooks::{self, Reply};
use app::request::RequestSession;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use http::{HeaderMap, StatusCode};

fn respond(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(reply.body)).into_response()
}

fn remote(session: &Option<Extension<RequestSession>>) -> Option<String> {
    session.as_ref().map(|Extension(s)| s.ip.clone())
}

/// `POST /api/payments/midtrans/notification`
pub async fn midtrans_notification(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
    body: Bytes,
) -> Response {
    let remote = remote(&session);
    respond(webhooks::midtrans_notification(&state.app, &body, remote.as_deref()).await)
}

/// `POST /api/payments/tripay/callback`
pub async fn tripay_callback(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let remote = remote(&session);
    respond(
        webhooks::tripay_callback(
            &state.app,
            header("x-callback-event"),
            header("x-callback-signature"),
            &body,
            remote.as_deref(),
        )
        .await,
    )
}
