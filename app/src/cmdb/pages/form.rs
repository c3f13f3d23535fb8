//! Creating and editing a CI. The class decides the attribute fields; the server checks
//! them and its errors appear beside each field. Routers and lines only take a place,
//! an owner and notes here: their name and lifecycle follow the records they stand for.

use crate::cmdb::api::{ci_detail, ci_form_options, save_ci};
use crate::cmdb::model::attributes::{
    attribute_field, AttributeDef, AttributeType, AttributeValue,
};
use crate::cmdb::model::{CiChoices, CiDraft, Lifecycle};
use crate::components::{
    title_of, use_route_id, ErrorBanner, FieldErrorsOf, FieldMessage, PageTitle, SaveCancel,
    TextField,
};
use crate::i18n::{t, use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// `/network/cis/new`
#[component]
pub fn NewCiPage() -> impl IntoView {
    let options = Resource::new(|| (), |_| ci_form_options());
    view! {
        <PageTitle text=title_of(Msg::NewCi)/>
        <p><a href="/network/cis">{t(Msg::BackToCis)}</a></p>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(choices) => {
                        let class = choices.classes.iter().find(|c| !c.managed)
                            .map(|c| c.code.clone()).unwrap_or_default();
                        let draft = CiDraft { class, ..CiDraft::default() };
                        view! { <CiForm draft=draft choices=choices/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/network/cis/:id/edit`
#[component]
pub fn EditCiPage() -> impl IntoView {
    let route_id = use_route_id();
    let options = Resource::new(|| (), |_| ci_form_options());
    let record = Resource::new(move || route_id.get().unwrap_or(0), ci_detail);
    view! {
        <PageTitle text=title_of(Msg::EditCi)/>
        <p><a href=move || format!("/network/cis/{}", route_id.get().unwrap_or(0))>{t(Msg::BackToCi)}</a></p>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match (options.await, record.await) {
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    (Ok(choices), Ok(view)) => view! { <CiForm draft=view.ci.draft() choices=choices/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CiForm(draft: CiDraft, choices: CiChoices) -> impl IntoView {
    let id = draft.id;
    let locale = use_i18n().locale;
    let class = RwSignal::new(draft.class);
    let code = RwSignal::new(draft.code);
    let name = RwSignal::new(draft.name);
    let lifecycle = RwSignal::new(draft.lifecycle);
    let latitude = RwSignal::new(draft.latitude);
    let longitude = RwSignal::new(draft.longitude);
    let address = RwSignal::new(draft.address);
    let owner = RwSignal::new(draft.owner_group_id);
    let notes = RwSignal::new(draft.notes);
    let attributes = RwSignal::new(draft.attributes);
    let classes = StoredValue::new(choices.classes);
    let current_class =
        move || classes.with_value(|all| all.iter().find(|c| c.code == class.get()).cloned());
    let managed = move || current_class().is_some_and(|c| c.managed);
    let navigate = use_navigate();
    let back = navigate.clone();
    let save = Action::new(|draft: &CiDraft| save_ci(draft.clone()));
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            navigate(&format!("/network/cis/{saved}"), Default::default());
        }
    });
    let cancel = Callback::new(move |()| {
        let to = if id == 0 {
            "/network/cis".to_owned()
        } else {
            format!("/network/cis/{id}")
        };
        back(&to, Default::default())
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CiDraft {
            id,
            class: class.get_untracked(),
            code: code.get_untracked(),
            name: name.get_untracked(),
            lifecycle: lifecycle.get_untracked(),
            latitude: latitude.get_untracked(),
            longitude: longitude.get_untracked(),
            address: address.get_untracked(),
            owner_group_id: owner.get_untracked(),
            notes: notes.get_untracked(),
            attributes: attributes.get_untracked(),
        });
    };
    let groups = choices.groups;
    view! {
        <form class="panel form" on:submit=submit data-testid="ci-form">
            <h2>{t(if id == 0 { Msg::NewCi } else { Msg::EditCi })}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="form-row">
                <div class="field">
                    <label for="field-class">{t(Msg::CiClassLabel)}</label>
                    <select id="field-class" disabled={id != 0} on:change=move |ev| {
                        class.set(event_target_value(&ev));
                        attributes.set(Vec::new());
                    }>
                        {classes.get_value().into_iter().filter(|c| !c.managed || c.code == class.get_untracked()).map(|c| {
                            let code = c.code.clone();
                            view! { <option value=c.code.clone() selected=move || class.get() == code>{c.name(locale.get_untracked()).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                    <FieldMessage error=errors.field("class")/>
                </div>
                <Show when=move || !managed() fallback=move || view! { <p class="muted">{t(Msg::CiManagedHint)}</p> }>
                    <TextField label=Msg::CiCode name="code" value=code error=errors.field("code") required=true hint=Msg::CiCodeHint/>
                    <div class="field">
                        <label for="field-lifecycle">{t(Msg::CiLifecycle)}</label>
                        <select id="field-lifecycle" on:change=move |ev| {
                            if let Some(l) = Lifecycle::parse(&event_target_value(&ev)) { lifecycle.set(l); }
                        }>
                            {Lifecycle::ALL.into_iter().map(|l| view! {
                                <option value=l.code() selected=move || lifecycle.get() == l>{t(l.label())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
            </div>
            <Show when=move || !managed()>
                <TextField label=Msg::ColName name="name" value=name error=errors.field("name") required=true/>
            </Show>
            {move || current_class().map(|c| c.attributes).filter(|defs| !defs.is_empty()).map(|defs| view! {
                <fieldset class="field">
                    <legend>{t(Msg::CiAttributes)}</legend>
                    <div class="form-row form-row-wrap">
                        {defs.into_iter().map(|def| view! { <AttributeField def=def values=attributes errors=errors/> }).collect_view()}
                    </div>
                </fieldset>
            })}
            <div class="form-row">
                <TextField label=Msg::CustomerLatitude name="latitude" value=latitude error=errors.field("latitude") hint=Msg::CustomerCoordinatesHint/>
                <TextField label=Msg::CustomerLongitude name="longitude" value=longitude error=errors.field("longitude")/>
            </div>
            <TextField label=Msg::CiAddress name="address" value=address error=errors.field("address")/>
            <div class="field">
                <label for="field-owner">{t(Msg::CiOwnerGroup)}</label>
                <select id="field-owner" on:change=move |ev| owner.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || owner.get().is_none()>"—"</option>
                    {groups.into_iter().map(|(gid, gname)| view! {
                        <option value=gid.to_string() selected=move || owner.get() == Some(gid)>{gname}</option>
                    }).collect_view()}
                </select>
                <FieldMessage error=errors.field("owner_group_id")/>
            </div>
            <div class="field">
                <label for="field-notes">{t(Msg::CiNotes)}</label>
                <textarea id="field-notes" rows="3" prop:value=move || notes.get()
                    on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                <FieldMessage error=errors.field("notes")/>
            </div>
            <SaveCancel pending=save.pending() cancel=cancel/>
        </form>
    }
}

/// One attribute as a proper field: a select for choices, a number for integers, text
/// for the rest.
#[component]
fn AttributeField(
    def: AttributeDef,
    values: RwSignal<Vec<AttributeValue>>,
    errors: FieldErrorsOf,
) -> impl IntoView {
    let locale = use_i18n().locale;
    let key = StoredValue::new(def.key.clone());
    let input_id = format!("attr-{}", def.key);
    let value = move || {
        values
            .with(|all| {
                key.with_value(|k| all.iter().find(|v| &v.key == k).map(|v| v.value.clone()))
            })
            .unwrap_or_default()
    };
    let set = move |text: String| {
        values.update(|all| {
            let k = key.get_value();
            all.retain(|v| v.key != k);
            all.push(AttributeValue {
                key: k,
                value: text,
            });
        })
    };
    let label = def.label.text(locale.get_untracked()).to_owned();
    let error = errors.field_named(attribute_field(&def.key));
    let control = match def.kind {
        AttributeType::Choice => view! {
            <select id=input_id.clone() on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || value().is_empty()>"—"</option>
                {def.choices.iter().cloned().map(|choice| {
                    let (option, label) = (choice.clone(), choice.clone());
                    view! { <option value=choice selected=move || value() == option>{label}</option> }
                }).collect_view()}
            </select>
        }.into_any(),
        kind => {
            let input_type = if kind == AttributeType::Integer { "number" } else { "text" };
            view! {
                <input id=input_id.clone() type=input_type prop:value=value
                    on:input=move |ev| set(event_target_value(&ev))/>
            }.into_any()
        }
    };
    view! {
        <div class="field">
            <label for=input_id>{label}{def.required.then_some(" *")}</label>
            {control}
            <FieldMessage error=error/>
        </div>
    }
}
