//! Creating or editing a customer. Phones are normalized and NIKs checked on the server;
//! errors appear beside the fields.

use crate::components::{ErrorBanner, FieldErrorsOf, FieldMessage, SaveCancel, TextField};
use crate::customers::api::save_customer;
use crate::customers::model::{CustomerCategory, CustomerDraft};
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn CustomerForm(
    draft: CustomerDraft,
    /// Called with the customer's id once the server accepted the form.
    saved: Callback<i64>,
    cancel: Callback<()>,
) -> impl IntoView {
    let id = draft.id;
    let full_name = RwSignal::new(draft.full_name);
    let phone = RwSignal::new(draft.phone);
    let email = RwSignal::new(draft.email);
    let address = RwSignal::new(draft.address);
    let latitude = RwSignal::new(draft.latitude);
    let longitude = RwSignal::new(draft.longitude);
    let nik = RwSignal::new(draft.nik);
    let category = RwSignal::new(draft.category);
    let notes = RwSignal::new(draft.notes);
    let save = Action::new(|draft: &CustomerDraft| save_customer(draft.clone()));
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            saved.run(id);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CustomerDraft {
            id,
            full_name: full_name.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            address: address.get_untracked(),
            latitude: latitude.get_untracked(),
            longitude: longitude.get_untracked(),
            nik: nik.get_untracked(),
            category: category.get_untracked(),
            notes: notes.get_untracked(),
        });
    };
    view! {
        <form class="panel form" on:submit=submit data-testid="customer-form">
            <h2>{t(if id == 0 { Msg::NewCustomer } else { Msg::EditCustomer })}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <TextField label=Msg::CustomerFullName name="full_name" value=full_name error=errors.field("full_name") required=true/>
            <div class="form-row">
                <TextField label=Msg::CustomerPhone name="phone" input_type="tel" value=phone
                    error=errors.field("phone") required=true hint=Msg::CustomerPhoneHint/>
                <TextField label=Msg::FieldEmail name="email" input_type="email" value=email error=errors.field("email")/>
            </div>
            <div class="field">
                <label for="field-address">{t(Msg::CustomerAddress)}</label>
                <textarea id="field-address" rows="2" prop:value=move || address.get()
                    on:input=move |ev| address.set(event_target_value(&ev))></textarea>
                <FieldMessage error=errors.field("address")/>
            </div>
            <div class="form-row">
                <TextField label=Msg::CustomerLatitude name="latitude" value=latitude error=errors.field("latitude") hint=Msg::CustomerCoordinatesHint/>
                <TextField label=Msg::CustomerLongitude name="longitude" value=longitude error=errors.field("longitude")/>
            </div>
            <div class="form-row">
                <TextField label=Msg::CustomerNik name="nik" value=nik error=errors.field("nik") hint=Msg::CustomerNikHint/>
                <div class="field">
                    <label for="field-category">{t(Msg::CustomerCategory)}</label>
                    <select id="field-category" on:change=move |ev| {
                        if let Some(c) = CustomerCategory::parse(&event_target_value(&ev)) {
                            category.set(c);
                        }
                    }>
                        {CustomerCategory::ALL.into_iter().map(|c| view! {
                            <option value=c.as_str() selected=move || category.get() == c>{t(c.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="field-notes">{t(Msg::CustomerNotes)}</label>
                <textarea id="field-notes" rows="2" prop:value=move || notes.get()
                    on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                <FieldMessage error=errors.field("notes")/>
            </div>
            <SaveCancel pending=save.pending() cancel=cancel/>
        </form>
    }
}
