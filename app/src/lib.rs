//! Simpul's shared application crate: models, server functions and components.
//!
//! Each domain is a folder with `model.rs` (types that compile to WASM), `api.rs`
//! (`#[server]` functions), `server/` (ssr-only queries and services) and `pages/`.
//! See docs/ARCHITECTURE.md.

// Release builds keep full view types; the deepest pages exceed the default query depth.
#![recursion_limit = "256"]

pub mod audit;
pub mod auth;
pub mod billing;
pub mod catalog;
pub mod cmdb;
pub mod components;
pub mod customers;
pub mod dashboard;
pub mod desk;
pub mod error;
pub mod field;
pub mod files;
pub mod format;
pub mod i18n;
pub mod ipam;
pub mod messaging;
pub mod nas;
pub mod notifications;
pub mod outages;
pub mod outbox;
pub mod pagination;
pub mod payments;
pub mod plans;
pub mod portal;
pub mod provisioning;
pub mod shell;
pub mod sla;
pub mod subscriptions;
pub mod tickets;
pub mod url;
pub mod users;

#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod secrets;

#[cfg(feature = "ssr")]
pub use shell::shell;
pub use shell::App;
