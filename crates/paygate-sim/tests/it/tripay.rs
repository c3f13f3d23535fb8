//! Tripay: channels, fees, create, checkout, callbacks and their retries, detail, expiry.

use paygate_sim::{tripay_create_signature, SimHandle};
use serde_json::{json, Value};

use crate::support::*;

fn signature(merchant_ref: &str, amount: i64) -> String {
    // Computed here, independently of the simulator.
    hmac_hex(
        PRIVATE_KEY,
        format!("{MERCHANT}{merchant_ref}{amount}").as_bytes(),
    )
}

fn order(method: &str, merchant_ref: &str, amount: i64, callback: Option<&str>) -> Value {
    let mut body = json!({
        "method": method,
        "merchant_ref": merchant_ref,
        "amount": amount,
        "customer_name": "Siti Aminah",
        "customer_email": "siti@example.com",
        "customer_phone": "081234567890",
        "order_items": [{"sku": "PKT-20", "name": "Paket 20 Mbps", "price": amount, "quantity": 1}],
        "return_url": "http://app.test/return",
        "expired_time": chrono::Utc::now().timestamp() + 3600,
        "signature": signature(merchant_ref, amount),
    });
    if let Some(url) = callback {
        body["callback_url"] = Value::from(url);
    }
    body
}

