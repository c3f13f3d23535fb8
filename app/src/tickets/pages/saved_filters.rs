//! The list's own saved filters: chips that open a saved view, a button to forget one, and a
//! small form to save what is on screen now.

use crate::components::FieldErrorsOf;
use crate::i18n::{t, use_i18n, Msg};
use crate::tickets::api::{delete_ticket_filter, my_saved_filters, save_ticket_filter};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn SavedFilters() -> impl IntoView {
    let locale = use_i18n().locale;
    let reload = RwSignal::new(0u64);
    let saved = Resource::new(move || reload.get(), |_| my_saved_filters());
    let location = use_location();
    let name = RwSignal::new(String::new());
    let save = Action::new(move |(n, q): &(String, String)| {
        let (n, q) = (n.clone(), q.clone());
        async move {
            let r = save_ticket_filter(n, q).await;
            if r.is_ok() {
                name.set(String::new());
                reload.update(|x| *x += 1);
            }
            r
        }
    });
    let forget = Action::new(move |id: &i64| {
        let id = *id;
        async move {
            let r = delete_ticket_filter(id).await;
            reload.update(|x| *x += 1);
            r
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    view! {
        <div class="saved-filters">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let items = saved.await.unwrap_or_default();
                    items.into_iter().map(|f| {
                        let href = format!("/tickets?{}", f.query);
                        let id = f.id;
                        let (label, hidden_label) = (f.name.clone(), f.name.clone());
                        view! {
                            <span class="chip chip-saved" data-testid="saved-filter">
                                <A href=href>{label}</A>
                                <button type="button" class="button-quiet" title=move || Msg::ForgetFilter.text(locale.get())
                                    on:click=move |_| { forget.dispatch(id); }>
                                    <span aria-hidden="true">"×"</span>
                                    <span class="visually-hidden">{t(Msg::ForgetFilter)}" "{hidden_label}</span>
                                </button>
                            </span>
                        }
                    }).collect_view()
                })}
            </Transition>
            <form class="save-filter" on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((name.get_untracked(), location.search.get_untracked()));
            }>
                <label for="save-filter-name" class="visually-hidden">{t(Msg::FilterName)}</label>
                <input id="save-filter-name" placeholder=move || Msg::FilterName.text(locale.get())
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <button type="submit" class="button button-small" disabled=move || save.pending().get()>{t(Msg::SaveFilter)}</button>
                <span class="field-error">{move || errors.field("name").get().map(|m| m.text(locale.get()))}</span>
            </form>
        </div>
    }
}
