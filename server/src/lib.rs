//! The Simpul web server: configuration, the axum router around the Leptos app, middleware
//! (sessions, CSRF, telemetry), infrastructure routes, background jobs and the demo seed.
//! A library so that integration tests start the very same router in-process.
// Leptos view types of the deepest pages exceed the default query depth when compiled
// without type erasure (tests, clippy); see app/src/lib.rs.
#![recursion_limit = "256"]

pub mod cli;
pub mod config;
pub mod jobs;
pub mod live;
pub mod metrics;
pub mod middleware;
pub mod router;
pub mod routes;
pub mod seed;
pub mod state;

pub use config::Config;
pub use router::build_router;
pub use state::AppState;
