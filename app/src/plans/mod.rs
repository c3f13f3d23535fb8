//! Service plans: speeds, burst, price, and the router profile each becomes.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
