//! `/network/cis/:id/graph`: the CIs around one CI, drawn as a graph, with how far it
//! reaches up and down kept in the address (`?up=2&down=3`) so a link shows the same view.

use super::graph_canvas::GraphCanvas;
use crate::cmdb::api::ci_graph;
use crate::cmdb::model::graph::{clamp_depth, Health, DEFAULT_DEPTH, MAX_DEPTH};
use crate::components::{title_of, use_route_id, ErrorBanner, PageTitle};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn CiGraphPage() -> impl IntoView {
    let route_id = use_route_id();
    let id = move || route_id.get().unwrap_or(0);
    let query = use_query_map();
    let depth = move |name: &str| {
        query
            .read()
            .get(name)
            .and_then(|v| v.parse::<u8>().ok())
            .map(clamp_depth)
            .unwrap_or(DEFAULT_DEPTH)
    };
    let up = Memo::new(move |_| depth("up"));
    let down = Memo::new(move |_| depth("down"));
    let hood = Resource::new(
        move || (id(), up.get(), down.get()),
        |(id, up, down)| ci_graph(id, up, down),
    );
    let navigate = use_navigate();
    let go = move |up: u8, down: u8| {
        navigate(
            &format!("/network/cis/{}/graph?up={up}&down={down}", id()),
            Default::default(),
        );
    };
    let go_up = go.clone();
    view! {
        <PageTitle text=title_of(Msg::CiGraphTitle)/>
        <p><a href=move || format!("/network/cis/{}", id())>{t(Msg::BackToCi)}</a></p>
        <div class="page-header">
            <h1>{t(Msg::CiGraphTitle)}</h1>
            // A plain GET form, so the levels also change before the page is interactive.
            <form class="graph-depth" method="get" data-testid="graph-depth">
                <DepthChoice name="up" label=Msg::CiGraphUp value=up
                    on_pick=Callback::new(move |n| go_up(n, down.get_untracked()))/>
                <DepthChoice name="down" label=Msg::CiGraphDown value=down
                    on_pick=Callback::new(move |n| go(up.get_untracked(), n))/>
                <noscript><button type="submit">{t(Msg::CiGraph)}</button></noscript>
            </form>
        </div>
        <p class="muted small">{t(Msg::CiGraphHelp)}</p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match hood.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(hood) => view! { <GraphCanvas hood=hood/> }.into_any(),
                }
            })}
        </Transition>
        <Legend/>
    }
}

#[component]
fn DepthChoice(
    name: &'static str,
    label: Msg,
    value: Memo<u8>,
    on_pick: Callback<u8>,
) -> impl IntoView {
    view! {
        <label>
            {t(label)}" "
            <select name=name data-testid=format!("graph-{name}")
                on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<u8>() {
                        on_pick.run(n);
                    }
                }>
                {(1..=MAX_DEPTH).map(|n| view! {
                    <option value=n.to_string() selected=move || value.get() == n>{n}</option>
                }).collect_view()}
            </select>
            " "{t(Msg::CiGraphLevels)}
        </label>
    }
}

#[component]
fn Legend() -> impl IntoView {
    view! {
        <section class="panel graph-legend">
            <h2>{t(Msg::CiGraphLegend)}</h2>
            <ul>
                {Health::ALL.into_iter().map(|health| view! {
                    <li><span class=format!("swatch health-{}", health.code())></span>{t(health.label())}</li>
                }).collect_view()}
                <li><span class="graph-badge-sample">"3"</span>{t(Msg::CiGraphIncidents)}</li>
            </ul>
        </section>
    }
}
