//! The `/_sim` control API for tests and the demo (no auth): the delivery log, every
//! transaction, and the options both gateways' control actions share (`notify=false`,
//! `duplicate=N`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::deliver::Outgoing;
use crate::store::Sim;

/// At most this many extra copies per notification, so a typo cannot flood a receiver.
const MAX_DUPLICATES: usize = 20;

#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub(crate) struct Options(HashMap<String, String>);

impl Options {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.text(name), Some("true" | "1" | "yes"))
    }

    /// `notify=false` drops the notifications; `duplicate=N` sends each N extra times.
    pub fn shape(&self, batch: Vec<Outgoing>) -> Vec<Outgoing> {
        if matches!(self.text("notify"), Some("false" | "0" | "no")) {
            return Vec::new();
        }
        let copies = self
            .text("duplicate")
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
            .min(MAX_DUPLICATES);
        batch
            .into_iter()
            .flat_map(|note| std::iter::repeat_n(note, copies + 1))
            .collect()
    }
}

pub(crate) fn problem(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// `GET /_sim/deliveries`.
pub(crate) async fn deliveries(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.deliveries()).into_response()
}

/// `DELETE /_sim/deliveries`: forget the log (not the transactions).
pub(crate) async fn clear_deliveries(State(sim): State<Arc<Sim>>) -> StatusCode {
    sim.store().deliveries.clear();
    StatusCode::NO_CONTENT
}

/// `GET /_sim/in-flight`: notifications whose retries are not finished yet.
pub(crate) async fn in_flight(State(sim): State<Arc<Sim>>) -> Response {
    Json(json!({ "in_flight": sim.in_flight() })).into_response()
}

/// `GET /_sim/transactions`: every transaction, each tagged with its `gateway`.
pub(crate) async fn transactions(State(sim): State<Arc<Sim>>) -> Response {
    let tagged = |gateway: &str, value: serde_json::Result<Value>| {
        let mut value = value.unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.insert("gateway".into(), Value::from(gateway));
        }
        value
    };
    let list: Vec<Value> = {
        let store = sim.store();
        let midtrans = store.tx.midtrans.values().map(serde_json::to_value);
        let tripay = store.tx.tripay.values().map(serde_json::to_value);
        midtrans
            .map(|v| tagged("midtrans", v))
            .chain(tripay.map(|v| tagged("tripay", v)))
            .collect()
    };
    Json(list).into_response()
}
