use super::use_session;
use crate::components::{title_of, PageTitle};
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// Sets the HTTP status of the page being rendered on the server.
fn set_page_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn Forbidden() -> impl IntoView {
    set_page_status(403);
    let home = use_session()
        .user
        .map(|u| u.home_path())
        .unwrap_or("/login");
    view! {
        <PageTitle text=title_of(Msg::ForbiddenTitle)/>
        <section class="error-page" aria-labelledby="error-title">
            <h1 id="error-title">{t(Msg::ForbiddenTitle)}</h1>
            <p>{t(Msg::ForbiddenBody)}</p>
            <a class="button" href=home>{t(Msg::GoToMyArea)}</a>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_page_status(404);
    let home = use_session()
        .user
        .map(|u| u.home_path())
        .unwrap_or("/login");
    view! {
        <PageTitle text=title_of(Msg::NotFoundTitle)/>
        <main class="error-page" aria-labelledby="error-title">
            <h1 id="error-title">{t(Msg::NotFoundTitle)}</h1>
            <p>{t(Msg::NotFoundBody)}</p>
            <a class="button" href=home>{t(Msg::GoToMyArea)}</a>
        </main>
    }
}
