//! Midtrans: Snap checkout (redirect), the Core API status call, and HTTP notifications.
//!
//! Snap `POST {snap}/transactions` and Core `GET {api}/v2/{order_id}/status` both use HTTP
//! Basic auth with the server key as the user and an empty password. A notification is
//! trusted only when its `signature_key` matches
//! `hex(SHA512(order_id + status_code + gross_amount + server_key))`, computed over the
//! strings exactly as they arrived (re-formatting `gross_amount` would break it).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha512};

use crate::{constant_time_eq, parse_rupiah, Error, Result};

/// `hex(SHA512(order_id + status_code + gross_amount + server_key))`.
pub fn signature(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &str,
) -> String {
    let mut hasher = Sha512::new();
    for part in [order_id, status_code, gross_amount, server_key] {
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Where and as whom to call Midtrans.
#[derive(Clone)]
pub struct Config {
    pub server_key: String,
    /// Snap base, e.g. `https://app.sandbox.midtrans.com/snap/v1` (a bare host also works).
    pub snap_url: String,
    /// Core API base, e.g. `https://api.sandbox.midtrans.com/v2` (a bare host also works).
    pub api_url: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("server_key", &"[redacted]")
            .field("snap_url", &self.snap_url)
            .field("api_url", &self.api_url)
            .finish()
    }
}

pub const SANDBOX_SNAP_URL: &str = "https://app.sandbox.midtrans.com/snap/v1";
pub const SANDBOX_API_URL: &str = "https://api.sandbox.midtrans.com/v2";

/// One line of the order as Midtrans shows it to the customer.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub price: i64,
    pub quantity: i64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Customer {
    pub first_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A Snap checkout for one order id. Midtrans refuses an order id it has seen before, so a
/// retried payment needs a new one.
#[derive(Clone, Debug)]
pub struct SnapRequest {
    pub order_id: String,
    pub gross_amount: i64,
    pub items: Vec<Item>,
    pub customer: Customer,
    /// Where Snap sends the browser after payment.
    pub finish_url: Option<String>,
    /// How long the customer has to pay, in minutes.
    pub expiry_minutes: u32,
    /// Sent as `X-Override-Notification`, so each installation receives its own
    /// notifications even when several share one Midtrans account.
    pub notification_url: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct SnapToken {
    pub token: String,
    pub redirect_url: String,
}

/// What a notification or a status answer means for the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Waiting for the customer (a VA number or QR code was issued).
    Pending,
    /// Money received: `settlement`, or `capture` accepted by fraud detection.
    Paid,
    /// `capture` flagged `challenge`: the merchant must decide; never credit on its own.
    Challenge,
    /// Card pre-authorisation: no money yet.
    Authorized,
    /// `deny`, `cancel`, `expire`, `failure`: closed without money.
    Closed,
    /// Money given back; `partial` when only part of it.
    Refunded { partial: bool },
    /// The cardholder's bank took the money back.
    Chargeback { partial: bool },
    /// A status this client does not know; treat as no change.
    Unknown,
}

/// A notification as Midtrans posts it, or the answer of the status call (same fields).
/// Fields keep the exact text received, because the signature covers that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub order_id: String,
    pub status_code: String,
    pub gross_amount: String,
    pub signature_key: String,
    pub transaction_status: String,
    pub transaction_id: Option<String>,
    pub payment_type: Option<String>,
    pub fraud_status: Option<String>,
    pub transaction_time: Option<String>,
    pub settlement_time: Option<String>,
    /// Refunded so far, in rupiah (refund and chargeback reports).
    pub refunded_total: Option<i64>,
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Notification {
    /// Reads a notification body. Refuses one that lacks a field the signature needs.
    pub fn parse(body: &[u8]) -> std::result::Result<Self, String> {
        let value: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
        Self::from_value(&value)
    }

    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        if !value.is_object() {
            return Err("not a JSON object".into());
        }
        let required = |name: &str| {
            value
                .get(name)
                .and_then(text_of)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| format!("missing {name}"))
        };
        let optional = |name: &str| value.get(name).and_then(text_of);
        // What has been refunded so far: the sum of the listed refunds when Midtrans lists
        // them, else its `refund_amount`. A running total makes every report idempotent.
        let listed: Option<Vec<i64>> = value.get("refunds").and_then(Value::as_array).map(|list| {
            list.iter()
                .filter_map(|r| r.get("refund_amount").and_then(text_of))
                .filter_map(|t| parse_rupiah(&t))
                .collect()
        });
        let refunded_total = match listed {
            Some(amounts) if !amounts.is_empty() => Some(amounts.iter().sum()),
            _ => optional("refund_amount").and_then(|t| parse_rupiah(&t)),
        };
        Ok(Notification {
            order_id: required("order_id")?,
            status_code: required("status_code")?,
            gross_amount: required("gross_amount")?,
            signature_key: required("signature_key")?,
            transaction_status: required("transaction_status")?,
            transaction_id: optional("transaction_id"),
            payment_type: optional("payment_type"),
            fraud_status: optional("fraud_status"),
            transaction_time: optional("transaction_time"),
            settlement_time: optional("settlement_time"),
            refunded_total,
        })
    }

    /// Whether `signature_key` is the documented SHA-512 over the fields as received.
    pub fn signature_valid(&self, server_key: &str) -> bool {
        let expected = signature(
            &self.order_id,
            &self.status_code,
            &self.gross_amount,
            server_key,
        );
        constant_time_eq(
            expected.as_bytes(),
            self.signature_key.to_ascii_lowercase().as_bytes(),
        )
    }

    /// The amount in whole rupiah, when it is one.
    pub fn amount(&self) -> Option<i64> {
        parse_rupiah(&self.gross_amount)
    }

    /// Midtrans's documented status mapping.
    pub fn outcome(&self) -> Outcome {
        match self.transaction_status.as_str() {
            "settlement" => Outcome::Paid,
            // Paid only when fraud detection accepted it; anything else waits for a decision.
            "capture" => match self.fraud_status.as_deref() {
                Some("accept") => Outcome::Paid,
                _ => Outcome::Challenge,
            },
            "pending" => Outcome::Pending,
            "authorize" => Outcome::Authorized,
            "deny" | "cancel" | "expire" | "failure" => Outcome::Closed,
            "refund" => Outcome::Refunded { partial: false },
            "partial_refund" => Outcome::Refunded { partial: true },
            "chargeback" => Outcome::Chargeback { partial: false },
            "partial_chargeback" => Outcome::Chargeback { partial: true },
            _ => Outcome::Unknown,
        }
    }
}

