//! The `notify-sim` binary: one line on stdout once both listen, the demo token by default.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::{http, Smtp};

#[tokio::test]
async fn binary_announces_both_addresses() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_notify-sim"))
        .args(["--http", "127.0.0.1:0", "--smtp", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let rest = line
        .trim_end()
        .strip_prefix("notify-sim listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let (base, smtp) = rest
        .split_once(" smtp ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    assert!(base.starts_with("http://127.0.0.1:") && !base.ends_with(":0"));
    let smtp: SocketAddr = smtp.parse().unwrap();
    assert_ne!(smtp.port(), 0);

    let response = http()
        .post(format!("{base}/send"))
        .header("Authorization", notify_sim::DEMO_FONNTE_TOKEN)
        .form(&[("target", "08123456789"), ("message", "demo")])
        .send()
        .await;
    let mut client = Smtp::connect(smtp).await;
    let quit = client.command("QUIT").await;
    child.kill().unwrap();
    child.wait().unwrap();
    let body: Value = response.unwrap().json().await.unwrap();
    assert_eq!(body["status"], true);
    assert_eq!(quit, 221);
}
