//! The new-ticket form: the category fills in impact, urgency and routing; the priority is
//! previewed from the configured matrix as impact and urgency change.

use crate::auth::model::UserId;
use crate::components::{title_of, ErrorBanner, FieldErrorsOf, PageTitle, TextField};
use crate::desk::api::ticket_form_options;
use crate::desk::model::TicketFormData;
use crate::i18n::{t, use_i18n, Msg};
use crate::tickets::api::create_ticket;
use crate::tickets::components::PriorityBadge;
use crate::tickets::model::{Level, NewTicket, PriorityMatrix, TicketKind};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn NewTicketPage() -> impl IntoView {
    let options = Resource::new(|| (), |_| ticket_form_options());
    view! {
        <PageTitle text=title_of(Msg::NewTicket)/>
        <div class="page-header"><h1>{t(Msg::NewTicket)}</h1></div>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(opts) => view! { <NewTicketForm opts=opts/> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn parse_id(value: &str) -> Option<i64> {
    value.parse().ok()
}

#[component]
fn NewTicketForm(opts: TicketFormData) -> impl IntoView {
    let locale = use_i18n().locale;
    let matrix: PriorityMatrix = opts.matrix;
    let kind = RwSignal::new(TicketKind::Incident);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let impact = RwSignal::new(Level::LOW);
    let urgency = RwSignal::new(Level::MEDIUM);
    let group = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let caller = RwSignal::new(String::new());
    let caller_name = RwSignal::new(String::new());
    let caller_contact = RwSignal::new(String::new());
    let tags = RwSignal::new(String::new());
    let categories = StoredValue::new(opts.categories.clone());

    // Choosing a category proposes its impact and urgency (still editable).
    let pick_category = move |value: String| {
        category.set(value.clone());
        if let Some(c) = parse_id(&value)
            .and_then(|id| categories.with_value(|cs| cs.iter().find(|c| c.id == id).cloned()))
        {
            if let Some(i) = c.default_impact {
                impact.set(i);
            }
            if let Some(u) = c.default_urgency {
                urgency.set(u);
            }
        }
    };

    let create = Action::new(move |input: &NewTicket| create_ticket(input.clone()));
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/tickets/{id}"), Default::default());
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(NewTicket {
            kind: Some(kind.get_untracked()),
            title: title.get_untracked(),
            description: description.get_untracked(),
            impact: Some(impact.get_untracked()),
            urgency: Some(urgency.get_untracked()),
            category_id: parse_id(&category.get_untracked()),
            group_id: parse_id(&group.get_untracked()),
            assignee_id: parse_id(&assignee.get_untracked()).map(UserId),
            caller_id: parse_id(&caller.get_untracked()).map(UserId),
            caller_name: caller_name.get_untracked(),
            caller_contact: caller_contact.get_untracked(),
            tags: tags.get_untracked().split(',').map(str::to_owned).collect(),
            ..Default::default()
        });
    };

    let level_options = move |selected: RwSignal<Level>, label: fn(Level) -> Msg| {
        Level::ALL
            .into_iter()
            .map(move |l| {
                view! {
                    <option value=l.get().to_string() selected=move || selected.get() == l>
                        {t(label(l))}
                    </option>
                }
            })
            .collect_view()
    };

    view! {
        <form class="form ticket-form" on:submit=submit novalidate>
            <ErrorBanner error=error/>
            <fieldset class="field">
                <legend>{t(Msg::FieldKind)}</legend>
                {TicketKind::ALL.into_iter().map(|k| view! {
                    <label class="radio">
                        <input type="radio" name="kind" value=k.code()
                            prop:checked=move || kind.get() == k
                            on:change=move |_| kind.set(k)/>
                        {t(k.label())}
                    </label>
                }).collect_view()}
            </fieldset>
            <TextField label=Msg::FieldTitle name="title" value=title error=errors.field("title") required=true/>
            <div class="field" class:field-invalid=move || errors.field("description").get().is_some()>
                <label for="field-description">{t(Msg::FieldDescription)}</label>
                <textarea id="field-description" rows="6"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <p class="field-hint">{t(Msg::MarkdownHint)}</p>
                <p class="field-error">{move || errors.field("description").get().map(|m| m.text(locale.get()))}</p>
            </div>
            <div class="field" class:field-invalid=move || errors.field("category_id").get().is_some()>
                <label for="field-category">{t(Msg::FieldCategory)}</label>
                <select id="field-category" on:change=move |ev| pick_category(event_target_value(&ev))>
                    <option value="">{t(Msg::NoCategory)}</option>
                    {opts.categories.iter().filter(|c| c.active).map(|c| view! {
                        <option value=c.id.to_string()>{c.path.clone()}</option>
                    }).collect_view()}
                </select>
                <p class="field-error">{move || errors.field("category_id").get().map(|m| m.text(locale.get()))}</p>
            </div>
            <div class="form-row">
                <div class="field">
                    <label for="field-impact">{t(Msg::FieldImpact)}</label>
                    <select id="field-impact" on:change=move |ev| {
                        if let Some(l) = event_target_value(&ev).parse().ok().and_then(Level::new) { impact.set(l) }
                    }>{level_options(impact, Level::impact_label)}</select>
                </div>
                <div class="field">
                    <label for="field-urgency">{t(Msg::FieldUrgency)}</label>
                    <select id="field-urgency" on:change=move |ev| {
                        if let Some(l) = event_target_value(&ev).parse().ok().and_then(Level::new) { urgency.set(l) }
                    }>{level_options(urgency, Level::urgency_label)}</select>
                </div>
                <div class="field">
                    <span class="field-label">{t(Msg::FieldPriority)}</span>
                    <output data-testid="priority-preview" aria-live="polite">
                        {move || view! { <PriorityBadge priority=matrix.priority(impact.get(), urgency.get())/> }}
                    </output>
                </div>
            </div>
            <div class="form-row">
                <div class="field" class:field-invalid=move || errors.field("group_id").get().is_some()>
                    <label for="field-group">{t(Msg::FieldGroup)}</label>
                    <select id="field-group" on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="">{t(Msg::AutomaticFromCategory)}</option>
                        {opts.groups.iter().filter(|g| g.active).map(|g| view! {
                            <option value=g.id.to_string()>{g.name.clone()}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error">{move || errors.field("group_id").get().map(|m| m.text(locale.get()))}</p>
                </div>
                <div class="field" class:field-invalid=move || errors.field("assignee_id").get().is_some()>
                    <label for="field-assignee">{t(Msg::FieldAssignee)}</label>
                    <select id="field-assignee" on:change=move |ev| assignee.set(event_target_value(&ev))>
                        <option value="">{t(Msg::AutomaticLeastLoaded)}</option>
                        {opts.assignees.iter().map(|a| view! {
                            <option value=a.id.to_string()>{a.name.clone()}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error">{move || errors.field("assignee_id").get().map(|m| m.text(locale.get()))}</p>
                </div>
            </div>
            <div class="form-row">
                <div class="field">
                    <label for="field-caller">{t(Msg::FieldCallerAccount)}</label>
                    <select id="field-caller" on:change=move |ev| caller.set(event_target_value(&ev))>
                        <option value="">{t(Msg::NoCallerAccount)}</option>
                        {opts.callers.iter().map(|c| view! {
                            <option value=c.id.to_string()>{c.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField label=Msg::FieldCallerName name="caller_name" value=caller_name error=errors.field("caller_name")/>
                <TextField label=Msg::FieldCallerContact name="caller_contact" value=caller_contact error=errors.field("caller_contact")/>
            </div>
            <TextField label=Msg::FieldTags name="tags" value=tags error=errors.field("tags") hint=Msg::TagsHint/>
            <div class="form-actions">
                <a class="button" href="/tickets">{t(Msg::Cancel)}</a>
                <button type="submit" class="button button-primary" disabled=move || create.pending().get()>
                    {t(Msg::CreateTicket)}
                </button>
            </div>
        </form>
    }
}
