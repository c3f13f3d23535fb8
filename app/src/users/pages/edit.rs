use super::form::{UserFieldsEditor, UserFormState};
use super::status_label;
use crate::auth::model::UserId;
use crate::components::{title_of, use_route_id, PageTitle};
use crate::components::{ErrorBanner, FieldErrorsOf, LocalTime, SuccessBanner, TextField};
use crate::i18n::{t, Msg};
use crate::users::api::{get_user, CreateUser, SetUserActive, SetUserPassword, UpdateUser};
use crate::users::model::{UserFields, UserView};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn NewUserPage() -> impl IntoView {
    let state = UserFormState::new(UserFields::default());
    let password = RwSignal::new(String::new());
    let action = ServerAction::<CreateUser>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(user)) = action.value().get() {
            navigate(
                &format!("/admin/users/{}?created=1", user.id),
                Default::default(),
            );
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(CreateUser {
            fields: state.fields(),
            password: password.get(),
        });
    };
    view! {
        <PageTitle text=title_of(Msg::NewUser)/>
        <p><A href="/admin/users">"← "{t(Msg::UsersTitle)}</A></p>
        <h1>{t(Msg::NewUser)}</h1>
        <form class="form card" on:submit=submit novalidate=true>
            <ErrorBanner error=error/>
            <UserFieldsEditor state=state errors=errors/>
            <TextField label=Msg::InitialPassword name="password" input_type="password" value=password
                error=errors.field("password") autocomplete="new-password" hint=Msg::PasswordRules required=true/>
            <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                {t(Msg::CreateUser)}
            </button>
        </form>
    }
}

#[component]
pub fn EditUserPage() -> impl IntoView {
    let route_id = use_route_id();
    let id = Memo::new(move |_| route_id.get().map(UserId));
    let user = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_user(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <p><A href="/admin/users">"← "{t(Msg::UsersTitle)}</A></p>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(u) => view! { <EditUser user=u/> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditUser(user: UserView) -> impl IntoView {
    let query = use_query_map();
    let created = Signal::derive(move || query.read().get("created").is_some());
    let id = user.id;
    let state = UserFormState::new(UserFields {
        username: user.username.clone(),
        email: user.email.clone(),
        full_name: user.full_name.clone(),
        roles: user.roles.clone(),
    });
    // The version the form was loaded at; refreshed after each successful change.
    let version = RwSignal::new(user.updated_at);
    let active = RwSignal::new(user.active);
    let title = RwSignal::new(user.full_name.clone());

    let save = ServerAction::<UpdateUser>::new();
    let save_error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || save_error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(_))));

    let toggle = ServerAction::<SetUserActive>::new();
    let toggle_error = Signal::derive(move || toggle.value().get().and_then(Result::err));
    let toggled = Signal::derive(move || matches!(toggle.value().get(), Some(Ok(_))));

    Effect::new(move |_| {
        let latest = match (save.value().get(), toggle.value().get()) {
            (Some(Ok(a)), Some(Ok(b))) => Some(if a.updated_at >= b.updated_at { a } else { b }),
            (Some(Ok(a)), _) | (_, Some(Ok(a))) => Some(a),
            _ => None,
        };
        if let Some(u) = latest {
            version.set(u.updated_at);
            active.set(u.active);
            title.set(u.full_name);
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(UpdateUser {
            id,
            fields: state.fields(),
            version: version.get(),
        });
    };

    view! {
        <PageTitle text=title/>
        <div class="page-header">
            <h1>{move || title.get()}</h1>
            <span class="badge" class:badge-off=move || !active.get()>{move || t(status_label(active.get()))()}</span>
        </div>
        <SuccessBanner show=created msg=Msg::UserCreated/>
        <p class="muted">
            {t(Msg::ColLastLogin)}": "
            {match user.last_login_at {
                Some(at) => view! { <LocalTime at=at/> }.into_any(),
                None => view! { <span>{t(Msg::Never)}</span> }.into_any(),
            }}
        </p>
        <form class="form card" on:submit=submit novalidate=true>
            <h2>{t(Msg::EditUser)}</h2>
            <SuccessBanner show=saved msg=Msg::Saved/>
            <ErrorBanner error=save_error/>
            <UserFieldsEditor state=state errors=errors/>
            <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                {t(Msg::Save)}
            </button>
        </form>
        <section class="card">
            <h2>{t(Msg::FilterStatus)}</h2>
            <SuccessBanner show=Signal::derive(move || toggled.get() && !active.get()) msg=Msg::UserDeactivated/>
            <SuccessBanner show=Signal::derive(move || toggled.get() && active.get()) msg=Msg::UserReactivated/>
            <ErrorBanner error=toggle_error/>
            <button type="button" class="button"
                class:button-danger=move || active.get()
                on:click=move |_| { toggle.dispatch(SetUserActive { id, active: !active.get() }); }>
                {move || if active.get() { t(Msg::Deactivate)() } else { t(Msg::Reactivate)() }}
            </button>
        </section>
        <SetPasswordForm id=id/>
    }
}

#[component]
fn SetPasswordForm(id: UserId) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let action = ServerAction::<SetUserPassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let done = Signal::derive(move || matches!(action.value().get(), Some(Ok(()))));
    Effect::new(move |_| {
        if done.get() {
            password.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SetUserPassword {
            id,
            password: password.get(),
        });
    };
    view! {
        <form class="form card" on:submit=submit novalidate=true>
            <h2>{t(Msg::AdminResetPassword)}</h2>
            <p class="muted">{t(Msg::AdminResetPasswordHelp)}</p>
            <SuccessBanner show=done msg=Msg::PasswordSet/>
            <ErrorBanner error=error/>
            <TextField label=Msg::FieldNewPassword name="password" input_type="password" value=password
                error=errors.field("password") autocomplete="new-password" hint=Msg::PasswordRules/>
            <button type="submit" class="button" disabled=move || action.pending().get()>{t(Msg::AdminResetPassword)}</button>
        </form>
    }
}
