//! A router's provisioning settings on its page: whether Simpul writes to it, and how it
//! isolates lines. Admins edit; everyone who sees routers reads.

use crate::components::{ErrorBanner, FieldErrorsOf, SuccessBanner, TextField};
use crate::i18n::{t, Msg};
use crate::provisioning::api::{read_nas_provisioning, save_nas_provisioning};
use crate::provisioning::model::NasProvisioning;
use leptos::prelude::*;

#[component]
pub fn ProvisioningSettings(nas_id: i64, can_manage: bool) -> impl IntoView {
    let settings = Resource::new(|| (), move |_| read_nas_provisioning(nas_id));
    view! {
        <section class="panel" data-testid="provisioning-settings">
            <h2>{t(Msg::IsolirSettings)}</h2>
            <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(s) => view! { <SettingsForm settings=s can_manage=can_manage/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SettingsForm(settings: NasProvisioning, can_manage: bool) -> impl IntoView {
    let nas_id = settings.nas_id;
    let provisioning = RwSignal::new(settings.provisioning);
    let by_list = RwSignal::new(settings.isolir_by_address_list);
    let profile = RwSignal::new(settings.isolir_profile);
    let pool = RwSignal::new(settings.isolir_pool);
    let rate = RwSignal::new(settings.isolir_rate_limit);
    let list = RwSignal::new(settings.isolir_address_list);
    let save = Action::new(|s: &NasProvisioning| save_nas_provisioning(s.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(NasProvisioning {
            nas_id,
            provisioning: provisioning.get_untracked(),
            isolir_by_address_list: by_list.get_untracked(),
            isolir_profile: profile.get_untracked(),
            isolir_pool: pool.get_untracked(),
            isolir_rate_limit: rate.get_untracked(),
            isolir_address_list: list.get_untracked(),
        });
    };
    view! {
        <form class="form" on:submit=submit>
            <p class="muted small">{t(Msg::IsolirSettingsHint)}</p>
            <SuccessBanner show=saved msg=Msg::Saved/>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="field field-check">
                <label>
                    <input type="checkbox" disabled=!can_manage prop:checked=move || provisioning.get()
                        on:change=move |ev| provisioning.set(event_target_checked(&ev))/>
                    {t(Msg::ProvisioningOn)}
                </label>
            </div>
            <div class="field field-check">
                <label>
                    <input type="checkbox" disabled=!can_manage prop:checked=move || by_list.get()
                        on:change=move |ev| by_list.set(event_target_checked(&ev))/>
                    {t(Msg::IsolirByAddressList)}
                </label>
            </div>
            <div class="form-row">
                <TextField label=Msg::IsolirProfile name="isolir_profile" value=profile error=errors.field("isolir_profile")/>
                <TextField label=Msg::IsolirPool name="isolir_pool" value=pool error=errors.field("isolir_pool")/>
                <TextField label=Msg::IsolirRate name="isolir_rate_limit" value=rate error=errors.field("isolir_rate_limit")/>
                <TextField label=Msg::IsolirList name="isolir_address_list" value=list error=errors.field("isolir_address_list")/>
            </div>
            {can_manage.then(|| view! {
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
                </div>
            })}
        </form>
    }
}
