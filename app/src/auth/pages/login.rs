use crate::auth::api::Login;
use crate::components::{title_of, PageTitle};
use crate::components::{ErrorBanner, FieldErrorsOf, SuccessBanner, TextField};
use crate::i18n::{t, Msg};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StaffLoginPage() -> impl IntoView {
    view! {
        <LoginForm subtitle=Msg::SignInStaffSubtitle/>
        <p class="auth-alt"><a href="/portal/login">{t(Msg::CustomerPortalLink)}</a></p>
    }
}

#[component]
pub fn PortalLoginPage() -> impl IntoView {
    view! {
        <div class="portal-login">
            <LoginForm subtitle=Msg::SignInPortalSubtitle/>
            <p class="auth-alt"><a href="/login">{t(Msg::StaffLoginLink)}</a></p>
        </div>
    }
}

#[component]
fn LoginForm(subtitle: Msg) -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let fields = FieldErrorsOf::new(move || error.get());
    // With JavaScript, sign-in ends with a full page load so the new session is read fresh.
    Effect::new(move |_| {
        if let Some(Ok(target)) = action.value().get() {
            let _ = window().location().assign(&target);
        }
    });
    let pending = action.pending();
    let after_reset = Signal::derive(move || query.read().get("reset").is_some());
    view! {
        <PageTitle text=title_of(Msg::SignInTitle)/>
        <h1>{t(Msg::SignInTitle)}</h1>
        <p class="muted">{t(subtitle)}</p>
        <SuccessBanner show=after_reset msg=Msg::ResetDone/>
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <ErrorBanner error=error/>
            <input type="hidden" name="next" value=next/>
            <TextField
                label=Msg::FieldLogin
                name="login"
                autocomplete="username"
                error=fields.field("login")
                required=true
                autofocus=true
            />
            <TextField
                label=Msg::FieldPassword
                name="password"
                input_type="password"
                autocomplete="current-password"
                error=fields.field("password")
                required=true
            />
            <button type="submit" class="button button-primary button-block" disabled=move || pending.get()>
                {move || if pending.get() { t(Msg::SigningIn)() } else { t(Msg::SignIn)() }}
            </button>
        </ActionForm>
        <p class="auth-alt"><a href="/forgot-password">{t(Msg::ForgotPassword)}</a></p>
    }
}
