//! The desk admin screens under `/admin/desk`, and the tabs that join them with the SLA and
//! catalog screens.

mod categories;
mod groups;
mod settings;
mod tabs;

pub use categories::CategoriesPage;
pub use groups::GroupsPage;
pub use settings::DeskSettingsPage;
pub use tabs::{DeskTabs, SettingsHeader};
