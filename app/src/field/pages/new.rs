//! `/field/orders/new?kind=installation&subscription=12` (or `?kind=repair&ticket=5`,
//! `?kind=dismantle&subscription=12`, `?kind=survey`): opening a work order from what it is
//! for. The place and customer come from the line or incident; a survey names its place.

use crate::components::{title_of, ErrorBanner, FieldErrorsOf, FieldMessage, PageTitle, TextField};
use crate::field::api::create_work_order;
use crate::field::model::{NewWorkOrder, WorkOrderKind};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn NewWorkOrderPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |key: &str| query.read_untracked().get(key).unwrap_or_default();
    let kind = WorkOrderKind::from_code(&param("kind")).unwrap_or(WorkOrderKind::Survey);
    let subscription_id = param("subscription").parse::<i64>().ok();
    let ticket_id = param("ticket").parse::<i64>().ok();
    let customer_id = param("customer").parse::<i64>().ok();
    let instructions = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let latitude = RwSignal::new(String::new());
    let longitude = RwSignal::new(String::new());
    let create = Action::new(|draft: &NewWorkOrder| create_work_order(draft.clone()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/field/orders/{id}"), Default::default());
        }
    });
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let number = |s: RwSignal<String>| {
            s.get_untracked()
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .ok()
        };
        create.dispatch(NewWorkOrder {
            kind: Some(kind),
            ticket_id,
            subscription_id,
            customer_id,
            address: address.get_untracked(),
            latitude: number(latitude),
            longitude: number(longitude),
            instructions: instructions.get_untracked(),
        });
    };
    let survey = kind == WorkOrderKind::Survey;
    view! {
        <PageTitle text=title_of(Msg::WoNewTitle)/>
        <div class="page-header"><h1>{t(Msg::WoNewTitle)}" · "{t(kind.label())}</h1></div>
        <form class="form panel" on:submit=submit data-testid="wo-new">
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| {
                e.field_errors().is_none_or(|f| f.get("subscription_id").is_some() || f.get("ticket_id").is_some())
            }))/>
            <FieldMessage error=errors.field("subscription_id")/>
            <FieldMessage error=errors.field("ticket_id")/>
            {survey.then(|| view! {
                <TextField label=Msg::WoAddress name="address" value=address error=errors.field("address") required=true/>
                <div class="form-row">
                    <TextField label=Msg::CustomerLatitude name="latitude" value=latitude error=errors.field("latitude") hint=Msg::CustomerCoordinatesHint/>
                    <TextField label=Msg::CustomerLongitude name="longitude" value=longitude error=errors.field("longitude")/>
                </div>
            })}
            <div class="field">
                <label for="wo-instructions">{t(Msg::WoInstructions)}</label>
                <textarea id="wo-instructions" rows="4" prop:value=move || instructions.get()
                    on:input=move |ev| instructions.set(event_target_value(&ev))></textarea>
                <FieldMessage error=errors.field("instructions")/>
            </div>
            <button type="submit" class="button button-primary" disabled=move || create.pending().get()>{t(Msg::WoCreate)}</button>
        </form>
    }
}
