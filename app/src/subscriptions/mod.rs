//! Subscriptions (lines): a customer on a plan on a router, their lifecycle and status.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
