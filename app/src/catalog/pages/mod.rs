//! Catalog screens: browse, request, approve; and the admin list and editor.

mod admin_list;
mod approvals;
mod browse;
mod editor;
mod request;

pub use admin_list::CatalogAdminPage;
pub use approvals::ApprovalsPage;
pub use browse::CatalogPage;
pub use editor::CatalogEditorPage;
pub use request::RequestPage;
