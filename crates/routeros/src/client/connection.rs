//! One API session: a reader task that routes replies to commands by `.tag`, and a writer
//! shared by every command. Many commands can be in flight at once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::transport::BoxStream;
use crate::codec::{encode_sentence, Decoder};
use crate::proto::{Command, Reply, Response, Row};
use crate::Error;

/// What a finished command returned: its rows and the attributes of its `!done`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub rows: Vec<Row>,
    pub done: Row,
}

impl Output {
    /// `=ret=` of the `!done`: the new `.id` after `add`, the count of `count-only`.
    pub fn ret(&self) -> Option<&str> {
        self.done.get("ret")
    }
}

type Routes = HashMap<String, mpsc::UnboundedSender<Response>>;

struct Shared {
    routes: Mutex<Routes>,
    /// Why the connection ended; set once, before the routes are dropped.
    closed: Mutex<Option<Error>>,
    in_flight: AtomicUsize,
}

impl Shared {
    fn close(&self, reason: Error) {
        let mut closed = self.closed.lock().unwrap_or_else(|p| p.into_inner());
        if closed.is_none() {
            *closed = Some(reason);
        }
        drop(closed);
        // Dropping the senders wakes every waiting command.
        self.routes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    fn closed_reason(&self) -> Option<Error> {
        self.closed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn lost(&self) -> Error {
        self.closed_reason()
            .unwrap_or_else(|| Error::ConnectionLost("closed".into()))
    }

    fn route(&self, tag: String, sender: mpsc::UnboundedSender<Response>) -> Result<(), Error> {
        // Registering under the routes lock after checking `closed` cannot race with
        // `close`, which sets `closed` first and clears the routes after.
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(reason) = self.closed_reason() {
            return Err(reason);
        }
        routes.insert(tag, sender);
        Ok(())
    }

    fn unroute(&self, tag: &str) {
        self.routes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(tag);
    }
}

struct Inner {
    shared: Arc<Shared>,
    /// Encoded sentences for the writer task, which sends everything queued in one write:
    /// pipelined commands cost one syscall per batch, not per command.
    outgoing: mpsc::UnboundedSender<Vec<u8>>,
    next_tag: AtomicU64,
    default_timeout: Duration,
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.reader.abort();
        self.writer.abort();
    }
}

/// A logged-in (or about to log in) API session. Clones share the session.
#[derive(Clone)]
pub struct Connection {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("in_flight", &self.in_flight())
            .field("closed", &self.is_closed())
            .finish()
    }
}

impl Connection {
    pub(crate) fn start(stream: BoxStream, default_timeout: Duration) -> Connection {
        let (read, write) = tokio::io::split(stream);
        let shared = Arc::new(Shared {
            routes: Mutex::new(HashMap::new()),
            closed: Mutex::new(None),
            in_flight: AtomicUsize::new(0),
        });
        let reader = tokio::spawn(read_replies(read, shared.clone()));
        let (outgoing, queue) = mpsc::unbounded_channel();
        let writer = tokio::spawn(write_requests(write, queue, shared.clone()));
        Connection {
            inner: Arc::new(Inner {
                shared,
                outgoing,
                next_tag: AtomicU64::new(1),
                default_timeout,
                reader,
                writer,
            }),
        }
    }

    pub fn is_closed(&self) -> bool {
        self.inner.shared.closed_reason().is_some() || self.inner.reader.is_finished()
    }

    /// Ends the session now: every waiting command fails with `reason`.
    pub fn close(&self, reason: Error) {
        self.inner.shared.close(reason);
        self.inner.reader.abort();
        self.inner.writer.abort();
    }

    pub fn is_same_session(&self, other: &Connection) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// Commands sent and not yet finished.
    pub fn in_flight(&self) -> usize {
        self.inner.shared.in_flight.load(Ordering::Relaxed)
    }

