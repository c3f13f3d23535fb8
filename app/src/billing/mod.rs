//! Billing: invoices with Indonesian tax, the customer ledger, the billing run, payments,
//! and isolation for unpaid invoices.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
