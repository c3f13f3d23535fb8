//! The SMTP sink driven by a raw client script: what a message looks like once stored,
//! command order, size limits, and garbage.

use notify_sim::SimConfig;
use tokio::io::AsyncWriteExt;

use crate::support::*;

/// A multipart mail: a base64 UTF-8 text part (RFC 2047 subject) and a 7bit attachment
/// whose lines start with dots, dot-stuffed as a client must send them.
const DATA: &str = "From: Simpul <billing@isp.test>\r\n\
To: Budi <budi@example.com>\r\n\
Subject: =?UTF-8?B?S3dpdGFuc2kgcGVtYmF5YXJhbg==?=\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
VGVyaW1hIGthc2loLCBCdWRpLgpQZW1iYXlhcmFuIFJwIDE1MC4wMDAgc3VkYWgga2FtaSB0ZXJp\r\n\
bWEg4pyTCg==\r\n\
--b1\r\n\
Content-Type: text/plain; name=\"catatan.txt\"\r\n\
Content-Disposition: attachment; filename=\"catatan.txt\"\r\n\
\r\n\
..titik di awal\r\n\
...\r\n\
--b1--\r\n\
.\r\n";

const TEXT: &str = "Terima kasih, Budi.\nPembayaran Rp 150.000 sudah kami terima ✓\n";

#[tokio::test]
async fn scripted_client_delivers_a_decoded_message() {
    let sim = sim(config()).await;
    let mut smtp = Smtp::connect(sim.smtp_addr()).await;
    let ehlo = smtp.send("EHLO client.test").await;
    assert_eq!(ehlo.code, 250);
    for extension in ["8BITMIME", "SMTPUTF8", "AUTH PLAIN LOGIN", "SIZE 10485760"] {
        assert!(ehlo.lines.iter().any(|l| l == extension), "{ehlo:?}");
    }
    // "\0billing@isp.test\0rahasia"
    assert_eq!(
        smtp.command("AUTH PLAIN AGJpbGxpbmdAaXNwLnRlc3QAcmFoYXNpYQ==")
            .await,
        235
    );
    assert_eq!(
        smtp.command("MAIL FROM:<billing@isp.test> BODY=8BITMIME SIZE=1200")
            .await,
        250
    );
    assert_eq!(smtp.command("RCPT TO:<budi@example.com>").await, 250);
    assert_eq!(smtp.command("RCPT TO:<arsip@isp.test>").await, 250);
    assert_eq!(smtp.command("DATA").await, 354);
    smtp.write(DATA.as_bytes()).await;
    let queued = smtp.reply().await.unwrap();
    assert_eq!(queued.code, 250);
    assert_eq!(smtp.command("QUIT").await, 221);

    let mail = sim.wait_for_mail(DEADLINE, |all| !all.is_empty()).await;
    let mail = &mail[0];
    assert!(queued.lines[0].ends_with(&mail.id), "{queued:?}");
    assert_eq!(mail.from, "billing@isp.test");
    assert_eq!(mail.to, ["budi@example.com", "arsip@isp.test"]);
    assert_eq!(mail.username.as_deref(), Some("billing@isp.test"));
    assert_eq!(mail.subject.as_deref(), Some("Kwitansi pembayaran"));
    assert_eq!(mail.text.as_deref(), Some(TEXT));
    assert_eq!(mail.attachments.len(), 1);
    assert_eq!(mail.attachments[0].filename.as_deref(), Some("catatan.txt"));
    assert_eq!(mail.attachments[0].content_type, "text/plain");
    // ".titik di awal\r\n..": the dots were unstuffed once.
    assert_eq!(mail.attachments[0].size, ".titik di awal\r\n..".len());
    assert!(mail.raw.contains("\r\n.titik di awal\r\n..\r\n--b1--\r\n"));
    assert!(mail.raw.ends_with("--b1--\r\n"));
}

#[tokio::test]
async fn auth_login_and_several_messages_per_connection() {
    let sim = sim(config()).await;
    let mut smtp = Smtp::connect(sim.smtp_addr()).await;
    assert_eq!(smtp.command("EHLO client.test").await, 250);
    assert_eq!(smtp.command("AUTH LOGIN").await, 334);
    assert_eq!(smtp.command("bm9jQGlzcC50ZXN0").await, 334);
    assert_eq!(smtp.command("cmFoYXNpYQ==").await, 235);
    for subject in ["satu", "dua"] {
        assert_eq!(smtp.command("MAIL FROM:<>").await, 250);
        assert_eq!(smtp.command("RCPT TO:<noc@isp.test>").await, 250);
        assert_eq!(smtp.command("DATA").await, 354);
        let reply = smtp
            .send(&format!("Subject: {subject}\r\n\r\nisi\r\n."))
            .await;
        assert_eq!(reply.code, 250);
    }
    let mail = sim.mail();
    assert_eq!(mail.len(), 2);
    assert_eq!(mail[1].subject.as_deref(), Some("dua"));
    assert_eq!(mail[0].from, "");
    assert_eq!(mail[0].username.as_deref(), Some("noc@isp.test"));
    assert_eq!(mail[0].text.as_deref(), Some("isi\n"));
}