async fn create(sim: &SimHandle, body: &Value) -> (u16, Value) {
    let response = http()
        .post(format!("{}/transaction/create", sim.tripay_url()))
        .bearer_auth(TRIPAY_KEY)
        .json(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn get(sim: &SimHandle, path: &str) -> (u16, Value) {
    let response = http()
        .get(format!("{}/{path}", sim.tripay_url()))
        .bearer_auth(TRIPAY_KEY)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[test]
fn published_signature_vector() {
    assert_eq!(
        tripay_create_signature(
            "ytf6ooi2gmlNPfpchd94jDOk8hRWOu",
            "T0001",
            "INV55567",
            1_500_000
        ),
        "9f167eba844d1fcb369404e2bda53702e2f78f7aa12e91da6715414e65b8c86a"
    );
    assert_eq!(
        hmac_hex("ytf6ooi2gmlNPfpchd94jDOk8hRWOu", b"T0001INV555671500000"),
        "9f167eba844d1fcb369404e2bda53702e2f78f7aa12e91da6715414e65b8c86a"
    );
}

#[tokio::test]
async fn channels_and_fee_calculator() {
    let sim = sim(config()).await;
    let anonymous = http()
        .get(format!("{}/merchant/payment-channel", sim.tripay_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let body: Value = anonymous.json().await.unwrap();
    assert_eq!(body["success"], false);

    let (status, body) = get(&sim, "merchant/payment-channel").await;
    assert_eq!(status, 200);
    assert_eq!(body["success"], true);
    let list = body["data"].as_array().unwrap();
    let find = |code: &str| list.iter().find(|c| c["code"] == code).unwrap().clone();
    assert_eq!(find("BRIVA")["fee_merchant"]["flat"], 4250);
    assert_eq!(find("BCAVA")["fee_customer"]["flat"], 5500);
    assert_eq!(
        find("QRIS")["fee_merchant"],
        json!({"flat": 750, "percent": 0.7})
    );
    assert_eq!(find("QRIS")["minimum_amount"], 10_000);
    assert_eq!(find("OVO")["active"], false);
    assert!(list.iter().all(|c| c["type"] == "direct"));

    let (_, body) = get(&sim, "merchant/payment-channel?code=QRIS").await;
    assert_eq!(body["data"].as_array().unwrap().len(), 1);

    // Same API under the production prefix.
    let production = http()
        .get(format!(
            "{}/api/merchant/fee-calculator?amount=150000&code=QRIS",
            sim.base_url()
        ))
        .bearer_auth(TRIPAY_KEY)
        .send()
        .await
        .unwrap();
    let body: Value = production.json().await.unwrap();
    assert_eq!(
        body["data"][0]["total_fee"],
        json!({"merchant": 1800, "customer": 0})
    );
}

#[tokio::test]
async fn create_validates() {
    let sim = sim(config()).await;
    let mut bad = order("BRIVA", "INV-BAD-SIG", 150_000, None);
    bad["signature"] = Value::from(signature("INV-BAD-SIG", 150_001));
    let (status, body) = create(&sim, &bad).await;
    assert_eq!(
        (status, body),
        (
            400,
            json!({"success": false, "message": "Invalid signature"})
        )
    );

    let (status, body) = create(&sim, &order("OVO", "INV-OVO", 150_000, None)).await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = create(&sim, &order("BRIVA", "INV-SMALL", 5_000, None)).await;
    assert_eq!(status, 400);
    let mut mismatch = order("BRIVA", "INV-ITEMS", 150_000, None);
    mismatch["order_items"][0]["quantity"] = Value::from(2);
    let (status, _) = create(&sim, &mismatch).await;
    assert_eq!(status, 400);
    let mut past = order("BRIVA", "INV-PAST", 150_000, None);
    past["expired_time"] = Value::from(chrono::Utc::now().timestamp() - 10);
    let (status, _) = create(&sim, &past).await;
    assert_eq!(status, 400);
    let mut long = order("BRIVA", "INV-LONG", 150_000, None);
    long["customer_name"] = Value::from("x".repeat(256));
    let (status, _) = create(&sim, &long).await;
    assert_eq!(status, 400);

    let (status, body) = get(&sim, "transaction/detail?reference=T0001NOPE").await;
    assert_eq!(
        (status, body),
        (
            404,
            json!({"success": false, "message": "Transaction not found"})
        )
    );
}

#[tokio::test]
async fn create_computes_fees() {
    let sim = sim(config()).await;
    let (status, body) = create(&sim, &order("BCAVA", "INV-BCA", 150_000, None)).await;
    assert_eq!(status, 200, "{body}");
    let data = &body["data"];
    assert_eq!(data["amount"], 155_500);
    assert_eq!(data["fee_customer"], 5_500);
    assert_eq!(data["fee_merchant"], 0);
    assert_eq!(data["total_fee"], 5_500);
    assert_eq!(data["amount_received"], 150_000);
    assert_eq!(data["status"], "UNPAID");
    assert_eq!(data["payment_selection_type"], "static");
    assert!(data["pay_code"].as_str().unwrap().starts_with("11173"));
    assert!(data["reference"].as_str().unwrap().starts_with("T0001"));
    let instructions = data["instructions"].as_array().unwrap();
    assert!(instructions[0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s
            .as_str()
            .unwrap()
            .contains(data["pay_code"].as_str().unwrap())));

    // Tripay's PHP samples post a form with order_items[0][name] keys.
    let form = [
        ("method", "QRIS".to_owned()),
        ("merchant_ref", "INV-QR".to_owned()),
        ("amount", "150000".to_owned()),
        ("customer_name", "Siti".to_owned()),
        ("customer_email", "siti@example.com".to_owned()),
        ("order_items[0][name]", "Paket".to_owned()),
        ("order_items[0][price]", "75000".to_owned()),
        ("order_items[0][quantity]", "2".to_owned()),
        ("signature", signature("INV-QR", 150_000)),
    ];
    let response = http()
        .post(format!("{}/transaction/create", sim.tripay_url()))
        .bearer_auth(TRIPAY_KEY)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let data = &body["data"];
    assert_eq!(data["amount"], 150_000);
    assert_eq!(data["fee_merchant"], 750 + 1050);
    assert_eq!(data["amount_received"], 150_000 - 1800);
    assert_eq!(data["pay_code"], Value::Null);
    assert!(data["qr_string"]
        .as_str()
        .unwrap()
        .starts_with("000201010212"));
    let qr = http()
        .get(data["qr_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(qr, data["qr_string"].as_str().unwrap());
}

#[tokio::test]
async fn checkout_pays_and_calls_back_signed() {
    let receiver = Receiver::ok().await;
    let sim = sim(config()).await;
    let (_, body) = create(
        &sim,
        &order("BRIVA", "INV-PAY", 150_000, Some(&receiver.url)),
    )
    .await;
    let data = &body["data"];
    let reference = data["reference"].as_str().unwrap();
    let page = http()
        .get(data["checkout_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("BRI Virtual Account"));
    assert!(page.contains("Rp150.000"));
    assert!(page.contains(data["pay_code"].as_str().unwrap()));
    assert!(page.contains("<button type=\"submit\">Bayar</button>"));

    let response = http()
        .post(format!(
            "{}/tripay/checkout/{reference}/pay",
            sim.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "http://app.test/return");

    idle(&sim).await;
    let seen = receiver.seen();
    assert_eq!(seen.len(), 1);
    let callback = &seen[0];
    assert_eq!(callback.headers["x-callback-event"], "payment_status");
    assert_eq!(callback.headers["content-type"], "application/json");
    assert_eq!(
        callback.headers["x-callback-signature"].to_str().unwrap(),
        hmac_hex(PRIVATE_KEY, &callback.body)
    );
    let body = callback.json();
    assert_eq!(body["reference"], reference);
    assert_eq!(body["merchant_ref"], "INV-PAY");
    assert_eq!(body["status"], "PAID");
    assert_eq!(body["payment_method_code"], "BRIVA");
    assert_eq!(body["total_amount"], 150_000);
    assert_eq!(body["fee_merchant"], 4_250);
    assert_eq!(body["amount_received"], 145_750);
    assert_eq!(body["is_closed_payment"], 1);
    assert!(body["paid_at"].is_i64());

    let (_, detail) = get(&sim, &format!("transaction/detail?reference={reference}")).await;
    assert_eq!(detail["data"]["status"], "PAID");
    assert_eq!(detail["data"]["paid_at"], body["paid_at"]);

    // Paying twice does nothing.
    http()
        .post(format!(
            "{}/tripay/checkout/{reference}/pay",
            sim.base_url()
        ))
        .send()
        .await
        .unwrap();
    idle(&sim).await;
    assert_eq!(receiver.seen().len(), 1);
}

#[tokio::test]
async fn callbacks_retry_until_success_true() {
    let refusing = Receiver::start(200, "{\"success\":false}").await;
    let sim = sim(paygate_sim::SimConfig {
        tripay_callback_url: Some(refusing.url.clone()),
        ..config()
    })
    .await;
    let (_, body) = create(&sim, &order("QRIS", "INV-RETRY", 50_000, None)).await;
    let reference = body["data"]["reference"].as_str().unwrap();
    control(&sim, &format!("tripay/{reference}/pay")).await;
    idle(&sim).await;
    let attempts: Vec<u32> = sim.deliveries().iter().map(|d| d.attempt).collect();
    assert_eq!(attempts, [1, 2, 3, 4]);
    assert_eq!(refusing.seen().len(), 4);
}

#[tokio::test]
async fn unpaid_transactions_expire_with_a_callback() {
    let receiver = Receiver::ok().await;
    let sim = sim(config()).await;
    let mut body = order("MANDIRIVA", "INV-EXP", 40_000, Some(&receiver.url));
    body["expired_time"] = Value::from(chrono::Utc::now().timestamp() + 2);
    let (status, created) = create(&sim, &body).await;
    assert_eq!(status, 200, "{created}");
    let callback = eventually("the EXPIRED callback", || receiver.bodies().pop()).await;
    assert_eq!(callback["status"], "EXPIRED");
    assert_eq!(callback["paid_at"], Value::Null);
    let reference = created["data"]["reference"].as_str().unwrap();
    let (_, detail) = get(&sim, &format!("transaction/detail?reference={reference}")).await;
    assert_eq!(detail["data"]["status"], "EXPIRED");
}
