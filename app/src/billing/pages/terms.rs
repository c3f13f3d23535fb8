//! The billing terms of one customer (on the customer page): each field overrides the
//! ISP's default or, left empty, follows it; the default is shown beside every field.
//! Finance with ManageBilling edits them; others read the terms in force.

use crate::auth::model::Permission;
use crate::billing::api::{read_customer_terms, save_customer_terms};
use crate::billing::model::terms::{CustomerTermsDraft, CustomerTermsView};
use crate::billing::model::{BillingMode, BillingTerms};
use crate::components::{ErrorBanner, FieldErrorsOf, FieldMessage, SuccessBanner};
use crate::format::rupiah;
use crate::i18n::{t, use_i18n, Msg};
use leptos::prelude::*;

fn mode_label(mode: BillingMode) -> Msg {
    match mode {
        BillingMode::Postpaid => Msg::BillingModePostpaid,
        BillingMode::Prepaid => Msg::BillingModePrepaid,
    }
}

fn offsets_text(offsets: &[i16]) -> String {
    offsets
        .iter()
        .map(|o| {
            if *o < 0 {
                format!("H{o}")
            } else {
                format!("H+{o}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn CustomerTermsPanel(customer_id: i64) -> impl IntoView {
    let save = Action::new(move |draft: &CustomerTermsDraft| {
        save_customer_terms(customer_id, draft.clone())
    });
    let terms = Resource::new(
        move || save.version().get(),
        move |_| read_customer_terms(customer_id),
    );
    view! {
        <details class="panel" data-testid="billing-terms">
            <summary><h3 class="inline-heading">{t(Msg::TermsTitle)}</h3></summary>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match terms.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(view) => view! { <TermsForm view=view save=save/> }.into_any(),
                    }
                })}
            </Transition>
        </details>
    }
}

#[component]
fn TermsForm(
    view: CustomerTermsView,
    save: Action<CustomerTermsDraft, Result<(), crate::error::AppError>>,
) -> impl IntoView {
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManageBilling));
    let locale = use_i18n().locale;
    let d = view.draft;
    let defaults: BillingTerms = view.defaults;
    let mode = RwSignal::new(d.mode);
    let billing_day = RwSignal::new(d.billing_day);
    let due_days = RwSignal::new(d.due_days);
    let grace_days = RwSignal::new(d.grace_days);
    let late_fee = RwSignal::new(d.late_fee);
    let reconnection_fee = RwSignal::new(d.reconnection_fee);
    let reminders = RwSignal::new(d.reminder_offsets);
    let language = RwSignal::new(d.document_language);
    let npwp = RwSignal::new(d.npwp);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(CustomerTermsDraft {
            mode: mode.get_untracked(),
            billing_day: billing_day.get_untracked(),
            due_days: due_days.get_untracked(),
            grace_days: grace_days.get_untracked(),
            late_fee: late_fee.get_untracked(),
            reconnection_fee: reconnection_fee.get_untracked(),
            reminder_offsets: reminders.get_untracked(),
            document_language: language.get_untracked(),
            npwp: npwp.get_untracked(),
        });
    };
    let default_text =
        move |value: String| format!("{} {value}", Msg::TermsDefault.text(locale.get()));
    let field = move |id: &'static str,
                      label: Msg,
                      signal: RwSignal<String>,
                      default: String,
                      numeric: bool| {
        view! {
            <div class="field">
                <label for=id>{t(label)}</label>
                <input id=id type="text" inputmode=if numeric { "numeric" } else { "text" }
                    placeholder=default.clone() disabled=!can_manage
                    prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev))/>
                <p class="hint">{move || default_text(default.clone())}</p>
                <FieldMessage error=errors.field(&id["terms-".len()..])/>
            </div>
        }
    };
    let default_mode = defaults.mode;
    let effective = view.effective;
    view! {
        <form class="form" on:submit=submit data-testid="terms-form">
            <p class="muted small">{t(Msg::TermsHint)}</p>
            <p class="small" data-testid="terms-effective">
                {t(Msg::TermsInForce)}": "{t(mode_label(effective.mode))}
                {(effective.mode == BillingMode::Postpaid).then(|| view! { " · "{t(Msg::TermsBillingDayShort)}" "{effective.billing_day} })}
                " · "{t(Msg::TermsDueShort)}" "{effective.due_days}
                " · "{t(Msg::TermsGraceShort)}" "{effective.grace_days}
            </p>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <SuccessBanner show=saved msg=Msg::Saved/>
            <div class="form-row">
                <div class="field">
                    <label for="terms-mode">{t(Msg::BillingModeLabel)}</label>
                    <select id="terms-mode" disabled=!can_manage
                        on:change=move |ev| mode.set(event_target_value(&ev))>
                        <option value="" selected=move || mode.get().is_empty()>
                            {move || default_text(mode_label(default_mode).text(locale.get()).to_owned())}
                        </option>
                        {[BillingMode::Postpaid, BillingMode::Prepaid].into_iter().map(|m| view! {
                            <option value=m.as_str() selected=move || mode.get() == m.as_str()>{t(mode_label(m))}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage error=errors.field("mode")/>
                </div>
                {field("terms-billing_day", Msg::BillingDay, billing_day, defaults.billing_day.to_string(), true)}
                {field("terms-due_days", Msg::BillingDueDays, due_days, defaults.due_days.to_string(), true)}
                {field("terms-grace_days", Msg::BillingGraceDays, grace_days, defaults.grace_days.to_string(), true)}
            </div>
            <div class="form-row">
                {field("terms-late_fee", Msg::BillingLateFee, late_fee, rupiah(defaults.late_fee), true)}
                {field("terms-reconnection_fee", Msg::BillingReconnectionFee, reconnection_fee, rupiah(defaults.reconnection_fee), true)}
                {field("terms-reminder_offsets", Msg::BillingReminders, reminders, offsets_text(&defaults.reminder_offsets), false)}
            </div>
            <div class="form-row">
                <div class="field">
                    <label for="terms-document_language">{t(Msg::TermsDocumentLanguage)}</label>
                    <select id="terms-document_language" disabled=!can_manage
                        on:change=move |ev| language.set(event_target_value(&ev))>
                        {crate::i18n::Locale::ALL.into_iter().map(|l| view! {
                            <option value=l.code() selected=move || language.get() == l.code()>{l.native_name()}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage error=errors.field("document_language")/>
                </div>
                <div class="field">
                    <label for="terms-npwp">{t(Msg::TermsBuyerNpwp)}</label>
                    <input id="terms-npwp" type="text" inputmode="numeric" disabled=!can_manage
                        prop:value=move || npwp.get() on:input=move |ev| npwp.set(event_target_value(&ev))/>
                    <FieldMessage error=errors.field("npwp")/>
                </div>
            </div>
            {can_manage.then(|| view! {
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
                </div>
            })}
        </form>
    }
}
