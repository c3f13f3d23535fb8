//! `TestApp`: the real router in-process over a fresh database seeded with the demo ISP,
//! plus helpers to sign in as a role and call pages and server functions.

use axum::body::Body;
use axum::Router;
use http::{header, Request, Response, StatusCode};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use server::{build_router, seed, AppState, Config};
use sqlx::PgPool;
use tower::ServiceExt;

pub const ORIGIN: &str = "http://simpul.test";

pub struct TestApp {
    pub router: Router,
    pub pool: PgPool,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
    /// The body as sent (for PDFs and images).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// `name=value` of the session cookie this response sets.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("simpul_session=") && !c.contains("Max-Age=0"))
            .map(|c| c.split(';').next().unwrap_or_default().to_owned())
    }
}

impl TestApp {
    pub async fn new(pool: PgPool) -> Self {
        Self::with_env(pool, &[]).await
    }

    pub async fn with_env(pool: PgPool, vars: &[(&str, &str)]) -> Self {
        // Nothing listens on the demo routers' ports in tests; no monitor runs either.
        seed::seed_demo(&pool, &test_secrets(), 1, 0)
            .await
            .expect("seed");
        TestApp {
            router: router_over(pool.clone(), vars),
            pool,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        // A request that never finishes (a page whose stream never ends) fails the test
        // with its path instead of hanging the suite.
        let what = format!("{} {}", request.method(), request.uri());
        self.answer(request, 60)
            .await
            .unwrap_or_else(|| panic!("{what}: no complete answer within 60 s"))
    }

    /// The answer to `request` if it completes within `seconds`.
    async fn answer(&self, request: Request<Body>, seconds: u64) -> Option<Reply> {
        let router = self.router.clone();
        let answered = tokio::time::timeout(std::time::Duration::from_secs(seconds), async move {
            let response: Response<Body> = router.oneshot(request).await.expect("infallible");
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response
                .into_body()
                .collect()
                .await
                .expect("body")
                .to_bytes();
            (status, headers, bytes)
        })
        .await;
        let (status, headers, bytes) = answered.ok()?;
        Some(Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        })
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut builder = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        self.send(builder.body(Body::empty()).unwrap()).await
    }

    /// Calls a server function the way the WASM client does (same-origin, JSON answer).
    pub async fn call(&self, path: &str, form: &str, cookie: Option<&str>) -> Reply {
        self.call_from(path, form, cookie, "198.51.100.1").await
    }

    pub async fn call_from(&self, path: &str, form: &str, cookie: Option<&str>, ip: &str) -> Reply {
        let mut builder = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, ORIGIN)
            .header("x-forwarded-for", ip);
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        self.send(builder.body(Body::from(form.to_owned())).unwrap())
            .await
    }

    /// Signs in as a demo user and returns the cookie to send back.
    pub async fn login(&self, username: &str) -> String {
        let body = format!("login={username}&password={}", seed::DEMO_PASSWORD);
        let reply = self.call(login_path(), &body, None).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "login as {username}: {}",
            reply.body
        );
        reply.session_cookie().expect("session cookie")
    }
}

pub fn login_path() -> &'static str {
    <app::auth::api::Login as leptos::server_fn::ServerFn>::PATH
}

/// The key the tests' secrets are sealed with.
pub fn test_secrets() -> app::secrets::SecretBox {
    app::secrets::SecretBox::from_key([7; 32])
}

/// A router of its own over `pool`, configured as in production behind a proxy.
pub fn router_over(pool: PgPool, vars: &[(&str, &str)]) -> Router {
    let mut env: Vec<(String, String)> = vec![
        ("SIMPUL_PUBLIC_URL".into(), ORIGIN.into()),
        ("SIMPUL_TRUST_PROXY".into(), "true".into()),
    ];
    env.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let config =
        Config::from_lookup(|name| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .expect("config");
    let options = LeptosOptions::builder().output_name("simpul").build();
    let (state, _switch) = AppState::with_shutdown(options, pool, config, test_secrets());
    build_router(state)
}
