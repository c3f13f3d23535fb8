//! Admin screens for accounts: the list, the create form and the edit page.

mod edit;
mod form;
mod list;

pub use edit::{EditUserPage, NewUserPage};
pub use list::UsersPage;

use crate::auth::model::Role;
use crate::i18n::Msg;

/// "Admin, Agen service desk" in the current language.
pub(crate) fn role_names(roles: &[Role], locale: crate::i18n::Locale) -> String {
    roles
        .iter()
        .map(|r| r.label().text(locale))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn status_label(active: bool) -> Msg {
    if active {
        Msg::StatusActive
    } else {
        Msg::StatusInactive
    }
}
