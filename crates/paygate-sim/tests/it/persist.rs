//! `--state`: transactions survive a restart.

use serde_json::Value;

use crate::support::*;

#[tokio::test]
async fn transactions_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("paygate-sim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let _ = std::fs::remove_file(&path);
    let with_state = || paygate_sim::SimConfig {
        state_file: Some(path.clone()),
        ..config()
    };

    let first = sim(with_state()).await;
    snap(&first, "KEEP-1", 75_000, None).await;
    control(&first, "midtrans/KEEP-1/pay").await;
    let signature = hmac_hex(PRIVATE_KEY, format!("{MERCHANT}KEEP-T75000").as_bytes());
    let response = http()
        .post(format!("{}/transaction/create", first.tripay_url()))
        .bearer_auth(TRIPAY_KEY)
        .json(&serde_json::json!({
            "method": "BRIVA", "merchant_ref": "KEEP-T", "amount": 75000,
            "customer_name": "A", "customer_email": "a@example.com",
            "order_items": [{"name": "Paket", "price": 75000, "quantity": 1}],
            "signature": signature,
        }))
        .send()
        .await
        .unwrap();
    let created: Value = response.json().await.unwrap();
    let reference = created["data"]["reference"].as_str().unwrap().to_owned();
    first.shutdown().await;
    assert!(path.exists());

    let second = sim(with_state()).await;
    let status: Value = http()
        .get(format!("{}/KEEP-1/status", second.midtrans_api_url()))
        .basic_auth(SERVER_KEY, Some(""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["transaction_status"], "settlement");
    let detail: Value = http()
        .get(format!(
            "{}/transaction/detail?reference={reference}",
            second.tripay_url()
        ))
        .bearer_auth(TRIPAY_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["data"]["status"], "UNPAID");
    assert_eq!(second.transactions().tripay_counter, 1);
    second.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
