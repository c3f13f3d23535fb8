//! Watchers hear about comments and status changes; customers never about internal notes.
#![cfg(feature = "ssr")]

mod support;

use app::auth::model::{Role, UserId};
use app::tickets::model::{Level, NewTicket, Status, TicketKind, Visibility};
use app::tickets::server::{comments, create, edit, workflow, TicketScope};
use sqlx::PgPool;
use support::{add_user, uid, wib};

async fn kinds_for(db: &PgPool, user: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT kind FROM notifications WHERE user_id = $1 ORDER BY id")
        .bind(user)
        .fetch_all(db)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn watchers_hear_what_they_may_see_and_not_their_own_acts(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let colleague = add_user(&db, "rekan", &[Role::Agent]).await;
    let customer = add_user(&db, "pelanggan", &[Role::Customer]).await;
    let input = NewTicket {
        kind: Some(TicketKind::Incident),
        title: "ONT mati".into(),
        description: "LOS merah".into(),
        impact: Level::new(2),
        urgency: Level::new(2),
        caller_id: Some(UserId(uid(&customer))),
        assignee_id: Some(UserId(uid(&agent))),
        ..Default::default()
    };
    let id = create::create(&db, &agent, input, wib(23, 9, 0))
        .await
        .unwrap()
        .0;
    edit::watch(&db, &colleague, TicketScope::All, id, true)
        .await
        .unwrap();
    edit::watch(
        &db,
        &customer,
        TicketScope::Caller(uid(&customer)),
        id,
        true,
    )
    .await
    .unwrap();
    edit::watch(&db, &agent, TicketScope::All, id, true)
        .await
        .unwrap();
    let before_agent = kinds_for(&db, uid(&agent)).await.len();

    let note = |visibility, body: &'static str| {
        comments::add(
            &db,
            &agent,
            TicketScope::All,
            id,
            visibility,
            body,
            wib(23, 9, 10),
        )
    };
    note(Visibility::Internal, "Cek ODP-12").await.unwrap();
    note(Visibility::Public, "Teknisi menuju lokasi")
        .await
        .unwrap();
    workflow::transition(
        &db,
        &agent,
        TicketScope::All,
        id,
        Status::InProgress,
        None,
        wib(23, 9, 20),
    )
    .await
    .unwrap();

    assert_eq!(
        kinds_for(&db, uid(&colleague)).await,
        vec!["watched_comment", "watched_comment", "watched_status"]
    );
    assert_eq!(
        kinds_for(&db, uid(&customer)).await,
        vec!["watched_comment", "watched_status"],
        "the internal note stays internal"
    );
    assert_eq!(
        kinds_for(&db, uid(&agent)).await.len(),
        before_agent,
        "nobody is told about their own acts"
    );
}
