//! A RouterOS API library: the binary protocol of RouterOS 6 and 7 (TCP 8728, TLS 8729)
//! and the REST API of RouterOS 7, written from MikroTik's API manual.
//!
//! - [`codec`]: sans-IO framing (word lengths, sentences); never panics on any input.
//! - [`proto`]: commands, query words, replies (`!re`, `!done`, `!trap`, `!fatal`, `!empty`).
//! - [`client`]: one session per TCP/TLS connection, both login forms, many commands in
//!   flight by `.tag`, streams with `/cancel`, per-command timeouts.
//! - [`rest`]: the same commands over `/rest`.
//! - [`pool`]: a few long-lived sessions per router with health checks and backoff.
//! - [`RouterApi`]: the one interface the rest of Simpul uses.

pub mod api;
pub mod client;
pub mod codec;
mod error;
pub mod login;
pub mod pool;
pub mod proto;
pub mod rest;

pub use api::{BoxFuture, RouterApi};
pub use client::{connect, ClientConfig, Connection, Listener, Output, Security, TlsMode};
pub use error::{Error, Result};
pub use pool::{Pool, PoolConfig};
pub use proto::{Command, Query, Reply, Request, Response, Row};
pub use rest::{RestClient, RestConfig};
