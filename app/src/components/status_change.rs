//! Moving a record through its lifecycle: pick the next status, say why, apply. Shared by
//! customers and subscriptions; the server decides which moves are allowed and whether a
//! reason is required, the form only offers the moves the record's rules allow.

use crate::components::{ErrorBanner, FieldErrorsOf, FieldMessage};
use crate::error::AppError;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn StatusChange(
    /// `(code, label)` of each status the record may move to.
    options: Vec<(&'static str, Msg)>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// Called with (code, reason).
    submit: Callback<(String, String)>,
) -> impl IntoView {
    let first = options
        .first()
        .map(|(code, _)| (*code).to_owned())
        .unwrap_or_default();
    let next = RwSignal::new(first);
    let reason = RwSignal::new(String::new());
    let errors = FieldErrorsOf::new(move || error.get());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.run((next.get_untracked(), reason.get_untracked()));
    };
    let empty = options.is_empty();
    view! {
        <Show when=move || !empty fallback=|| view! { <p class="muted">{t(Msg::NoStatusChanges)}</p> }>
            <form class="form status-change" on:submit=on_submit data-testid="status-change">
                <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
                <div class="form-row">
                    <div class="field">
                        <label for="field-next-status">{t(Msg::NextStatus)}</label>
                        <select id="field-next-status" on:change=move |ev| next.set(event_target_value(&ev))>
                            {options.clone().into_iter().map(|(code, label)| view! {
                                <option value=code selected=move || next.get() == code>{t(label)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field field-wide">
                        <label for="field-reason">{t(Msg::StatusReason)}</label>
                        <input id="field-reason" type="text" prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))/>
                        <FieldMessage error=errors.field("reason")/>
                    </div>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || pending.get()>
                        {t(Msg::ApplyStatus)}
                    </button>
                </div>
            </form>
        </Show>
    }
}
