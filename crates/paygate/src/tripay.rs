//! Tripay closed payments: the channel list, creating a transaction, its detail, and the
//! signed callback.
//!
//! Requests carry `Authorization: Bearer {api_key}`. A transaction is signed with
//! `hex(HMAC-SHA256(private_key, merchant_code + merchant_ref + amount))`; a callback with
//! `X-Callback-Signature = hex(HMAC-SHA256(private_key, raw body))`. The callback signature
//! must be computed over the raw bytes received: re-serialising the JSON changes key order
//! and spacing and breaks it.

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use sha2::Sha256;

use crate::{constant_time_eq, parse_rupiah, Error, Result};

type HmacSha256 = Hmac<Sha256>;

fn hmac_hex(key: &str, message: &[u8]) -> String {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = HmacSha256::new_from_slice(key.as_bytes()).expect("HMAC accepts any key");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// The signature of a new transaction.
pub fn transaction_signature(
    private_key: &str,
    merchant_code: &str,
    merchant_ref: &str,
    amount: i64,
) -> String {
    hmac_hex(
        private_key,
        format!("{merchant_code}{merchant_ref}{amount}").as_bytes(),
    )
}

/// The signature Tripay puts in `X-Callback-Signature` for a callback body.
pub fn callback_signature(private_key: &str, raw_body: &[u8]) -> String {
    hmac_hex(private_key, raw_body)
}

/// Whether a callback's `X-Callback-Signature` matches its raw body (constant time).
pub fn callback_signature_valid(private_key: &str, raw_body: &[u8], header: &str) -> bool {
    let expected = callback_signature(private_key, raw_body);
    constant_time_eq(
        expected.as_bytes(),
        header.trim().to_ascii_lowercase().as_bytes(),
    )
}

#[derive(Clone)]
pub struct Config {
    pub api_key: String,
    pub private_key: String,
    pub merchant_code: String,
    /// e.g. `https://tripay.co.id/api-sandbox` or `https://tripay.co.id/api`.
    pub base_url: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("api_key", &"[redacted]")
            .field("private_key", &"[redacted]")
            .field("merchant_code", &self.merchant_code)
            .field("base_url", &self.base_url)
            .finish()
    }
}

pub const SANDBOX_URL: &str = "https://tripay.co.id/api-sandbox";

/// Amounts arrive as JSON integers, sometimes as strings or floats with `.0`.
fn rupiah<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
    let value = Value::deserialize(d)?;
    amount_of(&value).ok_or_else(|| serde::de::Error::custom(format!("not an amount: {value}")))
}

fn rupiah_or_zero<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(amount_of(&value).unwrap_or(0))
}

fn optional_rupiah<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<i64>, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(amount_of(&value))
}

fn amount_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => parse_rupiah(s),
        _ => None,
    }
}

/// `{flat, percent}` as Tripay states a fee.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct Fee {
    #[serde(default, deserialize_with = "rupiah_or_zero")]
    pub flat: i64,
    #[serde(default)]
    pub percent: f64,
}

impl Fee {
    /// The fee on `amount`: flat plus the percentage, rounded up to the rupiah (Tripay
    /// never charges a fraction, and a low estimate would surprise the customer).
    pub fn on(&self, amount: i64) -> i64 {
        // A percent outside 0–100 is a gateway error; it must not overflow or go negative.
        let basis_points = (self.percent.clamp(0.0, 100.0) * 100.0).round() as i128;
        let percent_part = (i128::from(amount.max(0)) * basis_points + 9_999) / 10_000;
        let fee = i128::from(self.flat.max(0)) + percent_part;
        i64::try_from(fee).unwrap_or(i64::MAX)
    }
}

/// A payment channel (BRIVA, QRIS, …) and what it costs.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Channel {
    #[serde(default)]
    pub group: String,
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub fee_merchant: Fee,
    #[serde(default)]
    pub fee_customer: Fee,
    #[serde(default, deserialize_with = "optional_rupiah")]
    pub minimum_fee: Option<i64>,
    #[serde(default, deserialize_with = "optional_rupiah")]
    pub maximum_fee: Option<i64>,
    #[serde(default, deserialize_with = "optional_rupiah")]
    pub minimum_amount: Option<i64>,
    #[serde(default, deserialize_with = "optional_rupiah")]
    pub maximum_amount: Option<i64>,
    #[serde(default)]
    pub icon_url: Option<String>,
    #[serde(default)]
    pub active: bool,
}

impl Channel {
    /// What the customer pays on top of `amount` on this channel.
    pub fn customer_fee(&self, amount: i64) -> i64 {
        let fee = self.fee_customer.on(amount);
        if fee == 0 {
            return 0;
        }
        let fee = self.minimum_fee.map_or(fee, |min| fee.max(min));
        self.maximum_fee
            .filter(|max| *max > 0)
            .map_or(fee, |max| fee.min(max))
    }

