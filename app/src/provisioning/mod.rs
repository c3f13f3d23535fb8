//! Provisioning by desired state: what each router should hold is computed from Simpul's
//! records; changes reach routers through a durable outbox applied in order per router;
//! reconciliation compares the router with the wanted state.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
