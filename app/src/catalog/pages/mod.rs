//! Catalog screens: browse, request, approve.

mod approvals;
mod browse;
mod request;

pub use approvals::ApprovalsPage;
pub use browse::CatalogPage;
pub use request::RequestPage;
