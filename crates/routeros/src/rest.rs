//! The RouterOS v7 REST API (`/rest/<menu>`, HTTP Basic auth), speaking the same
//! [`Command`]s as the binary client:
//!
//! | command            | request                                                 |
//! |--------------------|---------------------------------------------------------|
//! | `print` (plain)    | `GET /rest/<menu>`                                      |
//! | `print` (filtered) | `POST /rest/<menu>/print` with `.proplist` and `.query` |
//! | `add`              | `PUT /rest/<menu>` with the properties                  |
//! | `set`              | `PATCH /rest/<menu>/<id>` with the properties           |
//! | `remove`           | `DELETE /rest/<menu>/<id>` (each id of a list)          |
//! | anything else      | `POST /rest/<path>` with the attributes                 |
//!
//! Streaming commands (`listen`, `monitor`) do not exist over REST.

use std::fmt;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Map, Value};

use crate::client::Output;
use crate::proto::{Command, Query, Row};
use crate::Error;

#[derive(Clone, PartialEq, Eq)]
pub struct RestConfig {
    /// `https://192.0.2.1` or `http://127.0.0.1:8080` (plain `www` since RouterOS 7.9).
    pub base_url: String,
    pub username: String,
    pub password: String,
    /// Accept a self-signed certificate (the usual `www-ssl` setup).
    pub accept_invalid_certs: bool,
    pub timeout: Duration,
}

impl RestConfig {
    pub fn new(
        base_url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        RestConfig {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            username: username.into(),
            password: password.into(),
            accept_invalid_certs: false,
            // RouterOS itself gives up on a REST request after 60 s.
            timeout: Duration::from_secs(60),
        }
    }
}

impl fmt::Debug for RestConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RestConfig")
            .field("base_url", &self.base_url)
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct RestClient {
    http: reqwest::Client,
    config: RestConfig,
}

impl RestClient {
    pub fn new(config: RestConfig) -> Result<RestClient, Error> {
        let http = reqwest::Client::builder()
            .danger_accept_invalid_certs(config.accept_invalid_certs)
            .timeout(config.timeout)
            .build()
            .map_err(|e| Error::Tls(e.to_string()))?;
        Ok(RestClient { http, config })
    }

