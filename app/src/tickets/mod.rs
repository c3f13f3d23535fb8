//! Incidents and service requests: numbering, priority, the status machine, assignment,
//! comments, the timeline, the board and the list. SLA clocks live in `crate::sla`.

pub mod api;
pub mod model;

#[cfg(feature = "ssr")]
pub mod server;
