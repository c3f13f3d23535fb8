//! Catalog requests and their approval chains against a real database.
#![cfg(feature = "ssr")]

mod support;

use app::auth::model::Role;
use app::catalog::model::{Answer, ApproverRole, CatalogItem, FieldKind, FormField};
use app::catalog::server::{approvals, items, requests};
use app::error::AppError;
use app::i18n::Msg;
use app::request::Actor;
use app::tickets::model::Level;
use sqlx::PgPool;
use support::{add_user, uid, wib};

/// A category routed to a group with one technician.
async fn routed_category(db: &PgPool, tech: &Actor) -> i64 {
    let group: i64 =
        sqlx::query_scalar("INSERT INTO support_groups (name) VALUES ('NOC') RETURNING id")
            .fetch_one(db)
            .await
            .unwrap();
    sqlx::query("INSERT INTO support_group_members VALUES ($1, $2)")
        .bind(group)
        .bind(uid(tech))
        .execute(db)
        .await
        .unwrap();
    sqlx::query_scalar(
        "INSERT INTO ticket_categories (name, group_id) VALUES ('IP statis', $1) RETURNING id",
    )
    .bind(group)
    .fetch_one(db)
    .await
    .unwrap()
}

async fn static_ip_item(db: &PgPool, category: i64, chain: Vec<ApproverRole>) -> i64 {
    let item = CatalogItem {
        name: "IP publik statis".into(),
        category_id: Some(category),
        impact: Level::LOW,
        urgency: Level::MEDIUM,
        fields: vec![
            FormField {
                key: "jumlah_ip".into(),
                label: "Jumlah IP".into(),
                kind: FieldKind::Number,
                required: true,
                ..Default::default()
            },
            FormField {
                key: "keperluan".into(),
                label: "Keperluan".into(),
                kind: FieldKind::Text,
                required: true,
                ..Default::default()
            },
        ],
        approvals: chain,
        ..Default::default()
    };
    items::save(db, &Actor::system(), item).await.unwrap()
}

fn answers(n: &str, why: &str) -> Vec<Answer> {
    vec![
        Answer {
            key: "jumlah_ip".into(),
            value: n.into(),
        },
        Answer {
            key: "keperluan".into(),
            value: why.into(),
        },
    ]
}

