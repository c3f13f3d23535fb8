//! Server side of field service: one file per concern, each change in one transaction with
//! its audit row (and, for orders behind an incident, the incident's move and SLA refresh).

pub mod completion;
pub mod create;
pub mod events;
pub mod incident;
pub mod lock;
pub mod moves;
pub mod proof;
pub mod read;
pub mod schedule;
pub mod technicians;
pub mod templates;
