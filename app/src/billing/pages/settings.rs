//! `/admin/billing`: the ISP's identity on documents, tax, number formats and the billing
//! defaults; the PPN rates in force are listed for reference; the payment gateways (their
//! own form). Saving is audited.

use crate::billing::api::{read_billing_settings, save_billing_settings};
use crate::billing::model::settings::{BillingSettingsDraft, BillingSettingsView, TaxRateRow};
use crate::billing::model::BillingMode;
use crate::components::{
    title_of, ErrorBanner, FieldErrorsOf, FieldMessage, PageTitle, SuccessBanner, TextField,
};
use crate::i18n::{t, Msg};
use crate::payments::pages::GatewaySettingsSection;
use leptos::prelude::*;

#[component]
pub fn BillingSettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| read_billing_settings());
    view! {
        <PageTitle text=title_of(Msg::BillingSettingsTitle)/>
        <div class="page-header"><h1>{t(Msg::BillingSettingsTitle)}</h1></div>
        <p class="muted">{t(Msg::BillingSettingsIntro)}</p>
        <p><a class="button" href="/admin/billing/messages">{t(Msg::MsgSettingsTitle)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(view) => view! { <SettingsForm settings=view/> }.into_any(),
                }
            })}
        </Transition>
        <super::logo::LogoSection/>
        <GatewaySettingsSection/>
    }
}

