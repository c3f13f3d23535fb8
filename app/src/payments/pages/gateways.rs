//! The gateway section of `/admin/billing`: Midtrans and Tripay on or off, their keys
//! (write-only: the page only says whether one is stored), URLs, and how long a customer has
//! to pay. Shows which environment variables override the fields and the webhook URLs to
//! give each gateway.

use crate::components::{ErrorBanner, FieldErrorsOf, SuccessBanner, TextField};
use crate::i18n::{t, Msg};
use crate::payments::api::{read_gateway_settings, save_gateway_settings};
use crate::payments::model::{GatewaySettingsDraft, GatewaySettingsView};
use leptos::prelude::*;

#[component]
pub fn GatewaySettingsSection() -> impl IntoView {
    let settings = Resource::new(|| (), |_| read_gateway_settings());
    view! {
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(view) => view! { <GatewayForm settings=view on_saved=move || settings.refetch()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn key_hint(stored: bool) -> Msg {
    if stored {
        Msg::GatewayKeyStored
    } else {
        Msg::GatewayKeyMissing
    }
}

#[component]
fn ActiveBadge(active: bool) -> impl IntoView {
    if active {
        view! { <span class="badge">{t(Msg::GatewayActive)}</span> }.into_any()
    } else {
        view! { <span class="badge badge-off">{t(Msg::GatewayInactive)}</span> }.into_any()
    }
}

#[component]
fn GatewayForm(
    settings: GatewaySettingsView,
    on_saved: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let d = settings.draft;
    let midtrans_enabled = RwSignal::new(d.midtrans_enabled);
    let midtrans_key = RwSignal::new(String::new());
    let snap_url = RwSignal::new(d.midtrans_snap_url);
    let api_url = RwSignal::new(d.midtrans_api_url);
    let tripay_enabled = RwSignal::new(d.tripay_enabled);
    let tripay_api_key = RwSignal::new(String::new());
    let tripay_private_key = RwSignal::new(String::new());
    let merchant_code = RwSignal::new(d.tripay_merchant_code);
    let tripay_url = RwSignal::new(d.tripay_url);
    let expiry = RwSignal::new(d.payment_expiry_minutes);
    let save = Action::new(|draft: &GatewaySettingsDraft| save_gateway_settings(draft.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            on_saved();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(GatewaySettingsDraft {
            midtrans_enabled: midtrans_enabled.get_untracked(),
            midtrans_server_key: midtrans_key.get_untracked(),
            midtrans_snap_url: snap_url.get_untracked(),
            midtrans_api_url: api_url.get_untracked(),
            tripay_enabled: tripay_enabled.get_untracked(),
            tripay_api_key: tripay_api_key.get_untracked(),
            tripay_private_key: tripay_private_key.get_untracked(),
            tripay_merchant_code: merchant_code.get_untracked(),
            tripay_url: tripay_url.get_untracked(),
            payment_expiry_minutes: expiry.get_untracked(),
        });
    };
    let overridden = settings.overridden_by_env.clone();
    view! {
        <form class="form" on:submit=submit data-testid="gateway-settings">
            <h2>{t(Msg::GatewaysTitle)}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <SuccessBanner show=saved msg=Msg::Saved/>
            {(!overridden.is_empty()).then(|| view! {
                <p class="banner banner-info" role="status">
                    {t(Msg::GatewayOverridden)}" "<code>{overridden.join(", ")}</code>
                </p>
            })}
            <section class="panel">
                <h3>"Midtrans "<ActiveBadge active=settings.midtrans_active/></h3>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || midtrans_enabled.get()
                        on:change=move |ev| midtrans_enabled.set(event_target_checked(&ev))/>
                    {t(Msg::GatewayEnabled)}
                </label>
                <TextField label=Msg::GatewayServerKey name="midtrans_server_key" input_type="password"
                    autocomplete="off" value=midtrans_key error=errors.field("midtrans_server_key")
                    hint=key_hint(settings.has_midtrans_key)/>
                <div class="form-row">
                    <TextField label=Msg::GatewaySnapUrl name="midtrans_snap_url" value=snap_url error=errors.field("midtrans_snap_url")/>
                    <TextField label=Msg::GatewayApiUrl name="midtrans_api_url" value=api_url error=errors.field("midtrans_api_url")/>
                </div>
                <p class="small">{t(Msg::GatewayNotifyUrl)}": "<code>{settings.midtrans_notification_url.clone()}</code></p>
            </section>
            <section class="panel">
                <h3>"Tripay "<ActiveBadge active=settings.tripay_active/></h3>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || tripay_enabled.get()
                        on:change=move |ev| tripay_enabled.set(event_target_checked(&ev))/>
                    {t(Msg::GatewayEnabled)}
                </label>
                <div class="form-row">
                    <TextField label=Msg::GatewayApiKey name="tripay_api_key" input_type="password"
                        autocomplete="off" value=tripay_api_key error=errors.field("tripay_api_key")
                        hint=key_hint(settings.has_tripay_api_key)/>
                    <TextField label=Msg::GatewayPrivateKey name="tripay_private_key" input_type="password"
                        autocomplete="off" value=tripay_private_key error=errors.field("tripay_private_key")
                        hint=key_hint(settings.has_tripay_private_key)/>
                </div>
                <div class="form-row">
                    <TextField label=Msg::GatewayMerchantCode name="tripay_merchant_code" value=merchant_code error=errors.field("tripay_merchant_code")/>
                    <TextField label=Msg::GatewayTripayUrl name="tripay_url" value=tripay_url error=errors.field("tripay_url")/>
                </div>
                <p class="small">{t(Msg::GatewayNotifyUrl)}": "<code>{settings.tripay_callback_url.clone()}</code></p>
            </section>
            <TextField label=Msg::GatewayExpiry name="payment_expiry_minutes" input_type="number"
                value=expiry error=errors.field("payment_expiry_minutes")/>
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </div>
        </form>
    }
}
