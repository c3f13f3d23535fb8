//! The Midtrans server-to-server API: Snap create (`POST /snap/v1/transactions`) and the Core
//! status call (`GET /v2/{order_id}/status`), both with HTTP Basic auth, the server key as
//! user and an empty password. Errors come as Midtrans sends them: `{"error_messages":[…]}`
//! from Snap, `{"status_code":"404","status_message":…}` from Core.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};

use super::MidtransTx;
use crate::sign;
use crate::store::Sim;

const UNAUTHORIZED: &str =
    "Access denied due to unauthorized transaction, please check client or server key";

fn authorized(sim: &Sim, headers: &HeaderMap) -> bool {
    let Some(encoded) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    else {
        return false;
    };
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let text = String::from_utf8_lossy(&decoded);
    let user = text.split_once(':').map_or(&*text, |(user, _)| user);
    sign::constant_time_eq(user.as_bytes(), sim.config.midtrans_server_key.as_bytes())
}

fn errors(status: StatusCode, messages: Vec<String>) -> Response {
    (status, Json(json!({ "error_messages": messages }))).into_response()
}

fn unauthorized() -> Response {
    let body = json!({
        "status_code": "401",
        "status_message": UNAUTHORIZED,
        "error_messages": [UNAUTHORIZED],
    });
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}

/// An integer amount sent as a number or a numeric string (`150000`, `150000.00`).
pub(crate) fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => {
            let s = s.trim();
            let whole = s.strip_suffix(".00").or(s.strip_suffix(".0")).unwrap_or(s);
            whole.parse().ok()
        }
        _ => None,
    }
}

fn valid_order_id(id: &str) -> bool {
    id.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
}

struct Checked {
    order_id: String,
    gross_amount: i64,
    finish_url: Option<String>,
    expires_at: DateTime<Utc>,
    customer: Value,
    items: Value,
}

