//! Form fields that show the server's field errors beside the inputs they belong to.

use crate::error::AppError;
use crate::i18n::{t, use_i18n, Msg};
use leptos::prelude::*;

/// Reads the field errors out of the latest result of an action.
#[derive(Clone, Copy)]
pub struct FieldErrorsOf(pub Signal<Option<AppError>>);

impl FieldErrorsOf {
    pub fn new(error: impl Fn() -> Option<AppError> + Send + Sync + 'static) -> Self {
        FieldErrorsOf(Signal::derive(error))
    }

    /// The message for `field`, reactively.
    pub fn field(self, field: &'static str) -> Signal<Option<Msg>> {
        Signal::derive(move || self.0.with(|e| e.as_ref()?.field_errors()?.get(field)))
    }

    /// Like [`FieldErrorsOf::field`] for names built at run time (e.g. `answers.<key>`).
    pub fn field_named(self, field: String) -> Signal<Option<Msg>> {
        Signal::derive(move || self.0.with(|e| e.as_ref()?.field_errors()?.get(&field)))
    }
}

/// A labelled input with its hint and error. `value` holds what the user typed.
#[component]
pub fn TextField(
    label: Msg,
    name: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] value: Option<RwSignal<String>>,
    #[prop(into)] error: Signal<Option<Msg>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let locale = use_i18n().locale;
    let value = value.unwrap_or_else(|| RwSignal::new(String::new()));
    let id = format!("field-{name}");
    let label_for = id.clone();
    let described_by = format!("{id}-hint {id}-error");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let initial = value.get_untracked();
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=label_for>{t(label)}</label>
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                required=required
                autofocus=autofocus
                value=initial
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
            />
            <p class="field-hint" id=hint_id>{move || hint.map(|h| h.text(locale.get()))}</p>
            <p class="field-error" id=error_id aria-live="polite">
                {move || error.get().map(|m| m.text(locale.get()))}
            </p>
        </div>
    }
}

/// The summary of a failed submission; for sign-in lockouts it also says how long to wait.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_i18n().locale;
    move || {
        error.get().map(|err| {
            let l = locale.get();
            // A form-level field error (e.g. wrong credentials) is the most useful summary.
            let text = err
                .field_errors()
                .and_then(|f| f.get("form").or_else(|| f.get("token")))
                .unwrap_or(err.summary())
                .text(l);
            let wait = match err {
                AppError::TooManyRequests { retry_after_secs } => Some(format!(
                    " {} {}",
                    Msg::RetryAfterMinutes.text(l),
                    retry_after_secs.div_ceil(60)
                )),
                // The router's own message, verbatim: it is what an engineer searches for.
                AppError::Device(message) => Some(format!(" {message}")),
                _ => None,
            };
            view! {
                <div class="banner banner-error" role="alert">
                    <span class="banner-icon" aria-hidden="true">"!"</span>
                    <span>{text}{wait}</span>
                </div>
            }
        })
    }
}

#[component]
pub fn SuccessBanner(#[prop(into)] show: Signal<bool>, msg: Msg) -> impl IntoView {
    let locale = use_i18n().locale;
    move || {
        show.get().then(|| {
            view! {
                <div class="banner banner-success" role="status">
                    <span class="banner-icon" aria-hidden="true">"✓"</span>
                    <span>{msg.text(locale.get())}</span>
                </div>
            }
        })
    }
}

/// The error line under a hand-built field.
#[component]
pub fn FieldMessage(#[prop(into)] error: Signal<Option<Msg>>) -> impl IntoView {
    let locale = use_i18n().locale;
    view! {
        <p class="field-error" aria-live="polite">{move || error.get().map(|m| m.text(locale.get()))}</p>
    }
}
