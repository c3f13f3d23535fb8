//! Billing on the server: settings, numbering, the ledger, invoices, the billing run,
//! payments, charges and collections (isolation and restoration).

pub mod adjustments;
pub mod charges;
pub mod collections;
pub mod documents;
pub mod invoices;
pub mod ledger;
pub mod logo;
pub mod numbering;
pub mod overview;
pub mod payments;
pub mod proofs;
pub mod repo;
pub mod run;
pub mod settings;
pub mod terms;
pub mod trueup;
