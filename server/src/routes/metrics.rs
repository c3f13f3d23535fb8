use crate::state::AppState;
use app::auth::Permission;
use app::request::RequestSession;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

/// Prometheus metrics. Readable with `Authorization: Bearer $SIMPUL_METRICS_TOKEN` (for the
/// scraper) or by a signed-in admin; everyone else is refused.
pub async fn metrics(
    State(state): State<AppState>,
    Extension(session): Extension<RequestSession>,
    headers: HeaderMap,
) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let token_ok = match (&state.config.metrics_token, bearer) {
        (Some(expected), Some(given)) => {
            constant_time_eq(expected.expose().as_bytes(), given.as_bytes())
        }
        _ => false,
    };
    let admin = session
        .user
        .as_ref()
        .is_some_and(|u| u.user.can(Permission::ManageUsers));
    if !token_ok && !admin {
        let status = if session.user.is_some() {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::UNAUTHORIZED
        };
        return (
            status,
            "metrics require an admin session or the metrics token",
        )
            .into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(&state.pool),
    )
        .into_response()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