    /// Runs a command to its `!done`. A `!trap` becomes [`Error::Trap`] (after the `!done`
    /// that always follows it); `!empty` is simply no rows.
    pub async fn execute(&self, command: Command) -> Result<Output, Error> {
        let timeout = command.timeout.unwrap_or(self.inner.default_timeout);
        let (tag, mut replies) = self.send(&command).await?;
        let _in_flight = InFlight::enter(&self.inner.shared);
        match tokio::time::timeout(timeout, collect(&mut replies, &self.inner.shared)).await {
            Ok(result) => result,
            Err(_) => {
                self.inner.shared.unroute(&tag);
                self.cancel_quietly(&tag).await;
                Err(Error::Timeout(timeout))
            }
        }
    }

    /// Starts a command that streams rows until cancelled (`/listen`,
    /// `/interface/monitor-traffic`).
    pub async fn stream(&self, command: Command) -> Result<Listener, Error> {
        let (tag, replies) = self.send(&command).await?;
        Ok(Listener {
            connection: self.clone(),
            tag,
            replies,
            cancelled: false,
            finished: false,
        })
    }

    /// Ends the session the polite way (`/quit`); the router answers with `!fatal`.
    pub async fn quit(&self) {
        let _ = self.write(&Command::new("/quit").to_words(None)).await;
    }

    async fn send(
        &self,
        command: &Command,
    ) -> Result<(String, mpsc::UnboundedReceiver<Response>), Error> {
        let tag = self
            .inner
            .next_tag
            .fetch_add(1, Ordering::Relaxed)
            .to_string();
        let (sender, receiver) = mpsc::unbounded_channel();
        self.inner.shared.route(tag.clone(), sender)?;
        if let Err(error) = self.write(&command.to_words(Some(&tag))).await {
            self.inner.shared.unroute(&tag);
            return Err(error);
        }
        Ok((tag, receiver))
    }

    /// Queues a sentence. A write that fails later closes the connection, which ends every
    /// waiting command with the reason.
    async fn write(&self, words: &[String]) -> Result<(), Error> {
        let mut bytes = Vec::new();
        encode_sentence(words, &mut bytes).map_err(|e| Error::InvalidCommand(e.to_string()))?;
        if let Some(reason) = self.inner.shared.closed_reason() {
            return Err(reason);
        }
        self.inner
            .outgoing
            .send(bytes)
            .map_err(|_| self.inner.shared.lost())
    }

    /// Asks the router to stop a command whose answer no one waits for any more.
    async fn cancel_quietly(&self, tag: &str) {
        let words = Command::new("/cancel").attr("tag", tag).to_words(None);
        let _ = self.write(&words).await;
    }
}

async fn collect(
    replies: &mut mpsc::UnboundedReceiver<Response>,
    shared: &Shared,
) -> Result<Output, Error> {
    let mut output = Output::default();
    let mut trap = None;
    loop {
        match replies.recv().await {
            Some(Response::Row(row)) => output.rows.push(row),
            Some(Response::Empty) => {}
            Some(Response::Trap { category, message }) => {
                trap.get_or_insert(Error::Trap { category, message });
            }
            Some(Response::Done(done)) => {
                output.done = done;
                return match trap {
                    Some(error) => Err(error),
                    None => Ok(output),
                };
            }
            Some(Response::Fatal(message)) => return Err(Error::Fatal(message)),
            None => return Err(shared.lost()),
        }
    }
}

struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared) -> Self {
        shared.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(shared)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

async fn write_requests(
    mut write: WriteHalf<BoxStream>,
    mut queue: mpsc::UnboundedReceiver<Vec<u8>>,
    shared: Arc<Shared>,
) {
    while let Some(mut batch) = queue.recv().await {
        while let Ok(more) = queue.try_recv() {
            batch.extend_from_slice(&more);
        }
        let written = async {
            write.write_all(&batch).await?;
            write.flush().await
        };
        if let Err(error) = written.await {
            shared.close(Error::ConnectionLost(error.to_string()));
            return;
        }
    }
}

async fn read_replies(mut read: ReadHalf<BoxStream>, shared: Arc<Shared>) {
    let mut decoder = Decoder::new();
    let mut buffer = vec![0u8; 16 * 1024];
    let reason = loop {
        let count = match read.read(&mut buffer).await {
            Ok(0) => break Error::ConnectionLost("the router closed the connection".into()),
            Ok(count) => count,
            Err(error) => break Error::ConnectionLost(error.to_string()),
        };
        decoder.feed(&buffer[..count]);
        match dispatch(&mut decoder, &shared) {
            Ok(()) => {}
            Err(reason) => break reason,
        }
    };
    tracing::debug!(error = %reason, "routeros connection ended");
    shared.close(reason);
}

fn dispatch(decoder: &mut Decoder, shared: &Shared) -> Result<(), Error> {
    loop {
        let sentence = match decoder.next_sentence() {
            Ok(Some(sentence)) => sentence,
            Ok(None) => return Ok(()),
            Err(error) => return Err(Error::Protocol(error.to_string())),
        };
        let reply = Reply::parse(&sentence).map_err(|e| Error::Protocol(e.to_string()))?;
        let Some(tag) = reply.tag else {
            if let Response::Fatal(message) = reply.response {
                return Err(Error::Fatal(message));
            }
            tracing::debug!(reply = ?reply.response, "routeros reply without a tag ignored");
            continue;
        };
        let finished = matches!(reply.response, Response::Done(_) | Response::Fatal(_));
        let mut routes = shared.routes.lock().unwrap_or_else(|p| p.into_inner());
        let delivered = routes
            .get(&tag)
            .is_some_and(|route| route.send(reply.response).is_ok());
        if finished || !delivered {
            routes.remove(&tag);
        }
    }
}

/// Rows of a streaming command as they come. Call [`Listener::cancel`] to stop it; dropping
/// it also asks the router to stop, without waiting.
pub struct Listener {
    connection: Connection,
    tag: String,
    replies: mpsc::UnboundedReceiver<Response>,
    cancelled: bool,
    finished: bool,
}

impl Listener {
    /// The next row; `None` once the command has ended (after a cancel, or on its own).
    pub async fn next(&mut self) -> Option<Result<Row, Error>> {
        if self.finished {
            return None;
        }
        loop {
            match self.replies.recv().await {
                Some(Response::Row(row)) => return Some(Ok(row)),
                Some(Response::Empty) => {}
                // The answer to our own `/cancel`.
                Some(Response::Trap {
                    category: Some(2), ..
                }) if self.cancelled => {}
                Some(Response::Trap { category, message }) => {
                    return Some(Err(Error::Trap { category, message }))
                }
                Some(Response::Done(_)) => {
                    self.finished = true;
                    return None;
                }
                Some(Response::Fatal(message)) => {
                    self.finished = true;
                    return Some(Err(Error::Fatal(message)));
                }
                None => {
                    self.finished = true;
                    return Some(Err(self.connection.inner.shared.lost()));
                }
            }
        }
    }

    /// Sends `/cancel` and waits for the stream to end (rows still in transit are dropped).
    pub async fn cancel(mut self) -> Result<(), Error> {
        self.cancelled = true;
        let cancel = Command::new("/cancel").attr("tag", self.tag.clone());
        self.connection.execute(cancel).await?;
        let timeout = self.connection.inner.default_timeout;
        let drain = async {
            while let Some(item) = self.next().await {
                item?;
            }
            Ok(())
        };
        tokio::time::timeout(timeout, drain)
            .await
            .map_err(|_| Error::Timeout(timeout))?
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        self.connection.inner.shared.unroute(&self.tag);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (connection, tag) = (self.connection.clone(), self.tag.clone());
            runtime.spawn(async move { connection.cancel_quietly(&tag).await });
        }
    }
}
