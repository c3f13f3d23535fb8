use crate::auth::api::{RequestPasswordReset, ResetPassword};
use crate::components::{title_of, PageTitle};
use crate::components::{ErrorBanner, FieldErrorsOf, SuccessBanner, TextField};
use crate::i18n::{t, Msg};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Whether a no-JavaScript post came back successfully: the server sends the browser back
/// to the form, and only failures carry `__err`.
fn came_back_ok<T: Clone + Send + Sync + 'static>(
    value: impl Fn() -> Option<Result<T, crate::error::AppError>> + Send + Sync + 'static,
) -> Signal<bool> {
    Signal::derive(move || matches!(value(), Some(Ok(_))))
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let fields = FieldErrorsOf::new(move || error.get());
    let query = use_query_map();
    let ok = came_back_ok(move || action.value().get());
    let sent = Signal::derive(move || ok.get() || query.read().get("sent").is_some());
    view! {
        <PageTitle text=title_of(Msg::ForgotTitle)/>
        <h1>{t(Msg::ForgotTitle)}</h1>
        <p class="muted">{t(Msg::ForgotHelp)}</p>
        <SuccessBanner show=sent msg=Msg::ResetLinkSent/>
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <ErrorBanner error=error/>
            <TextField
                label=Msg::FieldEmail
                name="email"
                input_type="email"
                autocomplete="email"
                error=fields.field("email")
                required=true
            />
            <button type="submit" class="button button-primary button-block">{t(Msg::SendResetLink)}</button>
        </ActionForm>
        <p class="auth-alt"><a href="/login">{t(Msg::BackToSignIn)}</a></p>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let fields = FieldErrorsOf::new(move || error.get());
    let done = came_back_ok(move || action.value().get());
    view! {
        <PageTitle text=title_of(Msg::ResetTitle)/>
        <h1>{t(Msg::ResetTitle)}</h1>
        <SuccessBanner show=done msg=Msg::ResetDone/>
        <Show when=move || !done.get()>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <ErrorBanner error=error/>
                <input type="hidden" name="token" value=token/>
                <TextField
                    label=Msg::FieldNewPassword
                    name="new_password"
                    input_type="password"
                    autocomplete="new-password"
                    error=fields.field("new_password")
                    hint=Msg::PasswordRules
                    required=true
                />
                <TextField
                    label=Msg::FieldConfirmPassword
                    name="confirm_password"
                    input_type="password"
                    autocomplete="new-password"
                    error=fields.field("confirm_password")
                    required=true
                />
                <button type="submit" class="button button-primary button-block">{t(Msg::SetPassword)}</button>
            </ActionForm>
        </Show>
        <p class="auth-alt"><a href="/login">{t(Msg::BackToSignIn)}</a></p>
    }
}
