//! The network map's data against a real database: ODP occupancy colours from feeds and
//! broken ports, premises by line state, cables drawn through CIs without a place, layer,
//! router and box filters, a down router colouring what it cuts off, and moving a point
//! (validated, audited).

// Shared helpers; this file needs only some of them.
#[allow(dead_code)]
mod support;

use app::auth::model::Role;
use app::cmdb::model::map::{
    Basemap, MapBounds, MapCable, MapFilter, MapLayer, NetworkMap, Occupancy, PointState,
    PremiseState,
};
use app::cmdb::model::RelationKind;
use app::cmdb::server::map::{self, MapContext};
use app::i18n::Msg;
use app::nas::server::hub::RouterHub;
use sqlx::PgPool;
use support::cmdb::{ci, ci_of_line, ci_of_nas, olt, relate, small_isp};
use support::isp::{nas, secrets};
use support::{add_user, field_error};

async fn draw(db: &PgPool, filter: MapFilter) -> NetworkMap {
    let (secrets, hub) = (secrets(), RouterHub::default());
    let ctx = MapContext {
        db,
        secrets: &secrets,
        hub: &hub,
        basemap: Basemap::Blank,
        can_move: true,
    };
    map::network_map(ctx, &filter).await.unwrap()
}

fn state_of(map: &NetworkMap, id: i64) -> PointState {
    map.points
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("CI {id} is not on the map"))
        .state
}

fn on_map(map: &NetworkMap, id: i64) -> bool {
    map.points.iter().any(|p| p.id == id)
}

