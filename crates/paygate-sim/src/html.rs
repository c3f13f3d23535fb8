//! The simulator's few HTML pages: plain forms, no JavaScript, so end-to-end tests can pay
//! with JavaScript disabled and find buttons by their accessible names.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

pub fn escape(text: &str) -> String {
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

/// A whole page; `body` must already be escaped.
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><style>\
body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1c2434}}\
header{{font-weight:700;font-size:1.25rem;border-bottom:2px solid #0a6ebd;padding-bottom:.5rem}}\
dl{{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}}dt{{color:#555}}dd{{margin:0}}\
form{{margin:.5rem 0}}button{{width:100%;padding:.75rem;font-size:1rem;cursor:pointer}}\
code{{word-break:break-all}}\
</style></head><body>{body}</body></html>\n",
        title = escape(title),
    );
    (status, Html(html)).into_response()
}

pub fn not_found(title: &str) -> Response {
    page(
        StatusCode::NOT_FOUND,
        title,
        "<main><h1>Transaksi tidak ditemukan</h1><p>Transaction not found.</p></main>",
    )
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
