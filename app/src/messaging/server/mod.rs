//! Customer messages on the server: queueing (in the caller's transaction), reminders, the
//! sending worker and its channels, settings and templates, the delivery log.

pub mod channels;
pub mod queue;
pub mod reminders;
pub mod repo;
pub mod settings;
pub mod templates;
pub mod worker;
