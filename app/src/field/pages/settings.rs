//! `/admin/field`: technicians' profiles (skills, zone, home base, working hours), and each
//! kind of work order's checklist and required evidence.

use crate::components::{title_of, ErrorBanner, FieldErrorsOf, FieldMessage, PageTitle};
use crate::field::api::{
    save_technician_profile, save_work_order_template, technician_profiles, work_order_templates,
};
use crate::field::model::{
    ChecklistItem, EvidenceKind, Skill, TechnicianDraft, TechnicianProfile, WorkOrderTemplate,
};
use crate::i18n::{t, tr, Msg};
use leptos::prelude::*;

#[component]
pub fn FieldSettingsPage() -> impl IntoView {
    let technicians = Resource::new(|| (), |_| technician_profiles());
    let templates = Resource::new(|| (), |_| work_order_templates());
    view! {
        <PageTitle text=title_of(Msg::FieldSettingsTitle)/>
        <div class="page-header"><h1>{t(Msg::FieldSettingsTitle)}</h1></div>
        <p class="muted">{t(Msg::FieldSettingsIntro)}</p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let technicians = technicians.await;
                let templates = templates.await;
                match (technicians, templates) {
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    (Ok(technicians), Ok(templates)) => view! {
                        <section class="panel" data-testid="technicians">
                            <h2>{t(Msg::TechniciansTitle)}</h2>
                            {technicians.is_empty().then(|| view! { <p class="muted">{t(Msg::TechniciansNone)}</p> })}
                            {technicians.into_iter().map(|p| view! { <TechnicianForm profile=p/> }).collect_view()}
                        </section>
                        <h2>{t(Msg::TemplatesTitle)}</h2>
                        {templates.into_iter().map(|tpl| view! { <TemplateForm template=tpl/> }).collect_view()}
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TechnicianForm(profile: TechnicianProfile) -> impl IntoView {
    let d = profile.draft.clone();
    let user_id = d.user_id;
    let skills = RwSignal::new(d.skills);
    let zone = RwSignal::new(d.zone);
    let home_lat = RwSignal::new(d.home_lat);
    let home_lng = RwSignal::new(d.home_lng);
    let work_start = RwSignal::new(d.work_start);
    let work_end = RwSignal::new(d.work_end);
    let active = RwSignal::new(d.active);
    let save = Action::new(|draft: &TechnicianDraft| save_technician_profile(draft.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    let id = |field: &str| format!("tech-{user_id}-{field}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(TechnicianDraft {
            user_id,
            skills: skills.get_untracked(),
            zone: zone.get_untracked(),
            home_lat: home_lat.get_untracked(),
            home_lng: home_lng.get_untracked(),
            work_start: work_start.get_untracked(),
            work_end: work_end.get_untracked(),
            active: active.get_untracked(),
        });
    };
    let text_input =
        move |field: &'static str, label: Msg, value: RwSignal<String>, kind: &'static str| {
            view! {
                <div class="field">
                    <label for=id(field)>{t(label)}</label>
                    <input id=id(field) type=kind prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field(field)/>
                </div>
            }
        };
    view! {
        <form class="form technician-form" on:submit=submit data-technician=profile.username.clone()>
            <h3>{profile.name.clone()}" "<span class="muted small">"@"{profile.username.clone()}
                {(!profile.has_profile).then(|| view! { " · "{t(Msg::TechnicianNoProfile)} })}</span></h3>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <fieldset class="field">
                <legend>{t(Msg::TechnicianSkills)}</legend>
                {Skill::ALL.into_iter().map(|skill| view! {
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || skills.get().contains(&skill)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                skills.update(|list| {
                                    list.retain(|s| *s != skill);
                                    if on { list.push(skill); }
                                });
                            }/>
                        " "{t(skill.label())}
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="form-row">
                {text_input("zone", Msg::TechnicianZone, zone, "text")}
                {text_input("home_lat", Msg::TechnicianHomeLat, home_lat, "text")}
                {text_input("home_lng", Msg::TechnicianHomeLng, home_lng, "text")}
                {text_input("work_start", Msg::TechnicianWorkStart, work_start, "time")}
                {text_input("work_end", Msg::TechnicianWorkEnd, work_end, "time")}
            </div>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || active.get()
                    on:change=move |ev| active.set(event_target_checked(&ev))/>
                " "{t(Msg::TechnicianActive)}
            </label>
            <div class="page-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
                {move || saved.get().then(|| view! { <span class="muted" role="status">{t(Msg::Saved)}</span> })}
            </div>
        </form>
    }
}

/// One checklist line being edited; `row` keys it in the list.
#[derive(Clone, Copy)]
struct ItemRow {
    row: u32,
    key: RwSignal<String>,
    id: RwSignal<String>,
    en: RwSignal<String>,
}

#[component]
fn TemplateForm(template: WorkOrderTemplate) -> impl IntoView {
    let kind = template.kind;
    let next = StoredValue::new(template.checklist.len() as u32);
    let rows = RwSignal::new(
        template
            .checklist
            .into_iter()
            .enumerate()
            .map(|(i, item)| ItemRow {
                row: i as u32,
                key: RwSignal::new(item.key),
                id: RwSignal::new(item.id),
                en: RwSignal::new(item.en),
            })
            .collect::<Vec<_>>(),
    );
    let evidence = RwSignal::new(template.evidence);
    let save = Action::new(|tpl: &WorkOrderTemplate| save_work_order_template(tpl.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    let add = move |_| {
        let row = next.get_value();
        next.set_value(row + 1);
        rows.update(|r| {
            r.push(ItemRow {
                row,
                key: RwSignal::new(String::new()),
                id: RwSignal::new(String::new()),
                en: RwSignal::new(String::new()),
            })
        });
    };
    // Each row with its place, which names its field errors (`checklist.<i>.key`).
    let numbered = move || rows.get().into_iter().enumerate().collect::<Vec<_>>();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checklist = rows
            .get_untracked()
            .iter()
            .map(|r| ChecklistItem {
                key: r.key.get_untracked().trim().to_owned(),
                id: r.id.get_untracked(),
                en: r.en.get_untracked(),
            })
            .collect();
        save.dispatch(WorkOrderTemplate {
            kind,
            checklist,
            evidence: evidence.get_untracked(),
        });
    };
    view! {
        <form class="form panel" on:submit=submit data-template=kind.code()>
            <h3>{t(kind.label())}</h3>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <table class="table">
                <thead><tr>
                    <th>{t(Msg::TemplateKey)}</th><th>{t(Msg::TemplateTextId)}</th><th>{t(Msg::TemplateTextEn)}</th><th></th>
                </tr></thead>
                <tbody>
                    <For each=numbered
                        key=|(i, r)| (*i, r.row)
                        children=move |(i, r)| view! {
                            <tr>
                                <td><input type="text" aria-label=tr(Msg::TemplateKey) prop:value=move || r.key.get() on:input=move |ev| r.key.set(event_target_value(&ev))/>
                                    <FieldMessage error=errors.field_named(format!("checklist.{i}.key"))/></td>
                                <td><input type="text" aria-label=tr(Msg::TemplateTextId) prop:value=move || r.id.get() on:input=move |ev| r.id.set(event_target_value(&ev))/>
                                    <FieldMessage error=errors.field_named(format!("checklist.{i}.id"))/></td>
                                <td><input type="text" aria-label=tr(Msg::TemplateTextEn) prop:value=move || r.en.get() on:input=move |ev| r.en.set(event_target_value(&ev))/>
                                    <FieldMessage error=errors.field_named(format!("checklist.{i}.en"))/></td>
                                <td><button type="button" class="button button-small" aria-label=tr(Msg::TemplateRemoveItem)
                                    on:click=move |_| rows.update(|list| list.retain(|x| x.row != r.row))>"✕"</button></td>
                            </tr>
                        }
                    />
                </tbody>
            </table>
            <button type="button" class="button" on:click=add>{t(Msg::TemplateAddItem)}</button>
            <fieldset class="field">
                <legend>{t(Msg::WoRequiredEvidence)}</legend>
                {EvidenceKind::ALL.into_iter().map(|k| view! {
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || evidence.get().contains(&k)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                evidence.update(|list| {
                                    list.retain(|x| *x != k);
                                    if on { list.push(k); }
                                });
                            }/>
                        " "{t(k.label())}
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="page-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
                {move || saved.get().then(|| view! { <span class="muted" role="status">{t(Msg::Saved)}</span> })}
            </div>
        </form>
    }
}
