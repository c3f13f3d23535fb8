//! `/network/nas`: every router with its status, kept fresh while the page is open.

use super::form::NasForm;
use super::{refresh_every, StateBadge};
use crate::auth::model::Permission;
use crate::components::{title_of, EditButton, ErrorBanner, InlineEditor, LocalTime, PageTitle};
use crate::i18n::{t, Msg};
use crate::nas::api::list_nas;
use crate::nas::model::{Nas, NasDraft};
use leptos::prelude::*;

#[component]
pub fn NasListPage() -> impl IntoView {
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManageNetwork));
    let editor = InlineEditor::<NasDraft>::new();
    let (editing, saved) = (editor.editing, editor.saved());
    let tick = RwSignal::new(0u64);
    refresh_every(15, tick);
    let routers = Resource::new(move || (editor.version.get(), tick.get()), |_| list_nas());
    let new_draft = move |_| {
        editing.set(Some(NasDraft {
            port: 8728,
            active: true,
            ..NasDraft::default()
        }))
    };
    view! {
        <PageTitle text=title_of(Msg::NasTitle)/>
        <div class="page-header">
            <h1>{t(Msg::NasTitle)}</h1>
            <Show when=move || can_manage>
                <button type="button" class="button button-primary" on:click=new_draft>{t(Msg::NewNas)}</button>
            </Show>
        </div>
        <p class="muted">{t(Msg::NasIntro)}</p>
        {move || editing.get().map(|draft| view! { <NasForm draft=draft saved=saved cancel=editor.cancel()/> })}
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match routers.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::NasNone)}</p> }.into_any(),
                    Ok(list) => view! { <NasTable routers=list can_manage=can_manage edit=editor.edit()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NasTable(routers: Vec<Nas>, can_manage: bool, edit: Callback<NasDraft>) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="nas-table">
            <thead><tr>
                <th scope="col">{t(Msg::ColName)}</th>
                <th scope="col">{t(Msg::NasAddress)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col">{t(Msg::RouterIdentity)}</th>
                <th scope="col">{t(Msg::NasLastSeen)}</th>
                <th scope="col">{t(Msg::NasTags)}</th>
                <th scope="col"><span class="visually-hidden">{t(Msg::Edit)}</span></th>
            </tr></thead>
            <tbody>
                {routers.into_iter().map(|nas| {
                    let draft = nas.draft();
                    let href = format!("/network/nas/{}", nas.id);
                    let address = format!("{}:{} · {}", nas.host, nas.port, crate::i18n::tr(nas.api_kind.label()));
                    let facts = nas.status.facts.clone().unwrap_or_default();
                    let state = if nas.active { nas.status.state } else { crate::nas::model::NasState::Unknown };
                    view! {
                        <tr class:row-inactive=!nas.active data-nas=nas.name.clone()>
                            <th scope="row">
                                <a href=href>{nas.name.clone()}</a>
                                <div class="muted small">{nas.site.clone()}</div>
                            </th>
                            <td>{address}</td>
                            <td>
                                <StateBadge state=state/>
                                {(!nas.active).then(|| view! { <div class="muted small">{t(Msg::StatusInactive)}</div> })}
                                {nas.status.last_error.clone().filter(|_| nas.active).map(|e| view! {
                                    <div class="small error-text">{e}</div>
                                })}
                            </td>
                            <td>{facts.identity}<div class="muted small">{facts.version}</div></td>
                            <td>{nas.status.last_seen_at.map(|at| view! { <LocalTime at=at/> })}</td>
                            <td>{nas.tags.join(", ")}</td>
                            <td>
                                {can_manage.then(|| view! {
                                    <EditButton what=nas.name.clone() on_click=Callback::new(move |()| edit.run(draft.clone()))/>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
