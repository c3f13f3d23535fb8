//! ODP ports against a real database: lines placed on ports (through their ONT, or
//! straight to the premise), one line per port, capacity and broken ports, moving a line,
//! and the nearest ODPs with a free port around a point.

#[allow(dead_code)]
mod support;

use app::cmdb::model::ports::{PortAssignment, COVERAGE_RADIUS_M};
use app::cmdb::model::RelationKind;
use app::cmdb::server::ports;
use app::error::server::ServiceError;
use app::error::AppError;
use app::i18n::Msg;
use app::request::Actor;
use sqlx::PgPool;
use support::cmdb::{ci, ci_of_line, relate, small_isp};
use support::field_error;

async fn place(
    db: &PgPool,
    actor: &Actor,
    odp: i64,
    port: &str,
    line: &str,
) -> Result<i64, ServiceError> {
    let assignment = PortAssignment {
        odp,
        port: port.into(),
        line: line.into(),
    };
    ports::assign_line(db, actor, assignment).await
}

/// The line's username on each used port of `odp`, in port order.
async fn lines_on(db: &PgPool, odp: i64) -> Vec<(i32, String)> {
    let mut conn = db.acquire().await.unwrap();
    let grid = ports::grid(&mut conn, odp)
        .await
        .unwrap()
        .expect("a CI with ports");
    grid.ports
        .into_iter()
        .filter_map(|p| p.line.map(|line| (p.number, line.username)))
        .collect()
}

fn conflict(result: Result<impl std::fmt::Debug, ServiceError>) -> Msg {
    match result.map_err(AppError::from) {
        Err(AppError::Conflict(msg)) => msg,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn lines_take_one_odp_port_each_and_move_between_odps(db: PgPool) {
    let isp = small_isp(&db).await;
    let admin = &isp.admin;
    let odp_a = ci(&db, admin, "odp", "ODP-A", &[("capacity", "8")]).await;
    let odp_b = ci(&db, admin, "odp", "ODP-B", &[("capacity", "16")]).await;
    // Budi's house has an ONT on record; Sari's does not yet.
    let ont = ci(
        &db,
        admin,
        "ont",
        "ONT-BUDI",
        &[("serial_number", "ZTEGC0DE0001")],
    )
    .await;
    let budi_premise = ci_of_line(&db, isp.budi_line).await;
    relate(&db, admin, RelationKind::Feeds, ont, budi_premise, "")
        .await
        .unwrap();

    place(&db, admin, odp_a, "3", "BUDI").await.unwrap();
    let mut conn = db.acquire().await.unwrap();
    let grid = ports::grid(&mut conn, odp_a).await.unwrap().unwrap();
    assert_eq!(
        (grid.capacity, grid.ports.len(), grid.takes_lines),
        (8, 8, true)
    );
    let third = &grid.ports[2];
    assert_eq!(
        third.downstream.as_ref().map(|c| c.id.0),
        Some(ont),
        "the port feeds the ONT"
    );
    let line = third.line.as_ref().expect("the port names its line");
    assert_eq!(
        (
            line.subscription_id,
            line.username.as_str(),
            line.customer_name.as_str()
        ),
        (isp.budi_line, "budi", "Budi Santoso")
    );
    assert_eq!((grid.used(), grid.free(), grid.broken()), (1, 7, 0));

    // One line per port, within the capacity, never on a broken port.
    let sari_code = format!("line-{:06}", isp.sari_line);
    assert_eq!(
        field_error(place(&db, admin, odp_a, "3", &sari_code).await, "from_port"),
        Msg::ValCiPortTaken
    );
    assert_eq!(
        field_error(place(&db, admin, odp_a, "9", &sari_code).await, "from_port"),
        Msg::ValCiPortBeyondCapacity
    );
    ports::set_broken(&db, admin, odp_a, 4, true).await.unwrap();
    assert_eq!(
        field_error(place(&db, admin, odp_a, "4", &sari_code).await, "from_port"),
        Msg::ValCiPortBroken
    );
    assert_eq!(
        conflict(ports::set_broken(&db, admin, odp_a, 3, true).await),
        Msg::CiPortInUse
    );
    assert_eq!(
        field_error(place(&db, admin, odp_a, "5", "nobody").await, "line"),
        Msg::ValCiLineUnknown
    );
    let router_port = ports::set_broken(&db, admin, isp.router_ci, 1, true).await;
    assert_eq!(conflict(router_port), Msg::CiHasNoPorts);
    let olt = ci(
        &db,
        admin,
        "olt",
        "OLT-1",
        &[("vendor", "ZTE"), ("pon_ports", "8")],
    )
    .await;
    assert_eq!(
        conflict(place(&db, admin, olt, "1", "sari").await),
        Msg::CiPortsNotForLines
    );

    // A line with no ONT on record is fed straight to its premise.
    place(&db, admin, odp_a, "5", &sari_code).await.unwrap();
    assert_eq!(
        lines_on(&db, odp_a).await,
        vec![(3, "budi".into()), (5, "sari".into())]
    );

    // Moving Budi frees his old port; placing him again where he is changes nothing.
    place(&db, admin, odp_b, "1", "budi").await.unwrap();
    assert_eq!(lines_on(&db, odp_a).await, vec![(5, "sari".into())]);
    assert_eq!(lines_on(&db, odp_b).await, vec![(1, "budi".into())]);
    let again = place(&db, admin, odp_b, "1", "budi").await.unwrap();
    let feeds_into_ont: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM ci_relations WHERE to_ci = $1 AND kind = 'feeds'")
            .bind(ont)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(feeds_into_ont, vec![again]);

    // A repaired port takes lines again; every step is in the audit log.
    ports::set_broken(&db, admin, odp_a, 4, false)
        .await
        .unwrap();
    place(&db, admin, odp_a, "4", "budi").await.unwrap();
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity = 'ci' AND entity_id IN ($1, $2) ORDER BY id",
    )
    .bind(odp_a.to_string())
    .bind(odp_b.to_string())
    .fetch_all(&db)
    .await
    .unwrap();
    for expected in [
        "ci.relate",
        "ci.unrelate",
        "ci.port_broken",
        "ci.port_repaired",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} missing from {actions:?}"
        );
    }
}

