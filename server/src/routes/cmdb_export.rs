//! `GET /api/cmdb/{class}/cis.csv`: every CI of one class as CSV, for the spreadsheets
//! ISPs keep their plant in (the same columns the import reads).

use super::files::{actor_with, reply_error};
use crate::state::AppState;
use app::auth::Permission;
use app::cmdb::server::import;
use app::error::server::ServiceError;
use app::error::AppError;
use app::request::RequestSession;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Extension;

pub async fn export(
    State(state): State<AppState>,
    Path(class): Path<String>,
    session: Option<Extension<RequestSession>>,
) -> Response {
    if let Err(e) = actor_with(session, Permission::ViewNetwork) {
        return reply_error(e);
    }
    // Class codes are plain identifiers; anything else names no class.
    if !class
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return reply_error(AppError::NotFound);
    }
    let csv = match state.pool.acquire().await {
        Ok(mut conn) => import::export(&mut conn, &class).await,
        Err(e) => Err(ServiceError::from(e)),
    };
    match csv {
        Err(e) => reply_error(AppError::from(e)),
        Ok(text) => {
            let disposition = format!("attachment; filename=\"cmdb-{class}.csv\"");
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/csv; charset=utf-8"),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&disposition)
                            .unwrap_or(HeaderValue::from_static("attachment")),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                text,
            )
                .into_response()
        }
    }
}
