//! NAS records against a real database, and the monitor and live view against the RouterOS
//! simulator over real sockets.

// Shared helpers; this file needs only `add_user`.
#[allow(dead_code)]
mod support;

use app::auth::model::Role;
use app::error::AppError;
use app::i18n::Msg;
use app::nas::model::{ApiKind, NasDraft, NasState};
use app::nas::server::hub::RouterHub;
use app::nas::server::{live, monitor, repo, save, terminal};
use app::secrets::SecretBox;
use routeros_sim::{RouterSpec, SimRouter};
use sqlx::PgPool;
use support::add_user;

fn secrets() -> SecretBox {
    SecretBox::from_key([42; 32])
}

fn draft(name: &str, port: u16, password: &str) -> NasDraft {
    NasDraft {
        name: name.into(),
        site: "POP Uji".into(),
        host: "127.0.0.1".into(),
        api_kind: ApiKind::Binary,
        port: i32::from(port),
        username: "simpul".into(),
        password: password.into(),
        tags: "Core, uji".into(),
        active: true,
        ..NasDraft::default()
    }
}

async fn sim() -> SimRouter {
    let mut spec = RouterSpec::new("sim-uji").user("simpul", "rahasia-router");
    spec.session_delay_ms = 50;
    SimRouter::start(spec).await.unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn passwords_are_sealed_kept_on_edit_and_never_audited(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas = save::save(
        &db,
        &secrets(),
        &hub,
        &admin,
        draft("NAS A", 8728, "rahasia-router"),
    )
    .await
    .unwrap();
    assert_eq!(nas.tags, ["core", "uji"]);
    let stored: Vec<u8> = sqlx::query_scalar("SELECT password_sealed FROM nas WHERE id = $1")
        .bind(nas.id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(!stored.windows(14).any(|w| w == b"rahasia-router"));

    // Editing without a password keeps the stored one.
    let mut edit = nas.draft();
    edit.site = "POP Baru".into();
    save::save(&db, &secrets(), &hub, &admin, edit)
        .await
        .unwrap();
    let mut conn = db.acquire().await.unwrap();
    let target = repo::target(&mut conn, &secrets(), nas.id).await.unwrap();
    assert_eq!(target.password, "rahasia-router");
    // Another key cannot open it.
    assert!(
        repo::target(&mut conn, &SecretBox::from_key([1; 32]), nas.id)
            .await
            .is_err()
    );

    let audit: Vec<String> = sqlx::query_scalar(
        "SELECT coalesce(before::text, '') || coalesce(after::text, '') FROM audit_log WHERE entity = 'nas' ORDER BY id",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|a| !a.contains("rahasia")), "{audit:?}");
    assert!(
        audit[0].contains("\"password_changed\": true")
            || audit[0].contains("\"password_changed\":true")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_stored_password_only_goes_where_it_went_before(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas = save::save(
        &db,
        &secrets(),
        &hub,
        &admin,
        draft("NAS A", 8728, "rahasia-router"),
    )
    .await
    .unwrap();
    // Pointing the NAS elsewhere without typing the password would hand it to that host.
    for moved in [
        NasDraft {
            host: "203.0.113.9".into(),
            ..nas.draft()
        },
        NasDraft {
            port: 8729,
            ..nas.draft()
        },
        NasDraft {
            api_kind: ApiKind::RestHttp,
            ..nas.draft()
        },
        NasDraft {
            username: "lain".into(),
            ..nas.draft()
        },
    ] {
        let refused = save::save(&db, &secrets(), &hub, &admin, moved).await;
        let error = AppError::from(refused.unwrap_err());
        assert_eq!(
            error.field_errors().unwrap().get("password"),
            Some(Msg::ValNasPasswordRetype)
        );
    }
    let retyped = NasDraft {
        host: "203.0.113.9".into(),
        password: "baru".into(),
        ..nas.draft()
    };
    save::save(&db, &secrets(), &hub, &admin, retyped)
        .await
        .unwrap();
    let mut conn = db.acquire().await.unwrap();
    assert_eq!(
        repo::target(&mut conn, &secrets(), nas.id)
            .await
            .unwrap()
            .password,
        "baru"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_switched_off_nas_is_not_marked_by_a_late_check(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas = save::save(&db, &secrets(), &hub, &admin, draft("NAS Off", 1, "x"))
        .await
        .unwrap();
    save::save(
        &db,
        &secrets(),
        &hub,
        &admin,
        NasDraft {
            active: false,
            ..nas.draft()
        },
    )
    .await
    .unwrap();
    let mut conn = db.acquire().await.unwrap();
    repo::record_check(&mut conn, nas.id, chrono::Utc::now(), &Err("late".into()))
        .await
        .unwrap();
    assert_eq!(
        repo::get(&mut conn, nas.id).await.unwrap().status.state,
        NasState::Unknown
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn names_and_endpoints_are_unique(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    save::save(&db, &secrets(), &hub, &admin, draft("NAS A", 8728, "x"))
        .await
        .unwrap();
    let same_name = save::save(&db, &secrets(), &hub, &admin, draft("nas a", 8738, "x")).await;
    let error = AppError::from(same_name.unwrap_err());
    assert_eq!(
        error.field_errors().unwrap().get("name"),
        Some(Msg::ValNameTaken)
    );
    let same_endpoint = save::save(&db, &secrets(), &hub, &admin, draft("NAS B", 8728, "x")).await;
    let error = AppError::from(same_endpoint.unwrap_err());
    assert_eq!(
        error.field_errors().unwrap().get("host"),
        Some(Msg::ValNasEndpointTaken)
    );
    let bad = save::save(
        &db,
        &secrets(),
        &hub,
        &admin,
        NasDraft {
            host: "http://x".into(),
            ..draft("NAS C", 1, "x")
        },
    )
    .await;
    assert!(AppError::from(bad.unwrap_err())
        .field_errors()
        .unwrap()
        .get("host")
        .is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_monitor_follows_a_router_down_and_up(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let router = sim().await;
    let nas = save::save(
        &db,
        &secrets(),
        &hub,
        &admin,
        draft("NAS Sim", router.ports().api, "rahasia-router"),
    )
    .await
    .unwrap();
    assert_eq!(monitor::check_all(&db, &secrets(), &hub).await.unwrap(), 1);
    let mut conn = db.acquire().await.unwrap();
    let up = repo::get(&mut conn, nas.id).await.unwrap();
    assert_eq!(up.status.state, NasState::Up);
    let facts = up.status.facts.unwrap();
    assert_eq!(facts.identity, "sim-uji");
    assert!(facts.version.starts_with('7'));

    router.go_down();
    assert!(!monitor::check_one(&db, &secrets(), &hub, nas.id)
        .await
        .unwrap());
    let down = repo::get(&mut conn, nas.id).await.unwrap();
    assert_eq!(down.status.state, NasState::Down);
    assert!(down.status.last_error.is_some());
    assert_eq!(
        down.status.last_seen_at, up.status.last_seen_at,
        "last seen stays when down"
    );

    router.come_up().await.unwrap();
    let mut back = false;
    for _ in 0..40 {
        if monitor::check_one(&db, &secrets(), &hub, nas.id)
            .await
            .unwrap()
        {
            back = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(back, "the router came back");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_wrong_password_is_reported_in_the_routers_words(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let router = sim().await;
    let nas = save::save(
        &db,
        &secrets(),
        &hub,
        &admin,
        draft("NAS Salah", router.ports().api, "salah"),
    )
    .await
    .unwrap();
    monitor::check_one(&db, &secrets(), &hub, nas.id)
        .await
        .unwrap();
    let mut conn = db.acquire().await.unwrap();
    let down = repo::get(&mut conn, nas.id).await.unwrap();
    assert_eq!(down.status.state, NasState::Down);
    assert_eq!(
        down.status.last_error.as_deref(),
        Some("login refused: invalid user name or password (6)")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn live_view_and_terminal_read_the_router(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let router = sim().await;
    let nas = save::save(
        &db,
        &secrets(),
        &hub,
        &admin,
        draft("NAS Live", router.ports().api, "rahasia-router"),
    )
    .await
    .unwrap();
    let mut conn = db.acquire().await.unwrap();
    let target = repo::target(&mut conn, &secrets(), nas.id).await.unwrap();
    let client = hub.client(&target).unwrap();
    client
        .add(
            "/ppp/secret",
            routeros::Row::new()
                .with("name", "budi")
                .with("password", "pppoe-pw"),
        )
        .await
        .unwrap();
    let mut sessions = 0;
    for _ in 0..40 {
        sessions = live::read_live(&*client).await.unwrap().sessions.len();
        if sessions == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(sessions, 1);
    let view = live::read_live(&*client).await.unwrap();
    assert!(view
        .interfaces
        .iter()
        .any(|i| app::nas::model::cell(i, "name") == "<pppoe-budi>"));
    assert!(view
        .profiles
        .iter()
        .any(|p| app::nas::model::cell(p, "name") == "default"));

    let line = "/ppp/secret/print =.proplist=name,password";
    let output = terminal::run(&*client, line, terminal::parse(line).unwrap())
        .await
        .unwrap();
    assert_eq!(output.columns, ["name", "password"]);
    assert_eq!(
        output.rows,
        [["budi", "••••••"]],
        "customer passwords stay on the router"
    );
}
