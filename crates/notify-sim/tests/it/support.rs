//! Test harness: a simulator on free ports, an HTTP client, and a raw SMTP client that
//! speaks line by line so tests can say exactly what a client sends.

use std::net::SocketAddr;
use std::time::Duration;

use notify_sim::{SimConfig, SimHandle};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

pub const DEADLINE: Duration = Duration::from_secs(30);
pub const TOKEN: &str = "test-fonnte-token";

pub fn config() -> SimConfig {
    SimConfig {
        fonnte_token: TOKEN.into(),
        ..SimConfig::default()
    }
}

pub async fn sim(config: SimConfig) -> SimHandle {
    let http = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let smtp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    notify_sim::spawn(http, smtp, config).await
}

/// An HTTP client that does not use proxies.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// `POST {base}/send` with a form body and the test token; status and JSON answer.
pub async fn fonnte_form(sim: &SimHandle, form: &[(&str, &str)]) -> (u16, Value) {
    let response = http()
        .post(format!("{}/send", sim.http_url()))
        .header("Authorization", TOKEN)
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// A reply: its code and every line's text (after the code and separator).
#[derive(Debug)]
pub struct Reply {
    pub code: u16,
    pub lines: Vec<String>,
}

pub struct Smtp {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

impl Smtp {
    /// Connects and reads the greeting, which must be 220.
    pub async fn connect(addr: SocketAddr) -> Smtp {
        let (read, writer) = TcpStream::connect(addr).await.unwrap().into_split();
        let mut client = Smtp {
            reader: BufReader::new(read),
            writer,
        };
        let greeting = client.reply().await.expect("a greeting");
        assert_eq!(greeting.code, 220, "{greeting:?}");
        client
    }

    /// Reads one (possibly multi-line) reply; `None` if the server closed the connection.
    pub async fn reply(&mut self) -> Option<Reply> {
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            let read = tokio::time::timeout(DEADLINE, self.reader.read_line(&mut line))
                .await
                .expect("the server answers")
                .unwrap();
            if read == 0 {
                return None;
            }
            let line = line.trim_end_matches(['\r', '\n']);
            assert!(line.len() >= 3, "short reply line {line:?}");
            let code: u16 = line[..3].parse().expect("a reply code");
            lines.push(line.get(4..).unwrap_or("").to_owned());
            if line.as_bytes().get(3) != Some(&b'-') {
                return Some(Reply { code, lines });
            }
        }
    }

    pub async fn write(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.unwrap();
    }

    /// Sends one command line and returns the reply's code.
    pub async fn command(&mut self, line: &str) -> u16 {
        self.send(line).await.code
    }

    pub async fn send(&mut self, line: &str) -> Reply {
        self.write(format!("{line}\r\n").as_bytes()).await;
        self.reply().await.expect("a reply")
    }
}
