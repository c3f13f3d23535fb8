//! `/admin/desk/groups`: support groups, their supervisor and members.

use super::SettingsHeader;
use crate::components::{
    save_action, EditButton, ErrorBanner, FieldErrorsOf, FieldMessage, InlineEditor, SaveCancel,
    StatusBadge, TextField,
};
use crate::desk::api::{desk_directory, save_support_group};
use crate::desk::model::{DeskDirectory, GroupDraft, SupportGroup};
use crate::i18n::{t, Msg};
use leptos::prelude::*;

fn draft_of(g: &SupportGroup) -> GroupDraft {
    GroupDraft {
        id: g.id,
        name: g.name.clone(),
        description: g.description.clone(),
        supervisor_id: g.supervisor.as_ref().map(|s| s.id),
        member_ids: g.members.iter().map(|m| m.id).collect(),
        active: g.active,
    }
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    let editor = InlineEditor::<GroupDraft>::new();
    let (editing, saved) = (editor.editing, editor.saved());
    let directory = Resource::new(move || editor.version.get(), |_| desk_directory());
    view! {
        <SettingsHeader title=Msg::GroupsTitle new_label=Msg::NewGroup
            on_new=Callback::new(move |()| editing.set(Some(GroupDraft { active: true, ..Default::default() })))/>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match directory.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(dir) => {
                        let form_dir = dir.clone();
                        view! {
                            {move || editing.get().map(|draft| view! {
                                <GroupForm draft=draft dir=form_dir.clone() saved=saved
                                    cancel=editor.cancel()/>
                            })}
                            <GroupTable groups=dir.groups edit=editor.edit()/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn GroupTable(groups: Vec<SupportGroup>, edit: Callback<GroupDraft>) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="groups-table">
            <thead><tr>
                <th scope="col">{t(Msg::ColName)}</th>
                <th scope="col">{t(Msg::FieldSupervisor)}</th>
                <th scope="col">{t(Msg::FieldMembers)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col"><span class="visually-hidden">{t(Msg::Edit)}</span></th>
            </tr></thead>
            <tbody>
                {groups.into_iter().map(|g| {
                    let draft = draft_of(&g);
                    let members = g.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(", ");
                    view! {
                        <tr class:row-inactive=!g.active>
                            <th scope="row">{g.name.clone()}<div class="muted small">{g.description.clone()}</div></th>
                            <td>{g.supervisor.map(|s| s.name)}</td>
                            <td>{members}</td>
                            <td><StatusBadge active=g.active/></td>
                            <td><EditButton what=g.name.clone() on_click=Callback::new(move |()| edit.run(draft.clone()))/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

#[component]
fn GroupForm(
    draft: GroupDraft,
    dir: DeskDirectory,
    saved: Callback<()>,
    cancel: Callback<()>,
) -> impl IntoView {
    let id = draft.id;
    // People already in the group stay listed even if they are no longer staff, so the
    // admin can see and untick them.
    let current = dir.groups.iter().find(|g| g.id == id).cloned();
    let mut staff = dir.staff.clone();
    let mut supervisors = dir.supervisors.clone();
    if let Some(g) = &current {
        for m in &g.members {
            if !staff.iter().any(|s| s.id == m.id) {
                staff.push(m.clone());
            }
        }
        if let Some(s) = g
            .supervisor
            .as_ref()
            .filter(|s| !supervisors.iter().any(|x| x.id == s.id))
        {
            supervisors.push(s.clone());
        }
    }
    let name = RwSignal::new(draft.name);
    let description = RwSignal::new(draft.description);
    let supervisor = RwSignal::new(draft.supervisor_id);
    let members = RwSignal::new(draft.member_ids);
    let active = RwSignal::new(draft.active);
    let save = save_action(saved, save_support_group);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(GroupDraft {
            id,
            name: name.get_untracked(),
            description: description.get_untracked(),
            supervisor_id: supervisor.get_untracked(),
            member_ids: members.get_untracked(),
            active: active.get_untracked(),
        });
    };
    view! {
        <form class="panel form" on:submit=submit data-testid="group-form">
            <h2>{t(if id == 0 { Msg::NewGroup } else { Msg::EditGroup })}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <TextField label=Msg::ColName name="name" value=name error=errors.field("name") required=true/>
            <div class="field">
                <label for="group-description">{t(Msg::FieldDescription)}</label>
                <textarea id="group-description" rows="2" prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <FieldMessage error=errors.field("description")/>
            </div>
            <div class="field">
                <label for="group-supervisor">{t(Msg::FieldSupervisor)}</label>
                <select id="group-supervisor" on:change=move |ev| supervisor.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || supervisor.get().is_none()>{t(Msg::NoSupervisor)}</option>
                    {supervisors.into_iter().map(|s| view! {
                        <option value=s.id.to_string() selected=move || supervisor.get() == Some(s.id)>{s.name}</option>
                    }).collect_view()}
                </select>
                <p class="field-hint">{t(Msg::SupervisorHint)}</p>
                <FieldMessage error=errors.field("supervisor_id")/>
            </div>
            <fieldset class="field checkbox-group">
                <legend>{t(Msg::FieldMembers)}</legend>
                {staff.into_iter().map(|s| {
                    let user = s.id;
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || members.with(|m| m.contains(&user))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    members.update(|m| {
                                        m.retain(|x| *x != user);
                                        if on { m.push(user); }
                                    });
                                }/>
                            {s.name}
                        </label>
                    }
                }).collect_view()}
                <FieldMessage error=errors.field("member_ids")/>
            </fieldset>
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
