//! Admin pages of provisioning: the outbox, a router's drift panel, and the import review.

mod drift;
mod import;
mod outbox;
mod settings;

pub use drift::DriftPanel;
pub use import::ImportPage;
pub use outbox::OutboxPage;
pub use settings::ProvisioningSettings;
