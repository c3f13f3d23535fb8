//! CMDB helpers for the database tests: CIs and relations made through the services, a
//! small ISP with a router and two lines.
#![allow(dead_code)]

use app::auth::model::Role;
use app::cmdb::model::attributes::AttributeValue;
use app::cmdb::model::{CiDraft, Lifecycle, RelationDraft, RelationKind};
use app::cmdb::server::{relations, save};
use app::error::server::ServiceError;
use app::request::Actor;
use sqlx::PgPool;

use super::add_user;
use super::isp::{customer, line, line_draft, nas, plan};

pub async fn ci(
    db: &PgPool,
    actor: &Actor,
    class: &str,
    code: &str,
    pairs: &[(&str, &str)],
) -> i64 {
    let draft = CiDraft {
        class: class.into(),
        code: code.into(),
        name: format!("{class} {code}"),
        lifecycle: Lifecycle::Active,
        attributes: AttributeValue::list(pairs),
        ..CiDraft::default()
    };
    save::save(db, actor, draft).await.unwrap()
}

/// An OLT (its class requires a vendor and a PON port count).
pub async fn olt(db: &PgPool, actor: &Actor, code: &str) -> i64 {
    ci(
        db,
        actor,
        "olt",
        code,
        &[("vendor", "ZTE"), ("pon_ports", "16")],
    )
    .await
}

pub async fn relate(
    db: &PgPool,
    actor: &Actor,
    kind: RelationKind,
    from_ci: i64,
    to_ci: i64,
    from_port: &str,
) -> Result<i64, ServiceError> {
    relations::add(
        db,
        actor,
        RelationDraft {
            kind,
            from_ci,
            to_ci,
            from_port: from_port.into(),
            ..RelationDraft::default()
        },
    )
    .await
}

pub async fn ci_of_line(db: &PgPool, subscription: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM cis WHERE subscription_id = $1")
        .bind(subscription)
        .fetch_one(db)
        .await
        .unwrap()
}

pub async fn ci_of_nas(db: &PgPool, nas: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM cis WHERE nas_id = $1")
        .bind(nas)
        .fetch_one(db)
        .await
        .unwrap()
}

/// A router, two customers with a line each on it (Sari is a business).
pub struct SmallIsp {
    pub admin: Actor,
    pub router: i64,
    pub router_ci: i64,
    pub sari_line: i64,
    pub budi_line: i64,
}

pub async fn small_isp(db: &PgPool) -> SmallIsp {
    let admin = add_user(db, "admin1", &[Role::Admin]).await;
    let router = nas(db, &admin, "NAS Pusat", 1).await;
    let plan_id = plan(db, &admin, "Rumah 20", "rumah-20", &[router]).await;
    let budi = customer(db, &admin, "Budi Santoso", "081234567801").await;
    let sari = customer(db, &admin, "Sari Usaha", "081234567802").await;
    sqlx::query("UPDATE customers SET category = 'business' WHERE id = $1")
        .bind(sari)
        .execute(db)
        .await
        .unwrap();
    let budi_line = line(db, &admin, line_draft(budi, plan_id, router, "budi")).await;
    let sari_line = line(db, &admin, line_draft(sari, plan_id, router, "sari")).await;
    let router_ci = ci_of_nas(db, router).await;
    SmallIsp {
        admin,
        router,
        router_ci,
        sari_line,
        budi_line,
    }
}
