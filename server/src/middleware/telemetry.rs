//! One tracing span per request, named by the matched route, and request metrics.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tracing::Instrument;

/// The route template for labels and span names; raw paths would explode cardinality.
fn route_of(req: &Request) -> String {
    if let Some(matched) = req.extensions().get::<MatchedPath>() {
        return matched.as_str().to_owned();
    }
    let path = req.uri().path();
    if path.starts_with("/pkg/") {
        "/pkg/*".into()
    } else if path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        "static".into()
    } else {
        "unmatched".into()
    }
}

pub async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = route_of(&req);
    let method = req.method().clone();
    let span = tracing::info_span!(
        "request",
        otel.name = %format!("{method} {route}"),
        http.method = %method,
        http.route = %route,
        http.status = tracing::field::Empty,
    );
    let started = Instant::now();
    let response = next.run(req).instrument(span.clone()).await;
    let status = response.status().as_u16();
    span.record("http.status", status);
    let elapsed = started.elapsed();
    state
        .metrics
        .observe(method.as_str(), &route, status, elapsed);
    span.in_scope(|| {
        tracing::debug!(elapsed_ms = elapsed.as_secs_f64() * 1000.0, "response");
    });
    response
}
