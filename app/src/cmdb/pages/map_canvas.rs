//! The map itself: a Leaflet map (vendored, driven by `public/map/simpul-map.js`) given the
//! points and cables as JSON with every text already in the user's language. Marker drops
//! and, for plants too big for one answer, the box in view come back as callbacks.

use crate::cmdb::model::map::{MapBounds, MapLayer, NetworkMap, PointState};
use crate::i18n::{t, use_i18n, Locale, Msg};
use leptos::prelude::*;
use serde::Serialize;

/// What the page shows: the map and the filter it answers (a new filter refits the view).
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub map: NetworkMap,
    pub filter_key: String,
}

#[derive(Serialize)]
struct JsPoint {
    id: i64,
    layer: &'static str,
    lat: f64,
    lng: f64,
    state: &'static str,
    size: u8,
    title: String,
    lines: Vec<String>,
    href: String,
    link: &'static str,
    draggable: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsData {
    points: Vec<JsPoint>,
    /// [lat, lng, lat, lng] per cable.
    cables: Vec<[f64; 4]>,
    fit: bool,
    follow_view: bool,
}

/// The colour class of a point: its occupancy, line state, or up/down.
pub fn state_code(state: &PointState) -> &'static str {
    match state {
        PointState::Plant { down: true } => "down",
        PointState::Plant { down: false } => "up",
        PointState::Odp { occupancy, .. } => occupancy.code(),
        PointState::Premise(state) => state.code(),
    }
}

/// The JSON the glue draws. `fit`: frame every point (a new filter).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn js_data(map: &NetworkMap, locale: Locale, fit: bool, following: bool) -> String {
    let text = |msg: Msg| msg.text(locale);
    let places: std::collections::HashMap<i64, (f64, f64)> = map
        .points
        .iter()
        .map(|p| (p.id, (p.latitude, p.longitude)))
        .collect();
    let points = map
        .points
        .iter()
        .map(|p| {
            let mut lines = vec![text(p.layer.label()).to_owned()];
            lines.push(match &p.state {
                PointState::Plant { down } => text(if *down {
                    Msg::MapPlantDown
                } else {
                    Msg::MapPlantUp
                })
                .to_owned(),
                PointState::Odp {
                    taken,
                    capacity,
                    occupancy,
                } => format!(
                    "{taken}/{capacity} {} · {}",
                    text(Msg::MapPortsUsed),
                    text(occupancy.label())
                ),
                PointState::Premise(state) => text(state.label()).to_owned(),
            });
            JsPoint {
                id: p.id,
                layer: p.layer.code(),
                lat: p.latitude,
                lng: p.longitude,
                state: state_code(&p.state),
                size: match p.layer {
                    MapLayer::Routers => 20,
                    MapLayer::Olts => 18,
                    MapLayer::Odcs | MapLayer::Odps => 14,
                    _ => 10,
                },
                title: format!("{} — {}", p.code, p.name),
                lines,
                href: format!("/network/cis/{}", p.id),
                link: text(Msg::MapOpenCi),
                draggable: map.can_move,
            }
        })
        .collect();
    let cables = map
        .cables
        .iter()
        .filter_map(|c| {
            let (a, b) = (places.get(&c.from)?, places.get(&c.to)?);
            Some([a.0, a.1, b.0, b.1])
        })
        .collect();
    serde_json::to_string(&JsData {
        points,
        cables,
        fit,
        follow_view: map.truncated || following,
    })
    .unwrap_or_default()
}

