//! User queries and the admin services that change accounts.

pub mod repo;
pub mod service;