    /// Whether the channel takes `amount` at all.
    pub fn accepts(&self, amount: i64) -> bool {
        self.active
            && self.minimum_amount.is_none_or(|min| amount >= min)
            && self
                .maximum_amount
                .filter(|max| *max > 0)
                .is_none_or(|max| amount <= max)
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct OrderItem {
    pub sku: String,
    pub name: String,
    pub price: i64,
    pub quantity: i64,
}

/// A closed-payment transaction to create.
#[derive(Clone, Debug)]
pub struct CreateRequest {
    pub method: String,
    pub merchant_ref: String,
    pub amount: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub customer_phone: String,
    pub items: Vec<OrderItem>,
    pub callback_url: Option<String>,
    pub return_url: Option<String>,
    /// Unix seconds.
    pub expired_time: i64,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Instruction {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub steps: Vec<String>,
}

/// Tripay's statuses for a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Unpaid,
    Paid,
    Expired,
    Failed,
    Refund,
    Unknown,
}

impl Status {
    pub fn parse(text: &str) -> Status {
        match text.to_ascii_uppercase().as_str() {
            "UNPAID" => Status::Unpaid,
            "PAID" => Status::Paid,
            "EXPIRED" => Status::Expired,
            "FAILED" => Status::Failed,
            "REFUND" => Status::Refund,
            _ => Status::Unknown,
        }
    }
}

/// A transaction as `transaction/create` and `transaction/detail` return it.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Transaction {
    pub reference: String,
    pub merchant_ref: String,
    #[serde(default)]
    pub payment_method: String,
    #[serde(default)]
    pub payment_name: String,
    /// What the customer pays (the order plus any customer fee).
    #[serde(deserialize_with = "rupiah")]
    pub amount: i64,
    #[serde(default, deserialize_with = "rupiah_or_zero")]
    pub fee_merchant: i64,
    #[serde(default, deserialize_with = "rupiah_or_zero")]
    pub fee_customer: i64,
    #[serde(default, deserialize_with = "rupiah_or_zero")]
    pub amount_received: i64,
    #[serde(default)]
    pub pay_code: Option<String>,
    #[serde(default)]
    pub checkout_url: Option<String>,
    pub status: String,
    #[serde(default)]
    pub expired_time: Option<i64>,
    #[serde(default)]
    pub paid_at: Option<i64>,
    #[serde(default)]
    pub instructions: Vec<Instruction>,
    #[serde(default)]
    pub qr_string: Option<String>,
}

impl Transaction {
    pub fn status(&self) -> Status {
        Status::parse(&self.status)
    }
}

/// A callback body (`X-Callback-Event: payment_status`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Callback {
    pub reference: String,
    pub merchant_ref: String,
    #[serde(default)]
    pub payment_method: Option<String>,
    #[serde(default)]
    pub payment_method_code: Option<String>,
    /// What the customer paid.
    #[serde(deserialize_with = "rupiah")]
    pub total_amount: i64,
    #[serde(default, deserialize_with = "rupiah_or_zero")]
    pub fee_merchant: i64,
    #[serde(default, deserialize_with = "rupiah_or_zero")]
    pub fee_customer: i64,
    #[serde(default, deserialize_with = "rupiah_or_zero")]
    pub amount_received: i64,
    pub status: String,
    #[serde(default)]
    pub paid_at: Option<i64>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Callback {
    pub fn parse(raw_body: &[u8]) -> std::result::Result<Self, String> {
        serde_json::from_slice(raw_body).map_err(|e| e.to_string())
    }

    pub fn status(&self) -> Status {
        Status::parse(&self.status)
    }
}

/// A Tripay client. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    config: Config,
}

impl Client {
    pub fn new(config: Config, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .unwrap_or_default();
        Client { http, config }
    }

