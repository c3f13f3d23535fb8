//! Making a portal account for a customer who has none.

use crate::components::{ErrorBanner, FieldErrorsOf, TextField};
use crate::customers::api::create_portal_login;
use crate::customers::model::PortalLoginDraft;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn PortalLoginPanel(customer_id: i64, email: String, reload: Callback<()>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(email);
    let password = RwSignal::new(String::new());
    let create = Action::new(|d: &PortalLoginDraft| create_portal_login(d.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = create.value().get() {
            reload.run(());
        }
    });
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(PortalLoginDraft {
            customer_id,
            username: username.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="portal-login-form">
            <h3>{t(Msg::CreatePortalLogin)}</h3>
            <p class="muted small">{t(Msg::CreatePortalLoginHint)}</p>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="form-row">
                <TextField label=Msg::FieldUsername name="portal_username" autocomplete="off" value=username error=errors.field("username") required=true/>
                <TextField label=Msg::FieldEmail name="portal_email" input_type="email" value=email error=errors.field("email") required=true/>
                <TextField label=Msg::FieldPassword name="portal_password" input_type="password" autocomplete="new-password"
                    value=password error=errors.field("password") required=true hint=Msg::PasswordRules/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || create.pending().get()>{t(Msg::CreatePortalLogin)}</button>
            </div>
        </form>
    }
}