async fn status(db: &PgPool, id: i64) -> (String, Option<i64>) {
    sqlx::query_as("SELECT status, assignee_id FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn answers_are_checked_before_anything_is_created(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let tech = add_user(&db, "teknisi", &[Role::Technician]).await;
    let item = static_ip_item(&db, routed_category(&db, &tech).await, vec![]).await;
    let err = requests::request(&db, &agent, item, answers("dua", ""), None, wib(23, 9, 0))
        .await
        .unwrap_err();
    let errors = AppError::from(err)
        .field_errors()
        .cloned()
        .expect("field errors");
    assert_eq!(errors.get("answers.jumlah_ip"), Some(Msg::ValNumberInvalid));
    assert_eq!(errors.get("answers.keperluan"), Some(Msg::ValRequired));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM tickets")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, 0);
    // Without approvals the request goes straight to the group's technician.
    let id = requests::request(&db, &agent, item, answers("2", "CCTV"), None, wib(23, 9, 0))
        .await
        .unwrap()
        .0;
    assert_eq!(status(&db, id).await, ("assigned".into(), Some(uid(&tech))));
    let stored: serde_json::Value =
        sqlx::query_scalar("SELECT request_answers FROM tickets WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        stored,
        serde_json::json!({"jumlah_ip": "2", "keperluan": "CCTV"})
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_two_step_chain_waits_paused_then_releases_to_the_group(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let tech = add_user(&db, "teknisi", &[Role::Technician]).await;
    let boss = add_user(&db, "bos", &[Role::Supervisor]).await;
    let money = add_user(&db, "uang", &[Role::Finance]).await;
    let category = routed_category(&db, &tech).await;
    let item = static_ip_item(
        &db,
        category,
        vec![ApproverRole::Supervisor, ApproverRole::Finance],
    )
    .await;
    let id = requests::request(
        &db,
        &agent,
        item,
        answers("1", "VPN kantor"),
        None,
        wib(23, 9, 0),
    )
    .await
    .unwrap()
    .0;
    assert_eq!(
        status(&db, id).await,
        ("pending_approval".into(), None),
        "nobody assigned yet"
    );
    let clock: String = sqlx::query_scalar(
        "SELECT state FROM ticket_sla_clocks WHERE ticket_id = $1 AND metric = 'resolution'",
    )
    .bind(id)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(clock, "paused", "the SLA waits with the request");

    assert!(
        approvals::queue(&db, &money).await.unwrap().is_empty(),
        "finance is step 2"
    );
    let step1 = approvals::queue(&db, &boss).await.unwrap();
    assert_eq!(step1.len(), 1);
    assert!(step1[0].answers_html.contains("VPN kantor"));
    let wrong =
        approvals::decide(&db, &money, step1[0].approval_id, true, "", wib(23, 10, 0)).await;
    assert_eq!(AppError::from(wrong.unwrap_err()), AppError::Forbidden);

    approvals::decide(&db, &boss, step1[0].approval_id, true, "", wib(23, 10, 0))
        .await
        .unwrap();
    let again = approvals::decide(&db, &boss, step1[0].approval_id, true, "", wib(23, 10, 1)).await;
    assert_eq!(
        AppError::from(again.unwrap_err()),
        AppError::Conflict(Msg::ErrApprovalDecided)
    );
    assert_eq!(status(&db, id).await.0, "pending_approval");
    let step2 = approvals::queue(&db, &money).await.unwrap();
    assert_eq!(step2.len(), 1);
    assert_eq!(step2[0].step, 2);

    approvals::decide(
        &db,
        &money,
        step2[0].approval_id,
        true,
        "Biaya sesuai",
        wib(23, 11, 0),
    )
    .await
    .unwrap();
    assert_eq!(status(&db, id).await, ("assigned".into(), Some(uid(&tech))));
    // The two hours waiting for approval did not count.
    let elapsed: i64 = sqlx::query_scalar(
        "SELECT elapsed_seconds FROM ticket_sla_clocks WHERE ticket_id = $1 AND metric = 'resolution'",
    )
    .bind(id)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(elapsed, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_rejection_needs_a_reason_and_cancels_the_request(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let tech = add_user(&db, "teknisi", &[Role::Technician]).await;
    let boss = add_user(&db, "bos", &[Role::Supervisor]).await;
    let item = static_ip_item(
        &db,
        routed_category(&db, &tech).await,
        vec![ApproverRole::Supervisor],
    )
    .await;
    let id = requests::request(
        &db,
        &agent,
        item,
        answers("8", "Server game"),
        None,
        wib(23, 9, 0),
    )
    .await
    .unwrap()
    .0;
    let step = approvals::queue(&db, &boss).await.unwrap().remove(0);
    let err = approvals::decide(&db, &boss, step.approval_id, false, " ", wib(23, 9, 30)).await;
    assert_eq!(
        AppError::from(err.unwrap_err())
            .field_errors()
            .and_then(|e| e.get("comment")),
        Some(Msg::ValRejectReasonRequired)
    );
    approvals::decide(
        &db,
        &boss,
        step.approval_id,
        false,
        "Kuota IP habis bulan ini",
        wib(23, 9, 30),
    )
    .await
    .unwrap();
    assert_eq!(status(&db, id).await.0, "cancelled");
    let reply: (String, String) = sqlx::query_as(
        "SELECT visibility, body FROM ticket_comments WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(reply, ("public".into(), "Kuota IP habis bulan ini".into()));
}

#[sqlx::test(migrations = "../migrations")]
async fn nobody_approves_their_own_request_and_withdrawn_ones_leave_the_queue(db: PgPool) {
    let tech = add_user(&db, "teknisi", &[Role::Technician]).await;
    let boss = add_user(&db, "bos", &[Role::Supervisor]).await;
    let other_boss = add_user(&db, "bos2", &[Role::Supervisor]).await;
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let item = static_ip_item(
        &db,
        routed_category(&db, &tech).await,
        vec![ApproverRole::Supervisor],
    )
    .await;
    let own = requests::request(
        &db,
        &boss,
        item,
        answers("1", "Kantor cabang"),
        None,
        wib(23, 9, 0),
    )
    .await
    .unwrap()
    .0;
    assert!(
        approvals::queue(&db, &boss).await.unwrap().is_empty(),
        "not in the requester's own queue"
    );
    let step = approvals::queue(&db, &other_boss).await.unwrap().remove(0);
    let err = approvals::decide(&db, &boss, step.approval_id, true, "", wib(23, 9, 5)).await;
    assert_eq!(
        AppError::from(err.unwrap_err()),
        AppError::Conflict(Msg::ErrApproverIsRequester)
    );

    // What the approver reads cannot change while they decide.
    let version: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT updated_at FROM tickets WHERE id = $1")
            .bind(own)
            .fetch_one(&db)
            .await
            .unwrap();
    let edit = app::tickets::server::edit::edit(
        &db,
        &agent,
        app::tickets::server::TicketScope::All,
        own,
        version,
        app::tickets::model::TicketEdit {
            title: "20 IP".into(),
            ..Default::default()
        },
        wib(23, 9, 6),
    )
    .await;
    assert_eq!(
        AppError::from(edit.unwrap_err()),
        AppError::Conflict(Msg::ErrRequestUnderApproval)
    );

    // Cancelled while waiting: the step is withdrawn and leaves every queue.
    app::tickets::server::workflow::transition(
        &db,
        &agent,
        app::tickets::server::TicketScope::All,
        own,
        app::tickets::model::Status::Cancelled,
        None,
        wib(23, 9, 10),
    )
    .await
    .unwrap();
    assert!(approvals::queue(&db, &other_boss).await.unwrap().is_empty());
    let state: String = sqlx::query_scalar("SELECT state FROM ticket_approvals WHERE id = $1")
        .bind(step.approval_id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(state, "withdrawn");
}
