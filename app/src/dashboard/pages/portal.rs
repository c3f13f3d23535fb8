use crate::components::{title_of, PageTitle};
use crate::i18n::{t, use_i18n, Msg};
use crate::shell::use_session;
use leptos::prelude::*;

/// Public landing page of the portal; plain HTML that works without JavaScript.
#[component]
pub fn PortalLanding() -> impl IntoView {
    let signed_in = use_session().user.is_some_and(|u| u.is_customer());
    view! {
        <PageTitle text=title_of(Msg::PortalTagline)/>
        <section class="hero">
            <h1>{t(Msg::PortalLandingTitle)}</h1>
            <p>{t(Msg::PortalLandingBody)}</p>
            {if signed_in {
                view! { <a class="button button-primary" href="/portal/home">{t(Msg::PortalHomeTitle)}</a> }.into_any()
            } else {
                view! { <a class="button button-primary" href="/portal/login">{t(Msg::PortalSignInCta)}</a> }.into_any()
            }}
        </section>
    }
}

/// The customer's own summary. Service, usage and invoices join it as those modules land.
#[component]
pub fn PortalHome() -> impl IntoView {
    let user = use_session().user;
    let locale = use_i18n().locale;
    view! {
        <PageTitle text=title_of(Msg::PortalHomeTitle)/>
        <h1>{t(Msg::PortalHomeTitle)}</h1>
        <p class="muted">{t(Msg::PortalHomeIntro)}</p>
        {user.map(|u| view! {
            <section class="card">
                <h2>{t(Msg::Welcome)}", "{u.full_name.clone()}</h2>
                <dl class="facts">
                    <dt>{t(Msg::FieldUsername)}</dt><dd>{u.username.clone()}</dd>
                    <dt>{t(Msg::FieldEmail)}</dt><dd>{u.email.clone()}</dd>
                    <dt>{t(Msg::FieldRoles)}</dt>
                    <dd>{move || Msg::RoleCustomer.text(locale.get())}</dd>
                </dl>
            </section>
        })}
    }
}
