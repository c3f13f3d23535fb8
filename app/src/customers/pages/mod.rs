//! Staff pages for customers: the searchable list, the form, the customer page.

mod detail;
mod form;
mod history;
mod id_photo;
mod list;
mod portal_login;

pub use detail::CustomerPage;
pub use form::CustomerForm;
pub use list::{CustomerListPage, NewCustomerPage};

use crate::customers::model::CustomerStatus;
use crate::i18n::t;
use leptos::prelude::*;

/// A customer's status as a badge; the word carries the meaning, the colour repeats it.
#[component]
pub fn CustomerStatusBadge(status: CustomerStatus) -> impl IntoView {
    let class = format!("badge badge-customer-{}", status.as_str());
    view! { <span class=class>{t(status.label())}</span> }
}
