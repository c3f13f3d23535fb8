use crate::middleware::{csrf, session, telemetry};
use crate::routes::{
    attachments, basemap, billing_logo, cmdb_export, customer_documents, documents, events, health,
    metrics, payment_proofs, payments, work_order_evidence,
};
use crate::state::AppState;
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use axum::routing::post;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::OnceLock;

/// The app's page routes, listed once per process.
///
/// Listing them renders the app with resource loading switched off, and leptos keeps that
/// switch in one process-wide flag (leptos-rs/leptos#4773): a page rendering on another
/// thread at that moment never resolves its resources and its stream never ends. Listing
/// once, before any router serves, keeps every later router (one per HTTP test) from
/// flipping the flag under pages that are being served.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP surface: Leptos pages and server functions, probes, static files.
pub fn build_router(state: AppState) -> Router {
    let routes = page_routes();
    let app_context = state.app.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .route("/api/events/tickets", get(events::ticket_events))
        .route(
            "/api/tickets/{id}/attachments",
            // Room for the multipart envelope around the largest accepted file.
            post(attachments::upload).layer(DefaultBodyLimit::max(
                state.config.attachment_max_bytes + 64 * 1024,
            )),
        )
        .route("/api/attachments/{id}", get(attachments::download))
        .route(
            "/api/work-orders/{id}/evidence",
            post(work_order_evidence::upload).layer(DefaultBodyLimit::max(
                app::field::server::proof::FILE_PROOF_MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/api/work-orders/{id}/evidence/{evidence}",
            get(work_order_evidence::download),
        )
        .route(
            "/api/billing/logo",
            get(billing_logo::download)
                .post(billing_logo::upload)
                .layer(DefaultBodyLimit::max(
                    app::billing::server::logo::MAX_LOGO_BYTES + 64 * 1024,
                )),
        )
        .route("/api/cmdb/{class}/cis.csv", get(cmdb_export::export))
        .route(app::cmdb::model::map::BASEMAP_PATH, get(basemap::serve))
        .route("/documents/{kind}/{id}", get(documents::print))
        .route("/documents/{kind}/{id}/pdf", get(documents::pdf))
        // Gateways sign their calls; a notification is small (64 KiB is generous).
        .route(
            "/api/payments/midtrans/notification",
            post(payments::midtrans_notification).layer(DefaultBodyLimit::max(64 * 1024)),
        )
        .route(
            "/api/payments/tripay/callback",
            post(payments::tripay_callback).layer(DefaultBodyLimit::max(64 * 1024)),
        )
        .route(
            "/api/payments/{id}/proof",
            get(payment_proofs::download)
                .post(payment_proofs::upload)
                .layer(DefaultBodyLimit::max(
                    state.config.attachment_max_bytes + 64 * 1024,
                )),
        )
        .route(
            "/api/customers/{id}/id-photo",
            get(customer_documents::download)
                .post(customer_documents::upload)
                .layer(DefaultBodyLimit::max(
                    state.config.attachment_max_bytes + 64 * 1024,
                )),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(app_context.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Applied inside out: telemetry sees every request, CSRF runs before sessions.
        .layer(from_fn_with_state(state.clone(), session::resolve_session))
        .layer(from_fn_with_state(state.clone(), csrf::refuse_cross_site))
        .layer(from_fn_with_state(state.clone(), telemetry::observe))
        .with_state(state)
}
