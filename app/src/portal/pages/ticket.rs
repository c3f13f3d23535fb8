//! `/portal/tickets/:id`: one ticket with its status, the public replies, the resolution,
//! and a reply form.

use crate::components::{
    refresh_every, title_of, use_route_id, ErrorBanner, FieldErrorsOf, FieldMessage, LocalTime,
    PageTitle,
};
use crate::i18n::{t, Msg};
use crate::portal::api::{my_ticket, ReplyMyTicket};
use crate::portal::model::PortalTicket;
use crate::tickets::components::StatusBadge;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn PortalTicketPage() -> impl IntoView {
    let route_id = use_route_id();
    let id = move || route_id.get().unwrap_or(0);
    let reply = ServerAction::<ReplyMyTicket>::new();
    // A reply from the desk shows up without reloading (the live ticket feed is for staff).
    let version = RwSignal::new(0u64);
    refresh_every(20, version);
    let ticket = Resource::new(
        move || (id(), version.get(), reply.version().get()),
        |(id, _, _)| my_ticket(id),
    );
    view! {
        <PageTitle text=title_of(Msg::MyTickets)/>
        <p><a href="/portal/tickets">{t(Msg::BackToMyTickets)}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match ticket.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(ticket) => view! { <TicketView ticket=ticket reply=reply/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TicketView(ticket: PortalTicket, reply: ServerAction<ReplyMyTicket>) -> impl IntoView {
    let error = Signal::derive(move || reply.value().get().and_then(Result::err));
    let fields = FieldErrorsOf::new(move || error.get());
    let open = !ticket.status.is_final();
    view! {
        <h1 data-testid="portal-ticket-heading">{format!("{} · {}", ticket.number, ticket.title)}</h1>
        <p><StatusBadge status=ticket.status/>" · "<LocalTime at=ticket.created_at/></p>
        <div class="card markdown" inner_html=ticket.description_html.clone()></div>
        {ticket.resolution.clone().map(|r| view! {
            <section class="card resolution" data-testid="resolution">
                <h2>{t(Msg::ColResolution)}</h2>
                <p>{r}</p>
            </section>
        })}
        <section aria-labelledby="replies">
            <h2 id="replies">{t(Msg::Replies)}</h2>
            {if ticket.replies.is_empty() {
                view! { <p class="muted">{t(Msg::NoRepliesYet)}</p> }.into_any()
            } else {
                view! {
                    <ol class="replies" data-testid="replies">
                        {ticket.replies.into_iter().map(|r| view! {
                            <li class="reply" class:reply-mine=r.mine>
                                <div class="muted small">{r.author.clone()}" · "<LocalTime at=r.at/></div>
                                <div class="markdown" inner_html=r.body_html.clone()></div>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        {open.then(|| view! {
            <ActionForm action=reply attr:class="form card" attr:data-testid="reply-form">
                <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
                <input type="hidden" name="id" value=ticket.id.to_string()/>
                <div class="field">
                    <label for="field-reply">{t(Msg::YourReply)}</label>
                    <textarea id="field-reply" name="body" rows="3"></textarea>
                    <FieldMessage error=fields.field("body")/>
                </div>
                <button type="submit" class="button button-primary" disabled=move || reply.pending().get()>{t(Msg::SendReply)}</button>
            </ActionForm>
        })}
    }
}
