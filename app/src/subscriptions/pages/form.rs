//! Opening or editing a line: plan, then a router that offers it, then the PPPoE account
//! (left empty, Simpul makes the user name and password).

use crate::components::{ErrorBanner, FieldErrorsOf, FieldMessage, SaveCancel, TextField};
use crate::i18n::{t, Msg};
use crate::plans::api::list_plans;
use crate::plans::model::Plan;
use crate::subscriptions::api::save_subscription;
use crate::subscriptions::model::SubscriptionDraft;
use leptos::prelude::*;

#[component]
pub fn SubscriptionForm(
    draft: SubscriptionDraft,
    saved: Callback<i64>,
    cancel: Callback<()>,
) -> impl IntoView {
    let plans = Resource::new(|| (), |_| list_plans());
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || {
                let draft = draft.clone();
                Suspend::new(async move {
                    match plans.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(plans) => {
                            let plans: Vec<Plan> = plans
                                .into_iter()
                                .filter(|p| p.active || p.id == draft.plan_id)
                                .collect();
                            view! { <LineForm draft=draft plans=plans saved=saved cancel=cancel/> }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn LineForm(
    draft: SubscriptionDraft,
    plans: Vec<Plan>,
    saved: Callback<i64>,
    cancel: Callback<()>,
) -> impl IntoView {
    let id = draft.id;
    let customer_id = draft.customer_id;
    let first_plan = plans.first().map(|p| p.id).unwrap_or(0);
    let plan_id = RwSignal::new(if draft.plan_id == 0 {
        first_plan
    } else {
        draft.plan_id
    });
    let plans = StoredValue::new(plans);
    let routers_of = move |plan: i64| {
        plans.with_value(|plans| {
            plans
                .iter()
                .find(|p| p.id == plan)
                .map(|p| p.nas.clone())
                .unwrap_or_default()
        })
    };
    let first_nas = routers_of(plan_id.get_untracked())
        .first()
        .map(|n| n.id)
        .unwrap_or(0);
    let nas_id = RwSignal::new(if draft.nas_id == 0 {
        first_nas
    } else {
        draft.nas_id
    });
    let username = RwSignal::new(draft.username);
    let password = RwSignal::new(String::new());
    let static_ip = RwSignal::new(draft.static_ip);
    let install_address = RwSignal::new(draft.install_address);
    let start_date = RwSignal::new(draft.start_date);
    let activate_now = RwSignal::new(draft.activate_now);
    let save = Action::new(|d: &SubscriptionDraft| save_subscription(d.clone()));
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            saved.run(id);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let on_plan = move |ev: leptos::ev::Event| {
        let plan = event_target_value(&ev).parse().unwrap_or(0);
        plan_id.set(plan);
        // Keep the router when the new plan is offered there too.
        let routers = routers_of(plan);
        if !routers.iter().any(|n| n.id == nas_id.get_untracked()) {
            nas_id.set(routers.first().map(|n| n.id).unwrap_or(0));
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SubscriptionDraft {
            id,
            customer_id,
            plan_id: plan_id.get_untracked(),
            nas_id: nas_id.get_untracked(),
            username: username.get_untracked(),
            password: password.get_untracked(),
            static_ip: static_ip.get_untracked(),
            install_address: install_address.get_untracked(),
            start_date: start_date.get_untracked(),
            activate_now: activate_now.get_untracked(),
        });
    };
    view! {
        <form class="panel form" on:submit=submit data-testid="subscription-form">
            <h3>{t(if id == 0 { Msg::NewSubscription } else { Msg::EditSubscription })}</h3>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="form-row">
                <div class="field">
                    <label for="field-plan">{t(Msg::PlanTitle)}</label>
                    <select id="field-plan" on:change=on_plan>
                        {plans.with_value(|plans| plans.iter().map(|p| {
                            let pid = p.id;
                            let label = format!("{} — {} — {}", p.name, p.speed_label(), crate::format::rupiah(p.price_rupiah));
                            view! { <option value=pid.to_string() selected=move || plan_id.get() == pid>{label}</option> }
                        }).collect_view())}
                    </select>
                    <FieldMessage error=errors.field("plan_id")/>
                </div>
                <div class="field">
                    <label for="field-nas">{t(Msg::NasTitle)}</label>
                    <select id="field-nas" on:change=move |ev| nas_id.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {move || routers_of(plan_id.get()).into_iter().map(|n| {
                            let nid = n.id;
                            view! { <option value=nid.to_string() selected=move || nas_id.get() == nid>{n.name}</option> }
                        }).collect_view()}
                    </select>
                    <FieldMessage error=errors.field("nas_id")/>
                </div>
            </div>
            <div class="form-row">
                <TextField label=Msg::PppUsername name="username" autocomplete="off" value=username
                    error=errors.field("username") hint=Msg::PppUsernameHint/>
                <TextField label=Msg::PppPassword name="ppp_password" input_type="password" autocomplete="new-password"
                    value=password error=errors.field("password")
                    hint=if id == 0 { Msg::PppPasswordHint } else { Msg::PppPasswordKeep }/>
            </div>
            <div class="form-row">
                <TextField label=Msg::StaticIp name="static_ip" value=static_ip error=errors.field("static_ip") hint=Msg::StaticIpHint/>
                <TextField label=Msg::StartDate name="start_date" input_type="date" value=start_date error=errors.field("start_date")/>
            </div>
            <div class="field">
                <label for="field-install-address">{t(Msg::InstallAddress)}</label>
                <textarea id="field-install-address" rows="2" prop:value=move || install_address.get()
                    on:input=move |ev| install_address.set(event_target_value(&ev))></textarea>
                <FieldMessage error=errors.field("install_address")/>
            </div>
            {(id == 0).then(|| view! {
                <div class="field field-check">
                    <label>
                        <input type="checkbox" prop:checked=move || activate_now.get()
                            on:change=move |ev| activate_now.set(event_target_checked(&ev))/>
                        {t(Msg::ActivateNow)}
                    </label>
                    <p class="field-hint">{t(Msg::ActivateNowHint)}</p>
                </div>
            })}
            <FieldMessage error=errors.field("customer_id")/>
            <SaveCancel pending=save.pending() cancel=cancel/>
        </form>
    }
}
