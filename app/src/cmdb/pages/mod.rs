//! `/network/cis`: the CMDB list, a CI's page (facts, relations, impact, the way up) and
//! the form that creates and edits CIs.

mod coverage;
mod detail;
mod form;
mod graph;
mod graph_canvas;
mod impact;
mod import;
mod list;
mod map;
mod map_canvas;
mod nearest;
mod ports;
mod relations;

pub use coverage::CoveragePage;
pub use detail::CiDetailPage;
pub use form::{EditCiPage, NewCiPage};
pub use graph::CiGraphPage;
pub use import::CiImportPage;
pub use list::CiListPage;
pub use map::NetworkMapPage;
pub use nearest::NearestOdps;

use crate::cmdb::model::{CiClass, CiRef, Lifecycle};
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// A CI's lifecycle as a badge; the word carries the meaning, the colour only repeats it.
#[component]
fn LifecycleBadge(lifecycle: Lifecycle) -> impl IntoView {
    view! {
        <span class=format!("badge lifecycle-{}", lifecycle.code())>{t(lifecycle.label())}</span>
    }
}

/// The class's name in the current language, or its code when the class is unknown.
fn class_name(classes: &[CiClass], code: &str) -> String {
    let locale = use_i18n().locale.get_untracked();
    classes
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.name(locale).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// A link to a CI: its code, then its name.
#[component]
fn CiLink(ci: CiRef) -> impl IntoView {
    view! {
        <a href=format!("/network/cis/{}", ci.id)><code>{ci.code.clone()}</code></a>
        " "<span>{ci.name.clone()}</span>
    }
}
