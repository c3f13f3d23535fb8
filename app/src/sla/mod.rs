//! SLA: business-hours calendars, holidays, policies, and the clocks they drive on tickets.
//! The clock arithmetic itself is the stand-alone `sla-clock` crate.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;
