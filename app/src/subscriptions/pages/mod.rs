//! Staff pages for lines: the table on a customer's page, the form, the line's own page.

mod detail;
mod form;
mod isolir;
mod table;

pub use detail::SubscriptionPage;
pub use form::SubscriptionForm;
pub use isolir::IsolirPage;
pub use table::{ProvisionBadge, SubscriptionStatusBadge, SubscriptionTable};
