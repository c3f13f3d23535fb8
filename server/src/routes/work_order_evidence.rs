//! Photos and the signature of a work order: the technician the order is given to sends
//! them (the technician app posts each as it syncs); the desk (ViewWorkOrders) and that
//! technician look at them. Customers never reach them.

use super::files::{detached, read_file_part, reply_error, reply_stored, send_found};
use crate::state::AppState;
use app::auth::Permission;
use app::error::server::ServiceError;
use app::error::{AppError, FieldErrors};
use app::field::model::EvidenceKind;
use app::field::server::proof::{self, FileProof};
use app::field::server::read::OrderScope;
use app::i18n::Msg;
use app::request::{Actor, RequestSession};
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use axum::Extension;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct KindQuery {
    kind: String,
}

fn actor_of(session: Option<Extension<RequestSession>>) -> Result<Actor, AppError> {
    let session = session.map(|Extension(s)| s).unwrap_or_default();
    let user = session.user.ok_or(AppError::Unauthorized)?;
    Ok(Actor::user(&user.user, Some(&session.ip)))
}

/// `POST /api/work-orders/{id}/evidence?kind=photo_odp`, multipart with one `file` part.
pub async fn upload(
    State(state): State<AppState>,
    Path(order): Path<i64>,
    Query(query): Query<KindQuery>,
    session: Option<Extension<RequestSession>>,
    mut form: Multipart,
) -> Response {
    let actor = match actor_of(session) {
        Ok(a) if a.can(Permission::DoFieldWork) => a,
        Ok(_) => return reply_error(AppError::Forbidden),
        Err(e) => return reply_error(e),
    };
    let Some(kind) = EvidenceKind::from_code(&query.kind) else {
        return reply_error(FieldErrors::single("kind", Msg::ValRequired));
    };
    let (filename, bytes) =
        match read_file_part(&mut form, proof::FILE_PROOF_MAX_BYTES, "foto.jpg").await {
            Ok(file) => file,
            Err(response) => return response,
        };
    let (pool, dir) = (state.pool.clone(), state.config.data_dir.clone());
    let stored = detached(async move {
        let file = FileProof {
            kind,
            filename,
            bytes,
        };
        proof::add_file(&pool, &dir, &actor, order, file, chrono::Utc::now())
            .await
            .map(|_| ())
    })
    .await;
    reply_stored(stored, Msg::ValEvidenceImage)
}

/// `GET /api/work-orders/{id}/evidence/{evidence}`: the photo or signature, inline.
pub async fn download(
    State(state): State<AppState>,
    Path((order, evidence)): Path<(i64, i64)>,
    session: Option<Extension<RequestSession>>,
) -> Response {
    let actor = match actor_of(session) {
        Ok(a) => a,
        Err(e) => return reply_error(e),
    };
    let scope = if actor.can(Permission::ViewWorkOrders) {
        OrderScope::All
    } else if let (true, Some(me)) = (actor.can(Permission::DoFieldWork), actor.user_id) {
        OrderScope::Technician(me.0)
    } else {
        return reply_error(AppError::Forbidden);
    };
    let found = match state.pool.acquire().await {
        Ok(mut conn) => {
            proof::file_of(&mut conn, scope, (order, evidence), &state.config.data_dir).await
        }
        Err(e) => Err(ServiceError::from(e)),
    };
    send_found(found).await
}
