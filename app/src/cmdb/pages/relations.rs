//! A CI's relations: what feeds it and what it feeds, what it depends on, its backups;
//! planners add and remove them here. Feed loops and ports used twice come back as
//! field errors.

use super::CiLink;
use crate::cmdb::api::{add_ci_relation, list_cis, remove_ci_relation};
use crate::cmdb::model::{CiFilter, CiView, RelationDraft, RelationKind, RelationRow};
use crate::components::{ErrorBanner, FieldErrorsOf, FieldMessage, TextField};
use crate::i18n::{t, tr, Msg};
use leptos::prelude::*;

#[component]
pub fn RelationsPanel(view: CiView, can_manage: bool, version: RwSignal<u32>) -> impl IntoView {
    let ci_id = view.ci.id.0;
    let remove = Action::new(|id: &i64| remove_ci_relation(*id));
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let remove_error = Signal::derive(move || remove.value().get().and_then(Result::err));
    let rows = view.relations;
    view! {
        <section class="panel" data-testid="ci-relations">
            <h2>{t(Msg::CiRelations)}</h2>
            <ErrorBanner error=remove_error/>
            {if rows.is_empty() {
                view! { <p class="muted">{t(Msg::CiNoRelations)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{t(Msg::CiRelationKind)}</th>
                            <th scope="col">{t(Msg::CiRelationOther)}</th>
                            <th scope="col">{t(Msg::CiPorts)}</th>
                            <th scope="col">{t(Msg::CiRelationNote)}</th>
                            <th scope="col"><span class="visually-hidden">{t(Msg::Remove)}</span></th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| relation_row(row, can_manage, remove)).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
            {can_manage.then(|| view! { <AddRelation ci_id=ci_id version=version/> })}
        </section>
    }
}

fn relation_row(
    row: RelationRow,
    can_manage: bool,
    remove: Action<i64, Result<(), crate::error::AppError>>,
) -> impl IntoView {
    let ports = match (row.from_port, row.to_port) {
        (None, None) => String::new(),
        (from, to) => format!(
            "{} → {}",
            from.map(|p| p.to_string()).unwrap_or_else(|| "·".into()),
            to.map(|p| p.to_string()).unwrap_or_else(|| "·".into())
        ),
    };
    let id = row.id;
    let what = format!("{} {}", row.other.code, row.other.name);
    view! {
        <tr data-relation=row.kind.code()>
            <td>{t(row.kind.label(row.outgoing))}</td>
            <td><CiLink ci=row.other.clone()/></td>
            <td class="nowrap">{ports}</td>
            <td>{row.note.clone()}</td>
            <td>
                {can_manage.then(|| view! {
                    <button type="button" class="button button-small"
                        aria-label=move || format!("{} {}", tr(Msg::Remove), what)
                        on:click=move |_| { remove.dispatch(id); }>{t(Msg::Remove)}</button>
                })}
            </td>
        </tr>
    }
}

/// Relates this CI to another, found by code or name.
#[component]
fn AddRelation(ci_id: i64, version: RwSignal<u32>) -> impl IntoView {
    let kind = RwSignal::new(RelationKind::Feeds);
    // true: this CI is the relation's `from` end ("this CI feeds …").
    let outgoing = RwSignal::new(true);
    let search = RwSignal::new(String::new());
    let other = RwSignal::new(0i64);
    let from_port = RwSignal::new(String::new());
    let to_port = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let found = Resource::new(
        move || search.get(),
        |text| async move {
            if text.trim().len() < 2 {
                return Ok(Vec::new());
            }
            let filter = CiFilter {
                search: text,
                ..CiFilter::default()
            };
            list_cis(filter).await.map(|page| page.items)
        },
    );
    let add = Action::new(|draft: &RelationDraft| add_ci_relation(draft.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            from_port.set(String::new());
            to_port.set(String::new());
            note.set(String::new());
            version.update(|v| *v += 1);
        }
    });
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (this, that) = (ci_id, other.get_untracked());
        let (from_ci, to_ci) = if outgoing.get_untracked() {
            (this, that)
        } else {
            (that, this)
        };
        add.dispatch(RelationDraft {
            kind: kind.get_untracked(),
            from_ci,
            to_ci,
            from_port: from_port.get_untracked(),
            to_port: to_port.get_untracked(),
            note: note.get_untracked(),
        });
    };
    view! {
        <form class="form subform" on:submit=submit data-testid="relation-form">
            <h3>{t(Msg::CiAddRelation)}</h3>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="form-row">
                <div class="field">
                    <label for="relation-kind">{t(Msg::CiRelationKind)}</label>
                    <select id="relation-kind" on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let (code, out) = value.split_once(':').unwrap_or_default();
                        if let Some(k) = RelationKind::parse(code) {
                            kind.set(k);
                            outgoing.set(out == "out");
                        }
                    }>
                        {RelationKind::ALL.into_iter().flat_map(|k| [(k, true), (k, false)]).map(|(k, out)| {
                            let value = format!("{}:{}", k.code(), if out { "out" } else { "in" });
                            view! {
                                <option value=value selected=move || kind.get() == k && outgoing.get() == out>
                                    {t(Msg::CiThis)}" "{t(k.label(out))}" …"
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field field-wide">
                    <label for="relation-search">{t(Msg::CiRelationOther)}</label>
                    <input id="relation-search" type="search" prop:value=move || search.get()
                        placeholder=move || tr(Msg::SearchCisHint)
                        on:input=move |ev| search.set(event_target_value(&ev))/>
                    <Transition>
                        {move || Suspend::new(async move {
                            let items = found.await.unwrap_or_default();
                            if let Some(first) = items.iter().find(|r| r.ci.id.0 != ci_id) {
                                if !items.iter().any(|r| r.ci.id.0 == other.get_untracked()) {
                                    other.set(first.ci.id.0);
                                }
                            }
                            (!items.is_empty()).then(|| view! {
                                <select id="relation-other" aria-label=move || tr(Msg::CiRelationOther)
                                    on:change=move |ev| other.set(event_target_value(&ev).parse().unwrap_or(0))>
                                    {items.into_iter().filter(|r| r.ci.id.0 != ci_id).map(|r| {
                                        let oid = r.ci.id.0;
                                        view! { <option value=oid.to_string() selected=move || other.get() == oid>{format!("{} · {}", r.ci.code, r.ci.name)}</option> }
                                    }).collect_view()}
                                </select>
                            })
                        })}
                    </Transition>
                    <FieldMessage error=errors.field("to_ci")/>
                </div>
            </div>
            <Show when=move || kind.get() == RelationKind::Feeds>
                <div class="form-row">
                    <TextField label=Msg::CiFromPort name="from_port" input_type="number" value=from_port error=errors.field("from_port") hint=Msg::CiFromPortHint/>
                    <TextField label=Msg::CiToPort name="to_port" input_type="number" value=to_port error=errors.field("to_port")/>
                </div>
            </Show>
            <TextField label=Msg::CiRelationNote name="note" value=note error=errors.field("note")/>
            <button type="submit" class="button button-primary" disabled=move || add.pending().get()>{t(Msg::CiAddRelation)}</button>
        </form>
    }
}