#[component]
fn SettingsForm(settings: BillingSettingsView) -> impl IntoView {
    let d = settings.draft;
    let legal_name = RwSignal::new(d.legal_name);
    let address = RwSignal::new(d.address);
    let npwp = RwSignal::new(d.npwp);
    let phone = RwSignal::new(d.phone);
    let email = RwSignal::new(d.email);
    let bank_accounts = RwSignal::new(d.bank_accounts);
    let invoice_format = RwSignal::new(d.invoice_number_format);
    let receipt_format = RwSignal::new(d.receipt_number_format);
    let credit_note_format = RwSignal::new(d.credit_note_number_format);
    let is_pkp = RwSignal::new(d.is_pkp);
    let mode = RwSignal::new(d.billing_mode);
    let billing_day = RwSignal::new(d.billing_day);
    let due_days = RwSignal::new(d.due_days);
    let grace_days = RwSignal::new(d.grace_days);
    let late_fee = RwSignal::new(d.late_fee);
    let reconnection_fee = RwSignal::new(d.reconnection_fee);
    let reminders = RwSignal::new(d.reminder_offsets);
    let auto_issue = RwSignal::new(d.auto_issue);
    let save = Action::new(|draft: &BillingSettingsDraft| save_billing_settings(draft.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(BillingSettingsDraft {
            legal_name: legal_name.get_untracked(),
            address: address.get_untracked(),
            npwp: npwp.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            bank_accounts: bank_accounts.get_untracked(),
            invoice_number_format: invoice_format.get_untracked(),
            receipt_number_format: receipt_format.get_untracked(),
            credit_note_number_format: credit_note_format.get_untracked(),
            is_pkp: is_pkp.get_untracked(),
            billing_mode: mode.get_untracked(),
            billing_day: billing_day.get_untracked(),
            due_days: due_days.get_untracked(),
            grace_days: grace_days.get_untracked(),
            late_fee: late_fee.get_untracked(),
            reconnection_fee: reconnection_fee.get_untracked(),
            reminder_offsets: reminders.get_untracked(),
            auto_issue: auto_issue.get_untracked(),
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="billing-settings">
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <SuccessBanner show=saved msg=Msg::Saved/>
            <section class="panel">
                <h2>{t(Msg::BillingIdentity)}</h2>
                <div class="form-row">
                    <TextField label=Msg::BillingLegalName name="legal_name" value=legal_name error=errors.field("legal_name") required=true/>
                    <TextField label=Msg::BillingNpwp name="npwp" value=npwp error=errors.field("npwp")/>
                </div>
                <TextField label=Msg::BillingAddress name="address" value=address error=errors.field("address")/>
                <div class="form-row">
                    <TextField label=Msg::BillingPhone name="phone" input_type="tel" value=phone error=errors.field("phone")/>
                    <TextField label=Msg::BillingEmail name="email" input_type="email" value=email error=errors.field("email")/>
                </div>
                <div class="field">
                    <label for="field-bank_accounts">{t(Msg::BillingBankAccounts)}</label>
                    <textarea id="field-bank_accounts" rows="3" prop:value=move || bank_accounts.get()
                        on:input=move |ev| bank_accounts.set(event_target_value(&ev))></textarea>
                    <p class="field-hint">{t(Msg::BillingBankAccountsHint)}</p>
                    <FieldMessage error=errors.field("bank_accounts")/>
                </div>
            </section>
            <section class="panel">
                <h2>{t(Msg::BillingNumbers)}</h2>
                <p class="muted small">{t(Msg::BillingNumbersHint)}</p>
                <div class="form-row">
                    <TextField label=Msg::BillingInvoiceFormat name="invoice_number_format" value=invoice_format error=errors.field("invoice_number_format")/>
                    <TextField label=Msg::BillingReceiptFormat name="receipt_number_format" value=receipt_format error=errors.field("receipt_number_format")/>
                    <TextField label=Msg::BillingCreditNoteFormat name="credit_note_number_format" value=credit_note_format error=errors.field("credit_note_number_format")/>
                </div>
            </section>
            <section class="panel">
                <h2>{t(Msg::BillingTax)}</h2>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || is_pkp.get()
                        on:change=move |ev| is_pkp.set(event_target_checked(&ev))/>
                    {t(Msg::BillingIsPkp)}
                </label>
                <h3>{t(Msg::BillingTaxRates)}</h3>
                <TaxRates rates=settings.tax_rates/>
            </section>
            <section class="panel">
                <h2>{t(Msg::BillingDefaults)}</h2>
                <p class="muted small">{t(Msg::BillingDefaultsHint)}</p>
                <div class="form-row">
                    <div class="field">
                        <label for="field-billing_mode">{t(Msg::BillingModeLabel)}</label>
                        <select id="field-billing_mode" on:change=move |ev| {
                            mode.set(BillingMode::parse(&event_target_value(&ev)).unwrap_or_default())
                        }>
                            <option value="postpaid" selected=move || mode.get() == BillingMode::Postpaid>{t(Msg::BillingModePostpaid)}</option>
                            <option value="prepaid" selected=move || mode.get() == BillingMode::Prepaid>{t(Msg::BillingModePrepaid)}</option>
                        </select>
                    </div>
                    <TextField label=Msg::BillingDay name="billing_day" input_type="number" value=billing_day error=errors.field("billing_day")/>
                    <TextField label=Msg::BillingDueDays name="due_days" input_type="number" value=due_days error=errors.field("due_days")/>
                    <TextField label=Msg::BillingGraceDays name="grace_days" input_type="number" value=grace_days error=errors.field("grace_days")/>
                </div>
                <div class="form-row">
                    <TextField label=Msg::BillingLateFee name="late_fee" value=late_fee error=errors.field("late_fee")/>
                    <TextField label=Msg::BillingReconnectionFee name="reconnection_fee" value=reconnection_fee error=errors.field("reconnection_fee")/>
                    <TextField label=Msg::BillingReminders name="reminder_offsets" value=reminders error=errors.field("reminder_offsets")/>
                </div>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || auto_issue.get()
                        on:change=move |ev| auto_issue.set(event_target_checked(&ev))/>
                    {t(Msg::BillingAutoIssue)}
                </label>
            </section>
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </div>
        </form>
    }
}

#[component]
fn TaxRates(rates: Vec<TaxRateRow>) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="tax-rates">
            <thead><tr>
                <th scope="col">{t(Msg::BillingTaxFrom)}</th>
                <th scope="col">"PPN"</th>
                <th scope="col">"DPP"</th>
                <th scope="col">{t(Msg::BillingTaxBasis)}</th>
            </tr></thead>
            <tbody>
                {rates.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row" class="nowrap">{r.effective_from.to_string()}</th>
                        <td>{format!("{}%", f64::from(r.rate_bp) / 100.0)}</td>
                        <td>{format!("{}/{}", r.dpp_numerator, r.dpp_denominator)}</td>
                        <td>{r.note}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
