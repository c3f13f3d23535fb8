//! The `/_sim` API, the page, waiting, and shutting down.

use std::time::Duration;

use serde_json::Value;

use crate::support::*;

#[tokio::test]
async fn inspection_api_lists_and_clears() {
    let sim = sim(config()).await;
    fonnte_form(
        &sim,
        &[
            ("target", "08123456789"),
            ("message", "<b>Halo</b> & selamat"),
        ],
    )
    .await;
    let mut smtp = Smtp::connect(sim.smtp_addr()).await;
    smtp.command("HELO test").await;
    smtp.command("MAIL FROM:<billing@isp.test>").await;
    smtp.command("RCPT TO:<budi@example.com>").await;
    assert_eq!(smtp.command("DATA").await, 354);
    assert_eq!(smtp.command("Subject: Tagihan\r\n\r\nIsi\r\n.").await, 250);

    let base = sim.http_url();
    let whatsapp: Value = http()
        .get(format!("{base}/_sim/whatsapp"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(whatsapp[0]["provider"], "fonnte");
    assert_eq!(whatsapp[0]["target"], "628123456789");
    let mail: Value = http()
        .get(format!("{base}/_sim/mail"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mail[0]["subject"], "Tagihan");
    assert_eq!(mail[0]["to"][0], "budi@example.com");
    assert!(mail[0].get("raw").is_none());
    let mail: Value = http()
        .get(format!("{base}/_sim/mail?raw=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mail[0]["raw"], "Subject: Tagihan\r\n\r\nIsi\r\n");

    let page = http().get(format!("{base}/")).send().await.unwrap();
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let page = page.text().await.unwrap();
    assert!(
        page.contains("&lt;b&gt;Halo&lt;/b&gt; &amp; selamat"),
        "{page}"
    );
    assert!(page.contains("Tagihan"));

    let response = http()
        .delete(format!("{base}/_sim/messages"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(sim.whatsapp().is_empty());
    assert!(sim.mail().is_empty());
}

#[tokio::test]
async fn page_lists_newest_first() {
    let sim = sim(config()).await;
    for text in ["pesan-pertama", "pesan-kedua"] {
        fonnte_form(&sim, &[("target", "08123456789"), ("message", text)]).await;
    }
    let page = http()
        .get(sim.http_url())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let first = page.find("pesan-pertama").unwrap();
    let second = page.find("pesan-kedua").unwrap();
    assert!(second < first);
}

#[tokio::test]
async fn down_up_and_fail_next_over_http() {
    let sim = sim(config()).await;
    let base = sim.http_url();
    let state: Value = http()
        .post(format!("{base}/_sim/down"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["down"], true);
    let response = http()
        .post(format!("{base}/api/send"))
        .form(&[("phone", "08123456789"), ("message", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert!(http()
        .get(&base)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .contains("Gateway mati"));
    http().post(format!("{base}/_sim/up")).send().await.unwrap();
    let state: Value = http()
        .post(format!("{base}/_sim/fail-next?count=3"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["down"], false);
    assert_eq!(state["fail_next"], 3);
    let response = http()
        .post(format!("{base}/_sim/fail-next?count=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn waiting_wakes_on_new_messages() {
    let sim = sim(config()).await;
    let url = sim.http_url();
    let sender = tokio::spawn(async move {
        http()
            .get(format!("{url}/api/send?phone=08123456789&message=menunggu"))
            .send()
            .await
            .unwrap();
    });
    let seen = sim
        .wait_for_whatsapp(DEADLINE, |all| all.iter().any(|m| m.message == "menunggu"))
        .await;
    assert_eq!(seen.len(), 1);
    sender.await.unwrap();
    // A wait that cannot succeed returns what there is once the time is up.
    let none = sim
        .wait_for_mail(Duration::from_millis(20), |all| !all.is_empty())
        .await;
    assert!(none.is_empty());
}

#[tokio::test]
async fn shutdown_closes_both_listeners() {
    let sim = sim(config()).await;
    let (http_url, smtp) = (sim.http_url(), sim.smtp_addr());
    sim.shutdown().await;
    assert!(tokio::net::TcpStream::connect(smtp).await.is_err());
    assert!(http().get(http_url).send().await.is_err());
}
