pub mod detail;
pub mod repo;
pub mod service;
