//! The approver's queue: each request with its answers, approve or reject with a comment.

use crate::catalog::api::{approval_queue, decide_approval};
use crate::catalog::model::PendingApproval;
use crate::components::{title_of, ErrorBanner, FieldErrorsOf, LocalTime, PageTitle};
use crate::i18n::{t, use_i18n, Msg};
use crate::tickets::components::PriorityBadge;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let reload = RwSignal::new(0u64);
    let queue = Resource::new(move || reload.get(), |_| approval_queue());
    let done = Callback::new(move |()| reload.update(|n| *n += 1));
    view! {
        <PageTitle text=title_of(Msg::ApprovalsTitle)/>
        <div class="page-header"><h1>{t(Msg::ApprovalsTitle)}</h1></div>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="muted" data-testid="no-approvals">{t(Msg::NoApprovalsPending)}</p> }.into_any(),
                    Ok(items) => view! {
                        <ul class="approvals">
                            {items.into_iter().map(|a| view! { <ApprovalCard a=a done=done/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ApprovalCard(a: PendingApproval, done: Callback<()>) -> impl IntoView {
    let locale = use_i18n().locale;
    let comment = RwSignal::new(String::new());
    let id = a.approval_id;
    let decide = Action::new(move |approve: &bool| {
        let (approve, c) = (*approve, comment.get_untracked());
        async move {
            let r = decide_approval(id, approve, c).await;
            if r.is_ok() {
                done.run(());
            }
            r
        }
    });
    let error = Signal::derive(move || decide.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let field_id = format!("decision-{id}");
    let (number, data_number) = (a.ticket.number.clone(), a.ticket.number.clone());
    let ticket_href = format!("/tickets/{}", a.ticket.id);
    let label_for = field_id.clone();
    view! {
        <li class="panel approval" data-ticket=data_number>
            <div class="card-head">
                <A href=ticket_href>{number}</A>
                <PriorityBadge priority=a.ticket.priority/>
            </div>
            <h2>{a.item.clone()}</h2>
            <p class="muted">
                {t(Msg::ApprovalStep)}" "{a.step}"/"{a.steps}" · "{t(a.role.label())}" · "
                {t(Msg::RequestedBy)}" "{a.requested_by.clone().unwrap_or_default()}" · "<LocalTime at=a.requested_at/>
            </p>
            <div class="markdown" inner_html=a.answers_html.clone()></div>
            <div class="field" class:field-invalid=move || errors.field("comment").get().is_some()>
                <label for=label_for>{t(Msg::DecisionComment)}</label>
                <textarea id=field_id rows="2" prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                <p class="field-error">{move || errors.field("comment").get().map(|m| m.text(locale.get()))}</p>
            </div>
            {move || error.get().filter(|e| e.field_errors().is_none()).map(|e| view! { <ErrorBanner error=Some(e)/> })}
            <div class="button-row">
                <button type="button" class="button button-primary" disabled=move || decide.pending().get()
                    on:click=move |_| { decide.dispatch(true); }>{t(Msg::Approve)}</button>
                <button type="button" class="button button-danger" disabled=move || decide.pending().get()
                    on:click=move |_| { decide.dispatch(false); }>{t(Msg::Reject)}</button>
            </div>
        </li>
    }
}
