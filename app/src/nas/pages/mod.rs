//! `/network/nas` (list, add, edit, test) and `/network/nas/:id` (live view, terminal).

mod detail;
mod facts;
mod form;
mod list;
mod terminal;

pub use detail::NasDetailPage;
pub use list::NasListPage;

use crate::i18n::{t, Msg};
use crate::nas::model::{NasState, RouterRow};
use leptos::prelude::*;

pub(crate) use crate::components::refresh_every;

/// Up / Down / Not checked, in words and colour.
#[component]
pub(crate) fn StateBadge(state: NasState) -> impl IntoView {
    let class = match state {
        NasState::Up => "badge",
        NasState::Down => "badge badge-down",
        NasState::Unknown => "badge badge-off",
    };
    view! { <span class=class data-state=state.as_str()>{t(state.label())}</span> }
}

/// How a router value is shown.
#[derive(Clone, Copy)]
pub enum Cell {
    Text,
    /// A byte counter, as `52.6 MB`.
    Bytes,
    /// `true`/`false` as Ya/Tidak.
    Flag,
}

fn show(kind: Cell, value: &str) -> String {
    match kind {
        Cell::Text => value.to_owned(),
        Cell::Bytes => value
            .parse::<u64>()
            .map_or_else(|_| value.to_owned(), facts::bytes),
        Cell::Flag => match value {
            "true" | "yes" => crate::i18n::tr(Msg::Yes).to_owned(),
            "false" | "no" => crate::i18n::tr(Msg::No).to_owned(),
            other => other.to_owned(),
        },
    }
}

/// A router table with the columns asked for (a missing property is an empty cell).
#[component]
pub(crate) fn RouterTable(
    rows: Vec<RouterRow>,
    columns: &'static [(&'static str, Msg, Cell)],
    empty: Msg,
    testid: &'static str,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted" data-testid=testid>{t(empty)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
        <table class="table" data-testid=testid>
            <thead><tr>
                {columns.iter().map(|(_, label, _)| view! { <th scope="col">{t(*label)}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr>
                        {columns.iter().map(|(name, _, kind)| {
                            let value = show(*kind, crate::nas::model::cell(&row, name));
                            view! { <td>{value}</td> }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}
