//! A customer's own billing terms: saved by finance (audited), refused field by field when
//! wrong, and used by the billing run (a new billing day, documents in English).

use crate::support::TestApp;
use app::billing::api::{ReadCustomerTerms, SaveCustomerTerms};
use http::StatusCode;
use leptos::server_fn::ServerFn;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn finance_overrides_a_customers_terms_and_the_run_follows_them(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let finance = app.login("finance").await;
    let (customer_id,): (i64,) =
        sqlx::query_as("SELECT customer_id FROM subscriptions WHERE username = 'made'")
            .fetch_one(&pool)
            .await
            .unwrap();

    let bad = format!(
        "customer_id={customer_id}&draft[billing_day]=31&draft[due_days]=x\
         &draft[document_language]=id&draft[npwp]=12"
    );
    let reply = app
        .call(SaveCustomerTerms::PATH, &bad, Some(&finance))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    for field in ["billing_day", "due_days", "npwp"] {
        assert!(reply.body.contains(field), "{field}: {}", reply.body);
    }

    let good = format!(
        "customer_id={customer_id}&draft[billing_day]=15&draft[due_days]=5\
         &draft[document_language]=en&draft[npwp]=01.234.567.8-901.234"
    );
    let reply = app
        .call(SaveCustomerTerms::PATH, &good, Some(&finance))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app
        .call(
            ReadCustomerTerms::PATH,
            &format!("customer_id={customer_id}"),
            Some(&finance),
        )
        .await;
    let view: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(view["effective"]["billing_day"], 15);
    assert_eq!(view["effective"]["due_days"], 5);
    // Untouched fields follow the ISP: grace days stay the default.
    assert_eq!(
        view["effective"]["grace_days"],
        view["defaults"]["grace_days"]
    );
    assert_eq!(view["draft"]["grace_days"], "");
    assert_eq!(view["draft"]["npwp"], "012345678901234");
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'customer.billing_terms' AND entity_id = $1",
    )
    .bind(customer_id.to_string())
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // The run moves the line onto the 15th with one shorter period, in English, due in 5 days.
    let (billed_through,): (chrono::NaiveDate,) = sqlx::query_as(
        "SELECT max(period_end) FROM invoices i JOIN subscriptions s ON s.id = i.subscription_id
         WHERE s.username = 'made'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let mut run_date = billed_through + chrono::Days::new(1);
    while chrono::Datelike::day(&run_date) != 15 {
        run_date = run_date + chrono::Days::new(1);
    }
    app::billing::server::run::run(
        &pool,
        &app::request::Actor::system(),
        run_date,
        app::billing::server::run::RunMode::Issue,
    )
    .await
    .unwrap();
    let (start, end, language, issue, due): (
        chrono::NaiveDate,
        chrono::NaiveDate,
        String,
        chrono::NaiveDate,
        chrono::NaiveDate,
    ) = sqlx::query_as(
        "SELECT period_start, period_end, language, issue_date, due_date FROM invoices i
         JOIN subscriptions s ON s.id = i.subscription_id
         WHERE s.username = 'made' ORDER BY period_start DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(start, billed_through + chrono::Days::new(1));
    assert_eq!(chrono::Datelike::day(&end), 14, "{start}..{end}");
    assert_eq!(language, "en");
    assert_eq!((due - issue).num_days(), 5);
}
