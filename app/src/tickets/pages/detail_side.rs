//! The ticket page's side panels: status moves, assignment, impact/urgency, related tickets.

use crate::components::{ErrorBanner, FieldErrorsOf};
use crate::desk::api::ticket_form_options;
use crate::i18n::{t, use_i18n, Msg};
use crate::tickets::api::{assign_ticket, link_ticket, move_ticket, reclassify_ticket};
use crate::tickets::components::{PriorityBadge, StatusBadge};
use crate::tickets::model::{Level, Status, TicketDetail};
use leptos::prelude::*;
use leptos_router::components::A;

/// Buttons for every status the ticket may move to now. Resolving asks for the resolution.
#[component]
pub fn StatusActions(
    d: TicketDetail,
    refresh: Callback<()>,
    note: RwSignal<String>,
) -> impl IntoView {
    let locale = use_i18n().locale;
    let id = d.summary.id;
    let act = Action::new(move |to: &Status| {
        let to = *to;
        let text = note.get_untracked();
        async move {
            let r = move_ticket(id, to, (!text.trim().is_empty()).then_some(text)).await;
            if r.is_ok() {
                note.set(String::new());
                refresh.run(());
            }
            r
        }
    });
    let error = Signal::derive(move || act.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let targets = d.allowed_statuses.clone();
    view! {
        <section class="panel status-actions">
            <h2>{t(Msg::ColStatus)}</h2>
            <p><StatusBadge status=d.summary.status/></p>
            {(!targets.is_empty()).then(|| view! {
                <div class="field" class:field-invalid=move || errors.field("note").get().is_some()>
                    <label for="status-note">{t(Msg::StatusNote)}</label>
                    <textarea id="status-note" rows="3" prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <p class="field-hint">{t(Msg::StatusNoteHint)}</p>
                    <p class="field-error">{move || errors.field("note").get().map(|m| m.text(locale.get()))}</p>
                </div>
            })}
            {move || error.get().filter(|e| e.field_errors().is_none()).map(|e| view! { <ErrorBanner error=Some(e)/> })}
            <div class="button-row">
                {targets.into_iter().map(|to| view! {
                    <button type="button" class="button" data-move=to.code()
                        disabled=move || act.pending().get()
                        on:click=move |_| { act.dispatch(to); }>
                        {t(to.label())}
                    </button>
                }).collect_view()}
            </div>
        </section>
    }
}

#[component]
pub fn Assignment(d: TicketDetail, refresh: Callback<()>) -> impl IntoView {
    let locale = use_i18n().locale;
    let id = d.summary.id;
    let options = Resource::new(|| (), |_| ticket_form_options());
    let group = RwSignal::new(
        d.summary
            .group
            .as_ref()
            .map(|g| g.id.to_string())
            .unwrap_or_default(),
    );
    let assignee = RwSignal::new(
        d.summary
            .assignee
            .as_ref()
            .map(|a| a.id.to_string())
            .unwrap_or_default(),
    );
    let save = Action::new(move |_: &()| {
        let (g, a) = (
            group.get_untracked().parse().ok(),
            assignee.get_untracked().parse().ok(),
        );
        async move {
            let r = assign_ticket(id, g, a).await;
            if r.is_ok() {
                refresh.run(());
            }
            r
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let is_final = d.summary.status.is_final();
    view! {
        <section class="panel">
            <h2>{t(Msg::AssignmentTitle)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(opts) = options.await else { return ().into_any() };
                    view! {
                        <div class="field" class:field-invalid=move || errors.field("group_id").get().is_some()>
                            <label for="assign-group">{t(Msg::FieldGroup)}</label>
                            <select id="assign-group" disabled=is_final on:change=move |ev| group.set(event_target_value(&ev))>
                                <option value="">"—"</option>
                                {opts.groups.into_iter().map(|g| {
                                    let v = g.id.to_string();
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || group.get() == v2>{g.name}</option> }
                                }).collect_view()}
                            </select>
                            <p class="field-error">{move || errors.field("group_id").get().map(|m| m.text(locale.get()))}</p>
                        </div>
                        <div class="field" class:field-invalid=move || errors.field("assignee_id").get().is_some()>
                            <label for="assign-person">{t(Msg::FieldAssignee)}</label>
                            <select id="assign-person" disabled=is_final on:change=move |ev| assignee.set(event_target_value(&ev))>
                                <option value="">{t(Msg::Unassigned)}</option>
                                {opts.assignees.into_iter().map(|a| {
                                    let v = a.id.to_string();
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || assignee.get() == v2>{a.name}</option> }
                                }).collect_view()}
                            </select>
                            <p class="field-error">{move || errors.field("assignee_id").get().map(|m| m.text(locale.get()))}</p>
                        </div>
                    }.into_any()
                })}
            </Suspense>
            {move || error.get().filter(|e| e.field_errors().is_none()).map(|e| view! { <ErrorBanner error=Some(e)/> })}
            <button type="button" class="button" disabled=move || is_final || save.pending().get()
                on:click=move |_| { save.dispatch(()); }>{t(Msg::SaveAssignment)}</button>
        </section>
    }
}

