pub mod analysis;
pub mod prefixes;
pub mod repo;