#[tokio::test]
async fn commands_out_of_order_get_503() {
    let sim = sim(config()).await;
    let mut smtp = Smtp::connect(sim.smtp_addr()).await;
    assert_eq!(smtp.command("MAIL FROM:<a@isp.test>").await, 503);
    assert_eq!(smtp.command("AUTH PLAIN").await, 503);
    assert_eq!(smtp.command("EHLO client.test").await, 250);
    assert_eq!(smtp.command("RCPT TO:<b@isp.test>").await, 503);
    assert_eq!(smtp.command("DATA").await, 503);
    assert_eq!(smtp.command("MAIL FROM:<a@isp.test>").await, 250);
    assert_eq!(smtp.command("MAIL FROM:<a@isp.test>").await, 503);
    assert_eq!(smtp.command("DATA").await, 503);
    assert_eq!(smtp.command("AUTH PLAIN").await, 503);
    assert_eq!(smtp.command("RSET").await, 250);
    assert_eq!(smtp.command("RCPT TO:<b@isp.test>").await, 503);
    assert_eq!(smtp.command("VRFY b@isp.test").await, 252);
    assert_eq!(smtp.command("NOOP").await, 250);
    assert_eq!(smtp.command("STARTTLS").await, 502);
    assert_eq!(smtp.command("XYZZY").await, 500);
    assert_eq!(smtp.command("QUIT").await, 221);
    assert!(smtp.reply().await.is_none(), "closed after QUIT");
    assert!(sim.mail().is_empty());
}

#[tokio::test]
async fn messages_over_size_get_552() {
    let sim = sim(SimConfig {
        max_mail_size: 1000,
        ..config()
    })
    .await;
    let mut smtp = Smtp::connect(sim.smtp_addr()).await;
    let ehlo = smtp.send("EHLO client.test").await;
    assert!(ehlo.lines.iter().any(|l| l == "SIZE 1000"), "{ehlo:?}");
    assert_eq!(smtp.command("MAIL FROM:<a@isp.test> SIZE=1001").await, 552);
    assert_eq!(smtp.command("MAIL FROM:<a@isp.test>").await, 250);
    assert_eq!(smtp.command("RCPT TO:<b@isp.test>").await, 250);
    assert_eq!(smtp.command("DATA").await, 354);
    let line = "x".repeat(70);
    for _ in 0..20 {
        smtp.write(format!("{line}\r\n").as_bytes()).await;
    }
    // One line longer than the whole limit, too.
    smtp.write(format!("{}\r\n", "y".repeat(5000)).as_bytes())
        .await;
    assert_eq!(smtp.command(".").await, 552);
    // The session goes on, and a small message still fits.
    assert_eq!(smtp.command("MAIL FROM:<a@isp.test>").await, 250);
    assert_eq!(smtp.command("RCPT TO:<b@isp.test>").await, 250);
    assert_eq!(smtp.command("DATA").await, 354);
    assert_eq!(smtp.command("Subject: kecil\r\n\r\nok\r\n.").await, 250);
    let mail = sim.mail();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].subject.as_deref(), Some("kecil"));
}

#[tokio::test]
async fn garbage_does_not_break_the_sink() {
    let sim = sim(config()).await;

    // Binary junk, a line far over 1000 bytes, NULs and invalid UTF-8: 500s, no crash.
    let mut smtp = Smtp::connect(sim.smtp_addr()).await;
    smtp.write(b"\x00\xff\xfe\x16\x03\x01 hello\r\n").await;
    assert_eq!(smtp.reply().await.unwrap().code, 500);
    smtp.write(&[b'A'; 5000]).await;
    smtp.write(b"\r\n").await;
    let too_long = smtp.reply().await.unwrap();
    assert_eq!(too_long.code, 500);
    assert_eq!(too_long.lines, ["Line too long"]);
    assert_eq!(smtp.command("EHLO still.here").await, 250);

    // An HTTP request on the SMTP port.
    let mut http_client = Smtp::connect(sim.smtp_addr()).await;
    http_client
        .write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    for _ in 0..3 {
        assert_eq!(http_client.reply().await.unwrap().code, 500);
    }

    // A client that keeps erring is dropped with 421.
    let mut noisy = Smtp::connect(sim.smtp_addr()).await;
    let mut last = 0;
    for _ in 0..20 {
        noisy.write(b"junk\r\n").await;
        last = noisy.reply().await.unwrap().code;
    }
    assert_eq!(last, 421);
    assert!(noisy.reply().await.is_none());

    // Hanging up mid-command and mid-DATA.
    let mut rude = tokio::net::TcpStream::connect(sim.smtp_addr())
        .await
        .unwrap();
    rude.write_all(b"EHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nhalf a mess")
        .await
        .unwrap();
    drop(rude);
    let mut rude = tokio::net::TcpStream::connect(sim.smtp_addr())
        .await
        .unwrap();
    rude.write_all(b"EHL").await.unwrap();
    drop(rude);

    // Still serving: a whole message goes through on the first connection.
    assert_eq!(smtp.command("MAIL FROM:<a@isp.test>").await, 250);
    assert_eq!(smtp.command("RCPT TO:<b@isp.test>").await, 250);
    assert_eq!(smtp.command("DATA").await, 354);
    assert_eq!(smtp.command("Subject: masih hidup\r\n\r\n.").await, 250);
    let mail = sim.mail();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].subject.as_deref(), Some("masih hidup"));
    assert_eq!(mail[0].text.as_deref(), Some(""));
}
