//! Building blocks shared by every area: form fields with their errors, banners, tables.

pub mod editing;
pub mod form;
pub mod time;
pub mod title;

pub use editing::{save_action, EditButton, InlineEditor, SaveCancel, StatusBadge};
pub use form::{ErrorBanner, FieldErrorsOf, FieldMessage, SuccessBanner, TextField};
pub use time::LocalTime;
pub use title::{title_of, PageTitle};
