//! Invoices, receipts and credit notes as PDFs and printable pages, read back through the
//! PDF's own fonts; who may open them (staff, the customer they belong to, a signed link);
//! and the logo they print.

use crate::support::TestApp;
use app::billing::model::documents::DocKind;
use app::billing::server::documents::links;
use docpdf::inspect::all_text;
use http::{header, StatusCode};
use leptos::server_fn::ServerFn;
use sqlx::PgPool;

/// An issued invoice of the customer signed in as `username`, with its number.
async fn invoice_of(pool: &PgPool, username: &str) -> (i64, String) {
    sqlx::query_as(
        "SELECT i.id, i.number FROM invoices i
         JOIN subscriptions s ON s.customer_id = i.customer_id
         WHERE s.username = $1 AND i.status <> 'draft' ORDER BY i.id DESC LIMIT 1",
    )
    .bind(username)
    .fetch_one(pool)
    .await
    .unwrap()
}

fn content_type(reply: &crate::support::Reply) -> &str {
    reply
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[sqlx::test(migrations = "../migrations")]
async fn documents_open_for_staff_their_customer_and_signed_links_only(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let (budi_invoice, budi_number) = invoice_of(&pool, "budi").await;
    let (yohana_invoice, _) = invoice_of(&pool, "yohana").await;
    let pdf = format!("/documents/invoices/{budi_invoice}/pdf");

    // Finance reads any invoice: a real PDF whose text names the invoice and the buyer
    // with the faktur fields of a PKP seller.
    let finance = app.login("finance").await;
    let reply = app.get(&pdf, Some(&finance)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(content_type(&reply), "application/pdf");
    let disposition = reply.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.contains(&budi_number.replace('/', "-")),
        "{disposition}"
    );
    let text = all_text(&reply.bytes).unwrap();
    for expected in [
        budi_number.as_str(),
        "PT Simpul Net Nusantara",
        "NPWP 0123456789012345",
        "Budi",
        "PPN 12 %",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    let page = app
        .get(
            &format!("/documents/invoices/{budi_invoice}"),
            Some(&finance),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(content_type(&page).starts_with("text/html"));
    assert!(page.body.contains(&budi_number));
    assert!(page.body.contains(&format!("href=\"{pdf}\"")));

    // Budi reads his own invoice, and Yohana's does not exist for him.
    let budi = app.login("budi").await;
    assert_eq!(app.get(&pdf, Some(&budi)).await.status, StatusCode::OK);
    let other = format!("/documents/invoices/{yohana_invoice}/pdf");
    assert_eq!(
        app.get(&other, Some(&budi)).await.status,
        StatusCode::NOT_FOUND
    );
    // Staff without billing rights see nothing either.
    let tech = app.login("tech1").await;
    assert_eq!(
        app.get(&pdf, Some(&tech)).await.status,
        StatusCode::NOT_FOUND
    );

    // Without a session: sign in first, unless the link is signed for this document.
    let anonymous = app.get(&pdf, None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous
        .location()
        .unwrap()
        .starts_with("/portal/login?next="));
    let secrets = app::secrets::SecretBox::from_key([7; 32]);
    let signed =
        links::signed_pdf_path(&secrets, DocKind::Invoice, budi_invoice, chrono::Utc::now());
    let reply = app.get(&signed, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(all_text(&reply.bytes).unwrap().contains(&budi_number));
    let for_other = signed.replace(
        &format!("/invoices/{budi_invoice}/"),
        &format!("/invoices/{yohana_invoice}/"),
    );
    assert_ne!(app.get(&for_other, None).await.status, StatusCode::OK);
    let tampered = format!(
        "{}0",
        signed.trim_end_matches(|c: char| c.is_ascii_hexdigit())
    );
    assert_ne!(app.get(&tampered, None).await.status, StatusCode::OK);

    for missing in [
        "/documents/invoices/999999/pdf",
        "/documents/payments/1/pdf",
        "/documents/receipts/999999",
    ] {
        assert_eq!(
            app.get(missing, Some(&finance)).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn receipts_state_the_amount_in_words_and_credit_notes_their_reason(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let finance = app.login("finance").await;
    let (customer_id,): (i64,) =
        sqlx::query_as("SELECT customer_id FROM subscriptions WHERE username = 'budi'")
            .fetch_one(&pool)
            .await
            .unwrap();
    // A large prepayment: above Rp5.000.000 the receipt needs e-Meterai.
    let body = format!(
        "draft[customer_id]={customer_id}&draft[method]=BankTransfer&draft[amount]=6000000\
         &draft[reference]=TRF-778"
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
    let reply = app
        .get(
            &format!("/documents/receipts/{payment_id}/pdf"),
            Some(&finance),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let text = all_text(&reply.bytes).unwrap();
    for expected in [
        "KUITANSI",
        "Telah terima dari",
        "TRF-778",
        "Rp 6.000.000",
        "enam juta rupiah",
        "e-Meterai",
        "Menjadi saldo kredit",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    // The customer's own receipt, printable.
    let budi = app.login("budi").await;
    let page = app
        .get(&format!("/documents/receipts/{payment_id}"), Some(&budi))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("enam juta rupiah"));

    // Cancelling an invoice issues a credit note that names it and why.
    let (invoice_id, number) = invoice_of(&pool, "ahmad").await;
    let reply = app
        .call(
            app::billing::api::CancelInvoice::PATH,
            &format!("id={invoice_id}&reason=Salah+paket"),
            Some(&finance),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let (note_id,): (i64,) = sqlx::query_as("SELECT id FROM credit_notes WHERE invoice_id = $1")
        .bind(invoice_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let reply = app
        .get(
            &format!("/documents/credit-notes/{note_id}/pdf"),
            Some(&finance),
        )
        .await;
    let text = all_text(&reply.bytes).unwrap();
    for expected in ["NOTA KREDIT", number.as_str(), "Alasan: Salah paket"] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    // The cancelled invoice says so.
    let reply = app
        .get(
            &format!("/documents/invoices/{invoice_id}/pdf"),
            Some(&finance),
        )
        .await;
    assert!(all_text(&reply.bytes).unwrap().contains("DIBATALKAN"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_logo_is_checked_on_upload_and_printed_on_documents(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let admin = app.login("admin").await;
    let finance = app.login("finance").await;
    let png = one_pixel_png();

    let refused = app
        .send(crate::multipart_to(
            "/api/billing/logo",
            Some(&finance),
            "logo.png",
            &png,
        ))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let svg = app
        .send(crate::multipart_to(
            "/api/billing/logo",
            Some(&admin),
            "logo.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        ))
        .await;
    assert_eq!(svg.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", svg.body);
    let stored = app
        .send(crate::multipart_to(
            "/api/billing/logo",
            Some(&admin),
            "logo.png",
            &png,
        ))
        .await;
    assert_eq!(stored.status, StatusCode::NO_CONTENT, "{}", stored.body);
    let shown = app.get("/api/billing/logo", Some(&admin)).await;
    assert_eq!(shown.bytes, png);

    let (invoice_id, _) = invoice_of(&pool, "budi").await;
    let reply = app
        .get(
            &format!("/documents/invoices/{invoice_id}/pdf"),
            Some(&finance),
        )
        .await;
    assert!(String::from_utf8_lossy(&reply.bytes).contains("/Subtype /Image"));
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'billing.logo'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

fn one_pixel_png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90,
        0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xFF, 0xFF, 0x3F, 0x00, 0x05, 0xFE, 0x02, 0xFE, 0x0D, 0xEF, 0x46, 0xB8, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}
