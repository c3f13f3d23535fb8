//! The customer's identity photo (KTP): staff who may edit customers upload it, staff who
//! may see customers view it. Customers themselves never reach it, not even their own.

use super::files::{actor_with, detached, read_file_part, reply_error, reply_stored, send_found};
use crate::state::AppState;
use app::auth::Permission;
use app::customers::server::documents;
use app::error::server::ServiceError;
use app::i18n::Msg;
use app::request::RequestSession;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use axum::Extension;

/// `POST /api/customers/{id}/id-photo`, multipart with one `file` part.
pub async fn upload(
    State(state): State<AppState>,
    Path(customer_id): Path<i64>,
    session: Option<Extension<RequestSession>>,
    mut form: Multipart,
) -> Response {
    let actor = match actor_with(session, Permission::ManageCustomers) {
        Ok(a) => a,
        Err(e) => return reply_error(e),
    };
    let (name, bytes) =
        match read_file_part(&mut form, state.config.attachment_max_bytes, "ktp").await {
            Ok(file) => file,
            Err(response) => return response,
        };
    let (pool, dir) = (state.pool.clone(), state.config.data_dir.clone());
    let stored = detached(async move {
        let now = chrono::Utc::now();
        documents::store_id_photo(&pool, &actor, customer_id, &name, &bytes, &dir, now).await
    })
    .await;
    reply_stored(stored, Msg::ValIdPhotoType)
}

/// `GET /api/customers/{id}/id-photo`: the newest identity photo, inline.
pub async fn download(
    State(state): State<AppState>,
    Path(customer_id): Path<i64>,
    session: Option<Extension<RequestSession>>,
) -> Response {
    if let Err(e) = actor_with(session, Permission::ViewCustomers) {
        return reply_error(e);
    }
    let found = match state.pool.acquire().await {
        Ok(mut conn) => documents::id_photo(&mut conn, customer_id, &state.config.data_dir).await,
        Err(e) => Err(ServiceError::from(e)),
    };
    send_found(found).await
}
