//! Online payments: Midtrans and Tripay attempts, their notifications (webhooks) and the
//! poller, exactly-once crediting into the billing ledger, held payments, and the finance
//! reconciliation screen. The wire formats live in `crates/paygate`.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
