//! `/plans`: the service plans, with their router profile and price; admins edit them.

mod form;
mod list;

pub use list::PlansPage;
