//! Service desk configuration: support groups, the category tree, the priority matrix and
//! desk-wide settings. Admins edit them; tickets read them.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;
