//! `server [serve|migrate|seed|demo-logins|billing run --date YYYY-MM-DD]` — see README.md for
//! the environment variables.
// Leptos view types of the deepest pages exceed the default query depth when compiled
// without type erasure (tests, clippy); see app/src/lib.rs.
#![recursion_limit = "256"]

use server::{build_router, seed, AppState, Config};
use sqlx::postgres::PgPoolOptions;
use std::net::SocketAddr;
use std::time::Duration;

#[tokio::main]
async fn main() {
    init_tracing();
    if let Err(err) = run().await {
        tracing::error!(error = %err, "fatal");
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

async fn run() -> Result<(), BoxError> {
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    let config = Config::from_env()?;
    tracing::info!(?config, "configuration");

    if command == "demo-logins" {
        print!("{}", seed::demo_logins_table(&config.public_url));
        return Ok(());
    }
    let secrets = config.secret_box()?;

    let pool = PgPoolOptions::new()
        .max_connections(config.db_max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .connect(config.database_url.expose())
        .await?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    tracing::info!("migrations applied");

    match command.as_str() {
        "migrate" => return Ok(()),
        "seed" => {
            let created = seed::seed_demo(
                &pool,
                &secrets,
                config.demo_router_port,
                config.demo_households,
            )
            .await?;
            tracing::info!(users.created = created, "demo data seeded");
            return Ok(());
        }
        "billing" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            println!("{}", server::cli::billing(&pool, &args).await?);
            return Ok(());
        }
        "serve" => {}
        other => {
            return Err(format!(
                "unknown command {other:?}: use serve, migrate, seed, demo-logins or billing"
            )
            .into())
        }
    }

    if config.seed_demo {
        let created = seed::seed_demo(
            &pool,
            &secrets,
            config.demo_router_port,
            config.demo_households,
        )
        .await?;
        tracing::info!(users.created = created, "demo data seeded");
    }

    let leptos_options = leptos::prelude::get_configuration(None)?.leptos_options;
    let addr = leptos_options.site_addr;
    let (state, live_switch) =
        AppState::with_shutdown(leptos_options, pool.clone(), config.clone(), secrets);
    let _live = state.live.spawn_listener(pool.clone());
    let state_app = state.app.clone();
    let router = build_router(state);
    let _desk = server::jobs::spawn_service_desk(pool.clone(), config.sla_interval);
    let _nas = server::jobs::spawn_nas_monitor(state_app.clone(), config.nas_check_interval);
    let _provisioning = server::jobs::spawn_provisioning(state_app.clone(), config.provision_sweep);
    let _payments = server::jobs::spawn_payment_poller(state_app.clone(), Duration::from_secs(30));
    let _messages = server::jobs::spawn_messages(state_app.clone(), Duration::from_secs(3));
    let _reconcile = server::jobs::spawn_reconcile(state_app, config.reconcile_interval);
    let _billing = server::jobs::spawn_billing(pool.clone(), Duration::from_secs(900));
    let _purge = server::jobs::spawn_session_purge(pool);

    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "listening");
    if config.seed_demo {
        println!("\n{}", seed::demo_logins_table(&config.public_url));
    }
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        live_switch.trip();
    })
    .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}
