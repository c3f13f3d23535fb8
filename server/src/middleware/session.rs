//! Resolves the session cookie once per request and guards page routes.
//!
//! * Puts a [`RequestSession`] into the request extensions for server functions and SSR.
//! * Page requests go through the access table (`app::auth::access`): not signed in → 303 to
//!   the area's login page with `next`; signed in without permission → the app renders its
//!   403 page and the status is forced to 403 here, whatever the render did.
//! * Responses to signed-in users are `Cache-Control: no-store`, so after sign-out the back
//!   button cannot show private pages from the browser cache.

use crate::state::AppState;
use app::auth::access::{decide, login_redirect, Decision};
use app::auth::server::{cookies, sessions};
use app::i18n::Locale;
use app::request::RequestSession;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use std::net::SocketAddr;

pub async fn resolve_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    // The WASM/CSS bundle and the health probe need no session: no database read for them,
    // and the bundle stays cacheable.
    let path = req.uri().path();
    if path.starts_with("/pkg/") || path == "/healthz" {
        return next.run(req).await;
    }
    let headers = req.headers();
    let cookie_header = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let token = cookies::read(cookie_header, cookies::SESSION_COOKIE).map(str::to_owned);
    let lang_cookie =
        cookies::read(cookie_header, cookies::LANG_COOKIE).and_then(Locale::from_code);
    let browser_lang = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language);
    let ip = client_ip(&req, state.config.trust_proxy);
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);

    let resolved = match &token {
        Some(token) => match sessions::resolve(&state.pool, token, &state.app.auth).await {
            Ok(found) => found,
            Err(err) => {
                tracing::error!(error = %err, "session lookup failed");
                return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response();
            }
        },
        None => None,
    };
    let stale_cookie = token.is_some() && resolved.is_none();
    let (token_hash, user) = match resolved {
        Some((hash, user)) => (Some(hash), Some(user)),
        None => (None, None),
    };
    let locale = user
        .as_ref()
        .map(|u| u.locale)
        .or(lang_cookie)
        .or(browser_lang)
        .unwrap_or_default();
    let session = RequestSession {
        token_hash,
        user,
        ip,
        user_agent,
        locale,
    };

    let path = req.uri().path().to_owned();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let is_page = req.method() == Method::GET && is_page_path(&path);
    let signed_in = session.user.as_ref().map(|u| u.user.clone());
    req.extensions_mut().insert(session);

    let mut response = if is_page {
        match decide(&path, signed_in.as_ref()) {
            Decision::SignIn { login_path } => {
                Redirect::to(&login_redirect(login_path, &path_and_query)).into_response()
            }
            // "/" is the staff home; technicians and customers belong in their own areas.
            Decision::Forbid if path == "/" => {
                let home = signed_in
                    .as_ref()
                    .map(|u| u.home_path())
                    .unwrap_or("/login");
                Redirect::to(home).into_response()
            }
            Decision::Forbid => {
                let mut response = next.run(req).await;
                *response.status_mut() = StatusCode::FORBIDDEN;
                response
            }
            Decision::Allow if is_login_page(&path) && signed_in.is_some() => {
                let home = signed_in.as_ref().map(|u| u.home_path()).unwrap_or("/");
                Redirect::to(home).into_response()
            }
            Decision::Allow => next.run(req).await,
        }
    } else {
        next.run(req).await
    };

    let headers = response.headers_mut();
    if signed_in.is_some() {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.append(header::VARY, HeaderValue::from_static("Cookie"));
    if stale_cookie && !sets_session_cookie(headers) {
        if let Ok(v) = HeaderValue::from_str(&cookies::clear_session(&state.app.auth)) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    response
}

fn sets_session_cookie(headers: &HeaderMap) -> bool {
    headers.get_all(header::SET_COOKIE).iter().any(|v| {
        v.to_str()
            .is_ok_and(|s| s.starts_with(cookies::SESSION_COOKIE))
    })
}

fn is_login_page(path: &str) -> bool {
    matches!(path.trim_end_matches('/'), "/login" | "/portal/login")
}

/// Every GET except server functions, the build's bundle and the probes goes through the
/// access table (which itself lets root files like `/favicon.svg` through).
pub fn is_page_path(path: &str) -> bool {
    !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && path != "/healthz"
        && path != "/metrics"
}

fn client_ip(req: &Request, trust_proxy: bool) -> String {
    if trust_proxy {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|ip| ip.trim().to_owned())
            .filter(|ip| !ip.is_empty());
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_exclude_assets_and_probes() {
        assert!(is_page_path("/"));
        assert!(is_page_path("/admin/users/3"));
        assert!(!is_page_path("/api/login123"));
        assert!(!is_page_path("/pkg/simpul.wasm"));
        assert!(
            is_page_path("/admin/users/1."),
            "a dot does not skip the access check"
        );
        assert!(!is_page_path("/healthz"));
    }
}
