//! Customers, plans and subscriptions against a real database: lifecycle rules, unique user
//! names per router, NIK checks, and the outbox written in the same transaction as the
//! change it carries.

#[allow(dead_code)]
mod support;

use app::auth::model::Role;
use app::customers::model::{CustomerDraft, CustomerStatus, CustomerStatusChange};
use app::customers::server::{repo as customer_repo, service as customers};
use app::error::AppError;
use app::i18n::Msg;
use app::subscriptions::model::{SubscriptionStatus, SubscriptionStatusChange};
use app::subscriptions::server::{repo as line_repo, service as lines};
use sqlx::PgPool;
use support::isp::{customer, line, line_draft, nas, plan, secrets};
use support::{add_user, field_error};

async fn jobs(db: &PgPool) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT action, object_kind, object_key FROM provisioning_jobs ORDER BY id")
        .fetch_all(db)
        .await
        .unwrap()
}

async fn status_of(db: &PgPool, line_id: i64) -> SubscriptionStatus {
    let mut conn = db.acquire().await.unwrap();
    line_repo::get(&mut conn, line_id).await.unwrap().status
}

#[sqlx::test(migrations = "../migrations")]
async fn customers_are_validated_coded_and_unique_by_nik(db: PgPool) {
    let agent = add_user(&db, "agent1", &[Role::Agent]).await;
    let draft = CustomerDraft {
        full_name: "Siti  Aminah".into(),
        phone: "0812-1111-2222".into(),
        nik: "3174015208900001".into(),
        ..CustomerDraft::default()
    };
    let bad_nik = CustomerDraft {
        nik: "3174013102900001".into(),
        ..draft.clone()
    };
    assert_eq!(
        field_error(customers::create(&db, &agent, bad_nik).await, "nik"),
        Msg::ValNikBirthDate
    );
    let id = customers::create(&db, &agent, draft.clone()).await.unwrap();
    let mut conn = db.acquire().await.unwrap();
    let stored = customer_repo::get(&mut conn, id).await.unwrap();
    assert_eq!(stored.code, "CUST-00001");
    assert_eq!(stored.full_name, "Siti Aminah");
    assert_eq!(stored.phone, "+6281211112222");
    assert_eq!(stored.status, CustomerStatus::Lead);
    // The same person cannot be registered twice.
    let twin = CustomerDraft {
        full_name: "Siti A.".into(),
        ..draft
    };
    assert_eq!(
        field_error(customers::create(&db, &agent, twin).await, "nik"),
        Msg::ValNikTaken
    );
    // Found by part of the phone as people type it, and by code.
    let filter = |search: &str| app::customers::model::CustomerFilter {
        search: search.into(),
        ..Default::default()
    };
    let found = customer_repo::list(&mut conn, &filter("0812111"), None, 10)
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);
    let found = customer_repo::list(&mut conn, &filter("cust-00001"), None, 10)
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn customer_lifecycle_rules(db: PgPool) {
    let agent = add_user(&db, "agent1", &[Role::Agent]).await;
    let id = customer(&db, &agent, "Budi Hartono", "081233334444").await;
    let change = |status, reason: &str| CustomerStatusChange {
        id,
        status,
        reason: reason.into(),
    };
    // A lead cannot be suspended: there is nothing to suspend.
    let refused = customers::change_status(&db, &agent, change(CustomerStatus::Suspended, "x"))
        .await
        .unwrap_err();
    assert_eq!(
        AppError::from(refused),
        AppError::Conflict(Msg::ErrStatusNotAllowed)
    );
    customers::change_status(&db, &agent, change(CustomerStatus::Active, ""))
        .await
        .unwrap();
    assert_eq!(
        field_error(
            customers::change_status(&db, &agent, change(CustomerStatus::Suspended, " ")).await,
            "reason"
        ),
        Msg::ValReasonRequired
    );
    customers::change_status(
        &db,
        &agent,
        change(CustomerStatus::Terminated, "Pindah kota"),
    )
    .await
    .unwrap();
    let again = customers::change_status(&db, &agent, change(CustomerStatus::Active, ""))
        .await
        .unwrap_err();
    assert_eq!(
        AppError::from(again),
        AppError::Conflict(Msg::ErrStatusNotAllowed)
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'customer' AND action = 'customer.status'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(audited, 2);
}

#[sqlx::test(migrations = "../migrations")]
async fn user_names_are_unique_per_router_and_free_again_after_termination(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let nas_a = nas(&db, &admin, "NAS A", 18001).await;
    let nas_b = nas(&db, &admin, "NAS B", 18002).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_a, nas_b]).await;
    let ahmad = customer(&db, &admin, "Ahmad Fauzi", "0812 5555 0001").await;
    let first = line(&db, &admin, line_draft(ahmad, plan_id, nas_a, "budi")).await;
    assert_eq!(
        field_error(
            lines::create(
                &db,
                &secrets(),
                &admin,
                line_draft(ahmad, plan_id, nas_a, "budi")
            )
            .await,
            "username"
        ),
        Msg::ValPppUsernameTaken
    );
    // Another router is another namespace.
    line(&db, &admin, line_draft(ahmad, plan_id, nas_b, "budi")).await;
    lines::change_status(
        &db,
        &admin,
        SubscriptionStatusChange {
            id: first,
            status: SubscriptionStatus::Terminated,
            reason: "Berhenti berlangganan".into(),
        },
    )
    .await
    .unwrap();
    line(&db, &admin, line_draft(ahmad, plan_id, nas_a, "budi")).await;

    // Names Simpul makes: first name and customer number, then -2, -3….
    let generated = line(&db, &admin, line_draft(ahmad, plan_id, nas_a, "")).await;
    let again = line(&db, &admin, line_draft(ahmad, plan_id, nas_a, "")).await;
    let mut conn = db.acquire().await.unwrap();
    let names = (
        line_repo::get(&mut conn, generated).await.unwrap().username,
        line_repo::get(&mut conn, again).await.unwrap().username,
    );
    assert_eq!(names, ("ahmad00001".into(), "ahmad00001-2".into()));
    // Passwords are generated, sealed, and never stored in the clear.
    let sealed: Vec<u8> =
        sqlx::query_scalar("SELECT password_sealed FROM subscriptions WHERE id = $1")
            .bind(generated)
            .fetch_one(&db)
            .await
            .unwrap();
    let password = secrets().open("subscription.password", &sealed).unwrap();
    assert_eq!(password.len(), 10);
    assert!(!sealed.windows(10).any(|w| w == password.as_bytes()));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_outbox_is_written_with_the_change_and_only_with_it(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let nas_a = nas(&db, &admin, "NAS A", 18001).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_a]).await;
    // Saving the plan queued its profile on the router that offers it.
    assert_eq!(
        jobs(&db).await,
        vec![("sync".into(), "ppp_profile".into(), "simpul-20m".into())]
    );
    let ahmad = customer(&db, &admin, "Ahmad Fauzi", "081255550001").await;
    let id = line(&db, &admin, line_draft(ahmad, plan_id, nas_a, "ahmad")).await;
    let after_create = jobs(&db).await;
    assert_eq!(
        after_create[1..].to_vec(),
        vec![
            ("sync".into(), "ppp_profile".into(), "simpul-isolir".into()),
            ("sync".into(), "ppp_profile".into(), "simpul-20m".into()),
            ("sync".into(), "ppp_secret".into(), "ahmad".into()),
        ]
    );
    let linked: i64 =
        sqlx::query_scalar("SELECT count(*) FROM provisioning_jobs WHERE subscription_id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(linked, 1);
    // The first line of a lead makes the lead a customer.
    let mut conn = db.acquire().await.unwrap();
    assert_eq!(
        customer_repo::get(&mut conn, ahmad).await.unwrap().status,
        CustomerStatus::Active
    );

    // A refused change writes nothing: no status change, no outbox row.
    let refused = lines::change_status(
        &db,
        &admin,
        SubscriptionStatusChange {
            id,
            status: SubscriptionStatus::Isolated,
            reason: String::new(),
        },
    )
    .await;
    assert_eq!(field_error(refused, "reason"), Msg::ValReasonRequired);
    assert_eq!(jobs(&db).await, after_create);
    assert_eq!(status_of(&db, id).await, SubscriptionStatus::Active);

    // An accepted one writes both at once: the sync, then the kick that applies it now.
    lines::change_status(
        &db,
        &admin,
        SubscriptionStatusChange {
            id,
            status: SubscriptionStatus::Isolated,
            reason: "Tagihan Oktober belum dibayar".into(),
        },
    )
    .await
    .unwrap();
    let after_isolate = jobs(&db).await;
    assert_eq!(
        after_isolate[after_create.len()..].to_vec(),
        vec![
            ("sync".into(), "ppp_profile".into(), "simpul-isolir".into()),
            ("sync".into(), "ppp_profile".into(), "simpul-20m".into()),
            ("sync".into(), "ppp_secret".into(), "ahmad".into()),
            ("kick".into(), "ppp_secret".into(), "ahmad".into()),
        ]
    );
    let state: String =
        sqlx::query_scalar("SELECT provision_state FROM subscriptions WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(state, "queued");
}

#[sqlx::test(migrations = "../migrations")]
async fn suspending_a_customer_holds_its_lines_and_reactivation_returns_each(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let nas_a = nas(&db, &admin, "NAS A", 18001).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_a]).await;
    let made = customer(&db, &admin, "Made Wirawan", "081255550002").await;
    let home = line(&db, &admin, line_draft(made, plan_id, nas_a, "made-rumah")).await;
    let shop = line(&db, &admin, line_draft(made, plan_id, nas_a, "made-warung")).await;
    lines::change_status(
        &db,
        &admin,
        SubscriptionStatusChange {
            id: shop,
            status: SubscriptionStatus::Isolated,
            reason: "Belum bayar".into(),
        },
    )
    .await
    .unwrap();
    let suspend = CustomerStatusChange {
        id: made,
        status: CustomerStatus::Suspended,
        reason: "Permintaan pelanggan: renovasi rumah".into(),
    };
    customers::change_status(&db, &admin, suspend)
        .await
        .unwrap();
    assert_eq!(status_of(&db, home).await, SubscriptionStatus::Suspended);
    assert_eq!(status_of(&db, shop).await, SubscriptionStatus::Suspended);
    // Lines of a suspended customer do not come back one by one.
    let early = lines::change_status(
        &db,
        &admin,
        SubscriptionStatusChange {
            id: home,
            status: SubscriptionStatus::Active,
            reason: "coba".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        AppError::from(early),
        AppError::Conflict(Msg::ErrCustomerSuspended)
    );
    let reactivate = CustomerStatusChange {
        id: made,
        status: CustomerStatus::Active,
        reason: String::new(),
    };
    customers::change_status(&db, &admin, reactivate)
        .await
        .unwrap();
    assert_eq!(status_of(&db, home).await, SubscriptionStatus::Active);
    // The unpaid line goes back to isolation, not to free service, and for the same reason
    // (the customer reads it on the portal and the isolir page).
    assert_eq!(status_of(&db, shop).await, SubscriptionStatus::Isolated);
    let mut conn = db.acquire().await.unwrap();
    let shop_line = line_repo::get(&mut conn, shop).await.unwrap();
    assert_eq!(shop_line.status_reason, "Belum bayar");
}

