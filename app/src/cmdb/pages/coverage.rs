//! `/portal/coverage`: a prospective customer checks whether the network reaches their
//! house. Public, and a plain GET form so it works without JavaScript; with JavaScript a
//! button fills in the phone's own location. The answer says only covered or not and
//! roughly how far: no plant codes, nothing about other customers.

use crate::cmdb::api::check_coverage;
use crate::cmdb::model::ports::Coverage;
use crate::components::{title_of, ErrorBanner, PageTitle};
use crate::error::AppError;
use crate::i18n::{t, tr, Msg};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn CoveragePage() -> impl IntoView {
    let query = use_query_map();
    let typed = move || query.read().get("at").unwrap_or_default();
    let answer = Resource::new(typed, |at| async move {
        if at.trim().is_empty() {
            None
        } else {
            Some(check_coverage(at).await)
        }
    });
    view! {
        <PageTitle text=title_of(Msg::CoverageTitle)/>
        <h1>{t(Msg::CoverageTitle)}</h1>
        <p>{t(Msg::CoverageIntro)}</p>
        <form class="form" method="get" action="/portal/coverage" data-testid="coverage-form">
            <div class="field">
                <label for="coverage-at">{t(Msg::CoveragePoint)}</label>
                <input id="coverage-at" name="at" type="text" inputmode="decimal" autocomplete="off"
                    placeholder="-6.2000, 106.8166" prop:value=typed/>
            </div>
            <p class="form-actions">
                <button type="submit" class="button button-primary">{t(Msg::CoverageCheck)}</button>
                " "
                <UseMyLocation/>
            </p>
        </form>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                answer.await.map(|answer| view! { <CoverageAnswer answer=answer/> })
            })}
        </Suspense>
    }
}

#[component]
fn CoverageAnswer(answer: Result<Coverage, AppError>) -> impl IntoView {
    let coverage = match answer {
        Ok(coverage) => coverage,
        Err(error) => {
            // The one field error this page can have reads best as the message itself.
            let field = error.field_errors().and_then(|f| f.get("point"));
            return match field {
                Some(msg) => view! { <p class="banner banner-error" role="alert" data-testid="coverage-error">{t(msg)}</p> }.into_any(),
                None => view! { <ErrorBanner error=Some(error)/> }.into_any(),
            };
        }
    };
    let contact = (!coverage.isp_contact.is_empty()).then(|| {
        view! {
            <p>{t(Msg::CoverageContact)}" "<strong>{coverage.isp_name.clone()}</strong>": "{coverage.isp_contact.clone()}</p>
        }
    });
    match (coverage.covered, coverage.distance_m) {
        (true, Some(distance)) => view! {
            <div class="banner banner-success" data-testid="coverage-answer" data-covered="true">
                <p>{t(Msg::CoverageYes)}" "<strong>{format!("{distance} m")}</strong>" "{t(Msg::CoverageYesTail)}</p>
                {contact}
            </div>
        }
        .into_any(),
        _ => view! {
            <div class="banner banner-warn" data-testid="coverage-answer" data-covered="false">
                <p>{t(Msg::CoverageNo)}</p>
                {contact}
            </div>
        }
        .into_any(),
    }
}

/// Asks the browser for the device's position and checks it. Rendered only once the
/// page is interactive: without JavaScript it could not work.
#[component]
fn UseMyLocation() -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let navigate = use_navigate();
    let locate = move |_| {
        let navigate = navigate.clone();
        locate_device(move |lat, lng| {
            let at = crate::url::encode(&format!("{lat:.6}, {lng:.6}"));
            navigate(&format!("/portal/coverage?at={at}"), Default::default());
        });
    };
    move || {
        ready.get().then(|| {
            view! {
                <button type="button" class="button" aria-label=move || tr(Msg::CoverageUseLocation)
                    on:click=locate.clone()>{t(Msg::CoverageUseLocation)}</button>
            }
        })
    }
}

#[cfg(feature = "hydrate")]
fn locate_device(found: impl FnOnce(f64, f64) + 'static) {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::js_sys::Reflect;

    let Some(geolocation) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        return;
    };
    let success = Closure::once_into_js(move |position: JsValue| {
        let number = |target: &JsValue, key: &str| {
            Reflect::get(target, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_f64())
        };
        let coords = Reflect::get(&position, &JsValue::from_str("coords")).unwrap_or_default();
        if let (Some(lat), Some(lng)) = (number(&coords, "latitude"), number(&coords, "longitude"))
        {
            found(lat, lng);
        }
    });
    // A refusal or no fix leaves the form as it is: the visitor can still type.
    let _ = geolocation.get_current_position(success.unchecked_ref());
}

#[cfg(not(feature = "hydrate"))]
fn locate_device(_found: impl FnOnce(f64, f64) + 'static) {}
