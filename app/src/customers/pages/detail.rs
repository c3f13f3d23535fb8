//! `/customers/:id`: who the customer is, their lines (with provisioning state), their
//! tickets and what changed, with editing, lifecycle moves and new lines for staff who may.

use super::history::CustomerHistory;
use super::id_photo::IdPhotoPanel;
use super::portal_login::PortalLoginPanel;
use super::{CustomerForm, CustomerStatusBadge};
use crate::auth::model::Permission;
use crate::billing::pages::CustomerBillingPanel;
use crate::cmdb::pages::NearestOdps;
use crate::components::{title_of, use_route_id, ErrorBanner, LocalTime, PageTitle, StatusChange};
use crate::customers::api::{change_customer_status, read_customer};
use crate::customers::model::{
    Customer, CustomerDetail, CustomerStatus, CustomerStatusChange, CustomerTicket,
};
use crate::i18n::{t, Msg};
use crate::subscriptions::model::SubscriptionDraft;
use crate::subscriptions::pages::{SubscriptionForm, SubscriptionTable};
use crate::tickets::components::{PriorityBadge, StatusBadge};
use leptos::prelude::*;

#[component]
pub fn CustomerPage() -> impl IntoView {
    let route_id = use_route_id();
    let id = move || route_id.get().unwrap_or(0);
    let version = RwSignal::new(0u64);
    let detail = Resource::new(move || (id(), version.get()), |(id, _)| read_customer(id));
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <PageTitle text=title_of(Msg::CustomersTitle)/>
        <p><a href="/customers">{t(Msg::BackToCustomers)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(detail) => view! { <CustomerView detail=detail reload=reload/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CustomerView(detail: CustomerDetail, reload: Callback<()>) -> impl IntoView {
    let session = crate::shell::use_session();
    let can_manage = session
        .user
        .as_ref()
        .is_some_and(|u| u.can(Permission::ManageCustomers));
    let sees_tickets = session
        .user
        .as_ref()
        .is_some_and(|u| u.can(Permission::ViewAllTickets));
    let sees_billing = session
        .user
        .as_ref()
        .is_some_and(|u| u.can(Permission::ViewBilling));
    let sees_network = session
        .user
        .as_ref()
        .is_some_and(|u| u.can(Permission::ViewNetwork));
    let customer = detail.customer;
    let editing = RwSignal::new(false);
    let adding_line = RwSignal::new(false);
    let draft = customer.draft();
    let customer_id = customer.id;
    let open = !matches!(
        customer.status,
        CustomerStatus::Suspended | CustomerStatus::Terminated
    );
    let heading = format!("{} · {}", customer.code, customer.full_name);
    view! {
        <div class="page-header">
            <h1 data-testid="customer-heading">{heading}</h1>
            <div class="page-actions">
                <CustomerStatusBadge status=customer.status/>
                {can_manage.then(|| view! {
                    <button type="button" class="button" on:click=move |_| editing.set(true)>{t(Msg::Edit)}</button>
                })}
            </div>
        </div>
        {move || editing.get().then(|| view! {
            <CustomerForm draft=draft.clone()
                saved=Callback::new(move |_| { editing.set(false); reload.run(()); })
                cancel=Callback::new(move |()| editing.set(false))/>
        })}
        <div class="detail-grid">
            <div>
                <CustomerFacts customer=customer.clone()/>
                {(sees_network && open).then(|| view! {
                    <NearestOdps point=customer.latitude.zip(customer.longitude)/>
                })}
                <IdPhotoPanel customer_id=customer_id has_photo=customer.has_id_photo
                    can_upload=can_manage reload=reload/>
                {(can_manage && customer.portal_username.is_none() && customer.status != CustomerStatus::Terminated).then(|| view! {
                    <section class="panel">
                        <PortalLoginPanel customer_id=customer_id email=customer.email.clone() reload=reload/>
                    </section>
                })}
            </div>
            {can_manage.then(|| view! { <CustomerStatusPanel customer=customer.clone() reload=reload/> })}
        </div>
        <section class="panel">
            <div class="section-header">
                <h2>{t(Msg::CustomerLines)}</h2>
                {(can_manage && open).then(|| view! {
                    <button type="button" class="button button-primary" on:click=move |_| adding_line.set(true)>
                        {t(Msg::NewSubscription)}
                    </button>
                })}
            </div>
            {move || adding_line.get().then(|| view! {
                <SubscriptionForm
                    draft=SubscriptionDraft { customer_id, activate_now: true, ..SubscriptionDraft::default() }
                    saved=Callback::new(move |_| { adding_line.set(false); reload.run(()); })
                    cancel=Callback::new(move |()| adding_line.set(false))/>
            })}
            <SubscriptionTable lines=detail.subscriptions/>
        </section>
        {sees_billing.then(|| view! { <CustomerBillingPanel customer_id=customer_id on_change=reload/> })}
        {sees_tickets.then(|| view! {
            <section class="panel">
                <h2>{t(Msg::CustomerTickets)}</h2>
                <CustomerTickets tickets=detail.tickets/>
            </section>
        })}
        <section class="panel">
            <h2>{t(Msg::History)}</h2>
            <CustomerHistory entries=detail.history/>
        </section>
    }
}

/// NIKs are personal data: shown with the middle hidden.
fn masked_nik(nik: &str) -> String {
    if nik.len() == 16 {
        format!("{}••••••{}", &nik[..6], &nik[12..])
    } else {
        nik.to_owned()
    }
}

#[component]
fn CustomerFacts(customer: Customer) -> impl IntoView {
    let map = customer.latitude.zip(customer.longitude).map(|(lat, lng)| {
        (
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map=18/{lat}/{lng}"),
            format!("{lat}, {lng}"),
        )
    });
    let tel = format!("tel:{}", customer.phone);
    view! {
        <section class="panel">
            <h2>{t(Msg::CustomerData)}</h2>
            <dl class="facts">
                <dt>{t(Msg::CustomerCategory)}</dt><dd>{t(customer.category.label())}</dd>
                <dt>{t(Msg::CustomerPhone)}</dt>
                <dd>{(!customer.phone.is_empty()).then(|| view! { <a href=tel>{customer.phone.clone()}</a> })}</dd>
                <dt>{t(Msg::FieldEmail)}</dt><dd>{customer.email.clone()}</dd>
                <dt>{t(Msg::CustomerAddress)}</dt><dd>{customer.address.clone()}</dd>
                <dt>{t(Msg::CustomerCoordinates)}</dt>
                <dd>{map.map(|(href, text)| view! { <a href=href rel="noopener" target="_blank">{text}</a> })}</dd>
                <dt>{t(Msg::CustomerNik)}</dt><dd>{customer.nik.as_deref().map(masked_nik)}</dd>
                <dt>{t(Msg::CustomerPortalLogin)}</dt>
                <dd>{customer.portal_username.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>{t(Msg::ColCreated)}</dt><dd><LocalTime at=customer.created_at/></dd>
            </dl>
            {(!customer.notes.is_empty()).then(|| view! { <p class="notes">{customer.notes.clone()}</p> })}
        </section>
    }
}

#[component]
fn CustomerStatusPanel(customer: Customer, reload: Callback<()>) -> impl IntoView {
    let id = customer.id;
    let change = Action::new(|c: &CustomerStatusChange| change_customer_status(c.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            reload.run(());
        }
    });
    let options: Vec<(&'static str, Msg)> = customer
        .status
        .next_states()
        .into_iter()
        .map(|s| (s.as_str(), s.label()))
        .collect();
    let submit = Callback::new(move |(code, reason): (String, String)| {
        if let Some(status) = CustomerStatus::parse(&code) {
            change.dispatch(CustomerStatusChange { id, status, reason });
        }
    });
    view! {
        <section class="panel">
            <h2>{t(Msg::CustomerStatusTitle)}</h2>
            <p>
                <CustomerStatusBadge status=customer.status/>
                " "
                {(!customer.status_reason.is_empty()).then(|| customer.status_reason.clone())}
                " · "
                <LocalTime at=customer.status_changed_at/>
            </p>
            <p class="muted small">{t(Msg::CustomerStatusHint)}</p>
            <StatusChange options=options pending=change.pending()
                error=Signal::derive(move || change.value().get().and_then(Result::err))
                submit=submit/>
        </section>
    }
}

#[component]
fn CustomerTickets(tickets: Vec<CustomerTicket>) -> impl IntoView {
    if tickets.is_empty() {
        return view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any();
    }
    view! {
        <ul class="plain-list">
            {tickets.into_iter().map(|ticket| view! {
                <li>
                    <a href=format!("/tickets/{}", ticket.id)>{ticket.number.clone()}</a>
                    " "{ticket.title.clone()}" "
                    <StatusBadge status=ticket.status/>" "
                    <PriorityBadge priority=ticket.priority/>" "
                    <span class="muted small"><LocalTime at=ticket.created_at/></span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