/// A plan retired after the line was sold does not freeze the line: its other details can
/// still be edited, but no line can be moved onto a retired plan.
#[sqlx::test(migrations = "../migrations")]
async fn lines_on_a_retired_plan_stay_editable(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let nas_a = nas(&db, &admin, "NAS A", 18001).await;
    let promo = plan(&db, &admin, "Promo 20", "simpul-promo", &[nas_a]).await;
    let regular = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_a]).await;
    let made = customer(&db, &admin, "Made Wirawan", "081255550002").await;
    let id = line(&db, &admin, line_draft(made, promo, nas_a, "made")).await;
    sqlx::query("UPDATE plans SET active = false")
        .execute(&db)
        .await
        .unwrap();
    let mut conn = db.acquire().await.unwrap();
    let mut draft = line_repo::get(&mut conn, id).await.unwrap().draft();
    draft.install_address = "Jl. Kenanga 9, Denpasar".into();
    lines::update(&db, &secrets(), &admin, draft.clone())
        .await
        .unwrap();
    let saved = line_repo::get(&mut conn, id).await.unwrap();
    assert_eq!(saved.install_address, "Jl. Kenanga 9, Denpasar");
    draft.plan_id = regular;
    assert_eq!(
        field_error(
            lines::update(&db, &secrets(), &admin, draft).await,
            "plan_id"
        ),
        Msg::ValPlanInactive
    );
}

