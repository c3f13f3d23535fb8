//! `/admin/desk/sla`: which targets apply to which tickets.

use crate::components::{
    save_action, EditButton, ErrorBanner, FieldErrorsOf, FieldMessage, InlineEditor, SaveCancel,
    StatusBadge, TextField,
};
use crate::desk::pages::SettingsHeader;
use crate::format::work_minutes;
use crate::i18n::{t, use_i18n, Msg};
use crate::sla::api::{load_sla_settings, save_sla_policy};
use crate::sla::model::{SlaPolicy, SlaSettings};
use crate::tickets::model::{Priority, TicketKind};
use leptos::prelude::*;

#[component]
pub fn SlaPoliciesPage() -> impl IntoView {
    let editor = InlineEditor::<SlaPolicy>::new();
    let (editing, saved) = (editor.editing, editor.saved());
    let settings = Resource::new(move || editor.version.get(), |_| load_sla_settings());
    view! {
        <SettingsHeader title=Msg::SlaPoliciesTitle new_label=Msg::NewPolicy
            on_new=Callback::new(move |()| editing.set(Some(SlaPolicy::default())))/>
        <p class="muted">{t(Msg::SlaPoliciesHelp)}</p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(s) => {
                        let form_settings = s.clone();
                        view! {
                            {(s.recompute_pending > 0).then(|| view! {
                                <div class="banner banner-info" role="status" data-testid="recompute-pending">
                                    {t(Msg::RecomputePending)}" ("{s.recompute_pending}")"
                                </div>
                            })}
                            {move || editing.get().map(|p| view! {
                                <PolicyForm policy=p settings=form_settings.clone() saved=saved
                                    cancel=editor.cancel()/>
                            })}
                            <PolicyTable settings=s edit=editor.edit()/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn PolicyTable(settings: SlaSettings, edit: Callback<SlaPolicy>) -> impl IntoView {
    let locale = use_i18n().locale;
    let SlaSettings {
        policies,
        calendars,
        categories,
        ..
    } = settings;
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="sla-policies-table">
            <thead><tr>
                <th scope="col">{t(Msg::ColName)}</th>
                <th scope="col">{t(Msg::FieldKind)}</th>
                <th scope="col">{t(Msg::FieldPriority)}</th>
                <th scope="col">{t(Msg::FieldCategory)}</th>
                <th scope="col">{t(Msg::FieldCalendar)}</th>
                <th scope="col">{t(Msg::ColResponse)}</th>
                <th scope="col">{t(Msg::ColResolution)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col"><span class="visually-hidden">{t(Msg::Edit)}</span></th>
            </tr></thead>
            <tbody>
                {policies.into_iter().map(|p| {
                    let any = || view! { <span class="muted">{t(Msg::AnyValue)}</span> }.into_any();
                    let category = p.category_id
                        .and_then(|id| categories.iter().find(|c| c.id == id))
                        .map(|c| c.path.clone());
                    let calendar = calendars.iter().find(|c| c.id == p.calendar_id).map(|c| c.name.clone());
                    let (response, resolution) = (i64::from(p.response_minutes), i64::from(p.resolution_minutes));
                    let what = p.name.to_string();
                    let policy = p.clone();
                    view! {
                        <tr class:row-inactive=!p.active>
                            <th scope="row">{p.name}</th>
                            <td>{p.ticket_kind.map(|k| t(k.label()).into_any()).unwrap_or_else(any)}</td>
                            <td>{p.priority.map(|x| t(x.label()).into_any()).unwrap_or_else(any)}</td>
                            <td>{category.map(IntoAny::into_any).unwrap_or_else(any)}</td>
                            <td>{calendar}</td>
                            <td>{move || work_minutes(response, locale.get())}</td>
                            <td>{move || work_minutes(resolution, locale.get())}</td>
                            <td><StatusBadge active=p.active/></td>
                            <td><EditButton what=what on_click=Callback::new(move |()| edit.run(policy.clone()))/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// A minutes input that also shows the value as hours and minutes.
#[component]
fn MinutesField(
    label: Msg,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<crate::i18n::Msg>>,
) -> impl IntoView {
    let locale = use_i18n().locale;
    let id = format!("field-{name}");
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            <input id=id type="number" min="1" step="1" inputmode="numeric" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <p class="field-hint">{move || {
                let minutes = value.get().trim().parse::<i64>().ok().filter(|m| *m > 0);
                minutes.map(|m| format!("{} · {}", Msg::MinutesOfWorkingTime.text(locale.get()), work_minutes(m, locale.get())))
            }}</p>
            <FieldMessage error=error/>
        </div>
    }
}

fn parse_or_zero<T: std::str::FromStr + Default>(text: &str) -> T {
    text.trim().parse().unwrap_or_default()
}

#[component]
fn PolicyForm(
    policy: SlaPolicy,
    settings: SlaSettings,
    saved: Callback<()>,
    cancel: Callback<()>,
) -> impl IntoView {
    let id = policy.id;
    let name = RwSignal::new(policy.name);
    let kind = RwSignal::new(policy.ticket_kind);
    let priority = RwSignal::new(policy.priority);
    let category = RwSignal::new(policy.category_id);
    let default_calendar = settings.calendars.first().map(|c| c.id).unwrap_or(0);
    let calendar = RwSignal::new(if policy.calendar_id == 0 {
        default_calendar
    } else {
        policy.calendar_id
    });
    let response = RwSignal::new(policy.response_minutes.to_string());
    let resolution = RwSignal::new(policy.resolution_minutes.to_string());
    let warning = RwSignal::new(policy.warning_percent.to_string());
    let active = RwSignal::new(policy.active);
    let save = save_action(saved, save_sla_policy);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SlaPolicy {
            id,
            name: name.get_untracked(),
            ticket_kind: kind.get_untracked(),
            priority: priority.get_untracked(),
            category_id: category.get_untracked(),
            calendar_id: calendar.get_untracked(),
            response_minutes: parse_or_zero(&response.get_untracked()),
            resolution_minutes: parse_or_zero(&resolution.get_untracked()),
            warning_percent: parse_or_zero(&warning.get_untracked()),
            active: active.get_untracked(),
        });
    };
    view! {
        <form class="panel form" on:submit=submit data-testid="sla-policy-form">
            <h2>{t(if id == 0 { Msg::NewPolicy } else { Msg::EditPolicy })}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <TextField label=Msg::ColName name="name" value=name error=errors.field("name") required=true/>
            <div class="field-row">
                <div class="field">
                    <label for="policy-kind">{t(Msg::FieldKind)}</label>
                    <select id="policy-kind" on:change=move |ev| kind.set(TicketKind::from_code(&event_target_value(&ev)))>
                        <option value="" selected=move || kind.get().is_none()>{t(Msg::AnyValue)}</option>
                        {[TicketKind::Incident, TicketKind::Request].into_iter().map(|k| view! {
                            <option value=k.code() selected=move || kind.get() == Some(k)>{t(k.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="policy-priority">{t(Msg::FieldPriority)}</label>
                    <select id="policy-priority" on:change=move |ev| priority.set(event_target_value(&ev).parse().ok().and_then(Priority::new))>
                        <option value="" selected=move || priority.get().is_none()>{t(Msg::AnyValue)}</option>
                        {Priority::ALL.into_iter().map(|p| view! {
                            <option value=p.get().to_string() selected=move || priority.get() == Some(p)>{t(p.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="policy-category">{t(Msg::FieldCategory)}</label>
                    <select id="policy-category" on:change=move |ev| category.set(event_target_value(&ev).parse().ok())>
                        <option value="" selected=move || category.get().is_none()>{t(Msg::AnyValue)}</option>
                        {settings.categories.into_iter().map(|c| view! {
                            <option value=c.id.to_string() selected=move || category.get() == Some(c.id)>{c.path}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage error=errors.field("category_id")/>
                </div>
            </div>
            <div class="field">
                <label for="policy-calendar">{t(Msg::FieldCalendar)}</label>
                <select id="policy-calendar" on:change=move |ev| calendar.set(parse_or_zero(&event_target_value(&ev)))>
                    {settings.calendars.into_iter().map(|c| view! {
                        <option value=c.id.to_string() selected=move || calendar.get() == c.id>{c.name}</option>
                    }).collect_view()}
                </select>
                <FieldMessage error=errors.field("calendar_id")/>
            </div>
            <div class="field-row">
                <MinutesField label=Msg::FieldResponseTarget name="response_minutes" value=response error=errors.field("response_minutes")/>
                <MinutesField label=Msg::FieldResolutionTarget name="resolution_minutes" value=resolution error=errors.field("resolution_minutes")/>
                <TextField label=Msg::FieldWarningPercent name="warning_percent" input_type="number" value=warning
                    error=errors.field("warning_percent") hint=Msg::WarningPercentHint/>
            </div>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || active.get()
                    on:change=move |ev| active.set(event_target_checked(&ev))/>
                {t(Msg::StatusActive)}
            </label>
            <p class="field-hint">{t(Msg::PolicyChangeHint)}</p>
            <SaveCancel pending=save.pending() cancel=cancel/>
        </form>
    }
}
