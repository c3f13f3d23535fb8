//! `POST /_sim/midtrans/{order_id}/{action}`: drive an order the way Midtrans might, for
//! tests. Transitions are deliberately permissive (a settled order can be cancelled), so
//! tests can check that the app never moves a paid invoice back.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde_json::{json, Value};

use super::{MidtransTx, Refund, Status, PAYMENT_TYPES};
use crate::control::{problem, Options};
use crate::deliver::{self, Outgoing};
use crate::store::Sim;

/// `?gross_amount=` as it will be reported: `150000` becomes `150000.00`, anything with a
/// decimal point is sent verbatim.
fn reported_amount(text: &str) -> String {
    match text.parse::<i64>() {
        Ok(amount) => crate::sign::midtrans_amount(amount),
        Err(_) => text.to_owned(),
    }
}

fn snapshot(sim: &Sim, tx: &MidtransTx) -> Value {
    match tx.status {
        Some(_) => tx.status_json(&sim.config.midtrans_server_key, None),
        None => json!({
            "order_id": tx.order_id,
            "transaction_status": null,
            "status_code": "404",
            "page_expired": tx.page_expired,
        }),
    }
}

/// Applies `action`; returns the notifications it causes, in sending order.
fn apply(
    sim: &Sim,
    tx: &mut MidtransTx,
    action: &str,
    options: &Options,
) -> Result<Vec<Outgoing>, (StatusCode, &'static str)> {
    let now = Utc::now();
    let gross = options.text("gross_amount").map(reported_amount);
    let gross = gross.as_deref();
    let kind = options.text("payment_type").unwrap_or("qris");
    if !PAYMENT_TYPES.contains(&kind) && kind != "credit_card" {
        return Err((StatusCode::BAD_REQUEST, "unknown payment_type"));
    }
    let notify = |tx: &MidtransTx| tx.notification(sim, gross);
    let notes = match action {
        "pay" => {
            let was_off_core = tx.status.is_none();
            tx.enter_core(kind, now);
            let pending = if was_off_core || options.flag("out_of_order") {
                let mut before = tx.clone();
                before.status = Some(Status::Pending);
                notify(&before)
            } else {
                None
            };
            tx.set(Status::Settlement, now);
            let settled = notify(tx);
            if options.flag("out_of_order") {
                vec![settled, pending]
            } else {
                vec![pending, settled]
            }
        }
        "pending" => {
            tx.enter_core(kind, now);
            tx.set(Status::Pending, now);
            vec![notify(tx)]
        }
        "expire" if tx.status.is_none() => {
            // Snap pages expire silently.
            tx.page_expired = true;
            vec![]
        }
        "expire" | "cancel" | "deny" => {
            tx.enter_core(kind, now);
            let status = match action {
                "expire" => Status::Expire,
                "cancel" => Status::Cancel,
                _ => Status::Deny,
            };
            tx.set(status, now);
            vec![notify(tx)]
        }
        "challenge" => {
            tx.enter_core("credit_card", now);
            tx.payment_type = Some("credit_card".into());
            tx.va_number = None;
            tx.set(Status::Capture, now);
            tx.fraud_status = "challenge".into();
            vec![notify(tx)]
        }
        "refund" => {
            if !tx.is_paid() {
                return Err((StatusCode::CONFLICT, "only a paid order can be refunded"));
            }
            let remaining = tx.gross_amount - tx.refunded();
            let amount = match options.text("amount") {
                None => remaining,
                Some(text) => text
                    .parse::<i64>()
                    .map_err(|_| (StatusCode::BAD_REQUEST, "amount must be an integer"))?,
            };
            if amount <= 0 || amount > remaining {
                return Err((
                    StatusCode::BAD_REQUEST,
                    "amount must be positive and at most what is left to refund",
                ));
            }
            tx.refunds.push(Refund {
                id: tx.refunds.len() as u64 + 1,
                amount,
                key: crate::sign::uuid(),
                at: now,
            });
            let full = tx.refunded() == tx.gross_amount;
            tx.set(
                if full {
                    Status::Refund
                } else {
                    Status::PartialRefund
                },
                now,
            );
            vec![notify(tx)]
        }
        _ => return Err((StatusCode::BAD_REQUEST, "unknown action")),
    };
    Ok(notes.into_iter().flatten().collect())
}

pub(crate) async fn act(
    State(sim): State<Arc<Sim>>,
    Path((order_id, action)): Path<(String, String)>,
    Query(options): Query<Options>,
) -> Response {
    let (batch, answer) = {
        let mut store = sim.store();
        let Some(tx) = store.tx.midtrans.get_mut(&order_id) else {
            return problem(StatusCode::NOT_FOUND, "no such order");
        };
        let batch = match apply(&sim, tx, &action, &options) {
            Ok(batch) => batch,
            Err((status, message)) => return problem(status, message),
        };
        (batch, snapshot(&sim, tx))
    };
    sim.changed();
    deliver::dispatch(&sim, options.shape(batch));
    Json(answer).into_response()
}
