//! `/admin/catalog/:id` (or `new`): a catalog item, its request form and approval chain.
//! Each form field is a row of its own signals, so typing in one never redraws the others.

use crate::catalog::api::{get_catalog_item, save_catalog_item};
use crate::catalog::model::{ApproverRole, CatalogItem, FieldKind, FormField};
use crate::components::{
    title_of, use_route_id, ErrorBanner, FieldErrorsOf, FieldMessage, PageTitle, TextField,
};
use crate::desk::api::desk_directory;
use crate::desk::model::Category;
use crate::desk::pages::DeskTabs;
use crate::i18n::{t, tr, Msg};
use crate::tickets::model::Level;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The approval chains an item can have: no role twice, so these are all of them.
const CHAINS: [&[ApproverRole]; 5] = [
    &[],
    &[ApproverRole::Supervisor],
    &[ApproverRole::Finance],
    &[ApproverRole::Supervisor, ApproverRole::Finance],
    &[ApproverRole::Finance, ApproverRole::Supervisor],
];

fn chain_label(chain: &[ApproverRole]) -> String {
    if chain.is_empty() {
        return tr(Msg::NoApprovalNeeded).to_owned();
    }
    chain
        .iter()
        .map(|r| tr(r.label()))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[derive(Clone, Copy)]
struct FieldRow {
    uid: u64,
    key: RwSignal<String>,
    label: RwSignal<String>,
    kind: RwSignal<FieldKind>,
    required: RwSignal<bool>,
    help: RwSignal<String>,
    /// One choice per line.
    options: RwSignal<String>,
}

impl FieldRow {
    fn new(uid: u64, f: FormField) -> Self {
        FieldRow {
            uid,
            key: RwSignal::new(f.key),
            label: RwSignal::new(f.label),
            kind: RwSignal::new(f.kind),
            required: RwSignal::new(f.required),
            help: RwSignal::new(f.help),
            options: RwSignal::new(f.options.join("\n")),
        }
    }

    fn field(&self) -> FormField {
        FormField {
            key: self.key.get_untracked(),
            label: self.label.get_untracked(),
            kind: self.kind.get_untracked(),
            required: self.required.get_untracked(),
            help: self.help.get_untracked(),
            options: self
                .options
                .get_untracked()
                .lines()
                .map(str::to_owned)
                .collect(),
        }
    }
}

#[component]
pub fn CatalogEditorPage() -> impl IntoView {
    let route_id = use_route_id();
    let item_id = move || route_id.get();
    let item = Resource::new(item_id, |id| async move {
        match id {
            Some(id) => get_catalog_item(id).await,
            None => Ok(CatalogItem::default()),
        }
    });
    let directory = Resource::new(|| (), |_| desk_directory());
    let query = use_query_map();
    let created = move || query.read_untracked().get("saved").is_some();
    view! {
        <PageTitle text=title_of(Msg::CatalogAdminTitle)/>
        <div class="page-header"><h1>{move || t(if item_id().is_some() { Msg::EditCatalogItem } else { Msg::NewCatalogItem })()}</h1></div>
        <DeskTabs/>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match (item.await, directory.await) {
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    (Ok(item), Ok(dir)) => view! { <ItemForm item=item categories=dir.categories created=created()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ItemForm(item: CatalogItem, categories: Vec<Category>, created: bool) -> impl IntoView {
    let id = item.id;
    let initial_category = item.category_id;
    let name = RwSignal::new(item.name);
    let description = RwSignal::new(item.description);
    let category = RwSignal::new(item.category_id);
    let impact = RwSignal::new(item.impact);
    let urgency = RwSignal::new(item.urgency);
    let approvals = RwSignal::new(item.approvals);
    let active = RwSignal::new(item.active);
    let next_uid = StoredValue::new(item.fields.len() as u64);
    let rows = RwSignal::new(
        item.fields
            .into_iter()
            .enumerate()
            .map(|(i, f)| FieldRow::new(i as u64, f))
            .collect::<Vec<_>>(),
    );
    let navigate = use_navigate();
    let save = Action::new(move |item: &CatalogItem| {
        let item = item.clone();
        let navigate = navigate.clone();
        async move {
            let r = save_catalog_item(item).await;
            match &r {
                // A new item gets its own address, so a reload edits it rather than a copy.
                Ok(saved) if id == 0 => navigate(
                    &format!("/admin/catalog/{}?saved=1", saved.id),
                    Default::default(),
                ),
                // Keys the server made from labels show up at once, so they don't change
                // under the admin on a later save.
                Ok(saved) => {
                    rows.with_untracked(|rows| {
                        for (row, field) in rows.iter().zip(&saved.fields) {
                            row.key.set(field.key.clone());
                        }
                    });
                }
                Err(_) => {}
            }
            r
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || match save.value().get() {
        None => created,
        Some(r) => r.is_ok(),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CatalogItem {
            id,
            name: name.get_untracked(),
            description: description.get_untracked(),
            category_id: category.get_untracked(),
            impact: impact.get_untracked(),
            urgency: urgency.get_untracked(),
            fields: rows.get_untracked().iter().map(FieldRow::field).collect(),
            approvals: approvals.get_untracked(),
            active: active.get_untracked(),
        });
    };
    let add_field = move |_| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid + 1);
        rows.update(|r| r.push(FieldRow::new(uid, FormField::default())));
    };
    view! {
        <form class="panel form" on:submit=submit data-testid="catalog-item-form">
            <crate::components::SuccessBanner show=saved msg=Msg::Saved/>
            <ErrorBanner error=error/>
            <TextField label=Msg::ColName name="name" value=name error=errors.field("name") required=true/>
            <div class="field">
                <label for="item-description">{t(Msg::FieldDescription)}</label>
                <textarea id="item-description" rows="3" prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="item-category">{t(Msg::FieldCategory)}</label>
                    <select id="item-category" on:change=move |ev| category.set(event_target_value(&ev).parse().ok())>
                        <option value="" selected=move || category.get().is_none()>{t(Msg::NoCategory)}</option>
                        {categories.into_iter().filter(|c| c.active || Some(c.id) == initial_category).map(|c| view! {
                            <option value=c.id.to_string() selected=move || category.get() == Some(c.id)>{c.path}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage error=errors.field("category_id")/>
                </div>
                <LevelPick id="item-impact" label=Msg::FieldImpact value=impact text=Level::impact_label/>
                <LevelPick id="item-urgency" label=Msg::FieldUrgency value=urgency text=Level::urgency_label/>
            </div>
            <div class="field">
                <label for="item-approvals">{t(Msg::FieldApprovals)}</label>
                <select id="item-approvals" on:change=move |ev| {
                    if let Some(chain) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| CHAINS.get(i)) {
                        approvals.set(chain.to_vec());
                    }
                }>
                    {CHAINS.into_iter().enumerate().map(|(i, chain)| view! {
                        <option value=i.to_string() selected=move || approvals.with(|a| a.as_slice() == chain)>{move || chain_label(chain)}</option>
                    }).collect_view()}
                </select>
                <p class="field-hint">{t(Msg::ApprovalsHint)}</p>
                <FieldMessage error=errors.field("approvals")/>
            </div>
            <fieldset class="field form-fields">
                <legend>{t(Msg::RequestFormFields)}</legend>
                <p class="field-hint">{t(Msg::RequestFormHint)}</p>
                <For each=move || rows.get() key=|r| r.uid let(row)>
                    <FieldEditor row=row rows=rows errors=errors/>
                </For>
                <button type="button" class="button" on:click=add_field>{t(Msg::AddFormField)}</button>
            </fieldset>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || active.get()
                    on:change=move |ev| active.set(event_target_checked(&ev))/>
                {t(Msg::CatalogItemActive)}
            </label>
            <div class="form-actions">
                <a class="button" href="/admin/catalog">{t(Msg::Back)}</a>
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </div>
        </form>
    }
}

#[component]
fn LevelPick(
    id: &'static str,
    label: Msg,
    value: RwSignal<Level>,
    text: fn(Level) -> Msg,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <select id=id on:change=move |ev| {
                if let Some(l) = event_target_value(&ev).parse().ok().and_then(Level::new) { value.set(l) }
            }>
                {Level::ALL.into_iter().map(|l| view! {
                    <option value=l.get().to_string() selected=move || value.get() == l>{t(text(l))}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn FieldEditor(
    row: FieldRow,
    rows: RwSignal<Vec<FieldRow>>,
    errors: FieldErrorsOf,
) -> impl IntoView {
    let uid = row.uid;
    let index = Memo::new(move |_| rows.with(|r| r.iter().position(|x| x.uid == uid).unwrap_or(0)));
    let error = Signal::derive(move || errors.field_named(format!("fields.{}", index.get())).get());
    let shift = move |by: isize| {
        rows.update(|r| {
            let from = index.get_untracked();
            let to = from as isize + by;
            if to >= 0 && (to as usize) < r.len() {
                r.swap(from, to as usize);
            }
        })
    };
    let is_first = move || index.get() == 0;
    let is_last = move || index.get() + 1 >= rows.with(Vec::len);
    let ids = move |part: &str| format!("form-field-{uid}-{part}");
    view! {
        <div class="form-field-row" class:field-invalid=move || error.get().is_some() data-testid="form-field-row">
            <div class="field-row">
                <div class="field">
                    <label for=ids("label")>{t(Msg::FieldLabel)}</label>
                    <input id=ids("label") type="text" prop:value=move || row.label.get()
                        on:input=move |ev| row.label.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=ids("key")>{t(Msg::FieldKey)}</label>
                    <input id=ids("key") type="text" placeholder=move || t(Msg::FieldKeyAuto)() prop:value=move || row.key.get()
                        on:input=move |ev| row.key.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=ids("kind")>{t(Msg::FieldKindLabel)}</label>
                    <select id=ids("kind") on:change=move |ev| {
                        if let Some(k) = FieldKind::ALL.get(event_target_value(&ev).parse::<usize>().unwrap_or(0)) { row.kind.set(*k) }
                    }>
                        {FieldKind::ALL.into_iter().enumerate().map(|(i, k)| view! {
                            <option value=i.to_string() selected=move || row.kind.get() == k>{t(k.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for=ids("help")>{t(Msg::FieldHelp)}</label>
                <input id=ids("help") type="text" prop:value=move || row.help.get()
                    on:input=move |ev| row.help.set(event_target_value(&ev))/>
            </div>
            <Show when=move || row.kind.get() == FieldKind::Select>
                <div class="field">
                    <label for=ids("options")>{t(Msg::FieldOptions)}</label>
                    <textarea id=ids("options") rows="3" prop:value=move || row.options.get()
                        on:input=move |ev| row.options.set(event_target_value(&ev))></textarea>
                    <p class="field-hint">{t(Msg::FieldOptionsHint)}</p>
                </div>
            </Show>
            <FieldMessage error=error/>
            <div class="button-row">
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || row.required.get()
                        on:change=move |ev| row.required.set(event_target_checked(&ev))/>
                    {t(Msg::FieldRequired)}
                </label>
                <button type="button" class="button button-small" disabled=is_first
                    on:click=move |_| shift(-1)>{t(Msg::MoveUp)}</button>
                <button type="button" class="button button-small" disabled=is_last
                    on:click=move |_| shift(1)>{t(Msg::MoveDown)}</button>
                <button type="button" class="button button-small button-danger"
                    on:click=move |_| rows.update(|r| r.retain(|x| x.uid != uid))>{t(Msg::RemoveField)}</button>
            </div>
        </div>
    }
}
