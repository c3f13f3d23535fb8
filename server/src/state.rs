use crate::config::Config;
use crate::live::{LiveFeed, ShutdownSwitch};
use crate::metrics::Metrics;
use app::request::AppContext;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use std::sync::Arc;

/// Shared by every handler and middleware. Cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub app: AppContext,
    pub live: LiveFeed,
}

impl AppState {
    /// The state and the switch that ends live streams at shutdown (tests may drop it).
    pub fn with_shutdown(
        leptos_options: LeptosOptions,
        pool: PgPool,
        config: Config,
        secrets: app::secrets::SecretBox,
    ) -> (Self, ShutdownSwitch) {
        let app = AppContext {
            pool: pool.clone(),
            auth: config.auth_settings(),
            secrets,
            routers: app::nas::server::hub::RouterHub::default(),
            isp: app::request::IspInfo {
                name: config.isp_name.clone(),
                contact: config.isp_contact.clone(),
            },
            gateways: config.gateways.clone(),
            basemap: config.basemap(),
        };
        let (live, switch) = LiveFeed::new();
        let state = AppState {
            leptos_options,
            pool,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            app,
            live,
        };
        (state, switch)
    }
}
