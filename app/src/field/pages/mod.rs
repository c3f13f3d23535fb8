//! Staff pages for work orders: the list, one order (plan it, follow it, see its proof)
//! and opening one from a line or an incident.

mod detail;
mod list;
mod new;
mod schedule;
mod settings;
mod tech;

pub use detail::WorkOrderPage;
pub use list::WorkOrderListPage;
pub use new::NewWorkOrderPage;
pub use settings::FieldSettingsPage;
pub use tech::{TechDay, TechOrderPage};

use crate::components::time::UserTimeZone;
use crate::field::model::{Window, WorkOrderState};
use crate::format::date_time;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn WoStateBadge(state: WorkOrderState) -> impl IntoView {
    view! { <span class=format!("badge wo-state wo-{}", state.code()) data-state=state.code()>{t(state.label())}</span> }
}

/// "7 Des 2026 09:00–11:00 WIB" in the reader's zone and language.
#[component]
pub fn WindowText(window: Window) -> impl IntoView {
    let locale = use_i18n().locale;
    let zone = expect_context::<UserTimeZone>().0;
    move || {
        let (zone, locale) = (zone.get(), locale.get());
        let start = date_time(window.start, zone, locale);
        let end = window.end.with_timezone(&zone.offset()).format("%H:%M");
        match start.rsplit_once(' ') {
            Some((head, abbreviation)) => format!("{head}–{end} {abbreviation}"),
            None => format!("{start}–{end}"),
        }
    }
}
