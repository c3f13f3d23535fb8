//! Payment attempt types shared by the server and the browser.

use crate::i18n::Msg;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttemptId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gateway {
    Midtrans,
    Tripay,
}

impl Gateway {
    pub fn as_str(self) -> &'static str {
        match self {
            Gateway::Midtrans => "midtrans",
            Gateway::Tripay => "tripay",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "midtrans" => Some(Gateway::Midtrans),
            "tripay" => Some(Gateway::Tripay),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gateway::Midtrans => "Midtrans",
            Gateway::Tripay => "Tripay",
        }
    }
}

/// Where an attempt stands. `Paid` and `Refunded` are final for crediting: nothing moves a
/// paid attempt back to unpaid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttemptStatus {
    /// Written before the gateway is called, so a timeout never loses track of an order.
    #[default]
    Creating,
    Pending,
    Paid,
    Expired,
    Failed,
    /// Reported paid with a different amount, or flagged by fraud detection: finance decides.
    Held,
    Refunded,
}

impl AttemptStatus {
    pub const ALL: [AttemptStatus; 7] = [
        AttemptStatus::Creating,
        AttemptStatus::Pending,
        AttemptStatus::Paid,
        AttemptStatus::Expired,
        AttemptStatus::Failed,
        AttemptStatus::Held,
        AttemptStatus::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttemptStatus::Creating => "creating",
            AttemptStatus::Pending => "pending",
            AttemptStatus::Paid => "paid",
            AttemptStatus::Expired => "expired",
            AttemptStatus::Failed => "failed",
            AttemptStatus::Held => "held",
            AttemptStatus::Refunded => "refunded",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            AttemptStatus::Creating | AttemptStatus::Pending => Msg::AttemptPending,
            AttemptStatus::Paid => Msg::AttemptPaid,
            AttemptStatus::Expired => Msg::AttemptExpired,
            AttemptStatus::Failed => Msg::AttemptFailed,
            AttemptStatus::Held => Msg::AttemptHeld,
            AttemptStatus::Refunded => Msg::AttemptRefunded,
        }
    }

    /// Still waiting for the customer or the gateway.
    pub fn is_open(self) -> bool {
        matches!(self, AttemptStatus::Creating | AttemptStatus::Pending)
    }

    /// The customer may start again with a new attempt.
    pub fn can_retry(self) -> bool {
        matches!(self, AttemptStatus::Expired | AttemptStatus::Failed)
    }
}

/// A Tripay channel the portal offers, with what it costs the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelOption {
    pub code: String,
    pub name: String,
    pub group: String,
    pub fee: i64,
    pub total: i64,
}

/// What the portal's pay page shows: the amount and how it can be paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayOptions {
    /// The invoice being paid, or none for the whole balance.
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub amount: i64,
    pub midtrans: bool,
    pub tripay: Vec<ChannelOption>,
    /// Tripay is configured but its channel list could not be fetched right now.
    pub tripay_unavailable: bool,
}

/// One payment attempt as the customer (and finance) sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub id: AttemptId,
    pub order_id: String,
    pub gateway: Gateway,
    pub channel: String,
    pub channel_name: String,
    pub status: AttemptStatus,
    pub amount: i64,
    pub fee_customer: i64,
    pub gross_amount: i64,
    pub invoice_numbers: Vec<String>,
    pub redirect_url: Option<String>,
    pub pay_code: Option<String>,
    /// The QR code drawn by Simpul as an SVG document (QRIS), never fetched from elsewhere.
    pub qr_svg: Option<String>,
    pub instructions: Vec<Instruction>,
    pub expires_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub receipt_number: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instruction {
    pub title: String,
    pub steps: Vec<String>,
}

/// One gateway transaction on the reconciliation screen, against its ledger payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconRow {
    pub id: AttemptId,
    pub order_id: String,
    pub gateway: Gateway,
    pub channel: String,
    pub gateway_reference: Option<String>,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub status: AttemptStatus,
    pub amount: i64,
    pub gross_amount: i64,
    pub reported_amount: Option<i64>,
    pub problem: Option<String>,
    pub payment_number: Option<String>,
    /// completed, reversed, refunded
    pub payment_status: Option<String>,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    /// Needs finance: held, or paid at the gateway while the ledger payment was reversed.
    pub needs_review: bool,
}

/// Totals per gateway for the range.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconTotals {
    pub gateway: String,
    pub paid_count: i64,
    pub paid_amount: i64,
    pub refunded_count: i64,
    pub held_count: i64,
    pub open_count: i64,
    pub closed_count: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    pub rows: Vec<ReconRow>,
    pub totals: Vec<ReconTotals>,
    /// Notifications refused in the range (bad signature, malformed, unknown order).
    pub refused_events: i64,
}

/// Finance's decision on a held payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HeldDecision {
    /// Credit this amount to the customer (what actually reached the ISP).
    Apply { amount: String },
    /// Not credited (e.g. refunded at the gateway); the note says why.
    Dismiss,
}

