//! Screens for customer messages: channels and templates (`/admin/billing/messages`), the
//! delivery log (`/billing/messages`, and per customer on the customer page).

mod log;
mod settings;

pub use log::{MessageLog, MessageLogPage};
pub use settings::MessagingSettingsPage;
