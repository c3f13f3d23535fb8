//! Midtrans: a Snap transaction and its life on the Core API.
//!
//! A Snap create only makes a payment page; Core knows the order once the customer picks a
//! payment type (it is `pending` then), which is why `GET /v2/{order_id}/status` answers 404
//! before that, as the real one does. Status JSON and notifications share one shape
//! ([`MidtransTx::status_json`]), signed over the exact strings sent.

pub(crate) mod api;
pub(crate) mod control;
pub(crate) mod page;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::deliver::{self, Gateway, Outgoing};
use crate::sign;
use crate::store::Sim;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Settlement,
    Capture,
    Deny,
    Cancel,
    Expire,
    Refund,
    PartialRefund,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Settlement => "settlement",
            Status::Capture => "capture",
            Status::Deny => "deny",
            Status::Cancel => "cancel",
            Status::Expire => "expire",
            Status::Refund => "refund",
            Status::PartialRefund => "partial_refund",
        }
    }

    /// Midtrans' `status_code`: 201 waiting (pending, or a card capture held for review),
    /// 200 money moved, 202 closed without payment.
    pub fn status_code(self, fraud_status: &str) -> &'static str {
        match self {
            Status::Pending => "201",
            Status::Capture if fraud_status == "challenge" => "201",
            Status::Settlement | Status::Capture | Status::Refund | Status::PartialRefund => "200",
            Status::Deny | Status::Cancel | Status::Expire => "202",
        }
    }
}

pub const PAYMENT_TYPES: [&str; 3] = ["qris", "bank_transfer", "gopay"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    pub id: u64,
    pub amount: i64,
    pub key: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MidtransTx {
    pub order_id: String,
    pub gross_amount: i64,
    pub token: String,
    pub transaction_id: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub finish_url: Option<String>,
    /// From `X-Override-Notification`; else the configured URL.
    pub notification_url: Option<String>,
    pub customer: Value,
    pub items: Value,
    /// `None` while only the Snap page exists.
    pub status: Option<Status>,
    pub payment_type: Option<String>,
    pub fraud_status: String,
    pub transaction_time: Option<DateTime<Utc>>,
    pub settlement_time: Option<DateTime<Utc>>,
    pub va_number: Option<String>,
    pub refunds: Vec<Refund>,
    /// The Snap page expired before anything was paid (no webhook for that).
    pub page_expired: bool,
}

impl MidtransTx {
    /// Puts the order on Core as `pending` with this payment type, if it is not there yet.
    pub fn enter_core(&mut self, payment_type: &str, now: DateTime<Utc>) {
        if self.status.is_some() {
            return;
        }
        self.status = Some(Status::Pending);
        self.payment_type = Some(payment_type.to_owned());
        self.transaction_time = Some(now);
        if payment_type == "bank_transfer" {
            let digits: String = self
                .transaction_id
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            self.va_number = Some(format!("12345{:0<6}", &digits[..digits.len().min(6)]));
        }
    }

    pub fn set(&mut self, status: Status, now: DateTime<Utc>) {
        self.status = Some(status);
        if status == Status::Settlement && self.settlement_time.is_none() {
            self.settlement_time = Some(now);
        }
        if matches!(status, Status::Settlement | Status::Capture) {
            self.fraud_status = "accept".into();
        }
    }

    pub fn refunded(&self) -> i64 {
        self.refunds.iter().map(|r| r.amount).sum()
    }

    /// Paid and not yet fully refunded.
    pub fn is_paid(&self) -> bool {
        matches!(
            self.status,
            Some(Status::Settlement | Status::PartialRefund)
        ) || (self.status == Some(Status::Capture) && self.fraud_status == "accept")
    }

    /// The notification / status body for the current state. `gross_amount` overrides the
    /// reported amount (for mismatch tests); the signature is over what is reported.
    pub fn status_json(&self, server_key: &str, gross_amount: Option<&str>) -> Value {
        let status = self.status.unwrap_or(Status::Pending);
        let status_code = status.status_code(&self.fraud_status);
        let gross = gross_amount
            .map(str::to_owned)
            .unwrap_or_else(|| sign::midtrans_amount(self.gross_amount));
        let signature = sign::midtrans_signature(&self.order_id, status_code, &gross, server_key);
        let payment_type = self.payment_type.clone().unwrap_or_else(|| "qris".into());
        let mut body = json!({
            "transaction_time": sign::midtrans_time(self.transaction_time.unwrap_or(self.created_at)),
            "transaction_status": status.as_str(),
            "transaction_id": self.transaction_id,
            "status_message": "midtrans payment notification",
            "status_code": status_code,
            "signature_key": signature,
            "payment_type": payment_type,
            "order_id": self.order_id,
            "merchant_id": "G000000000",
            "gross_amount": gross,
            "fraud_status": self.fraud_status,
            "currency": "IDR",
            "expiry_time": sign::midtrans_time(self.expires_at),
        });
        if let Some(at) = self.settlement_time {
            body["settlement_time"] = Value::from(sign::midtrans_time(at));
        }
        if let Some(va) = &self.va_number {
            body["va_numbers"] = json!([{ "bank": "bca", "va_number": va }]);
        }
        if payment_type == "qris" {
            body["acquirer"] = Value::from("gopay");
        }
        if !self.refunds.is_empty() {
            body["refund_amount"] = Value::from(sign::midtrans_amount(self.refunded()));
            body["refunds"] = self
                .refunds
                .iter()
                .map(|r| {
                    json!({
                        "refund_chargeback_id": r.id,
                        "refund_amount": sign::midtrans_amount(r.amount),
                        "created_at": sign::midtrans_time(r.at),
                        "reason": "",
                        "refund_key": r.key,
                        "refund_method": "",
                    })
                })
                .collect();
        }
        body
    }

    /// The notification for the current state, if there is anywhere to send it.
    pub(crate) fn notification(&self, sim: &Sim, gross_amount: Option<&str>) -> Option<Outgoing> {
        let url = self
            .notification_url
            .clone()
            .or_else(|| sim.config.midtrans_notification_url.clone())?;
        let body = self.status_json(&sim.config.midtrans_server_key, gross_amount);
        Some(Outgoing {
            gateway: Gateway::Midtrans,
            url,
            order: self.order_id.clone(),
            status: self.status.map_or("pending", Status::as_str).to_owned(),
            body: serde_json::to_vec(&body).expect("JSON values serialise"),
            headers: Vec::new(),
        })
    }
}

/// Background tick: a pending payment past its expiry becomes `expire` (and is notified);
/// a Snap page nobody used just stops working, silently, as Midtrans does.
pub(crate) fn expire_due(sim: &Arc<Sim>, now: DateTime<Utc>) {
    let mut batch = Vec::new();
    let mut changed = false;
    {
        let mut store = sim.store();
        for tx in store.tx.midtrans.values_mut() {
            if tx.expires_at > now {
                continue;
            }
            match tx.status {
                None if !tx.page_expired => {
                    tx.page_expired = true;
                    changed = true;
                }
                Some(Status::Pending) => {
                    tx.set(Status::Expire, now);
                    batch.extend(tx.notification(sim, None));
                    changed = true;
                }
                _ => {}
            }
        }
    }
    if changed {
        sim.changed();
    }
    deliver::dispatch(sim, batch);
}
