//! Request middleware, outermost first: telemetry, CSRF, session (and page access).

pub mod csrf;
pub mod session;
pub mod telemetry;
