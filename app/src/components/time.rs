use crate::format::{date_time, TimeZone};
use crate::i18n::use_i18n;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The user's chosen time zone, provided at the root.
#[derive(Clone, Copy)]
pub struct UserTimeZone(pub RwSignal<TimeZone>);

/// A UTC instant shown in the viewer's zone and language, machine-readable in `datetime`.
#[component]
pub fn LocalTime(at: DateTime<Utc>) -> impl IntoView {
    let locale = use_i18n().locale;
    let zone = expect_context::<UserTimeZone>().0;
    view! {
        <time datetime=at.to_rfc3339()>{move || date_time(at, zone.get(), locale.get())}</time>
    }
}
