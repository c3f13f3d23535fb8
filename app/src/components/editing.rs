//! The pieces every "table with an inline edit form" settings screen shares: which row is
//! being edited, a save that closes the form and reloads the table, and the form's buttons.

use crate::error::AppError;
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use std::future::Future;

/// What a settings screen is editing (`None`: just the table) and a counter its resource
/// reloads on.
pub struct InlineEditor<T: Send + Sync + 'static> {
    pub editing: RwSignal<Option<T>>,
    pub version: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for InlineEditor<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for InlineEditor<T> {}

impl<T: Send + Sync + 'static> InlineEditor<T> {
    pub fn new() -> Self {
        InlineEditor {
            editing: RwSignal::new(None),
            version: RwSignal::new(0),
        }
    }

    /// Opens the form on `draft`.
    pub fn edit(self) -> Callback<T> {
        Callback::new(move |draft| self.editing.set(Some(draft)))
    }

    /// After a successful save: close the form and reload the table.
    pub fn saved(self) -> Callback<()> {
        Callback::new(move |()| {
            self.editing.set(None);
            self.version.update(|v| *v += 1);
        })
    }

    pub fn cancel(self) -> Callback<()> {
        Callback::new(move |()| self.editing.set(None))
    }
}

impl<T: Send + Sync + 'static> Default for InlineEditor<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// An action running `call` that tells `done` when the server accepted the input.
pub fn save_action<I, O, Fut>(
    done: Callback<()>,
    call: impl Fn(I) -> Fut + Send + Sync + 'static,
) -> Action<I, Result<O, AppError>>
where
    I: Clone + Send + Sync + 'static,
    O: Send + Sync + 'static,
    Fut: Future<Output = Result<O, AppError>> + Send + 'static,
{
    Action::new(move |input: &I| {
        let pending = call(input.clone());
        async move {
            let result = pending.await;
            if result.is_ok() {
                done.run(());
            }
            result
        }
    })
}

/// Save (submits the form, disabled while saving) and Cancel.
#[component]
pub fn SaveCancel(#[prop(into)] pending: Signal<bool>, cancel: Callback<()>) -> impl IntoView {
    view! {
        <div class="form-actions">
            <button type="submit" class="button button-primary" disabled=move || pending.get()>{t(Msg::Save)}</button>
            <button type="button" class="button" on:click=move |_| cancel.run(())>{t(Msg::Cancel)}</button>
        </div>
    }
}

/// "Aktif" / "Nonaktif" in a table row.
#[component]
pub fn StatusBadge(active: bool) -> impl IntoView {
    view! {
        <span class="badge" class:badge-off=!active>
            {t(if active { Msg::StatusActive } else { Msg::StatusInactive })}
        </span>
    }
}

/// A row's Edit button, labelled with what it edits for screen readers.
#[component]
pub fn EditButton(what: String, on_click: Callback<()>) -> impl IntoView {
    let label = format!("{} {what}", crate::i18n::tr(Msg::Edit));
    view! {
        <button type="button" class="button button-small" aria-label=label
            on:click=move |_| on_click.run(())>{t(Msg::Edit)}</button>
    }
}
