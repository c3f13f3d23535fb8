pub mod detail;
pub mod documents;
pub mod portal_login;
pub mod repo;
pub mod service;
