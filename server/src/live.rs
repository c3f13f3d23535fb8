//! Live ticket updates. Every committed ticket change is announced by PostgreSQL
//! (`pg_notify('ticket_changes', id)`, from a trigger); one listener per server instance
//! relays it to the browsers connected to that instance over server-sent events. With
//! several instances behind a load balancer each one listens, so every browser hears every
//! change whichever instance made it.

use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// Channel capacity per instance; a browser that falls further behind is told to resync.
const BACKLOG: usize = 1024;

#[derive(Clone)]
pub struct LiveFeed {
    tickets: broadcast::Sender<i64>,
    shutdown: watch::Receiver<bool>,
}

/// Ends every open event stream when the server shuts down (they would otherwise keep the
/// graceful shutdown waiting forever).
pub struct ShutdownSwitch(watch::Sender<bool>);

impl ShutdownSwitch {
    pub fn trip(&self) {
        let _ = self.0.send(true);
    }
}

impl LiveFeed {
    pub fn new() -> (Self, ShutdownSwitch) {
        let (tickets, _) = broadcast::channel(BACKLOG);
        let (off, shutdown) = watch::channel(false);
        (LiveFeed { tickets, shutdown }, ShutdownSwitch(off))
    }

    pub fn subscribe(&self) -> (broadcast::Receiver<i64>, watch::Receiver<bool>) {
        (self.tickets.subscribe(), self.shutdown.clone())
    }

    /// Relays `ticket_changes` notifications until the process ends, reconnecting with a
    /// pause when the database connection drops.
    pub fn spawn_listener(&self, pool: PgPool) -> tokio::task::JoinHandle<()> {
        let tickets = self.tickets.clone();
        tokio::spawn(async move {
            loop {
                match PgListener::connect_with(&pool).await {
                    Ok(mut listener) => {
                        if let Err(err) = listener.listen("ticket_changes").await {
                            tracing::warn!(error = %err, "LISTEN ticket_changes failed");
                        } else {
                            tracing::info!("listening for ticket changes");
                            loop {
                                match listener.recv().await {
                                    Ok(note) => {
                                        if let Ok(id) = note.payload().parse::<i64>() {
                                            // No subscribers is fine: nobody is looking.
                                            let _ = tickets.send(id);
                                        }
                                    }
                                    Err(err) => {
                                        tracing::warn!(error = %err, "ticket listener lost its connection");
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    Err(err) => tracing::warn!(error = %err, "ticket listener cannot connect"),
                }
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        })
    }
}
