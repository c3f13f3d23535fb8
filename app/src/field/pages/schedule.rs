//! The desk's actions on one order: give it a technician and a window (schedule, move,
//! reschedule), record a failure phoned in, cancel it.

use crate::components::time::UserTimeZone;
use crate::components::{ErrorBanner, FieldErrorsOf, FieldMessage};
use crate::field::api::{move_work_order, schedule_work_order, technician_options};
use crate::field::model::{
    FailureReason, MoveRequest, ScheduleDraft, Window, WorkOrderDetail, WorkOrderState,
};
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// Today in the reader's zone, for the date field's first value.
fn local_date(at: chrono::DateTime<chrono::Utc>, zone: crate::format::TimeZone) -> String {
    at.with_timezone(&zone.offset())
        .format("%Y-%m-%d")
        .to_string()
}

fn local_time(at: chrono::DateTime<chrono::Utc>, zone: crate::format::TimeZone) -> String {
    at.with_timezone(&zone.offset()).format("%H:%M").to_string()
}

#[component]
pub fn SchedulePanel(order: WorkOrderDetail, version: RwSignal<u32>) -> impl IntoView {
    let zone = expect_context::<UserTimeZone>().0;
    let technicians = Resource::new(|| (), |_| technician_options());
    let z = zone.get_untracked();
    let now = chrono::Utc::now();
    let (date0, start0, end0) = match order.window {
        Some(w) => (
            local_date(w.start, z),
            local_time(w.start, z),
            local_time(w.end, z),
        ),
        None => (local_date(now, z), "09:00".to_owned(), "11:00".to_owned()),
    };
    let technician = RwSignal::new(
        order
            .technician
            .as_ref()
            .map(|t| t.0.to_string())
            .unwrap_or_default(),
    );
    let (date, start, end) = (
        RwSignal::new(date0),
        RwSignal::new(start0),
        RwSignal::new(end0),
    );
    let id = order.id;
    let save = Action::new(move |draft: &ScheduleDraft| schedule_work_order(id, draft.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let offset = zone.get_untracked().offset();
        save.dispatch(ScheduleDraft {
            technician_id: technician.get_untracked().parse().ok(),
            window: Window::local(
                &date.get_untracked(),
                &start.get_untracked(),
                &end.get_untracked(),
                offset,
            ),
        });
    };
    let title = if order.state == WorkOrderState::Failed {
        Msg::WoReschedule
    } else {
        Msg::WoSchedule
    };
    view! {
        <form class="form panel" on:submit=submit data-testid="wo-schedule">
            <h2>{t(title)}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="form-row">
                <div class="field">
                    <label for="wo-tech">{t(Msg::WoTechnician)}</label>
                    <Suspense fallback=move || view! { <select id="wo-tech"></select> }>
                        {move || Suspend::new(async move {
                            let list = technicians.await.unwrap_or_default();
                            view! {
                                <select id="wo-tech" on:change=move |ev| technician.set(event_target_value(&ev))>
                                    <option value="">{t(Msg::WoPickTechnician)}</option>
                                    {list.into_iter().map(|tech| {
                                        let value = tech.user_id.to_string();
                                        let selected = { let value = value.clone(); move || technician.get() == value };
                                        let skills = tech.skills.iter().map(|s| crate::i18n::tr(s.label())).collect::<Vec<_>>().join(", ");
                                        view! { <option value=value selected=selected>{format!("{} — {} ({})", tech.name, tech.zone, skills)}</option> }
                                    }).collect_view()}
                                </select>
                            }
                        })}
                    </Suspense>
                    <FieldMessage error=errors.field("technician_id")/>
                </div>
                <div class="field">
                    <label for="wo-date">{t(Msg::WoDay)}</label>
                    <input id="wo-date" type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field("window_start")/>
                </div>
                <div class="field">
                    <label for="wo-start">{t(Msg::WoFrom)}</label>
                    <input id="wo-start" type="time" prop:value=move || start.get() on:input=move |ev| start.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="wo-end">{t(Msg::WoUntil)}</label>
                    <input id="wo-end" type="time" prop:value=move || end.get() on:input=move |ev| end.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field("window_end")/>
                </div>
            </div>
            <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t(title)}</button>
        </form>
    }
}

/// Failure phoned in by the technician, or cancelling the order.
#[component]
pub fn DeskMoves(order: WorkOrderDetail, version: RwSignal<u32>) -> impl IntoView {
    let id = order.id;
    let can_fail = order.state.is_planned() || order.state.is_under_way();
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let act = Action::new(move |request: &MoveRequest| move_work_order(id, request.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = act.value().get() {
            note.set(String::new());
            version.update(|v| *v += 1);
        }
    });
    let error = Signal::derive(move || act.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let send = move |to: WorkOrderState| {
        act.dispatch(MoveRequest {
            to,
            failure_reason: FailureReason::from_code(&reason.get_untracked()),
            note: note.get_untracked(),
        });
    };
    view! {
        <section class="panel" data-testid="wo-desk-moves">
            <h2>{t(Msg::WoDeskMoves)}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="form-row">
                {can_fail.then(|| view! {
                    <div class="field">
                        <label for="wo-reason">{t(Msg::WoFailureReason)}</label>
                        <select id="wo-reason" on:change=move |ev| reason.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {FailureReason::ALL.into_iter().map(|r| view! { <option value=r.code()>{t(r.label())}</option> }).collect_view()}
                        </select>
                        <FieldMessage error=errors.field("failure_reason")/>
                    </div>
                })}
                <div class="field field-wide">
                    <label for="wo-note">{t(Msg::WoNote)}</label>
                    <input id="wo-note" type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field("note")/>
                </div>
            </div>
            <div class="page-actions">
                {can_fail.then(|| view! {
                    <button type="button" class="button" on:click=move |_| send(WorkOrderState::Failed)
                        disabled=move || act.pending().get()>{t(Msg::WoRecordFailure)}</button>
                })}
                <button type="button" class="button button-danger" on:click=move |_| send(WorkOrderState::Cancelled)
                    disabled=move || act.pending().get()>{t(Msg::WoCancelOrder)}</button>
            </div>
        </section>
    }
}
