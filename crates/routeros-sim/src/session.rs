//! One binary API session, server side: login (both forms), commands answered in order,
//! streaming commands (`listen`, `monitor-traffic`) running beside them under their tags
//! until `/cancel`, and the faults a test switched on.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use rand::RngCore;
use routeros::codec::{encode_sentence, Decoder, Limits};
use routeros::login::challenge_response;
use routeros::{Command, Reply, Request, Response, Row};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinHandle;

use crate::engine;
use crate::router::Router;
use crate::schema;
use crate::store::{format_id, Trap};

const BAD_LOGIN: &str = "invalid user name or password (6)";

enum Outgoing {
    Reply(Reply),
    Close,
}

type Sink = mpsc::UnboundedSender<Outgoing>;

fn reply(sink: &Sink, tag: &Option<String>, response: Response) {
    let _ = sink.send(Outgoing::Reply(Reply {
        tag: tag.clone(),
        response,
    }));
}

fn trap_then_done(sink: &Sink, tag: &Option<String>, trap: Trap) {
    reply(
        sink,
        tag,
        Response::Trap {
            category: trap.category,
            message: trap.message,
        },
    );
    reply(sink, tag, Response::Done(Row::new()));
}

struct Session {
    router: Arc<Router>,
    sink: Sink,
    logged_in: bool,
    challenge: Option<String>,
    commands: u64,
    streams: HashMap<String, JoinHandle<()>>,
}

/// Serves one connection until the peer leaves, `/quit`, a fault, or `shutdown`.
pub async fn serve<S>(router: Arc<Router>, stream: S, mut shutdown: watch::Receiver<bool>)
where
    S: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    let (mut read, write) = tokio::io::split(stream);
    let (sink, outgoing) = mpsc::unbounded_channel();
    let writer = tokio::spawn(write_replies(write, outgoing));
    let mut session = Session {
        router,
        sink,
        logged_in: false,
        challenge: None,
        commands: 0,
        streams: HashMap::new(),
    };
    // Clients send short commands; a peer streaming an endless sentence is cut off early.
    let mut decoder = Decoder::with_limits(Limits {
        max_word_len: 1024 * 1024,
        max_words: 10_000,
        max_sentence_len: 4 * 1024 * 1024,
    });
    let mut buffer = vec![0u8; 16 * 1024];
    'session: loop {
        let count = tokio::select! {
            read = read.read(&mut buffer) => match read {
                Ok(0) | Err(_) => break,
                Ok(count) => count,
            },
            _ = shutdown.changed() => break,
        };
        decoder.feed(&buffer[..count]);
        loop {
            let sentence = match decoder.next_sentence() {
                Ok(Some(sentence)) => sentence,
                Ok(None) => break,
                Err(_) => break 'session,
            };
            if sentence.is_empty() {
                continue;
            }
            let words: Vec<String> = sentence
                .iter()
                .map(|w| routeros::proto::word_text(w))
                .collect();
            let Ok(request) = Request::parse(&words) else {
                let tag = words
                    .iter()
                    .find_map(|w| w.strip_prefix(".tag=").map(str::to_owned));
                trap_then_done(&session.sink, &tag, Trap::missing("no such command"));
                continue;
            };
            if !session.handle(request).await {
                break 'session;
            }
        }
    }
    for (_, stream) in session.streams.drain() {
        stream.abort();
    }
    let _ = session.sink.send(Outgoing::Close);
    drop(session);
    let _ = writer.await;
}

async fn write_replies<W: AsyncWrite + Unpin>(
    mut write: W,
    mut outgoing: mpsc::UnboundedReceiver<Outgoing>,
) {
    let mut bytes = Vec::new();
    while let Some(message) = outgoing.recv().await {
        let Outgoing::Reply(reply) = message else {
            break;
        };
        bytes.clear();
        if encode_sentence(&reply.to_words(), &mut bytes).is_err() {
            continue;
        }
        // Send everything already queued in one write, as a router does under load.
        while let Ok(Outgoing::Reply(more)) = outgoing.try_recv() {
            let _ = encode_sentence(&more.to_words(), &mut bytes);
        }
        if write.write_all(&bytes).await.is_err() || write.flush().await.is_err() {
            return;
        }
    }
    let _ = write.shutdown().await;
}

impl Session {
    /// Answers one request; `false` ends the session.
    async fn handle(&mut self, request: Request) -> bool {
        self.commands += 1;
        if let Some(limit) = self.router.faults.drops_at() {
            if self.commands > limit {
                return false;
            }
        }
        let latency = self.router.faults.latency();
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        let Request { command, tag } = request;
        if command.path == "/login" {
            self.login(&command, &tag);
            return true;
        }
        if !self.logged_in {
            reply(&self.sink, &None, Response::Fatal("not logged in".into()));
            return false;
        }
        match command.path.as_str() {
            "/quit" => {
                reply(
                    &self.sink,
                    &tag,
                    Response::Fatal("session terminated on request".into()),
                );
                false
            }
            "/cancel" => {
                self.cancel(&command, &tag);
                true
            }
            _ if engine::is_streaming(&command) => {
                self.start_stream(command, tag);
                true
            }
            _ => {
                self.run(&command, &tag);
                true
            }
        }
    }

