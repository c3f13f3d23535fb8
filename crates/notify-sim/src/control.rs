//! The `/_sim` inspection and control API for tests and the demo (no auth): what was
//! received, forgetting it, and the outage switches.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::store::Sim;

/// `GET /_sim/whatsapp`: every recorded WhatsApp message, oldest first.
pub(crate) async fn whatsapp(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.whatsapp()).into_response()
}

/// `GET /_sim/mail[?raw=1]`: every mail, oldest first; the raw DATA only when asked, as it
/// can be large.
pub(crate) async fn mail(
    State(sim): State<Arc<Sim>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let with_raw = matches!(
        query.get("raw").map(String::as_str),
        Some("1" | "true" | "yes")
    );
    let list: Vec<Value> = sim
        .mail()
        .into_iter()
        .map(|mail| {
            let mut value = serde_json::to_value(mail).unwrap_or(Value::Null);
            if let (false, Value::Object(map)) = (with_raw, &mut value) {
                map.remove("raw");
            }
            value
        })
        .collect();
    Json(list).into_response()
}

/// `DELETE /_sim/messages`: forget every WhatsApp message and mail.
pub(crate) async fn clear(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.clear();
    StatusCode::NO_CONTENT
}

fn status(sim: &Sim) -> Response {
    Json(json!({ "down": sim.is_down(), "fail_next": sim.fail_next() })).into_response()
}

/// `POST /_sim/down`: the gateways answer 503 until `POST /_sim/up`.
pub(crate) async fn down(State(sim): State<Arc<Sim>>) -> Response {
    sim.set_down(true);
    tracing::info!("gateway outage started");
    status(&sim)
}

/// `POST /_sim/up`: ends the outage.
pub(crate) async fn up(State(sim): State<Arc<Sim>>) -> Response {
    sim.set_down(false);
    tracing::info!("gateway outage ended");
    status(&sim)
}

/// `POST /_sim/fail-next?count=N` (default 1): refuse the next N valid send requests.
pub(crate) async fn fail_next(
    State(sim): State<Arc<Sim>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let count = match query.get("count").map(|c| c.parse::<usize>()) {
        None => 1,
        Some(Ok(count)) => count,
        Some(Err(_)) => {
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({ "error": "count must be a number" })),
            )
                .into_response()
        }
    };
    sim.set_fail_next(count);
    status(&sim)
}
