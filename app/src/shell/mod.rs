//! The document, the router and the three area layouts (staff, technician, portal).

mod app;
mod boot;
mod errors;
mod guard;
mod layouts;
mod session_controls;

pub use app::App;
pub use boot::mark_hydrated;
#[cfg(feature = "ssr")]
pub use boot::shell;
pub use errors::{Forbidden, NotFound};
pub use session_controls::{LanguageSwitch, SignOutButton};

use crate::auth::model::SessionInfo;
use leptos::prelude::*;

/// The session as the page knows it (read once per page load).
pub fn use_session() -> SessionInfo {
    use_context::<SessionInfo>().unwrap_or_default()
}
