//! `/admin/desk/calendars`: when SLA clocks run (zone, weekly hours or 24×7) and the
//! national holidays they skip.

use super::holidays::HolidaysPanel;
use crate::components::{
    save_action, EditButton, ErrorBanner, FieldErrorsOf, FieldMessage, InlineEditor, SaveCancel,
    TextField,
};
use crate::desk::pages::SettingsHeader;
use crate::format::TimeZone;
use crate::i18n::{t, Msg};
use crate::sla::api::{load_sla_settings, save_business_calendar};
use crate::sla::model::settings::hours_field;
use crate::sla::model::{BusinessCalendar, CalendarDraft};
use leptos::prelude::*;

/// Monday first, as ISO weekdays and the calendar rows count them.
pub const WEEKDAYS: [Msg; 7] = [
    Msg::Monday,
    Msg::Tuesday,
    Msg::Wednesday,
    Msg::Thursday,
    Msg::Friday,
    Msg::Saturday,
    Msg::Sunday,
];

fn draft_of(c: &BusinessCalendar) -> CalendarDraft {
    CalendarDraft {
        id: c.id,
        name: c.name.clone(),
        time_zone: c.time_zone,
        always_open: c.always_open,
        observes_holidays: c.observes_holidays,
        hours: c.hours.clone(),
    }
}

#[component]
pub fn CalendarsPage() -> impl IntoView {
    let editor = InlineEditor::<CalendarDraft>::new();
    let (editing, saved) = (editor.editing, editor.saved());
    let settings = Resource::new(move || editor.version.get(), |_| load_sla_settings());
    view! {
        <SettingsHeader title=Msg::CalendarsTitle new_label=Msg::NewCalendar
            on_new=Callback::new(move |()| editing.set(Some(CalendarDraft::default())))/>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(s) => view! {
                        {move || editing.get().map(|d| view! {
                            <CalendarForm draft=d saved=saved cancel=editor.cancel()/>
                        })}
                        <CalendarTable calendars=s.calendars edit=editor.edit()/>
                    }.into_any(),
                }
            })}
        </Transition>
        <HolidaysPanel changed=Callback::new(move |()| editor.version.update(|n| *n += 1))/>
    }
}

#[component]
fn CalendarTable(calendars: Vec<BusinessCalendar>, edit: Callback<CalendarDraft>) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="calendars-table">
            <thead><tr>
                <th scope="col">{t(Msg::ColName)}</th>
                <th scope="col">{t(Msg::FieldTimeZone)}</th>
                <th scope="col">{t(Msg::FieldWorkingHours)}</th>
                <th scope="col">{t(Msg::FieldObservesHolidays)}</th>
                <th scope="col">{t(Msg::ColPolicies)}</th>
                <th scope="col"><span class="visually-hidden">{t(Msg::Edit)}</span></th>
            </tr></thead>
            <tbody>
                {calendars.into_iter().map(|c| {
                    let draft = draft_of(&c);
                    let what = c.name.to_string();
                    let hours = if c.always_open {
                        view! { <span>{t(Msg::AlwaysOpen)}</span> }.into_any()
                    } else {
                        view! {
                            <dl class="week-hours">
                                {WEEKDAYS.into_iter().zip(c.hours).filter(|(_, h)| !h.is_empty()).map(|(day, h)| view! {
                                    <dt>{t(day)}</dt><dd>{h}</dd>
                                }).collect_view()}
                            </dl>
                        }.into_any()
                    };
                    view! {
                        <tr>
                            <th scope="row">{c.name.clone()}</th>
                            <td>{t(c.time_zone.label())}</td>
                            <td>{hours}</td>
                            <td>{t(if c.observes_holidays && !c.always_open { Msg::Yes } else { Msg::No })}</td>
                            <td>{c.policies}</td>
                            <td><EditButton what=what on_click=Callback::new(move |()| edit.run(draft.clone()))/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

#[component]
fn CalendarForm(draft: CalendarDraft, saved: Callback<()>, cancel: Callback<()>) -> impl IntoView {
    let id = draft.id;
    let name = RwSignal::new(draft.name);
    let zone = RwSignal::new(draft.time_zone);
    let always_open = RwSignal::new(draft.always_open);
    let holidays = RwSignal::new(draft.observes_holidays);
    let hours: Vec<RwSignal<String>> = (0..7)
        .map(|d| RwSignal::new(draft.hours.get(d).cloned().unwrap_or_default()))
        .collect();
    let save = save_action(saved, save_business_calendar);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let week = hours.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CalendarDraft {
            id,
            name: name.get_untracked(),
            time_zone: zone.get_untracked(),
            always_open: always_open.get_untracked(),
            observes_holidays: holidays.get_untracked(),
            hours: week.iter().map(|h| h.get_untracked()).collect(),
        });
    };
    view! {
        <form class="panel form" on:submit=submit data-testid="calendar-form">
            <h2>{t(if id == 0 { Msg::NewCalendar } else { Msg::EditCalendar })}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <TextField label=Msg::ColName name="name" value=name error=errors.field("name") required=true/>
            <div class="field">
                <label for="calendar-zone">{t(Msg::FieldTimeZone)}</label>
                <select id="calendar-zone" on:change=move |ev| {
                    if let Some(z) = TimeZone::from_iana(&event_target_value(&ev)) { zone.set(z) }
                }>
                    {TimeZone::ALL.into_iter().map(|z| view! {
                        <option value=z.iana() selected=move || zone.get() == z>{t(z.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || always_open.get()
                    on:change=move |ev| always_open.set(event_target_checked(&ev))/>
                {t(Msg::AlwaysOpen)}
            </label>
            <fieldset class="field week-editor" prop:disabled=move || always_open.get()>
                <legend>{t(Msg::FieldWorkingHours)}</legend>
                <p class="field-hint">{t(Msg::WorkingHoursHint)}</p>
                {WEEKDAYS.into_iter().zip(hours).enumerate().map(|(i, (day, value))| {
                    let field_id = format!("calendar-day-{}", i + 1);
                    let error = errors.field_named(hours_field(i + 1));
                    view! {
                        <div class="field field-inline" class:field-invalid=move || error.get().is_some()>
                            <label for=field_id.clone()>{t(day)}</label>
                            <input id=field_id type="text" placeholder="08.00–17.00" prop:value=move || value.get()
                                on:input=move |ev| value.set(event_target_value(&ev))/>
                            <FieldMessage error=error/>
                        </div>
                    }
                }).collect_view()}
                <FieldMessage error=errors.field("hours")/>
            </fieldset>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || holidays.get()
                    on:change=move |ev| holidays.set(event_target_checked(&ev))/>
                {t(Msg::FieldObservesHolidays)}
            </label>
            <p class="field-hint">{t(Msg::PolicyChangeHint)}</p>
            <SaveCancel pending=save.pending() cancel=cancel/>
        </form>
    }
}