#[component]
pub fn MapCanvas(
    shown: ReadSignal<Option<Shown>>,
    /// Whether the data came for a box in view (keep following the view).
    following: Signal<bool>,
    on_move: Callback<(i64, f64, f64)>,
    on_view: Callback<MapBounds>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let failed = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    glue::drive(node, shown, following, on_move, on_view, failed);
    #[cfg(not(feature = "hydrate"))]
    let _ = (shown, following, on_move, on_view);
    view! {
        <div class="network-map" node_ref=node data-testid="network-map">
            <noscript><p class="muted">{t(Msg::MapNoScript)}</p></noscript>
        </div>
        <Show when=move || failed.get()>
            <p class="banner banner-error" role="alert">{t(Msg::MapLoadFailed)}</p>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod glue {
    use super::{js_data, Shown};
    use crate::cmdb::model::map::{Basemap, MapBounds, BASEMAP_PATH};
    use crate::i18n::use_i18n;
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    #[wasm_bindgen]
    extern "C" {
        pub type MapHandle;

        // `catch`: a missing glue script (blocked, failed to load) is an error shown on
        // the page, not a crash of the app.
        #[wasm_bindgen(catch, js_namespace = SimpulMap, js_name = mount)]
        fn mount(
            el: &web_sys::HtmlElement,
            options: &str,
            on_move: &js_sys::Function,
            on_view: &js_sys::Function,
        ) -> Result<MapHandle, JsValue>;

        #[wasm_bindgen(catch, method)]
        fn show(this: &MapHandle, data: &str) -> Result<(), JsValue>;

        #[wasm_bindgen(method)]
        fn destroy(this: &MapHandle);
    }

    fn options(basemap: &Basemap) -> String {
        let value = match basemap {
            Basemap::Blank => serde_json::json!({ "basemap": { "kind": "blank" } }),
            Basemap::Pmtiles => {
                serde_json::json!({ "basemap": { "kind": "pmtiles", "url": BASEMAP_PATH } })
            }
            Basemap::Xyz { url, attribution } => serde_json::json!({
                "basemap": { "kind": "xyz", "url": url, "attribution": attribution }
            }),
        };
        value.to_string()
    }

    pub fn drive(
        node: NodeRef<leptos::html::Div>,
        shown: ReadSignal<Option<Shown>>,
        following: Signal<bool>,
        on_move: Callback<(i64, f64, f64)>,
        on_view: Callback<MapBounds>,
        failed: RwSignal<bool>,
    ) {
        let locale = use_i18n().locale;
        let handle = StoredValue::new_local(None::<MapHandle>);
        let last_key = StoredValue::new(None::<String>);
        Effect::new(move |_| {
            let Some(el) = node.get() else { return };
            let Some(shown) = shown.get() else { return };
            let locale = locale.get();
            if handle.with_value(Option::is_none) {
                let moved = Closure::<dyn Fn(f64, f64, f64)>::new(move |id: f64, lat, lng| {
                    on_move.run((id as i64, lat, lng));
                });
                let viewed =
                    Closure::<dyn Fn(f64, f64, f64, f64)>::new(move |south, west, north, east| {
                        on_view.run(MapBounds {
                            south,
                            west,
                            north,
                            east,
                        });
                    });
                let el: &web_sys::HtmlElement = &el;
                match mount(
                    el,
                    &options(&shown.map.basemap),
                    moved.into_js_value().unchecked_ref(),
                    viewed.into_js_value().unchecked_ref(),
                ) {
                    Ok(map) => handle.set_value(Some(map)),
                    Err(_) => {
                        failed.set(true);
                        return;
                    }
                }
            }
            let fit = last_key.with_value(|k| k.as_deref() != Some(shown.filter_key.as_str()));
            last_key.set_value(Some(shown.filter_key.clone()));
            let data = js_data(&shown.map, locale, fit, following.get_untracked());
            handle.with_value(|h| {
                if let Some(h) = h {
                    if h.show(&data).is_err() {
                        failed.set(true);
                    }
                }
            });
        });
        on_cleanup(move || {
            handle.update_value(|h| {
                if let Some(h) = h.take() {
                    h.destroy();
                }
            });
        });
    }
}

/// The counts under the map: ODPs per occupancy colour, premises per line state.
#[component]
pub fn MapSummary(map: NetworkMap) -> impl IntoView {
    use crate::cmdb::model::map::{Occupancy, PremiseState};
    let locale = use_i18n().locale;
    let count = move |code: &'static str, layer: MapLayer| {
        map.points
            .iter()
            .filter(|p| p.layer == layer && state_code(&p.state) == code)
            .count()
    };
    let odps: Vec<(&'static str, Msg, usize)> = Occupancy::ALL
        .into_iter()
        .map(|o| (o.code(), o.label(), count(o.code(), MapLayer::Odps)))
        .collect();
    let premises: Vec<(&'static str, Msg, usize)> = PremiseState::ALL
        .into_iter()
        .map(|s| (s.code(), s.label(), count(s.code(), MapLayer::Premises)))
        .filter(|(_, _, n)| *n > 0)
        .collect();
    let row = move |layer: &'static str, (code, label, n): (&'static str, Msg, usize)| {
        view! {
            <li data-testid=format!("map-count-{layer}-{code}")>
                <span class=format!("map-swatch map-pin map-pin-{layer} state-{code}")></span>
                {move || label.text(locale.get())}": "<strong>{n}</strong>
            </li>
        }
    };
    view! {
        <section class="panel map-legend" data-testid="map-legend">
            <h2>{t(Msg::MapLayerOdps)}</h2>
            <ul>{odps.into_iter().map(|r| row("odps", r)).collect_view()}</ul>
            <h2>{t(Msg::MapLayerPremises)}</h2>
            <ul>{premises.into_iter().map(|r| row("premises", r)).collect_view()}</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmdb::model::map::{MapCable, MapPoint, Occupancy, PremiseState};

    fn point(id: i64, layer: MapLayer, state: PointState) -> MapPoint {
        MapPoint {
            id,
            layer,
            code: format!("CI-{id}"),
            name: "x".into(),
            latitude: -6.2,
            longitude: 106.8 + id as f64 / 100.0,
            state,
        }
    }

    #[test]
    fn the_glue_gets_colours_texts_and_cables_between_drawn_points() {
        let map = NetworkMap {
            points: vec![
                point(
                    1,
                    MapLayer::Odps,
                    PointState::Odp {
                        taken: 7,
                        capacity: 8,
                        occupancy: Occupancy::Yellow,
                    },
                ),
                point(
                    2,
                    MapLayer::Premises,
                    PointState::Premise(PremiseState::Online),
                ),
            ],
            cables: vec![MapCable { from: 1, to: 2 }, MapCable { from: 1, to: 99 }],
            can_move: true,
            ..Default::default()
        };
        let json: serde_json::Value =
            serde_json::from_str(&js_data(&map, Locale::En, true, false)).unwrap();
        assert_eq!(json["points"][0]["state"], "yellow");
        assert_eq!(
            json["points"][0]["lines"][1],
            "7/8 ports used · Ports used 70–90%"
        );
        assert_eq!(json["points"][1]["state"], "online");
        assert_eq!(json["points"][1]["draggable"], true);
        // The cable to a point not drawn is left out.
        assert_eq!(json["cables"].as_array().unwrap().len(), 1);
        assert_eq!(json["followView"], false);
    }
}
