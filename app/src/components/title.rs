use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use leptos_meta::Title;

/// The document title. On the server it is fixed while rendering (the head is assembled
/// after the page's reactive scope is gone); in the browser it follows the language.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let fixed = text.get_untracked();
        view! { <Title text=fixed/> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        view! { <Title text=move || text.get()/> }
    }
}

/// A translated title signal for [`PageTitle`].
pub fn title_of(msg: Msg) -> Signal<String> {
    let locale = use_i18n().locale;
    Signal::derive(move || msg.text(locale.get()).to_owned())
}
