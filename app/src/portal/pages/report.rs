//! `/portal/report`: choose the line and the symptom, describe it, send. The desk sees the
//! incident on its board at once, with the SLA clock running.

use crate::components::{title_of, ErrorBanner, FieldErrorsOf, FieldMessage, PageTitle};
use crate::i18n::{t, Msg};
use crate::outages::pages::OutageBanner;
use crate::portal::api::{my_lines, ReportFault};
use crate::portal::model::Symptom;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn ReportFaultPage() -> impl IntoView {
    let action = ServerAction::<ReportFault>::new();
    let query = use_query_map();
    let chosen = move || query.read().get("line").unwrap_or_default();
    let lines = Resource::new(|| (), |_| my_lines());
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let fields = FieldErrorsOf::new(move || error.get());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&format!("/portal/tickets/{}", id.0), Default::default());
        }
    });
    view! {
        <PageTitle text=title_of(Msg::ReportFault)/>
        <h1>{t(Msg::ReportFault)}</h1>
        <OutageBanner/>
        <p class="muted">{t(Msg::ReportFaultIntro)}</p>
        <ActionForm action=action attr:class="form card" attr:data-testid="report-form">
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="field">
                <label for="field-line">{t(Msg::SubscriptionTitle)}</label>
                <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        let lines = lines.await.unwrap_or_default();
                        view! {
                            <select id="field-line" name="report[subscription_id]">
                                {lines.into_iter().map(|l| {
                                    let id = l.id.to_string();
                                    let selected = chosen() == id;
                                    view! { <option value=id selected=selected>{format!("{} · {}", l.plan_name, l.username)}</option> }
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
                <FieldMessage error=fields.field("subscription_id")/>
            </div>
            <fieldset class="field">
                <legend>{t(Msg::Symptom)}</legend>
                {Symptom::ALL.into_iter().map(|s| {
                    let id = format!("symptom-{}", s.as_str());
                    let label_for = id.clone();
                    view! {
                        <label class="radio-row" for=label_for>
                            <input type="radio" id=id name="report[symptom]" value=format!("{s:?}")
                                checked=s == Symptom::NoInternet/>
                            {t(s.label())}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="field-description">{t(Msg::FaultDescription)}</label>
                <textarea id="field-description" name="report[description]" rows="4"></textarea>
                <p class="field-hint">{t(Msg::FaultDescriptionHint)}</p>
                <FieldMessage error=fields.field("description")/>
            </div>
            <button type="submit" class="button button-primary button-block" disabled=move || action.pending().get()>
                {t(Msg::SendReport)}
            </button>
        </ActionForm>
    }
}
