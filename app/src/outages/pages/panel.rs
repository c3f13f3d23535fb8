//! On a ticket's page: the CI it is about, the lines that fail with it (attached in one
//! click), the reports linked under it, or the outage it was reported under.

use crate::components::{ErrorBanner, FieldErrorsOf};
use crate::i18n::{t, use_i18n, Msg};
use crate::outages::api::{attach_outage_lines, link_ticket_ci, ticket_outage};
use crate::outages::model::TicketOutageView;
use crate::tickets::components::StatusBadge;
use crate::tickets::model::TicketId;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn OutagePanel(id: TicketId, refresh: Callback<()>) -> impl IntoView {
    let outage = Resource::new(move || id.0, ticket_outage);
    view! {
        <section class="panel" data-testid="outage-panel">
            <h2>{t(Msg::OutageTitle)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match outage.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(o) => view! { <OutageView o=o refresh=refresh/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OutageView(o: TicketOutageView, refresh: Callback<()>) -> impl IntoView {
    let locale = use_i18n().locale;
    let id = o.ticket_id;
    let code = RwSignal::new(String::new());
    let link = Action::new(move |code: &String| {
        let code = code.clone();
        async move {
            let r = link_ticket_ci(id, code).await;
            if r.is_ok() {
                refresh.run(());
            }
            r
        }
    });
    let attach = Action::new(move |_: &()| async move {
        let r = attach_outage_lines(id).await;
        if r.is_ok() {
            refresh.run(());
        }
        r
    });
    let link_error = Signal::derive(move || link.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || link_error.get());
    let attach_error = Signal::derive(move || attach.value().get().and_then(Result::err));
    let unattached = o.affected_lines - o.attached_lines;
    view! {
        {o.parent.clone().map(|p| view! {
            <p data-testid="outage-parent">{t(Msg::OutagePartOf)}" "<A href=format!("/tickets/{}", p.id)>{p.number.clone()}</A></p>
        })}
        {match o.ci.clone() {
            Some(ci) => view! {
                <p data-testid="outage-ci">
                    {t(Msg::OutageCi)}" "<A href=format!("/network/cis/{}", ci.id)><code>{ci.code.clone()}</code></A>" "{ci.name.clone()}
                    " "<button type="button" class="button-quiet" on:click=move |_| { link.dispatch(String::new()); }>{t(Msg::Unlink)}</button>
                </p>
                <p data-testid="outage-lines">
                    <strong data-testid="outage-affected">{o.affected_lines}</strong>" "{t(Msg::OutageAffected)}" · "
                    <strong data-testid="outage-attached">{o.attached_lines}</strong>" "{t(Msg::OutageAttachedCount)}
                </p>
            }.into_any(),
            None => view! {
                <div class="field" class:field-invalid=move || errors.field("ci").get().is_some()>
                    <label for="outage-ci-code">{t(Msg::OutageLinkCi)}</label>
                    <input id="outage-ci-code" placeholder="OLT-JKT-01" prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))/>
                    <p class="field-error">{move || errors.field("ci").get().map(|m| m.text(locale.get()))}</p>
                </div>
                <button type="button" class="button" on:click=move |_| { link.dispatch(code.get_untracked()); }>{t(Msg::OutageLinkCiButton)}</button>
            }.into_any(),
        }}
        {(o.can_attach && unattached > 0).then(|| view! {
            <p class="muted small">{t(Msg::OutageAttachHint)}</p>
            <button type="button" class="button button-primary" data-testid="outage-attach"
                disabled=move || attach.pending().get()
                on:click=move |_| { attach.dispatch(()); }>
                {format!("{} ({unattached})", crate::i18n::tr(Msg::OutageAttach))}
            </button>
        })}
        <ErrorBanner error=attach_error/>
        {(!o.children.is_empty()).then(|| view! {
            <h3>{t(Msg::OutageReports)}</h3>
            <ul class="related" data-testid="outage-children">
                {o.children.into_iter().map(|c| view! {
                    <li><A href=format!("/tickets/{}", c.id)>{c.number.clone()}</A>" "{c.caller.clone()}" "<StatusBadge status=c.status/></li>
                }).collect_view()}
            </ul>
        })}
    }
}
