//! The audit log: who changed what, when, from where. Every state-changing service call
//! writes one [`server::AuditEvent`] in the same transaction as its change.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;
