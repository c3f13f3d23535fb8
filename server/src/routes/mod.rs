//! Routes that are not server functions.

pub mod events;
pub mod health;
pub mod metrics;
