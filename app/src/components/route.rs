//! The `:id` of the current route, for detail pages.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The route's `id` parameter as a number; `None` when missing or not a number (the page
/// then shows "not found" from its server function rather than guessing).
pub fn use_route_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    })
}
