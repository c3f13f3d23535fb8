//! The payment webhooks over HTTP, signed with the gateways' documented formulas (computed
//! here independently of `crates/paygate`): forged and malformed notifications change
//! nothing; duplicates, out-of-order and late reports credit exactly once; a wrong amount is
//! held; a refund is its own ledger entry. The demo's Yohana (isolated for an unpaid
//! invoice) pays, and her line comes back.

use crate::support::TestApp;
use axum::body::Body;
use hmac::{Hmac, Mac};
use http::{header, Request, StatusCode};
use leptos::server_fn::ServerFn;
use sha2::{Digest, Sha256, Sha512};
use sqlx::PgPool;

const MIDTRANS_KEY: &str = "SB-Mid-server-test-key";
const TRIPAY_PRIVATE: &str = "test-private-key";
const MIDTRANS_PATH: &str = "/api/payments/midtrans/notification";
const TRIPAY_PATH: &str = "/api/payments/tripay/callback";

async fn app_with_gateways(pool: &PgPool) -> TestApp {
    TestApp::with_env(
        pool.clone(),
        &[
            ("SIMPUL_MIDTRANS_SERVER_KEY", MIDTRANS_KEY),
            // Nothing listens here: the status confirmation fails fast and the signed
            // notification is used, as when Midtrans's status API is down.
            ("SIMPUL_MIDTRANS_API_URL", "http://127.0.0.1:9/v2"),
            ("SIMPUL_TRIPAY_API_KEY", "DEV-test"),
            ("SIMPUL_TRIPAY_PRIVATE_KEY", TRIPAY_PRIVATE),
            ("SIMPUL_TRIPAY_MERCHANT_CODE", "T0001"),
            ("SIMPUL_TRIPAY_URL", "http://127.0.0.1:9/api-sandbox"),
        ],
    )
    .await
}

struct Attempt {
    customer_id: i64,
    amount: i64,
}

/// An open attempt by Yohana for everything she owes.
async fn yohana_attempt(pool: &PgPool, gateway: &str, order_id: &str, status: &str) -> Attempt {
    let (customer_id, amount, invoice_ids): (i64, i64, Vec<i64>) = sqlx::query_as(
        "SELECT c.id, sum(i.amount_due)::bigint, array_agg(i.id ORDER BY i.due_date)
         FROM customers c JOIN subscriptions s ON s.customer_id = c.id AND s.username = 'yohana'
         JOIN invoices i ON i.customer_id = c.id AND i.status IN ('issued', 'partially_paid')
         GROUP BY c.id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO payment_attempts (order_id, gateway, customer_id, invoice_ids, amount,
                                       gross_amount, status, expires_at, gateway_reference)
         VALUES ($1, $2, $3, $4, $5, $5, $6, now() + interval '1 day',
                 CASE WHEN $2 = 'tripay' THEN 'T0001' || $1 END)",
    )
    .bind(order_id)
    .bind(gateway)
    .bind(customer_id)
    .bind(&invoice_ids)
    .bind(amount)
    .bind(status)
    .execute(pool)
    .await
    .unwrap();
    Attempt {
        customer_id,
        amount,
    }
}

fn midtrans_body(order_id: &str, status: &str, code: &str, amount: &str, key: &str) -> String {
    let signature = hex::encode(Sha512::digest(format!("{order_id}{code}{amount}{key}")));
    serde_json::json!({
        "transaction_time": "2026-12-04 10:00:00",
        "transaction_status": status,
        "transaction_id": format!("tx-{order_id}"),
        "status_message": "midtrans payment notification",
        "status_code": code,
        "signature_key": signature,
        "settlement_time": "2026-12-04 10:00:05",
        "payment_type": "qris",
        "order_id": order_id,
        "merchant_id": "G000000000",
        "gross_amount": amount,
        "fraud_status": "accept",
        "currency": "IDR",
    })
    .to_string()
}