    pub fn private_key(&self) -> &str {
        &self.config.private_key
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.config.base_url.trim_end_matches('/'))
    }

    /// Reads Tripay's `{success, message, data}` envelope. `Ok(None)` for "not found".
    async fn envelope(response: reqwest::Response) -> Result<Option<Value>> {
        let status = response.status();
        let text = response.text().await?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|_| Error::Malformed(format!("answered {status}: {text:.200}")))?;
        let message = value
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("no message")
            .to_owned();
        let success = value.get("success").and_then(Value::as_bool) == Some(true);
        // Only "this transaction does not exist" means None: a merchant or channel error
        // that merely mentions "not found" must not look like an unknown transaction.
        if status.as_u16() == 404
            || (!success && message.trim().eq_ignore_ascii_case("transaction not found"))
        {
            return Ok(None);
        }
        if !status.is_success() || !success {
            return Err(Error::Rejected {
                status: status.as_u16(),
                message,
            });
        }
        Ok(Some(value.get("data").cloned().unwrap_or(Value::Null)))
    }

    fn data<T: serde::de::DeserializeOwned>(data: Option<Value>) -> Result<T> {
        let data = data.ok_or_else(|| Error::Malformed("no data".into()))?;
        serde_json::from_value(data).map_err(|e| Error::Malformed(e.to_string()))
    }

    /// `GET merchant/payment-channel`: every channel, active or not.
    pub async fn channels(&self) -> Result<Vec<Channel>> {
        let response = self
            .http
            .get(self.url("merchant/payment-channel"))
            .bearer_auth(&self.config.api_key)
            .send()
            .await?;
        Self::data(Self::envelope(response).await?)
    }

    /// `POST transaction/create`.
    pub async fn create(&self, request: &CreateRequest) -> Result<Transaction> {
        let signature = transaction_signature(
            &self.config.private_key,
            &self.config.merchant_code,
            &request.merchant_ref,
            request.amount,
        );
        // Tripay answers 500 to some channels when the name passes 50 characters.
        let name: String = request.customer_name.chars().take(50).collect();
        let mut body = serde_json::json!({
            "method": request.method,
            "merchant_ref": request.merchant_ref,
            "amount": request.amount,
            "customer_name": name,
            "customer_email": request.customer_email,
            "customer_phone": request.customer_phone,
            "order_items": request.items,
            "expired_time": request.expired_time,
            "signature": signature,
        });
        if let Some(url) = &request.callback_url {
            body["callback_url"] = Value::from(url.as_str());
        }
        if let Some(url) = &request.return_url {
            body["return_url"] = Value::from(url.as_str());
        }
        let response = self
            .http
            .post(self.url("transaction/create"))
            .bearer_auth(&self.config.api_key)
            .json(&body)
            .send()
            .await?;
        Self::data(Self::envelope(response).await?)
    }

    /// `GET transaction/detail?reference=`; `None` when Tripay does not know it.
    pub async fn detail(&self, reference: &str) -> Result<Option<Transaction>> {
        let response = self
            .http
            .get(self.url("transaction/detail"))
            .query(&[("reference", reference)])
            .bearer_auth(&self.config.api_key)
            .send()
            .await?;
        match Self::envelope(response).await? {
            None => Ok(None),
            data => Self::data(data).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_signature_matches_tripays_published_example() {
        assert_eq!(
            transaction_signature(
                "ytf6ooi2gmlNPfpchd94jDOk8hRWOu",
                "T0001",
                "INV55567",
                1_500_000
            ),
            "9f167eba844d1fcb369404e2bda53702e2f78f7aa12e91da6715414e65b8c86a"
        );
    }

    #[test]
    fn callback_signature_covers_the_raw_bytes() {
        let body =
            br#"{"reference":"T1","merchant_ref":"SPL-1","total_amount":150000,"status":"PAID"}"#;
        let sig = callback_signature("pk", body);
        assert!(callback_signature_valid("pk", body, &sig));
        assert!(callback_signature_valid("pk", body, &sig.to_uppercase()));
        assert!(!callback_signature_valid("other", body, &sig));
        // The same JSON with different spacing is different bytes.
        let spaced =
            br#"{"reference": "T1","merchant_ref":"SPL-1","total_amount":150000,"status":"PAID"}"#;
        assert!(!callback_signature_valid("pk", spaced, &sig));
        assert!(!callback_signature_valid("pk", body, ""));
    }

    #[test]
    fn reads_callbacks_with_lenient_amounts() {
        let body = br#"{"reference":"T1","merchant_ref":"SPL-1","total_amount":"150000","fee_merchant":4250,"status":"PAID","paid_at":1733300000,"is_closed_payment":1}"#;
        let callback = Callback::parse(body).unwrap();
        assert_eq!(callback.total_amount, 150_000);
        assert_eq!(callback.fee_merchant, 4_250);
        assert_eq!(callback.status(), Status::Paid);
        assert!(Callback::parse(br#"{"reference":"T1"}"#).is_err());
        assert!(Callback::parse(
            br#"{"reference":"T1","merchant_ref":"x","total_amount":"1.5","status":"PAID"}"#
        )
        .is_err());
    }

    #[test]
    fn customer_fees_follow_flat_percent_and_bounds() {
        let fee = |flat, percent| Fee { flat, percent };
        assert_eq!(fee(750, 0.7).on(100_000), 1_450);
        assert_eq!(fee(0, 0.7).on(1), 1, "a fraction rounds up");
        let mut channel = Channel {
            group: "QRIS".into(),
            code: "QRIS".into(),
            name: "QRIS".into(),
            fee_merchant: Fee::default(),
            fee_customer: fee(0, 1.0),
            minimum_fee: Some(1_000),
            maximum_fee: Some(2_000),
            minimum_amount: Some(10_000),
            maximum_amount: Some(5_000_000),
            icon_url: None,
            active: true,
        };
        assert_eq!(channel.customer_fee(50_000), 1_000);
        assert_eq!(channel.customer_fee(150_000), 1_500);
        assert_eq!(channel.customer_fee(500_000), 2_000);
        assert!(channel.accepts(10_000));
        assert!(!channel.accepts(9_999));
        assert!(!channel.accepts(5_000_001));
        channel.active = false;
        assert!(!channel.accepts(50_000));
    }
}