    fn run(&self, command: &Command, tag: &Option<String>) {
        match engine::run(&self.router, command) {
            Ok(output) => {
                let counting = command.attributes.get("count-only").is_some();
                for row in output.rows.iter() {
                    reply(&self.sink, tag, Response::Row(row.clone()));
                }
                if self.router.spec.empty_replies
                    && command.verb() == "print"
                    && output.rows.is_empty()
                    && !counting
                {
                    reply(&self.sink, tag, Response::Empty);
                }
                reply(&self.sink, tag, Response::Done(output.done));
            }
            Err(trap) => trap_then_done(&self.sink, tag, trap),
        }
    }

    fn login(&mut self, command: &Command, tag: &Option<String>) {
        let spec = &self.router.spec;
        let name = command.attributes.get("name").unwrap_or_default();
        let password = spec.password_of(name);
        let refused = self.router.faults.refuses_logins();
        let accepted = if spec.legacy_login {
            let Some(response) = command.attributes.get("response") else {
                // Before 6.43 every `/login` without a response is answered with a challenge.
                let mut challenge = [0u8; 16];
                rand::thread_rng().fill_bytes(&mut challenge);
                let challenge = hex::encode(challenge);
                self.challenge = Some(challenge.clone());
                reply(
                    &self.sink,
                    tag,
                    Response::Done(Row::new().with("ret", challenge)),
                );
                return;
            };
            let expected = self
                .challenge
                .take()
                .zip(password)
                .and_then(|(challenge, password)| challenge_response(password, &challenge));
            expected.is_some_and(|expected| expected == response)
        } else {
            password.is_some_and(|p| Some(p) == command.attributes.get("password"))
        };
        if accepted && !refused {
            self.logged_in = true;
            reply(&self.sink, tag, Response::Done(Row::new()));
        } else {
            let message = if spec.legacy_login {
                "cannot log in"
            } else {
                BAD_LOGIN
            };
            trap_then_done(&self.sink, tag, Trap::failure(message));
        }
    }

    fn cancel(&mut self, command: &Command, tag: &Option<String>) {
        let targets: Vec<String> = match command.attributes.get("tag") {
            Some(target) => vec![target.to_owned()],
            None => self.streams.keys().cloned().collect(),
        };
        for target in targets {
            if let Some(stream) = self.streams.remove(&target) {
                stream.abort();
                let target = Some(target);
                trap_then_done(
                    &self.sink,
                    &target,
                    Trap {
                        category: Some(2),
                        message: "interrupted".into(),
                    },
                );
            }
        }
        reply(&self.sink, tag, Response::Done(Row::new()));
    }

    fn start_stream(&mut self, command: Command, tag: Option<String>) {
        let started = match command.verb() {
            "listen" => self.listen(&command, &tag),
            _ => self.monitor_traffic(&command, &tag),
        };
        match started {
            Ok(Some(task)) => {
                let key = tag.unwrap_or_default();
                if let Some(previous) = self.streams.insert(key, task) {
                    previous.abort();
                }
            }
            Ok(None) => {}
            Err(trap) => trap_then_done(&self.sink, &tag, trap),
        }
    }

    /// `<menu>/listen`: every later change of the menu, removals as `=.dead=yes`.
    fn listen(
        &self,
        command: &Command,
        tag: &Option<String>,
    ) -> Result<Option<JoinHandle<()>>, Trap> {
        let schema =
            schema::menu(command.menu()).ok_or_else(|| Trap::missing("no such command prefix"))?;
        let mut events = self.router.store().subscribe();
        let (sink, tag) = (self.sink.clone(), tag.clone());
        Ok(Some(tokio::spawn(async move {
            loop {
                let event = match events.recv().await {
                    Ok(event) => event,
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                if event.menu != schema.path {
                    continue;
                }
                let row = event.row.unwrap_or_else(|| {
                    Row::new()
                        .with(".id", format_id(event.id))
                        .with(".dead", "yes")
                });
                reply(&sink, &tag, Response::Row(row));
            }
        })))
    }

    /// `/interface/monitor-traffic =interface=ether1[,…] [=once=]`: rates every second.
    fn monitor_traffic(
        &self,
        command: &Command,
        tag: &Option<String>,
    ) -> Result<Option<JoinHandle<()>>, Trap> {
        if command.menu() != "/interface" {
            return Err(Trap::missing("no such command"));
        }
        let names: Vec<String> = command
            .attributes
            .get("interface")
            .ok_or_else(|| Trap::argument("missing interface"))?
            .split(',')
            .map(|n| n.trim().to_owned())
            .collect();
        {
            let store = self.router.store();
            if names
                .iter()
                .any(|n| store.find_by("/interface", "name", n).is_none())
            {
                return Err(Trap::argument(
                    "input does not match any value of interface",
                ));
            }
        }
        let once = command.attributes.get("once").is_some();
        let (router, sink, tag) = (self.router.clone(), self.sink.clone(), tag.clone());
        let send_rows = move |router: &Router, sink: &Sink, tag: &Option<String>| {
            let traffic = router.traffic();
            for name in &names {
                let rates = traffic.rates(name).unwrap_or_default();
                let row = Row::new()
                    .with("name", name.as_str())
                    .with("rx-packets-per-second", rates.rx_pps.to_string())
                    .with("rx-bits-per-second", rates.rx_bps.to_string())
                    .with("tx-packets-per-second", rates.tx_pps.to_string())
                    .with("tx-bits-per-second", rates.tx_bps.to_string());
                reply(sink, tag, Response::Row(row));
            }
        };
        if once {
            send_rows(&router, &sink, &tag);
            reply(&sink, &tag, Response::Done(Row::new()));
            return Ok(None);
        }
        Ok(Some(tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_secs(1));
            loop {
                ticker.tick().await;
                send_rows(&router, &sink, &tag);
            }
        })))
    }
}
