//! Writing and reading the audit log.

mod query;
mod record;

pub use query::list;
pub use record::AuditEvent;
