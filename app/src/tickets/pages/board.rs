//! The kanban board. Dragging a card to another lane asks the server to move the ticket;
//! the card moves at once and snaps back with the server's reason if the move is refused.
//! Every open board follows changes made anywhere within a second (see `tickets::live`).

use super::filter_bar::FilterBar;
use super::query::filter_from_query;
use crate::components::{title_of, PageTitle};
use crate::error::AppError;
use crate::i18n::{t, use_i18n, Msg};
use crate::tickets::api::{move_ticket, ticket_board, ticket_card};
use crate::tickets::components::TicketCard;
use crate::tickets::live::on_ticket_changes;
use crate::tickets::model::{BoardLane, Status, TicketId, TicketSummary, BOARD_LANES};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

/// Board order within a lane: most urgent first, then nearest deadline.
fn lane_order(a: &TicketSummary, b: &TicketSummary) -> std::cmp::Ordering {
    (a.priority, a.sla_due_at.is_none(), a.sla_due_at, a.id).cmp(&(
        b.priority,
        b.sla_due_at.is_none(),
        b.sla_due_at,
        b.id,
    ))
}

/// Puts `card` where it belongs (or removes the ticket when `card` is `None`).
fn place(lanes: &mut [BoardLane], id: TicketId, card: Option<TicketSummary>) {
    for lane in lanes.iter_mut() {
        if let Some(i) = lane.tickets.iter().position(|t| t.id == id) {
            lane.tickets.remove(i);
            lane.total -= 1;
        }
    }
    if let Some(card) = card {
        if let Some(lane) = lanes.iter_mut().find(|l| l.status == card.status) {
            let at = lane
                .tickets
                .partition_point(|t| lane_order(t, &card) == std::cmp::Ordering::Less);
            lane.tickets.insert(at, card);
            lane.total += 1;
        }
    }
}

/// A refused move: which ticket, and why.
#[derive(Clone, Debug, PartialEq)]
struct Refusal {
    number: String,
    error: AppError,
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let locale = use_i18n().locale;
    let query = use_query_map();
    let filter = Memo::new(move |_| filter_from_query(&query.read()));
    let reload = RwSignal::new(0u64);
    let board = Resource::new(
        move || (filter.get(), reload.get()),
        |(f, _)| ticket_board(f),
    );
    let lanes: RwSignal<Vec<BoardLane>> = RwSignal::new(Vec::new());
    let dragging: RwSignal<Option<TicketId>> = RwSignal::new(None);
    let refusal: RwSignal<Option<Refusal>> = RwSignal::new(None);
    // A drop on Resolved waits here for its resolution note.
    let resolving: RwSignal<Option<(TicketId, String)>> = RwSignal::new(None);
    let note = RwSignal::new(String::new());

    on_ticket_changes(
        move |ids| {
            for id in ids {
                let f = filter.get_untracked();
                spawn_local(async move {
                    if let Ok(card) = ticket_card(id, f).await {
                        let card = card.filter(|c| BOARD_LANES.contains(&c.status));
                        lanes.update(|l| place(l, id, card));
                    }
                });
            }
        },
        move || reload.update(|n| *n += 1),
    );

    let request_move = move |id: TicketId, to: Status, note: Option<String>| {
        let before = lanes.get_untracked();
        let Some(card) = before
            .iter()
            .flat_map(|l| l.tickets.iter())
            .find(|t| t.id == id)
            .cloned()
        else {
            return;
        };
        if card.status == to {
            return;
        }
        refusal.set(None);
        let moved = TicketSummary {
            status: to,
            ..card.clone()
        };
        lanes.update(|l| place(l, id, Some(moved)));
        spawn_local(async move {
            if let Err(error) = move_ticket(id, to, note).await {
                // Snap back, unless a live update already replaced the card.
                lanes.update(|l| {
                    let still_ours = l
                        .iter()
                        .flat_map(|lane| lane.tickets.iter())
                        .any(|t| t.id == id && t.status == to && t.updated_at == card.updated_at);
                    if still_ours {
                        place(l, id, Some(card.clone()));
                    }
                });
                refusal.set(Some(Refusal {
                    number: card.number.clone(),
                    error,
                }));
            }
        });
    };

    let drop_on = move |to: Status| {
        let Some(id) = dragging.get_untracked() else {
            return;
        };
        dragging.set(None);
        if to == Status::Resolved {
            let number = lanes
                .get_untracked()
                .iter()
                .flat_map(|l| l.tickets.iter())
                .find(|t| t.id == id)
                .map(|t| t.number.clone())
                .unwrap_or_default();
            note.set(String::new());
            resolving.set(Some((id, number)));
        } else {
            request_move(id, to, None);
        }
    };