/// Puts CI `id` at `north_m` metres north of (-6.2, 106.8).
async fn place_north(db: &PgPool, id: i64, north_m: f64) {
    sqlx::query("UPDATE cis SET latitude = -6.2 + $2 / 111320.0, longitude = 106.8 WHERE id = $1")
        .bind(id)
        .bind(north_m)
        .execute(db)
        .await
        .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn the_nearest_free_odp_skips_full_retired_and_far_ones(db: PgPool) {
    let isp = small_isp(&db).await;
    let admin = &isp.admin;
    let full = ci(&db, admin, "odp", "ODP-FULL", &[("capacity", "8")]).await;
    for port in 1..=8 {
        ports::set_broken(&db, admin, full, port, true)
            .await
            .unwrap();
    }
    let near = ci(&db, admin, "odp", "ODP-NEAR", &[("capacity", "8")]).await;
    place(&db, admin, near, "1", "budi").await.unwrap();
    let retired = ci(&db, admin, "odp", "ODP-OLD", &[("capacity", "16")]).await;
    sqlx::query("UPDATE cis SET lifecycle = 'retired' WHERE id = $1")
        .bind(retired)
        .execute(&db)
        .await
        .unwrap();
    let far = ci(&db, admin, "odp", "ODP-FAR", &[("capacity", "16")]).await;
    let beyond = ci(&db, admin, "odp", "ODP-BEYOND", &[("capacity", "16")]).await;
    for (id, metres) in [
        (full, 100.0),
        (near, 200.0),
        (retired, 150.0),
        (far, 2_000.0),
        (beyond, 9_000.0),
    ] {
        place_north(&db, id, metres).await;
    }

    let mut conn = db.acquire().await.unwrap();
    let found = ports::nearest_free(&mut conn, (-6.2, 106.8), 5_000.0, 5)
        .await
        .unwrap();
    let codes: Vec<&str> = found.iter().map(|o| o.ci.code.as_str()).collect();
    assert_eq!(codes, ["ODP-NEAR", "ODP-FAR"]);
    assert!(
        (found[0].distance_m - 200.0).abs() < 2.0,
        "{}",
        found[0].distance_m
    );
    assert_eq!((found[0].free_ports, found[0].capacity), (7, 8));
    assert_eq!(found[1].free_ports, 16);

    // Within a drop cable's reach only the near one counts.
    let reach = ports::nearest_free(&mut conn, (-6.2, 106.8), COVERAGE_RADIUS_M, 1)
        .await
        .unwrap();
    assert_eq!(reach.len(), 1);
    let nowhere = ports::nearest_free(&mut conn, (-6.5, 107.2), COVERAGE_RADIUS_M, 1)
        .await
        .unwrap();
    assert!(nowhere.is_empty());
}
