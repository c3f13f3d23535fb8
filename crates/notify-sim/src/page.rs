//! `GET /`: what the demo's customers received, newest first, so a person running the demo
//! sees the WhatsApp messages and mails Simpul sent. Plain HTML, no JavaScript; it reloads
//! itself every 5 seconds.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::response::Html;

use crate::store::{MailMessage, Sim, WhatsAppMessage};

/// The page shows at most this many of each.
const SHOWN: usize = 100;

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) async fn show(State(sim): State<Arc<Sim>>) -> Html<String> {
    let mut body = String::from("<header>notify-sim</header>");
    if sim.is_down() {
        body.push_str(
            "<p role=\"status\" class=\"down\"><strong>Gateway mati (503)</strong> · \
             gateway down</p>",
        );
    }
    let whatsapp = sim.whatsapp();
    let _ = write!(
        body,
        "<section aria-labelledby=\"wa\"><h1 id=\"wa\">Pesan WhatsApp \
         <small>WhatsApp messages ({})</small></h1>",
        whatsapp.len()
    );
    if whatsapp.is_empty() {
        body.push_str("<p>Belum ada pesan. <small>No messages yet.</small></p>");
    }
    for message in whatsapp.iter().rev().take(SHOWN) {
        body.push_str(&whatsapp_card(message));
    }
    let mail = sim.mail();
    let _ = write!(
        body,
        "</section><section aria-labelledby=\"mail\"><h1 id=\"mail\">Email \
         <small>Mail ({})</small></h1>",
        mail.len()
    );
    if mail.is_empty() {
        body.push_str("<p>Belum ada email. <small>No mail yet.</small></p>");
    }
    for message in mail.iter().rev().take(SHOWN) {
        body.push_str(&mail_card(message));
    }
    body.push_str("</section>");
    Html(format!(
        "<!doctype html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta http-equiv=\"refresh\" content=\"5\"><title>notify-sim</title><style>\
body{{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1c2434}}\
header{{font-weight:700;font-size:1.25rem;border-bottom:2px solid #0a6ebd;padding-bottom:.5rem}}\
h1{{font-size:1.1rem;margin-top:1.5rem}}small{{color:#555;font-weight:400}}\
article{{border:1px solid #ccd;border-radius:.5rem;padding:.5rem .75rem;margin:.5rem 0}}\
pre{{white-space:pre-wrap;word-break:break-word;margin:.5rem 0 0;font:inherit}}\
.down{{background:#fde8e8;border:1px solid #b42318;padding:.5rem}}\
</style></head><body>{body}</body></html>\n"
    ))
}

fn whatsapp_card(message: &WhatsAppMessage) -> String {
    let mut card = format!(
        "<article><strong>{}</strong> <small>{} · {} · #{}</small>",
        escape(&message.target),
        escape(&message.provider),
        message.received_at.format("%Y-%m-%d %H:%M:%S UTC"),
        escape(&message.id),
    );
    if let Some(name) = message.filename.as_ref().or(message.url.as_ref()) {
        let _ = write!(card, "<br><small>Lampiran: {}</small>", escape(name));
    }
    let _ = write!(card, "<pre>{}</pre></article>", escape(&message.message));
    card
}

fn mail_card(mail: &MailMessage) -> String {
    let mut card = format!(
        "<article><strong>{}</strong><br><small>{} → {} · {} · #{}</small>",
        escape(mail.subject.as_deref().unwrap_or("(tanpa subjek)")),
        escape(&mail.from),
        escape(&mail.to.join(", ")),
        mail.received_at.format("%Y-%m-%d %H:%M:%S UTC"),
        escape(&mail.id),
    );
    for attachment in &mail.attachments {
        let _ = write!(
            card,
            "<br><small>Lampiran: {} ({}, {} bytes)</small>",
            escape(attachment.filename.as_deref().unwrap_or("(tanpa nama)")),
            escape(&attachment.content_type),
            attachment.size
        );
    }
    let text = mail.text.as_deref().unwrap_or("(no text/plain part)");
    let _ = write!(card, "<pre>{}</pre></article>", escape(text));
    card
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
