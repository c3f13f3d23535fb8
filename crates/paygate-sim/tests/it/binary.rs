//! The `paygate-sim` binary: one line on stdout once listening, demo keys by default.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::http;

#[tokio::test]
async fn binary_announces_its_address() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paygate-sim"))
        .args(["--listen", "127.0.0.1:0", "--retry-scale", "0.001"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim_end()
        .strip_prefix("paygate-sim listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"));
    assert!(!base.ends_with(":0"));
    let response = http()
        .get(format!("{base}/api-sandbox/merchant/payment-channel"))
        .bearer_auth(paygate_sim::DEMO_TRIPAY_API_KEY)
        .send()
        .await;
    child.kill().unwrap();
    child.wait().unwrap();
    let body: Value = response.unwrap().json().await.unwrap();
    assert_eq!(body["success"], true);
}
