use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use std::time::Duration;

/// Liveness and readiness in one: 200 when the database answers within two seconds, else 503.
/// Public on purpose (load balancers); it reveals nothing but up or down.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let probe = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&state.pool);
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok(_)) => (
            StatusCode::OK,
            Json(serde_json::json!({ "status": "ok", "database": "ok" })),
        ),
        Ok(Err(err)) => {
            tracing::error!(error = %err, "health check: database error");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "fail", "database": "error" })),
            )
        }
        Err(_) => {
            tracing::error!("health check: database timed out");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "fail", "database": "timeout" })),
            )
        }
    }
}
