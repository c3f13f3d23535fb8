//! What one simulator instance is set up with. The defaults are the demo's keys, so the
//! binary runs with no flags and the app's demo config can name the same keys.

use std::fmt;
use std::path::PathBuf;

pub const DEMO_MIDTRANS_SERVER_KEY: &str = "SB-Mid-server-simpul-demo";
pub const DEMO_TRIPAY_API_KEY: &str = "DEV-simpul-demo";
pub const DEMO_TRIPAY_PRIVATE_KEY: &str = "simpul-demo-private";
pub const DEMO_TRIPAY_MERCHANT_CODE: &str = "T0001";

#[derive(Clone)]
pub struct SimConfig {
    /// Midtrans server key: the Basic-auth user and the last part of every signature_key.
    pub midtrans_server_key: String,
    /// Where notifications go unless a Snap create carried `X-Override-Notification`.
    pub midtrans_notification_url: Option<String>,
    /// Tripay `Authorization: Bearer` key.
    pub tripay_api_key: String,
    /// Tripay HMAC key for create signatures and callback signatures.
    pub tripay_private_key: String,
    pub tripay_merchant_code: String,
    /// Where callbacks go unless the transaction named its own `callback_url`.
    pub tripay_callback_url: Option<String>,
    /// Base of the URLs handed to browsers (redirect_url, checkout_url, qr_url). `None`:
    /// the address the simulator listens on.
    pub public_url: Option<String>,
    /// Multiplies every retry delay (Midtrans 2 min … 210 min, Tripay 2 min); 0.001 or
    /// less in tests.
    pub retry_scale: f64,
    /// How long a Snap payment stays `pending` before it settles when paid on the page.
    pub settle_delay_ms: u64,
    /// Keep transactions in this JSON file across restarts.
    pub state_file: Option<PathBuf>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            midtrans_server_key: DEMO_MIDTRANS_SERVER_KEY.into(),
            midtrans_notification_url: None,
            tripay_api_key: DEMO_TRIPAY_API_KEY.into(),
            tripay_private_key: DEMO_TRIPAY_PRIVATE_KEY.into(),
            tripay_merchant_code: DEMO_TRIPAY_MERCHANT_CODE.into(),
            tripay_callback_url: None,
            public_url: None,
            retry_scale: 1.0,
            settle_delay_ms: 300,
            state_file: None,
        }
    }
}

/// Keys are redacted: a config printed to a log must not leak them.
impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimConfig")
            .field("midtrans_server_key", &"<redacted>")
            .field("midtrans_notification_url", &self.midtrans_notification_url)
            .field("tripay_api_key", &"<redacted>")
            .field("tripay_private_key", &"<redacted>")
            .field("tripay_merchant_code", &self.tripay_merchant_code)
            .field("tripay_callback_url", &self.tripay_callback_url)
            .field("public_url", &self.public_url)
            .field("retry_scale", &self.retry_scale)
            .field("settle_delay_ms", &self.settle_delay_ms)
            .field("state_file", &self.state_file)
            .finish()
    }
}
