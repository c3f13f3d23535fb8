//! A RouterOS simulator: the binary API (plain and TLS, both login forms, `!empty`,
//! `listen`, `/cancel`) and the v7 REST API, over an in-memory model of the menus an ISP
//! platform uses, with sessions that come and go and counters that grow. Tests, the demo
//! and third-party RouterOS clients can use it in place of hardware.

pub mod clock;
pub mod demo;
mod engine;
pub mod persist;
mod query;
mod rest;
mod router;
pub mod schema;
mod server;
mod session;
pub mod store;
mod tls;
mod traffic;

pub use router::{Faults, Router, RouterSpec, User};
pub use server::{Ports, SimRouter};
pub use traffic::rate_limit;
