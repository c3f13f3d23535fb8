use crate::auth::api::{ChangePassword, SetPreferences};
use crate::components::time::UserTimeZone;
use crate::components::{title_of, PageTitle};
use crate::components::{ErrorBanner, FieldErrorsOf, SuccessBanner, TextField};
use crate::format::TimeZone;
use crate::i18n::{t, use_i18n, Locale, Msg};
use crate::shell::use_session;
use leptos::prelude::*;

/// The signed-in user's own account, in whichever area they are.
#[component]
pub fn AccountPage() -> impl IntoView {
    let user = use_session().user;
    let locale = use_i18n().locale;
    view! {
        <PageTitle text=title_of(Msg::AccountTitle)/>
        <h1>{t(Msg::AccountTitle)}</h1>
        {user.map(|u| {
            let roles = u.roles.clone();
            view! {
                <section class="card" aria-labelledby="profile-title">
                    <h2 id="profile-title">{t(Msg::Profile)}</h2>
                    <dl class="facts">
                        <dt>{t(Msg::FieldFullName)}</dt><dd>{u.full_name.clone()}</dd>
                        <dt>{t(Msg::FieldUsername)}</dt><dd>{u.username.clone()}</dd>
                        <dt>{t(Msg::FieldEmail)}</dt><dd>{u.email.clone()}</dd>
                        <dt>{t(Msg::FieldRoles)}</dt>
                        <dd>{move || roles.iter().map(|r| r.label().text(locale.get())).collect::<Vec<_>>().join(", ")}</dd>
                    </dl>
                </section>
            }
        })}
        <PreferencesForm/>
        <ChangePasswordForm/>
    }
}

#[component]
fn PreferencesForm() -> impl IntoView {
    let i18n = use_i18n();
    let zone = expect_context::<UserTimeZone>().0;
    let chosen_locale = RwSignal::new(i18n.locale.get_untracked());
    let chosen_zone = RwSignal::new(zone.get_untracked());
    let action = ServerAction::<SetPreferences>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let saved = Signal::derive(move || matches!(action.value().get(), Some(Ok(()))));
    Effect::new(move |_| {
        if saved.get() {
            i18n.locale.set(chosen_locale.get_untracked());
            zone.set(chosen_zone.get_untracked());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SetPreferences {
            locale: chosen_locale.get(),
            time_zone: chosen_zone.get(),
        });
    };
    view! {
        <section class="card" aria-labelledby="prefs-title">
            <h2 id="prefs-title">{t(Msg::Preferences)}</h2>
            <form class="form" on:submit=submit>
                <SuccessBanner show=saved msg=Msg::Saved/>
                <ErrorBanner error=error/>
                <div class="field">
                    <label for="pref-locale">{t(Msg::Language)}</label>
                    <select id="pref-locale" on:change=move |ev| {
                        if let Some(l) = Locale::from_code(&event_target_value(&ev)) { chosen_locale.set(l) }
                    }>
                        {Locale::ALL.into_iter().map(|l| view! {
                            <option value=l.code() selected=move || chosen_locale.get() == l>{l.native_name()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="pref-zone">{t(Msg::FieldTimeZone)}</label>
                    <select id="pref-zone" on:change=move |ev| {
                        if let Some(z) = TimeZone::from_iana(&event_target_value(&ev)) { chosen_zone.set(z) }
                    }>
                        {TimeZone::ALL.into_iter().map(|z| view! {
                            <option value=z.iana() selected=move || chosen_zone.get() == z>{t(z.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button-primary">{t(Msg::Save)}</button>
            </form>
        </section>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let action = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let fields = FieldErrorsOf::new(move || error.get());
    let changed = Signal::derive(move || matches!(action.value().get(), Some(Ok(()))));
    Effect::new(move |_| {
        if changed.get() {
            current.set(String::new());
            new.set(String::new());
            confirm.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ChangePassword {
            current_password: current.get(),
            new_password: new.get(),
            confirm_password: confirm.get(),
        });
    };
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">{t(Msg::ChangePassword)}</h2>
            <form class="form" on:submit=submit novalidate=true>
                <SuccessBanner show=changed msg=Msg::PasswordChanged/>
                <ErrorBanner error=error/>
                <TextField label=Msg::FieldCurrentPassword name="current_password" input_type="password"
                    autocomplete="current-password" value=current error=fields.field("current_password")/>
                <TextField label=Msg::FieldNewPassword name="new_password" input_type="password"
                    autocomplete="new-password" value=new error=fields.field("new_password") hint=Msg::PasswordRules/>
                <TextField label=Msg::FieldConfirmPassword name="confirm_password" input_type="password"
                    autocomplete="new-password" value=confirm error=fields.field("confirm_password")/>
                <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                    {t(Msg::ChangePassword)}
                </button>
            </form>
        </section>
    }
}
