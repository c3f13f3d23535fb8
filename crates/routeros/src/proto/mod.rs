//! The words of the API above the framing: commands, queries, replies and rows.

mod command;
mod query;
mod response;
mod row;
mod text;

pub use command::{Command, CommandError, Request};
pub use query::Query;
pub use response::{Reply, Response, ResponseError};
pub use row::Row;
pub use text::{split_attribute, word_text};
