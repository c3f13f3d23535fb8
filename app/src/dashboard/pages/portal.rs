use crate::components::{title_of, PageTitle};
use crate::i18n::{t, Msg};
use crate::portal::pages::MyLines;
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
            " "
            <a class="button" href="/portal/coverage">{t(Msg::CoverageCheckLink)}</a>
        </section>
    }
}

/// The customer's own summary: their lines and whether each is online now. Usage and
/// invoices join it as those modules land.
#[component]
pub fn PortalHome() -> impl IntoView {
    let user = use_session().user;
    view! {
        <PageTitle text=title_of(Msg::PortalHomeTitle)/>
        <h1>{t(Msg::PortalHomeTitle)}</h1>
        {user.map(|u| view! { <p class="muted">{t(Msg::Welcome)}", "{u.full_name.clone()}</p> })}
        <MyLines/>
        <p class="portal-actions">
            <a class="button button-primary" href="/portal/report">{t(Msg::ReportFault)}</a>
            " "
            <a class="button" href="/portal/tickets">{t(Msg::MyTickets)}</a>
        </p>
    }
}
