//! The gateways messages leave through: Fonnte's API, one URL template for other WhatsApp
//! gateways (Wablas, self-hosted), and SMTP. Each send either returns the gateway's reference
//! or an error text for the delivery log; the worker decides about retries.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::Value;

/// How WhatsApp messages are sent.
#[derive(Clone)]
pub enum WhatsApp {
    Fonnte {
        url: String,
        token: String,
    },
    /// `[number]` and `[text]` are replaced in the URL (URL-encoded) and in the body
    /// (JSON-escaped when the body is JSON, form-encoded otherwise).
    Template {
        method: String,
        url: String,
        body: String,
        token: Option<String>,
    },
}

#[derive(Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    /// none, starttls, tls
    pub security: String,
    pub username: String,
    pub password: String,
    pub from: String,
}

const TIMEOUT: Duration = Duration::from_secs(20);

/// `+62812…` → `62812…`: what Indonesian gateways expect.
pub fn gateway_number(phone: &str) -> String {
    phone.trim().trim_start_matches('+').to_owned()
}

fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn json_escaped(text: &str) -> String {
    let quoted = Value::from(text).to_string();
    quoted[1..quoted.len() - 1].to_owned()
}

pub async fn send_whatsapp(
    http: &reqwest::Client,
    gateway: &WhatsApp,
    phone: &str,
    text: &str,
) -> Result<String, String> {
    let number = gateway_number(phone);
    match gateway {
        WhatsApp::Fonnte { url, token } => {
            let response = http
                .post(url)
                .timeout(TIMEOUT)
                .header("Authorization", token)
                .form(&[
                    ("target", number.as_str()),
                    ("message", text),
                    ("countryCode", "62"),
                ])
                .send()
                .await
                .map_err(|e| format!("Fonnte unreachable: {e}"))?;
            let status = response.status();
            let body: Value = response
                .json()
                .await
                .map_err(|e| format!("Fonnte answered {status} without JSON: {e}"))?;
            if body.get("status").and_then(Value::as_bool) == Some(true) {
                let id = body
                    .get("id")
                    .and_then(|ids| ids.get(0).cloned().or_else(|| Some(ids.clone())))
                    .map(|id| {
                        id.as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| id.to_string())
                    })
                    .unwrap_or_default();
                Ok(id)
            } else {
                let reason = body
                    .get("reason")
                    .and_then(Value::as_str)
                    .unwrap_or("refused without a reason");
                Err(format!("Fonnte: {reason}"))
            }
        }
        WhatsApp::Template {
            method,
            url,
            body,
            token,
        } => {
            let url = url
                .replace("[number]", &encode_component(&number))
                .replace("[text]", &encode_component(text));
            let mut request = if method == "POST" {
                let json = body.trim_start().starts_with('{');
                let filled = if json {
                    body.replace("[number]", &json_escaped(&number))
                        .replace("[text]", &json_escaped(text))
                } else {
                    body.replace("[number]", &encode_component(&number))
                        .replace("[text]", &encode_component(text))
                };
                let content_type = if json {
                    "application/json"
                } else {
                    "application/x-www-form-urlencoded"
                };
                http.post(&url)
                    .header("Content-Type", content_type)
                    .body(filled)
            } else {
                http.get(&url)
            };
            if let Some(token) = token {
                request = request.header("Authorization", token);
            }
            let response = request
                .timeout(TIMEOUT)
                .send()
                .await
                .map_err(|e| format!("gateway unreachable: {e}"))?;
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            if !status.is_success() {
                return Err(format!("gateway answered {status}: {}", clip(&text, 200)));
            }
            // Most gateways say {"status": true|false}; one that says false refused it.
            let parsed: Option<Value> = serde_json::from_str(&text).ok();
            if parsed
                .as_ref()
                .and_then(|v| v.get("status"))
                .and_then(Value::as_bool)
                == Some(false)
            {
                return Err(format!("gateway refused: {}", clip(&text, 200)));
            }
            let id = parsed
                .as_ref()
                .and_then(|v| v.get("id"))
                .map(|id| {
                    id.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| id.to_string())
                })
                .unwrap_or_default();
            Ok(id)
        }
    }
}

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

pub async fn send_email(
    smtp: &Smtp,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<String, String> {
    let message = Message::builder()
        .from(
            smtp.from
                .parse()
                .map_err(|e| format!("sender address: {e}"))?,
        )
        .to(to.parse().map_err(|e| format!("recipient address: {e}"))?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| format!("message: {e}"))?;
    let builder = match smtp.security.as_str() {
        "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host),
        "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host),
        _ => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            &smtp.host,
        )),
    }
    .map_err(|e| format!("SMTP: {e}"))?;
    let mut builder = builder.port(smtp.port).timeout(Some(TIMEOUT));
    if !smtp.username.is_empty() {
        builder = builder.credentials(Credentials::new(
            smtp.username.clone(),
            smtp.password.clone(),
        ));
    }
    let response = builder
        .build()
        .send(message)
        .await
        .map_err(|e| format!("SMTP: {e}"))?;
    Ok(clip(&response.message().collect::<Vec<_>>().join(" "), 200))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_texts_are_encoded_for_their_place() {
        assert_eq!(gateway_number("+6281234567890"), "6281234567890");
        assert_eq!(
            encode_component("Halo Budi & co/ya"),
            "Halo%20Budi%20%26%20co%2Fya"
        );
        assert_eq!(json_escaped("a \"b\"\nc"), "a \\\"b\\\"\\nc");
    }
}
