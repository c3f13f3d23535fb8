//! `--state`: recorded messages survive a restart, and ids are not reused.

use notify_sim::SimConfig;

use crate::support::*;

#[tokio::test]
async fn messages_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("notify-sim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let _ = std::fs::remove_file(&path);
    let with_state = || SimConfig {
        state_file: Some(path.clone()),
        ..config()
    };

    let first = sim(with_state()).await;
    fonnte_form(
        &first,
        &[("target", "08123456789"), ("message", "disimpan")],
    )
    .await;
    let mut smtp = Smtp::connect(first.smtp_addr()).await;
    smtp.command("HELO x").await;
    smtp.command("MAIL FROM:<a@isp.test>").await;
    smtp.command("RCPT TO:<b@isp.test>").await;
    smtp.command("DATA").await;
    assert_eq!(smtp.command("Subject: disimpan\r\n\r\n.").await, 250);
    let before = (first.whatsapp(), first.mail());
    first.shutdown().await;
    assert!(path.exists());

    let second = sim(with_state()).await;
    assert_eq!(second.whatsapp(), before.0);
    assert_eq!(second.mail(), before.1);
    fonnte_form(&second, &[("target", "08123456789"), ("message", "baru")]).await;
    let ids: Vec<String> = second.whatsapp().into_iter().map(|m| m.id).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert_ne!(ids[1], before.1[0].id);
    second.shutdown().await;

    std::fs::write(&path, b"not json").unwrap();
    let http = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let smtp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    assert!(notify_sim::try_spawn(http, smtp, with_state())
        .await
        .is_err());
    let _ = std::fs::remove_dir_all(&dir);
}
