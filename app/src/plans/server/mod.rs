pub mod repo;
pub mod service;
