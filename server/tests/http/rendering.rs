//! Pages keep finishing while other routers are being built (one per HTTP test).

use crate::support::{router_over, TestApp};
use http::StatusCode;
use sqlx::PgPool;

/// Regression: building a router once listed the app's routes each time, and leptos turns
/// resource loading off process-wide while it lists them (leptos-rs/leptos#4773). A page
/// rendering at that moment waited for its data forever, and the suite hung now and then.
#[sqlx::test(migrations = "../migrations")]
async fn pages_finish_while_other_routers_are_built(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let admin = app.login("admin").await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let builder = {
        let (stop, pool) = (stop.clone(), pool.clone());
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let _entered = runtime.enter();
            let mut built = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                drop(router_over(pool.clone(), &[]));
                built += 1;
            }
            built
        })
    };
    for _ in 0..40 {
        for path in ["/", "/customers", "/tickets"] {
            let reply = app.get(path, Some(&admin)).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let built = builder.await.unwrap();
    assert!(built > 0, "routers were built while pages rendered");
}
