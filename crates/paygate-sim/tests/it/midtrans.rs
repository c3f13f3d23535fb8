//! Midtrans: Snap create, Core status, the payment page, notifications and expiry.

use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn snap_create_status_and_control_pay() {
    let receiver = Receiver::ok().await;
    let sim = sim(paygate_sim::SimConfig {
        midtrans_notification_url: Some(receiver.url.clone()),
        ..config()
    })
    .await;
    let created = snap(&sim, "INV-2025-0001", 150_000, None).await;
    let token = created["token"].as_str().unwrap();
    assert_eq!(token.len(), 36);
    assert_eq!(
        created["redirect_url"],
        format!("{}/snap/v4/redirection/{token}", sim.base_url())
    );

    let again = http()
        .post(format!("{}/transactions", sim.midtrans_snap_url()))
        .basic_auth(SERVER_KEY, Some(""))
        .json(&json!({"transaction_details": {"order_id": "INV-2025-0001", "gross_amount": 1000}}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 406);
    let body: Value = again.json().await.unwrap();
    assert_eq!(
        body["error_messages"][0],
        "transaction_details.order_id has already been taken"
    );

    let wrong = http()
        .post(format!("{}/transactions", sim.midtrans_snap_url()))
        .basic_auth("SB-Mid-server-wrong", Some(""))
        .json(&json!({"transaction_details": {"order_id": "X-1", "gross_amount": 1000}}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let body: Value = wrong.json().await.unwrap();
    assert!(body["error_messages"][0]
        .as_str()
        .unwrap()
        .contains("unauthorized"));

    let status_url = format!("{}/INV-2025-0001/status", sim.midtrans_api_url());
    let before = http()
        .get(&status_url)
        .basic_auth(SERVER_KEY, Some(""))
        .send()
        .await
        .unwrap();
    assert_eq!(before.status(), 404);
    let body: Value = before.json().await.unwrap();
    assert_eq!(body["status_code"], "404");
    let unauthorized = http().get(&status_url).send().await.unwrap();
    assert_eq!(unauthorized.status(), 401);

    let paid = control(&sim, "midtrans/INV-2025-0001/pay").await;
    assert_eq!(paid["transaction_status"], "settlement");

    let status: Value = http()
        .get(&status_url)
        .basic_auth(SERVER_KEY, Some(""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["transaction_status"], "settlement");
    assert_eq!(status["status_code"], "200");
    assert_eq!(status["gross_amount"], "150000.00");
    assert_eq!(status["payment_type"], "qris");
    assert_eq!(status["currency"], "IDR");
    assert_eq!(
        status["signature_key"],
        midtrans_signature("INV-2025-0001", "200", "150000.00")
    );
    assert!(status["settlement_time"].is_string());

    // Put on Core by the payment: pending first, then settlement, both signed.
    idle(&sim).await;
    let notes = receiver.bodies();
    let statuses: Vec<&str> = notes
        .iter()
        .map(|n| n["transaction_status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["pending", "settlement"]);
    assert_eq!(notes[0]["status_code"], "201");
    for note in &notes {
        assert_signed(note);
        assert_eq!(note["status_message"], "midtrans payment notification");
        assert_eq!(note["merchant_id"], "G000000000");
        assert_eq!(note["fraud_status"], "accept");
        let time = note["transaction_time"].as_str().unwrap();
        assert_eq!(time.len(), "2025-01-01 00:00:00".len());
    }
    let log = sim.deliveries();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|d| d.gateway == "midtrans"
        && d.order == "INV-2025-0001"
        && d.answered_status == Some(200)
        && d.attempt == 1));
}

#[tokio::test]
async fn snap_validation_errors() {
    let sim = sim(config()).await;
    let post = |body: Value| {
        http()
            .post(format!("{}/transactions", sim.midtrans_snap_url()))
            .basic_auth(SERVER_KEY, Some(""))
            .json(&body)
            .send()
    };
    let response = post(json!({
        "transaction_details": {"order_id": "A-1", "gross_amount": 100000},
        "item_details": [{"id": "p", "name": "Paket", "price": 40000, "quantity": 2}],
    }))
    .await
    .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["error_messages"],
        json!(["transaction_details.gross_amount is not equal to the sum of item_details"])
    );
    let response = post(json!({"transaction_details": {"gross_amount": -5}}))
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error_messages"].as_array().unwrap().len(), 2);
    let response = post(json!({
        "transaction_details": {"order_id": "A-2", "gross_amount": 100000},
        "item_details": [{"id": "p", "name": "Paket", "price": 50000, "quantity": 2}],
        "expiry": {"unit": "minute", "duration": 15},
    }))
    .await
    .unwrap();
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn payment_page_pays_and_redirects_to_finish() {
    let receiver = Receiver::ok().await;
    let sim = sim(config()).await;
    let created = snap(&sim, "INV-PAGE-1", 150_000, Some(&receiver.url)).await;
    let page = http()
        .get(created["redirect_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Midtrans (simulator)"));
    assert!(page.contains("INV-PAGE-1"));
    assert!(page.contains("Rp150.000"));
    for label in [
        "Bayar dengan QRIS",
        "Bayar dengan BCA Virtual Account",
        "Bayar dengan GoPay",
    ] {
        assert!(page.contains(label), "{label}");
    }

    let token = created["token"].as_str().unwrap();
    // Relative to the page's own URL, so it works behind any public_url.
    assert!(page.contains(&format!("action=\"{token}/pay\"")));
    let response = http()
        .post(format!(
            "{}/snap/v4/redirection/{token}/pay",
            sim.base_url()
        ))
        .form(&[("payment_type", "bank_transfer")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "http://app.test/finish?order_id=INV-PAGE-1&status_code=200&transaction_status=settlement"
    );
    idle(&sim).await;
    let notes = receiver.bodies();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["transaction_status"], "pending");
    assert_eq!(notes[1]["transaction_status"], "settlement");
    assert_eq!(notes[1]["payment_type"], "bank_transfer");
    assert_eq!(notes[1]["va_numbers"][0]["bank"], "bca");
    notes.iter().for_each(assert_signed);

    let after = http()
        .get(created["redirect_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(after.contains("Pembayaran berhasil"));
    assert!(!after.contains("<button"));
}

#[tokio::test]
async fn expiry_is_silent_for_unused_pages_and_notified_for_pending() {
    let receiver = Receiver::ok().await;
    let sim = sim(paygate_sim::SimConfig {
        midtrans_notification_url: Some(receiver.url.clone()),
        ..config()
    })
    .await;
    // Started 59 s ago with one minute to live: expires about a second from now.
    let start = (chrono::Utc::now() - chrono::Duration::seconds(59))
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
        .format("%Y-%m-%d %H:%M:%S %z")
        .to_string();
    let mut tokens = Vec::new();
    for order in ["EXP-UNUSED", "EXP-PENDING"] {
        let response = http()
            .post(format!("{}/transactions", sim.midtrans_snap_url()))
            .basic_auth(SERVER_KEY, Some(""))
            .json(&json!({
                "transaction_details": {"order_id": order, "gross_amount": 20000},
                "expiry": {"start_time": start, "unit": "minute", "duration": 1},
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        tokens.push(body["token"].as_str().unwrap().to_owned());
    }
    control(&sim, "midtrans/EXP-PENDING/pending?payment_type=gopay").await;
    eventually("the expire notification", || {
        receiver
            .bodies()
            .into_iter()
            .find(|n| n["transaction_status"] == "expire")
    })
    .await;
    idle(&sim).await;
    let notes = receiver.bodies();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes.iter().all(|n| n["order_id"] == "EXP-PENDING"));
    assert_eq!(notes[1]["status_code"], "202");
    assert_signed(&notes[1]);

    let page = http()
        .get(format!(
            "{}/snap/v4/redirection/{}",
            sim.base_url(),
            tokens[0]
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("kedaluwarsa"));
    assert!(!page.contains("<button"));
    let status = http()
        .get(format!("{}/EXP-UNUSED/status", sim.midtrans_api_url()))
        .basic_auth(SERVER_KEY, Some(""))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 404);
}

#[tokio::test]
async fn override_header_picks_the_notification_url() {
    let configured = Receiver::ok().await;
    let overridden = Receiver::ok().await;
    let sim = sim(paygate_sim::SimConfig {
        midtrans_notification_url: Some(configured.url.clone()),
        ..config()
    })
    .await;
    snap(&sim, "OVR-1", 50_000, Some(&overridden.url)).await;
    control(&sim, "midtrans/OVR-1/pending").await;
    idle(&sim).await;
    assert!(configured.seen().is_empty());
    assert_eq!(overridden.seen().len(), 1);
}
