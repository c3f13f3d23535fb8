use super::ActivityList;
use crate::components::{title_of, PageTitle};
use crate::components::{ErrorBanner, LocalTime};
use crate::dashboard::api::dashboard_overview;
use crate::dashboard::model::AccountStats;
use crate::i18n::{t, use_i18n, Msg};
use crate::shell::use_session;
use leptos::prelude::*;

#[component]
pub fn StaffDashboard() -> impl IntoView {
    let user = use_session().user;
    let locale = use_i18n().locale;
    let data = Resource::new(|| (), |_| dashboard_overview());
    let name = user
        .as_ref()
        .map(|u| u.full_name.clone())
        .unwrap_or_default();
    let roles = user.map(|u| u.roles).unwrap_or_default();
    view! {
        <PageTitle text=title_of(Msg::DashboardTitle)/>
        <h1>{t(Msg::Welcome)}", "{name}</h1>
        <p class="muted">
            {t(Msg::YourRoles)}": "
            {move || roles.iter().map(|r| r.label().text(locale.get())).collect::<Vec<_>>().join(", ")}
        </p>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! {
                        {o.stats.map(|s| view! { <StatCards stats=s/> })}
                        <div class="grid-2">
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
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StatCards(stats: AccountStats) -> impl IntoView {
    let card = |label: Msg, value: i64| {
        view! {
            <div class="stat">
                <span class="stat-value">{value}</span>
                <span class="stat-label">{t(label)}</span>
            </div>
        }
    };
    view! {
        <section class="stats" aria-label=move || t(Msg::DashboardTitle)()>
            {card(Msg::StaffCount, stats.active_staff)}
            {card(Msg::CustomerAccountCount, stats.active_customers)}
            {card(Msg::SignInsToday, stats.sign_ins_today)}
            {card(Msg::FailedSignInsToday, stats.failed_sign_ins_today)}
            {card(Msg::PendingOutbox, stats.outbox_pending)}
        </section>
    }
}
