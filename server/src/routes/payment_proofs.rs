//! Proof of a manual payment: finance (ManageBilling) attaches it, staff who see billing
//! (ViewBilling) look at it. Customers never reach it through this route.

use super::files::{actor_with, detached, read_file_part, reply_error, reply_stored, send_found};
use crate::state::AppState;
use app::auth::Permission;
use app::billing::server::proofs;
use app::error::server::ServiceError;
use app::i18n::Msg;
use app::request::RequestSession;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use axum::Extension;

/// `POST /api/payments/{id}/proof`, multipart with one `file` part.
pub async fn upload(
    State(state): State<AppState>,
    Path(payment_id): Path<i64>,
    session: Option<Extension<RequestSession>>,
    mut form: Multipart,
) -> Response {
    let actor = match actor_with(session, Permission::ManageBilling) {
        Ok(a) => a,
        Err(e) => return reply_error(e),
    };
    let (name, bytes) =
        match read_file_part(&mut form, state.config.attachment_max_bytes, "bukti").await {
            Ok(file) => file,
            Err(response) => return response,
        };
    let (pool, dir) = (state.pool.clone(), state.config.data_dir.clone());
    let stored = detached(async move {
        let now = chrono::Utc::now();
        proofs::store(&pool, &actor, payment_id, &name, &bytes, &dir, now).await
    })
    .await;
    reply_stored(stored, Msg::ValProofType)
}

/// `GET /api/payments/{id}/proof`: the newest proof, inline.
pub async fn download(
    State(state): State<AppState>,
    Path(payment_id): Path<i64>,
    session: Option<Extension<RequestSession>>,
) -> Response {
    if let Err(e) = actor_with(session, Permission::ViewBilling) {
        return reply_error(e);
    }
    let found = match state.pool.acquire().await {
        Ok(mut conn) => proofs::newest(&mut conn, payment_id, &state.config.data_dir).await,
        Err(e) => Err(ServiceError::from(e)),
    };
    send_found(found).await
}
