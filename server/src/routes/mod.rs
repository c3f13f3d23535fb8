//! Routes that are not server functions.

pub mod health;
pub mod metrics;
