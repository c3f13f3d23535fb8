//! The landing pages: what a signed-in person sees first in each area.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;
