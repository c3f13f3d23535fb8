//! The request form, built from the item's field definitions.

use crate::auth::model::UserId;
use crate::catalog::api::{get_catalog_item, request_catalog_item};
use crate::catalog::model::{answer_field, Answer, CatalogItem, FieldKind};
use crate::components::{title_of, ErrorBanner, FieldErrorsOf, PageTitle};
use crate::desk::api::ticket_form_options;
use crate::i18n::{t, use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let item = Resource::new(
        move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()),
        |id| async move {
            match id {
                Some(id) => get_catalog_item(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=title_of(Msg::CatalogTitle)/>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match item.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(item) => view! { <RequestForm item=item/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RequestForm(item: CatalogItem) -> impl IntoView {
    let locale = use_i18n().locale;
    let values: Vec<(String, RwSignal<String>)> = item
        .fields
        .iter()
        .map(|f| (f.key.clone(), RwSignal::new(String::new())))
        .collect();
    let values = StoredValue::new(values);
    let caller = RwSignal::new(String::new());
    let options = Resource::new(|| (), |_| ticket_form_options());
    let item_id = item.id;
    let send = Action::new(move |_: &()| {
        let answers: Vec<Answer> = values.with_value(|v| {
            v.iter()
                .map(|(key, value)| Answer {
                    key: key.clone(),
                    value: value.get_untracked(),
                })
                .collect()
        });
        let caller_id = caller.get_untracked().parse().ok().map(UserId);
        async move { request_catalog_item(item_id, answers, caller_id).await }
    });
    let error = Signal::derive(move || send.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = send.value().get() {
            navigate(&format!("/tickets/{id}"), Default::default());
        }
    });
    let signal_of =
        move |key: &str| values.with_value(|v| v.iter().find(|(k, _)| k == key).map(|(_, s)| *s));
    view! {
        <div class="page-header"><h1>{item.name.clone()}</h1></div>
        <p>{item.description.clone()}</p>
        <form class="form ticket-form" novalidate on:submit=move |ev| { ev.prevent_default(); send.dispatch(()); }>
            <ErrorBanner error=error/>
            {item.fields.iter().map(|f| {
                let value = signal_of(&f.key).unwrap_or_else(|| RwSignal::new(String::new()));
                let id = format!("answer-{}", f.key);
                let err = errors.field_named(answer_field(&f.key));
                let label = format!("{}{}", f.label, if f.required { " *" } else { "" });
                let control = match f.kind {
                    FieldKind::Text => view! {
                        <textarea id=id.clone() rows="3" on:input=move |ev| value.set(event_target_value(&ev))></textarea>
                    }.into_any(),
                    FieldKind::Number => view! {
                        <input id=id.clone() type="number" inputmode="decimal" on:input=move |ev| value.set(event_target_value(&ev))/>
                    }.into_any(),
                    FieldKind::Date => view! {
                        <input id=id.clone() type="date" on:input=move |ev| value.set(event_target_value(&ev))/>
                    }.into_any(),
                    FieldKind::Select => view! {
                        <select id=id.clone() on:change=move |ev| value.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {f.options.iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                        </select>
                    }.into_any(),
                    FieldKind::Checkbox => view! {
                        <input id=id.clone() type="checkbox" on:change=move |ev| value.set(event_target_checked(&ev).to_string())/>
                    }.into_any(),
                };
                view! {
                    <div class="field" class:field-invalid=move || err.get().is_some()>
                        <label for=id>{label}</label>
                        {control}
                        <p class="field-hint">{f.help.clone()}</p>
                        <p class="field-error">{move || err.get().map(|m| m.text(locale.get()))}</p>
                    </div>
                }
            }).collect_view()}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(opts) = options.await else { return ().into_any() };
                    view! {
                        <div class="field">
                            <label for="request-caller">{t(Msg::FieldCallerAccount)}</label>
                            <select id="request-caller" on:change=move |ev| caller.set(event_target_value(&ev))>
                                <option value="">{t(Msg::NoCallerAccount)}</option>
                                {opts.callers.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any()
                })}
            </Suspense>
            <div class="form-actions">
                <a class="button" href="/catalog">{t(Msg::Cancel)}</a>
                <button type="submit" class="button button-primary" disabled=move || send.pending().get()>{t(Msg::SubmitRequest)}</button>
            </div>
        </form>
    }
}
