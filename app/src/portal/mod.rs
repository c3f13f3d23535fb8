//! The customer portal's own features: my lines (with whether they are online now), reporting
//! a fault, and my tickets with their public replies.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