/// The gateway part of the billing settings screen. Keys are write-only: empty means "keep
/// the stored one"; the view says only whether one is stored.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GatewaySettingsDraft {
    pub midtrans_enabled: bool,
    pub midtrans_server_key: String,
    pub midtrans_snap_url: String,
    pub midtrans_api_url: String,
    pub tripay_enabled: bool,
    pub tripay_api_key: String,
    pub tripay_private_key: String,
    pub tripay_merchant_code: String,
    pub tripay_url: String,
    pub payment_expiry_minutes: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewaySettingsView {
    pub draft: GatewaySettingsDraft,
    pub has_midtrans_key: bool,
    pub has_tripay_api_key: bool,
    pub has_tripay_private_key: bool,
    /// Environment variables set on the server, which win over these fields.
    pub overridden_by_env: Vec<String>,
    /// Where to point each gateway's dashboard.
    pub midtrans_notification_url: String,
    pub tripay_callback_url: String,
    /// What is in force now, after the overrides.
    pub midtrans_active: bool,
    pub tripay_active: bool,
}

impl std::fmt::Debug for GatewaySettingsDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key = |k: &String| if k.is_empty() { "" } else { "[redacted]" };
        f.debug_struct("GatewaySettingsDraft")
            .field("midtrans_enabled", &self.midtrans_enabled)
            .field("midtrans_server_key", &key(&self.midtrans_server_key))
            .field("midtrans_snap_url", &self.midtrans_snap_url)
            .field("midtrans_api_url", &self.midtrans_api_url)
            .field("tripay_enabled", &self.tripay_enabled)
            .field("tripay_api_key", &key(&self.tripay_api_key))
            .field("tripay_private_key", &key(&self.tripay_private_key))
            .field("tripay_merchant_code", &self.tripay_merchant_code)
            .field("tripay_url", &self.tripay_url)
            .field("payment_expiry_minutes", &self.payment_expiry_minutes)
            .finish()
    }
}

/// Keys travel to these URLs, so they must be https; plain http only to this machine (a
/// local simulator or a tunnel).
fn is_gateway_url(text: &str) -> bool {
    let t = text.trim();
    let local = [
        "http://127.0.0.1:",
        "http://127.0.0.1/",
        "http://localhost:",
        "http://localhost/",
    ];
    let scheme_ok = t.starts_with("https://") || local.iter().any(|p| t.starts_with(p));
    scheme_ok && t.len() > 10 && t.len() <= 300 && !t.contains(char::is_whitespace)
}

impl GatewaySettingsDraft {
    /// Checks the form; returns the expiry in minutes.
    pub fn check(&self) -> Result<i32, crate::error::AppError> {
        use crate::error::FieldErrors;
        let mut errors = FieldErrors::new();
        for (field, url) in [
            ("midtrans_snap_url", &self.midtrans_snap_url),
            ("midtrans_api_url", &self.midtrans_api_url),
            ("tripay_url", &self.tripay_url),
        ] {
            if !is_gateway_url(url) {
                errors.add(field, Msg::ValUrl);
            }
        }
        for (field, key) in [
            ("midtrans_server_key", &self.midtrans_server_key),
            ("tripay_api_key", &self.tripay_api_key),
            ("tripay_private_key", &self.tripay_private_key),
        ] {
            if key.trim().chars().count() > 200 {
                errors.add(field, Msg::ValTooLong);
            }
        }
        let code = self.tripay_merchant_code.trim();
        if code.chars().count() > 40 || code.contains(char::is_whitespace) {
            errors.add("tripay_merchant_code", Msg::ValTooLong);
        }
        if self.tripay_enabled && code.is_empty() {
            errors.add("tripay_merchant_code", Msg::ValRequired);
        }
        let expiry = self.payment_expiry_minutes.trim().parse::<i32>().ok();
        let expiry = match expiry {
            Some(m) if (15..=10_080).contains(&m) => m,
            _ => {
                errors.add("payment_expiry_minutes", Msg::ValPaymentExpiry);
                0
            }
        };
        errors.into_result().map(|_| expiry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> GatewaySettingsDraft {
        GatewaySettingsDraft {
            midtrans_snap_url: "https://app.sandbox.midtrans.com/snap/v1".into(),
            midtrans_api_url: "https://api.sandbox.midtrans.com/v2".into(),
            tripay_url: "https://tripay.co.id/api-sandbox".into(),
            payment_expiry_minutes: "1440".into(),
            ..GatewaySettingsDraft::default()
        }
    }

    #[test]
    fn keys_go_only_to_https_or_this_machine() {
        assert_eq!(draft().check(), Ok(1440));
        let mut local = draft();
        local.tripay_url = "http://127.0.0.1:18768/api-sandbox".into();
        assert!(local.check().is_ok());
        let mut plain = draft();
        plain.midtrans_api_url = "http://evil.example/v2".into();
        let errors = plain.check().unwrap_err();
        assert_eq!(
            errors.field_errors().unwrap().get("midtrans_api_url"),
            Some(Msg::ValUrl)
        );
    }

    #[test]
    fn checks_expiry_and_the_merchant_code() {
        let mut d = draft();
        d.payment_expiry_minutes = "14".into();
        d.tripay_enabled = true;
        let errors = d.check().unwrap_err();
        let fields = errors.field_errors().unwrap();
        assert_eq!(
            fields.get("payment_expiry_minutes"),
            Some(Msg::ValPaymentExpiry)
        );
        assert_eq!(fields.get("tripay_merchant_code"), Some(Msg::ValRequired));
    }

    #[test]
    fn debug_never_shows_keys() {
        let mut d = draft();
        d.midtrans_server_key = "SB-Mid-server-secret".into();
        d.tripay_private_key = "very-private".into();
        let shown = format!("{d:?}");
        assert!(
            !shown.contains("secret") && !shown.contains("very-private"),
            "{shown}"
        );
        assert!(shown.contains("[redacted]"));
    }
}
