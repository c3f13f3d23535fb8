//! Messages to users (password reset links, later notifications) waiting for a delivery
//! channel. Until email delivery is configured, admins read them here.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;
