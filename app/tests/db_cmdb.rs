//! The CMDB against a real database: routers and lines as CIs kept in step by triggers,
//! attribute and code checks, relations that refuse loops and double-used ports, impact
//! analysis with redundant paths, and the way up from a customer's premise.

#[allow(dead_code)]
mod support;

use app::auth::model::Role;
use app::cmdb::model::attributes::AttributeValue;
use app::cmdb::model::{CiDraft, Lifecycle, RelationKind};
use app::cmdb::server::{impact, relations, repo, save};
use app::error::AppError;
use app::i18n::Msg;
use sqlx::PgPool;
use support::cmdb::{ci, ci_of_line, ci_of_nas, relate, small_isp};
use support::isp::nas;
use support::{add_user, field_error};

#[sqlx::test(migrations = "../migrations")]
async fn routers_and_lines_are_cis_that_follow_their_records(db: PgPool) {
    let isp = small_isp(&db).await;
    let router = repo::get(&mut db.acquire().await.unwrap(), isp.router_ci)
        .await
        .unwrap();
    assert_eq!(router.class, "nas");
    assert_eq!(router.code, format!("NAS-{:03}", isp.router));
    assert_eq!(router.name, "NAS Pusat");

    let premise = ci_of_line(&db, isp.budi_line).await;
    let mut conn = db.acquire().await.unwrap();
    let view = repo::view(&mut conn, premise).await.unwrap();
    assert_eq!(view.ci.class, "premise");
    assert_eq!(view.ci.name, "Budi Santoso · budi");
    assert_eq!(view.ci.code, format!("LINE-{:06}", isp.budi_line));
    assert!(
        view.relations
            .iter()
            .any(|r| r.kind == RelationKind::DependsOn
                && r.outgoing
                && r.other.id.0 == isp.router_ci),
        "{:?}",
        view.relations
    );

    // The customer's new name follows; the router's name too.
    sqlx::query("UPDATE customers SET full_name = 'Budi S.' WHERE full_name = 'Budi Santoso'")
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("UPDATE nas SET name = 'NAS Pusat Baru' WHERE id = $1")
        .bind(isp.router)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        repo::get(&mut conn, premise).await.unwrap().name,
        "Budi S. · budi"
    );
    assert_eq!(
        repo::get(&mut conn, isp.router_ci).await.unwrap().name,
        "NAS Pusat Baru"
    );

    // A line moved to another router depends on that one, and only on it.
    let other = nas(&db, &isp.admin, "NAS Cabang", 2).await;
    sqlx::query("UPDATE subscriptions SET nas_id = $1 WHERE id = $2")
        .bind(other)
        .bind(isp.budi_line)
        .execute(&db)
        .await
        .unwrap();
    let targets: Vec<i64> = sqlx::query_scalar(
        "SELECT to_ci FROM ci_relations WHERE from_ci = $1 AND kind = 'depends_on'",
    )
    .bind(premise)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(targets, vec![ci_of_nas(&db, other).await]);

    // The line's dependency cannot be removed by hand; staff may still place the router.
    let relation: i64 = sqlx::query_scalar(
        "SELECT id FROM ci_relations WHERE from_ci = $1 AND kind = 'depends_on'",
    )
    .bind(premise)
    .fetch_one(&db)
    .await
    .unwrap();
    let refused = relations::remove(&db, &isp.admin, relation).await;
    assert!(matches!(
        refused.map_err(AppError::from),
        Err(AppError::Conflict(Msg::CiRelationManaged))
    ));
    let mut draft = repo::get(&mut conn, isp.router_ci).await.unwrap().draft();
    draft.name = "Renamed by hand".into();
    draft.latitude = "-6.2".into();
    draft.longitude = "106,8".into();
    save::save(&db, &isp.admin, draft).await.unwrap();
    let placed = repo::get(&mut conn, isp.router_ci).await.unwrap();
    assert_eq!(placed.name, "NAS Pusat Baru", "the router's name wins");
    assert_eq!(placed.latitude, Some(-6.2));
    assert_eq!(placed.longitude, Some(106.8));
}

