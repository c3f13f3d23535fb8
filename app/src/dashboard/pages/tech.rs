use super::ActivityList;
use crate::components::{title_of, PageTitle};
use crate::components::{ErrorBanner, LocalTime};
use crate::dashboard::api::dashboard_overview;
use crate::i18n::{t, Msg};
use crate::shell::use_session;
use leptos::prelude::*;

#[component]
pub fn TechHome() -> impl IntoView {
    let name = use_session().user.map(|u| u.full_name).unwrap_or_default();
    let data = Resource::new(|| (), |_| dashboard_overview());
    let now = chrono::Utc::now();
    view! {
        <PageTitle text=title_of(Msg::TechHomeTitle)/>
        <h1>{t(Msg::TechHomeTitle)}</h1>
        <p class="muted">{t(Msg::Welcome)}", "{name}" · "<LocalTime at=now/></p>
        <crate::field::pages::TechDay/>
        <p>{t(Msg::TechHomeIntro)}</p>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! {
                        <section class="card">
                            <h2>{t(Msg::LastSignIn)}</h2>
                            <p>{match o.previous_sign_in {
                                Some(at) => view! { <LocalTime at=at/> }.into_any(),
                                None => view! { <span>{t(Msg::Never)}</span> }.into_any(),
                            }}</p>
                        </section>
                        <section class="card">
                            <h2>{t(Msg::YourRecentActivity)}</h2>
                            <ActivityList entries=o.recent_activity/>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
