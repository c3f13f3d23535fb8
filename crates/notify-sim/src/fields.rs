//! A gateway request's fields, whichever way the client sent them: query string,
//! `application/x-www-form-urlencoded`, `multipart/form-data` (what PHP's curl sends when
//! given an array) or JSON. Real clients of these gateways use all of them, so each handler
//! reads one flat name → text map. Body fields override query fields of the same name.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use serde_json::Value;

#[derive(Debug, Default)]
pub(crate) struct Fields {
    values: HashMap<String, String>,
    /// File names of uploaded files (multipart parts with a filename).
    pub files: Vec<String>,
}

impl Fields {
    /// The field's text, trimmed; `None` if missing or blank.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The field as sent (not trimmed); `None` if missing or blank.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    fn insert(&mut self, name: String, value: String) {
        self.values.insert(name, value);
    }
}

/// Reads every field; `Err` says why the body could not be read.
pub(crate) async fn read(request: Request) -> Result<Fields, String> {
    let mut fields = Fields::default();
    if let Some(query) = request.uri().query() {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|_| "invalid query string".to_owned())?;
        for (name, value) in pairs {
            fields.insert(name, value);
        }
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|e| e.body_text())?;
        while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
            let name = field.name().unwrap_or("").to_owned();
            match field.file_name().map(str::to_owned) {
                Some(file_name) => {
                    field.bytes().await.map_err(|e| e.body_text())?;
                    if !file_name.is_empty() {
                        fields.files.push(file_name);
                    }
                }
                None => {
                    let value = field.text().await.map_err(|e| e.body_text())?;
                    fields.insert(name, value);
                }
            }
        }
        return Ok(fields);
    }
    let body = Bytes::from_request(request, &())
        .await
        .map_err(|e| e.body_text())?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(fields);
    }
    if content_type.contains("json") {
        let Value::Object(map) =
            serde_json::from_slice(&body).map_err(|_| "invalid JSON".to_owned())?
        else {
            return Err("the JSON body must be an object".into());
        };
        for (name, value) in map {
            let text = match value {
                Value::Null => continue,
                Value::String(text) => text,
                other => other.to_string(),
            };
            fields.insert(name, text);
        }
    } else {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&body).map_err(|_| "invalid form body".to_owned())?;
        for (name, value) in pairs {
            fields.insert(name, value);
        }
    }
    Ok(fields)
}
