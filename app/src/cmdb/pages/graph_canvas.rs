//! The graph itself: SVG drawn from the layout, recomputed in the browser when a ×N group
//! is expanded; panned by dragging, zoomed by the wheel (around the pointer) or buttons.

use std::collections::HashSet;

use crate::cmdb::model::graph::layout::{
    layout, BoxKind, Placed, PlacedLink, BOX_HEIGHT, BOX_WIDTH,
};
use crate::cmdb::model::graph::{GraphCi, Neighbourhood};
use crate::i18n::{t, tr, use_i18n, Msg};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The part of the drawing in view, in drawing units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ViewBox {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

impl ViewBox {
    fn attribute(self) -> String {
        format!(
            "{:.1} {:.1} {:.1} {:.1}",
            self.x, self.y, self.width, self.height
        )
    }

    /// `factor` < 1 zooms in; the drawing point `at` stays under the pointer.
    fn zoomed(self, factor: f64, at: (f64, f64)) -> ViewBox {
        let factor = factor.clamp(0.2, 5.0);
        let width = (self.width * factor).clamp(80.0, 200_000.0);
        let factor = width / self.width;
        ViewBox {
            x: at.0 - (at.0 - self.x) * factor,
            y: at.1 - (at.1 - self.y) * factor,
            width,
            height: self.height * factor,
        }
    }

    fn centre(self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }
}

/// How the browser shows the view box in an element of `rect` pixels
/// (preserveAspectRatio "xMidYMid meet"): drawing units per pixel, and the empty margins.
fn scale_in(view: ViewBox, rect: (f64, f64)) -> (f64, f64, f64) {
    let scale = f64::max(view.width / rect.0.max(1.0), view.height / rect.1.max(1.0));
    let margin_x = (rect.0 - view.width / scale) / 2.0;
    let margin_y = (rect.1 - view.height / scale) / 2.0;
    (scale, margin_x, margin_y)
}

fn element_rect(ev: &web_sys::Event) -> Option<(f64, f64, f64, f64)> {
    let element = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let rect = element.get_bounding_client_rect();
    Some((rect.left(), rect.top(), rect.width(), rect.height()))
}

/// A drag in progress: where it started (pixels) and the view then.
#[derive(Clone, Copy)]
struct Drag {
    from: (f64, f64),
    view: ViewBox,
    moved: bool,
}

/// Pixels a press may move and still count as a click.
const CLICK_SLOP: f64 = 4.0;

#[component]
pub fn GraphCanvas(hood: Neighbourhood) -> impl IntoView {
    let hood = StoredValue::new(hood);
    let expanded = RwSignal::new(HashSet::<String>::new());
    let drawn = Memo::new(move |_| hood.with_value(|h| layout(h, &expanded.read())));
    let fit = move || {
        let d = drawn.get_untracked();
        ViewBox {
            x: 0.0,
            y: 0.0,
            width: d.width.max(BOX_WIDTH),
            height: d.height.max(BOX_HEIGHT),
        }
    };
    let view = RwSignal::new(fit());
    let drag = StoredValue::new(None::<Drag>);
    // A drag that ends on a CI must not open it.
    let dragged = StoredValue::new(false);

    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        dragged.set_value(false);
        drag.set_value(Some(Drag {
            from: (f64::from(ev.client_x()), f64::from(ev.client_y())),
            view: view.get_untracked(),
            moved: false,
        }));
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some(mut d) = drag.get_value() else {
            return;
        };
        let (dx, dy) = (
            f64::from(ev.client_x()) - d.from.0,
            f64::from(ev.client_y()) - d.from.1,
        );
        if !d.moved && dx.hypot(dy) < CLICK_SLOP {
            return;
        }
        if !d.moved {
            d.moved = true;
            dragged.set_value(true);
            // Captured only once it is a drag, so a click still reaches the CI under it.
            if let Some(el) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_pointer_capture(ev.pointer_id());
            }
            drag.set_value(Some(d));
        }
        let Some((_, _, w, h)) = element_rect(&ev) else {
            return;
        };
        let (scale, _, _) = scale_in(d.view, (w, h));
        view.set(ViewBox {
            x: d.view.x - dx * scale,
            y: d.view.y - dy * scale,
            ..d.view
        });
    };
    let on_up = move |_: web_sys::PointerEvent| drag.set_value(None);
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let Some((left, top, w, h)) = element_rect(&ev) else {
            return;
        };
        let current = view.get_untracked();
        let (scale, margin_x, margin_y) = scale_in(current, (w, h));
        let at = (
            current.x + (f64::from(ev.client_x()) - left - margin_x) * scale,
            current.y + (f64::from(ev.client_y()) - top - margin_y) * scale,
        );
        let factor = if ev.delta_y() > 0.0 { 1.2 } else { 1.0 / 1.2 };
        view.set(current.zoomed(factor, at));
    };
    let zoom = move |factor: f64| view.update(|v| *v = v.zoomed(factor, v.centre()));
    let cis_shown = move || drawn.with(|d| d.boxes.len());

    view! {
        <section class="panel graph-panel" data-testid="ci-graph">
            <div class="graph-tools">
                <button type="button" on:click=move |_| zoom(1.0 / 1.4) aria-label=move || tr(Msg::CiGraphZoomIn)>"+"</button>
                <button type="button" on:click=move |_| zoom(1.4) aria-label=move || tr(Msg::CiGraphZoomOut)>"−"</button>
                <button type="button" on:click=move |_| view.set(fit())>{t(Msg::CiGraphFit)}</button>
                <button type="button" data-testid="graph-collapse"
                    disabled=move || expanded.read().is_empty()
                    on:click=move |_| expanded.set(HashSet::new())>{t(Msg::CiGraphCollapse)}</button>
                <span class="muted small" data-testid="graph-count">{cis_shown}" "{t(Msg::CiGraphCounts)}</span>
            </div>
            {hood.with_value(|h| h.truncated).then(|| view! {
                <p class="banner warning" role="status">{t(Msg::CiGraphTruncated)}</p>
            })}
            <svg class="graph" role="img" aria-label=move || tr(Msg::CiGraphTitle)
                viewBox=move || view.get().attribute()
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up
                on:pointercancel=move |_| drag.set_value(None)
                on:wheel=on_wheel>
                <g class="graph-links">
                    {move || drawn.with(|d| d.links.iter().map(link_view).collect_view())}
                </g>
                <g class="graph-boxes">
                    {move || {
                        let boxes = drawn.with(|d| d.boxes.clone());
                        hood.with_value(|h| boxes.into_iter().map(|b| box_view(h, b, expanded, dragged)).collect_view())
                    }}
                </g>
            </svg>
        </section>
    }
}

