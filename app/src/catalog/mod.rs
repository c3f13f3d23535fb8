//! The service catalog: requestable items with a form and an approval chain. A request is
//! a ticket of kind `request` carrying the item and the answers; while it waits for its
//! approvers it sits in `pending_approval` with its SLA paused.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod server;
