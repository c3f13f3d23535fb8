//! A [`Sheet`] as a printable web page: the same content as the PDF, styled by
//! `style/main.css` (`.doc-*`, with print rules that drop the toolbar and fit A4).

use super::{grouped, Columns, Sheet};
use crate::i18n::Msg;
use std::fmt::Write as _;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Escaped text with its line breaks kept.
fn lines(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

fn logo_img(bytes: &[u8]) -> Option<String> {
    use base64::Engine;
    let kind = if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        "image/jpeg"
    } else {
        return None;
    };
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    Some(format!(
        r#"<img class="doc-logo" src="data:{kind};base64,{data}" alt="">"#
    ))
}

fn table(sheet: &Sheet) -> String {
    let m = |msg: Msg| escape(msg.text(sheet.locale));
    let full = sheet.columns == Columns::Full;
    let mut out = String::from(r#"<table class="doc-lines"><thead><tr>"#);
    let _ = write!(
        out,
        r#"<th scope="col">{}</th>"#,
        m(Msg::InvoiceLineDescription)
    );
    if full {
        for msg in [
            Msg::InvoiceQuantity,
            Msg::InvoiceUnitPrice,
            Msg::DocDiscount,
        ] {
            let _ = write!(out, r#"<th scope="col" class="num">{}</th>"#, m(msg));
        }
        if sheet.taxed {
            for msg in [Msg::DocDpp, Msg::DocPpn] {
                let _ = write!(out, r#"<th scope="col" class="num">{}</th>"#, m(msg));
            }
        }
    }
    let _ = write!(
        out,
        r#"<th scope="col" class="num">{}</th></tr></thead><tbody>"#,
        m(Msg::InvoiceTotal)
    );
    for line in &sheet.lines {
        let _ = write!(out, "<tr><td>{}</td>", escape(&line.description));
        if full {
            let discount = if line.discount == 0 {
                "–".to_owned()
            } else {
                grouped(line.discount)
            };
            let _ = write!(
                out,
                r#"<td class="num">{}</td><td class="num">{}</td><td class="num">{discount}</td>"#,
                line.quantity,
                grouped(line.unit_price)
            );
            if sheet.taxed {
                let _ = write!(
                    out,
                    r#"<td class="num">{}</td><td class="num">{}</td>"#,
                    grouped(line.dpp),
                    grouped(line.ppn)
                );
            }
        }
        let _ = write!(out, r#"<td class="num">{}</td></tr>"#, grouped(line.total));
    }
    out.push_str("</tbody></table>");
    out
}

fn buyer(sheet: &Sheet) -> String {
    let mut out = format!(
        r#"<section class="doc-buyer"><p class="doc-label">{}</p><p class="doc-buyer-name">{}</p><p>{}</p>"#,
        escape(&sheet.buyer_label),
        escape(&sheet.buyer.name),
        lines(&sheet.buyer.address)
    );
    if sheet.seller_pkp {
        let (label, value) = if !sheet.buyer.npwp.is_empty() {
            (Msg::DocNpwp, &sheet.buyer.npwp)
        } else {
            (Msg::DocNik, &sheet.buyer.nik)
        };
        if !value.is_empty() {
            let _ = write!(
                out,
                "<p>{}: {}</p>",
                escape(label.text(sheet.locale)),
                escape(value)
            );
        }
    }
    out.push_str("</section>");
    out
}

fn seller(sheet: &Sheet) -> String {
    let s = &sheet.seller;
    let mut out = String::from(r#"<div class="doc-seller">"#);
    if let Some(img) = sheet.logo.as_deref().and_then(logo_img) {
        out.push_str(&img);
    }
    let _ = write!(
        out,
        "<div><p class=\"doc-seller-name\">{}</p><p>{}</p>",
        escape(&s.name),
        lines(&s.address)
    );
    if !s.npwp.is_empty() {
        let _ = write!(
            out,
            "<p>{} {}</p>",
            escape(Msg::DocNpwp.text(sheet.locale)),
            escape(&s.npwp)
        );
    }
    let contact: Vec<String> = [&s.phone, &s.email]
        .into_iter()
        .filter(|v| !v.is_empty())
        .map(|v| escape(v))
        .collect();
    if !contact.is_empty() {
        let _ = write!(out, "<p>{}</p>", contact.join(" · "));
    }
    out.push_str("</div></div>");
    out
}

/// The whole page. `pdf_href` is where the toolbar's download link points.
pub fn render(sheet: &Sheet, pdf_href: &str) -> String {
    let m = |msg: Msg| escape(msg.text(sheet.locale));
    let title = escape(&format!("{} {}", sheet.title, sheet.number));
    let mut out = format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title><link rel="stylesheet" href="/pkg/simpul.css"></head><body class="doc-body">"#,
        lang = sheet.locale.code()
    );
    let _ = write!(
        out,
        r#"<nav class="doc-toolbar"><button type="button" class="button" onclick="window.print()">{}</button> <a class="button button-secondary" href="{}">{}</a></nav>"#,
        m(Msg::DocPrint),
        escape(pdf_href),
        m(Msg::DocDownloadPdf)
    );
    out.push_str(r#"<main class="doc-sheet"><header class="doc-head">"#);
    out.push_str(&seller(sheet));
    let _ = write!(
        out,
        r#"<div class="doc-title"><h1>{}</h1><p class="doc-number">{}</p>"#,
        escape(&sheet.title),
        escape(&sheet.number)
    );
    if let Some(stamp) = &sheet.stamp {
        let paid = stamp == Msg::DocStampPaid.text(sheet.locale);
        let _ = write!(
            out,
            r#"<p class="doc-stamp {}">{}</p>"#,
            if paid {
                "doc-stamp-paid"
            } else {
                "doc-stamp-void"
            },
            escape(stamp)
        );
    }
    out.push_str("</div></header><div class=\"doc-parties\">");
    out.push_str(&buyer(sheet));
    out.push_str(r#"<dl class="doc-facts">"#);
    for (label, value) in &sheet.facts {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
    }
    let _ = write!(
        out,
        r#"</dl></div><p class="doc-note-right">{}</p>"#,
        m(Msg::DocAmountsInRupiah)
    );
    out.push_str(&table(sheet));
    out.push_str(r#"<dl class="doc-totals">"#);
    for row in &sheet.totals {
        let class = if row.strong {
            r#" class="doc-strong""#
        } else {
            ""
        };
        let _ = write!(
            out,
            "<dt{class}>{}</dt><dd{class}>{}</dd>",
            escape(&row.label),
            escape(&crate::format::rupiah(row.amount))
        );
    }
    out.push_str("</dl>");
    if let Some(words) = &sheet.in_words {
        let _ = write!(
            out,
            r#"<p class="doc-words"><strong>{}:</strong> {}</p>"#,
            m(Msg::DocInWords),
            escape(words)
        );
    }
    if !sheet.bank_accounts.is_empty() || sheet.pay_url.is_some() {
        out.push_str(r#"<section class="doc-pay"><div>"#);
        if !sheet.bank_accounts.is_empty() {
            let _ = write!(
                out,
                "<p><strong>{}</strong></p><ul>",
                m(Msg::DocPayByTransfer)
            );
            for a in &sheet.bank_accounts {
                let _ = write!(
                    out,
                    "<li>{} {} a.n. {}</li>",
                    escape(&a.bank),
                    escape(&a.number),
                    escape(&a.holder)
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>");
        if let Some(url) = &sheet.pay_url {
            let caption = m(Msg::DocScanToPay);
            if let Some(svg) = crate::payments::server::qr::svg(url, &caption) {
                let _ = write!(
                    out,
                    r#"<figure class="doc-qr"><a href="{}">{svg}</a><figcaption>{caption}</figcaption></figure>"#,
                    escape(url)
                );
            }
        }
        out.push_str("</section>");
    }
    out.push_str(r#"<footer class="doc-notes">"#);
    for note in &sheet.notes {
        let _ = write!(out, "<p>{}</p>", escape(note));
    }
    out.push_str("</footer></main></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::invoice_sheet;
    use super::*;

    #[test]
    fn the_page_shows_what_the_pdf_shows() {
        let html = render(&invoice_sheet(), "/documents/invoices/42/pdf");
        for expected in [
            "<title>TAGIHAN INV/2026/12/000123</title>",
            "PT Simpul Jaringan Nusantara",
            "Jl. Merdeka No. 10<br>Bandung 40111",
            "NIK: 3273010101900001",
            "166.500",
            "Rp 66.500",
            "BCA 1234567890 a.n. PT Simpul Jaringan Nusantara",
            r#"href="https://isp.example/portal/pay?invoice=42""#,
            "<svg",
            r#"href="/documents/invoices/42/pdf""#,
        ] {
            assert!(html.contains(expected), "{expected} missing");
        }
    }

    #[test]
    fn everything_from_the_database_is_escaped() {
        let mut sheet = invoice_sheet();
        sheet.buyer.name = "<script>alert(1)</script>".into();
        sheet.lines[0].description = "\"><img src=x onerror=alert(1)>".into();
        let html = render(&sheet, "/x");
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<img src=x"));
        assert!(html.contains("&lt;script&gt;"));
    }
}
