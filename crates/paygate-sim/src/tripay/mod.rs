//! Tripay closed payments: a transaction, its `transaction/create` / `transaction/detail`
//! shape, and the signed callback (`X-Callback-Signature` = HMAC-SHA256 of the raw body
//! bytes, which are exactly the bytes sent).

pub(crate) mod api;
pub(crate) mod channels;
pub(crate) mod control;
pub(crate) mod page;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::deliver::{self, Gateway, Outgoing};
use crate::sign;
use crate::store::Sim;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Unpaid,
    Paid,
    Expired,
    Failed,
    Refund,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unpaid => "UNPAID",
            Status::Paid => "PAID",
            Status::Expired => "EXPIRED",
            Status::Failed => "FAILED",
            Status::Refund => "REFUND",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    pub sku: Option<String>,
    pub name: String,
    pub price: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TripayTx {
    pub reference: String,
    pub merchant_ref: String,
    /// Channel code (`BRIVA`, `QRIS`, …).
    pub method: String,
    pub payment_name: String,
    /// The order amount the merchant asked for.
    pub amount: i64,
    pub fee_merchant: i64,
    pub fee_customer: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub customer_phone: String,
    pub order_items: Vec<OrderItem>,
    pub callback_url: Option<String>,
    pub return_url: Option<String>,
    /// Unix seconds.
    pub expired_time: i64,
    pub created_at: i64,
    pub status: Status,
    pub paid_at: Option<i64>,
    pub pay_code: Option<String>,
    pub qr_string: Option<String>,
}

impl TripayTx {
    /// What the customer pays: the order plus the customer's fee.
    pub fn total_amount(&self) -> i64 {
        self.amount + self.fee_customer
    }

    /// The `data` of `transaction/create` and `transaction/detail`.
    pub fn data_json(&self, public_url: &str) -> Value {
        let channel = channels::find(&self.method);
        let items: Vec<Value> = self
            .order_items
            .iter()
            .map(|item| {
                json!({
                    "sku": item.sku,
                    "name": item.name,
                    "price": item.price,
                    "quantity": item.quantity,
                    "subtotal": item.price * item.quantity,
                    "product_url": null,
                    "image_url": null,
                })
            })
            .collect();
        let mut data = json!({
            "reference": self.reference,
            "merchant_ref": self.merchant_ref,
            "payment_selection_type": "static",
            "payment_method": self.method,
            "payment_name": self.payment_name,
            "customer_name": self.customer_name,
            "customer_email": self.customer_email,
            "customer_phone": self.customer_phone,
            "callback_url": self.callback_url,
            "return_url": self.return_url,
            "amount": self.total_amount(),
            "fee_merchant": self.fee_merchant,
            "fee_customer": self.fee_customer,
            "total_fee": self.fee_merchant + self.fee_customer,
            "amount_received": self.amount - self.fee_merchant,
            "pay_code": self.pay_code,
            "pay_url": null,
            "checkout_url": format!("{public_url}/tripay/checkout/{}", self.reference),
            "status": self.status.as_str(),
            "paid_at": self.paid_at,
            "expired_time": self.expired_time,
            "order_items": items,
            "instructions": channel.map_or(json!([]), |c| c.instructions(self.pay_code.as_deref())),
        });
        if let Some(qr) = &self.qr_string {
            data["qr_string"] = Value::from(qr.as_str());
            data["qr_url"] = Value::from(format!("{public_url}/tripay/qr/{}", self.reference));
        }
        data
    }

    /// The callback for the current status, if there is a URL to send it to.
    /// `total_amount` overrides the reported amount (mismatch tests).
    pub(crate) fn callback(&self, sim: &Sim, total_amount: Option<i64>) -> Option<Outgoing> {
        let url = self
            .callback_url
            .clone()
            .or_else(|| sim.config.tripay_callback_url.clone())?;
        let body = json!({
            "reference": self.reference,
            "merchant_ref": self.merchant_ref,
            "payment_method": self.payment_name,
            "payment_method_code": self.method,
            "total_amount": total_amount.unwrap_or(self.total_amount()),
            "fee_merchant": self.fee_merchant,
            "fee_customer": self.fee_customer,
            "total_fee": self.fee_merchant + self.fee_customer,
            "amount_received": self.amount - self.fee_merchant,
            "is_closed_payment": 1,
            "status": self.status.as_str(),
            "paid_at": self.paid_at,
            "note": null,
        });
        let body = serde_json::to_vec(&body).expect("JSON values serialise");
        let signature = sign::tripay_hmac(&sim.config.tripay_private_key, &body);
        Some(Outgoing {
            gateway: Gateway::Tripay,
            url,
            order: self.merchant_ref.clone(),
            status: self.status.as_str().to_owned(),
            body,
            headers: vec![
                ("X-Callback-Event", "payment_status".into()),
                ("X-Callback-Signature", signature),
            ],
        })
    }
}

/// Background tick: UNPAID past `expired_time` becomes EXPIRED, with a callback.
pub(crate) fn expire_due(sim: &Arc<Sim>, now_unix: i64) {
    let mut changed = false;
    let mut batch = Vec::new();
    {
        let mut store = sim.store();
        let due = store
            .tx
            .tripay
            .values_mut()
            .filter(|tx| tx.status == Status::Unpaid && tx.expired_time <= now_unix);
        for tx in due {
            tx.status = Status::Expired;
            changed = true;
            batch.extend(tx.callback(sim, None));
        }
    }
    if changed {
        sim.changed();
    }
    deliver::dispatch(sim, batch);
}
