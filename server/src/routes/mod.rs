//! Routes that are not server functions.

pub mod attachments;
pub mod customer_documents;
pub mod events;
pub mod files;
pub mod health;
pub mod metrics;
pub mod payments;
