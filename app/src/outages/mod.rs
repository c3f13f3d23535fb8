//! Mass outages: an incident linked to the CI that failed (an OLT, an ODP) stands for every
//! line it cuts off. The lines are attached to it; their customers see the outage and its
//! public updates on the portal instead of reporting it again, what they still report is
//! linked to it, and resolving it resolves them all.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
