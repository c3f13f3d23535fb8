//! IP address management: the address blocks (prefixes) an ISP gives each router, the
//! pools the routers hand addresses out of (read from `/ip/pool` by the monitor), which
//! line holds which address (fixed addresses, and what active sessions got), how full
//! each pool and prefix is, and the conflicts that cause "my internet works for my
//! neighbour but not me" calls.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
