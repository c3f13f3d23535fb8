//! `/admin/billing/messages`: how messages reach customers (a WhatsApp gateway: Fonnte or a
//! URL template; SMTP) and the templates per event and language, with a preview.

use crate::components::{
    title_of, ErrorBanner, FieldErrorsOf, FieldMessage, PageTitle, SuccessBanner, TextField,
};
use crate::i18n::{t, Msg};
use crate::messaging::api::{
    list_message_templates, preview_message_template, read_channel_settings, save_channel_settings,
    save_message_template,
};
use crate::messaging::model::{
    ChannelSettingsDraft, ChannelSettingsView, TemplateDraft, TemplateView,
};
use leptos::prelude::*;

#[component]
pub fn MessagingSettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| read_channel_settings());
    let templates = Resource::new(|| (), |_| list_message_templates());
    view! {
        <PageTitle text=title_of(Msg::MsgSettingsTitle)/>
        <p><a href="/admin/billing">{t(Msg::BillingSettingsTitle)}</a>" · "<a href="/billing/messages">{t(Msg::MsgLogTitle)}</a></p>
        <div class="page-header"><h1>{t(Msg::MsgSettingsTitle)}</h1></div>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(view) => view! { <ChannelsForm settings=view/> }.into_any(),
                }
            })}
        </Transition>
        <h2>{t(Msg::MsgTemplates)}</h2>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match templates.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(list) => list.into_iter().map(|tpl| view! { <TemplateEditor template=tpl/> }).collect_view().into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ChannelsForm(settings: ChannelSettingsView) -> impl IntoView {
    let d = settings.draft;
    let provider = RwSignal::new(d.whatsapp_provider);
    let fonnte_url = RwSignal::new(d.fonnte_url);
    let token = RwSignal::new(String::new());
    let method = RwSignal::new(d.template_method);
    let template_url = RwSignal::new(d.template_url);
    let template_body = RwSignal::new(d.template_body);
    let email_enabled = RwSignal::new(d.email_enabled);
    let smtp_host = RwSignal::new(d.smtp_host);
    let smtp_port = RwSignal::new(d.smtp_port);
    let security = RwSignal::new(d.smtp_security);
    let smtp_username = RwSignal::new(d.smtp_username);
    let smtp_password = RwSignal::new(String::new());
    let email_from = RwSignal::new(d.email_from);
    let save = Action::new(|draft: &ChannelSettingsDraft| save_channel_settings(draft.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    let secret_hint = |stored: bool| {
        if stored {
            Msg::GatewayKeyStored
        } else {
            Msg::GatewayKeyMissing
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(ChannelSettingsDraft {
            whatsapp_provider: provider.get_untracked(),
            fonnte_url: fonnte_url.get_untracked(),
            whatsapp_token: token.get_untracked(),
            template_method: method.get_untracked(),
            template_url: template_url.get_untracked(),
            template_body: template_body.get_untracked(),
            email_enabled: email_enabled.get_untracked(),
            smtp_host: smtp_host.get_untracked(),
            smtp_port: smtp_port.get_untracked(),
            smtp_security: security.get_untracked(),
            smtp_username: smtp_username.get_untracked(),
            smtp_password: smtp_password.get_untracked(),
            email_from: email_from.get_untracked(),
        });
    };
    view! {
        <form class="form" on:submit=submit data-testid="channel-settings">
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <SuccessBanner show=saved msg=Msg::Saved/>
            <section class="panel">
                <h2>"WhatsApp"</h2>
                <div class="field">
                    <label for="field-whatsapp_provider">{t(Msg::MsgProvider)}</label>
                    <select id="field-whatsapp_provider" on:change=move |ev| provider.set(event_target_value(&ev))>
                        <option value="none" selected=move || provider.get() == "none">{t(Msg::MsgProviderNone)}</option>
                        <option value="fonnte" selected=move || provider.get() == "fonnte">"Fonnte"</option>
                        <option value="url_template" selected=move || provider.get() == "url_template">{t(Msg::MsgProviderTemplate)}</option>
                    </select>
                    <FieldMessage error=errors.field("whatsapp_provider")/>
                </div>
                <Show when=move || provider.get() == "fonnte">
                    <TextField label=Msg::MsgFonnteUrl name="fonnte_url" value=fonnte_url error=errors.field("fonnte_url")/>
                </Show>
                <Show when=move || provider.get() == "url_template">
                    <div class="form-row">
                        <div class="field">
                            <label for="field-template_method">{t(Msg::MsgMethod)}</label>
                            <select id="field-template_method" on:change=move |ev| method.set(event_target_value(&ev))>
                                <option value="GET" selected=move || method.get() == "GET">"GET"</option>
                                <option value="POST" selected=move || method.get() == "POST">"POST"</option>
                            </select>
                        </div>
                        <TextField label=Msg::MsgTemplateUrl name="template_url" value=template_url error=errors.field("template_url") hint=Msg::MsgTemplateUrlHint/>
                    </div>
                    <TextField label=Msg::MsgTemplateBody name="template_body" value=template_body error=errors.field("template_body")/>
                </Show>
                <TextField label=Msg::MsgToken name="whatsapp_token" input_type="password" autocomplete="off"
                    value=token error=errors.field("whatsapp_token") hint=secret_hint(settings.has_whatsapp_token)/>
            </section>
            <section class="panel">
                <h2>"Email (SMTP)"</h2>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || email_enabled.get()
                        on:change=move |ev| email_enabled.set(event_target_checked(&ev))/>
                    {t(Msg::GatewayEnabled)}
                </label>
                <div class="form-row">
                    <TextField label=Msg::MsgSmtpHost name="smtp_host" value=smtp_host error=errors.field("smtp_host")/>
                    <TextField label=Msg::MsgSmtpPort name="smtp_port" input_type="number" value=smtp_port error=errors.field("smtp_port")/>
                    <div class="field">
                        <label for="field-smtp_security">{t(Msg::MsgSmtpSecurity)}</label>
                        <select id="field-smtp_security" on:change=move |ev| security.set(event_target_value(&ev))>
                            <option value="starttls" selected=move || security.get() == "starttls">"STARTTLS"</option>
                            <option value="tls" selected=move || security.get() == "tls">"TLS"</option>
                            <option value="none" selected=move || security.get() == "none">{t(Msg::MsgSmtpPlain)}</option>
                        </select>
                    </div>
                </div>
                <div class="form-row">
                    <TextField label=Msg::MsgSmtpUsername name="smtp_username" value=smtp_username error=errors.field("smtp_username")/>
                    <TextField label=Msg::MsgSmtpPassword name="smtp_password" input_type="password" autocomplete="off"
                        value=smtp_password error=errors.field("smtp_password") hint=secret_hint(settings.has_smtp_password)/>
                    <TextField label=Msg::MsgEmailFrom name="email_from" input_type="email" value=email_from error=errors.field("email_from")/>
                </div>
            </section>
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </div>
        </form>
    }
}

#[component]
fn TemplateEditor(template: TemplateView) -> impl IntoView {
    let event = template.event;
    let locale = template.locale.clone();
    let subject = RwSignal::new(template.subject);
    let body = RwSignal::new(template.body);
    let draft = {
        let locale = locale.clone();
        move || TemplateDraft {
            event: event.as_str().to_owned(),
            locale: locale.clone(),
            subject: subject.get_untracked(),
            body: body.get_untracked(),
        }
    };
    let save = Action::new(|d: &TemplateDraft| save_message_template(d.clone()));
    let preview = Action::new(|d: &TemplateDraft| preview_message_template(d.clone()));
    let error = Signal::derive(move || {
        save.value()
            .get()
            .and_then(Result::err)
            .or_else(|| preview.value().get().and_then(Result::err))
    });
    let errors = FieldErrorsOf::new(move || error.get());
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    let id = format!("tpl-{}-{locale}", event.as_str());
    let (subject_id, body_id) = (format!("{id}-subject"), format!("{id}-body"));
    let draft_for_save = draft.clone();
    view! {
        <section class="panel template-editor" data-template=id.clone()>
            <h3>{t(event.label())}" · "{locale.to_uppercase()}</h3>
            <p class="small muted">{t(Msg::MsgPlaceholders)}" "<code>{template.placeholders.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" ")}</code></p>
            <SuccessBanner show=saved msg=Msg::Saved/>
            <div class="field">
                <label for=subject_id.clone()>{t(Msg::MsgSubject)}</label>
                <input id=subject_id prop:value=move || subject.get() on:input=move |ev| subject.set(event_target_value(&ev))/>
                <FieldMessage error=errors.field("subject")/>
            </div>
            <div class="field">
                <label for=body_id.clone()>{t(Msg::MsgText)}</label>
                <textarea id=body_id rows="6" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <FieldMessage error=errors.field("body")/>
            </div>
            <div class="form-actions">
                <button type="button" class="button" on:click=move |_| { preview.dispatch(draft()); }>{t(Msg::MsgPreview)}</button>
                <button type="button" class="button button-primary" disabled=move || save.pending().get()
                    on:click=move |_| { save.dispatch(draft_for_save()); }>{t(Msg::Save)}</button>
            </div>
            {move || preview.value().get().and_then(Result::ok).map(|(s, b)| view! {
                <div class="card template-preview" data-testid="template-preview">
                    <strong>{s}</strong>
                    <pre class="message-text">{b}</pre>
                </div>
            })}
        </section>
    }
}
