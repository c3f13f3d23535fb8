//! The browser side of live ticket updates: one `EventSource` per page on
//! `/api/events/tickets`, turned into signals that boards, lists and detail pages watch.
//! Also the shared one-second clock that SLA countdowns tick on.

use crate::tickets::model::TicketId;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::collections::VecDeque;

/// How many recent events are kept for views that were busy when they arrived.
#[cfg(feature = "hydrate")]
const RECENT: usize = 256;

#[derive(Clone, Copy)]
pub struct TicketEvents {
    /// Bumped on every changed ticket; pair with [`TicketEvents::since`].
    pub version: RwSignal<u64>,
    /// Bumped when views should reload everything: on (re)connect and after falling behind.
    pub resync: RwSignal<u64>,
    recent: StoredValue<VecDeque<(u64, TicketId)>>,
}

impl TicketEvents {
    /// Tickets changed after `seen` (oldest first, without repeats).
    pub fn since(&self, seen: u64) -> Vec<TicketId> {
        let mut ids: Vec<TicketId> = Vec::new();
        self.recent.with_value(|recent| {
            for (v, id) in recent {
                if *v > seen && !ids.contains(id) {
                    ids.push(*id);
                }
            }
        });
        ids
    }

    #[cfg(feature = "hydrate")]
    fn push(&self, id: TicketId) {
        let v = self.version.get_untracked() + 1;
        self.recent.update_value(|recent| {
            recent.push_back((v, id));
            while recent.len() > RECENT {
                recent.pop_front();
            }
        });
        self.version.set(v);
    }
}

/// Calls `on_change(ids)` for tickets changed since the last call, and `on_resync()` when
/// everything should be reloaded. For views that keep their own state.
pub fn on_ticket_changes(
    on_change: impl Fn(Vec<TicketId>) + 'static,
    on_resync: impl Fn() + 'static,
) {
    let Some(events) = use_context::<TicketEvents>() else {
        return;
    };
    let seen = StoredValue::new(events.version.get_untracked());
    Effect::new(move |_| {
        let now = events.version.get();
        let ids = events.since(seen.get_value());
        seen.set_value(now);
        if !ids.is_empty() {
            on_change(ids);
        }
    });
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        events.resync.track();
        // The initial run is the page's own load, not a resync.
        if first.get_value() {
            first.set_value(false);
        } else {
            on_resync();
        }
    });
}

/// The current time, ticking every second in the browser (fixed during server rendering).
#[derive(Clone, Copy)]
pub struct Now(pub RwSignal<DateTime<Utc>>);

/// Provides [`TicketEvents`] and [`Now`] for the staff area and, in the browser, connects.
pub fn provide_live_updates() {
    let events = TicketEvents {
        version: RwSignal::new(0),
        resync: RwSignal::new(0),
        recent: StoredValue::new(VecDeque::new()),
    };
    provide_context(events);
    let now = Now(RwSignal::new(Utc::now()));
    provide_context(now);
    #[cfg(feature = "hydrate")]
    browser::connect(events, now);
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{Now, TicketEvents};
    use crate::tickets::model::TicketId;
    use leptos::prelude::{Set, Update};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    pub fn connect(events: TicketEvents, now: Now) {
        let Ok(source) = web_sys::EventSource::new("/api/events/tickets") else {
            return;
        };
        let on_ticket =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(id) = ev.data().as_string().and_then(|d| d.parse().ok()) {
                    events.push(TicketId(id));
                }
            });
        let on_resync = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| {
            events.resync.update(|n| *n += 1);
        });
        let _ =
            source.add_event_listener_with_callback("ticket", on_ticket.as_ref().unchecked_ref());
        let _ =
            source.add_event_listener_with_callback("resync", on_resync.as_ref().unchecked_ref());
        // The staff layout lives as long as the page; the browser reconnects by itself.
        on_ticket.forget();
        on_resync.forget();
        std::mem::forget(source);

        let tick = gloo_timers::callback::Interval::new(1_000, move || {
            now.0.set(chrono::Utc::now());
        });
        tick.forget();
    }
}
