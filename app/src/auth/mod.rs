//! Accounts, sessions, roles and permissions.

pub mod access;
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;

pub use model::{Permission, Role, SessionInfo, SessionUser, UserId};
