//! A small ISP for tests: a simulated router registered as a NAS, plans, customers.
#![allow(dead_code)]

use app::customers::model::CustomerDraft;
use app::customers::server::service as customers;
use app::nas::model::{ApiKind, NasDraft};
use app::nas::server::hub::RouterHub;
use app::nas::server::save;
use app::plans::model::{ConnectionType, PlanDraft, PlanSave};
use app::plans::server::service as plans;
use app::provisioning::server::worker::{drain_nas, DrainReport};
use app::request::Actor;
use app::secrets::SecretBox;
use app::subscriptions::model::SubscriptionDraft;
use app::subscriptions::server::service as subscriptions;
use routeros_sim::{RouterSpec, SimRouter};
use sqlx::PgPool;

pub fn secrets() -> SecretBox {
    SecretBox::from_key([42; 32])
}

pub const ROUTER_USER: &str = "simpul";
pub const ROUTER_PASSWORD: &str = "rahasia-router";

/// A simulated router whose sessions come up 50 ms after a secret is enabled.
pub async fn sim(name: &str) -> SimRouter {
    let mut spec = RouterSpec::new(name).user(ROUTER_USER, ROUTER_PASSWORD);
    spec.session_delay_ms = 50;
    SimRouter::start(spec).await.unwrap()
}

/// Registers a NAS at `port` (a simulator's API port, or any port when no router is needed).
pub async fn nas(db: &PgPool, admin: &Actor, name: &str, port: u16) -> i64 {
    let draft = NasDraft {
        name: name.into(),
        host: "127.0.0.1".into(),
        api_kind: ApiKind::Binary,
        port: i32::from(port),
        username: ROUTER_USER.into(),
        password: ROUTER_PASSWORD.into(),
        active: true,
        ..NasDraft::default()
    };
    save::save(db, &secrets(), &RouterHub::default(), admin, draft)
        .await
        .unwrap()
        .id
}

pub fn plan_draft(name: &str, profile: &str, down: &str, up: &str, nas_ids: &[i64]) -> PlanDraft {
    PlanDraft {
        name: name.into(),
        connection_type: ConnectionType::Pppoe,
        profile_name: profile.into(),
        download: down.into(),
        upload: up.into(),
        price_rupiah: "250000".into(),
        nas_ids: nas_ids.to_vec(),
        active: true,
        ..PlanDraft::default()
    }
}

pub async fn plan(db: &PgPool, admin: &Actor, name: &str, profile: &str, nas_ids: &[i64]) -> i64 {
    plans::save(
        db,
        admin,
        PlanSave {
            draft: plan_draft(name, profile, "20M", "10M", nas_ids),
            kick_sessions: false,
        },
    )
    .await
    .unwrap()
}

pub async fn customer(db: &PgPool, actor: &Actor, name: &str, phone: &str) -> i64 {
    let draft = CustomerDraft {
        full_name: name.into(),
        phone: phone.into(),
        address: "Jl. Melati 1, Jakarta".into(),
        ..CustomerDraft::default()
    };
    customers::create(db, actor, draft).await.unwrap()
}

pub fn line_draft(
    customer_id: i64,
    plan_id: i64,
    nas_id: i64,
    username: &str,
) -> SubscriptionDraft {
    SubscriptionDraft {
        customer_id,
        plan_id,
        nas_id,
        username: username.into(),
        install_address: "Jl. Melati 1, Jakarta".into(),
        activate_now: true,
        ..SubscriptionDraft::default()
    }
}

pub async fn line(db: &PgPool, actor: &Actor, draft: SubscriptionDraft) -> i64 {
    subscriptions::create(db, &secrets(), actor, draft)
        .await
        .unwrap()
}

pub async fn drain(db: &PgPool, hub: &RouterHub, nas_id: i64) -> DrainReport {
    drain_nas(db, &secrets(), hub, nas_id, true).await.unwrap()
}

/// A session of our own on the simulator, for looking and changing things "by hand" the
/// way an operator in Winbox would.
pub async fn by_hand(sim: &SimRouter) -> routeros::Connection {
    let mut config = routeros::ClientConfig::new("127.0.0.1", ROUTER_USER, ROUTER_PASSWORD);
    config.port = sim.ports().api;
    routeros::connect(&config).await.unwrap()
}

/// The router's rows of `menu` whose `property` is `value`.
pub async fn rows(
    conn: &routeros::Connection,
    menu: &str,
    property: &str,
    value: &str,
) -> Vec<routeros::Row> {
    conn.execute(routeros::Command::new(format!("{menu}/print")).filter(property, value))
        .await
        .unwrap()
        .rows
}

/// Waits (up to 3 s) until `check` holds.
pub async fn eventually<F, Fut>(mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..60 {
        if check().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}
