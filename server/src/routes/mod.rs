//! Routes that are not server functions.

pub mod attachments;
pub mod events;
pub mod health;
pub mod metrics;
