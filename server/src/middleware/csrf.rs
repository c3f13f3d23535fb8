//! Cross-site request forgery protection for every state-changing request.
//!
//! Defence in depth on top of `SameSite=Lax` session cookies: a POST, PUT, PATCH or DELETE is
//! accepted only when the browser says it comes from our own origin, through Fetch Metadata
//! (`Sec-Fetch-Site: same-origin`, sent by all current browsers) or, for older browsers, an
//! `Origin` (or `Referer`) naming our origin. A request that proves neither is refused; this
//! also covers the sign-in form (login CSRF). Non-browser clients must send `Origin`.
//! Webhooks (which authenticate by signature, not cookie) are exempt by exact path.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, Method, StatusCode};

/// Paths that do not use cookie authentication and verify their callers otherwise (the
/// payment gateways' signed notifications).
const EXEMPT_PATHS: [&str; 2] = [
    "/api/payments/midtrans/notification",
    "/api/payments/tripay/callback",
];

pub async fn refuse_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let exempt = EXEMPT_PATHS.contains(&req.uri().path());
    if unsafe_method && !exempt && !same_origin(req.headers(), &state.config.public_url) {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(req).await
}

/// `scheme://host[:port]` of a URL, lower-cased.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| {
        format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        )
    })
}

pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let header_str = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header_str("sec-fetch-site") {
        return site == "same-origin";
    }
    let claimed = header_str(header::ORIGIN.as_str())
        .filter(|o| *o != "null")
        .or_else(|| header_str(header::REFERER.as_str()))
        .and_then(origin_of);
    let Some(claimed) = claimed else { return false };
    // Our origin: the configured public URL, or the Host the request was sent to.
    let ours = origin_of(public_url);
    let host = header_str(header::HOST.as_str()).map(|h| h.to_ascii_lowercase());
    let host_matches =
        host.is_some_and(|h| claimed == format!("http://{h}") || claimed == format!("https://{h}"));
    Some(&claimed) == ours.as_ref() || host_matches
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    const PUBLIC: &str = "https://noc.example.id";

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            PUBLIC
        ));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "cross-site"), ("origin", PUBLIC)]),
            PUBLIC
        ));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "same-site")]),
            PUBLIC
        ));
    }

    #[test]
    fn origin_or_referer_must_match() {
        assert!(same_origin(
            &headers(&[("origin", "https://noc.example.id")]),
            PUBLIC
        ));
        assert!(same_origin(
            &headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            PUBLIC
        ));
        assert!(same_origin(
            &headers(&[("referer", "https://noc.example.id/login?x")]),
            PUBLIC
        ));
        assert!(!same_origin(
            &headers(&[("origin", "https://evil.example")]),
            PUBLIC
        ));
        assert!(!same_origin(
            &headers(&[("origin", "https://noc.example.id.evil.example")]),
            PUBLIC
        ));
        assert!(!same_origin(&headers(&[("origin", "null")]), PUBLIC));
        assert!(
            !same_origin(&headers(&[]), PUBLIC),
            "no proof at all is refused"
        );
    }
}
