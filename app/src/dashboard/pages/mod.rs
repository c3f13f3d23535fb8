//! First pages of each area.

mod activity;
mod portal;
mod staff;
mod tech;

pub use activity::ActivityList;
pub use portal::{PortalHome, PortalLanding};
pub use staff::StaffDashboard;
pub use tech::TechHome;
