//! Building blocks shared by every area: form fields with their errors, banners, tables.

pub mod chart;
pub mod editing;
pub mod form;
pub mod refresh;
pub mod route;
pub mod status_change;
pub mod time;
pub mod title;
pub mod upload;

pub use editing::{save_action, EditButton, InlineEditor, SaveCancel, StatusBadge};
pub use form::{ErrorBanner, FieldErrorsOf, FieldMessage, SuccessBanner, TextField};
pub use refresh::refresh_every;
pub use route::use_route_id;
pub use status_change::StatusChange;
pub use time::LocalTime;
pub use title::{title_of, PageTitle};
pub use upload::FileUpload;
