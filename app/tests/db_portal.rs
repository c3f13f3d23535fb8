//! The portal's first journey against a real database: a customer gets a portal account,
//! reports a fault on their line, the incident is filed with the right links, levels and a
//! running SLA clock, and the customer sees public replies only and can answer.

#[allow(dead_code)]
mod support;

use app::auth::model::Role;
use app::customers::model::PortalLoginDraft;
use app::customers::server::portal_login;
use app::error::server::ServiceError;
use app::error::AppError;
use app::i18n::Msg;
use app::portal::model::{FaultReport, Symptom};
use app::portal::server::{faults, tickets as portal_tickets};
use app::tickets::model::Visibility;
use app::tickets::server::comments;
use app::tickets::server::scope::TicketScope;
use chrono::Utc;
use sqlx::PgPool;
use support::isp::{customer, line, line_draft, nas, plan};
use support::{add_user, portal_account};

/// kind, title, impact, urgency, priority, caller, customer, line, category, SLA state.
type Filed = (
    String,
    String,
    i16,
    i16,
    i16,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

fn validation(err: ServiceError) -> app::error::FieldErrors {
    match AppError::from(err) {
        AppError::Validation(errors) => errors,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_fault_reported_in_the_portal_becomes_an_incident_on_the_line(db: PgPool) {
    let agent = add_user(&db, "agent1", &[Role::Agent]).await;
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let nas_id = nas(&db, &admin, "NAS A", 18001).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "simpul-20m", &[nas_id]).await;
    let ahmad = customer(&db, &agent, "Ahmad Fauzi", "081255550001").await;
    let line_id = line(&db, &agent, line_draft(ahmad, plan_id, nas_id, "ahmad")).await;
    let other = customer(&db, &agent, "Siti Nurhaliza", "081255550002").await;
    let other_line = line(&db, &agent, line_draft(other, plan_id, nas_id, "siti")).await;
    sqlx::query(
        "INSERT INTO ticket_categories (name, default_impact, default_urgency, portal_symptom)
         VALUES ('Internet mati', 3, 1, 'no_internet')",
    )
    .execute(&db)
    .await
    .unwrap();

    let me = portal_account(&db, &agent, ahmad, "ahmad.fauzi").await;
    let again = portal_login::create(
        &db,
        &agent,
        PortalLoginDraft {
            customer_id: ahmad,
            username: "ahmad2".into(),
            email: "a2@pelanggan.test".into(),
            password: "kata-sandi-panjang".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        AppError::from(again),
        AppError::Conflict(Msg::ErrPortalLoginExists)
    );
    let user = me.user_id.unwrap().0;

    // Someone else's line is not the customer's to report on.
    let foreign = faults::report(
        &db,
        &me,
        user,
        FaultReport {
            subscription_id: other_line,
            symptom: Symptom::NoInternet,
            description: String::new(),
        },
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(
        validation(foreign).get("subscription_id"),
        Some(Msg::ValRequired)
    );
    // "Other" needs words.
    let vague = faults::report(
        &db,
        &me,
        user,
        FaultReport {
            subscription_id: line_id,
            symptom: Symptom::Other,
            description: " ".into(),
        },
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(
        validation(vague).get("description"),
        Some(Msg::ValDescribeFault)
    );

    let ticket = faults::report(
        &db,
        &me,
        user,
        FaultReport {
            subscription_id: line_id,
            symptom: Symptom::NoInternet,
            description: "Lampu LOS merah sejak pagi.".into(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let (
        kind,
        title,
        impact,
        urgency,
        priority,
        caller,
        customer_id,
        subscription_id,
        category,
        sla,
    ): Filed = sqlx::query_as(
        "SELECT t.kind, t.title, t.impact, t.urgency, t.priority, t.caller_id, t.customer_id,
                    t.subscription_id, c.name, t.sla_state
             FROM tickets t LEFT JOIN ticket_categories c ON c.id = t.category_id
             WHERE t.id = $1",
    )
    .bind(ticket.0)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(kind, "incident");
    assert_eq!(title, "Internet mati — ahmad");
    // A home line without service: low impact, high urgency → the matrix's moderate.
    assert_eq!((impact, urgency, priority), (3, 1, 3));
    assert_eq!(caller, Some(user));
    assert_eq!((customer_id, subscription_id), (Some(ahmad), Some(line_id)));
    assert_eq!(category.as_deref(), Some("Internet mati"));
    assert_eq!(sla.as_deref(), Some("running"));
    let clocks: i64 =
        sqlx::query_scalar("SELECT count(*) FROM ticket_sla_clocks WHERE ticket_id = $1")
            .bind(ticket.0)
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(clocks >= 1, "the SLA clock runs from the report");

    // The desk answers in public and notes something internal; the customer sees the first.
    let now = Utc::now();
    comments::add(
        &db,
        &agent,
        TicketScope::All,
        ticket.0,
        Visibility::Public,
        "Teknisi kami cek jalur ODP.",
        now,
    )
    .await
    .unwrap();
    comments::add(
        &db,
        &agent,
        TicketScope::All,
        ticket.0,
        Visibility::Internal,
        "ODP-12 port 3 redaman tinggi",
        now,
    )
    .await
    .unwrap();
    let seen = portal_tickets::get(&db, user, ticket.0, Utc::now())
        .await
        .unwrap();
    assert_eq!(seen.replies.len(), 1);
    assert!(!seen.replies[0].mine);
    assert!(seen.replies[0].body_html.contains("ODP"));
    assert!(!seen.replies[0].body_html.contains("redaman"));
    portal_tickets::reply(
        &db,
        &me,
        user,
        ticket.0,
        "Baik, saya tunggu di rumah.",
        Utc::now(),
    )
    .await
    .unwrap();
    let seen = portal_tickets::get(&db, user, ticket.0, Utc::now())
        .await
        .unwrap();
    assert_eq!(seen.replies.len(), 2);
    assert!(seen.replies[1].mine);
    // Another customer's ticket answers like a missing one.
    let siti = portal_account(&db, &agent, other, "siti.n").await;
    let hidden = portal_tickets::get(&db, siti.user_id.unwrap().0, ticket.0, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(AppError::from(hidden), AppError::NotFound);
}
