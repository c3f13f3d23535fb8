//! `/tech/orders/:id`: one order as the technician works it.

use crate::components::{
    use_route_id, ErrorBanner, FieldErrorsOf, FieldMessage, FileUpload, LocalTime,
};
use crate::field::api::{
    add_work_order_evidence, move_work_order, save_work_order_notes, tick_work_order_item,
    work_order,
};
use crate::field::model::{
    parse_rx_power, EvidenceKind, FailureReason, MoveRequest, RxVerdict, WorkOrderDetail,
    WorkOrderState,
};
use crate::field::pages::{WindowText, WoStateBadge};
use crate::i18n::{t, use_i18n, Locale, Msg};
use leptos::prelude::*;

#[component]
pub fn TechOrderPage() -> impl IntoView {
    let id = use_route_id();
    let version = RwSignal::new(0u32);
    let order = Resource::new(
        move || (id.get(), version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => work_order(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <p><a href="/tech">{"← "}{t(Msg::TechOrdersTitle)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match order.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(found) => view! { <Order order=found version=version/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Order(order: WorkOrderDetail, version: RwSignal<u32>) -> impl IntoView {
    let working = order.can_work && !order.state.is_final();
    let map_link = order.latitude.zip(order.longitude).map(|(lat, lng)| {
        format!("https://www.google.com/maps/dir/?api=1&destination={lat:.6},{lng:.6}")
    });
    view! {
        <div class="tech-order-head">
            <h1>{t(order.kind.label())}" · "{order.number.clone()}</h1>
            <WoStateBadge state=order.state/>
        </div>
        <section class="card" data-testid="tech-order-summary">
            <p><strong>{order.customer.clone().map(|c| c.1).unwrap_or_default()}</strong></p>
            <p>{order.address.clone()}</p>
            <p>{order.window.map(|w| view! { <WindowText window=w/> })}</p>
            <div class="tech-actions-row">
                {(!order.customer_phone.is_empty()).then(|| view! {
                    <a class="button button-large" href=format!("tel:{}", order.customer_phone)>{t(Msg::TechCall)}</a>
                })}
                {map_link.map(|href| view! { <a class="button button-large" href=href target="_blank" rel="noopener">{t(Msg::TechNavigate)}</a> })}
            </div>
            {(!order.instructions.is_empty()).then(|| view! { <p class="prewrap">{order.instructions.clone()}</p> })}
            {order.odp.clone().map(|(_, code)| view! {
                <p>{t(Msg::WoOdpPort)}": "<strong>{code}" · port "{order.odp_port.unwrap_or_default()}</strong></p>
            })}
        </section>
        {working.then(|| view! { <Moves order=order.clone() version=version/> })}
        <Checklist order=order.clone() version=version working=working/>
        <Proof order=order.clone() version=version working=working/>
        {working.then(|| view! { <Notes order=order.clone() version=version/> })}
    }
}

/// The next steps the technician may take from here.
fn next_steps(state: WorkOrderState) -> &'static [WorkOrderState] {
    use WorkOrderState::*;
    match state {
        Scheduled | Rescheduled => &[OnTheWay],
        OnTheWay => &[OnSite],
        OnSite => &[Done],
        _ => &[],
    }
}

fn step_label(to: WorkOrderState) -> Msg {
    match to {
        WorkOrderState::OnTheWay => Msg::TechStartTrip,
        WorkOrderState::OnSite => Msg::TechArrived,
        _ => Msg::TechFinish,
    }
}

#[component]
fn Moves(order: WorkOrderDetail, version: RwSignal<u32>) -> impl IntoView {
    let id = order.id;
    let can_fail = order.state.is_planned() || order.state.is_under_way();
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let failing = RwSignal::new(false);
    let act = Action::new(move |request: &MoveRequest| move_work_order(id, request.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = act.value().get() {
            failing.set(false);
            version.update(|v| *v += 1);
        }
    });
    let error = Signal::derive(move || act.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let go = move |to: WorkOrderState| {
        act.dispatch(MoveRequest {
            to,
            failure_reason: FailureReason::from_code(&reason.get_untracked()),
            note: note.get_untracked(),
        });
    };
    let missing = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_errors().cloned())
            .map(|f| {
                f.0.iter()
                    .filter(|e| {
                        e.field.starts_with("evidence.")
                            || e.field.starts_with("checklist.")
                            || e.field == "odp_port"
                    })
                    .count()
            })
    });
    view! {
        <section class="card" data-testid="tech-moves">
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            {move || missing.get().filter(|n| *n > 0).map(|_| view! {
                <div class="banner banner-error" role="alert"><span>{t(Msg::TechStillMissing)}</span></div>
            })}
            <FieldMessage error=errors.field("odp_port")/>
            <div class="tech-actions">
                {next_steps(order.state).iter().map(|to| {
                    let to = *to;
                    view! {
                        <button type="button" class="button button-primary button-large" disabled=move || act.pending().get()
                            on:click=move |_| go(to)>{t(step_label(to))}</button>
                    }
                }).collect_view()}
                {can_fail.then(|| view! {
                    <button type="button" class="button button-large" on:click=move |_| failing.update(|f| *f = !*f)>{t(Msg::TechCannotFinish)}</button>
                })}
            </div>
            {move || failing.get().then(|| view! {
                <div class="form" data-testid="tech-fail">
                    <div class="field">
                        <label for="tech-reason">{t(Msg::WoFailureReason)}</label>
                        <select id="tech-reason" on:change=move |ev| reason.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {FailureReason::ALL.into_iter().map(|r| view! { <option value=r.code()>{t(r.label())}</option> }).collect_view()}
                        </select>
                        <FieldMessage error=errors.field("failure_reason")/>
                    </div>
                    <div class="field">
                        <label for="tech-fail-note">{t(Msg::WoNote)}</label>
                        <input id="tech-fail-note" type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                        <FieldMessage error=errors.field("note")/>
                    </div>
                    <button type="button" class="button button-danger button-large" on:click=move |_| go(WorkOrderState::Failed)
                        disabled=move || act.pending().get()>{t(Msg::WoRecordFailure)}</button>
                </div>
            })}
        </section>
    }
}

#[component]
fn Checklist(order: WorkOrderDetail, version: RwSignal<u32>, working: bool) -> impl IntoView {
    let id = order.id;
    let english = use_i18n().locale.get_untracked() == Locale::En;
    let tick =
        Action::new(move |(item, on): &(String, bool)| tick_work_order_item(id, item.clone(), *on));
    Effect::new(move |_| {
        if let Some(Ok(())) = tick.value().get() {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <section class="card" data-testid="tech-checklist">
            <h2>{t(Msg::WoChecklist)}</h2>
            <ErrorBanner error=Signal::derive(move || tick.value().get().and_then(Result::err))/>
            <ul class="tech-checklist">
                {order.checklist.iter().map(|item| {
                    let done = order.ticked.contains(&item.key);
                    let key = item.key.clone();
                    view! {
                        <li>
                            <label class="checkbox checkbox-large">
                                <input type="checkbox" checked=done disabled=!working
                                    on:change=move |ev| { tick.dispatch((key.clone(), event_target_checked(&ev))); }/>
                                " "{item.text(english).to_owned()}
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Proof(order: WorkOrderDetail, version: RwSignal<u32>, working: bool) -> impl IntoView {
    let id = order.id;
    let refresh = Callback::new(move |_| version.update(|v| *v += 1));
    let recorded =
        move |kind: EvidenceKind| order.evidence.iter().rfind(|e| e.kind == kind).cloned();
    view! {
        <section class="card" data-testid="tech-proof">
            <h2>{t(Msg::WoEvidence)}</h2>
            {order.required_evidence.iter().copied().chain(
                EvidenceKind::ALL.into_iter().filter(|k| !order.required_evidence.contains(k) && recorded(*k).is_some())
            ).map(|kind| {
                let last = recorded(kind);
                let done = last.is_some().to_string();
                let at = last.as_ref().map(|e| e.at);
                let required = order.required_evidence.contains(&kind);
                let shown = last.clone().map(|e| if e.is_file {
                    let src = format!("/api/work-orders/{id}/evidence/{}", e.id);
                    view! { <img class="evidence-thumb" src=src alt=t(kind.label())/> }.into_any()
                } else if kind == EvidenceKind::RxPower {
                    let verdict = parse_rx_power(&e.value).ok().map(RxVerdict::of);
                    view! { <strong>{e.value.clone()}" dBm"</strong>{verdict.map(|v| view! { " "<span class=format!("badge rx-{}", v.code())>{t(v.label())}</span> })} }.into_any()
                } else {
                    view! { <code>{e.value.clone()}</code> }.into_any()
                });
                view! {
                    <div class="tech-proof-item" data-evidence=kind.code() data-done=done>
                        <h3>{t(kind.label())}{required.then_some(" *")}</h3>
                        {shown}
                        {at.map(|at| view! { <p class="muted small"><LocalTime at=at/></p> })}
                        {working.then(|| if kind.is_file() {
                            view! {
                                <FileUpload input_id=format!("proof-{}", kind.code()) label=kind.label() hint=Msg::TechPhotoHint
                                    url=format!("/api/work-orders/{id}/evidence?kind={}", kind.code())
                                    done=refresh accept="image/*"/>
                            }.into_any()
                        } else {
                            view! { <TextProof order_id=id kind=kind version=version/> }.into_any()
                        })}
                    </div>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn TextProof(order_id: i64, kind: EvidenceKind, version: RwSignal<u32>) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let save = Action::new(move |v: &String| add_work_order_evidence(order_id, kind, v.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let input_id = format!("proof-{}", kind.code());
    let mode = if kind == EvidenceKind::RxPower {
        "decimal"
    } else {
        "text"
    };
    view! {
        <form class="tech-inline-form" on:submit=move |ev| { ev.prevent_default(); save.dispatch(value.get_untracked()); }>
            <label for=input_id.clone() class="visually-hidden">{t(kind.label())}</label>
            <input id=input_id type="text" inputmode=mode autocomplete="off" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <button type="submit" class="button button-large" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            <FieldMessage error=errors.field("value")/>
        </form>
    }
}

#[component]
fn Notes(order: WorkOrderDetail, version: RwSignal<u32>) -> impl IntoView {
    let id = order.id;
    let notes = RwSignal::new(order.tech_notes.clone());
    let save = Action::new(move |n: &String| save_work_order_notes(id, n.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    view! {
        <section class="card">
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save.dispatch(notes.get_untracked()); }>
                <div class="field">
                    <label for="tech-notes">{t(Msg::WoTechNotes)}</label>
                    <textarea id="tech-notes" rows="4" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                    <FieldMessage error=errors.field("tech_notes")/>
                </div>
                <button type="submit" class="button button-large" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </form>
        </section>
    }
}
