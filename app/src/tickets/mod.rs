//! Incidents and service requests: numbering, priority, the status machine, assignment,
//! comments, the timeline, the board and the list. SLA clocks live in `crate::sla`.

pub mod api;
pub mod components;
pub mod live;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;
