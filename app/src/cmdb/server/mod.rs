pub mod impact;
pub mod import;
pub mod outage;
pub mod relations;
pub mod repo;
pub mod save;
