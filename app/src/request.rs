//! Server-only request context shared by server functions and services: the database pool,
//! settings, and who is asking. The axum session middleware (server crate) resolves the
//! session once per request and stores a [`RequestSession`] in the request extensions.

use crate::auth::model::{roles_grant, Permission, Role, SessionInfo, SessionUser, UserId};
use crate::error::server::with_status;
use crate::error::AppError;
use crate::format::TimeZone;
use crate::i18n::Locale;
use leptos::prelude::*;
use sqlx::PgPool;
use std::time::Duration;

/// Settings that server functions need; built once from the typed config at start.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    pub session_idle: Duration,
    pub session_absolute: Duration,
    /// Set the `Secure` cookie attribute (when served over https).
    pub secure_cookies: bool,
    /// Base URL used in links sent by email, e.g. `https://noc.example.id`.
    pub public_url: String,
    pub reset_token_ttl: Duration,
    pub throttle: ThrottleSettings,
}

#[derive(Clone, Debug)]
pub struct ThrottleSettings {
    /// Failures of one login name inside `window` that lock it.
    pub max_failures_per_account: i64,
    /// Failures from one address inside `window` that block it.
    pub max_failures_per_ip: i64,
    pub window: Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            session_idle: Duration::from_secs(2 * 3600),
            session_absolute: Duration::from_secs(12 * 3600),
            secure_cookies: false,
            public_url: "http://127.0.0.1:3000".into(),
            reset_token_ttl: Duration::from_secs(3600),
            throttle: ThrottleSettings {
                max_failures_per_account: 5,
                max_failures_per_ip: 30,
                window: Duration::from_secs(15 * 60),
            },
        }
    }
}

/// Provided to every server function and SSR render.
#[derive(Clone, Debug)]
pub struct AppContext {
    pub pool: PgPool,
    pub auth: AuthSettings,
    /// Seals router passwords and other secrets at rest.
    pub secrets: crate::secrets::SecretBox,
    /// One shared client per router.
    pub routers: crate::nas::server::hub::RouterHub,
    /// How the ISP introduces itself to customers (isolir page).
    pub isp: IspInfo,
    /// Gateway settings from the environment, which win over the settings screen.
    pub gateways: crate::payments::server::gateways::GatewayOverrides,
    /// The network map's background (`SIMPUL_MAP_PMTILES`, `SIMPUL_MAP_TILE_URL`).
    pub basemap: crate::cmdb::model::map::Basemap,
}

/// The ISP's name and how customers reach it (`SIMPUL_ISP_NAME`, `SIMPUL_ISP_CONTACT`).
#[derive(Clone, Debug, Default)]
pub struct IspInfo {
    pub name: String,
    pub contact: String,
}

/// A signed-in user with the preferences the server needs.
#[derive(Clone, Debug)]
pub struct AuthUser {
    pub user: SessionUser,
    pub locale: Locale,
    pub time_zone: TimeZone,
}

/// What the session middleware learned about the request.
#[derive(Clone, Debug, Default)]
pub struct RequestSession {
    /// SHA-256 of the session cookie, when it names a live session.
    pub token_hash: Option<Vec<u8>>,
    pub user: Option<AuthUser>,
    pub ip: String,
    pub user_agent: Option<String>,
    /// Locale for this request: the user's, else the language cookie, else the browser's.
    pub locale: Locale,
}

impl RequestSession {
    pub fn info(&self) -> SessionInfo {
        SessionInfo {
            user: self.user.as_ref().map(|u| u.user.clone()),
            locale: self.locale,
            time_zone: self.user.as_ref().map(|u| u.time_zone).unwrap_or_default(),
        }
    }
}

/// Who performs a service call; written into the audit log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub label: Option<String>,
    pub roles: Vec<Role>,
    pub ip: Option<String>,
}

impl Actor {
    /// The system itself (seeding, background jobs).
    pub fn system() -> Self {
        Actor {
            label: Some("system".into()),
            ..Default::default()
        }
    }

    /// An anonymous visitor (sign-in, password reset), known only by address.
    pub fn anonymous(ip: &str) -> Self {
        Actor {
            ip: Some(ip.to_owned()),
            ..Default::default()
        }
    }

    pub fn user(user: &SessionUser, ip: Option<&str>) -> Self {
        Actor {
            user_id: Some(user.id),
            label: Some(user.username.clone()),
            roles: user.roles.clone(),
            ip: ip.map(str::to_owned),
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        roles_grant(&self.roles, permission)
    }

    /// `Forbidden` unless the actor holds `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(with_status(AppError::Forbidden))
        }
    }
}

pub fn app_context() -> Result<AppContext, AppError> {
    use_context::<AppContext>().ok_or_else(|| {
        tracing::error!("AppContext missing from the Leptos context");
        with_status(AppError::Internal)
    })
}

pub fn pool() -> Result<PgPool, AppError> {
    app_context().map(|ctx| ctx.pool)
}

/// The session resolved by the middleware for the current request.
pub fn request_session() -> RequestSession {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestSession>().cloned())
        .unwrap_or_default()
}

/// The signed-in user, or `Unauthorized`.
pub fn current_user() -> Result<(AuthUser, Actor), AppError> {
    let session = request_session();
    match session.user {
        Some(auth) => {
            let actor = Actor::user(&auth.user, Some(&session.ip));
            Ok((auth, actor))
        }
        None => Err(with_status(AppError::Unauthorized)),
    }
}

/// The current actor, after checking `permission`.
pub fn authorize(permission: Permission) -> Result<Actor, AppError> {
    let (_, actor) = current_user()?;
    actor.require(permission)?;
    Ok(actor)
}

/// True for a browser form submitted without JavaScript: such requests ask for HTML, while
/// the WASM client asks for the server function's encoding (JSON).
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            let accept = parts.headers.get(http::header::ACCEPT)?.to_str().ok()?;
            Some(accept.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Sends a browser that posted a plain form to `path`. With JavaScript the page decides
/// where to go from the server function's result instead.
pub fn redirect_plain_form(path: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// Appends a `Set-Cookie` header to the current response.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}
