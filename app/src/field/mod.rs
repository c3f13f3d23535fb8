//! Field service: work orders (installation, repair, dismantle, survey) with their states,
//! appointment windows, checklists and evidence; the technicians who do them; and what a
//! finished order changes (the ONT in the plant, the line's port and activation, the
//! incident resolved).

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
