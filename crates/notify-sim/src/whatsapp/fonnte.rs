//! Fonnte's `POST /send`.
//!
//! Fonnte reports refusals in the body, not the HTTP status: its documentation shows every
//! failure only as `{"reason": "...", "status": false}`, and its own examples just echo the
//! body. So this simulator answers HTTP 200 with `status: false` for a bad token, an empty
//! target or message, a bad number and a `fail_next` refusal; an adapter that only checks
//! the HTTP status will be caught by the tests. Only the outage is a 503.
//!
//! A request is all-or-nothing here: one invalid or refused number in `target` refuses the
//! whole request and records nothing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::{authorization, constant_time_eq};
use crate::fields::{self, Fields};
use crate::number;
use crate::store::{Draft, Sim};

fn refuse(reason: &str) -> Response {
    tracing::info!(fonnte.reason = reason, "fonnte send refused");
    Json(json!({ "status": false, "reason": reason })).into_response()
}

/// `POST /send`.
pub(crate) async fn send(State(sim): State<Arc<Sim>>, request: Request) -> Response {
    let token = authorization(request.headers());
    if !constant_time_eq(token.as_bytes(), sim.config.fonnte_token.as_bytes()) {
        return refuse("invalid token");
    }
    let fields = match fields::read(request).await {
        Ok(fields) => fields,
        Err(_) => return refuse("input invalid"),
    };
    let drafts = match drafts(&sim, &fields) {
        Ok(drafts) => drafts,
        Err(reason) => return refuse(reason),
    };
    if sim.take_failure() {
        return refuse("simulated failure");
    }
    let recorded = sim.record_whatsapp("fonnte", drafts, |n| n.to_string());
    let ids: Vec<&str> = recorded.iter().map(|m| m.id.as_str()).collect();
    let targets: Vec<&str> = recorded.iter().map(|m| m.target.as_str()).collect();
    Json(json!({
        "detail": "success! message in queue",
        "id": ids,
        "process": "pending",
        "status": true,
        "target": targets,
    }))
    .into_response()
}

/// One draft per target, or the reason Fonnte would give for refusing the request.
fn drafts(sim: &Sim, fields: &Fields) -> Result<Vec<Draft>, &'static str> {
    let targets = number::split_targets(fields.text("target").unwrap_or(""));
    if targets.is_empty() {
        return Err("target empty");
    }
    let url = fields.text("url").map(str::to_owned);
    let filename = fields
        .text("filename")
        .map(str::to_owned)
        .or_else(|| fields.files.first().cloned());
    let message = fields.raw("message").unwrap_or("").to_owned();
    if message.is_empty() && url.is_none() && fields.files.is_empty() {
        return Err("message empty");
    }
    let country = number::country_code(fields.text("countryCode")).map_err(|()| "input invalid")?;
    targets
        .into_iter()
        .map(|raw| {
            let target = number::normalise(raw, country.as_deref()).ok_or("target invalid")?;
            if sim.is_refused(&target) {
                return Err("target invalid");
            }
            Ok(Draft {
                target,
                message: message.clone(),
                url: url.clone(),
                filename: filename.clone(),
            })
        })
        .collect()
}
