//! Routes that are not server functions.

pub mod attachments;
pub mod basemap;
pub mod billing_logo;
pub mod cmdb_export;
pub mod customer_documents;
pub mod documents;
pub mod events;
pub mod files;
pub mod health;
pub mod metrics;
pub mod payment_proofs;
pub mod payments;
pub mod work_order_evidence;
