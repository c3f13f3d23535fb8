//! Catalog items, requesting them, and deciding approvals.

pub mod approvals;
pub mod items;
pub mod requests;
