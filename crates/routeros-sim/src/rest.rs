//! RouterOS 7's REST API over plain HTTP (`www`, 7.9+): GET print, PUT add, PATCH set,
//! DELETE remove, POST any command with `.proplist` and `.query`. Errors come back as
//! `{"error":400,"message":"Bad Request","detail":"…"}` like RouterOS sends them.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router as HttpRouter;
use base64::Engine;
use routeros::{Command, Output, Query, Row};
use serde_json::{json, Map, Value};

use crate::engine;
use crate::router::Router;
use crate::schema;
use crate::store::{parse_id, with_id, Trap};

pub fn app(router: Arc<Router>) -> HttpRouter {
    HttpRouter::new()
        .route("/rest/{*path}", axum::routing::any(handle))
        .with_state(router)
}

fn error(status: StatusCode, detail: Option<&str>) -> Response {
    let mut body = json!({
        "error": status.as_u16(),
        "message": status.canonical_reason().unwrap_or("Error"),
    });
    if let Some(detail) = detail {
        body["detail"] = Value::from(detail);
    }
    (status, axum::Json(body)).into_response()
}

fn trap(trap: Trap) -> Response {
    error(StatusCode::BAD_REQUEST, Some(&trap.message))
}

fn authorized(router: &Router, headers: &HeaderMap) -> bool {
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
    let (user, password) = text.split_once(':').unwrap_or((&text, ""));
    !router.faults.refuses_logins() && router.spec.password_of(user) == Some(password)
}

fn to_json(row: &Row) -> Value {
    Value::Object(
        row.iter()
            .map(|(k, v)| (k.to_owned(), Value::from(v)))
            .collect::<Map<_, _>>(),
    )
}

/// The JSON object a request carries (none is an empty one); `None` if it is not one.
fn body_object(body: &Bytes) -> Option<Map<String, Value>> {
    if body.is_empty() {
        return Some(Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

fn not_an_object() -> Response {
    error(StatusCode::BAD_REQUEST, Some("JSON object expected"))
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}

async fn handle(
    State(router): State<Arc<Router>>,
    method: Method,
    Path(path): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&router, &headers) {
        let mut response = error(StatusCode::UNAUTHORIZED, None);
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            "Basic realm=\"RouterOS\"".parse().unwrap(),
        );
        return response;
    }
    let latency = router.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let path = format!("/{}", path.trim_matches('/'));
    let (menu, item) = match path.rsplit_once('/') {
        Some((menu, last)) if last.starts_with('*') => (menu.to_owned(), Some(last.to_owned())),
        _ => (path.clone(), None),
    };
    match (method, schema::menu(&menu), item) {
        (Method::GET, Some(_), None) => print(&router, &menu, query.as_deref().unwrap_or("")),
        (Method::GET, Some(schema), Some(id)) => {
            let store = router.store();
            match parse_id(&id)
                .and_then(|n| store.get(schema.path, n).map(|row| with_id(schema, n, row)))
            {
                Some(row) => axum::Json(to_json(&row)).into_response(),
                None => error(StatusCode::NOT_FOUND, None),
            }
        }
        (Method::PUT, Some(_), None) => {
            let Some(attributes) = body_object(&body) else {
                return not_an_object();
            };
            let mut command = Command::new(format!("{menu}/add"));
            for (name, value) in &attributes {
                command.attributes.set(name.clone(), value_text(value));
            }
            match engine::run(&router, &command) {
                Ok(output) => {
                    let id = output.ret().and_then(parse_id).unwrap_or_default();
                    item_response(&router, &menu, id)
                }
                Err(error) => trap(error),
            }
        }
        (method @ (Method::PATCH | Method::DELETE), Some(schema), Some(id)) => {
            let Some(number) =
                parse_id(&id).filter(|n| router.store().get(schema.path, *n).is_some())
            else {
                return error(StatusCode::NOT_FOUND, None);
            };
            let deleting = method == Method::DELETE;
            let verb = if deleting { "remove" } else { "set" };
            let mut command = Command::new(format!("{menu}/{verb}")).attr(".id", id);
            if !deleting {
                let Some(map) = body_object(&body) else {
                    return not_an_object();
                };
                for (name, value) in &map {
                    command.attributes.set(name.clone(), value_text(value));
                }
            }
            match engine::run(&router, &command) {
                Ok(_) if deleting => StatusCode::NO_CONTENT.into_response(),
                Ok(_) => item_response(&router, &menu, number),
                Err(error) => trap(error),
            }
        }
        (Method::POST, _, None) => post(&router, &path, &body),
        _ => error(
            StatusCode::BAD_REQUEST,
            Some("no such command or directory"),
        ),
    }
}

fn item_response(router: &Router, menu: &str, id: u32) -> Response {
    let Some(schema) = schema::menu(menu) else {
        return error(StatusCode::NOT_FOUND, None);
    };
    match router.store().get(menu, id) {
        Some(row) => axum::Json(to_json(&with_id(schema, id, row))).into_response(),
        None => error(StatusCode::NOT_FOUND, None),
    }
}

/// `GET /rest/<menu>?name=x&.proplist=a,b`: equality filters from the query string.
fn print(router: &Router, menu: &str, query: &str) -> Response {
    let mut command = Command::new(format!("{menu}/print"));
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (percent_decode(name), percent_decode(value));
        if name == ".proplist" {
            command.attributes.set(".proplist", value);
        } else {
            command.queries.push(Query::Equals(name, value));
        }
    }
    output_response(engine::run(router, &command))
}

fn post(router: &Router, path: &str, body: &Bytes) -> Response {
    let Some(object) = body_object(body) else {
        return not_an_object();
    };
    let mut command = Command::new(path);
    if engine::is_streaming(&command) {
        return error(
            StatusCode::BAD_REQUEST,
            Some("streaming commands are not available over REST"),
        );
    }
    for (name, value) in &object {
        match (name.as_str(), value) {
            (".query", Value::Array(words)) => {
                for word in words {
                    match Query::parse(&format!("?{}", value_text(word))) {
                        Some(query) => command.queries.push(query),
                        None => return error(StatusCode::BAD_REQUEST, Some("invalid query")),
                    }
                }
            }
            (".proplist", Value::Array(names)) => {
                let names: Vec<String> = names.iter().map(value_text).collect();
                command.attributes.set(".proplist", names.join(","));
            }
            _ => command.attributes.set(name.clone(), value_text(value)),
        }
    }
    output_response(engine::run(router, &command))
}

fn output_response(result: Result<Output, Trap>) -> Response {
    match result {
        Ok(output) if output.rows.is_empty() && !output.done.is_empty() => {
            axum::Json(to_json(&output.done)).into_response()
        }
        Ok(output) => {
            axum::Json(Value::Array(output.rows.iter().map(to_json).collect())).into_response()
        }
        Err(error) => trap(error),
    }
}

fn percent_decode(text: &str) -> String {
    let hex = |byte: u8| (byte as char).to_digit(16).map(|d| d as u8);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = match bytes.get(index..index + 3) {
            Some([b'%', high, low]) => hex(*high).zip(hex(*low)).map(|(h, l)| h << 4 | l),
            _ => None,
        };
        match (escaped, bytes[index]) {
            (Some(byte), _) => {
                out.push(byte);
                index += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, byte) => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_query_strings() {
        assert_eq!(percent_decode("a%3Db+c"), "a=b c");
        assert_eq!(percent_decode("50%"), "50%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("é%4"), "é%4");
    }
}
