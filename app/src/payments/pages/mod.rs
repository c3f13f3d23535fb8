//! Finance screens for online payments: the gateway section of the billing settings and
//! the reconciliation of gateway transactions against ledger payments.

mod gateways;
mod reconciliation;

pub use gateways::GatewaySettingsSection;
pub use reconciliation::ReconciliationPage;
