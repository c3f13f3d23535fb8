//! Tripay's checkout page (`/tripay/checkout/{reference}`): the channel, the amount, the VA
//! number or QR payload, and one "Bayar" button that pays in full, sends the callback and
//! returns the browser to `return_url` (or back here). Also the `qr_url` (the payload as
//! text) and the channel icons the channel list points to.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};

use super::{channels, Status, TripayTx};
use crate::deliver;
use crate::html::{escape, not_found, page};
use crate::sign;
use crate::store::Sim;

const TITLE: &str = "Tripay (simulator)";

fn payable(tx: &TripayTx) -> bool {
    tx.status == Status::Unpaid && tx.expired_time > Utc::now().timestamp()
}

/// `GET /tripay/checkout/{reference}`.
pub(crate) async fn show(State(sim): State<Arc<Sim>>, Path(reference): Path<String>) -> Response {
    let Some(tx) = sim.store().tx.tripay.get(&reference).cloned() else {
        return not_found(TITLE);
    };
    let expires = DateTime::<Utc>::from_timestamp(tx.expired_time, 0)
        .map(|at| sign::midtrans_time(at) + " WIB")
        .unwrap_or_default();
    let mut body = format!(
        "<header>{TITLE}</header><main><dl>\
         <dt>Merchant ref</dt><dd>{}</dd><dt>Referensi</dt><dd>{}</dd>\
         <dt>Metode</dt><dd>{}</dd><dt>Total bayar</dt><dd>{}</dd>\
         <dt>Batas waktu</dt><dd>{}</dd><dt>Status</dt><dd>{}</dd>",
        escape(&tx.merchant_ref),
        escape(&tx.reference),
        escape(&tx.payment_name),
        sign::rupiah(tx.total_amount()),
        escape(&expires),
        tx.status.as_str(),
    );
    if let Some(code) = &tx.pay_code {
        body.push_str(&format!(
            "<dt>Nomor Virtual Account</dt><dd><code>{}</code></dd>",
            escape(code)
        ));
    }
    if let Some(qr) = &tx.qr_string {
        body.push_str(&format!(
            "<dt>QRIS</dt><dd><code>{}</code></dd>",
            escape(qr)
        ));
    }
    body.push_str("</dl>");
    if payable(&tx) {
        body.push_str(&format!(
            "<form method=\"post\" action=\"{}/pay\">\
             <button type=\"submit\">Bayar</button></form>",
            escape(&tx.reference)
        ));
    } else {
        let message = match tx.status {
            Status::Paid => "Pembayaran berhasil. Payment done.",
            Status::Refund => "Pembayaran telah dikembalikan. Refunded.",
            Status::Failed => "Pembayaran gagal. Payment failed.",
            Status::Unpaid | Status::Expired => "Transaksi kedaluwarsa. This payment has expired.",
        };
        body.push_str(&format!("<p role=\"status\">{message}</p>"));
    }
    body.push_str("</main>");
    page(StatusCode::OK, TITLE, &body)
}

/// `POST /tripay/checkout/{reference}/pay`.
pub(crate) async fn pay(State(sim): State<Arc<Sim>>, Path(reference): Path<String>) -> Response {
    let here = format!("{}/tripay/checkout/{reference}", sim.public_url);
    let (batch, return_url) = {
        let mut store = sim.store();
        let Some(tx) = store.tx.tripay.get_mut(&reference) else {
            return not_found(TITLE);
        };
        if !payable(tx) {
            return Redirect::to(&here).into_response();
        }
        tx.status = Status::Paid;
        tx.paid_at = Some(Utc::now().timestamp());
        (
            tx.callback(&sim, None).into_iter().collect(),
            tx.return_url.clone(),
        )
    };
    sim.changed();
    deliver::dispatch(&sim, batch);
    Redirect::to(return_url.as_deref().unwrap_or(&here)).into_response()
}

/// `GET /tripay/qr/{reference}`: the QR payload as plain text (the app draws the QR).
pub(crate) async fn qr(State(sim): State<Arc<Sim>>, Path(reference): Path<String>) -> Response {
    let qr = sim
        .store()
        .tx
        .tripay
        .get(&reference)
        .and_then(|tx| tx.qr_string.clone());
    match qr {
        Some(qr) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], qr).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /tripay/icon/{CODE}.svg`: a plain badge with the channel's code.
pub(crate) async fn icon(Path(file): Path<String>) -> Response {
    let code = file.strip_suffix(".svg").unwrap_or(&file);
    let Some(channel) = channels::find(code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\" \
         role=\"img\" aria-label=\"{name}\"><rect width=\"120\" height=\"40\" rx=\"6\" \
         fill=\"#0a6ebd\"/><text x=\"60\" y=\"26\" font-family=\"sans-serif\" \
         font-size=\"14\" fill=\"#fff\" text-anchor=\"middle\">{code}</text></svg>",
        name = escape(channel.name),
        code = channel.code,
    );
    ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
}
