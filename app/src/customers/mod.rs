//! Customers: identity, contact, the lifecycle (lead → active → suspended → terminated)
//! that carries their lines along, and the rules for Indonesian phone numbers and NIKs.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
