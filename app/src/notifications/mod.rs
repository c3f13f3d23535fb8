//! In-app notifications (SLA warnings and breaches, assignments). Email and WhatsApp
//! delivery come later and will read the same rows.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;
