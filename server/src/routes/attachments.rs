//! Uploading and downloading ticket attachments (plain routes: multipart bodies and file
//! responses do not fit server functions). Authorization is the same as for the ticket:
//! a ticket the viewer may not see answers 404, with or without the attachment.

use super::files::{detached, read_file_part, reply_error, reply_field_error, send_file};
use crate::state::AppState;
use app::auth::Permission;
use app::error::server::ServiceError;
use app::error::AppError;
use app::i18n::Msg;
use app::request::{Actor, RequestSession};
use app::tickets::server::{attachments, TicketScope};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

fn actor_of(session: Option<Extension<RequestSession>>) -> Result<(Actor, TicketScope), AppError> {
    let session = session.map(|Extension(s)| s).unwrap_or_default();
    let user = session.user.ok_or(AppError::Unauthorized)?;
    let actor = Actor::user(&user.user, Some(&session.ip));
    if !actor.can(Permission::WorkTickets) {
        return Err(AppError::Forbidden);
    }
    let scope = TicketScope::of(&actor)?;
    Ok((actor, scope))
}

/// `POST /api/tickets/{id}/attachments`, multipart with one `file` part.
pub async fn upload(
    State(state): State<AppState>,
    Path(ticket_id): Path<i64>,
    session: Option<Extension<RequestSession>>,
    mut form: Multipart,
) -> Response {
    let (actor, scope) = match actor_of(session) {
        Ok(a) => a,
        Err(e) => return reply_error(e),
    };
    let (name, bytes) =
        match read_file_part(&mut form, state.config.attachment_max_bytes, "lampiran").await {
            Ok(file) => file,
            Err(response) => return response,
        };
    let (pool, dir) = (state.pool.clone(), state.config.data_dir.clone());
    let stored = detached(async move {
        let now = chrono::Utc::now();
        attachments::store(&pool, &actor, scope, ticket_id, &name, &bytes, &dir, now).await
    })
    .await;
    match stored {
        Ok(view) => (StatusCode::CREATED, Json(view)).into_response(),
        Err(ServiceError::App(AppError::Validation(e)))
            if e.get("file") == Some(Msg::ValFileTypeRefused) =>
        {
            reply_field_error(
                "file",
                Msg::ValFileTypeRefused,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            )
        }
        Err(err) => reply_error(AppError::from(err)),
    }
}

/// `GET /api/attachments/{id}`: the file, as an attachment unless it is an image or PDF.
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    session: Option<Extension<RequestSession>>,
) -> Response {
    let (_, scope) = match actor_of(session) {
        Ok(a) => a,
        Err(e) => return reply_error(e),
    };
    match attachments::locate(&state.pool, scope, id, &state.config.data_dir).await {
        Ok((view, path)) => send_file(&path, &view.filename, &view.content_type).await,
        Err(err) => reply_error(AppError::from(err)),
    }
}
