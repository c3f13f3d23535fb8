//! The comment box (public reply or internal work note) and the timeline.

use crate::components::{ErrorBanner, FieldErrorsOf, LocalTime};
use crate::error::AppError;
use crate::field::model::{FailureReason, WorkOrderState};
use crate::i18n::{t, use_i18n, Msg};
use crate::tickets::api::comment_on_ticket;
use crate::tickets::model::{
    FieldChange, Priority, SlaMetric, Status, TicketId, TimelineEntry, TimelineItem, Visibility,
};
use leptos::prelude::*;

#[component]
pub fn CommentBox(id: TicketId, refresh: Callback<()>) -> impl IntoView {
    let locale = use_i18n().locale;
    let body = RwSignal::new(String::new());
    let visibility = RwSignal::new(Visibility::Internal);
    let send = Action::new(move |_: &()| {
        let (b, v) = (body.get_untracked(), visibility.get_untracked());
        async move {
            let r = comment_on_ticket(id, v, b).await;
            if r.is_ok() {
                body.set(String::new());
                refresh.run(());
            }
            r
        }
    });
    let error = Signal::derive(move || send.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    view! {
        <section class="panel comment-box">
            <h2>{t(Msg::AddComment)}</h2>
            <fieldset class="segmented">
                <legend class="visually-hidden">{t(Msg::CommentVisibility)}</legend>
                <label class="radio">
                    <input type="radio" name="visibility" prop:checked=move || visibility.get() == Visibility::Internal
                        on:change=move |_| visibility.set(Visibility::Internal)/>
                    {t(Msg::InternalNote)}
                </label>
                <label class="radio">
                    <input type="radio" name="visibility" prop:checked=move || visibility.get() == Visibility::Public
                        on:change=move |_| visibility.set(Visibility::Public)/>
                    {t(Msg::PublicReply)}
                </label>
            </fieldset>
            <div class="field" class:field-invalid=move || errors.field("body").get().is_some()>
                <label for="comment-body">{move || if visibility.get() == Visibility::Public {
                    t(Msg::PublicReplyHint)
                } else {
                    t(Msg::InternalNoteHint)
                }}</label>
                <textarea id="comment-body" rows="4" prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <p class="field-hint">{t(Msg::MarkdownHint)}</p>
                <p class="field-error">{move || errors.field("body").get().map(|m| m.text(locale.get()))}</p>
            </div>
            {move || error.get().filter(|e| e.field_errors().is_none()).map(|e| view! { <ErrorBanner error=Some(e)/> })}
            <button type="button" class="button button-primary" disabled=move || send.pending().get()
                on:click=move |_| { send.dispatch(()); }>
                {move || if visibility.get() == Visibility::Public { t(Msg::SendReply) } else { t(Msg::AddNote) }}
            </button>
        </section>
    }
}

fn action_label(action: &str) -> Msg {
    match action {
        "ticket.create" => Msg::TimelineCreated,
        "ticket.transition" => Msg::TimelineStatus,
        "ticket.assign" => Msg::TimelineAssigned,
        "ticket.reclassify" => Msg::TimelineReclassified,
        "ticket.update" => Msg::TimelineUpdated,
        "ticket.link" => Msg::TimelineLinked,
        "ticket.link_ci" => Msg::TimelineLinkedCi,
        "ticket.outage_attach" => Msg::TimelineOutageAttached,
        "ticket.unlink" => Msg::TimelineUnlinked,
        "ticket.sla_warning" => Msg::TimelineSlaWarning,
        "ticket.sla_breached" => Msg::TimelineSlaBreached,
        "ticket.approve" => Msg::TimelineApproved,
        "ticket.attach" => Msg::TimelineAttached,
        "ticket.reject" => Msg::TimelineRejected,
        "work_order.create" => Msg::TimelineWoCreated,
        "work_order.schedule" => Msg::TimelineWoScheduled,
        "work_order.move" => Msg::TimelineWoMoved,
        _ => Msg::TimelineChanged,
    }
}

fn field_label(field: &str) -> Option<Msg> {
    Some(match field {
        "title" => Msg::FieldTitle,
        "description" => Msg::FieldDescription,
        "status" => Msg::ColStatus,
        "impact" => Msg::FieldImpact,
        "urgency" => Msg::FieldUrgency,
        "priority" => Msg::FieldPriority,
        "category" => Msg::FieldCategory,
        "group" => Msg::FieldGroup,
        "assignee" => Msg::FieldAssignee,
        "tags" => Msg::FieldTags,
        "caller_name" => Msg::FieldCallerName,
        "caller_contact" => Msg::FieldCallerContact,
        "resolution" => Msg::ResolutionNote,
        "sla" => Msg::SlaTitle,
        "attachment" => Msg::AttachmentsTitle,
        "work_order" => Msg::TimelineWorkOrder,
        "work_order_state" => Msg::WoState,
        "failure_reason" => Msg::WoFailureReason,
        _ => return None,
    })
}

/// Codes stored in the history shown in the reader's language.
fn value_text(field: &str, value: &Option<String>, locale: crate::i18n::Locale) -> String {
    let Some(v) = value else { return "—".into() };
    let translated = match field {
        "status" => Status::from_code(v).map(|s| s.label()),
        "priority" => v.parse().ok().and_then(Priority::new).map(|p| p.label()),
        "sla" => SlaMetric::from_code(v).map(|m| m.label()),
        "work_order_state" => WorkOrderState::from_code(v).map(|s| s.label()),
        "failure_reason" => FailureReason::from_code(v).map(|r| r.label()),
        _ => None,
    };
    match (field, translated) {
        ("description", _) => Msg::ChangedText.text(locale).to_owned(),
        (_, Some(msg)) => msg.text(locale).to_owned(),
        _ => v.clone(),
    }
}

#[component]
fn Change(change: FieldChange) -> impl IntoView {
    let locale = use_i18n().locale;
    let label = field_label(&change.field);
    move || {
        let l = locale.get();
        let name = label
            .map(|m| m.text(l).to_owned())
            .unwrap_or_else(|| change.field.clone());
        if change.field == "description" {
            format!("{name}: {}", Msg::ChangedText.text(l))
        } else {
            format!(
                "{name}: {} → {}",
                value_text(&change.field, &change.from, l),
                value_text(&change.field, &change.to, l)
            )
        }
    }
}

#[component]
pub fn Timeline(timeline: Result<Vec<TimelineEntry>, AppError>) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{t(Msg::Timeline)}</h2>
            {match timeline {
                Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                Ok(entries) => view! {
                    <ol class="timeline" data-testid="timeline">
                        {entries.into_iter().rev().map(|e| view! { <Entry entry=e/> }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Entry(entry: TimelineEntry) -> impl IntoView {
    let who = entry.actor.clone().unwrap_or_else(|| "Simpul".into());
    match entry.item {
        TimelineItem::Comment { visibility, body_html, .. } => {
            let public = visibility == Visibility::Public;
            view! {
                <li class="entry entry-comment" class:entry-internal=!public data-visibility=visibility.code()>
                    <div class="entry-head">
                        <strong>{who}</strong>" · "
                        <span class="badge">{if public { t(Msg::PublicReply) } else { t(Msg::InternalNote) }}</span>" · "
                        <LocalTime at=entry.at/>
                    </div>
                    <div class="markdown" inner_html=body_html></div>
                </li>
            }
            .into_any()
        }
        TimelineItem::Change { action, changes } => view! {
            <li class="entry entry-change">
                <div class="entry-head">
                    <strong>{who}</strong>" · "{t(action_label(&action))}" · "<LocalTime at=entry.at/>
                </div>
                {(!changes.is_empty()).then(|| view! {
                    <ul class="changes">
                        {changes.into_iter().map(|c| view! { <li><Change change=c/></li> }).collect_view()}
                    </ul>
                })}
            </li>
        }
        .into_any(),
    }
}