    view! {
        <PageTitle text=title_of(Msg::BoardTitle)/>
        <div class="page-header">
            <h1>{t(Msg::BoardTitle)}</h1>
            <div class="page-actions">
                <a class="button" href="/tickets">{t(Msg::TicketListTitle)}</a>
                <a class="button button-primary" href="/tickets/new">{t(Msg::NewTicket)}</a>
            </div>
        </div>
        <FilterBar target="/tickets/board"/>
        {move || refusal.get().map(|r| view! {
            <div class="banner banner-error" role="alert" data-testid="move-refused">
                <span class="banner-icon" aria-hidden="true">"!"</span>
                <span>{r.number}": "{move || {
                    let l = locale.get();
                    r.error.field_errors().and_then(|f| f.get("note")).unwrap_or(r.error.summary()).text(l)
                }}</span>
                <button type="button" class="button-quiet" on:click=move |_| refusal.set(None)>{t(Msg::Close)}</button>
            </div>
        })}
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Err(e) => view! { <crate::components::ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(b) => {
                        lanes.set(b.lanes);
                        view! {
                            <div class="board" data-testid="board">
                                {BOARD_LANES.into_iter().map(|status| view! {
                                    <Lane status=status lanes=lanes dragging=dragging on_drop=drop_on on_move=request_move/>
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        {move || resolving.get().map(|(id, number)| view! {
            <div class="dialog-backdrop">
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="resolve-title">
                    <h2 id="resolve-title">{t(Msg::ResolveTicket)}" "{number}</h2>
                    <div class="field">
                        <label for="resolve-note">{t(Msg::ResolutionNote)}</label>
                        <textarea id="resolve-note" rows="4"
                            prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        <p class="field-hint">{t(Msg::ResolutionNoteHint)}</p>
                    </div>
                    <div class="dialog-actions">
                        <button type="button" class="button" on:click=move |_| resolving.set(None)>{t(Msg::Cancel)}</button>
                        <button type="button" class="button button-primary" on:click=move |_| {
                            resolving.set(None);
                            request_move(id, Status::Resolved, Some(note.get_untracked()));
                        }>{t(Msg::ResolveTicket)}</button>
                    </div>
                </div>
            </div>
        })}
    }
}

#[component]
fn Lane(
    status: Status,
    lanes: RwSignal<Vec<BoardLane>>,
    dragging: RwSignal<Option<TicketId>>,
    on_drop: impl Fn(Status) + Copy + Send + Sync + 'static,
    on_move: impl Fn(TicketId, Status, Option<String>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let over = RwSignal::new(false);
    let cards = move || {
        lanes.with(|l| {
            l.iter()
                .find(|lane| lane.status == status)
                .map(|lane| lane.tickets.clone())
                .unwrap_or_default()
        })
    };
    let total = move || {
        lanes.with(|l| {
            l.iter()
                .find(|lane| lane.status == status)
                .map_or(0, |lane| lane.total)
        })
    };
    let label_id = format!("lane-{}", status.code());
    let labelled_by = label_id.clone();
    view! {
        <section class="lane" class:lane-over=move || over.get()
            data-status=status.code() aria-labelledby=labelled_by
            on:dragover=move |ev| { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev| { ev.prevent_default(); over.set(false); on_drop(status); }>
            <h2 class="lane-title" id=label_id>
                {t(status.label())}
                <span class="lane-count">{move || {
                    let shown = cards().len() as i64;
                    let all = total();
                    if all > shown { format!("{shown}/{all}") } else { all.to_string() }
                }}</span>
            </h2>
            <ul class="lane-cards">
                <For each=cards key=|c| (c.id, c.status, c.updated_at) let:card>
                    {
                        let id = card.id;
                        let from = card.status;
                        let number = card.number.clone();
                        let data_number = card.number.clone();
                        view! {
                            <li class="ticket-card" draggable="true" data-ticket=data_number
                                class:card-dragging=move || dragging.get() == Some(id)
                                on:dragstart=move |ev| {
                                    if let Some(dt) = ev.data_transfer() {
                                        let _ = dt.set_data("text/plain", &number);
                                        dt.set_effect_allowed("move");
                                    }
                                    dragging.set(Some(id));
                                }
                                on:dragend=move |_| dragging.set(None)>
                                <TicketCard ticket=card/>
                                <MoveMenu id=id from=from on_pick=move |to| {
                                    if to == Status::Resolved {
                                        dragging.set(Some(id));
                                        on_drop(to);
                                    } else {
                                        on_move(id, to, None);
                                    }
                                }/>
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
}

/// The keyboard way to move a card: a menu of the other lanes.
#[component]
fn MoveMenu(
    id: TicketId,
    from: Status,
    on_pick: impl Fn(Status) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let select_id = format!("move-{id}");
    view! {
        <label class="visually-hidden" for=select_id.clone()>{t(Msg::MoveTo)}</label>
        <select id=select_id class="move-menu" on:change=move |ev| {
            if let Some(to) = Status::from_code(&event_target_value(&ev)) {
                on_pick(to);
            }
        }>
            <option value="" selected=true>{t(Msg::MoveTo)}"…"</option>
            {BOARD_LANES.into_iter().filter(|s| *s != from).map(|s| view! {
                <option value=s.code()>{t(s.label())}</option>
            }).collect_view()}
        </select>
    }
}