#[sqlx::test(migrations = "../migrations")]
async fn cis_are_checked_against_their_class_and_audited(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let olt = |code: &str, pairs: &[(&str, &str)]| CiDraft {
        class: "olt".into(),
        code: code.into(),
        name: "OLT Bekasi".into(),
        attributes: AttributeValue::list(pairs),
        ..CiDraft::default()
    };
    let missing = save::save(&db, &admin, olt("OLT-BKS-1", &[("pon_ports", "16")])).await;
    assert_eq!(field_error(missing, "attr.vendor"), Msg::ValRequired);
    let too_many = save::save(
        &db,
        &admin,
        olt("OLT-BKS-1", &[("vendor", "ZTE"), ("pon_ports", "500")]),
    )
    .await;
    assert_eq!(field_error(too_many, "attr.pon_ports"), Msg::ValCiAttrRange);
    let reserved = save::save(
        &db,
        &admin,
        olt("NAS-001", &[("vendor", "ZTE"), ("pon_ports", "16")]),
    )
    .await;
    assert_eq!(field_error(reserved, "code"), Msg::ValCiCodeReserved);
    let made_by_hand = save::save(
        &db,
        &admin,
        CiDraft {
            class: "premise".into(),
            code: "RUMAH-1".into(),
            name: "Rumah".into(),
            ..CiDraft::default()
        },
    )
    .await;
    assert_eq!(field_error(made_by_hand, "class"), Msg::ValCiManagedClass);

    let id = save::save(
        &db,
        &admin,
        olt(
            "OLT-BKS-1",
            &[
                ("vendor", "ZTE"),
                ("pon_ports", "16"),
                ("management_ip", "10.9.0.2"),
            ],
        ),
    )
    .await
    .unwrap();
    let taken = save::save(
        &db,
        &admin,
        olt("olt-bks-1", &[("vendor", "Huawei"), ("pon_ports", "8")]),
    )
    .await;
    assert_eq!(field_error(taken, "code"), Msg::ValCiCodeTaken);

    let stored: serde_json::Value = sqlx::query_scalar("SELECT attributes FROM cis WHERE id = $1")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        stored,
        serde_json::json!({"vendor": "ZTE", "pon_ports": 16, "management_ip": "10.9.0.2"})
    );
    let mut conn = db.acquire().await.unwrap();
    let mut draft = repo::get(&mut conn, id).await.unwrap().draft();
    draft.lifecycle = Lifecycle::Maintenance;
    save::save(&db, &admin, draft).await.unwrap();
    let audit: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity = 'ci' AND entity_id = $1 ORDER BY id",
    )
    .bind(id.to_string())
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(audit, ["ci.create", "ci.update"]);
}

#[sqlx::test(migrations = "../migrations")]
async fn relations_refuse_loops_double_used_ports_and_ports_beyond_capacity(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let odc = ci(&db, &admin, "odc", "ODC-1", &[("capacity", "48")]).await;
    let odp = ci(&db, &admin, "odp", "ODP-1", &[("capacity", "8")]).await;
    let ont_a = ci(
        &db,
        &admin,
        "ont",
        "ONT-A",
        &[("serial_number", "ZTEG0001")],
    )
    .await;
    let ont_b = ci(
        &db,
        &admin,
        "ont",
        "ONT-B",
        &[("serial_number", "ZTEG0002")],
    )
    .await;
    relate(&db, &admin, RelationKind::Feeds, odc, odp, "1")
        .await
        .unwrap();
    relate(&db, &admin, RelationKind::Feeds, odp, ont_a, "1")
        .await
        .unwrap();

    let twice = relate(&db, &admin, RelationKind::Feeds, odp, ont_b, "1").await;
    assert_eq!(field_error(twice, "from_port"), Msg::ValCiPortTaken);
    let beyond = relate(&db, &admin, RelationKind::Feeds, odp, ont_b, "9").await;
    assert_eq!(
        field_error(beyond, "from_port"),
        Msg::ValCiPortBeyondCapacity
    );
    let again = relate(&db, &admin, RelationKind::Feeds, odp, ont_a, "").await;
    assert_eq!(field_error(again, "to_ci"), Msg::ValCiRelationExists);
    let looped = relate(&db, &admin, RelationKind::Feeds, ont_a, odc, "").await;
    assert_eq!(field_error(looped, "to_ci"), Msg::ValCiFeedLoop);
    let unknown = relate(&db, &admin, RelationKind::Feeds, odp, 999_999, "").await;
    assert_eq!(field_error(unknown, "to_ci"), Msg::ValCiUnknown);
    // Dependencies may go round; impact analysis copes (below).
    relate(&db, &admin, RelationKind::DependsOn, ont_a, ont_b, "")
        .await
        .unwrap();
    relate(&db, &admin, RelationKind::DependsOn, ont_b, ont_a, "")
        .await
        .unwrap();

    let mut conn = db.acquire().await.unwrap();
    let view = repo::view(&mut conn, odp).await.unwrap();
    assert_eq!((view.ports_used, view.ports_total), (1, Some(8)));
    let hit = impact::impact(&mut conn, ont_a).await.unwrap();
    assert_eq!(hit.failed_cis, 1, "ONT-B needs ONT-A; the cycle ends");
}

