//! NAS services: records (repo, save), connections to routers (hub), what is read from
//! them (facts, live, pools, terminal) and the status monitor.

pub mod facts;
pub mod hub;
pub mod live;
pub mod monitor;
pub mod pools;
pub mod repo;
pub mod save;
pub mod terminal;

use crate::error::server::ServiceError;
use crate::error::AppError;

/// A router's refusal or silence, logged once here with the router's name and shown to the
/// user verbatim.
pub fn device_error(nas: &str, error: routeros::Error) -> ServiceError {
    tracing::warn!(nas.name = %nas, error = %error, "router error");
    ServiceError::App(AppError::Device(error.to_string()))
}
