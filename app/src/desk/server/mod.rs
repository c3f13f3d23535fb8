//! Reading (and later editing) the desk configuration.

pub mod categories;
pub mod groups;
pub mod matrix;
pub mod settings;