async fn break_port(db: &PgPool, odp: i64, port: i32) {
    sqlx::query("INSERT INTO ci_broken_ports (ci_id, port) VALUES ($1, $2)")
        .bind(odp)
        .bind(port)
        .execute(db)
        .await
        .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn the_map_colours_odps_by_occupancy_and_premises_by_line_state(db: PgPool) {
    let isp = small_isp(&db).await;
    let admin = &isp.admin;
    let at = |lat: f64, lng: f64| (lat, lng);
    let place = |id: i64, (lat, lng): (f64, f64)| {
        let db = db.clone();
        let admin = admin.clone();
        async move { map::move_ci(&db, &admin, id, lat, lng).await.unwrap() }
    };
    let olt = olt(&db, admin, "OLT-1").await;
    let pon = ci(
        &db,
        admin,
        "pon_port",
        "OLT-1/PON-1",
        &[("port_number", "1")],
    )
    .await;
    let odp_a = ci(&db, admin, "odp", "ODP-A", &[("capacity", "8")]).await;
    let odp_b = ci(&db, admin, "odp", "ODP-B", &[("capacity", "16")]).await;
    relate(&db, admin, RelationKind::Feeds, isp.router_ci, olt, "")
        .await
        .unwrap();
    relate(&db, admin, RelationKind::Feeds, olt, pon, "1")
        .await
        .unwrap();
    relate(&db, admin, RelationKind::Feeds, pon, odp_a, "")
        .await
        .unwrap();
    relate(&db, admin, RelationKind::Feeds, pon, odp_b, "")
        .await
        .unwrap();
    let mut onts = Vec::new();
    for port in 1..=5 {
        let ont = ci(
            &db,
            admin,
            "ont",
            &format!("ONT-{port}"),
            &[("serial_number", &format!("ZTEG0000000{port}"))],
        )
        .await;
        relate(
            &db,
            admin,
            RelationKind::Feeds,
            odp_a,
            ont,
            &port.to_string(),
        )
        .await
        .unwrap();
        onts.push(ont);
    }
    let budi = ci_of_line(&db, isp.budi_line).await;
    let sari = ci_of_line(&db, isp.sari_line).await;
    relate(&db, admin, RelationKind::Feeds, onts[0], budi, "")
        .await
        .unwrap();
    // Five of eight ports feed ONTs and two are broken: 7/8 is yellow.
    break_port(&db, odp_a, 6).await;
    break_port(&db, odp_a, 7).await;
    place(olt, at(-6.2, 106.80)).await;
    place(odp_a, at(-6.201, 106.801)).await;
    place(odp_b, at(-6.202, 106.802)).await;
    place(budi, at(-6.2011, 106.8012)).await;
    sqlx::query("UPDATE subscriptions SET status = 'isolated' WHERE id = $1")
        .bind(isp.sari_line)
        .execute(&db)
        .await
        .unwrap();
    place(sari, at(-6.203, 106.803)).await;

    let all = draw(&db, MapFilter::default()).await;
    assert_eq!(
        state_of(&all, odp_a),
        PointState::Odp {
            taken: 7,
            capacity: 8,
            occupancy: Occupancy::Yellow
        }
    );
    assert_eq!(
        state_of(&all, odp_b),
        PointState::Odp {
            taken: 0,
            capacity: 16,
            occupancy: Occupancy::Green
        }
    );
    assert_eq!(state_of(&all, olt), PointState::Plant { down: false });
    // The router of this ISP is not reachable (port 1): Budi's session is not known.
    assert_eq!(
        state_of(&all, budi),
        PointState::Premise(PremiseState::Unknown)
    );
    assert_eq!(
        state_of(&all, sari),
        PointState::Premise(PremiseState::Isolated)
    );
    // The PON port and the ONT have no place: cables run OLT → ODPs and ODP-A → Budi.
    assert_eq!(
        all.cables,
        vec![
            MapCable {
                from: olt,
                to: odp_a
            },
            MapCable {
                from: olt,
                to: odp_b
            },
            MapCable {
                from: odp_a,
                to: budi
            },
        ]
    );
    // The router itself has no coordinates.
    assert_eq!(all.unplaced, 1);
    assert!(!on_map(&all, isp.router_ci));
    assert!(!all.truncated);
    assert_eq!(all.routers.len(), 1);

    // The last port breaks: 8/8 is red. A feed left on a port past the capacity (the ODP
    // was recorded smaller later; the services refuse new ones) adds nothing.
    break_port(&db, odp_a, 8).await;
    let extra = ci(
        &db,
        admin,
        "ont",
        "ONT-9",
        &[("serial_number", "ZTEG00000009")],
    )
    .await;
    sqlx::query(
        "INSERT INTO ci_relations (kind, from_ci, to_ci, from_port) VALUES ('feeds', $1, $2, 9)",
    )
    .bind(odp_a)
    .bind(extra)
    .execute(&db)
    .await
    .unwrap();
    let full = draw(&db, MapFilter::default()).await;
    assert_eq!(
        state_of(&full, odp_a),
        PointState::Odp {
            taken: 8,
            capacity: 8,
            occupancy: Occupancy::Red
        }
    );

    // Only ODPs: no premises, no OLT, no cables.
    let odps = draw(
        &db,
        MapFilter {
            layers: vec![MapLayer::Odps],
            ..Default::default()
        },
    )
    .await;
    assert_eq!(odps.points.len(), 2);
    assert!(odps.cables.is_empty());
    // With the OLT hidden, a cable runs from nothing drawn: none.
    let no_olt = draw(
        &db,
        MapFilter {
            layers: vec![MapLayer::Odps, MapLayer::Premises, MapLayer::Cables],
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        no_olt.cables,
        vec![MapCable {
            from: odp_a,
            to: budi
        }]
    );

    // A box around ODP-B only.
    let boxed = draw(
        &db,
        MapFilter {
            bounds: Some(MapBounds {
                south: -6.2025,
                west: 106.8015,
                north: -6.2015,
                east: 106.8025,
            }),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        boxed.points.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![odp_b]
    );

    // The router goes down: the plant below it is cut off, and so are working lines;
    // an isolated line stays isolated.
    sqlx::query("UPDATE nas SET status = 'down' WHERE id = $1")
        .bind(isp.router)
        .execute(&db)
        .await
        .unwrap();
    let down = draw(&db, MapFilter::default()).await;
    assert_eq!(state_of(&down, olt), PointState::Plant { down: true });
    assert_eq!(
        state_of(&down, budi),
        PointState::Premise(PremiseState::Down)
    );
    assert_eq!(
        state_of(&down, sari),
        PointState::Premise(PremiseState::Isolated)
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn one_routers_plant_and_bad_filters(db: PgPool) {
    let isp = small_isp(&db).await;
    let admin = &isp.admin;
    let other_router = nas(&db, admin, "NAS Timur", 2).await;
    let (near, far) = (
        olt(&db, admin, "OLT-PUSAT").await,
        olt(&db, admin, "OLT-TIMUR").await,
    );
    relate(&db, admin, RelationKind::Feeds, isp.router_ci, near, "")
        .await
        .unwrap();
    relate(
        &db,
        admin,
        RelationKind::Feeds,
        ci_of_nas(&db, other_router).await,
        far,
        "",
    )
    .await
    .unwrap();
    for (id, lng) in [(near, 106.8), (far, 107.0)] {
        map::move_ci(&db, admin, id, -6.2, lng).await.unwrap();
    }
    let pusat = draw(
        &db,
        MapFilter {
            nas_id: Some(isp.router),
            ..Default::default()
        },
    )
    .await;
    assert!(on_map(&pusat, near));
    assert!(!on_map(&pusat, far));
    assert_eq!(pusat.routers.len(), 2);

    let (secrets, hub) = (secrets(), RouterHub::default());
    let ctx = || MapContext {
        db: &db,
        secrets: &secrets,
        hub: &hub,
        basemap: Basemap::Blank,
        can_move: false,
    };
    let unknown = map::network_map(
        ctx(),
        &MapFilter {
            nas_id: Some(999_999),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(field_error(unknown, "nas_id"), Msg::ValMapRouter);
    let upside_down = MapFilter {
        bounds: Some(MapBounds {
            south: -6.1,
            west: 106.7,
            north: -6.3,
            east: 106.9,
        }),
        ..Default::default()
    };
    let refused = map::network_map(ctx(), &upside_down).await;
    assert_eq!(field_error(refused, "bounds"), Msg::ValMapBounds);
}

#[sqlx::test(migrations = "../migrations")]
async fn moving_a_point_is_validated_and_audited(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let odp = ci(&db, &admin, "odp", "ODP-1", &[("capacity", "8")]).await;
    let refused = map::move_ci(&db, &admin, odp, -95.0, 106.8).await;
    assert_eq!(field_error(refused, "point"), Msg::ValCoveragePoint);
    let refused = map::move_ci(&db, &admin, odp, f64::NAN, 106.8).await;
    assert_eq!(field_error(refused, "point"), Msg::ValCoveragePoint);
    assert!(map::move_ci(&db, &admin, 999_999, -6.2, 106.8)
        .await
        .is_err());

    map::move_ci(&db, &admin, odp, -6.2001, 106.8002)
        .await
        .unwrap();
    map::move_ci(&db, &admin, odp, -6.2003, 106.8004)
        .await
        .unwrap();
    let (lat, lng): (f64, f64) =
        sqlx::query_as("SELECT latitude, longitude FROM cis WHERE id = $1")
            .bind(odp)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((lat, lng), (-6.2003, 106.8004));
    let audit: Vec<(serde_json::Value, serde_json::Value)> = sqlx::query_as(
        "SELECT before, after FROM audit_log WHERE action = 'ci.move' AND entity_id = $1 ORDER BY id",
    )
    .bind(odp.to_string())
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0].0["latitude"], serde_json::Value::Null);
    assert_eq!(audit[1].0["latitude"], -6.2001);
    assert_eq!(audit[1].1["longitude"], 106.8004);
}
