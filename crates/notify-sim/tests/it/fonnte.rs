//! Fonnte `POST /send`: bodies in every encoding, the token, number normalisation, several
//! targets, refused numbers, `fail_next` and the outage.

use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn form_body_replaces_the_leading_zero() {
    let sim = sim(config()).await;
    let (status, body) = fonnte_form(
        &sim,
        &[
            ("target", "0812-3456-789"),
            ("message", "Tagihan Mei: Rp 150.000"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], true, "{body}");
    assert_eq!(body["detail"], "success! message in queue");
    assert_eq!(body["process"], "pending");
    assert_eq!(body["target"], json!(["628123456789"]));
    let id = body["id"][0].as_str().unwrap();
    let recorded = sim.whatsapp();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].id, id);
    assert_eq!(recorded[0].provider, "fonnte");
    assert_eq!(recorded[0].target, "628123456789");
    assert_eq!(recorded[0].message, "Tagihan Mei: Rp 150.000");
    assert_eq!(recorded[0].url, None);
}

#[tokio::test]
async fn json_body_with_several_targets() {
    let sim = sim(config()).await;
    let body: Value = http()
        .post(format!("{}/send", sim.http_url()))
        .header("Authorization", TOKEN)
        .json(&json!({
            "target": "08123456789|Budi|Pelanggan, +62 813-1111-2222,",
            "message": "Gangguan di area Anda sudah pulih.",
            "url": "https://isp.test/kwitansi/1.pdf",
            "filename": "kwitansi.pdf",
            "countryCode": 62,
            "delay": "2",
            "schedule": 0,
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["status"], true, "{body}");
    assert_eq!(body["target"], json!(["628123456789", "6281311112222"]));
    let ids = body["id"].as_array().unwrap();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    let recorded = sim.whatsapp();
    assert_eq!(recorded.len(), 2);
    for (message, id) in recorded.iter().zip(ids) {
        assert_eq!(message.id, id.as_str().unwrap());
        assert_eq!(
            message.url.as_deref(),
            Some("https://isp.test/kwitansi/1.pdf")
        );
        assert_eq!(message.filename.as_deref(), Some("kwitansi.pdf"));
    }
}

#[tokio::test]
async fn multipart_body_with_a_file() {
    let sim = sim(config()).await;
    let boundary = "----simpulboundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"target\"\r\n\r\n081234567890\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nHalo,\nBudi\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"invoice.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--{boundary}--\r\n"
    );
    let answer: Value = http()
        .post(format!("{}/send", sim.http_url()))
        .header("Authorization", TOKEN)
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["status"], true, "{answer}");
    let recorded = sim.whatsapp();
    assert_eq!(recorded[0].target, "6281234567890");
    assert_eq!(recorded[0].message, "Halo,\nBudi");
    assert_eq!(recorded[0].filename.as_deref(), Some("invoice.pdf"));
}

#[tokio::test]
async fn wrong_or_missing_token_is_status_false_with_http_200() {
    let sim = sim(config()).await;
    let form = [("target", "08123456789"), ("message", "x")];
    for token in [None, Some("wrong"), Some(&*format!("Bearer {TOKEN}"))] {
        let mut request = http().post(format!("{}/send", sim.http_url())).form(&form);
        if let Some(token) = token {
            request = request.header("Authorization", token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body, json!({"status": false, "reason": "invalid token"}));
    }
    assert!(sim.whatsapp().is_empty());
}

#[tokio::test]
async fn country_code_zero_keeps_the_number() {
    let sim = sim(config()).await;
    let (_, body) = fonnte_form(
        &sim,
        &[
            ("target", "0812 3456 789"),
            ("message", "x"),
            ("countryCode", "0"),
        ],
    )
    .await;
    assert_eq!(body["target"], json!(["08123456789"]));
    let (_, body) = fonnte_form(
        &sim,
        &[
            ("target", "0812345678"),
            ("message", "x"),
            ("countryCode", "60"),
        ],
    )
    .await;
    assert_eq!(body["target"], json!(["60812345678"]));
}

#[tokio::test]
async fn empty_fields_and_bad_numbers_are_refused() {
    let sim = sim(config()).await;
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("message", "x")], "target empty"),
        (&[("target", " , "), ("message", "x")], "target empty"),
        (&[("target", "08123456789")], "message empty"),
        (
            &[("target", "0812345678x"), ("message", "x")],
            "target invalid",
        ),
        (
            &[
                ("target", "0812345678"),
                ("message", "x"),
                ("countryCode", "id"),
            ],
            "input invalid",
        ),
    ];
    for (form, reason) in cases {
        let (status, body) = fonnte_form(&sim, form).await;
        assert_eq!(status, 200);
        assert_eq!(body, json!({"status": false, "reason": reason}), "{form:?}");
    }
    // An attachment alone is a message.
    let (_, body) = fonnte_form(
        &sim,
        &[("target", "08123456789"), ("url", "https://isp.test/a.png")],
    )
    .await;
    assert_eq!(body["status"], true);
    assert_eq!(sim.whatsapp().len(), 1);
}

#[tokio::test]
async fn fail_numbers_refuse_the_whole_request() {
    let sim = sim(notify_sim::SimConfig {
        fail_numbers: vec!["0812 9999 0000".into()],
        ..config()
    })
    .await;
    for target in ["6281299990000", "08123456789,+62-812-9999-0000"] {
        let (status, body) = fonnte_form(&sim, &[("target", target), ("message", "x")]).await;
        assert_eq!(status, 200);
        assert_eq!(body, json!({"status": false, "reason": "target invalid"}));
    }
    assert!(sim.whatsapp().is_empty());
    let (_, body) = fonnte_form(&sim, &[("target", "08123456789"), ("message", "x")]).await;
    assert_eq!(body["status"], true);
}

#[tokio::test]
async fn fail_next_refuses_then_recovers() {
    let sim = sim(notify_sim::SimConfig {
        fail_next: 1,
        ..config()
    })
    .await;
    let form = [("target", "08123456789"), ("message", "x")];
    // A request refused for its own fault does not use up the failure.
    let (_, body) = fonnte_form(&sim, &[("target", "08123456789")]).await;
    assert_eq!(body["reason"], "message empty");
    let (status, body) = fonnte_form(&sim, &form).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": false, "reason": "simulated failure"})
    );
    let (_, body) = fonnte_form(&sim, &form).await;
    assert_eq!(body["status"], true);
    sim.fail_next(2);
    assert_eq!(fonnte_form(&sim, &form).await.1["status"], false);
    assert_eq!(fonnte_form(&sim, &form).await.1["status"], false);
    assert_eq!(fonnte_form(&sim, &form).await.1["status"], true);
    assert_eq!(sim.whatsapp().len(), 2);
}

#[tokio::test]
async fn down_answers_503_until_up() {
    let sim = sim(config()).await;
    sim.set_down(true);
    let response = http()
        .post(format!("{}/send", sim.http_url()))
        .header("Authorization", TOKEN)
        .form(&[("target", "08123456789"), ("message", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let response = http()
        .get(format!(
            "{}/api/send?phone=08123456789&message=x",
            sim.http_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert!(sim.whatsapp().is_empty());
    sim.set_down(false);
    let (status, body) = fonnte_form(&sim, &[("target", "08123456789"), ("message", "x")]).await;
    assert_eq!((status, body["status"].clone()), (200, json!(true)));
}
