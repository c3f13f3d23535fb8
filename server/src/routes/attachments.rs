//! Uploading and downloading ticket attachments (plain routes: multipart bodies and file
//! responses do not fit server functions). Authorization is the same as for the ticket:
//! a ticket the viewer may not see answers 404, with or without the attachment.

use crate::state::AppState;
use app::auth::Permission;
use app::error::server::ServiceError;
use app::error::{AppError, FieldErrors};
use app::i18n::Msg;
use app::request::{Actor, RequestSession};
use app::tickets::server::{attachments, TicketScope};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

fn reply_error(err: AppError) -> Response {
    let status =
        StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(err)).into_response()
}

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
    let too_large = || reply_error(FieldErrors::single("file", Msg::ValFileTooLarge));
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match form.next_field().await {
            Ok(Some(mut field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("lampiran").to_owned();
                let mut bytes = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if bytes.len() + chunk.len() > state.config.attachment_max_bytes {
                                return too_large().with_status(StatusCode::PAYLOAD_TOO_LARGE);
                            }
                            bytes.extend_from_slice(&chunk);
                        }
                        Ok(None) => break,
                        Err(_) => return too_large().with_status(StatusCode::PAYLOAD_TOO_LARGE),
                    }
                }
                file = Some((name, bytes));
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return too_large().with_status(StatusCode::PAYLOAD_TOO_LARGE),
        }
    }
    let Some((name, bytes)) = file else {
        return reply_error(FieldErrors::single("file", Msg::ValRequired));
    };
    // Finish storing even if the browser goes away mid-request: a dropped handler could
    // otherwise stop between writing the file and committing (or removing) it.
    let (pool, dir) = (state.pool.clone(), state.config.data_dir.clone());
    let stored = tokio::spawn(async move {
        attachments::store(
            &pool,
            &actor,
            scope,
            ticket_id,
            &name,
            &bytes,
            &dir,
            chrono::Utc::now(),
        )
        .await
    })
    .await
    .unwrap_or_else(|e| Err(ServiceError::Internal(format!("attachment task: {e}"))));
    match stored {
        Ok(view) => (StatusCode::CREATED, Json(view)).into_response(),
        Err(ServiceError::App(AppError::Validation(e)))
            if e.get("file") == Some(Msg::ValFileTypeRefused) =>
        {
            reply_error(AppError::Validation(e)).with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
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
    let (view, path) =
        match attachments::locate(&state.pool, scope, id, &state.config.data_dir).await {
            Ok(found) => found,
            Err(err) => return reply_error(AppError::from(err)),
        };
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(err) => {
            tracing::error!(error = %err, attachment.id = id, "attachment file missing");
            return reply_error(AppError::NotFound);
        }
    };
    let inline = view.content_type.starts_with("image/") || view.content_type == "application/pdf";
    let ascii: String = view
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " ._-()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        app::url::encode(&view.filename)
    );
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    set(header::CONTENT_TYPE, &view.content_type);
    set(header::CONTENT_DISPOSITION, &disposition);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Even an allowed file can never run script in our origin.
    set(
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    );
    set(header::CACHE_CONTROL, "private, no-store");
    response
}

trait WithStatus {
    fn with_status(self, status: StatusCode) -> Response;
}

impl WithStatus for Response {
    fn with_status(mut self, status: StatusCode) -> Response {
        *self.status_mut() = status;
        self
    }
}
