//! Provisioning against the RouterOS simulator over real sockets: the outbox worker makes
//! the router follow Simpul's records, waits out a router that is down without losing or
//! repeating anything, and reconciliation finds and fixes hand-made drift.

#[allow(dead_code)]
mod support;

use app::auth::model::Role;
use app::nas::server::hub::RouterHub;
use app::plans::model::PlanSave;
use app::plans::server::service as plans;
use app::provisioning::model::DriftProblem;
use app::provisioning::server::reconcile;
use app::subscriptions::model::{SubscriptionStatus, SubscriptionStatusChange};
use app::subscriptions::server::service as lines;
use routeros::{RouterApi, Row};
use sqlx::PgPool;
use support::add_user;
use support::isp::{
    by_hand, customer, drain, eventually, line, line_draft, nas, plan, plan_draft, rows, secrets,
    sim,
};

fn change(id: i64, status: SubscriptionStatus, reason: &str) -> SubscriptionStatusChange {
    SubscriptionStatusChange {
        id,
        status,
        reason: reason.into(),
    }
}

async fn job_outcomes(db: &PgPool) -> Vec<(String, String, String, Option<String>)> {
    sqlx::query_as("SELECT object_key, action, state, outcome FROM provisioning_jobs ORDER BY id")
        .fetch_all(db)
        .await
        .unwrap()
}

/// Reads the router and expects it to hold exactly what Simpul's records say.
async fn assert_no_drift(db: &PgPool, hub: &RouterHub, nas_id: i64) {
    let drift = reconcile::reconcile(db, &secrets(), hub, nas_id)
        .await
        .unwrap();
    assert_eq!(drift.items, vec![]);
}

fn get<'a>(row: &'a Row, name: &str) -> &'a str {
    row.get(name).unwrap_or("")
}

