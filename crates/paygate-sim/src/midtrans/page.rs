//! The Snap payment page a customer is redirected to (`/snap/v4/redirection/{token}`).
//!
//! Choosing a payment type puts the order on Core as `pending` (notified), and after
//! `settle_delay_ms` it settles (notified again); the browser then goes to
//! `callbacks.finish?order_id=…&status_code=…&transaction_status=…` like Snap's finish
//! redirect, or back to this page, which then says the payment is done.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;

use super::{MidtransTx, Status, PAYMENT_TYPES};
use crate::deliver;
use crate::html::{escape, not_found, page};
use crate::sign;
use crate::store::Sim;

const TITLE: &str = "Midtrans (simulator)";

fn find(sim: &Sim, token: &str) -> Option<MidtransTx> {
    sim.store()
        .tx
        .midtrans
        .values()
        .find(|tx| tx.token == token)
        .cloned()
}

fn is_expired(tx: &MidtransTx) -> bool {
    let open = matches!(tx.status, None | Some(Status::Pending));
    tx.page_expired || tx.status == Some(Status::Expire) || (open && tx.expires_at <= Utc::now())
}

fn button_label(payment_type: &str) -> &'static str {
    match payment_type {
        "bank_transfer" => "Bayar dengan BCA Virtual Account",
        "gopay" => "Bayar dengan GoPay",
        _ => "Bayar dengan QRIS",
    }
}

/// `GET /snap/v4/redirection/{token}`.
pub(crate) async fn show(State(sim): State<Arc<Sim>>, Path(token): Path<String>) -> Response {
    let Some(tx) = find(&sim, &token) else {
        return not_found(TITLE);
    };
    let mut body = format!(
        "<header>{TITLE}</header><main><dl><dt>Order ID</dt><dd>{}</dd>\
         <dt>Total</dt><dd>{}</dd></dl>",
        escape(&tx.order_id),
        sign::rupiah(tx.gross_amount)
    );
    if is_expired(&tx) {
        body.push_str(
            "<h1>Transaksi kedaluwarsa</h1><p>This payment has expired. \
             Please return to the merchant and start again.</p>",
        );
    } else if tx.is_paid() || matches!(tx.status, Some(Status::Refund)) {
        body.push_str("<h1>Pembayaran berhasil</h1><p>Payment done.</p>");
        if let Some(finish) = &tx.finish_url {
            body.push_str(&format!(
                "<p><a href=\"{}\">Kembali ke merchant</a></p>",
                escape(&finish_location(&tx, finish))
            ));
        }
    } else if matches!(tx.status, Some(Status::Deny | Status::Cancel)) {
        body.push_str("<h1>Pembayaran gagal</h1><p>The payment was not accepted.</p>");
    } else {
        if let (Some(Status::Pending), Some(kind)) = (tx.status, &tx.payment_type) {
            body.push_str(&format!(
                "<p role=\"status\">Menunggu pembayaran ({})</p>",
                escape(kind)
            ));
        }
        body.push_str("<h1>Pilih metode pembayaran</h1>");
        for kind in PAYMENT_TYPES {
            body.push_str(&format!(
                "<form method=\"post\" action=\"{}/pay\">\
                 <button type=\"submit\" name=\"payment_type\" value=\"{kind}\">{}</button></form>",
                escape(&token),
                button_label(kind)
            ));
        }
    }
    body.push_str("</main>");
    page(StatusCode::OK, TITLE, &body)
}

/// Where Snap sends the browser after paying.
fn finish_location(tx: &MidtransTx, finish: &str) -> String {
    let status = tx.status.unwrap_or(Status::Pending);
    let separator = if finish.contains('?') { '&' } else { '?' };
    format!(
        "{finish}{separator}order_id={}&status_code={}&transaction_status={}",
        tx.order_id,
        status.status_code(&tx.fraud_status),
        status.as_str()
    )
}

/// `POST /snap/v4/redirection/{token}/pay` with `payment_type`.
pub(crate) async fn pay(
    State(sim): State<Arc<Sim>>,
    Path(token): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let kind = form
        .get("payment_type")
        .map(String::as_str)
        .filter(|k| PAYMENT_TYPES.contains(k))
        .unwrap_or("qris");
    let here = format!("{}/snap/v4/redirection/{token}", sim.public_url);
    let order_id = {
        let mut store = sim.store();
        let Some(tx) = store.tx.midtrans.values_mut().find(|tx| tx.token == token) else {
            return not_found(TITLE);
        };
        if is_expired(tx) || !matches!(tx.status, None | Some(Status::Pending)) {
            return Redirect::to(&here).into_response();
        }
        let order_id = tx.order_id.clone();
        if tx.status.is_none() {
            tx.enter_core(kind, Utc::now());
            let batch = tx.notification(&sim, None).into_iter().collect();
            drop(store);
            sim.changed();
            deliver::dispatch(&sim, batch);
        }
        order_id
    };
    // Settle in a task of its own: a browser that gives up must not stop the payment.
    let settle = tokio::spawn(settle_later(sim.clone(), order_id.clone()));
    let _ = settle.await;
    let tx = sim.store().tx.midtrans.get(&order_id).cloned();
    match tx
        .as_ref()
        .and_then(|tx| Some((tx, tx.finish_url.as_deref()?)))
    {
        Some((tx, finish)) => Redirect::to(&finish_location(tx, finish)).into_response(),
        None => Redirect::to(&here).into_response(),
    }
}

async fn settle_later(sim: Arc<Sim>, order_id: String) {
    if !sim
        .sleep(Duration::from_millis(sim.config.settle_delay_ms))
        .await
    {
        return;
    }
    let batch = {
        let mut store = sim.store();
        let Some(tx) = store.tx.midtrans.get_mut(&order_id) else {
            return;
        };
        if tx.status != Some(Status::Pending) {
            return;
        }
        tx.set(Status::Settlement, Utc::now());
        tx.notification(&sim, None).into_iter().collect()
    };
    sim.changed();
    deliver::dispatch(&sim, batch);
}