fn tripay_signature(body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(TRIPAY_PRIVATE.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Posts as a gateway would: no cookie, no Origin, from the internet.
async fn post(
    app: &TestApp,
    path: &str,
    body: String,
    headers: &[(&str, String)],
) -> (StatusCode, String) {
    let mut builder = Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-for", "203.0.113.7");
    for (name, value) in headers {
        builder = builder.header(*name, value);
    }
    let reply = app.send(builder.body(Body::from(body)).unwrap()).await;
    (reply.status, reply.body)
}

async fn payments_of(pool: &PgPool, customer_id: i64, method: &str) -> Vec<(i64, String)> {
    sqlx::query_as(
        "SELECT amount, status FROM payments WHERE customer_id = $1 AND method = $2 ORDER BY id",
    )
    .bind(customer_id)
    .bind(method)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn attempt_status(pool: &PgPool, order_id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM payment_attempts WHERE order_id = $1")
        .bind(order_id)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn line_status(pool: &PgPool) -> String {
    sqlx::query_scalar("SELECT status FROM subscriptions WHERE username = 'yohana'")
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn balance(pool: &PgPool, customer_id: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT COALESCE(sum(amount), 0)::bigint FROM ledger_entries WHERE customer_id = $1",
    )
    .bind(customer_id)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn events(pool: &PgPool) -> Vec<(bool, String)> {
    sqlx::query_as("SELECT verified, outcome FROM gateway_events ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn midtrans_notifications_credit_once_whatever_arrives(pool: PgPool) {
    let app = app_with_gateways(&pool).await;
    let order = "SPL-TEST-MT-1";
    let attempt = yohana_attempt(&pool, "midtrans", order, "pending").await;
    let amount = format!("{}.00", attempt.amount);
    assert_eq!(line_status(&pool).await, "isolated");

    // Forged: signed with another key. Refused, logged, nothing credited.
    let forged = midtrans_body(order, "settlement", "200", &amount, "not-the-key");
    let (status, _) = post(&app, MIDTRANS_PATH, forged, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Tampered: a valid signature over another amount.
    let valid = midtrans_body(order, "settlement", "200", &amount, MIDTRANS_KEY);
    let tampered = valid.replace(&amount, "1000.00");
    let (status, _) = post(&app, MIDTRANS_PATH, tampered, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Malformed: not JSON, and JSON without the signed fields.
    for junk in ["{not json", "{\"order_id\":\"x\"}", "[]"] {
        let (status, _) = post(&app, MIDTRANS_PATH, junk.to_owned(), &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{junk}");
    }
    assert!(payments_of(&pool, attempt.customer_id, "midtrans")
        .await
        .is_empty());
    assert_eq!(attempt_status(&pool, order).await, "pending");

    // Settlement arrives before the pending it follows, and twice.
    let (status, body) = post(&app, MIDTRANS_PATH, valid.clone(), &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = post(&app, MIDTRANS_PATH, valid, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let pending = midtrans_body(order, "pending", "201", &amount, MIDTRANS_KEY);
    let (status, _) = post(&app, MIDTRANS_PATH, pending, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let expired = midtrans_body(order, "expire", "202", &amount, MIDTRANS_KEY);
    let (status, _) = post(&app, MIDTRANS_PATH, expired, &[]).await;
    assert_eq!(status, StatusCode::OK);

    assert_eq!(
        payments_of(&pool, attempt.customer_id, "midtrans").await,
        vec![(attempt.amount, "completed".to_owned())]
    );
    assert_eq!(
        attempt_status(&pool, order).await,
        "paid",
        "paid never goes back"
    );
    assert_eq!(
        line_status(&pool).await,
        "active",
        "the isolated line is restored"
    );
    let log = events(&pool).await;
    let outcomes: Vec<&str> = log.iter().map(|(_, o)| o.as_str()).collect();
    assert_eq!(
        outcomes,
        [
            "forged",
            "forged",
            "malformed",
            "malformed",
            "malformed",
            "credited",
            "duplicate",
            "stale",
            "stale"
        ]
    );
    assert!(log.iter().take(5).all(|(verified, _)| !verified));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_wrong_amount_is_held_and_a_late_payment_still_counts(pool: PgPool) {
    let app = app_with_gateways(&pool).await;
    let held = "SPL-TEST-MT-HELD";
    let attempt = yohana_attempt(&pool, "midtrans", held, "pending").await;
    let less = format!("{}.00", attempt.amount - 1000);
    let body = midtrans_body(held, "settlement", "200", &less, MIDTRANS_KEY);
    let (status, _) = post(&app, MIDTRANS_PATH, body, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attempt_status(&pool, held).await, "held");
    assert!(payments_of(&pool, attempt.customer_id, "midtrans")
        .await
        .is_empty());
    assert_eq!(line_status(&pool).await, "isolated");

    // An attempt Simpul already saw expire, paid at the last second: the money counts.
    let late = "SPL-TEST-MT-LATE";
    yohana_attempt(&pool, "midtrans", late, "expired").await;
    let amount = format!("{}.00", attempt.amount);
    let body = midtrans_body(late, "settlement", "200", &amount, MIDTRANS_KEY);
    let (status, _) = post(&app, MIDTRANS_PATH, body, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attempt_status(&pool, late).await, "paid");
    assert_eq!(
        payments_of(&pool, attempt.customer_id, "midtrans")
            .await
            .len(),
        1
    );

    // A notification for an order Simpul never made is refused.
    let body = midtrans_body("SPL-NOBODY", "settlement", "200", &amount, MIDTRANS_KEY);
    let (status, _) = post(&app, MIDTRANS_PATH, body, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Finance credits the held one with what really arrived.
    let finance = app.login("finance").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM payment_attempts WHERE order_id = $1")
        .bind(held)
        .fetch_one(&pool)
        .await
        .unwrap();
    let form = format!(
        "id={id}&decision[Apply][amount]={}&note=kurang+bayar",
        attempt.amount - 1000
    );
    let reply = app
        .call(
            app::payments::api::ResolveHeldPayment::PATH,
            &form,
            Some(&finance),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(attempt_status(&pool, held).await, "paid");
    assert_eq!(
        payments_of(&pool, attempt.customer_id, "midtrans").await[1].0,
        attempt.amount - 1000
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn tripay_callbacks_are_checked_over_the_raw_body(pool: PgPool) {
    let app = app_with_gateways(&pool).await;
    let order = "SPL-TEST-TP-1";
    let attempt = yohana_attempt(&pool, "tripay", order, "pending").await;
    // Unusual spacing and key order: the signature covers these exact bytes.
    let body = format!(
        r#"{{ "reference":"T0001{order}", "merchant_ref":"{order}","payment_method":"BRI Virtual Account","payment_method_code":"BRIVA","total_amount":{amount},"fee_merchant":4250,"fee_customer":0,"total_fee":4250,"amount_received":{received},"is_closed_payment":1,"status":"PAID","paid_at":1796352000,"note":null}}"#,
        amount = attempt.amount,
        received = attempt.amount - 4250
    );
    let event = ("x-callback-event", "payment_status".to_owned());
    let good = ("x-callback-signature", tripay_signature(&body));
    let bad = (
        "x-callback-signature",
        tripay_signature(&body.replace("PAID", "paid")),
    );

    let (status, _) = post(&app, TRIPAY_PATH, body.clone(), &[event.clone(), bad]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = post(
        &app,
        TRIPAY_PATH,
        body.clone(),
        std::slice::from_ref(&event),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no signature");
    let wrong_event = ("x-callback-event", "something_else".to_owned());
    let (status, _) = post(
        &app,
        TRIPAY_PATH,
        body.clone(),
        &[wrong_event, good.clone()],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(payments_of(&pool, attempt.customer_id, "tripay")
        .await
        .is_empty());

    // The same callback twice at once (as a retry racing the first): one credit.
    let signed_paid = [event.clone(), good.clone()];
    let (first, second) = tokio::join!(
        post(&app, TRIPAY_PATH, body.clone(), &signed_paid),
        post(&app, TRIPAY_PATH, body.clone(), &signed_paid),
    );
    assert_eq!(first, (StatusCode::OK, r#"{"success":true}"#.to_owned()));
    assert_eq!(second, (StatusCode::OK, r#"{"success":true}"#.to_owned()));
    assert_eq!(
        payments_of(&pool, attempt.customer_id, "tripay").await,
        vec![(attempt.amount, "completed".to_owned())]
    );
    assert_eq!(line_status(&pool).await, "active");
    assert_eq!(balance(&pool, attempt.customer_id).await, 0);

    // Tripay refunds it: the refund is its own entry and the invoices are due again.
    let refund = body.replace("\"PAID\"", "\"REFUND\"");
    let signed = ("x-callback-signature", tripay_signature(&refund));
    for _ in 0..2 {
        let (status, _) = post(
            &app,
            TRIPAY_PATH,
            refund.clone(),
            &[event.clone(), signed.clone()],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(balance(&pool, attempt.customer_id).await, attempt.amount);
    let refunds: Vec<(String, i64)> = sqlx::query_as(
        "SELECT kind, amount FROM ledger_entries WHERE customer_id = $1 AND kind = 'refund'",
    )
    .bind(attempt.customer_id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(refunds, vec![("refund".to_owned(), attempt.amount)]);
    assert_eq!(
        payments_of(&pool, attempt.customer_id, "tripay").await,
        vec![(attempt.amount, "refunded".to_owned())]
    );
}

/// The app talking to the gateway simulator over real sockets, with every webhook lost (the
/// simulator cannot reach `http://simpul.test`): the poller and the customer's status page
/// find the payments anyway, each credited once.
#[sqlx::test(migrations = "../migrations")]
async fn lost_webhooks_are_found_by_asking_the_gateway(pool: PgPool) {
    use app::payments::server::gateways::GatewayOverrides;
    use app::payments::server::poller;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let sim = paygate_sim::spawn(listener, paygate_sim::SimConfig::default()).await;
    let vars = [
        (
            "SIMPUL_MIDTRANS_SERVER_KEY",
            paygate_sim::DEMO_MIDTRANS_SERVER_KEY.to_owned(),
        ),
        ("SIMPUL_MIDTRANS_SNAP_URL", sim.midtrans_snap_url()),
        ("SIMPUL_MIDTRANS_API_URL", sim.midtrans_api_url()),
        (
            "SIMPUL_TRIPAY_API_KEY",
            paygate_sim::DEMO_TRIPAY_API_KEY.to_owned(),
        ),
        (
            "SIMPUL_TRIPAY_PRIVATE_KEY",
            paygate_sim::DEMO_TRIPAY_PRIVATE_KEY.to_owned(),
        ),
        (
            "SIMPUL_TRIPAY_MERCHANT_CODE",
            paygate_sim::DEMO_TRIPAY_MERCHANT_CODE.to_owned(),
        ),
        ("SIMPUL_TRIPAY_URL", sim.tripay_url()),
    ];
    let borrowed: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = TestApp::with_env(pool.clone(), &borrowed).await;
    let yohana = app.login("yohana").await;
    let http = reqwest::Client::new();

    // Tripay: she picks BRI's virtual account; the gateway answers with a VA number.
    let reply = app
        .call(
            app::payments::api::StartPayment::PATH,
            "gateway=tripay&channel=BRIVA",
            Some(&yohana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let attempt_id: i64 = serde_json::from_str(&reply.body)
        .unwrap_or_else(|_| panic!("an attempt id, not {}", reply.body));
    let (reference, pay_code, customer_id, amount): (String, Option<String>, i64, i64) =
        sqlx::query_as(
            "SELECT gateway_reference, pay_code, customer_id, amount FROM payment_attempts
             WHERE id = $1 AND status = 'pending'",
        )
        .bind(attempt_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(pay_code.is_some_and(|c| !c.is_empty()));
    // She pays at her bank; the callback never arrives.
    let paid = http
        .post(format!(
            "{}/_sim/tripay/{reference}/pay?notify=false",
            sim.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert!(paid.status().is_success());
    // Her status page asks Tripay (transaction/detail) and shows the payment.
    let reply = app
        .call(
            app::payments::api::MyPayment::PATH,
            &format!("id={attempt_id}"),
            Some(&yohana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("\"Paid\""), "{}", reply.body);
    assert_eq!(
        payments_of(&pool, customer_id, "tripay").await,
        vec![(amount, "completed".to_owned())]
    );
    assert_eq!(line_status(&pool).await, "active");

    // Midtrans: finance reverses that payment, and she pays again through Snap.
    let finance = app.login("finance").await;
    let payment_id: i64 =
        sqlx::query_scalar("SELECT id FROM payments WHERE customer_id = $1 AND method = 'tripay'")
            .bind(customer_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    let reply = app
        .call(
            app::billing::api::ReversePayment::PATH,
            &format!("id={payment_id}&reason=dana+dikembalikan"),
            Some(&finance),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app
        .call(
            app::payments::api::StartPayment::PATH,
            "gateway=midtrans",
            Some(&yohana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let order_id: String = sqlx::query_scalar(
        "SELECT order_id FROM payment_attempts WHERE gateway = 'midtrans' AND status = 'pending'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let paid = http
        .post(format!(
            "{}/_sim/midtrans/{order_id}/pay?notify=false",
            sim.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert!(paid.status().is_success());
    // The poller's turn comes (three minutes after the start, made due here).
    sqlx::query("UPDATE payment_attempts SET next_check_at = now() WHERE order_id = $1")
        .bind(&order_id)
        .execute(&pool)
        .await
        .unwrap();
    let ctx = app::request::AppContext {
        pool: pool.clone(),
        auth: app::request::AuthSettings::default(),
        secrets: app::secrets::SecretBox::from_key([7; 32]),
        routers: app::nas::server::hub::RouterHub::default(),
        isp: app::request::IspInfo::default(),
        gateways: GatewayOverrides::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        }),
        basemap: Default::default(),
    };
    assert_eq!(poller::check_due(&ctx, 50).await.unwrap(), 1);
    // A second poll (or a late webhook) finds it paid and adds nothing.
    sqlx::query("UPDATE payment_attempts SET next_check_at = now() WHERE order_id = $1")
        .bind(&order_id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        poller::check_due(&ctx, 50).await.unwrap(),
        0,
        "a paid attempt is not polled"
    );
    let midtrans = payments_of(&pool, customer_id, "midtrans").await;
    assert_eq!(midtrans.len(), 1);
    assert_eq!(balance(&pool, customer_id).await, 0);
    let (status, channel): (String, String) =
        sqlx::query_as("SELECT status, channel FROM payment_attempts WHERE order_id = $1")
            .bind(&order_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), channel.as_str()), ("paid", "qris"));
    sim.shutdown().await;
}

/// Refunds reported as a running total add only what is new; after finance reversed the
/// payment, a refund is recorded for reconciliation but never charged to the customer twice.
#[sqlx::test(migrations = "../migrations")]
async fn refunds_count_once_and_never_double_a_reversal(pool: PgPool) {
    let app = app_with_gateways(&pool).await;
    let order = "SPL-TEST-MT-REFUND";
    let attempt = yohana_attempt(&pool, "midtrans", order, "pending").await;
    let amount = format!("{}.00", attempt.amount);
    let settle = midtrans_body(order, "settlement", "200", &amount, MIDTRANS_KEY);
    assert_eq!(
        post(&app, MIDTRANS_PATH, settle, &[]).await.0,
        StatusCode::OK
    );
    assert_eq!(balance(&pool, attempt.customer_id).await, 0);

    let refund = |refunds: &[&str]| {
        let mut body: serde_json::Value = serde_json::from_str(&midtrans_body(
            order,
            "partial_refund",
            "200",
            &amount,
            MIDTRANS_KEY,
        ))
        .unwrap();
        body["refunds"] = refunds
            .iter()
            .map(|a| serde_json::json!({ "refund_amount": a }))
            .collect();
        body.to_string()
    };
    for _ in 0..2 {
        let (status, _) = post(&app, MIDTRANS_PATH, refund(&["10000.00"]), &[]).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(balance(&pool, attempt.customer_id).await, 10_000);
    let (status, _) = post(&app, MIDTRANS_PATH, refund(&["10000.00", "5000.00"]), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(balance(&pool, attempt.customer_id).await, 15_000);
    // A partial refund whose amount cannot be read is not guessed at.
    let unreadable = midtrans_body(order, "partial_refund", "200", &amount, MIDTRANS_KEY);
    assert_eq!(
        post(&app, MIDTRANS_PATH, unreadable, &[]).await.0,
        StatusCode::OK
    );
    assert_eq!(balance(&pool, attempt.customer_id).await, 15_000);

    // Finance reverses the payment: only what was not refunded comes back off the ledger.
    let finance = app.login("finance").await;
    let payment_id: i64 =
        sqlx::query_scalar("SELECT payment_id FROM payment_attempts WHERE order_id = $1")
            .bind(order)
            .fetch_one(&pool)
            .await
            .unwrap();
    let reply = app
        .call(
            app::billing::api::ReversePayment::PATH,
            &format!("id={payment_id}&reason=transfer+ganda"),
            Some(&finance),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(balance(&pool, attempt.customer_id).await, attempt.amount);
    // Midtrans then refunds the rest: recorded, not charged again.
    let rest = midtrans_body(order, "refund", "200", &amount, MIDTRANS_KEY);
    assert_eq!(post(&app, MIDTRANS_PATH, rest, &[]).await.0, StatusCode::OK);
    assert_eq!(balance(&pool, attempt.customer_id).await, attempt.amount);
    let refunded: i64 =
        sqlx::query_scalar("SELECT sum(amount)::bigint FROM payment_refunds WHERE payment_id = $1")
            .bind(payment_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(refunded, attempt.amount);
    assert_eq!(attempt_status(&pool, order).await, "refunded");
}