#[sqlx::test(migrations = "../migrations")]
async fn the_router_follows_the_line_through_its_life(db: PgPool) {
    let router = sim("sim-life").await;
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas_id = nas(&db, &admin, "NAS Sim", router.ports().api).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_id]).await;
    let ahmad = customer(&db, &admin, "Ahmad Fauzi", "081255550001").await;
    let id = line(&db, &admin, line_draft(ahmad, plan_id, nas_id, "ahmad")).await;

    // Create: the secret appears with the plan's profile, tagged as Simpul's.
    let report = drain(&db, &hub, nas_id).await;
    assert_eq!((report.done, report.failed, report.waiting), (4, 0, None));
    let api = by_hand(&router).await;
    let secret = rows(&api, "/ppp/secret", "name", "ahmad").await;
    assert_eq!(secret.len(), 1);
    assert_eq!(get(&secret[0], "profile"), "simpul-20m");
    assert_eq!(get(&secret[0], "service"), "pppoe");
    assert_eq!(get(&secret[0], "disabled"), "false");
    assert!(get(&secret[0], "comment").starts_with(&format!("simpul:sub:{id} CUST-")));
    let profile = rows(&api, "/ppp/profile", "name", "simpul-20m").await;
    assert_eq!(get(&profile[0], "rate-limit"), "10M/20M");
    let state: (String, Option<String>) =
        sqlx::query_as("SELECT provision_state, provision_error FROM subscriptions WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(state, ("applied".into(), None));
    // The customer's router dials in.
    assert!(
        eventually(|| async { !rows(&api, "/ppp/active", "name", "ahmad").await.is_empty() }).await
    );
    let session = get(&rows(&api, "/ppp/active", "name", "ahmad").await[0], ".id").to_owned();

    // A faster plan: the profile changes; without "kick" the session stays as it is.
    let faster = |kick| PlanSave {
        draft: app::plans::model::PlanDraft {
            id: plan_id,
            ..plan_draft("Rumah 20", "simpul-20m", "30M", "15M", &[nas_id])
        },
        kick_sessions: kick,
    };
    plans::save(&db, &admin, faster(false)).await.unwrap();
    drain(&db, &hub, nas_id).await;
    let profile = rows(&api, "/ppp/profile", "name", "simpul-20m").await;
    assert_eq!(get(&profile[0], "rate-limit"), "15M/30M");
    let still = rows(&api, "/ppp/active", "name", "ahmad").await;
    assert_eq!(get(&still[0], ".id"), session);
    // Asked to apply now: the session is ended (and the modem dials in again).
    let mut kick = faster(true);
    kick.draft.download = "40M".into();
    plans::save(&db, &admin, kick).await.unwrap();
    drain(&db, &hub, nas_id).await;
    assert!(rows(&api, "/ppp/active", "name", "ahmad")
        .await
        .iter()
        .all(|s| get(s, ".id") != session));

    // Isolate: moved to the isolir profile (created by Simpul, with its address-list).
    lines::change_status(
        &db,
        &admin,
        change(id, SubscriptionStatus::Isolated, "Belum bayar"),
    )
    .await
    .unwrap();
    drain(&db, &hub, nas_id).await;
    let secret = rows(&api, "/ppp/secret", "name", "ahmad").await;
    assert_eq!(get(&secret[0], "profile"), "simpul-isolir");
    let isolir = rows(&api, "/ppp/profile", "name", "simpul-isolir").await;
    assert_eq!(get(&isolir[0], "address-list"), "isolir");
    // Restore: back on the plan.
    lines::change_status(
        &db,
        &admin,
        change(id, SubscriptionStatus::Active, "Sudah bayar"),
    )
    .await
    .unwrap();
    drain(&db, &hub, nas_id).await;
    let secret = rows(&api, "/ppp/secret", "name", "ahmad").await;
    assert_eq!(get(&secret[0], "profile"), "simpul-20m");

    // Terminate: removed, and the session with it.
    lines::change_status(
        &db,
        &admin,
        change(id, SubscriptionStatus::Terminated, "Pindah"),
    )
    .await
    .unwrap();
    let report = drain(&db, &hub, nas_id).await;
    assert_eq!(report.failed, 0);
    assert!(rows(&api, "/ppp/secret", "name", "ahmad").await.is_empty());
    let outcomes = job_outcomes(&db).await;
    let last = outcomes.last().unwrap();
    assert_eq!((last.1.as_str(), last.2.as_str()), ("kick", "done"));
    // Nothing Simpul does not own was touched: the router's own default profile is there.
    assert_eq!(rows(&api, "/ppp/profile", "name", "default").await.len(), 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_router_that_is_down_gets_the_change_exactly_once_when_back(db: PgPool) {
    let router = sim("sim-down").await;
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas_id = nas(&db, &admin, "NAS Sim", router.ports().api).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_id]).await;
    drain(&db, &hub, nas_id).await;
    router.go_down();

    let siti = customer(&db, &admin, "Siti Nurhaliza", "081255550003").await;
    let id = line(&db, &admin, line_draft(siti, plan_id, nas_id, "siti")).await;
    let report = drain(&db, &hub, nas_id).await;
    assert_eq!(report.done, 0);
    assert!(report.waiting.is_some(), "{report:?}");
    let (state, error): (String, Option<String>) =
        sqlx::query_as("SELECT provision_state, provision_error FROM subscriptions WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(state, "queued");
    assert!(error.is_some());
    let pending: i64 =
        sqlx::query_scalar("SELECT count(*) FROM provisioning_jobs WHERE state = 'pending'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(pending, 3, "nothing was dropped");
    // Still down: the row waits, in order, with a growing delay.
    drain(&db, &hub, nas_id).await;
    let (attempts, delayed): (i32, bool) = sqlx::query_as(
        "SELECT attempts, next_attempt_at > now() FROM provisioning_jobs
         WHERE state = 'pending' ORDER BY id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((attempts, delayed), (2, true));

    router.come_up().await.unwrap();
    // The backoff is honoured by the background worker; an unforced drain waits for it.
    let early = app::provisioning::server::worker::drain_nas(&db, &secrets(), &hub, nas_id, false)
        .await
        .unwrap();
    assert_eq!(early.done, 0);
    // The client's own reconnect backoff may still hold for a moment: retry like the
    // worker's sweep does until the router answers.
    let (mut done, mut failed) = (0, 0);
    for _ in 0..40 {
        let report = drain(&db, &hub, nas_id).await;
        done += report.done;
        failed += report.failed;
        if report.waiting.is_none() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!((done, failed), (3, 0));
    let api = by_hand(&router).await;
    assert_eq!(rows(&api, "/ppp/secret", "name", "siti").await.len(), 1);
    let outcomes = job_outcomes(&db).await;
    let secret_rows: Vec<_> = outcomes.iter().filter(|o| o.0 == "siti").collect();
    assert_eq!(secret_rows.len(), 1);
    assert_eq!(secret_rows[0].3.as_deref(), Some("added"));
    // A second pass finds nothing left to do.
    assert_eq!(drain(&db, &hub, nas_id).await.done, 0);
    let state: String =
        sqlx::query_scalar("SELECT provision_state FROM subscriptions WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(state, "applied");
}

#[sqlx::test(migrations = "../migrations")]
async fn drift_is_found_and_fixed_and_foreign_objects_are_left_alone(db: PgPool) {
    let router = sim("sim-drift").await;
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas_id = nas(&db, &admin, "NAS Sim", router.ports().api).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_id]).await;
    let budi = customer(&db, &admin, "Budi Hartono", "081255550004").await;
    line(&db, &admin, line_draft(budi, plan_id, nas_id, "budi")).await;
    line(&db, &admin, line_draft(budi, plan_id, nas_id, "budi-toko")).await;
    // Not applied yet: the router lacks them, but that is the queue's work, not drift.
    let queued = reconcile::reconcile(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap();
    assert_eq!(queued.items, vec![], "queued objects are not drift");
    assert!(queued.pending_jobs > 0);
    drain(&db, &hub, nas_id).await;
    let clean = reconcile::reconcile(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap();
    assert_eq!(clean.items, vec![], "freshly provisioned");

    // By hand: a secret deleted, another edited, a stray Simpul secret, a manual one.
    let api = by_hand(&router).await;
    let budi_id = get(&rows(&api, "/ppp/secret", "name", "budi").await[0], ".id").to_owned();
    api.remove("/ppp/secret", &budi_id).await.unwrap();
    let toko = get(
        &rows(&api, "/ppp/secret", "name", "budi-toko").await[0],
        ".id",
    )
    .to_owned();
    api.set("/ppp/secret", &toko, Row::new().with("profile", "default"))
        .await
        .unwrap();
    api.add(
        "/ppp/secret",
        Row::new()
            .with("name", "hantu")
            .with("password", "x")
            .with("comment", "simpul:sub:999 CUST-09999"),
    )
    .await
    .unwrap();
    api.add(
        "/ppp/secret",
        Row::new()
            .with("name", "tetangga")
            .with("comment", "manual"),
    )
    .await
    .unwrap();

    let drift = reconcile::reconcile(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap();
    let found: Vec<(&str, DriftProblem)> = drift
        .items
        .iter()
        .map(|i| (i.key.as_str(), i.problem))
        .collect();
    assert_eq!(
        found,
        vec![
            ("budi", DriftProblem::Missing),
            ("budi-toko", DriftProblem::Different),
            ("hantu", DriftProblem::Extra),
        ]
    );
    assert_eq!(drift.items[1].fields[0].name, "profile");
    assert_eq!(drift.items[1].fields[0].router, "default");

    let queued = reconcile::fix_drift(&db, &admin, nas_id).await.unwrap();
    assert_eq!(queued, 3);
    drain(&db, &hub, nas_id).await;
    assert_eq!(rows(&api, "/ppp/secret", "name", "budi").await.len(), 1);
    assert_eq!(
        get(
            &rows(&api, "/ppp/secret", "name", "budi-toko").await[0],
            "profile"
        ),
        "simpul-20m"
    );
    assert!(rows(&api, "/ppp/secret", "name", "hantu").await.is_empty());
    // The neighbour's hand-made secret is not Simpul's business.
    assert_eq!(rows(&api, "/ppp/secret", "name", "tetangga").await.len(), 1);
    let after = reconcile::reconcile(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap();
    assert_eq!(after.items, vec![]);

    // A name Simpul wants that a manual secret holds is reported, never overwritten.
    let taken = line(&db, &admin, line_draft(budi, plan_id, nas_id, "tetangga")).await;
    let report = drain(&db, &hub, nas_id).await;
    assert_eq!(report.failed, 1);
    let error: Option<String> =
        sqlx::query_scalar("SELECT provision_error FROM subscriptions WHERE id = $1")
            .bind(taken)
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(error.unwrap().contains("not managed by Simpul"));
    let drift = reconcile::reconcile(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap();
    assert_eq!(drift.items[0].problem, DriftProblem::Foreign);
    assert_eq!(
        get(
            &rows(&api, "/ppp/secret", "name", "tetangga").await[0],
            "comment"
        ),
        "manual"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn secrets_made_by_hand_are_adopted_through_the_review(db: PgPool) {
    let router = sim("sim-import").await;
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas_id = nas(&db, &admin, "NAS Lama", router.ports().api).await;
    let api = by_hand(&router).await;
    api.add(
        "/ppp/profile",
        Row::new()
            .with("name", "legacy-10M")
            .with("rate-limit", "5M/10M"),
    )
    .await
    .unwrap();
    for (name, comment, disabled) in [
        ("pak-slamet", "Pak Slamet RT 03", "no"),
        ("warung-ani", "", "yes"),
    ] {
        api.add(
            "/ppp/secret",
            Row::new()
                .with("name", name)
                .with("password", format!("pw-{name}"))
                .with("service", "pppoe")
                .with("profile", "legacy-10M")
                .with("comment", comment)
                .with("disabled", disabled),
        )
        .await
        .unwrap();
    }

    let preview = app::provisioning::server::import::preview(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap();
    let names: Vec<(&str, &str, bool)> = preview
        .candidates
        .iter()
        .map(|c| (c.name.as_str(), c.suggested_name.as_str(), c.disabled))
        .collect();
    assert_eq!(
        names,
        vec![
            ("pak-slamet", "Pak Slamet RT 03", false),
            ("warung-ani", "warung-ani", true)
        ]
    );
    assert_eq!(preview.profiles[0].rate_limit, "5M/10M");
    let choices = preview
        .candidates
        .iter()
        .map(|c| app::provisioning::model::ImportChoice {
            name: c.name.clone(),
            customer_name: c.suggested_name.clone(),
            phone: String::new(),
            plan_id: None,
        })
        .collect();
    let result =
        app::provisioning::server::import::adopt(&db, &secrets(), &hub, &admin, nas_id, choices)
            .await
            .unwrap();
    assert_eq!((result.customers, result.plans, result.lines), (2, 1, 2));
    assert!(result.skipped.is_empty());
    let (speed, price): (i32, i64) = sqlx::query_as(
        "SELECT download_kbps, price_rupiah FROM plans WHERE profile_name = 'legacy-10M'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((speed, price), (10_000, 0));
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT status FROM subscriptions ORDER BY username")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(statuses, ["active", "suspended"]);

    let report = drain(&db, &hub, nas_id).await;
    assert_eq!(report.failed, 0, "{:?}", job_outcomes(&db).await);
    let slamet = rows(&api, "/ppp/secret", "name", "pak-slamet").await;
    assert!(get(&slamet[0], "comment").starts_with("simpul:sub:"));
    assert_eq!(get(&slamet[0], "password"), "pw-pak-slamet");
    assert_eq!(get(&slamet[0], "profile"), "legacy-10M");
    let profile = rows(&api, "/ppp/profile", "name", "legacy-10M").await;
    assert!(get(&profile[0], "comment").starts_with("simpul:plan:"));
    // Nothing is left to import, and nothing drifts.
    let again = app::provisioning::server::import::preview(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap();
    assert!(again.candidates.is_empty());
    assert_no_drift(&db, &hub, nas_id).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn the_isolir_page_knows_an_isolated_visitor_by_address(db: PgPool) {
    let router = sim("sim-isolir").await;
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas_id = nas(&db, &admin, "NAS Sim", router.ports().api).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_id]).await;
    let yohana = customer(&db, &admin, "Yohana Kambu", "081255550005").await;
    let id = line(&db, &admin, line_draft(yohana, plan_id, nas_id, "yohana")).await;
    lines::change_status(
        &db,
        &admin,
        change(id, SubscriptionStatus::Isolated, "Tagihan belum dibayar"),
    )
    .await
    .unwrap();
    drain(&db, &hub, nas_id).await;
    let api = by_hand(&router).await;
    assert!(
        eventually(|| async { !rows(&api, "/ppp/active", "name", "yohana").await.is_empty() })
            .await
    );
    let address = get(
        &rows(&api, "/ppp/active", "name", "yohana").await[0],
        "address",
    )
    .to_owned();
    let isolir = app::subscriptions::server::isolir::line_at;
    let found = isolir(&db, &secrets(), &hub, &address)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.first_name, "Yohana");
    assert_eq!(found.reason, "Tagihan belum dibayar");
    // Anyone else, or nonsense, gets the general page.
    assert_eq!(
        isolir(&db, &secrets(), &hub, "10.99.99.99").await.unwrap(),
        None
    );
    assert_eq!(
        isolir(&db, &secrets(), &hub, "unknown").await.unwrap(),
        None
    );
    // The same address fixed on another router's line: it could be that customer, so
    // nobody is named. (Each check below starts with a fresh hub: answers are reused 15 s.)
    let other_nas = nas(&db, &admin, "NAS Lain", 1).await;
    let other_plan = plan(&db, &admin, "Rumah 30", "simpul-30m", &[other_nas]).await;
    let neighbour = customer(&db, &admin, "Ahmad Fauzi", "081255550001").await;
    let mut fixed = line_draft(neighbour, other_plan, other_nas, "ahmad");
    fixed.static_ip = address.clone();
    let clash = line(&db, &admin, fixed).await;
    let fresh = RouterHub::default;
    assert_eq!(
        isolir(&db, &secrets(), &fresh(), &address).await.unwrap(),
        None
    );
    lines::change_status(
        &db,
        &admin,
        change(clash, SubscriptionStatus::Terminated, "Batal"),
    )
    .await
    .unwrap();
    // That router does not answer, so it cannot say the address is not its: still nobody.
    assert_eq!(
        isolir(&db, &secrets(), &fresh(), &address).await.unwrap(),
        None
    );
    // Switched off, it is not asked; Yohana is recognised again.
    sqlx::query("UPDATE nas SET active = false WHERE id = $1")
        .bind(other_nas)
        .execute(&db)
        .await
        .unwrap();
    assert!(isolir(&db, &secrets(), &fresh(), &address)
        .await
        .unwrap()
        .is_some());
    // Restored: no longer isolated, no longer named.
    lines::change_status(
        &db,
        &admin,
        change(id, SubscriptionStatus::Active, "Sudah bayar"),
    )
    .await
    .unwrap();
    assert_eq!(isolir(&db, &secrets(), &hub, &address).await.unwrap(), None);
}

#[sqlx::test(migrations = "../migrations")]
async fn hotspot_users_and_fixed_address_queues_reach_the_router(db: PgPool) {
    use app::nas::server::monitor;
    use app::plans::model::ConnectionType;

    let router = sim("sim-kinds").await;
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas_id = nas(&db, &admin, "NAS Sim", router.ports().api).await;
    let api = by_hand(&router).await;
    api.execute(
        routeros::Command::new("/ip/pool/add")
            .attr("name", "pool-pelanggan")
            .attr("ranges", "10.50.0.2-10.50.0.254,10.51.0.0/24"),
    )
    .await
    .unwrap();
    // The monitor reads the pools along with the router's facts.
    assert!(monitor::check_one(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap());
    let kind_plan = |name: &str, profile: &str, kind| {
        let mut draft = plan_draft(name, profile, "50M", "25M", &[nas_id]);
        draft.connection_type = kind;
        plans::save(
            &db,
            &admin,
            PlanSave {
                draft,
                kick_sessions: false,
            },
        )
    };
    let fixed_plan = kind_plan("Bisnis IP", "simpul-bisnis-ip", ConnectionType::Static)
        .await
        .unwrap();
    let hotspot_plan = kind_plan("Voucher", "simpul-hs-10m", ConnectionType::Hotspot)
        .await
        .unwrap();
    let office = customer(&db, &admin, "CV Maju Jaya", "0215550100").await;

    // A fixed address inside a pool would be handed to someone else too: refused.
    for inside in ["10.50.0.77", "10.51.0.1"] {
        let mut draft = line_draft(office, fixed_plan, nas_id, "kantor-maju");
        draft.static_ip = inside.into();
        let refused = lines::create(&db, &secrets(), &admin, draft).await;
        match app::error::AppError::from(refused.unwrap_err()) {
            app::error::AppError::Validation(errors) => assert_eq!(
                errors.get("static_ip"),
                Some(app::i18n::Msg::ValStaticIpInPool)
            ),
            other => panic!("expected a field error, got {other:?}"),
        }
    }
    let mut draft = line_draft(office, fixed_plan, nas_id, "kantor-maju");
    draft.static_ip = "203.0.113.9".into();
    let fixed = line(&db, &admin, draft).await;
    let hotspot = line(
        &db,
        &admin,
        line_draft(office, hotspot_plan, nas_id, "tamu-maju"),
    )
    .await;
    let report = drain(&db, &hub, nas_id).await;
    assert_eq!(report.failed, 0, "{:?}", job_outcomes(&db).await);

    // The fixed line is a simple queue on its address, at the plan's speed (upload first).
    let queue = rows(&api, "/queue/simple", "name", "kantor-maju").await;
    assert_eq!(queue.len(), 1);
    assert_eq!(get(&queue[0], "target"), "203.0.113.9/32");
    assert_eq!(get(&queue[0], "max-limit"), "25M/50M");
    assert!(get(&queue[0], "comment").starts_with(&format!("simpul:sub:{fixed} ")));
    // The hotspot line is a user on the plan's user profile, and it logs in.
    let profile = rows(&api, "/ip/hotspot/user/profile", "name", "simpul-hs-10m").await;
    assert_eq!(get(&profile[0], "rate-limit"), "25M/50M");
    let user = rows(&api, "/ip/hotspot/user", "name", "tamu-maju").await;
    assert_eq!(get(&user[0], "profile"), "simpul-hs-10m");
    assert!(get(&user[0], "comment").starts_with(&format!("simpul:sub:{hotspot} ")));
    assert!(
        eventually(|| async {
            !rows(&api, "/ip/hotspot/active", "user", "tamu-maju")
                .await
                .is_empty()
        })
        .await
    );

    // Isolating the fixed line lists its address in the isolir address-list; restoring
    // takes it out again. The hotspot line goes to the isolir user profile.
    for id in [fixed, hotspot] {
        lines::change_status(
            &db,
            &admin,
            change(id, SubscriptionStatus::Isolated, "Belum bayar"),
        )
        .await
        .unwrap();
    }
    assert_eq!(drain(&db, &hub, nas_id).await.failed, 0);
    let listed = rows(&api, "/ip/firewall/address-list", "address", "203.0.113.9").await;
    assert_eq!(listed.len(), 1);
    assert_eq!(get(&listed[0], "list"), "isolir");
    let user = rows(&api, "/ip/hotspot/user", "name", "tamu-maju").await;
    assert_eq!(get(&user[0], "profile"), "simpul-isolir");
    // Renaming the isolir list moves the entry: none is left behind in the old list.
    {
        use app::provisioning::server::settings;
        let mut conn = db.acquire().await.unwrap();
        let mut isolir_settings = settings::load(&mut conn, nas_id).await.unwrap();
        isolir_settings.isolir_address_list = "isolir-baru".into();
        settings::save(&db, &admin, isolir_settings).await.unwrap();
    }
    assert_eq!(drain(&db, &hub, nas_id).await.failed, 0);
    let listed = rows(&api, "/ip/firewall/address-list", "address", "203.0.113.9").await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(get(&listed[0], "list"), "isolir-baru");
    lines::change_status(
        &db,
        &admin,
        change(fixed, SubscriptionStatus::Active, "Sudah bayar"),
    )
    .await
    .unwrap();
    assert_eq!(drain(&db, &hub, nas_id).await.failed, 0);
    assert!(
        rows(&api, "/ip/firewall/address-list", "address", "203.0.113.9")
            .await
            .is_empty()
    );
    // Nothing drifted along the way.
    assert_no_drift(&db, &hub, nas_id).await;
}

/// Adopting never changes the speed of customers left on the router's own profiles: a
/// profile a plan cannot carry whole is not taken over, burst survives, and a line given
/// another plan moves to that plan's profile.
#[sqlx::test(migrations = "../migrations")]
async fn import_leaves_the_speed_of_hand_made_profiles_as_it_was(db: PgPool) {
    use app::provisioning::model::ImportChoice;
    use app::provisioning::server::import;

    let router = sim("sim-import-rates").await;
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas_id = nas(&db, &admin, "NAS Lama", router.ports().api).await;
    let chosen_plan = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_id]).await;
    let api = by_hand(&router).await;
    let burst = "10M/10M 20M/20M 8M/8M 16/16";
    for (profile, rate) in [
        ("paket-bebas", ""),
        ("paket-burst", burst),
        ("paket-5", "5M/5M"),
    ] {
        let mut row = Row::new().with("name", profile);
        if !rate.is_empty() {
            row = row.with("rate-limit", rate);
        }
        api.add("/ppp/profile", row).await.unwrap();
    }
    for (name, profile) in [
        ("bebas-1", "paket-bebas"),
        ("burst-1", "paket-burst"),
        ("pindah-1", "paket-5"),
    ] {
        api.add(
            "/ppp/secret",
            Row::new()
                .with("name", name)
                .with("password", "rahasia")
                .with("service", "pppoe")
                .with("profile", profile),
        )
        .await
        .unwrap();
    }
    let choice = |name: &str, plan_id: Option<i64>| ImportChoice {
        name: name.into(),
        customer_name: format!("Pelanggan {name}"),
        phone: String::new(),
        plan_id,
    };
    let result = import::adopt(
        &db,
        &secrets(),
        &hub,
        &admin,
        nas_id,
        vec![
            choice("bebas-1", None),
            choice("burst-1", None),
            choice("pindah-1", Some(chosen_plan)),
        ],
    )
    .await
    .unwrap();
    assert_eq!((result.customers, result.plans), (2, 1));
    assert_eq!(
        result.skipped,
        vec![("bebas-1".to_owned(), app::i18n::Msg::ImportSkipProfileRate)]
    );
    let report = drain(&db, &hub, nas_id).await;
    assert_eq!(report.failed, 0, "{:?}", job_outcomes(&db).await);

    // The unlimited profile was not taken over; the burst profile kept its whole speed.
    let bebas = rows(&api, "/ppp/profile", "name", "paket-bebas").await;
    assert_eq!(get(&bebas[0], "rate-limit"), "");
    assert!(!get(&bebas[0], "comment").starts_with("simpul:"));
    let taken = rows(&api, "/ppp/profile", "name", "paket-burst").await;
    assert_eq!(get(&taken[0], "rate-limit"), burst);
    assert!(get(&taken[0], "comment").starts_with("simpul:plan:"));
    // The line given another plan is on that plan's profile; its old profile is untouched.
    let moved = rows(&api, "/ppp/secret", "name", "pindah-1").await;
    assert_eq!(get(&moved[0], "profile"), "simpul-20m");
    let old = rows(&api, "/ppp/profile", "name", "paket-5").await;
    assert_eq!(get(&old[0], "rate-limit"), "5M/5M");
    assert!(!get(&old[0], "comment").starts_with("simpul:"));
}

/// A row Simpul cannot work out (here a password sealed under another key) fails on its
/// own, with the reason on the line, and the rows behind it still reach the router.
#[sqlx::test(migrations = "../migrations")]
async fn a_row_simpul_cannot_work_out_fails_alone(db: PgPool) {
    let router = sim("sim-bad-row").await;
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let hub = RouterHub::default();
    let nas_id = nas(&db, &admin, "NAS Sim", router.ports().api).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_id]).await;
    let ahmad = customer(&db, &admin, "Ahmad Fauzi", "081255550001").await;
    let siti = customer(&db, &admin, "Siti Nurhaliza", "081255550002").await;
    let broken = line(&db, &admin, line_draft(ahmad, plan_id, nas_id, "ahmad")).await;
    line(&db, &admin, line_draft(siti, plan_id, nas_id, "siti")).await;
    sqlx::query("UPDATE subscriptions SET password_sealed = '\\x00ff' WHERE id = $1")
        .bind(broken)
        .execute(&db)
        .await
        .unwrap();

    let report = drain(&db, &hub, nas_id).await;
    assert!(report.failed >= 1 && report.waiting.is_none(), "{report:?}");
    let api = by_hand(&router).await;
    assert_eq!(rows(&api, "/ppp/secret", "name", "siti").await.len(), 1);
    assert!(rows(&api, "/ppp/secret", "name", "ahmad").await.is_empty());
    let (state, error): (String, Option<String>) =
        sqlx::query_as("SELECT provision_state, provision_error FROM subscriptions WHERE id = $1")
            .bind(broken)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(state, "failed");
    assert!(error.unwrap_or_default().starts_with("Simpul:"));
    // Nothing is left pending to be retried forever.
    let pending: i64 =
        sqlx::query_scalar("SELECT count(*) FROM provisioning_jobs WHERE state = 'pending'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(pending, 0);
}
