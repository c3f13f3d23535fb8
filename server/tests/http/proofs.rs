//! Proof of a manual payment: finance attaches a photo or PDF of the slip, staff who see
//! billing look at it, customers never reach it, and gateway payments take none.

use crate::support::TestApp;
use http::StatusCode;
use leptos::server_fn::ServerFn;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn finance_attaches_a_slip_to_a_transfer_and_staff_who_see_billing_view_it(pool: PgPool) {
    let dir = std::env::temp_dir().join(format!("simpul-proof-{}", std::process::id()));
    let dir_text = dir.to_string_lossy().into_owned();
    let app = TestApp::with_env(pool.clone(), &[("SIMPUL_DATA_DIR", &dir_text)]).await;
    let finance = app.login("finance").await;
    let customer_id: i64 =
        sqlx::query_scalar("SELECT customer_id FROM subscriptions WHERE username = 'siti'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let body = format!(
        "draft[customer_id]={customer_id}&draft[method]=BankTransfer&draft[amount]=50000\
         &draft[reference]=TRF-0512"
    );
    let reply = app
        .call(
            app::billing::api::RecordPayment::PATH,
            &body,
            Some(&finance),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let payment_id: i64 = serde_json::from_str(&reply.body).unwrap();
    let url = format!("/api/payments/{payment_id}/proof");
    let jpeg = [
        0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1,
    ];

    assert_eq!(
        app.get(&url, Some(&finance)).await.status,
        StatusCode::NOT_FOUND
    );
    let text = app
        .send(crate::multipart_to(
            &url,
            Some(&finance),
            "slip.jpg",
            b"bukan foto",
        ))
        .await;
    assert_eq!(
        text.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        text.body
    );
    let agent = app.login("agent1").await;
    let siti = app.login("siti").await;
    for (who, status) in [
        (Some(&agent), StatusCode::FORBIDDEN),
        (Some(&siti), StatusCode::FORBIDDEN),
        (None, StatusCode::UNAUTHORIZED),
    ] {
        let reply = app
            .send(crate::multipart_to(
                &url,
                who.map(|c| c.as_str()),
                "slip.jpg",
                &jpeg,
            ))
            .await;
        assert_eq!(reply.status, status);
    }
    let stored = app
        .send(crate::multipart_to(
            &url,
            Some(&finance),
            "Slip BCA.jpg",
            &jpeg,
        ))
        .await;
    assert_eq!(stored.status, StatusCode::NO_CONTENT, "{}", stored.body);

    // The agent, who sees billing, opens it; the customer and strangers do not.
    let seen = app.get(&url, Some(&agent)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.bytes, jpeg);
    assert_eq!(
        app.get(&url, Some(&siti)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&url, None).await.status, StatusCode::UNAUTHORIZED);
    // The billing panel says it has one.
    let panel = app
        .call(
            app::billing::api::GetCustomerBilling::PATH,
            &format!("customer_id={customer_id}"),
            Some(&finance),
        )
        .await;
    assert!(panel.body.contains(r#""has_proof":true"#), "{}", panel.body);

    // A gateway payment carries the gateway's reference instead.
    sqlx::query("UPDATE payments SET method = 'midtrans' WHERE id = $1")
        .bind(payment_id)
        .execute(&pool)
        .await
        .unwrap();
    let refused = app
        .send(crate::multipart_to(&url, Some(&finance), "slip.jpg", &jpeg))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let missing = app
        .send(crate::multipart_to(
            "/api/payments/999999/proof",
            Some(&finance),
            "slip.jpg",
            &jpeg,
        ))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'payment.proof'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
    let _ = std::fs::remove_dir_all(dir);
}
