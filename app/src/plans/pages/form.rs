//! Adding or editing a plan. Speeds are typed the RouterOS way ("20M", "512k"); the form
//! shows the `rate-limit` the router will get.

use crate::components::{
    save_action, ErrorBanner, FieldErrorsOf, FieldMessage, SaveCancel, TextField,
};
use crate::i18n::{t, Msg};
use crate::nas::api::list_nas;
use crate::plans::api::save_plan;
use crate::plans::model::{
    parse_rate, rate_limit, Burst, ConnectionType, PlanDraft, PlanSave, Rates,
};
use leptos::prelude::*;

#[component]
pub fn PlanForm(draft: PlanDraft, saved: Callback<()>, cancel: Callback<()>) -> impl IntoView {
    let id = draft.id;
    let name = RwSignal::new(draft.name);
    let description = RwSignal::new(draft.description);
    let connection = RwSignal::new(draft.connection_type);
    let profile_name = RwSignal::new(draft.profile_name);
    let download = RwSignal::new(draft.download);
    let upload = RwSignal::new(draft.upload);
    let burst_enabled = RwSignal::new(draft.burst_enabled);
    let burst_download = RwSignal::new(draft.burst_download);
    let burst_upload = RwSignal::new(draft.burst_upload);
    let threshold_download = RwSignal::new(draft.burst_threshold_download);
    let threshold_upload = RwSignal::new(draft.burst_threshold_upload);
    let burst_time = RwSignal::new(draft.burst_time_secs);
    let price = RwSignal::new(draft.price_rupiah);
    let address_pool = RwSignal::new(draft.address_pool);
    let nas_ids = RwSignal::new(draft.nas_ids);
    let active = RwSignal::new(draft.active);
    let kick = RwSignal::new(false);
    let routers = Resource::new(|| (), |_| list_nas());
    let save = save_action(saved, move |s: PlanSave| save_plan(s));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    // What the router will be given, as far as the typed speeds can be read.
    let preview = move || {
        let rates = Rates {
            download_kbps: parse_rate(&download.get())?,
            upload_kbps: parse_rate(&upload.get())?,
        };
        let burst = if burst_enabled.get() {
            Some(Burst {
                download_kbps: parse_rate(&burst_download.get())?,
                upload_kbps: parse_rate(&burst_upload.get())?,
                threshold_download_kbps: parse_rate(&threshold_download.get())?,
                threshold_upload_kbps: parse_rate(&threshold_upload.get())?,
                time_secs: burst_time.get().trim().parse().ok()?,
            })
        } else {
            None
        };
        Some(rate_limit(rates, burst))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(PlanSave {
            draft: PlanDraft {
                id,
                name: name.get_untracked(),
                description: description.get_untracked(),
                connection_type: connection.get_untracked(),
                profile_name: profile_name.get_untracked(),
                download: download.get_untracked(),
                upload: upload.get_untracked(),
                burst_enabled: burst_enabled.get_untracked(),
                burst_download: burst_download.get_untracked(),
                burst_upload: burst_upload.get_untracked(),
                burst_threshold_download: threshold_download.get_untracked(),
                burst_threshold_upload: threshold_upload.get_untracked(),
                burst_time_secs: burst_time.get_untracked(),
                price_rupiah: price.get_untracked(),
                address_pool: address_pool.get_untracked(),
                nas_ids: nas_ids.get_untracked(),
                active: active.get_untracked(),
            },
            kick_sessions: kick.get_untracked(),
        });
    };
    view! {
        <form class="panel form" on:submit=submit data-testid="plan-form">
            <h2>{t(if id == 0 { Msg::NewPlan } else { Msg::EditPlan })}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="form-row">
                <TextField label=Msg::ColName name="name" value=name error=errors.field("name") required=true/>
                <TextField label=Msg::PlanPrice name="price" value=price error=errors.field("price_rupiah") required=true hint=Msg::PlanPriceHint/>
            </div>
            <TextField label=Msg::PlanDescription name="description" value=description error=errors.field("description")/>
            <div class="form-row">
                <div class="field">
                    <label for="field-connection">{t(Msg::ConnectionType)}</label>
                    <select id="field-connection" on:change=move |ev| {
                        if let Some(c) = ConnectionType::parse(&event_target_value(&ev)) { connection.set(c); }
                    }>
                        {ConnectionType::ALL.into_iter().map(|c| view! {
                            <option value=c.as_str() selected=move || connection.get() == c>{t(c.label())}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage error=errors.field("connection_type")/>
                </div>
                <TextField label=Msg::PlanProfile name="profile_name" value=profile_name error=errors.field("profile_name") required=true hint=Msg::PlanProfileHint/>
                <TextField label=Msg::PlanPool name="address_pool" value=address_pool error=errors.field("address_pool") hint=Msg::PlanPoolHint/>
            </div>
            <div class="form-row">
                <TextField label=Msg::PlanDownload name="download" value=download error=errors.field("download") required=true hint=Msg::PlanRateHint/>
                <TextField label=Msg::PlanUpload name="upload" value=upload error=errors.field("upload") required=true/>
            </div>
            <div class="field field-check">
                <label>
                    <input type="checkbox" prop:checked=move || burst_enabled.get()
                        on:change=move |ev| burst_enabled.set(event_target_checked(&ev))/>
                    {t(Msg::PlanBurst)}
                </label>
            </div>
            <Show when=move || burst_enabled.get()>
                <div class="form-row">
                    <TextField label=Msg::PlanBurstDownload name="burst_download" value=burst_download error=errors.field("burst_download")/>
                    <TextField label=Msg::PlanBurstUpload name="burst_upload" value=burst_upload error=errors.field("burst_upload")/>
                </div>
                <div class="form-row">
                    <TextField label=Msg::PlanThresholdDownload name="burst_threshold_download" value=threshold_download error=errors.field("burst_threshold_download")/>
                    <TextField label=Msg::PlanThresholdUpload name="burst_threshold_upload" value=threshold_upload error=errors.field("burst_threshold_upload")/>
                    <TextField label=Msg::PlanBurstTime name="burst_time" input_type="number" value=burst_time error=errors.field("burst_time_secs")/>
                </div>
            </Show>
            <p class="muted">{t(Msg::PlanRateLimitPreview)}" "<code data-testid="rate-limit-preview">{move || preview().unwrap_or_else(|| "—".into())}</code></p>
            <fieldset class="field">
                <legend>{t(Msg::PlanRouters)}</legend>
                <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match routers.await {
                            Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                            Ok(list) => list.into_iter().map(|nas| {
                                let nid = nas.id;
                                view! {
                                    <label class="check-inline">
                                        <input type="checkbox" prop:checked=move || nas_ids.get().contains(&nid)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                nas_ids.update(|ids| {
                                                    ids.retain(|i| *i != nid);
                                                    if on { ids.push(nid); }
                                                });
                                            }/>
                                        {nas.name}
                                    </label>
                                }
                            }).collect_view().into_any(),
                        }
                    })}
                </Suspense>
                <FieldMessage error=errors.field("nas_ids")/>
            </fieldset>
            <div class="field field-check">
                <label>
                    <input type="checkbox" prop:checked=move || active.get()
                        on:change=move |ev| active.set(event_target_checked(&ev))/>
                    {t(Msg::PlanActive)}
                </label>
            </div>
            {(id != 0).then(|| view! {
                <div class="field field-check">
                    <label>
                        <input type="checkbox" prop:checked=move || kick.get()
                            on:change=move |ev| kick.set(event_target_checked(&ev))/>
                        {t(Msg::PlanKickSessions)}
                    </label>
                    <p class="field-hint">{t(Msg::PlanKickSessionsHint)}</p>
                </div>
            })}
            <SaveCancel pending=save.pending() cancel=cancel/>
        </form>
    }
}
