//! Tripay's merchant API, served under both `/api/` and `/api-sandbox/`:
//! `merchant/payment-channel`, `merchant/fee-calculator`, `transaction/create`,
//! `transaction/detail`. `Authorization: Bearer <api_key>`. Every answer is
//! `{"success":…,"message":…,"data":…}` (errors carry no `data`); failures use HTTP 400,
//! a bad key 401, an unknown reference 404.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use rand::Rng;
use serde_json::{json, Map, Value};

use super::channels::{self, CHANNELS};
use super::{OrderItem, Status, TripayTx};
use crate::midtrans::api::integer;
use crate::sign;
use crate::store::Sim;

pub(crate) fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/merchant/payment-channel", get(channels_list))
        .route("/merchant/fee-calculator", get(fee_calculator))
        .route("/transaction/create", post(create))
        .route("/transaction/detail", get(detail))
}

pub(crate) fn failure(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({ "success": false, "message": message })),
    )
        .into_response()
}

fn success(data: Value) -> Response {
    Json(json!({ "success": true, "message": "", "data": data })).into_response()
}

fn authorized(sim: &Sim, headers: &HeaderMap) -> bool {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    sign::constant_time_eq(key.as_bytes(), sim.config.tripay_api_key.as_bytes())
}

/// `GET merchant/payment-channel[?code=]`.
async fn channels_list(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !authorized(&sim, &headers) {
        return failure(StatusCode::UNAUTHORIZED, "Invalid API Key");
    }
    let code = query.get("code").filter(|c| !c.is_empty());
    let list: Vec<Value> = CHANNELS
        .iter()
        .filter(|c| code.is_none_or(|code| c.code == code))
        .map(|c| c.json(&sim.public_url))
        .collect();
    success(Value::Array(list))
}

/// `GET merchant/fee-calculator?amount=&code=`.
async fn fee_calculator(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !authorized(&sim, &headers) {
        return failure(StatusCode::UNAUTHORIZED, "Invalid API Key");
    }
    let Some(amount) = query
        .get("amount")
        .and_then(|a| a.parse::<i64>().ok())
        .filter(|a| *a >= 0)
    else {
        return failure(StatusCode::BAD_REQUEST, "The amount field is required.");
    };
    let code = query.get("code").filter(|c| !c.is_empty());
    let list: Vec<Value> = CHANNELS
        .iter()
        .filter(|c| code.is_none_or(|code| c.code == code))
        .map(|c| c.fee_json(amount))
        .collect();
    if list.is_empty() {
        return failure(StatusCode::BAD_REQUEST, "Payment channel not found");
    }
    success(Value::Array(list))
}