/// Impact and urgency; the priority follows the matrix. A work note is required.
#[component]
pub fn Classification(d: TicketDetail, refresh: Callback<()>) -> impl IntoView {
    let locale = use_i18n().locale;
    let id = d.summary.id;
    let impact = RwSignal::new(d.impact);
    let urgency = RwSignal::new(d.urgency);
    let note = RwSignal::new(String::new());
    let save = Action::new(move |_: &()| {
        let (i, u, n) = (
            impact.get_untracked(),
            urgency.get_untracked(),
            note.get_untracked(),
        );
        async move {
            let r = reclassify_ticket(id, i, u, n).await;
            if r.is_ok() {
                refresh.run(());
            }
            r
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let changed = move || impact.get() != d.impact || urgency.get() != d.urgency;
    let level_select = move |id: &'static str,
                             label: Msg,
                             sig: RwSignal<Level>,
                             name: fn(Level) -> Msg| {
        view! {
            <div class="field">
                <label for=id>{t(label)}</label>
                <select id=id on:change=move |ev| {
                    if let Some(l) = event_target_value(&ev).parse().ok().and_then(Level::new) { sig.set(l) }
                }>
                    {Level::ALL.into_iter().map(|l| view! {
                        <option value=l.get().to_string() selected=move || sig.get() == l>{t(name(l))}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <section class="panel">
            <h2>{t(Msg::ClassificationTitle)}</h2>
            <p>{t(Msg::FieldPriority)}": "<PriorityBadge priority=d.summary.priority/></p>
            {level_select("class-impact", Msg::FieldImpact, impact, Level::impact_label)}
            {level_select("class-urgency", Msg::FieldUrgency, urgency, Level::urgency_label)}
            <Show when=changed>
                <div class="field" class:field-invalid=move || errors.field("note").get().is_some()>
                    <label for="class-note">{t(Msg::WorkNote)}</label>
                    <textarea id="class-note" rows="2" prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <p class="field-error">{move || errors.field("note").get().map(|m| m.text(locale.get()))}</p>
                </div>
                <button type="button" class="button" disabled=move || save.pending().get()
                    on:click=move |_| { save.dispatch(()); }>{t(Msg::SaveClassification)}</button>
            </Show>
            {move || error.get().filter(|e| e.field_errors().is_none()).map(|e| view! { <ErrorBanner error=Some(e)/> })}
        </section>
    }
}

#[component]
pub fn Related(d: TicketDetail, refresh: Callback<()>) -> impl IntoView {
    let locale = use_i18n().locale;
    let id = d.summary.id;
    let other = RwSignal::new(String::new());
    let link = Action::new(move |(number, linked): &(String, bool)| {
        let (number, linked) = (number.clone(), *linked);
        async move {
            let r = link_ticket(id, number, linked).await;
            if r.is_ok() {
                other.set(String::new());
                refresh.run(());
            }
            r
        }
    });
    let error = Signal::derive(move || link.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    view! {
        <section class="panel">
            <h2>{t(Msg::RelatedTickets)}</h2>
            <ul class="related">
                {d.related.into_iter().map(|r| {
                    let number = r.number.clone();
                    view! {
                        <li>
                            <A href=format!("/tickets/{}", r.id)>{r.number.clone()}</A>" "{r.title.clone()}" "
                            <StatusBadge status=r.status/>
                            <button type="button" class="button-quiet" on:click=move |_| { link.dispatch((number.clone(), false)); }>
                                {t(Msg::Unlink)}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="field" class:field-invalid=move || errors.field("related").get().is_some()>
                <label for="related-number">{t(Msg::LinkTicketByNumber)}</label>
                <input id="related-number" placeholder="INC-000123" prop:value=move || other.get()
                    on:input=move |ev| other.set(event_target_value(&ev))/>
                <p class="field-error">{move || errors.field("related").get().map(|m| m.text(locale.get()))}</p>
            </div>
            <button type="button" class="button" on:click=move |_| { link.dispatch((other.get_untracked(), true)); }>
                {t(Msg::Link)}
            </button>
        </section>
    }
}