fn check(body: &Map<String, Value>, now: DateTime<Utc>) -> Result<Checked, Vec<String>> {
    let mut problems = Vec::new();
    let details = body.get("transaction_details").and_then(Value::as_object);
    let order_id = details
        .and_then(|d| d.get("order_id"))
        .and_then(Value::as_str)
        .unwrap_or("");
    if details.is_none() {
        problems.push("transaction_details is required".into());
    }
    if order_id.is_empty() {
        problems.push("transaction_details.order_id is required".into());
    } else if order_id.chars().count() > 50 {
        problems.push("transaction_details.order_id too long, max 50 characters".into());
    } else if !valid_order_id(order_id) {
        problems.push(
            "transaction_details.order_id may only contain alphanumeric characters, -, _, ~ and ."
                .into(),
        );
    }
    let gross_amount = match details.and_then(|d| d.get("gross_amount")) {
        None | Some(Value::Null) => {
            problems.push("transaction_details.gross_amount is required".into());
            0
        }
        Some(value) => match integer(value) {
            Some(amount) if amount > 0 => amount,
            Some(_) => {
                problems.push("transaction_details.gross_amount must be greater than 0".into());
                0
            }
            None => {
                problems.push("transaction_details.gross_amount must be an integer".into());
                0
            }
        },
    };
    let items = body.get("item_details").cloned().unwrap_or(Value::Null);
    if let Some(list) = items.as_array().filter(|l| !l.is_empty()) {
        let mut sum = Some(0i64);
        for (index, item) in list.iter().enumerate() {
            let price = item.get("price").and_then(integer);
            let quantity = item.get("quantity").and_then(integer).filter(|q| *q > 0);
            if price.is_none() {
                problems.push(format!("item_details[{index}].price is required"));
            }
            if quantity.is_none() {
                problems.push(format!(
                    "item_details[{index}].quantity must be greater than 0"
                ));
            }
            if item
                .get("name")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                problems.push(format!("item_details[{index}].name is required"));
            }
            sum = sum
                .zip(price.zip(quantity))
                .and_then(|(s, (p, q))| s.checked_add(p * q));
        }
        if sum.is_some_and(|sum| sum != gross_amount) && gross_amount > 0 {
            problems.push(
                "transaction_details.gross_amount is not equal to the sum of item_details".into(),
            );
        }
    }
    let finish_url = body
        .get("callbacks")
        .and_then(|c| c.get("finish"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let expires_at = match body.get("expiry") {
        None | Some(Value::Null) => now + Duration::hours(24),
        Some(expiry) => match read_expiry(expiry, now) {
            Ok(at) => at,
            Err(problem) => {
                problems.push(problem);
                now
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Checked {
        order_id: order_id.to_owned(),
        gross_amount,
        finish_url,
        expires_at,
        customer: body.get("customer_details").cloned().unwrap_or(Value::Null),
        items,
    })
}

/// Snap's `expiry {start_time?, unit, duration}`; `start_time` is `yyyy-MM-dd HH:mm:ss Z`.
fn read_expiry(expiry: &Value, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let start = match expiry.get("start_time").and_then(Value::as_str) {
        None => now,
        Some(text) => DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z")
            .map_err(|_| "expiry.start_time must be in yyyy-MM-dd HH:mm:ss Z format".to_owned())?
            .with_timezone(&Utc),
    };
    let duration = expiry
        .get("duration")
        .and_then(integer)
        .filter(|d| *d > 0)
        .ok_or("expiry.duration must be greater than 0")?;
    let unit = expiry.get("unit").and_then(Value::as_str).unwrap_or("");
    let length = match unit.trim_end_matches('s') {
        "second" => Duration::seconds(duration),
        "minute" => Duration::minutes(duration),
        "hour" => Duration::hours(duration),
        "day" => Duration::days(duration),
        _ => return Err("expiry.unit must be one of minute, hour, day".into()),
    };
    Ok(start + length)
}

/// `POST /snap/v1/transactions`.
pub(crate) async fn create(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&sim, &headers) {
        return errors(StatusCode::UNAUTHORIZED, vec![UNAUTHORIZED.into()]);
    }
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return errors(
            StatusCode::BAD_REQUEST,
            vec!["Request body is not valid JSON".into()],
        );
    };
    let now = Utc::now();
    let checked = match check(&body, now) {
        Ok(checked) => checked,
        Err(problems) => return errors(StatusCode::BAD_REQUEST, problems),
    };
    let notification_url = headers
        .get("x-override-notification")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let token = sign::uuid();
    {
        let mut store = sim.store();
        if store.tx.midtrans.contains_key(&checked.order_id) {
            return errors(
                StatusCode::NOT_ACCEPTABLE,
                vec!["transaction_details.order_id has already been taken".into()],
            );
        }
        let tx = MidtransTx {
            order_id: checked.order_id.clone(),
            gross_amount: checked.gross_amount,
            token: token.clone(),
            transaction_id: sign::uuid(),
            created_at: now,
            expires_at: checked.expires_at,
            finish_url: checked.finish_url,
            notification_url,
            customer: checked.customer,
            items: checked.items,
            status: None,
            payment_type: None,
            fraud_status: "accept".into(),
            transaction_time: None,
            settlement_time: None,
            va_number: None,
            refunds: Vec::new(),
            page_expired: false,
        };
        store.tx.midtrans.insert(checked.order_id, tx);
    }
    sim.changed();
    let body = json!({
        "token": token,
        "redirect_url": format!("{}/snap/v4/redirection/{token}", sim.public_url),
    });
    (StatusCode::CREATED, Json(body)).into_response()
}

/// `GET /v2/{order_id}/status`.
pub(crate) async fn status(
    State(sim): State<Arc<Sim>>,
    Path(order_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    let body = {
        let store = sim.store();
        store
            .tx
            .midtrans
            .get(&order_id)
            .filter(|tx| tx.status.is_some())
            .map(|tx| tx.status_json(&sim.config.midtrans_server_key, None))
    };
    match body {
        Some(mut body) => {
            body["status_message"] = Value::from("Success, transaction is found");
            Json(body).into_response()
        }
        None => not_found(),
    }
}

pub(crate) fn not_found() -> Response {
    let body = json!({ "status_code": "404", "status_message": "Transaction doesn't exist." });
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn checks_snap_requests() {
        let now = Utc::now();
        let ok = check(
            &body(json!({
                "transaction_details": {"order_id": "INV-1.a_b~c", "gross_amount": 150000},
                "item_details": [{"id": "a", "name": "Paket", "price": 50000, "quantity": 3}],
                "expiry": {"unit": "minute", "duration": 30},
            })),
            now,
        )
        .ok()
        .unwrap();
        assert_eq!(ok.gross_amount, 150_000);
        assert_eq!(ok.expires_at, now + Duration::minutes(30));

        let problems = check(
            &body(json!({
                "transaction_details": {"order_id": "bad id!", "gross_amount": 0},
            })),
            now,
        )
        .err()
        .unwrap();
        assert_eq!(problems.len(), 2, "{problems:?}");

        let problems = check(
            &body(json!({
                "transaction_details": {"order_id": "A", "gross_amount": 10},
                "item_details": [{"id": "a", "name": "x", "price": 3, "quantity": 3}],
            })),
            now,
        )
        .err()
        .unwrap();
        assert_eq!(
            problems,
            vec!["transaction_details.gross_amount is not equal to the sum of item_details"]
        );
        let long = "x".repeat(51);
        let body = body(json!({"transaction_details": {"order_id": long, "gross_amount": 1}}));
        assert!(check(&body, now).is_err());
    }

    #[test]
    fn reads_expiry_with_start_time() {
        let now = Utc::now();
        let at = read_expiry(
            &json!({"start_time": "2025-01-01 07:00:00 +0700", "unit": "hours", "duration": 2}),
            now,
        )
        .unwrap();
        assert_eq!(at.to_rfc3339(), "2025-01-01T02:00:00+00:00");
        assert!(read_expiry(&json!({"unit": "week", "duration": 1}), now).is_err());
        assert!(read_expiry(&json!({"unit": "day", "duration": 0}), now).is_err());
    }
}
