//! The mass-outage panel on a ticket's page and the outage notice on the portal.

mod banner;
mod panel;

pub use banner::OutageBanner;
pub use panel::OutagePanel;
