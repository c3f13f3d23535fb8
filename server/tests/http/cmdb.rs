//! The CMDB over HTTP: a plant spreadsheet reviewed, refused while it has errors, applied,
//! and exported again; the export is guarded like the CMDB pages.

use crate::support::TestApp;
use app::cmdb::api::{ApplyCiImport, PreviewCiImport};
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
