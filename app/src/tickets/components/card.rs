use super::{PriorityBadge, SlaBadge};
use crate::i18n::{t, Msg};
use crate::tickets::model::TicketSummary;
use leptos::prelude::*;
use leptos_router::components::A;

/// A ticket on the board: number, title, priority, assignee, SLA countdown. Draggable; the
/// board wires the drag handlers.
#[component]
pub fn TicketCard(ticket: TicketSummary) -> impl IntoView {
    let href = format!("/tickets/{}", ticket.id);
    let assignee = ticket.assignee.as_ref().map(|a| a.name.clone());
    view! {
        <div class="card-head">
            <A href=href.clone() attr:class="card-number">{ticket.number.clone()}</A>
            <PriorityBadge priority=ticket.priority/>
        </div>
        <A href=href attr:class="card-title">{ticket.title.clone()}</A>
        <div class="card-meta">
            <span class="card-assignee">
                {match assignee {
                    Some(name) => view! { <span>{name}</span> }.into_any(),
                    None => view! { <span class="muted">{t(Msg::Unassigned)}</span> }.into_any(),
                }}
            </span>
            <SlaBadge state=ticket.sla_state due=ticket.sla_due_at/>
        </div>
    }
}
