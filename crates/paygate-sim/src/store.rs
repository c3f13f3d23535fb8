//! The shared state: both gateways' transactions and the delivery log, behind one
//! `std::sync::Mutex`. Handlers lock, change, copy out what they need and unlock before any
//! `.await`; nothing slow ever runs under the lock, so a plain mutex is the right tool.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::SimConfig;
use crate::midtrans::MidtransTx;
use crate::persist;
use crate::tripay::TripayTx;

/// What survives a restart (with `--state`).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Transactions {
    /// Order id → transaction.
    #[serde(default)]
    pub midtrans: BTreeMap<String, MidtransTx>,
    /// Reference → transaction.
    #[serde(default)]
    pub tripay: BTreeMap<String, TripayTx>,
    /// Numbers Tripay references and VA numbers.
    #[serde(default)]
    pub tripay_counter: u64,
}

/// One attempt to deliver a Midtrans notification or a Tripay callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// Numbers the notification; its retries share it.
    pub delivery: u64,
    /// `midtrans` or `tripay`.
    pub gateway: String,
    pub url: String,
    /// Midtrans order_id or Tripay merchant_ref.
    pub order: String,
    /// The status the notification reported (`settlement`, `PAID`, …).
    pub status: String,
    /// 1 for the first try.
    pub attempt: u32,
    /// The receiver's HTTP status; `None` when it never answered (refused, timed out, not HTTP).
    pub answered_status: Option<u16>,
    /// RFC 3339 (UTC) time the attempt started.
    pub at: String,
    /// Why the attempt failed without an HTTP answer.
    pub error: Option<String>,
}

pub(crate) struct Store {
    pub tx: Transactions,
    pub deliveries: Vec<Delivery>,
}

/// Everything the handlers and background tasks share.
pub(crate) struct Sim {
    pub config: SimConfig,
    /// Base for browser-facing URLs, without a trailing slash.
    pub public_url: String,
    pub http: reqwest::Client,
    store: Mutex<Store>,
    save: Mutex<()>,
    next_delivery: AtomicU64,
    in_flight: AtomicUsize,
    closed: AtomicBool,
    pub shutdown: tokio::sync::watch::Sender<bool>,
}

impl Sim {
    pub fn new(config: SimConfig, public_url: String, tx: Transactions) -> Arc<Sim> {
        Arc::new(Sim {
            http: crate::deliver::client(),
            public_url: public_url.trim_end_matches('/').to_owned(),
            config,
            store: Mutex::new(Store {
                tx,
                deliveries: Vec::new(),
            }),
            save: Mutex::new(()),
            next_delivery: AtomicU64::new(1),
            in_flight: AtomicUsize::new(0),
            closed: AtomicBool::new(false),
            shutdown: tokio::sync::watch::channel(false).0,
        })
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Call after changing transactions: writes the state file, if any. Synchronous and
    /// serialised by its own lock, so the file always holds the newest snapshot.
    pub fn changed(&self) {
        let Some(path) = &self.config.state_file else {
            return;
        };
        let _writer = self.save.lock().unwrap_or_else(|p| p.into_inner());
        let snapshot = self.store().tx.clone();
        if let Err(error) = persist::save(path, &snapshot) {
            tracing::error!(path = %path.display(), %error, "cannot write the state file");
        }
    }

    pub fn deliveries(&self) -> Vec<Delivery> {
        self.store().deliveries.clone()
    }

    pub fn next_delivery_id(&self) -> u64 {
        self.next_delivery.fetch_add(1, Ordering::Relaxed)
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    pub fn job_started(&self) {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
    }

    pub fn job_done(&self) {
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    pub fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        let _ = self.shutdown.send(true);
    }

    /// Sleeps, or returns `false` at once if the simulator shuts down meanwhile.
    pub async fn sleep(&self, delay: Duration) -> bool {
        let mut closed = self.shutdown.subscribe();
        if *closed.borrow() {
            return false;
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => !self.is_closed(),
            _ = closed.wait_for(|closed| *closed) => false,
        }
    }
}
