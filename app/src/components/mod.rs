//! Building blocks shared by every area: form fields with their errors, banners, tables.

pub mod form;
pub mod time;
pub mod title;

pub use form::{ErrorBanner, FieldErrorsOf, FieldMessage, SuccessBanner, TextField};
pub use time::LocalTime;
pub use title::{title_of, PageTitle};
