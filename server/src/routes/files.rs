//! What every upload and download route shares: reading the one `file` part of a multipart
//! body within the size limit, answering errors as JSON `AppError`s, and sending a stored
//! file with headers that keep it from ever running in our origin.

use app::error::server::{ServiceError, ServiceResult};
use app::error::{AppError, FieldErrors};
use app::i18n::Msg;
use axum::extract::Multipart;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::path::Path;

/// The signed-in staff member behind the request if they hold `permission`; otherwise
/// Unauthorized (no session) or Forbidden.
pub fn actor_with(
    session: Option<axum::Extension<app::request::RequestSession>>,
    permission: app::auth::Permission,
) -> Result<app::request::Actor, AppError> {
    let session = session.map(|axum::Extension(s)| s).unwrap_or_default();
    let user = session.user.ok_or(AppError::Unauthorized)?;
    let actor = app::request::Actor::user(&user.user, Some(&session.ip));
    if !actor.can(permission) {
        return Err(AppError::Forbidden);
    }
    Ok(actor)
}

/// 204 for a stored upload; the type refusal `refused` as 415; any other error as itself.
pub fn reply_stored(stored: ServiceResult<()>, refused: Msg) -> Response {
    match stored {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(ServiceError::App(AppError::Validation(e))) if e.get("file") == Some(refused) => {
            reply_field_error("file", refused, StatusCode::UNSUPPORTED_MEDIA_TYPE)
        }
        Err(err) => reply_error(AppError::from(err)),
    }
}

/// The stored file found, sent inline; or the error that kept it.
pub async fn send_found(found: ServiceResult<app::files::server::StoredFile>) -> Response {
    match found {
        Ok(file) => send_file(&file.path, &file.filename, &file.content_type).await,
        Err(err) => reply_error(AppError::from(err)),
    }
}

pub fn reply_error(err: AppError) -> Response {
    let status =
        StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(err)).into_response()
}

/// A validation error answered with a more precise status (413, 415).
pub fn reply_field_error(field: &str, msg: Msg, status: StatusCode) -> Response {
    let mut response = reply_error(FieldErrors::single(field, msg));
    *response.status_mut() = status;
    response
}

/// The name and bytes of the body's `file` part; other parts are skipped. A body over
/// `max_bytes` (or one that breaks off) is refused with 413 as soon as it is seen.
pub async fn read_file_part(
    form: &mut Multipart,
    max_bytes: usize,
    default_name: &str,
) -> Result<(String, Vec<u8>), Response> {
    let too_large =
        || reply_field_error("file", Msg::ValFileTooLarge, StatusCode::PAYLOAD_TOO_LARGE);
    let mut file = None;
    loop {
        match form.next_field().await {
            Ok(Some(mut field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or(default_name).to_owned();
                let mut bytes = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if bytes.len() + chunk.len() > max_bytes {
                                return Err(too_large());
                            }
                            bytes.extend_from_slice(&chunk);
                        }
                        Ok(None) => break,
                        Err(_) => return Err(too_large()),
                    }
                }
                file = Some((name, bytes));
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return Err(too_large()),
        }
    }
    file.ok_or_else(|| reply_error(FieldErrors::single("file", Msg::ValRequired)))
}

/// Runs a store to completion even if the browser goes away mid-request: a dropped handler
/// could otherwise stop between writing the file and committing (or removing) it.
pub async fn detached<T: Send + 'static>(
    store: impl std::future::Future<Output = ServiceResult<T>> + Send + 'static,
) -> ServiceResult<T> {
    tokio::spawn(store)
        .await
        .unwrap_or_else(|e| Err(ServiceError::Internal(format!("store task: {e}"))))
}

/// The stored file at `path`, inline when it is an image or PDF, as a download otherwise.
pub async fn send_file(path: &Path, filename: &str, content_type: &str) -> Response {
    let bytes = match tokio::fs::read(path).await {
        Ok(b) => b,
        Err(err) => {
            tracing::error!(error = %err, file.path = %path.display(), "stored file missing");
            return reply_error(AppError::NotFound);
        }
    };
    let inline = content_type.starts_with("image/") || content_type == "application/pdf";
    let ascii: String = filename
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
        app::url::encode(filename)
    );
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    set(header::CONTENT_TYPE, content_type);
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
