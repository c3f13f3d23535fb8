//! The CMDB over HTTP: a plant spreadsheet reviewed, refused while it has errors, applied,
//! and exported again; the export is guarded like the CMDB pages.

use crate::support::TestApp;
use app::cmdb::api::{ApplyCiImport, PlantMap, PreviewCiImport};
use app::url::encode;
use http::StatusCode;
use leptos::server_fn::ServerFn;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn plant_csv_is_reviewed_applied_and_exported(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let supervisor = app.login("supervisor").await;
    let form = |text: &str| format!("class=odp&text={}", encode(text));

    // Indonesian Excel: semicolons and decimal commas. ODP capacity is 8 or 16.
    let wrong = "code;name;latitude;longitude;capacity;pole\n\
                 ODP-CSV-1;ODP Melati;-6,2001;106,8001;16;TN-1\n\
                 ODP-CSV-2;ODP Mawar;-6,2002;106,8002;12;TN-2\n";
    let review = app
        .call(PreviewCiImport::PATH, &form(wrong), Some(&supervisor))
        .await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    let preview: serde_json::Value = serde_json::from_str(&review.body).unwrap();
    assert_eq!(preview["rows"][0]["errors"], serde_json::json!([]));
    assert_eq!(preview["rows"][1]["line"], 3);
    assert_eq!(
        preview["rows"][1]["errors"],
        serde_json::json!([["attr.capacity", "ValCiAttrChoice"]])
    );
    let refused = app
        .call(ApplyCiImport::PATH, &form(wrong), Some(&supervisor))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let written: i64 = sqlx::query_scalar("SELECT count(*) FROM cis WHERE code LIKE 'ODP-CSV-%'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(written, 0, "a file with errors writes nothing");

    let fixed = wrong.replace(";12;", ";8;");
    let applied = app
        .call(ApplyCiImport::PATH, &form(&fixed), Some(&supervisor))
        .await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    assert_eq!(applied.body, r#"{"created":2,"updated":0}"#);
    // The same file again changes nothing; a changed name updates one CI.
    let again = app
        .call(PreviewCiImport::PATH, &form(&fixed), Some(&supervisor))
        .await;
    let again: serde_json::Value = serde_json::from_str(&again.body).unwrap();
    assert_eq!(again["rows"][0]["action"], "Unchanged");
    let renamed = fixed.replace("ODP Mawar", "ODP Mawar Baru");
    let applied = app
        .call(ApplyCiImport::PATH, &form(&renamed), Some(&supervisor))
        .await;
    assert_eq!(applied.body, r#"{"created":0,"updated":1}"#);

    let export = app.get("/api/cmdb/odp/cis.csv", Some(&supervisor)).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(
        export
            .body
            .starts_with("code,name,lifecycle,latitude,longitude,address,owner_group,notes,capacity,splitter_ratio,pole\r\n"),
        "{}",
        export.body
    );
    assert!(
        export
            .body
            .contains("ODP-CSV-2,ODP Mawar Baru,active,-6.2002,106.8002,,,,8,,TN-2\r\n"),
        "{}",
        export.body
    );
    let finance = app.login("finance").await;
    assert_eq!(
        app.get("/api/cmdb/odp/cis.csv", Some(&finance))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/cmdb/odp/cis.csv", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/cmdb/nothing/cis.csv", Some(&supervisor))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_basemap_file_is_served_in_slices_to_staff_who_see_the_network(pool: PgPool) {
    // Any bytes do: Simpul serves the operator's file as it is; the map reads its header.
    let file = std::env::temp_dir().join(format!("simpul-basemap-{}.pmtiles", std::process::id()));
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    std::fs::write(&file, &bytes).unwrap();
    let path = file.to_string_lossy().into_owned();
    let app = TestApp::with_env(pool.clone(), &[("SIMPUL_MAP_PMTILES", path.as_str())]).await;
    let supervisor = app.login("supervisor").await;
    let ranged = |range: &'static str, cookie: Option<String>| {
        let mut request =
            http::Request::get("/map/basemap.pmtiles").header(http::header::RANGE, range);
        if let Some(cookie) = cookie {
            request = request.header(http::header::COOKIE, cookie);
        }
        request.body(axum::body::Body::empty()).unwrap()
    };

    let slice = app
        .send(ranged("bytes=127-254", Some(supervisor.clone())))
        .await;
    assert_eq!(slice.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(slice.bytes, bytes[127..=254].to_vec());
    assert_eq!(slice.headers["content-range"], "bytes 127-254/4096");
    assert_eq!(slice.headers["content-type"], "application/vnd.pmtiles");
    let whole = app.get("/map/basemap.pmtiles", Some(&supervisor)).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(whole.bytes.len(), 4096);
    let past_the_end = app
        .send(ranged("bytes=5000-6000", Some(supervisor.clone())))
        .await;
    assert_eq!(past_the_end.status, StatusCode::RANGE_NOT_SATISFIABLE);

    let finance = app.login("finance").await;
    assert_eq!(
        app.get("/map/basemap.pmtiles", Some(&finance)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/map/basemap.pmtiles", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    std::fs::remove_file(&file).unwrap();

    // Without a file configured there is nothing to serve.
    let plain = TestApp::new(pool).await;
    let supervisor = plain.login("supervisor").await;
    assert_eq!(
        plain
            .get("/map/basemap.pmtiles", Some(&supervisor))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_map_answers_the_demo_plant_and_says_which_basemap(pool: PgPool) {
    let app = TestApp::with_env(
        pool,
        &[(
            "SIMPUL_MAP_TILE_URL",
            "https://tiles.example.id/{z}/{x}/{y}.png",
        )],
    )
    .await;
    let supervisor = app.login("supervisor").await;
    let reply = app
        .call(PlantMap::PATH, "filter[layers][0]=Odps", Some(&supervisor))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let map: app::cmdb::model::map::NetworkMap = serde_json::from_str(&reply.body).unwrap();
    assert!(map.points.len() >= 6, "two ODPs per demo area");
    assert!(map
        .points
        .iter()
        .all(|p| p.layer == app::cmdb::model::map::MapLayer::Odps));
    assert!(map.can_move);
    assert_eq!(
        map.basemap,
        app::cmdb::model::map::Basemap::Xyz {
            url: "https://tiles.example.id/{z}/{x}/{y}.png".into(),
            attribution: String::new(),
        }
    );
    let agent = app.login("agent1").await;
    let reply = app
        .call(PlantMap::PATH, "filter[layers][0]=Olts", Some(&agent))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let map: app::cmdb::model::map::NetworkMap = serde_json::from_str(&reply.body).unwrap();
    assert!(
        !map.can_move,
        "agents see the map but do not move the plant"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_demo_neighbourhoods_sit_on_odp_ports_and_one_odp_is_nearly_full(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let secrets = crate::support::test_secrets();
    server::seed::seed_demo(&pool, &secrets, 1, 60)
        .await
        .unwrap();
    // A restart seeds nothing twice.
    server::seed::seed_demo(&pool, &secrets, 1, 60)
        .await
        .unwrap();
    let (customers, lines): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM subscriptions WHERE status = 'active')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // The five demo customers, the households, and three new houses waiting for their
    // installation (field service).
    assert_eq!(customers, 5 + 60 + 3);
    assert!(lines >= 4 + 60, "every household's line works ({lines})");
    // Each household's premise hangs off an ONT on an ODP port.
    let placed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM cis p
         JOIN ci_relations drop_cable ON drop_cable.to_ci = p.id AND drop_cable.kind = 'feeds'
         JOIN ci_relations port ON port.to_ci = drop_cable.from_ci AND port.kind = 'feeds'
         JOIN cis odp ON odp.id = port.from_ci AND odp.class = 'odp'
         WHERE p.class = 'premise' AND port.from_port IS NOT NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(placed, 5 + 60);

    let supervisor = app.login("supervisor").await;
    let reply = app
        .call(PlantMap::PATH, "filter[layers][0]=Odps", Some(&supervisor))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let map: app::cmdb::model::map::NetworkMap = serde_json::from_str(&reply.body).unwrap();
    let full = map
        .points
        .iter()
        .find(|p| p.code == "ODP-BKS-03")
        .expect("ODP-BKS-03 on the map");
    assert_eq!(
        full.state,
        app::cmdb::model::map::PointState::Odp {
            taken: 15,
            capacity: 16,
            occupancy: app::cmdb::model::map::Occupancy::Red,
        }
    );
    // The coverage ODP of the portal's example stays free.
    let jkt02 = map.points.iter().find(|p| p.code == "ODP-JKT-02").unwrap();
    assert!(matches!(
        jkt02.state,
        app::cmdb::model::map::PointState::Odp { taken: 0, .. }
    ));
}
