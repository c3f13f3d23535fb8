//! SLA: business-hours calendars, holidays, policies, and the clocks they drive on tickets.
//! The clock arithmetic itself is the stand-alone `sla-clock` crate.

pub mod model;

#[cfg(feature = "ssr")]
pub mod server;