/// A Midtrans client. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    config: Config,
}

fn base(url: &str, suffix: &str) -> String {
    let url = url.trim_end_matches('/');
    if url.ends_with(suffix) {
        url.to_owned()
    } else {
        format!("{url}{suffix}")
    }
}

fn error_message(body: &Value) -> String {
    if let Some(list) = body.get("error_messages").and_then(Value::as_array) {
        let texts: Vec<_> = list.iter().filter_map(Value::as_str).collect();
        if !texts.is_empty() {
            return texts.join("; ");
        }
    }
    body.get("status_message")
        .and_then(Value::as_str)
        .unwrap_or("no message")
        .to_owned()
}

impl Client {
    /// `timeout` bounds every call; Midtrans answers in well under a few seconds.
    pub fn new(config: Config, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .unwrap_or_default();
        Client { http, config }
    }

    pub fn server_key(&self) -> &str {
        &self.config.server_key
    }

    /// Creates a Snap checkout and returns where to send the customer.
    pub async fn create_snap(&self, request: &SnapRequest) -> Result<SnapToken> {
        let mut body = serde_json::json!({
            "transaction_details": {
                "order_id": request.order_id,
                "gross_amount": request.gross_amount,
            },
            "item_details": request.items,
            "customer_details": request.customer,
            "expiry": { "unit": "minute", "duration": request.expiry_minutes },
        });
        if let Some(finish) = &request.finish_url {
            body["callbacks"] = serde_json::json!({ "finish": finish });
        }
        let url = format!("{}/transactions", base(&self.config.snap_url, "/snap/v1"));
        let mut call = self
            .http
            .post(url)
            .basic_auth(&self.config.server_key, Some(""))
            .header("Accept", "application/json")
            .json(&body);
        if let Some(notify) = &request.notification_url {
            call = call.header("X-Override-Notification", notify);
        }
        let response = call.send().await?;
        let status = response.status();
        let text = response.text().await?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|_| Error::Malformed(format!("snap answered {status}: {text:.200}")))?;
        if !status.is_success() {
            return Err(Error::Rejected {
                status: status.as_u16(),
                message: error_message(&value),
            });
        }
        serde_json::from_value(value).map_err(|e| Error::Malformed(e.to_string()))
    }

    /// Asks Core for an order's status. `None` when Midtrans does not know the order (a
    /// Snap page the customer never used).
    pub async fn status(&self, order_id: &str) -> Result<Option<Notification>> {
        let url = format!(
            "{}/{}/status",
            base(&self.config.api_url, "/v2"),
            urlencode(order_id)
        );
        let response = self
            .http
            .get(url)
            .basic_auth(&self.config.server_key, Some(""))
            .header("Accept", "application/json")
            .send()
            .await?;
        let status = response.status();
        let text = response.text().await?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|_| Error::Malformed(format!("status answered {status}: {text:.200}")))?;
        // Midtrans reports a missing order either as HTTP 404 or as 200 with status_code 404.
        let code = value.get("status_code").and_then(text_of);
        if status.as_u16() == 404 || code.as_deref() == Some("404") {
            return Ok(None);
        }
        if !status.is_success() || value.get("transaction_status").is_none() {
            return Err(Error::Rejected {
                status: status.as_u16(),
                message: error_message(&value),
            });
        }
        Notification::from_value(&value)
            .map(Some)
            .map_err(Error::Malformed)
    }
}

