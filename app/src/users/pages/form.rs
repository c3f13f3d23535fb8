use crate::auth::model::Role;
use crate::components::{FieldErrorsOf, TextField};
use crate::i18n::{t, use_i18n, Msg};
use crate::users::model::UserFields;
use leptos::prelude::*;

/// The editable fields of an account, as signals the create and edit pages submit.
#[derive(Clone, Copy)]
pub struct UserFormState {
    pub username: RwSignal<String>,
    pub email: RwSignal<String>,
    pub full_name: RwSignal<String>,
    pub roles: RwSignal<Vec<Role>>,
}

impl UserFormState {
    pub fn new(fields: UserFields) -> Self {
        UserFormState {
            username: RwSignal::new(fields.username),
            email: RwSignal::new(fields.email),
            full_name: RwSignal::new(fields.full_name),
            roles: RwSignal::new(fields.roles),
        }
    }

    pub fn fields(&self) -> UserFields {
        UserFields {
            username: self.username.get(),
            email: self.email.get(),
            full_name: self.full_name.get(),
            roles: self.roles.get(),
        }
    }
}

#[component]
pub fn UserFieldsEditor(state: UserFormState, errors: FieldErrorsOf) -> impl IntoView {
    let locale = use_i18n().locale;
    let roles_error = errors.field("roles");
    view! {
        <TextField label=Msg::FieldFullName name="full_name" value=state.full_name
            error=errors.field("full_name") required=true autocomplete="off"/>
        <TextField label=Msg::FieldUsername name="username" value=state.username
            error=errors.field("username") required=true autocomplete="off" hint=Msg::ValUsernameInvalid/>
        <TextField label=Msg::FieldEmail name="email" input_type="email" value=state.email
            error=errors.field("email") required=true autocomplete="off"/>
        <fieldset class="field" class:field-invalid=move || roles_error.get().is_some()
            aria-describedby="roles-error">
            <legend>{t(Msg::FieldRoles)}</legend>
            <div class="checkbox-group">
                {Role::ALL.into_iter().map(|role| {
                    let id = format!("role-{}", role.code());
                    let label_for = id.clone();
                    view! {
                        <label class="checkbox" for=label_for>
                            <input type="checkbox" id=id name="roles" value=role.code()
                                checked=state.roles.get_untracked().contains(&role)
                                prop:checked=move || state.roles.get().contains(&role)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    state.roles.update(|roles| {
                                        roles.retain(|r| *r != role);
                                        if on { roles.push(role); roles.sort(); }
                                    });
                                }/>
                            <span>{t(role.label())}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <p class="field-error" id="roles-error" aria-live="polite">
                {move || roles_error.get().map(|m| m.text(locale.get()))}
            </p>
        </fieldset>
    }
}
