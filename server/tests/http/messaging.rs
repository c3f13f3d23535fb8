//! Customer messages end to end against the message simulator over real sockets: a payment
//! queues its receipt in its own transaction; the worker sends it by WhatsApp (Fonnte's API)
//! and email (SMTP); a gateway that is down delays only the message, never the payment.

use crate::support::TestApp;
use app::messaging::server::settings::WHATSAPP_TOKEN_PURPOSE;
use app::messaging::server::{reminders, worker};
use http::StatusCode;
use leptos::server_fn::ServerFn;
use sqlx::PgPool;

const YOHANA: &str = "6281148000005";

async fn status_of(
    pool: &PgPool,
    channel: &str,
    event: &str,
) -> Vec<(String, i32, Option<String>)> {
    sqlx::query_as(
        "SELECT status, attempts, last_error FROM customer_messages
         WHERE channel = $1 AND event = $2 ORDER BY id",
    )
    .bind(channel)
    .bind(event)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn receipts_reach_customers_and_a_dead_gateway_delays_only_them(pool: PgPool) {
    let http = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let smtp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let sim = notify_sim::spawn(http, smtp, notify_sim::SimConfig::default()).await;
    let app = TestApp::new(pool.clone()).await;
    let secrets = app::secrets::SecretBox::from_key([7; 32]);
    sqlx::query(
        "UPDATE messaging_settings SET whatsapp_provider = 'fonnte', fonnte_url = $1,
                whatsapp_token = $2, email_enabled = true, smtp_host = '127.0.0.1',
                smtp_port = $3, smtp_security = 'none', email_from = 'tagihan@simpul.test'",
    )
    .bind(format!("{}/send", sim.http_url()))
    .bind(
        secrets
            .seal(WHATSAPP_TOKEN_PURPOSE, notify_sim::DEMO_FONNTE_TOKEN)
            .unwrap(),
    )
    .bind(i32::from(sim.smtp_addr().port()))
    .execute(&pool)
    .await
    .unwrap();
    let ctx = app::request::AppContext {
        pool: pool.clone(),
        auth: app::request::AuthSettings::default(),
        secrets,
        routers: app::nas::server::hub::RouterHub::default(),
        isp: app::request::IspInfo::default(),
        gateways: Default::default(),
        basemap: Default::default(),
    };

    // The WhatsApp gateway is down while finance records Yohana's payment: the payment goes
    // through and her line comes back all the same.
    sim.set_down(true);
    let (customer_id, due): (i64, i64) = sqlx::query_as(
        "SELECT c.id, sum(i.amount_due)::bigint FROM customers c
         JOIN invoices i ON i.customer_id = c.id
         WHERE c.full_name LIKE 'Yohana%' GROUP BY c.id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let finance = app.login("finance").await;
    let body = format!("draft[customer_id]={customer_id}&draft[method]=Cash&draft[amount]={due}");
    let reply = app
        .call(
            app::billing::api::RecordPayment::PATH,
            &body,
            Some(&finance),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let line: String =
        sqlx::query_scalar("SELECT status FROM subscriptions WHERE username = 'yohana'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(line, "active");
    let receipt: String = sqlx::query_scalar(
        "SELECT number FROM payments WHERE customer_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(customer_id)
    .fetch_one(&pool)
    .await
    .unwrap();

    // The worker: email goes out, WhatsApp waits for its gateway.
    assert!(worker::send_due(&ctx, 20).await.unwrap() >= 2);
    let whatsapp = status_of(&pool, "whatsapp", "payment_received").await;
    assert_eq!(whatsapp.len(), 1);
    assert_eq!((whatsapp[0].0.as_str(), whatsapp[0].1), ("queued", 1));
    assert!(
        whatsapp[0].2.as_deref().is_some_and(|e| e.contains("503")),
        "{whatsapp:?}"
    );
    let mails = sim.mail();
    let mail = mails
        .iter()
        .find(|m| m.subject.as_deref().is_some_and(|s| s.contains(&receipt)))
        .unwrap_or_else(|| panic!("a receipt mail among {mails:?}"));
    assert!(
        mail.to.iter().any(|to| to.contains("yohana")),
        "{:?}",
        mail.to
    );
    let text = mail.text.clone().unwrap_or_default();
    assert!(
        text.contains(&receipt) && text.contains("Yohana Kambu"),
        "{text}"
    );

    // The gateway is back; the retry (made due here) delivers the receipt once.
    sim.set_down(false);
    sqlx::query("UPDATE customer_messages SET next_attempt_at = now() WHERE status = 'queued'")
        .execute(&pool)
        .await
        .unwrap();
    worker::send_due(&ctx, 20).await.unwrap();
    let sent: Vec<_> = sim
        .whatsapp()
        .into_iter()
        .filter(|m| m.target == YOHANA && m.message.contains(&receipt))
        .collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].message.contains("Rp"), "{}", sent[0].message);
    assert_eq!(
        status_of(&pool, "whatsapp", "payment_received").await[0].0,
        "sent"
    );
    // Her line coming back was announced too.
    assert!(sim
        .whatsapp()
        .iter()
        .any(|m| m.target == YOHANA && m.message.contains("aktif kembali")));

    // Reminders: H+1 after Budi's partly paid invoice fell due, queued once per invoice and
    // offset (WhatsApp and email) however often the job runs that day.
    let due: chrono::NaiveDate = sqlx::query_scalar(
        "SELECT i.due_date FROM invoices i JOIN customers c ON c.id = i.customer_id
         WHERE c.full_name LIKE 'Budi%' AND i.status = 'partially_paid' ORDER BY i.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let day = due + chrono::Days::new(1);
    let first = reminders::enqueue_due(&pool, day).await.unwrap();
    assert!(first >= 2, "{first}");
    assert_eq!(reminders::enqueue_due(&pool, day).await.unwrap(), 0);
    worker::send_due(&ctx, 20).await.unwrap();
    assert!(
        sim.whatsapp()
            .iter()
            .any(|m| m.message.contains("mengingatkan tagihan")),
        "{:?}",
        sim.whatsapp()
    );
    sim.shutdown().await;
}

#[sqlx::test(migrations = "../migrations")]
async fn templates_refuse_unknown_placeholders(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.login("admin").await;
    let reply = app
        .call(
            app::messaging::api::SaveMessageTemplate::PATH,
            "draft[event]=restored&draft[locale]=id&draft[subject]=Halo&draft[body]=Tagihan+{invoice_number}",
            Some(&admin),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let reply = app
        .call(
            app::messaging::api::PreviewMessageTemplate::PATH,
            "draft[event]=payment_received&draft[locale]=id&draft[subject]=Kuitansi+{receipt_number}&draft[body]=Halo+{name}",
            Some(&admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply.body.contains("KW/2026/12/000045") && reply.body.contains("Halo Yohana Kambu"),
        "{}",
        reply.body
    );
}
