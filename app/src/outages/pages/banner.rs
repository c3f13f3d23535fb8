//! On the portal: "an outage in your area is being handled", with the desk's public
//! updates, so customers know without reporting it again. Rendered on the server (the
//! portal works without JavaScript).

use crate::components::LocalTime;
use crate::i18n::{t, Msg};
use crate::outages::api::my_outages;
use leptos::prelude::*;

#[component]
pub fn OutageBanner() -> impl IntoView {
    let outages = Resource::new(|| (), |_| my_outages());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // The notice is a courtesy on top of the report form: when it cannot be read,
                // the form still works, so the failure is logged rather than shown.
                let outages = outages.await.unwrap_or_else(|error| {
                    leptos::logging::warn!("outage notice unavailable: {error:?}");
                    Vec::new()
                });
                outages.into_iter().map(|o| view! {
                    <section class="banner outage-banner" role="status" data-testid="outage-banner">
                        <h2>{t(Msg::OutageBannerTitle)}</h2>
                        <p>
                            {t(Msg::OutageBannerSince)}" "<LocalTime at=o.since/>
                            " · "{o.number.clone()}" · "{o.lines.join(", ")}
                        </p>
                        <ul class="outage-updates">
                            {o.updates.into_iter().map(|u| view! {
                                <li>
                                    <p class="muted small"><LocalTime at=u.at/>" · "{u.author.clone()}</p>
                                    <div class="markdown" inner_html=u.body_html.clone()></div>
                                </li>
                            }).collect_view()}
                        </ul>
                        <p class="small">{t(Msg::OutageBannerNoNeed)}</p>
                    </section>
                }).collect_view()
            })}
        </Suspense>
    }
}
