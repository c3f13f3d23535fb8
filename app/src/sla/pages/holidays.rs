//! The national holidays list: one year at a time, add, change (a provisional date moves
//! when the decree comes out), confirm, delete.

use super::calendars::WEEKDAYS;
use crate::components::{
    ErrorBanner, FieldErrorsOf, FieldMessage, InlineEditor, SaveCancel, TextField,
};
use crate::format::TimeZone;
use crate::i18n::{t, tr, Msg};
use crate::sla::api::{delete_holiday, holidays_of_year, save_holiday};
use crate::sla::model::Holiday;
use chrono::{Datelike, NaiveDate, Utc};
use leptos::prelude::*;

fn this_year() -> i32 {
    (Utc::now() + TimeZone::default().offset()).year()
}

/// What the form is doing: adding a new holiday or changing the one on `original`.
#[derive(Clone, Debug, PartialEq)]
struct Editing {
    original: Option<NaiveDate>,
    holiday: Holiday,
}

#[component]
pub fn HolidaysPanel(changed: Callback<()>) -> impl IntoView {
    let year = RwSignal::new(this_year());
    let editor = InlineEditor::<Editing>::new();
    let editing = editor.editing;
    let holidays = Resource::new(
        move || (year.get(), editor.version.get()),
        |(y, _)| holidays_of_year(y),
    );
    let saved = editor.saved();
    let refresh = Callback::new(move |()| {
        saved.run(());
        changed.run(());
    });
    let confirm = Action::new(move |h: &Holiday| {
        let h = h.clone();
        async move {
            let r = save_holiday(
                Some(h.day),
                Holiday {
                    provisional: false,
                    ..h
                },
            )
            .await;
            if r.is_ok() {
                refresh.run(());
            }
            r
        }
    });
    let delete = Action::new(move |day: &NaiveDate| {
        let day = *day;
        async move {
            let r = delete_holiday(day).await;
            if r.is_ok() {
                refresh.run(());
            }
            r
        }
    });
    let action_error = Signal::derive(move || {
        confirm
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| delete.value().get().and_then(Result::err))
    });
    // Deleting asks once more on the same button, so a slip of the finger loses nothing.
    let armed_delete = RwSignal::new(None::<NaiveDate>);
    view! {
        <section class="panel" data-testid="holidays">
            <div class="panel-header">
                <h2>{t(Msg::HolidaysTitle)}</h2>
                <div class="button-row">
                    <button type="button" class="button button-small" aria-label=move || t(Msg::PreviousYear)()
                        on:click=move |_| year.update(|y| *y -= 1)>"‹"</button>
                    <span class="year" data-testid="holiday-year">{move || year.get()}</span>
                    <button type="button" class="button button-small" aria-label=move || t(Msg::NextYear)()
                        on:click=move |_| year.update(|y| *y += 1)>"›"</button>
                    <button type="button" class="button button-small" on:click=move |_| {
                        let day = NaiveDate::from_ymd_opt(year.get_untracked(), 1, 1).unwrap_or_default();
                        editing.set(Some(Editing { original: None, holiday: Holiday { day, name: String::new(), provisional: false } }));
                    }>{t(Msg::AddHoliday)}</button>
                </div>
            </div>
            <p class="muted">{t(Msg::HolidaysHelp)}</p>
            <ErrorBanner error=action_error/>
            {move || editing.get().map(|e| view! { <HolidayForm editing=e saved=refresh cancel=editor.cancel()/> })}
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match holidays.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::NoHolidays)}</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                            <table class="table" data-testid="holidays-table">
                                <thead><tr>
                                    <th scope="col">{t(Msg::ColDate)}</th>
                                    <th scope="col">{t(Msg::ColName)}</th>
                                    <th scope="col"><span class="visually-hidden">{t(Msg::Actions)}</span></th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|h| {
                                        let weekday = WEEKDAYS[h.day.weekday().num_days_from_monday() as usize];
                                        let (day, for_edit, for_confirm) = (h.day, h.clone(), h.clone());
                                        let name = h.name.clone();
                                        view! {
                                            <tr>
                                                <td>{t(weekday)}", "{h.day.format("%d-%m-%Y").to_string()}</td>
                                                <th scope="row">
                                                    {h.name}
                                                    {h.provisional.then(|| view! { " " <span class="badge badge-warn">{t(Msg::Provisional)}</span> })}
                                                </th>
                                                <td><div class="row-actions">
                                                    {h.provisional.then(|| view! {
                                                        <button type="button" class="button button-small"
                                                            aria-label=format!("{} {}", tr(Msg::ConfirmHoliday), name)
                                                            on:click=move |_| { confirm.dispatch(for_confirm.clone()); }>{t(Msg::ConfirmHoliday)}</button>
                                                    })}
                                                    <button type="button" class="button button-small"
                                                        on:click=move |_| editing.set(Some(Editing { original: Some(day), holiday: for_edit.clone() }))>{t(Msg::Edit)}</button>
                                                    <button type="button" class="button button-small button-danger"
                                                        on:click=move |_| {
                                                            if armed_delete.get_untracked() == Some(day) {
                                                                armed_delete.set(None);
                                                                delete.dispatch(day);
                                                            } else {
                                                                armed_delete.set(Some(day));
                                                            }
                                                        }>
                                                        {move || if armed_delete.get() == Some(day) { t(Msg::ReallyDelete)() } else { t(Msg::Delete)() }}
                                                    </button>
                                                </div></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn HolidayForm(editing: Editing, saved: Callback<()>, cancel: Callback<()>) -> impl IntoView {
    let original = editing.original;
    let day = RwSignal::new(editing.holiday.day.format("%Y-%m-%d").to_string());
    let name = RwSignal::new(editing.holiday.name);
    let provisional = RwSignal::new(editing.holiday.provisional);
    let save = Action::new(move |h: &Option<Holiday>| {
        let h = h.clone();
        async move {
            // An unreadable date never reaches the server; say so beside the field.
            let Some(h) = h else {
                return Err(crate::error::FieldErrors::single(
                    "day",
                    Msg::ValDateInvalid,
                ));
            };
            let r = save_holiday(original, h).await;
            if r.is_ok() {
                saved.run(());
            }
            r
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = NaiveDate::parse_from_str(day.get_untracked().trim(), "%Y-%m-%d").ok();
        save.dispatch(parsed.map(|d| Holiday {
            day: d,
            name: name.get_untracked(),
            provisional: provisional.get_untracked(),
        }));
    };
    view! {
        <form class="form inline-form" on:submit=submit data-testid="holiday-form">
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="field-row">
                <div class="field" class:field-invalid=move || errors.field("day").get().is_some()>
                    <label for="holiday-day">{t(Msg::ColDate)}</label>
                    <input id="holiday-day" type="date" required prop:value=move || day.get()
                        on:input=move |ev| day.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field("day")/>
                </div>
                <TextField label=Msg::ColName name="holiday-name" value=name error=errors.field("name") required=true/>
            </div>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || provisional.get()
                    on:change=move |ev| provisional.set(event_target_checked(&ev))/>
                {t(Msg::ProvisionalHint)}
            </label>
            <SaveCancel pending=save.pending() cancel=cancel/>
        </form>
    }
}
