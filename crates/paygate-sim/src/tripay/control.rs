//! `POST /_sim/tripay/{reference}/{action}` with action `pay`, `expire`, `fail` or
//! `refund`; options `notify=false`, `duplicate=N`, `total_amount=N` (report another
//! amount in the callback; the signature still matches the bytes sent). Answers the
//! transaction as `transaction/detail` would.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;

use super::Status;
use crate::control::{problem, Options};
use crate::deliver;
use crate::store::Sim;

pub(crate) async fn act(
    State(sim): State<Arc<Sim>>,
    Path((reference, action)): Path<(String, String)>,
    Query(options): Query<Options>,
) -> Response {
    let total_amount = match options.text("total_amount").map(str::parse::<i64>) {
        None => None,
        Some(Ok(amount)) => Some(amount),
        Some(Err(_)) => return problem(StatusCode::BAD_REQUEST, "total_amount must be an integer"),
    };
    let (batch, data) = {
        let mut store = sim.store();
        let Some(tx) = store.tx.tripay.get_mut(&reference) else {
            return problem(StatusCode::NOT_FOUND, "no such reference");
        };
        match action.as_str() {
            "pay" => {
                tx.status = Status::Paid;
                tx.paid_at.get_or_insert(Utc::now().timestamp());
            }
            "expire" => tx.status = Status::Expired,
            "fail" => tx.status = Status::Failed,
            "refund" if tx.status == Status::Paid => tx.status = Status::Refund,
            "refund" => {
                return problem(
                    StatusCode::CONFLICT,
                    "only a PAID transaction can be refunded",
                )
            }
            _ => return problem(StatusCode::BAD_REQUEST, "unknown action"),
        }
        let batch: Vec<_> = tx.callback(&sim, total_amount).into_iter().collect();
        (batch, tx.data_json(&sim.public_url))
    };
    sim.changed();
    deliver::dispatch(&sim, options.shape(batch));
    Json(data).into_response()
}
