//! Online payments on the server: gateway configuration, attempts, the exactly-once
//! application of what gateways report, webhooks, the poller, and finance's views.

pub mod apply;
pub mod attempts;
pub mod events;
pub mod gateways;
pub mod poller;
pub mod qr;
pub mod repo;
pub mod settings;
pub mod webhooks;
