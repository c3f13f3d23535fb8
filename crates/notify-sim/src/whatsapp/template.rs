//! The generic URL-template gateway and the Wablas-style API, under `/api/`.
//!
//! Self-hosted gateways differ in everything but one thing: a URL with the number and the
//! text filled in. `GET /api/send?phone=&message=[&token=]` (or `POST` with the same fields
//! as form or JSON) stands for all of them and answers `{"status":true,"id":"…"}`.
//! `POST /api/send-message` follows Wablas: `Authorization: <token>` (or
//! `<token>.<secret_key>`), fields `phone` (comma-separated allowed) and `message`.
//!
//! Unlike Fonnte, failures here carry an HTTP error status as well as `status: false`:
//! 400 for missing fields or a bad or refused number, 401 for a missing or wrong token, 500
//! for a `fail_next` refusal. Numbers are normalised as Fonnte does with country code 62.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{authorization, constant_time_eq, uuid};
use crate::fields::{self, Fields};
use crate::number;
use crate::store::{Draft, Sim};

fn refuse(status: StatusCode, message: &str) -> Response {
    tracing::info!(
        template.reason = message,
        http.status = status.as_u16(),
        "send refused"
    );
    (status, Json(json!({ "status": false, "message": message }))).into_response()
}

fn token_matches(sim: &Sim, given: &str) -> bool {
    match &sim.config.template_token {
        None => true,
        Some(token) => {
            let key = given.split_once('.').map_or(given, |(key, _secret)| key);
            constant_time_eq(given.as_bytes(), token.as_bytes())
                || constant_time_eq(key.as_bytes(), token.as_bytes())
        }
    }
}

/// `GET|POST /api/send`: one number.
pub(crate) async fn send(State(sim): State<Arc<Sim>>, request: Request) -> Response {
    let header_token = authorization(request.headers()).to_owned();
    let fields = match fields::read(request).await {
        Ok(fields) => fields,
        Err(reason) => return refuse(StatusCode::BAD_REQUEST, &reason),
    };
    let token = fields.text("token").unwrap_or(&header_token);
    if !token_matches(&sim, token) {
        return refuse(StatusCode::UNAUTHORIZED, "invalid token");
    }
    let draft = match drafts(&sim, &fields, false) {
        Ok(mut drafts) => drafts.remove(0),
        Err((status, message)) => return refuse(status, message),
    };
    if sim.take_failure() {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "simulated failure");
    }
    let recorded = sim.record_whatsapp("template", vec![draft], |n| n.to_string());
    Json(json!({ "status": true, "id": recorded[0].id })).into_response()
}

/// `POST /api/send-message`, Wablas-style.
pub(crate) async fn wablas(State(sim): State<Arc<Sim>>, request: Request) -> Response {
    let token = authorization(request.headers()).to_owned();
    if token.is_empty() || !token_matches(&sim, &token) {
        return refuse(StatusCode::UNAUTHORIZED, "token invalid");
    }
    let fields = match fields::read(request).await {
        Ok(fields) => fields,
        Err(reason) => return refuse(StatusCode::BAD_REQUEST, &reason),
    };
    let drafts = match drafts(&sim, &fields, true) {
        Ok(drafts) => drafts,
        Err((status, message)) => return refuse(status, message),
    };
    if sim.take_failure() {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "simulated failure");
    }
    let recorded = sim.record_whatsapp("wablas", drafts, |_| uuid());
    let messages: Vec<Value> = recorded
        .iter()
        .map(
            |m| json!({ "id": m.id, "phone": m.target, "message": m.message, "status": "pending" }),
        )
        .collect();
    Json(json!({
        "status": true,
        "message": "Message is pending and waiting to be processed",
        "data": { "messages": messages },
    }))
    .into_response()
}

type Refusal = (StatusCode, &'static str);

fn drafts(sim: &Sim, fields: &Fields, many: bool) -> Result<Vec<Draft>, Refusal> {
    let bad = StatusCode::BAD_REQUEST;
    let phones = number::split_targets(fields.text("phone").unwrap_or(""));
    let message = fields.raw("message").unwrap_or("");
    if phones.is_empty() || message.is_empty() {
        return Err((bad, "phone and message are required"));
    }
    if phones.len() > 1 && !many {
        return Err((bad, "phone invalid"));
    }
    phones
        .into_iter()
        .map(|raw| {
            let target = number::normalise(raw, Some(number::DEFAULT_COUNTRY))
                .filter(|target| !sim.is_refused(target))
                .ok_or((bad, "phone invalid"))?;
            Ok(Draft {
                target,
                message: message.to_owned(),
                url: None,
                filename: None,
            })
        })
        .collect()
}
