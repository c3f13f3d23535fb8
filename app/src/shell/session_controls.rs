//! Language switch and sign-out: both plain forms, so they work before hydration and
//! without JavaScript, and update the page in place (language) or reload it (sign-out) when
//! the WASM is running.

use crate::auth::api::{Logout, SetLanguage};
use crate::i18n::{t, use_i18n, Locale, Msg};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    // Remember what was chosen, and apply it once the server has stored it.
    let last_choice = RwSignal::new(None::<Locale>);
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            last_choice.set(Some(input.locale));
        }
    });
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(locale)) = (action.value().get(), last_choice.get_untracked()) {
            i18n.locale.set(locale);
        }
    });
    view! {
        <div class="lang-switch" role="group" aria-label=move || t(Msg::Language)()>
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    let current = move || i18n.locale.get() == locale;
                    view! {
                        <ActionForm action=action>
                            <input type="hidden" name="locale" value=format!("{locale:?}")/>
                            <button
                                type="submit"
                                class="lang-button"
                                lang=locale.code()
                                aria-pressed=move || if current() { "true" } else { "false" }
                                title=locale.native_name()
                            >
                                {locale.code().to_uppercase()}
                            </button>
                        </ActionForm>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn SignOutButton() -> impl IntoView {
    let action = ServerAction::<Logout>::new();
    // A full page load after sign-out drops every piece of client state.
    Effect::new(move |_| {
        if let Some(Ok(target)) = action.value().get() {
            let _ = window().location().assign(&target);
        }
    });
    view! {
        <ActionForm action=action attr:class="signout-form">
            <button type="submit" class="button button-ghost" data-testid="sign-out">
                {t(Msg::SignOut)}
            </button>
        </ActionForm>
    }
}