fn link_view(link: &PlacedLink) -> impl IntoView {
    let class = format!(
        "graph-link link-{}{}",
        link.kind.code(),
        if link.count > 1 { " link-many" } else { "" }
    );
    let label = (link.count > 1).then(|| {
        let (x, y) = (
            (link.from.0 + link.to.0) / 2.0 + 6.0,
            (link.from.1 + link.to.1) / 2.0,
        );
        view! { <text class="graph-link-count" x=format!("{x:.1}") y=format!("{y:.1}")>{format!("×{}", link.count)}</text> }
    });
    view! {
        <path class=class d=link.path()/>
        {label}
    }
}

fn box_view(
    hood: &Neighbourhood,
    placed: Placed,
    expanded: RwSignal<HashSet<String>>,
    dragged: StoredValue<bool>,
) -> AnyView {
    let locale = use_i18n().locale.get_untracked();
    let at = format!("translate({:.1},{:.1})", placed.x, placed.y);
    match placed.kind {
        BoxKind::Ci(i) => {
            let ci: &GraphCi = &hood.cis[i];
            let root = if ci.id == hood.root {
                " graph-root"
            } else {
                ""
            };
            let class = format!("graph-node health-{}{root}", ci.health.code());
            let tip = format!("{} · {} · {}", ci.code, ci.name, tr(ci.health.label()));
            // The outer <g> puts the link in SVG: an <a> drawn alone would be HTML's.
            view! {
                <g>
                    <a href=format!("/network/cis/{}", ci.id) class="graph-ci"
                        on:click=move |ev| if dragged.get_value() { ev.prevent_default() }>
                        <g class=class transform=at data-ci=ci.code.clone() data-health=ci.health.code()>
                            <title>{tip}</title>
                            <rect width=BOX_WIDTH height=BOX_HEIGHT rx="6"/>
                            <text class="graph-code" x="10" y="20">{ci.short_code()}</text>
                            <text class="graph-name" x="10" y="38">{ci.short_name()}</text>
                            {badge(ci.open_incidents)}
                        </g>
                    </a>
                </g>
            }
            .into_any()
        }
        BoxKind::Group(group) => {
            let class_name = hood
                .class_name(&group.class)
                .map(|l| l.text(locale).to_owned())
                .unwrap_or_else(|| group.class.clone());
            let count = group.members.len();
            let key = group.key.clone();
            // A role="button" answers the keys a button does.
            let key_for_keys = group.key.clone();
            let tip = format!("×{count} {class_name} · {}", tr(group.health.label()));
            let class = format!("graph-node graph-group health-{}", group.health.code());
            view! {
                <g class=class transform=at role="button" tabindex="0"
                    data-group=group.class.clone() data-count=count data-health=group.health.code()
                    on:click=move |_| {
                        if !dragged.get_value() {
                            expanded.update(|e| { e.insert(key.clone()); });
                        }
                    }
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            expanded.update(|e| { e.insert(key_for_keys.clone()); });
                        }
                    }>
                    <title>{tip}</title>
                    <rect class="graph-stack" x="6" y="6" width=BOX_WIDTH height=BOX_HEIGHT rx="6"/>
                    <rect width=BOX_WIDTH height=BOX_HEIGHT rx="6"/>
                    <text class="graph-code" x="10" y="20">{format!("×{count} {class_name}")}</text>
                    <text class="graph-name" x="10" y="38">{t(group.health.label())}</text>
                    {badge(group.open_incidents)}
                </g>
            }
            .into_any()
        }
    }
}

/// The number of open incidents, in a red dot at the box's top-right corner.
fn badge(open: i64) -> Option<impl IntoView> {
    (open > 0).then(|| {
        view! {
            <g class="graph-badge" transform=format!("translate({:.1},0)", BOX_WIDTH)>
                <circle r="11"/>
                <text text-anchor="middle" y="4">{open}</text>
            </g>
        }
    })
}