/// Applied and cancelled outbox rows go after 90 days; failed and pending ones stay.
#[sqlx::test(migrations = "../migrations")]
async fn old_applied_outbox_rows_are_purged(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let nas_a = nas(&db, &admin, "NAS A", 18001).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_a]).await;
    let made = customer(&db, &admin, "Made Wirawan", "081255550002").await;
    line(&db, &admin, line_draft(made, plan_id, nas_a, "made")).await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM provisioning_jobs ORDER BY id")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(ids.len() >= 3, "{ids:?}");
    let set = |id: i64, state: &str, days: i32| {
        sqlx::query(
            "UPDATE provisioning_jobs SET state = $2,
                    finished_at = now() - make_interval(days => $3) WHERE id = $1",
        )
        .bind(id)
        .bind(state.to_owned())
        .bind(days)
        .execute(&db)
    };
    set(ids[0], "done", 91).await.unwrap();
    set(ids[1], "failed", 200).await.unwrap();
    set(ids[2], "done", 10).await.unwrap();
    let purged = app::provisioning::server::outbox::purge_finished(&db)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    let left: Vec<i64> = sqlx::query_scalar("SELECT id FROM provisioning_jobs ORDER BY id")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(left, ids[1..].to_vec());
}

#[sqlx::test(migrations = "../migrations")]
async fn customer_codes_grow_past_five_digits(db: PgPool) {
    // lpad(…, 5) once cut the 100,000th code to "CUST-10000", which was taken.
    sqlx::query("SELECT setval('customer_code_seq', 99999, false)")
        .execute(&db)
        .await
        .unwrap();
    let codes: Vec<String> =
        sqlx::query_scalar("INSERT INTO customers (full_name) VALUES ('A'), ('B') RETURNING code")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(codes, ["CUST-99999", "CUST-100000"]);
}
