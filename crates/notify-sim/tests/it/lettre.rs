//! lettre, as the app uses it: `AsyncSmtpTransport::builder_dangerous(host).port(p)` with
//! credentials, delivering a multipart message with an attachment to the sink.

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::support::*;

#[tokio::test]
async fn lettre_delivers_a_multipart_message_with_an_attachment() {
    let sim = sim(config()).await;
    let text = "Halo Budi,\n\nPembayaran Rp 150.000 untuk paket 20 Mbps — Mei 2026 sudah diterima.\n.titik\n";
    let html = "<p>Halo Budi,</p><p>Pembayaran <b>Rp 150.000</b> sudah diterima.</p>";
    let pdf: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let message = Message::builder()
        .from("Simpul ISP <billing@isp.test>".parse::<Mailbox>().unwrap())
        .to("Budi Santoso <budi@example.com>"
            .parse::<Mailbox>()
            .unwrap())
        .subject("Kwitansi pembayaran Mei – Rp 150.000 ✓")
        .multipart(
            MultiPart::mixed()
                .multipart(MultiPart::alternative_plain_html(
                    text.to_owned(),
                    html.to_owned(),
                ))
                .singlepart(
                    Attachment::new("Kwitansi Mei 2026.pdf".to_owned())
                        .body(pdf.clone(), ContentType::parse("application/pdf").unwrap()),
                )
                .singlepart(SinglePart::plain("catatan kedua".to_owned())),
        )
        .unwrap();
    let mailer = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(sim.smtp_addr().port())
        .credentials(Credentials::new(
            "billing@isp.test".to_owned(),
            "rahasia".to_owned(),
        ))
        .build();
    let response = mailer.send(message).await.unwrap();
    assert_eq!(response.code().to_string(), "250");

    let mail = sim.wait_for_mail(DEADLINE, |all| !all.is_empty()).await;
    let mail = &mail[0];
    assert_eq!(mail.from, "billing@isp.test");
    assert_eq!(mail.to, ["budi@example.com"]);
    assert_eq!(mail.username.as_deref(), Some("billing@isp.test"));
    assert_eq!(
        mail.subject.as_deref(),
        Some("Kwitansi pembayaran Mei – Rp 150.000 ✓")
    );
    assert_eq!(mail.text.as_deref(), Some(text));
    assert_eq!(mail.html.as_deref(), Some(html));
    assert_eq!(mail.attachments.len(), 2, "{:?}", mail.attachments);
    let pdf_part = &mail.attachments[0];
    assert_eq!(pdf_part.filename.as_deref(), Some("Kwitansi Mei 2026.pdf"));
    assert_eq!(pdf_part.content_type, "application/pdf");
    assert_eq!(pdf_part.size, pdf.len());
    assert_eq!(mail.attachments[1].content_type, "text/plain");
    assert_eq!(mail.attachments[1].filename, None);
}
