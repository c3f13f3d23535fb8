use crate::config::Config;
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
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, pool: PgPool, config: Config) -> Self {
        let app = AppContext {
            pool: pool.clone(),
            auth: config.auth_settings(),
        };
        AppState {
            leptos_options,
            pool,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            app,
        }
    }
}
