//! A simulator of the WhatsApp HTTP gateways Indonesian ISPs use (Fonnte, Wablas, the URL
//! templates of self-hosted gateways) and a local SMTP sink, so Simpul's message adapters
//! talk to it over real sockets in tests and in the demo, and a person running the demo can
//! see what customers would have received.
//!
//! Why a simulator: the real gateways need a paid account, a phone kept online and the
//! internet, they send real messages to real customers, and they cannot be told to fail.
//! A mail sink likewise keeps demo invoices out of real inboxes.
//!
//! In-process: `let sim = notify_sim::spawn(http_listener, smtp_listener, SimConfig::default()).await;`
//! then point the adapters at [`SimHandle::http_url`] and [`SimHandle::smtp_addr`] and read
//! [`SimHandle::whatsapp`] and [`SimHandle::mail`] (or wait with
//! [`SimHandle::wait_for_whatsapp`] / [`SimHandle::wait_for_mail`]). Out of process: the
//! `notify-sim` binary (see `main.rs`).
//!
//! # WhatsApp gateways (HTTP)
//! - `POST /send`, Fonnte: `Authorization: <token>` (no "Bearer"); form, multipart or JSON
//!   fields `target` (comma-separated, `|name` suffixes stripped), `message`, `url`,
//!   `filename`, `countryCode` (default 62 replaces a leading 0; `0` disables), `schedule`,
//!   `delay`. Success `{"detail":"success! message in queue","id":[…],"process":"pending",
//!   "status":true,"target":[…]}`, one id per target. Refusals are HTTP 200
//!   `{"status":false,"reason":…}`: `invalid token`, `target empty`, `message empty`,
//!   `target invalid` (bad or `fail_numbers` number), `input invalid`, `simulated failure`.
//! - `GET|POST /api/send` (`phone`, `message`, optional `token`): the generic URL template
//!   gateway → `{"status":true,"id":"…"}`.
//! - `POST /api/send-message`, Wablas: `Authorization: <token>`, `phone`, `message` →
//!   `{"status":true,"message":"Message is pending and waiting to be processed",
//!   "data":{"messages":[{"id","phone","message","status":"pending"}]}}`.
//!   `/api/*` refusals are 400/401/500 with `{"status":false,"message":…}`.
//! - While down (`POST /_sim/down`, [`SimHandle::set_down`]), all of them answer 503.
//!
//! # SMTP sink
//! Plain SMTP only (no STARTTLS): EHLO/HELO, AUTH PLAIN/LOGIN (any credentials), MAIL,
//! RCPT, DATA, RSET, NOOP, VRFY, QUIT; `SIZE` enforced with 552 (`smtp/mod.rs` says more).
//! Each mail is recorded with its subject, text and attachments decoded.
//!
//! # Inspection API (no auth)
//! - `GET /_sim/whatsapp`; `GET /_sim/mail[?raw=1]`; `DELETE /_sim/messages`
//! - `POST /_sim/down`, `POST /_sim/up`, `POST /_sim/fail-next?count=N`
//! - `GET /`: the messages as a page, newest first.

mod config;
mod control;
mod fields;
mod mime;
mod number;
mod page;
mod persist;
mod server;
mod smtp;
mod store;
mod whatsapp;

pub use config::{SimConfig, DEFAULT_MAX_MAIL_SIZE, DEMO_FONNTE_TOKEN};
pub use server::{spawn, try_spawn, SimHandle};
pub use store::{Attachment, MailMessage, WhatsAppMessage};
