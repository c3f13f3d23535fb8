//! The URL-template gateway (`/api/send`) and the Wablas-style `/api/send-message`.

use serde_json::{json, Value};

use crate::support::*;

async fn get(url: String) -> (u16, Value) {
    let response = http().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn url_template_get() {
    let sim = sim(config()).await;
    let (status, body) = get(format!(
        "{}/api/send?phone=0812-3456-789&message=Halo%20Budi%2C%20tagihan%20Anda%20Rp%20150.000&token=any",
        sim.http_url()
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], true, "{body}");
    let recorded = sim.whatsapp();
    assert_eq!(recorded.len(), 1);
    assert_eq!(body["id"], recorded[0].id.as_str());
    assert_eq!(recorded[0].provider, "template");
    assert_eq!(recorded[0].target, "628123456789");
    assert_eq!(recorded[0].message, "Halo Budi, tagihan Anda Rp 150.000");
}

#[tokio::test]
async fn url_template_post_and_refusals() {
    let sim = sim(config()).await;
    let url = format!("{}/api/send", sim.http_url());
    let body: Value = http()
        .post(&url)
        .json(&json!({"phone": "+6281234567890", "message": "Lunas"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["status"], true);
    let response = http()
        .post(&url)
        .form(&[("phone", "0812345678")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], false);
    let (status, _) = get(format!("{url}?phone=0812,0813&message=x")).await;
    assert_eq!(status, 400);
    assert_eq!(sim.whatsapp().len(), 1);
}

#[tokio::test]
async fn template_token_when_configured() {
    let sim = sim(notify_sim::SimConfig {
        template_token: Some("tpl-secret".into()),
        fail_numbers: vec!["081200000000".into()],
        ..config()
    })
    .await;
    let base = format!("{}/api/send?phone=08123456789&message=x", sim.http_url());
    assert_eq!(get(format!("{base}&token=wrong")).await.0, 401);
    assert_eq!(get(base.clone()).await.0, 401);
    assert_eq!(get(format!("{base}&token=tpl-secret")).await.0, 200);
    let (status, body) = get(format!(
        "{}/api/send?phone=081200000000&message=x&token=tpl-secret",
        sim.http_url()
    ))
    .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (400, Some("phone invalid"))
    );
    let response = http()
        .post(format!("{}/api/send-message", sim.http_url()))
        .header("Authorization", "tpl-secret.key123")
        .form(&[("phone", "08123456789"), ("message", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn wablas_send_message() {
    let sim = sim(config()).await;
    let url = format!("{}/api/send-message", sim.http_url());
    let response = http()
        .post(&url)
        .header("Authorization", "wablas-token.secret")
        .form(&[
            ("phone", "08123456789,081311112222"),
            ("message", "Pembayaran diterima"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], true, "{body}");
    assert_eq!(
        body["message"],
        "Message is pending and waiting to be processed"
    );
    let messages = body["data"]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["phone"], "628123456789");
    assert_eq!(messages[1]["phone"], "6281311112222");
    assert_eq!(messages[0]["message"], "Pembayaran diterima");
    assert_eq!(messages[0]["status"], "pending");
    let recorded = sim.whatsapp();
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0].provider, "wablas");
    assert_eq!(messages[0]["id"], recorded[0].id.as_str());
    assert_eq!(recorded[0].id.len(), 36, "a UUID");

    let response = http()
        .post(&url)
        .form(&[("phone", "08123456789"), ("message", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], false);
    sim.fail_next(1);
    let response = http()
        .post(&url)
        .header("Authorization", "t")
        .json(&json!({"phone": "08123456789", "message": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(sim.whatsapp().len(), 2);
}
