//! `GET /api/events/tickets`: a server-sent event stream of changed ticket ids. It carries
//! ids only; browsers fetch what changed through the ticket server functions, which apply
//! the viewer's visibility. A `resync` event asks the browser to reload its views (after
//! it fell behind, or on every (re)connect via the initial event).

use crate::live::LiveFeed;
use app::auth::Permission;
use app::request::RequestSession;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

pub async fn ticket_events(
    State(feed): State<LiveFeed>,
    session: Option<Extension<RequestSession>>,
) -> Response {
    let user = session.and_then(|Extension(s)| s.user);
    match user {
        None => return StatusCode::UNAUTHORIZED.into_response(),
        Some(u) if !u.user.can(Permission::WorkTickets) => {
            return StatusCode::FORBIDDEN.into_response()
        }
        Some(_) => {}
    }
    let (rx, shutdown) = feed.subscribe();
    let first = Some(Event::default().event("resync").data("connected"));
    let stream = futures_util::stream::unfold(
        (rx, shutdown, first),
        |(mut rx, mut shutdown, first)| async move {
            if let Some(event) = first {
                return Some((Ok::<_, Infallible>(event), (rx, shutdown, None)));
            }
            if *shutdown.borrow() {
                return None;
            }
            let event = tokio::select! {
                received = rx.recv() => match received {
                    Ok(id) => Event::default().event("ticket").data(id.to_string()),
                    Err(RecvError::Lagged(_)) => Event::default().event("resync").data("lagged"),
                    Err(RecvError::Closed) => return None,
                },
                _ = shutdown.changed() => return None,
            };
            Some((Ok(event), (rx, shutdown, None)))
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
