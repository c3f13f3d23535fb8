//! The logo printed on documents: `POST /api/billing/logo` (multipart, one `file` part) by
//! admins who manage billing settings, who also see it with `GET`.

use super::files::{actor_with, read_file_part, reply_error};
use crate::state::AppState;
use app::auth::Permission;
use app::billing::server::logo;
use app::error::server::ServiceError;
use app::error::AppError;
use app::request::{Actor, RequestSession};
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

fn admin(session: Option<Extension<RequestSession>>) -> Result<Actor, AppError> {
    actor_with(session, Permission::ManageBillingSettings)
}

pub async fn upload(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
    mut form: Multipart,
) -> Response {
    let actor = match admin(session) {
        Ok(a) => a,
        Err(e) => return reply_error(e),
    };
    let (_, bytes) = match read_file_part(&mut form, logo::MAX_LOGO_BYTES, "logo").await {
        Ok(file) => file,
        Err(response) => return response,
    };
    match logo::store(&state.pool, &actor, &bytes).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => reply_error(AppError::from(err)),
    }
}

pub async fn download(
    State(state): State<AppState>,
    session: Option<Extension<RequestSession>>,
) -> Response {
    if let Err(e) = admin(session) {
        return reply_error(e);
    }
    let found = match state.pool.acquire().await {
        Ok(mut conn) => logo::read(&mut conn).await,
        Err(e) => Err(ServiceError::from(e)),
    };
    match found {
        Ok(Some((bytes, kind))) => {
            let mut response = (StatusCode::OK, bytes).into_response();
            let headers = response.headers_mut();
            if let Ok(value) = HeaderValue::from_str(&kind) {
                headers.insert(header::CONTENT_TYPE, value);
            }
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            response
        }
        Ok(None) => reply_error(AppError::NotFound),
        Err(err) => reply_error(AppError::from(err)),
    }
}
