//! `/network/map`: the plant at its coordinates. Layers and the router are kept in the
//! address (`?layers=odps,premises&nas=2`) so a link opens the same map.

use super::map_canvas::{MapCanvas, MapSummary, Shown};
use crate::cmdb::api::{move_ci, plant_map};
use crate::cmdb::model::map::{Basemap, MapBounds, MapFilter, MapLayer};
use crate::components::{title_of, ErrorBanner, PageTitle};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The layers an address asks for; none named means all.
fn parse_layers(raw: Option<String>) -> Vec<MapLayer> {
    let mut layers: Vec<MapLayer> = raw
        .unwrap_or_default()
        .split(',')
        .filter_map(MapLayer::parse)
        .collect();
    layers.sort();
    layers.dedup();
    layers
}

fn address(layers: &[MapLayer], nas: Option<i64>) -> String {
    let mut query = Vec::new();
    if !layers.is_empty() && layers.len() < MapLayer::ALL.len() {
        let codes: Vec<&str> = layers.iter().map(|l| l.code()).collect();
        query.push(format!("layers={}", codes.join(",")));
    }
    if let Some(nas) = nas {
        query.push(format!("nas={nas}"));
    }
    if query.is_empty() {
        "/network/map".into()
    } else {
        format!("/network/map?{}", query.join("&"))
    }
}

#[component]
pub fn NetworkMapPage() -> impl IntoView {
    let query = use_query_map();
    let layers = Memo::new(move |_| parse_layers(query.read().get("layers")));
    let nas = Memo::new(move |_| query.read().get("nas").and_then(|v| v.parse::<i64>().ok()));
    // The box in view, asked for only once the plant is too big for one answer; a new
    // filter starts again from the whole plant.
    let bounds = RwSignal::new(None::<MapBounds>);
    Effect::new(move |_| {
        let _ = (layers.get(), nas.get());
        bounds.set(None);
    });
    let plant = Resource::new(
        move || (layers.get(), nas.get(), bounds.get()),
        |(layers, nas_id, bounds)| {
            plant_map(MapFilter {
                layers,
                nas_id,
                bounds,
            })
        },
    );
    let (shown, set_shown) = signal(None::<Shown>);
    Effect::new(move |_| {
        if let Some(Ok(map)) = plant.get() {
            let filter_key = address(&layers.get_untracked(), nas.get_untracked());
            set_shown.set(Some(Shown { map, filter_key }));
        }
    });
    let mover = Action::new(|(id, lat, lng): &(i64, f64, f64)| move_ci(*id, *lat, *lng));
    let moved = mover.value();
    Effect::new(move |_| {
        // Saved or refused, the map redraws from the server: a refused move snaps back.
        if moved.get().is_some() {
            plant.refetch();
        }
    });
    let navigate = use_navigate();
    let go = move |layers: Vec<MapLayer>, nas: Option<i64>| {
        navigate(&address(&layers, nas), Default::default());
    };
    let go_layer = go.clone();
    // Answers false when the change would leave no layer (the box stays ticked).
    let toggle = move |layer: MapLayer, on: bool| {
        let mut chosen = layers.get_untracked();
        if chosen.is_empty() {
            chosen = MapLayer::ALL.to_vec();
        }
        chosen.retain(|l| *l != layer);
        if on {
            chosen.push(layer);
            chosen.sort();
        }
        if chosen.is_empty() {
            return false;
        }
        go_layer(chosen, nas.get_untracked());
        true
    };
    view! {
        <PageTitle text=title_of(Msg::MapTitle)/>
        <div class="page-header">
            <h1>{t(Msg::MapTitle)}</h1>
        </div>
        <div class="map-filters" data-testid="map-filters">
            <fieldset>
                <legend>{t(Msg::MapLayers)}</legend>
                {MapLayer::ALL.into_iter().map(|layer| {
                    let toggle = toggle.clone();
                    view! {
                        <label class="map-layer">
                            <input type="checkbox" data-testid=format!("map-layer-{}", layer.code())
                                prop:checked=move || {
                                    let chosen = layers.get();
                                    chosen.is_empty() || chosen.contains(&layer)
                                }
                                on:change=move |ev| {
                                    if !toggle(layer, event_target_checked(&ev)) {
                                        event_target::<web_sys::HtmlInputElement>(&ev).set_checked(true);
                                    }
                                }/>
                            " "{t(layer.label())}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label>
                {t(Msg::MapRouter)}" "
                <select data-testid="map-router"
                    on:change=move |ev| {
                        let value = event_target_value(&ev).parse::<i64>().ok();
                        go(layers.get_untracked(), value);
                    }>
                    <option value="" selected=move || nas.get().is_none()>{t(Msg::MapAllRouters)}</option>
                    {move || shown.get().map(|s| s.map.routers).unwrap_or_default().into_iter().map(|r| {
                        let id = r.nas_id;
                        view! {
                            <option value=id.to_string() selected=move || nas.get() == Some(id)>{r.name}</option>
                        }
                    }).collect_view()}
                </select>
            </label>
        </div>
        <p class="muted small">{t(Msg::MapHelp)}</p>
        {move || mover.value().get().map(|moved| match moved {
            Ok(()) => view! {
                <p class="banner banner-success" role="status">{t(Msg::MapMoved)}</p>
            }.into_any(),
            Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
        })}
        <MapCanvas shown=shown following=Signal::derive(move || bounds.get().is_some())
            on_move=Callback::new(move |(id, lat, lng)| { mover.dispatch((id, lat, lng)); })
            on_view=Callback::new(move |b| bounds.set(Some(b)))/>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match plant.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(map) => view! {
                        {map.truncated.then(|| view! {
                            <p class="banner banner-warn" data-testid="map-truncated">{t(Msg::MapTruncated)}</p>
                        })}
                        {(map.basemap == Basemap::Blank).then(|| view! {
                            <p class="muted small">{t(Msg::MapBasemapBlank)}</p>
                        })}
                        {(map.unplaced > 0).then(|| view! {
                            <p class="muted small" data-testid="map-unplaced">
                                {t(Msg::MapUnplaced)}" "<a href="/network/cis">{map.unplaced}</a>
                            </p>
                        })}
                        <MapSummary map=map/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_keeps_the_filter_and_drops_what_is_default() {
        assert_eq!(address(&[], None), "/network/map");
        assert_eq!(address(&MapLayer::ALL, Some(3)), "/network/map?nas=3");
        assert_eq!(
            address(&[MapLayer::Odps, MapLayer::Premises], None),
            "/network/map?layers=odps,premises"
        );
        assert_eq!(
            parse_layers(Some("premises,odps,bogus,odps".into())),
            vec![MapLayer::Odps, MapLayer::Premises]
        );
        assert!(parse_layers(None).is_empty());
    }
}
