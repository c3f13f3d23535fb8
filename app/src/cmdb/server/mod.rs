pub mod impact;
pub mod import;
pub mod outage;
pub mod ports;
pub mod relations;
pub mod repo;
pub mod save;
pub mod topology;
