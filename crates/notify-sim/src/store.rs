//! The shared state: every recorded WhatsApp message and mail behind one
//! `std::sync::Mutex`, plus the outage switches. Handlers lock, change, copy out and unlock
//! before any `.await`; nothing slow runs under the lock, so a plain mutex is the right tool.
//! Every change bumps a `watch` counter, so waiters in tests wake at once instead of polling.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::config::SimConfig;
use crate::number;
use crate::persist;

/// Each list keeps at most this many messages; the oldest go first.
pub(crate) const MAX_KEPT: usize = 1000;

/// One WhatsApp message a gateway accepted: one per target number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatsAppMessage {
    /// The id the gateway answered with.
    pub id: String,
    /// `fonnte`, `template` (`/api/send`) or `wablas` (`/api/send-message`).
    pub provider: String,
    /// The number after normalisation (`628123456789`).
    pub target: String,
    pub message: String,
    /// Attachment URL (Fonnte `url`).
    pub url: Option<String>,
    /// Attachment file name (Fonnte `filename`, or the name of an uploaded `file`).
    pub filename: Option<String>,
    pub received_at: DateTime<Utc>,
}

/// One attachment of a mail: what it is, not its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// From `Content-Disposition` `filename`, else `Content-Type` `name`, decoded.
    pub filename: Option<String>,
    /// Lower-case `type/subtype`.
    pub content_type: String,
    /// Decoded size in bytes.
    pub size: usize,
}

/// One mail the SMTP sink accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailMessage {
    pub id: String,
    /// The envelope sender (`MAIL FROM`), empty for the null sender `<>`.
    pub from: String,
    /// The envelope recipients (`RCPT TO`), in order.
    pub to: Vec<String>,
    /// The `AUTH` user name, if the client authenticated.
    pub username: Option<String>,
    /// `Subject`, with RFC 2047 encoded words decoded.
    pub subject: Option<String>,
    /// The first text/plain part, transfer-decoded, line ends as `\n`.
    pub text: Option<String>,
    /// The first text/html part, likewise.
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
    pub received_at: DateTime<Utc>,
    /// The DATA text after dot-unstuffing, lines ending in CRLF (invalid UTF-8 replaced).
    pub raw: String,
}

/// What survives a restart (with `--state`).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Messages {
    #[serde(default)]
    pub whatsapp: Vec<WhatsAppMessage>,
    #[serde(default)]
    pub mail: Vec<MailMessage>,
    /// Numbers ids; never reused, also after a clear.
    #[serde(default)]
    pub next_id: u64,
}

/// A WhatsApp message before it has an id.
pub(crate) struct Draft {
    pub target: String,
    pub message: String,
    pub url: Option<String>,
    pub filename: Option<String>,
}

/// Everything the handlers, the SMTP sessions and the handle share.
pub(crate) struct Sim {
    pub config: SimConfig,
    /// `fail_numbers`, normalised.
    fail_numbers: Vec<String>,
    store: Mutex<Messages>,
    save: Mutex<()>,
    down: AtomicBool,
    fail_next: AtomicUsize,
    changes: watch::Sender<u64>,
    pub shutdown: watch::Sender<bool>,
}

impl Sim {
    pub fn new(config: SimConfig, saved: Messages) -> Arc<Sim> {
        let fail_numbers = config
            .fail_numbers
            .iter()
            .filter_map(|n| number::normalise(n, Some(number::DEFAULT_COUNTRY)))
            .collect();
        Arc::new(Sim {
            fail_numbers,
            fail_next: AtomicUsize::new(config.fail_next),
            config,
            store: Mutex::new(saved),
            save: Mutex::new(()),
            down: AtomicBool::new(false),
            changes: watch::channel(0).0,
            shutdown: watch::channel(false).0,
        })
    }

    fn store(&self) -> MutexGuard<'_, Messages> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn whatsapp(&self) -> Vec<WhatsAppMessage> {
        self.store().whatsapp.clone()
    }

    pub fn mail(&self) -> Vec<MailMessage> {
        self.store().mail.clone()
    }

    pub fn is_refused(&self, normalised: &str) -> bool {
        self.fail_numbers.iter().any(|n| n == normalised)
    }

    /// Gives every draft an id, records it, and returns the recorded messages.
    pub fn record_whatsapp(
        &self,
        provider: &str,
        drafts: Vec<Draft>,
        id: impl Fn(u64) -> String,
    ) -> Vec<WhatsAppMessage> {
        let now = Utc::now();
        let recorded: Vec<WhatsAppMessage> = {
            let mut store = self.store();
            let recorded: Vec<_> = drafts
                .into_iter()
                .map(|draft| {
                    store.next_id += 1;
                    WhatsAppMessage {
                        id: id(store.next_id),
                        provider: provider.to_owned(),
                        target: draft.target,
                        message: draft.message,
                        url: draft.url,
                        filename: draft.filename,
                        received_at: now,
                    }
                })
                .collect();
            store.whatsapp.extend(recorded.iter().cloned());
            trim(&mut store.whatsapp);
            recorded
        };
        for message in &recorded {
            tracing::info!(
                whatsapp.id = %message.id,
                whatsapp.provider = provider,
                whatsapp.target = %message.target,
                "whatsapp message recorded"
            );
        }
        self.changed();
        recorded
    }

    /// Gives the mail an id, records it, and returns the id.
    pub fn record_mail(&self, build: impl FnOnce(String) -> MailMessage) -> String {
        let mail = {
            let mut store = self.store();
            store.next_id += 1;
            let mail = build(store.next_id.to_string());
            store.mail.push(mail.clone());
            trim(&mut store.mail);
            mail
        };
        tracing::info!(mail.id = %mail.id, mail.to = ?mail.to, "mail recorded");
        self.changed();
        mail.id
    }

    pub fn clear(&self) {
        {
            let mut store = self.store();
            store.whatsapp.clear();
            store.mail.clear();
        }
        self.changed();
    }

    /// Writes the state file, if any, and wakes waiters. The write is synchronous and
    /// serialised by its own lock, so the file always holds the newest snapshot.
    fn changed(&self) {
        if let Some(path) = &self.config.state_file {
            let _writer = self.save.lock().unwrap_or_else(|p| p.into_inner());
            let snapshot = self.store().clone();
            if let Err(error) = persist::save(path, &snapshot) {
                tracing::error!(path = %path.display(), %error, "cannot write the state file");
            }
        }
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    pub fn changes(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::SeqCst)
    }

    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    pub fn set_fail_next(&self, count: usize) {
        self.fail_next.store(count, Ordering::SeqCst);
    }

    pub fn fail_next(&self) -> usize {
        self.fail_next.load(Ordering::SeqCst)
    }

    /// Uses up one of the requests `fail_next` asked to refuse; `true` if this one is.
    pub fn take_failure(&self) -> bool {
        self.fail_next
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
    }

    pub fn close(&self) {
        self.shutdown.send_replace(true);
    }

    /// Resolves once the simulator shuts down.
    pub async fn closed(&self) {
        let mut closed = self.shutdown.subscribe();
        let _ = closed.wait_for(|closed| *closed).await;
    }
}

fn trim<T>(list: &mut Vec<T>) {
    if list.len() > MAX_KEPT {
        let excess = list.len() - MAX_KEPT;
        list.drain(..excess);
    }
}
