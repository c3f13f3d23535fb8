//! Server-side authentication: password hashing, sessions, throttling and the account flows.

pub mod cookies;
pub mod password;
pub mod service;
pub mod sessions;
pub mod throttle;
pub mod tokens;
