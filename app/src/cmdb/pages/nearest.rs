//! "Nearest ODP with a free port" around a customer's house, for staff signing up a lead:
//! the ODPs nearest first, how far, how many ports are free, and whether a drop cable
//! reaches.

use super::CiLink;
use crate::cmdb::api::nearest_free_odps;
use crate::cmdb::model::ports::COVERAGE_RADIUS_M;
use crate::components::ErrorBanner;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// Distances as people say them: metres up to a kilometre, then kilometres.
pub fn distance_text(meters: f64) -> String {
    if meters < 1_000.0 {
        format!("{} m", meters.round() as i64)
    } else {
        format!("{:.1} km", meters / 1_000.0)
    }
}

#[component]
pub fn NearestOdps(point: Option<(f64, f64)>) -> impl IntoView {
    let Some((latitude, longitude)) = point else {
        return view! {
            <section class="panel" data-testid="nearest-odps">
                <h2>{t(Msg::NearestOdpTitle)}</h2>
                <p class="muted">{t(Msg::NearestOdpNoLocation)}</p>
            </section>
        }
        .into_any();
    };
    let found = Resource::new(
        move || (latitude, longitude),
        |(lat, lng)| nearest_free_odps(lat, lng),
    );
    view! {
        <section class="panel" data-testid="nearest-odps">
            <h2>{t(Msg::NearestOdpTitle)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(odps) if odps.is_empty() => view! { <p class="muted">{t(Msg::NearestOdpNone)}</p> }.into_any(),
                        Ok(odps) => view! {
                            <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">"ODP"</th>
                                    <th scope="col">{t(Msg::NearestOdpDistance)}</th>
                                    <th scope="col">{t(Msg::NearestOdpFree)}</th>
                                </tr></thead>
                                <tbody>
                                    {odps.into_iter().map(|odp| {
                                        let reach = odp.distance_m <= COVERAGE_RADIUS_M;
                                        view! {
                                            <tr data-odp=odp.ci.code.clone()>
                                                <td><CiLink ci=odp.ci.clone()/></td>
                                                <td class="nowrap">
                                                    {distance_text(odp.distance_m)}
                                                    {reach.then(|| view! { " "<span class="badge badge-reach">{t(Msg::NearestOdpReach)}</span> })}
                                                </td>
                                                <td>{format!("{} / {}", odp.free_ports, odp.capacity)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::distance_text;

    #[test]
    fn distances_read_in_metres_then_kilometres() {
        assert_eq!(distance_text(42.4), "42 m");
        assert_eq!(distance_text(999.4), "999 m");
        assert_eq!(distance_text(1_260.0), "1.3 km");
    }
}
