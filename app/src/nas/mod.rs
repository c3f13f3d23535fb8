//! NAS management: MikroTik routers as records (with sealed passwords), their live state
//! read through `crates/routeros`, a status monitor, and a read-only terminal for admins.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
