//! Pages keep finishing while other routers are being built (one per HTTP test).

use crate::support::{router_over, TestApp};
use http::StatusCode;
use sqlx::PgPool;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Stops the router builder when the test ends, also when it fails: the runtime waits for
/// blocking tasks before it shuts down.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Regression: building a router once listed the app's routes each time, and leptos turns
/// resource loading off process-wide while it lists them (leptos-rs/leptos#4773). A page
/// rendering at that moment waited for its data forever, and the suite hung now and then.
#[sqlx::test(migrations = "../migrations")]
async fn pages_finish_while_other_routers_are_built(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let admin = app.login("admin").await;
    let stop = StopOnDrop(Arc::new(AtomicBool::new(false)));
    let builder = {
        let (stop, pool) = (stop.0.clone(), pool.clone());
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let _entered = runtime.enter();
            let mut built = 0u32;
            while !stop.load(Ordering::Relaxed) {
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
    drop(stop);
    let built = builder.await.unwrap();
    assert!(built > 0, "routers were built while pages rendered");
}