    pub async fn execute(&self, command: Command) -> Result<Output, Error> {
        let menu = command.menu().to_owned();
        let attributes = command.attributes.clone();
        match command.verb() {
            "listen" | "monitor" | "monitor-traffic" => Err(Error::InvalidCommand(format!(
                "{} streams and is not available over REST",
                command.path
            ))),
            "print" if command.queries.is_empty() && attributes.is_empty() => {
                self.call(Method::GET, &menu, None, command.timeout).await
            }
            "print" => {
                let mut body = object(&attributes);
                if let Some(proplist) = attributes.get(".proplist") {
                    let names = proplist.split(',').map(|n| Value::from(n.trim())).collect();
                    body.insert(".proplist".into(), Value::Array(names));
                }
                if !command.queries.is_empty() {
                    let words = command.queries.iter().map(query_word).collect();
                    body.insert(".query".into(), Value::Array(words));
                }
                self.call(Method::POST, &command.path, Some(body), command.timeout)
                    .await
            }
            "add" => {
                let created = self
                    .call(
                        Method::PUT,
                        &menu,
                        Some(object(&attributes)),
                        command.timeout,
                    )
                    .await?;
                let id = created.rows.first().and_then(|row| row.get(".id"));
                let done = id.map(|id| Row::new().with("ret", id)).unwrap_or_default();
                Ok(Output {
                    rows: Vec::new(),
                    done,
                })
            }
            "set" => {
                let id = required_id(&command)?;
                let mut body = object(&attributes);
                body.remove(".id");
                self.call(
                    Method::PATCH,
                    &format!("{menu}/{id}"),
                    Some(body),
                    command.timeout,
                )
                .await?;
                Ok(Output::default())
            }
            "remove" => {
                for id in required_id(&command)?.split(',') {
                    self.call(
                        Method::DELETE,
                        &format!("{menu}/{id}"),
                        None,
                        command.timeout,
                    )
                    .await?;
                }
                Ok(Output::default())
            }
            _ => {
                // Console commands name the item `numbers`, as `disable numbers=*3` does.
                let mut body = object(&attributes);
                if let Some(id) = body.remove(".id") {
                    body.insert("numbers".into(), id);
                }
                self.call(Method::POST, &command.path, Some(body), command.timeout)
                    .await
            }
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Map<String, Value>>,
        timeout: Option<Duration>,
    ) -> Result<Output, Error> {
        let url = format!("{}/rest{}", self.config.base_url, path);
        let mut request = self
            .http
            .request(method, &url)
            .basic_auth(&self.config.username, Some(&self.config.password));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let timeout = timeout.unwrap_or(self.config.timeout);
        request = request.timeout(timeout);
        let failed = |error| transport_error(&url, timeout, error);
        let response = request.send().await.map_err(failed)?;
        let status = response.status();
        let text = response.text().await.map_err(failed)?;
        if !status.is_success() {
            return Err(rest_error(status, &text));
        }
        parse_output(&text)
    }
}

fn required_id(command: &Command) -> Result<&str, Error> {
    command
        .attributes
        .get(".id")
        .ok_or_else(|| Error::InvalidCommand(format!("{} needs =.id=", command.path)))
}

fn object(row: &Row) -> Map<String, Value> {
    row.iter()
        .filter(|(name, _)| *name != ".proplist")
        .map(|(name, value)| (name.to_owned(), Value::from(value)))
        .collect()
}

/// The `.query` list takes the query words without their leading `?`.
fn query_word(query: &Query) -> Value {
    Value::from(query.to_string().trim_start_matches('?'))
}

fn transport_error(url: &str, timeout: Duration, error: reqwest::Error) -> Error {
    if error.is_timeout() {
        return Error::Timeout(timeout);
    }
    if error.is_connect() {
        return Error::Connect {
            address: url.to_owned(),
            message: error.to_string(),
        };
    }
    Error::ConnectionLost(error.to_string())
}

/// RouterOS answers errors as `{"error":400,"message":"Bad Request","detail":"failure: …"}`.
fn rest_error(status: StatusCode, body: &str) -> Error {
    let json: Option<Value> = serde_json::from_str(body).ok();
    let field = |name: &str| {
        json.as_ref()
            .and_then(|v| v.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let message = field("detail")
        .or_else(|| field("message"))
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
    match status {
        StatusCode::UNAUTHORIZED => Error::LoginRefused(message),
        StatusCode::NOT_FOUND => Error::Trap {
            category: Some(0),
            message: field("detail").unwrap_or_else(|| "no such item".into()),
        },
        StatusCode::BAD_REQUEST | StatusCode::NOT_ACCEPTABLE => Error::Trap {
            category: None,
            message,
        },
        _ => Error::Http {
            status: status.as_u16(),
            message,
        },
    }
}

/// Replies are a list of items, one item, or (for commands) an object such as `{"ret":"*5"}`.
fn parse_output(body: &str) -> Result<Output, Error> {
    if body.trim().is_empty() {
        return Ok(Output::default());
    }
    let value: Value =
        serde_json::from_str(body).map_err(|e| Error::Protocol(format!("REST reply: {e}")))?;
    let row = |value: &Value| -> Result<Row, Error> {
        let Value::Object(map) = value else {
            return Err(Error::Protocol(format!(
                "REST item is not an object: {value}"
            )));
        };
        Ok(map
            .iter()
            .map(|(name, value)| {
                let text = match value {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                (name.clone(), text)
            })
            .collect())
    };
    match &value {
        Value::Array(items) => Ok(Output {
            rows: items.iter().map(row).collect::<Result<_, _>>()?,
            done: Row::new(),
        }),
        Value::Object(map) if map.contains_key(".id") => Ok(Output {
            rows: vec![row(&value)?],
            done: Row::new(),
        }),
        Value::Object(_) => Ok(Output {
            rows: Vec::new(),
            done: row(&value)?,
        }),
        other => Err(Error::Protocol(format!("unexpected REST reply: {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lists_items_and_command_answers() {
        let list = parse_output(r#"[{".id":"*1","name":"a"},{".id":"*2","name":"b"}]"#).unwrap();
        assert_eq!(list.rows.len(), 2);
        assert_eq!(list.rows[1].get("name"), Some("b"));
        let item = parse_output(r#"{".id":"*3","name":"c"}"#).unwrap();
        assert_eq!(item.rows[0].get(".id"), Some("*3"));
        let answer = parse_output(r#"{"ret":"4"}"#).unwrap();
        assert_eq!(answer.ret(), Some("4"));
        assert_eq!(parse_output("").unwrap(), Output::default());
        assert!(parse_output("<html>").is_err());
    }

    #[test]
    fn maps_router_errors_to_traps_with_their_detail() {
        let error = rest_error(
            StatusCode::BAD_REQUEST,
            r#"{"error":400,"message":"Bad Request","detail":"failure: secret with the same name already exists"}"#,
        );
        assert_eq!(
            error.to_string(),
            "failure: secret with the same name already exists"
        );
        assert!(matches!(
            rest_error(
                StatusCode::UNAUTHORIZED,
                r#"{"error":401,"message":"Unauthorized"}"#
            ),
            Error::LoginRefused(_)
        ));
        assert!(matches!(
            rest_error(
                StatusCode::NOT_FOUND,
                r#"{"error":404,"message":"Not Found"}"#
            ),
            Error::Trap {
                category: Some(0),
                ..
            }
        ));
    }

    #[test]
    fn query_words_lose_their_question_mark() {
        assert_eq!(
            query_word(&Query::Equals("disabled".into(), "false".into())),
            Value::from("disabled=false")
        );
        assert_eq!(
            query_word(&Query::Operations("|".into())),
            Value::from("#|")
        );
    }
}
