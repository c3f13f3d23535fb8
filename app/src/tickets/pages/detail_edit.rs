//! Editing a ticket's descriptive fields in place. The save carries the version the form
//! was loaded from, so an edit never silently overwrites someone else's.

use crate::components::{ErrorBanner, FieldErrorsOf, TextField};
use crate::desk::api::ticket_form_options;
use crate::i18n::{t, use_i18n, Msg};
use crate::tickets::api::update_ticket;
use crate::tickets::model::{TicketDetail, TicketEdit};
use leptos::prelude::*;

#[component]
pub fn EditTicket(d: TicketDetail, refresh: Callback<()>, open: RwSignal<bool>) -> impl IntoView {
    let locale = use_i18n().locale;
    let id = d.summary.id;
    let version = d.summary.updated_at;
    let title = RwSignal::new(d.summary.title.clone());
    let description = RwSignal::new(d.description.clone());
    let category = RwSignal::new(
        d.summary
            .category
            .as_ref()
            .map(|c| c.id.to_string())
            .unwrap_or_default(),
    );
    let caller_name = RwSignal::new(d.caller_name.clone());
    let caller_contact = RwSignal::new(d.caller_contact.clone());
    let tags = RwSignal::new(d.summary.tags.join(", "));
    let options = Resource::new(|| (), |_| ticket_form_options());
    let save = Action::new(move |_: &()| {
        let edit = TicketEdit {
            title: title.get_untracked(),
            description: description.get_untracked(),
            category_id: category.get_untracked().parse().ok(),
            caller_name: caller_name.get_untracked(),
            caller_contact: caller_contact.get_untracked(),
            tags: tags.get_untracked().split(',').map(str::to_owned).collect(),
        };
        async move {
            let r = update_ticket(id, version, edit).await;
            if r.is_ok() {
                open.set(false);
                refresh.run(());
            }
            r
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    view! {
        <section class="panel" data-testid="edit-ticket">
            <h2>{t(Msg::EditTicket)}</h2>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                <ErrorBanner error=error/>
                <TextField label=Msg::FieldTitle name="edit-title" value=title error=errors.field("title") required=true/>
                <div class="field" class:field-invalid=move || errors.field("description").get().is_some()>
                    <label for="edit-description">{t(Msg::FieldDescription)}</label>
                    <textarea id="edit-description" rows="6" prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    <p class="field-hint">{t(Msg::MarkdownHint)}</p>
                    <p class="field-error">{move || errors.field("description").get().map(|m| m.text(locale.get()))}</p>
                </div>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let Ok(opts) = options.await else { return ().into_any() };
                        view! {
                            <div class="field" class:field-invalid=move || errors.field("category_id").get().is_some()>
                                <label for="edit-category">{t(Msg::FieldCategory)}</label>
                                <select id="edit-category" on:change=move |ev| category.set(event_target_value(&ev))>
                                    <option value="">{t(Msg::NoCategory)}</option>
                                    {opts.categories.into_iter().filter(|c| c.active).map(|c| {
                                        let v = c.id.to_string();
                                        let v2 = v.clone();
                                        view! { <option value=v selected=move || category.get() == v2>{c.path}</option> }
                                    }).collect_view()}
                                </select>
                                <p class="field-error">{move || errors.field("category_id").get().map(|m| m.text(locale.get()))}</p>
                            </div>
                        }.into_any()
                    })}
                </Suspense>
                <div class="form-row">
                    <TextField label=Msg::FieldCallerName name="edit-caller-name" value=caller_name error=errors.field("caller_name")/>
                    <TextField label=Msg::FieldCallerContact name="edit-caller-contact" value=caller_contact error=errors.field("caller_contact")/>
                </div>
                <TextField label=Msg::FieldTags name="edit-tags" value=tags error=errors.field("tags") hint=Msg::TagsHint/>
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{t(Msg::Cancel)}</button>
                    <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
                </div>
            </form>
        </section>
    }
}
