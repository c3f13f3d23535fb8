pub mod isolir;
pub mod repo;
pub mod service;
pub mod session;
