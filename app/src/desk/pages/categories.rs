//! `/admin/desk/categories`: the category tree and the defaults each category gives new
//! tickets (group for auto-assignment, impact, urgency) and which portal symptom files its
//! fault reports there. Children inherit unset defaults.

use super::SettingsHeader;
use crate::components::{
    save_action, EditButton, ErrorBanner, FieldErrorsOf, FieldMessage, InlineEditor, SaveCancel,
    StatusBadge, TextField,
};
use crate::desk::api::{desk_directory, save_category};
use crate::desk::model::{Category, CategoryDraft, DeskDirectory};
use crate::i18n::{t, Msg};
use crate::portal::model::Symptom;
use crate::tickets::model::Level;
use leptos::prelude::*;

fn draft_of(c: &Category) -> CategoryDraft {
    CategoryDraft {
        id: c.id,
        parent_id: c.parent_id,
        name: c.name.clone(),
        group_id: c.group_id,
        default_impact: c.default_impact,
        default_urgency: c.default_urgency,
        active: c.active,
        portal_symptom: c.portal_symptom,
    }
}

/// How deep a category sits, from the separators in its path.
fn depth(c: &Category) -> usize {
    c.path.matches(" › ").count()
}

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let editor = InlineEditor::<CategoryDraft>::new();
    let (editing, saved) = (editor.editing, editor.saved());
    let directory = Resource::new(move || editor.version.get(), |_| desk_directory());
    view! {
        <SettingsHeader title=Msg::CategoriesTitle new_label=Msg::NewCategory
            on_new=Callback::new(move |()| editing.set(Some(CategoryDraft { active: true, ..Default::default() })))/>
        <p class="muted">{t(Msg::CategoriesHelp)}</p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match directory.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(dir) => {
                        let form_dir = dir.clone();
                        view! {
                            {move || editing.get().map(|draft| view! {
                                <CategoryForm draft=draft dir=form_dir.clone() saved=saved
                                    cancel=editor.cancel()/>
                            })}
                            <CategoryTable dir=dir edit=editor.edit()/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn CategoryTable(dir: DeskDirectory, edit: Callback<CategoryDraft>) -> impl IntoView {
    let group_name = move |id: Option<i64>| {
        id.and_then(|id| dir.groups.iter().find(|g| g.id == id))
            .map(|g| g.name.clone())
    };
    let level = |l: Option<Level>, label: fn(Level) -> Msg| {
        l.map(|l| view! { {t(label(l))} }.into_any())
            .unwrap_or_else(|| view! { <span class="muted">{t(Msg::Inherited)}</span> }.into_any())
    };
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="categories-table">
            <thead><tr>
                <th scope="col">{t(Msg::ColName)}</th>
                <th scope="col">{t(Msg::FieldGroup)}</th>
                <th scope="col">{t(Msg::FieldImpact)}</th>
                <th scope="col">{t(Msg::FieldUrgency)}</th>
                <th scope="col">{t(Msg::FieldPortalSymptom)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col"><span class="visually-hidden">{t(Msg::Edit)}</span></th>
            </tr></thead>
            <tbody>
                {dir.categories.iter().map(|c| {
                    let draft = draft_of(c);
                    let indent = format!("padding-left: {}rem", depth(c) as f32 * 1.25);
                    let what = c.path.to_string();
                    view! {
                        <tr class:row-inactive=!c.active>
                            <th scope="row" style=indent>{c.name.clone()}</th>
                            <td>{group_name(c.group_id).map(|n| n.into_any()).unwrap_or_else(|| view! { <span class="muted">{t(Msg::Inherited)}</span> }.into_any())}</td>
                            <td>{level(c.default_impact, Level::impact_label)}</td>
                            <td>{level(c.default_urgency, Level::urgency_label)}</td>
                            <td>{c.portal_symptom.map(|s| t(s.label()))}</td>
                            <td><StatusBadge active=c.active/></td>
                            <td><EditButton what=what on_click=Callback::new(move |()| edit.run(draft.clone()))/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// A select over "inherit" and the three levels.
#[component]
fn LevelSelect(
    id: &'static str,
    label: Msg,
    value: RwSignal<Option<Level>>,
    text: fn(Level) -> Msg,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev).parse().ok().and_then(Level::new))>
                <option value="" selected=move || value.get().is_none()>{t(Msg::Inherited)}</option>
                {Level::ALL.into_iter().map(|l| view! {
                    <option value=l.get().to_string() selected=move || value.get() == Some(l)>{t(text(l))}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn CategoryForm(
    draft: CategoryDraft,
    dir: DeskDirectory,
    saved: Callback<()>,
    cancel: Callback<()>,
) -> impl IntoView {
    let id = draft.id;
    let name = RwSignal::new(draft.name);
    let parent = RwSignal::new(draft.parent_id);
    let initial_group = draft.group_id;
    let group = RwSignal::new(initial_group);
    let impact = RwSignal::new(draft.default_impact);
    let urgency = RwSignal::new(draft.default_urgency);
    let active = RwSignal::new(draft.active);
    let symptom = RwSignal::new(draft.portal_symptom);
    let save = save_action(saved, save_category);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CategoryDraft {
            id,
            parent_id: parent.get_untracked(),
            name: name.get_untracked(),
            group_id: group.get_untracked(),
            default_impact: impact.get_untracked(),
            default_urgency: urgency.get_untracked(),
            active: active.get_untracked(),
            portal_symptom: symptom.get_untracked(),
        });
    };
    // A category cannot sit under itself; the server also refuses its descendants.
    let parents: Vec<Category> = dir
        .categories
        .into_iter()
        .filter(|c| c.id != id || id == 0)
        .collect();
    view! {
        <form class="panel form" on:submit=submit data-testid="category-form">
            <h2>{t(if id == 0 { Msg::NewCategory } else { Msg::EditCategory })}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <TextField label=Msg::ColName name="name" value=name error=errors.field("name") required=true/>
            <div class="field">
                <label for="category-parent">{t(Msg::FieldParentCategory)}</label>
                <select id="category-parent" on:change=move |ev| parent.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || parent.get().is_none()>{t(Msg::TopLevel)}</option>
                    {parents.into_iter().map(|c| view! {
                        <option value=c.id.to_string() selected=move || parent.get() == Some(c.id)>{c.path}</option>
                    }).collect_view()}
                </select>
                <FieldMessage error=errors.field("parent_id")/>
            </div>
            <div class="field">
                <label for="category-group">{t(Msg::FieldGroup)}</label>
                <select id="category-group" on:change=move |ev| group.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || group.get().is_none()>{t(Msg::Inherited)}</option>
                    {dir.groups.into_iter().filter(|g| g.active || Some(g.id) == initial_group).map(|g| view! {
                        <option value=g.id.to_string() selected=move || group.get() == Some(g.id)>{g.name}</option>
                    }).collect_view()}
                </select>
                <p class="field-hint">{t(Msg::CategoryGroupHint)}</p>
                <FieldMessage error=errors.field("group_id")/>
            </div>
            <div class="field-row">
                <LevelSelect id="category-impact" label=Msg::FieldImpact value=impact text=Level::impact_label/>
                <LevelSelect id="category-urgency" label=Msg::FieldUrgency value=urgency text=Level::urgency_label/>
            </div>
            <div class="field">
                <label for="category-symptom">{t(Msg::FieldPortalSymptom)}</label>
                <select id="category-symptom" on:change=move |ev| symptom.set(Symptom::parse(&event_target_value(&ev)))>
                    <option value="" selected=move || symptom.get().is_none()>{t(Msg::NoPortalSymptom)}</option>
                    {Symptom::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || symptom.get() == Some(s)>{t(s.label())}</option>
                    }).collect_view()}
                </select>
                <p class="field-hint">{t(Msg::PortalSymptomHint)}</p>
                <FieldMessage error=errors.field("portal_symptom")/>
            </div>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || active.get()
                    on:change=move |ev| active.set(event_target_checked(&ev))/>
                {t(Msg::StatusActive)}
            </label>
            <FieldMessage error=errors.field("active")/>
            <SaveCancel pending=save.pending() cancel=cancel/>
        </form>
    }
}
