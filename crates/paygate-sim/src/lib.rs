//! A simulator of the Midtrans and Tripay payment gateways that speaks their documented
//! HTTP APIs, so Simpul's payment clients talk to it over real sockets in tests and in the
//! demo: real signatures, real retry schedules (scaled down), duplicate and out-of-order
//! notifications on demand, and payment pages that work without JavaScript.
//!
//! Why a simulator and not the sandboxes: the sandboxes need accounts and internet, cannot
//! reach a laptop to deliver notifications, and cannot be told to misbehave.
//!
//! In-process: `let sim = paygate_sim::spawn(listener, SimConfig { .. }).await;` then point
//! the clients at [`SimHandle::midtrans_snap_url`], [`SimHandle::midtrans_api_url`] and
//! [`SimHandle::tripay_url`], and read [`SimHandle::deliveries`]. Out of process: the
//! `paygate-sim` binary (see `main.rs`).
//!
//! # Midtrans
//! - `POST /snap/v1/transactions`: Snap create (Basic auth, server key as user) → 201
//!   `{token, redirect_url}`; 400 validation, 401 bad key, 406 reused order_id.
//!   `X-Override-Notification` sets that order's notification URL.
//! - `GET /snap/v4/redirection/{token}`: the payment page (QRIS, BCA VA, GoPay forms);
//!   `POST …/{token}/pay` (`payment_type`) → pending, then settlement after
//!   `settle_delay_ms`, then 303 to `callbacks.finish?order_id=&status_code=&transaction_status=`.
//! - `GET /v2/{order_id}/status`: Core status (Basic auth); 404 until a payment type is
//!   chosen.
//! - Notifications: JSON POST, `signature_key = SHA512(order_id+status_code+gross_amount+key)`,
//!   retried by the answer's HTTP status: 2xx none, 500 once, 503 four times, 400/404
//!   twice, 301-303 none, 307/308 followed, anything else (timeouts too) five times;
//!   2, 10, 30, 90, 210 minutes apart, times `retry_scale`.
//!
//! # Tripay (under `/api/` and `/api-sandbox/`, `Authorization: Bearer`)
//! - `GET merchant/payment-channel[?code=]`, `GET merchant/fee-calculator?amount=[&code=]`
//! - `POST transaction/create` (JSON or form; HMAC-SHA256 signature) →
//!   `{success, message, data}`; errors are HTTP 400 (`Invalid signature`, …), 401 bad key.
//! - `GET transaction/detail?reference=` → data, or HTTP 404 `Transaction not found`.
//! - `GET /tripay/checkout/{reference}` (page with a "Bayar" button), `POST …/pay`,
//!   `GET /tripay/qr/{reference}` (payload text), `GET /tripay/icon/{CODE}.svg`.
//! - Callbacks: JSON POST with `X-Callback-Event: payment_status` and
//!   `X-Callback-Signature = HMAC-SHA256(private_key, raw body)`, retried 3 times unless
//!   answered `{"success":true}`.
//!
//! # Control API (no auth)
//! - `POST /_sim/midtrans/{order_id}/{pay|pending|expire|cancel|deny|challenge|refund}`
//!   with `notify=false`, `duplicate=N`, `out_of_order=true` (pay: settlement before
//!   pending), `gross_amount=` (report another amount), `amount=` (refund; partial →
//!   `partial_refund`), `payment_type=`.
//! - `POST /_sim/tripay/{reference}/{pay|expire|fail|refund}` with `notify=false`,
//!   `duplicate=N`, `total_amount=`.
//! - `GET /_sim/deliveries` (every attempt), `DELETE /_sim/deliveries`,
//!   `GET /_sim/in-flight` (`{"in_flight":N}`), `GET /_sim/transactions`.
//!
//! Expiry runs on a 250 ms tick: a pending Midtrans payment becomes `expire` (notified), an
//! unused Snap page just stops working (no webhook), an UNPAID Tripay transaction becomes
//! EXPIRED (callback).

mod config;
mod control;
mod deliver;
mod html;
pub mod midtrans;
mod persist;
mod server;
mod sign;
mod store;
pub mod tripay;

pub use config::{
    SimConfig, DEMO_MIDTRANS_SERVER_KEY, DEMO_TRIPAY_API_KEY, DEMO_TRIPAY_MERCHANT_CODE,
    DEMO_TRIPAY_PRIVATE_KEY,
};
pub use server::{spawn, try_spawn, SimHandle};
pub use sign::{midtrans_signature, tripay_create_signature, tripay_hmac};
pub use store::{Delivery, Transactions};