/// Percent-encodes a path segment (order ids are `[A-Za-z0-9-_.~]` in practice).
fn urlencode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(status: &str, code: &str, amount: &str, key: &str) -> Vec<u8> {
        let sig = signature("SPL-1-abc", code, amount, key);
        serde_json::json!({
            "transaction_status": status, "status_code": code, "gross_amount": amount,
            "order_id": "SPL-1-abc", "signature_key": sig, "fraud_status": "accept",
            "transaction_id": "9aed5972-5b6a-401e-894b-a32c91ed1a3a", "payment_type": "qris",
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn signature_is_sha512_of_the_fields_as_received() {
        // Worked by hand: SHA-512 of the concatenation "SPL-1-abc" "200" "150000.00" "key".
        let mut h = Sha512::new();
        h.update(b"SPL-1-abc200150000.00key");
        assert_eq!(
            signature("SPL-1-abc", "200", "150000.00", "key"),
            hex::encode(h.finalize())
        );
        // "150000" and "150000.00" are different texts and so different signatures.
        assert_ne!(
            signature("SPL-1-abc", "200", "150000", "key"),
            signature("SPL-1-abc", "200", "150000.00", "key")
        );
    }

    #[test]
    fn verifies_and_classifies_notifications() {
        let n = Notification::parse(&sample("settlement", "200", "150000.00", "k")).unwrap();
        assert!(n.signature_valid("k"));
        assert!(!n.signature_valid("other"));
        assert_eq!(n.outcome(), Outcome::Paid);
        assert_eq!(n.amount(), Some(150_000));
        let pending = Notification::parse(&sample("pending", "201", "150000.00", "k")).unwrap();
        assert_eq!(pending.outcome(), Outcome::Pending);
        let mut challenged = n.clone();
        challenged.transaction_status = "capture".into();
        challenged.fraud_status = Some("challenge".into());
        assert_eq!(challenged.outcome(), Outcome::Challenge);
        challenged.fraud_status = Some("accept".into());
        assert_eq!(challenged.outcome(), Outcome::Paid);
        for closed in ["deny", "cancel", "expire", "failure"] {
            let mut c = n.clone();
            c.transaction_status = closed.into();
            assert_eq!(c.outcome(), Outcome::Closed, "{closed}");
        }
        let mut refund = n.clone();
        refund.transaction_status = "partial_refund".into();
        assert_eq!(refund.outcome(), Outcome::Refunded { partial: true });
    }

    #[test]
    fn a_tampered_amount_fails_the_signature() {
        let body = String::from_utf8(sample("settlement", "200", "150000.00", "k")).unwrap();
        let forged = body.replace("150000.00", "1500.00");
        let n = Notification::parse(forged.as_bytes()).unwrap();
        assert!(!n.signature_valid("k"));
    }

    #[test]
    fn refuses_malformed_bodies() {
        for bad in [&b"not json"[..], b"[]", b"{}", br#"{"order_id":"x"}"#] {
            assert!(Notification::parse(bad).is_err());
        }
    }

    #[test]
    fn sums_the_listed_refunds() {
        let body = serde_json::json!({
            "transaction_status": "partial_refund", "status_code": "200",
            "gross_amount": "150000.00", "order_id": "o", "signature_key": "s",
            "refunds": [{"refund_amount": "10000.00"}, {"refund_amount": "20000.00"}],
        });
        let n = Notification::parse(body.to_string().as_bytes()).unwrap();
        assert_eq!(n.refunded_total, Some(30_000));
        let single = serde_json::json!({
            "transaction_status": "refund", "status_code": "200", "gross_amount": "150000.00",
            "order_id": "o", "signature_key": "s", "refund_amount": "150000.00",
        });
        let n = Notification::parse(single.to_string().as_bytes()).unwrap();
        assert_eq!(n.refunded_total, Some(150_000));
    }

    #[test]
    fn bases_accept_hosts_and_full_prefixes() {
        assert_eq!(base("http://h:1", "/v2"), "http://h:1/v2");
        assert_eq!(base("http://h:1/v2/", "/v2"), "http://h:1/v2");
        assert_eq!(base(SANDBOX_SNAP_URL, "/snap/v1"), SANDBOX_SNAP_URL);
        assert_eq!(urlencode("SPL-1 a/b"), "SPL-1%20a%2Fb");
    }
}
