//! Control options: duplicates, out-of-order delivery, silent changes, mismatched amounts,
//! refunds and card challenges.

use serde_json::{json, Value};

use crate::support::*;

fn statuses(notes: &[Value]) -> Vec<String> {
    notes
        .iter()
        .map(|n| n["transaction_status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn midtrans_options() {
    let receiver = Receiver::ok().await;
    let sim = sim(paygate_sim::SimConfig {
        midtrans_notification_url: Some(receiver.url.clone()),
        ..config()
    })
    .await;

    // duplicate=2: the settlement arrives three times.
    snap(&sim, "OPT-DUP", 100_000, None).await;
    control(&sim, "midtrans/OPT-DUP/pending").await;
    control(&sim, "midtrans/OPT-DUP/pay?duplicate=2").await;
    idle(&sim).await;
    assert_eq!(
        statuses(&receiver.bodies()),
        ["pending", "settlement", "settlement", "settlement"]
    );
    let dups = receiver.bodies();
    assert_eq!(dups[1], dups[3], "duplicates are identical");

    // out_of_order: settlement first, then pending.
    snap(&sim, "OPT-OOO", 100_000, None).await;
    control(&sim, "midtrans/OPT-OOO/pay?out_of_order=true").await;
    idle(&sim).await;
    let notes: Vec<Value> = receiver
        .bodies()
        .into_iter()
        .filter(|n| n["order_id"] == "OPT-OOO")
        .collect();
    assert_eq!(statuses(&notes), ["settlement", "pending"]);
    notes.iter().for_each(assert_signed);

    // notify=false: the state changes, nothing is sent (poll fallback).
    snap(&sim, "OPT-QUIET", 100_000, None).await;
    let answer = control(&sim, "midtrans/OPT-QUIET/pay?notify=false").await;
    assert_eq!(answer["transaction_status"], "settlement");
    idle(&sim).await;
    assert!(receiver
        .bodies()
        .iter()
        .all(|n| n["order_id"] != "OPT-QUIET"));
    assert!(sim.deliveries().iter().all(|d| d.order != "OPT-QUIET"));

    // gross_amount: another amount, still correctly signed.
    snap(&sim, "OPT-AMOUNT", 100_000, None).await;
    control(&sim, "midtrans/OPT-AMOUNT/pending").await;
    control(&sim, "midtrans/OPT-AMOUNT/pay?gross_amount=1000").await;
    idle(&sim).await;
    let note = receiver.bodies().pop().unwrap();
    assert_eq!(note["gross_amount"], "1000.00");
    assert_signed(&note);

    // Refunds: partial, then the rest.
    let partial = control(&sim, "midtrans/OPT-DUP/refund?amount=40000").await;
    assert_eq!(partial["transaction_status"], "partial_refund");
    assert_eq!(partial["refund_amount"], "40000.00");
    let full = control(&sim, "midtrans/OPT-DUP/refund").await;
    assert_eq!(full["transaction_status"], "refund");
    assert_eq!(full["refund_amount"], "100000.00");
    assert_eq!(full["refunds"].as_array().unwrap().len(), 2);
    let response = http()
        .post(format!("{}/_sim/midtrans/OPT-DUP/refund", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);

    // A card payment held for review.
    snap(&sim, "OPT-CARD", 100_000, None).await;
    let held = control(&sim, "midtrans/OPT-CARD/challenge").await;
    assert_eq!(
        (
            &held["transaction_status"],
            &held["fraud_status"],
            &held["status_code"]
        ),
        (&json!("capture"), &json!("challenge"), &json!("201"))
    );
    assert_eq!(held["payment_type"], "credit_card");
    for action in ["deny", "cancel", "expire"] {
        let order = format!("OPT-{action}");
        snap(&sim, &order, 100_000, None).await;
        control(&sim, &format!("midtrans/{order}/pending")).await;
        let answer = control(&sim, &format!("midtrans/{order}/{action}")).await;
        assert_eq!(answer["transaction_status"], action);
        assert_eq!(answer["status_code"], "202");
    }
    idle(&sim).await;
    receiver.bodies().iter().for_each(assert_signed);

    let unknown = http()
        .post(format!("{}/_sim/midtrans/NOPE/pay", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let all: Vec<Value> = http()
        .get(format!("{}/_sim/transactions", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(all
        .iter()
        .any(|t| t["gateway"] == "midtrans" && t["order_id"] == "OPT-OOO"));
    let log: Vec<paygate_sim::Delivery> = http()
        .get(format!("{}/_sim/deliveries", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log, sim.deliveries());
    let in_flight: Value = http()
        .get(format!("{}/_sim/in-flight", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(in_flight, json!({"in_flight": 0}));
}

#[tokio::test]
async fn tripay_options() {
    let receiver = Receiver::ok().await;
    let sim = sim(paygate_sim::SimConfig {
        tripay_callback_url: Some(receiver.url.clone()),
        ..config()
    })
    .await;
    let mut references = Vec::new();
    for merchant_ref in ["OPT-T1", "OPT-T2", "OPT-T3"] {
        let signature = hmac_hex(
            PRIVATE_KEY,
            format!("{MERCHANT}{merchant_ref}20000").as_bytes(),
        );
        let response = http()
            .post(format!("{}/transaction/create", sim.tripay_url()))
            .bearer_auth(TRIPAY_KEY)
            .json(&json!({
                "method": "BNIVA", "merchant_ref": merchant_ref, "amount": 20000,
                "customer_name": "A", "customer_email": "a@example.com",
                "order_items": [{"name": "Paket", "price": 20000, "quantity": 1}],
                "signature": signature,
            }))
            .send()
            .await
            .unwrap();
        let body: Value = response.json().await.unwrap();
        references.push(body["data"]["reference"].as_str().unwrap().to_owned());
    }
    control(&sim, &format!("tripay/{}/pay?duplicate=1", references[0])).await;
    let quiet = control(&sim, &format!("tripay/{}/pay?notify=false", references[1])).await;
    assert_eq!(quiet["status"], "PAID");
    control(
        &sim,
        &format!("tripay/{}/pay?total_amount=1", references[2]),
    )
    .await;
    idle(&sim).await;
    let seen = receiver.seen();
    let refs: Vec<String> = seen
        .iter()
        .map(|s| s.json()["merchant_ref"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(refs, ["OPT-T1", "OPT-T1", "OPT-T3"]);
    let mismatch = &seen[2];
    assert_eq!(mismatch.json()["total_amount"], 1);
    assert_eq!(
        mismatch.headers["x-callback-signature"].to_str().unwrap(),
        hmac_hex(PRIVATE_KEY, &mismatch.body)
    );
    let refunded = control(&sim, &format!("tripay/{}/refund", references[0])).await;
    assert_eq!(refunded["status"], "REFUND");
    let failed = control(&sim, &format!("tripay/{}/fail", references[1])).await;
    assert_eq!(failed["status"], "FAILED");
}