/// The request body as a JSON object, from JSON or from a form whose order items are
/// `order_items[0][name]=…` keys (as Tripay's PHP samples send them).
fn read_body(headers: &HeaderMap, body: &Bytes) -> Option<Map<String, Value>> {
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if let Ok(Value::Object(map)) = serde_json::from_slice(body) {
        return Some(map);
    }
    if json_type {
        return None;
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    let mut map = Map::new();
    let mut items: BTreeMap<usize, Map<String, Value>> = BTreeMap::new();
    for (key, value) in pairs {
        let item = key
            .strip_prefix("order_items[")
            .and_then(|rest| rest.split_once("]["))
            .and_then(|(index, field)| Some((index.parse().ok()?, field.strip_suffix(']')?)));
        match item {
            Some((index, field)) => {
                items
                    .entry(index)
                    .or_default()
                    .insert(field.to_owned(), Value::from(value));
            }
            None => {
                map.insert(key, Value::from(value));
            }
        }
    }
    if !items.is_empty() {
        let list = items.into_values().map(Value::Object).collect();
        map.insert("order_items".into(), Value::Array(list));
    }
    Some(map)
}

struct Request {
    method: String,
    merchant_ref: String,
    amount: i64,
    customer_name: String,
    customer_email: String,
    customer_phone: String,
    items: Vec<OrderItem>,
    callback_url: Option<String>,
    return_url: Option<String>,
    expired_time: i64,
}

fn text(body: &Map<String, Value>, name: &str) -> Option<String> {
    match body.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn check(sim: &Sim, body: &Map<String, Value>, now: i64) -> Result<Request, String> {
    let required = |name: &str| text(body, name).ok_or(format!("The {name} field is required."));
    let method = required("method")?;
    let merchant_ref = required("merchant_ref")?;
    let amount = body
        .get("amount")
        .and_then(integer)
        .filter(|a| *a > 0)
        .ok_or("The amount field must be a positive integer.")?;
    let customer_name = required("customer_name")?;
    let customer_email = required("customer_email")?;
    let signature = required("signature")?;
    let expected = sign::tripay_create_signature(
        &sim.config.tripay_private_key,
        &sim.config.tripay_merchant_code,
        &merchant_ref,
        amount,
    );
    if !sign::constant_time_eq(
        signature.to_ascii_lowercase().as_bytes(),
        expected.as_bytes(),
    ) {
        return Err("Invalid signature".into());
    }
    let channel = channels::find(&method).ok_or("Invalid payment method")?;
    if !channel.active {
        return Err(format!("Payment channel {method} is not active"));
    }
    if amount < channel.minimum_amount {
        return Err(format!(
            "Minimum amount for {method} is {}",
            channel.minimum_amount
        ));
    }
    if amount > channel.maximum_amount {
        return Err(format!(
            "Maximum amount for {method} is {}",
            channel.maximum_amount
        ));
    }
    if customer_name.chars().count() > 255 {
        return Err("The customer_name may not be greater than 255 characters.".into());
    }
    let items = read_items(body.get("order_items"))?;
    let sum = items.iter().try_fold(0i64, |sum, i| {
        sum.checked_add(i.price.checked_mul(i.quantity)?)
    });
    if sum != Some(amount) {
        return Err("Total price of order_items does not match the amount".into());
    }
    let expired_time = match body.get("expired_time") {
        None | Some(Value::Null) => now + 24 * 3600,
        Some(value) => integer(value).ok_or("The expired_time must be an integer.")?,
    };
    if expired_time <= now {
        return Err("The expired_time must be in the future.".into());
    }
    Ok(Request {
        method,
        merchant_ref,
        amount,
        customer_name,
        customer_email,
        customer_phone: text(body, "customer_phone").unwrap_or_default(),
        items,
        callback_url: text(body, "callback_url"),
        return_url: text(body, "return_url"),
        expired_time,
    })
}

fn read_items(value: Option<&Value>) -> Result<Vec<OrderItem>, String> {
    let list = value
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
        .ok_or("The order_items field is required.")?;
    let mut items = Vec::new();
    for (index, item) in list.iter().enumerate() {
        let Some(item) = item.as_object() else {
            return Err(format!("order_items.{index} must be an object"));
        };
        let name = text(item, "name").ok_or(format!("order_items.{index}.name is required"))?;
        let price = item
            .get("price")
            .and_then(integer)
            .ok_or(format!("order_items.{index}.price must be an integer"))?;
        let quantity = item
            .get("quantity")
            .and_then(integer)
            .filter(|q| *q > 0)
            .ok_or(format!("order_items.{index}.quantity must be at least 1"))?;
        items.push(OrderItem {
            sku: text(item, "sku"),
            name,
            price,
            quantity,
        });
    }
    Ok(items)
}

/// `POST transaction/create`.
async fn create(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    if !authorized(&sim, &headers) {
        return failure(StatusCode::UNAUTHORIZED, "Invalid API Key");
    }
    let Some(body) = read_body(&headers, &body) else {
        return failure(StatusCode::BAD_REQUEST, "Invalid request body");
    };
    let now = Utc::now().timestamp();
    let request = match check(&sim, &body, now) {
        Ok(request) => request,
        Err(message) => return failure(StatusCode::BAD_REQUEST, &message),
    };
    let channel = channels::find(&request.method).expect("checked above");
    let data = {
        let mut store = sim.store();
        store.tx.tripay_counter += 1;
        let counter = store.tx.tripay_counter;
        let random: u16 = rand::thread_rng().gen_range(0..10_000);
        let reference = format!("{}{counter:06}{random:04}", sim.config.tripay_merchant_code);
        let tx = TripayTx {
            reference: reference.clone(),
            merchant_ref: request.merchant_ref,
            method: channel.code.into(),
            payment_name: channel.name.into(),
            amount: request.amount,
            fee_merchant: channel.fee_merchant.on(request.amount),
            fee_customer: channel.fee_customer.on(request.amount),
            customer_name: request.customer_name,
            customer_email: request.customer_email,
            customer_phone: request.customer_phone,
            order_items: request.items,
            callback_url: request.callback_url,
            return_url: request.return_url,
            expired_time: request.expired_time,
            created_at: now,
            status: Status::Unpaid,
            paid_at: None,
            pay_code: channel.pay_code(counter),
            qr_string: None,
        };
        let qr = channel
            .is_qris()
            .then(|| channels::qris_payload(&reference, tx.total_amount()));
        let tx = TripayTx {
            qr_string: qr,
            ..tx
        };
        let data = tx.data_json(&sim.public_url);
        store.tx.tripay.insert(reference, tx);
        data
    };
    sim.changed();
    success(data)
}

/// `GET transaction/detail?reference=`.
async fn detail(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !authorized(&sim, &headers) {
        return failure(StatusCode::UNAUTHORIZED, "Invalid API Key");
    }
    let reference = query.get("reference").map(String::as_str).unwrap_or("");
    let data = sim
        .store()
        .tx
        .tripay
        .get(reference)
        .map(|tx| tx.data_json(&sim.public_url));
    match data {
        Some(data) => success(data),
        None => failure(StatusCode::NOT_FOUND, "Transaction not found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_php_style_forms() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        let body = Bytes::from_static(
            b"method=BRIVA&amount=20000&order_items%5B0%5D%5Bname%5D=Paket+10M\
              &order_items%5B0%5D%5Bprice%5D=20000&order_items%5B0%5D%5Bquantity%5D=1",
        );
        let map = read_body(&headers, &body).unwrap();
        assert_eq!(map["method"], "BRIVA");
        assert_eq!(integer(&map["amount"]), Some(20_000));
        let items = read_items(map.get("order_items")).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].name, "Paket 10M");
        assert_eq!(items[0].price, 20_000);
    }
}