/// The plant: uplink → router; OLT → PON → ODC → ODP → ONTs → the two premises.
#[sqlx::test(migrations = "../migrations")]
async fn impact_counts_what_fails_below_and_respects_redundant_paths(db: PgPool) {
    let isp = small_isp(&db).await;
    let admin = &isp.admin;
    let uplink = ci(&db, admin, "link", "UPLINK-1", &[]).await;
    let olt = ci(
        &db,
        admin,
        "olt",
        "OLT-1",
        &[("vendor", "ZTE"), ("pon_ports", "16")],
    )
    .await;
    let pon = ci(
        &db,
        admin,
        "pon_port",
        "OLT-1/PON-3",
        &[("port_number", "3")],
    )
    .await;
    let odc = ci(&db, admin, "odc", "ODC-1", &[("capacity", "48")]).await;
    let odp = ci(&db, admin, "odp", "ODP-1", &[("capacity", "16")]).await;
    let ont_budi = ci(
        &db,
        admin,
        "ont",
        "ONT-BUDI",
        &[("serial_number", "ZTEG0001")],
    )
    .await;
    let ont_sari = ci(
        &db,
        admin,
        "ont",
        "ONT-SARI",
        &[("serial_number", "ZTEG0002")],
    )
    .await;
    let budi = ci_of_line(&db, isp.budi_line).await;
    let sari = ci_of_line(&db, isp.sari_line).await;
    for (from, to, port) in [
        (uplink, isp.router_ci, ""),
        (isp.router_ci, olt, ""),
        (olt, pon, "3"),
        (pon, odc, ""),
        (odc, odp, "2"),
        (odp, ont_budi, "1"),
        (odp, ont_sari, "2"),
        (ont_budi, budi, ""),
        (ont_sari, sari, ""),
    ] {
        relate(&db, admin, RelationKind::Feeds, from, to, port)
            .await
            .unwrap();
    }
    let mut conn = db.acquire().await.unwrap();

    let at_odc = impact::impact(&mut conn, odc).await.unwrap();
    let counts = impact::counts(&at_odc);
    assert_eq!(counts.get("odp"), Some(&1));
    assert_eq!(counts.get("ont"), Some(&2));
    assert_eq!(counts.get("premise"), Some(&2));
    assert_eq!((at_odc.customers, at_odc.business_customers), (2, 1));
    assert_eq!(at_odc.lines[0].username, "sari", "business customers first");

    let at_ont = impact::impact(&mut conn, ont_budi).await.unwrap();
    assert_eq!(at_ont.line_count, 1);
    assert_eq!(at_ont.lines[0].username, "budi");

    // The uplink takes everything down, until a backup uplink is recorded.
    let at_uplink = impact::impact(&mut conn, uplink).await.unwrap();
    assert_eq!(at_uplink.customers, 2);
    let backup = ci(&db, admin, "link", "UPLINK-2", &[]).await;
    relate(&db, admin, RelationKind::BackupOf, backup, uplink, "")
        .await
        .unwrap();
    let covered = impact::impact(&mut conn, uplink).await.unwrap();
    assert_eq!((covered.customers, covered.failed_cis), (0, 0));
    assert!(covered.kept_up > 0);
    // The router itself has no backup: its customers fail with it (they depend on it).
    let at_router = impact::impact(&mut conn, isp.router_ci).await.unwrap();
    assert_eq!(at_router.customers, 2);

    // The way up from Budi's house reaches the ODP, the OLT, the router and the uplink.
    let path = impact::path_up(&mut conn, budi).await.unwrap();
    let codes: Vec<&str> = path.iter().map(|s| s.ci.code.as_str()).collect();
    for code in [
        "ONT-BUDI",
        "ODP-1",
        "ODC-1",
        "OLT-1/PON-3",
        "OLT-1",
        "UPLINK-1",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert_eq!(path[0].depth, 1);
    let router_step = path.iter().find(|s| s.ci.id.0 == isp.router_ci).unwrap();
    assert_eq!(
        router_step.depth, 1,
        "the line depends on its router directly"
    );
    let odp_step = path.iter().find(|s| s.ci.code == "ODP-1").unwrap();
    assert_eq!((odp_step.depth, odp_step.from_port), (2, Some(1)));
}
