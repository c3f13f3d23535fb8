//! Adding or editing a NAS, with "Test connection" on the values in the form.

use super::facts::FactsList;
use crate::components::{
    save_action, ErrorBanner, FieldErrorsOf, FieldMessage, SaveCancel, TextField,
};
use crate::i18n::{t, Msg};
use crate::nas::api::{save_nas, test_nas_connection};
use crate::nas::model::{ApiKind, NasDraft};
use leptos::prelude::*;

#[component]
pub fn NasForm(draft: NasDraft, saved: Callback<()>, cancel: Callback<()>) -> impl IntoView {
    let id = draft.id;
    let name = RwSignal::new(draft.name);
    let site = RwSignal::new(draft.site);
    let host = RwSignal::new(draft.host);
    let kind = RwSignal::new(draft.api_kind);
    let port = RwSignal::new(draft.port.to_string());
    let tls_verify = RwSignal::new(draft.tls_verify);
    let username = RwSignal::new(draft.username);
    let password = RwSignal::new(String::new());
    let radius_secret = RwSignal::new(String::new());
    let tags = RwSignal::new(draft.tags);
    let notes = RwSignal::new(draft.notes);
    let active = RwSignal::new(draft.active);
    let current = move || NasDraft {
        id,
        name: name.get_untracked(),
        site: site.get_untracked(),
        host: host.get_untracked(),
        api_kind: kind.get_untracked(),
        // An unparsable port becomes 0, which the server refuses with a field error.
        port: port.get_untracked().trim().parse().unwrap_or(0),
        tls_verify: tls_verify.get_untracked(),
        username: username.get_untracked(),
        password: password.get_untracked(),
        radius_secret: radius_secret.get_untracked(),
        tags: tags.get_untracked(),
        notes: notes.get_untracked(),
        active: active.get_untracked(),
    };
    let save = save_action(saved, save_nas);
    let test = Action::new(|draft: &NasDraft| test_nas_connection(draft.clone()));
    let save_error = Signal::derive(move || save.value().get().and_then(Result::err));
    let test_error = Signal::derive(move || test.value().get().and_then(Result::err));
    // Field errors of whichever ran last.
    let errors = FieldErrorsOf::new(move || {
        save_error
            .get()
            .filter(|e| e.field_errors().is_some())
            .or_else(|| test_error.get().filter(|e| e.field_errors().is_some()))
    });
    let on_kind = move |ev: leptos::ev::Event| {
        let Some(new_kind) = ApiKind::parse(&event_target_value(&ev)) else {
            return;
        };
        // Follow the kind's usual port unless the admin typed another one.
        let old_default = kind.get_untracked().default_port().to_string();
        if port.get_untracked().trim() == old_default || port.get_untracked().trim().is_empty() {
            port.set(new_kind.default_port().to_string());
        }
        kind.set(new_kind);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(current());
    };
    let editing = id != 0;
    view! {
        <form class="panel form" on:submit=submit data-testid="nas-form">
            <h2>{t(if editing { Msg::EditNas } else { Msg::NewNas })}</h2>
            <ErrorBanner error=Signal::derive(move || save_error.get().filter(|e| e.field_errors().is_none()))/>
            <TextField label=Msg::ColName name="name" value=name error=errors.field("name") required=true/>
            <TextField label=Msg::NasSite name="site" value=site error=errors.field("site") hint=Msg::NasSiteHint/>
            <div class="form-row">
                <TextField label=Msg::NasHost name="host" value=host error=errors.field("host") required=true hint=Msg::NasHostHint/>
                <div class="field">
                    <label for="field-api-kind">{t(Msg::NasApiKind)}</label>
                    <select id="field-api-kind" on:change=on_kind>
                        {ApiKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=move || kind.get() == k>{t(k.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField label=Msg::NasPort name="port" input_type="number" value=port error=errors.field("port") required=true/>
            </div>
            <Show when=move || kind.get().uses_tls()>
                <div class="field field-check">
                    <label>
                        <input type="checkbox" prop:checked=move || tls_verify.get()
                            on:change=move |ev| tls_verify.set(event_target_checked(&ev))/>
                        {t(Msg::NasTlsVerify)}
                    </label>
                    <p class="field-hint">{t(Msg::NasTlsVerifyHint)}</p>
                </div>
            </Show>
            <div class="form-row">
                <TextField label=Msg::NasUsername name="username" autocomplete="off" value=username
                    error=errors.field("username") required=true/>
                <TextField label=Msg::NasPassword name="password" input_type="password" autocomplete="new-password"
                    value=password error=errors.field("password") required=!editing
                    hint=if editing { Msg::NasPasswordKeep } else { Msg::NasPasswordHint }/>
            </div>
            <TextField label=Msg::NasRadiusSecret name="radius_secret" input_type="password" autocomplete="new-password"
                value=radius_secret error=errors.field("radius_secret") hint=Msg::NasRadiusSecretHint/>
            <TextField label=Msg::NasTags name="tags" value=tags error=errors.field("tags") hint=Msg::NasTagsHint/>
            <div class="field">
                <label for="field-notes">{t(Msg::NasNotes)}</label>
                <textarea id="field-notes" rows="2" prop:value=move || notes.get()
                    on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                <FieldMessage error=errors.field("notes")/>
            </div>
            <div class="field field-check">
                <label>
                    <input type="checkbox" prop:checked=move || active.get()
                        on:change=move |ev| active.set(event_target_checked(&ev))/>
                    {t(Msg::NasActive)}
                </label>
            </div>
            <div class="test-connection" aria-live="polite" data-testid="test-result">
                <button type="button" class="button" disabled=move || test.pending().get()
                    on:click=move |_| { test.dispatch(current()); }>
                    {move || t(if test.pending().get() { Msg::NasTesting } else { Msg::NasTestConnection })()}
                </button>
                {move || match test.value().get() {
                    Some(Ok(facts)) => view! {
                        <div class="banner banner-success" role="status">
                            <span class="banner-icon" aria-hidden="true">"✓"</span>
                            <span>{t(Msg::NasTestOk)}</span>
                        </div>
                        <FactsList facts=facts/>
                    }.into_any(),
                    Some(Err(e)) if e.field_errors().is_none() => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
            <SaveCancel pending=save.pending() cancel=cancel/>
        </form>
    }
}
