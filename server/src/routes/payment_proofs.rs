//! Proof of a manual payment: finance (ManageBilling) attaches it, staff who see billing
//! (ViewBilling) look at it. Customers never reach it through this route.

use super::files::{detached, read_file_part, reply_error, reply_field_error, send_file};
use crate::state::AppState;
use app::auth::Permission;
use app::billing::server::proofs;
use app::error::server::ServiceError;
use app::error::AppError;
use app::i18n::Msg;
use app::request::{Actor, RequestSession};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;

fn actor_with(
    session: Option<Extension<RequestSession>>,
    permission: Permission,
) -> Result<Actor, AppError> {
    let session = session.map(|Extension(s)| s).unwrap_or_default();
    let user = session.user.ok_or(AppError::Unauthorized)?;
    let actor = Actor::user(&user.user, Some(&session.ip));
    if !actor.can(permission) {
        return Err(AppError::Forbidden);
    }
    Ok(actor)
}

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
    match stored {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(ServiceError::App(AppError::Validation(e)))
            if e.get("file") == Some(Msg::ValProofType) =>
        {
            reply_field_error(
                "file",
                Msg::ValProofType,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            )
        }
        Err(err) => reply_error(AppError::from(err)),
    }
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
    match found {
        Ok(proof) => send_file(&proof.path, &proof.filename, &proof.content_type).await,
        Err(err) => reply_error(AppError::from(err)),
    }
}
