use super::errors::Forbidden;
use super::use_session;
use crate::auth::access::{decide, login_redirect, Decision};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

/// Renders the matched page only when the access table allows it. The server already
/// refused or redirected the first request; this keeps client-side navigation consistent.
#[component]
pub fn GuardedOutlet() -> impl IntoView {
    let user = use_session().user;
    let location = use_location();
    let decision = Memo::new(move |_| decide(&location.pathname.get(), user.as_ref()));
    move || match decision.get() {
        Decision::Allow => view! { <Outlet/> }.into_any(),
        Decision::Forbid => view! { <Forbidden/> }.into_any(),
        Decision::SignIn { login_path } => {
            let search = location.search.get_untracked();
            let query = if search.is_empty() || search.starts_with('?') {
                search
            } else {
                format!("?{search}")
            };
            let next = format!("{}{query}", location.pathname.get_untracked());
            view! { <Redirect path=login_redirect(login_path, &next)/> }.into_any()
        }
    }
}
