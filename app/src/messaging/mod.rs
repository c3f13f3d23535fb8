//! Messages to customers over WhatsApp and email: templates per event and language, a
//! durable queue filled in the same transaction as what caused the message (a payment, an
//! isolation), a worker that sends through the configured gateways with retries, and the
//! delivery log. A failing gateway delays a message; it never blocks a payment.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
