//! The network plant as configuration items: classes with typed attributes, items from the
//! routers down to the customer's premise, their relations, and impact analysis over them.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
