//! The SMTP sink: a minimal, correct RFC 5321 server that accepts every message and
//! records it. It never relays anything.
//!
//! No STARTTLS and no implicit TLS: mail clients must be configured for plain SMTP to the
//! sink (lettre: `AsyncSmtpTransport::builder_dangerous(host).port(port)`). STARTTLS is
//! answered 502, so a client that insists on TLS fails loudly instead of sending in clear
//! text by surprise. AUTH PLAIN and LOGIN accept any credentials and remember the user
//! name; AUTH is optional.
//!
//! Robustness: lines are read with a length limit, a silent client is dropped after
//! [`IDLE`], a client that keeps erring is dropped after 20 error replies, and nothing the
//! client sends can make the sink panic (the session and the MIME reader are total).

mod line;
mod session;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tracing::Instrument;

use crate::mime;
use crate::store::{MailMessage, Sim};
use session::{Envelope, Session, Step};

/// A client silent this long is told 421 and dropped.
const IDLE: Duration = Duration::from_secs(300);

/// Accepts connections until the simulator shuts down.
pub(crate) async fn serve(listener: TcpListener, sim: Arc<Sim>) {
    loop {
        let accepted = tokio::select! {
            () = sim.closed() => return,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, peer)) => {
                let sim = sim.clone();
                let span = tracing::info_span!("smtp", net.peer = %peer);
                tokio::spawn(
                    async move {
                        tokio::select! {
                            () = sim.closed() => {}
                            result = converse(stream, &sim) => {
                                if let Err(error) = result {
                                    tracing::debug!(%error, "smtp connection ended");
                                }
                            }
                        }
                    }
                    .instrument(span),
                );
            }
            Err(error) => {
                // Out of file descriptors and the like: wait a little rather than spin.
                tracing::warn!(%error, "smtp accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

async fn converse(stream: TcpStream, sim: &Sim) -> io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut session = Session::new(sim.config.max_mail_size);
    write.write_all(Session::greeting().as_bytes()).await?;
    loop {
        let limit = session.line_limit();
        let line = match tokio::time::timeout(IDLE, line::read(&mut reader, limit)).await {
            Ok(line) => line?,
            Err(_) => {
                write.write_all(b"421 Idle too long, closing\r\n").await?;
                return Ok(());
            }
        };
        let Some(line) = line else {
            return Ok(());
        };
        match session.feed(line) {
            Step::Continue => {}
            Step::Reply(text) => write.write_all(text.as_bytes()).await?,
            Step::Close(text) => {
                write.write_all(text.as_bytes()).await?;
                let _ = write.shutdown().await;
                return Ok(());
            }
            Step::Deliver(envelope) => {
                let id = store(sim, envelope);
                write
                    .write_all(format!("250 OK: queued as {id}\r\n").as_bytes())
                    .await?;
            }
        }
    }
}

fn store(sim: &Sim, envelope: Envelope) -> String {
    let parsed = mime::parse(&envelope.data);
    let raw = String::from_utf8_lossy(&envelope.data).into_owned();
    sim.record_mail(|id| MailMessage {
        id,
        from: envelope.from,
        to: envelope.to,
        username: envelope.username,
        subject: parsed.subject,
        text: parsed.text,
        html: parsed.html,
        attachments: parsed.attachments,
        received_at: Utc::now(),
        raw,
    })
}
