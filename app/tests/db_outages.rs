//! Mass outages against a real database: an incident linked to the router that failed
//! takes every line cut off, an earlier report and a later one join it, the customers see
//! it (and only its public updates) on the portal, and resolving it resolves them all.

#[allow(dead_code)]
mod support;

use app::error::server::ServiceError;
use app::error::AppError;
use app::i18n::Msg;
use app::outages::server::{portal, staff};
use app::portal::model::{FaultReport, Symptom};
use app::portal::server::faults;
use app::tickets::model::{NewTicket, Status, TicketKind, Visibility};
use app::tickets::server::scope::TicketScope;
use app::tickets::server::{comments, create, workflow};
use chrono::Utc;
use sqlx::PgPool;
use support::cmdb::small_isp;
use support::{field_error, portal_account};

async fn status_of(db: &PgPool, id: i64) -> (String, Option<String>, Option<i64>) {
    sqlx::query_as("SELECT status, resolution, parent_id FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await
        .unwrap()
}

fn fault(line: i64) -> FaultReport {
    FaultReport {
        subscription_id: line,
        symptom: Symptom::NoInternet,
        description: String::new(),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn an_outage_takes_the_lines_cut_off_and_resolves_their_reports(db: PgPool) {
    let isp = small_isp(&db).await;
    let (budi_customer, sari_customer): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT customer_id FROM subscriptions WHERE id = $1),
                (SELECT customer_id FROM subscriptions WHERE id = $2)",
    )
    .bind(isp.budi_line)
    .bind(isp.sari_line)
    .fetch_one(&db)
    .await
    .unwrap();
    let budi = portal_account(&db, &isp.admin, budi_customer, "budi-portal").await;
    let sari = portal_account(&db, &isp.admin, sari_customer, "sari-portal").await;
    let now = Utc::now();

    // Budi reported before anyone knew it was the router.
    let early = faults::report(
        &db,
        &budi,
        budi.user_id.unwrap().0,
        fault(isp.budi_line),
        now,
    )
    .await
    .unwrap()
    .0;
    let parent = create::create(
        &db,
        &isp.admin,
        NewTicket {
            kind: Some(TicketKind::Incident),
            title: "NAS Pusat mati".into(),
            impact: Some(app::tickets::model::Level::HIGH),
            urgency: Some(app::tickets::model::Level::HIGH),
            ..NewTicket::default()
        },
        now,
    )
    .await
    .unwrap()
    .0;

    // Lines are attached only through a CI, and only an existing one.
    let no_ci = staff::attach(&db, &isp.admin, TicketScope::All, parent, now).await;
    assert!(matches!(
        no_ci,
        Err(ServiceError::App(AppError::Conflict(Msg::OutageNeedsCi)))
    ));
    let unknown = staff::link_ci(&db, &isp.admin, TicketScope::All, parent, "OLT-TIDAK-ADA").await;
    assert_eq!(field_error(unknown, "ci"), Msg::ValUnknownCi);
    let router_code: String = sqlx::query_scalar("SELECT code FROM cis WHERE id = $1")
        .bind(isp.router_ci)
        .fetch_one(&db)
        .await
        .unwrap();
    staff::link_ci(
        &db,
        &isp.admin,
        TicketScope::All,
        parent,
        &router_code.to_lowercase(),
    )
    .await
    .unwrap();
    let view = staff::view(&db, TicketScope::All, parent).await.unwrap();
    assert_eq!(view.ci.as_ref().map(|c| c.id.0), Some(isp.router_ci));
    assert_eq!((view.affected_lines, view.attached_lines), (2, 0));
    assert!(view.can_attach);

    let attached = staff::attach(&db, &isp.admin, TicketScope::All, parent, now)
        .await
        .unwrap();
    assert_eq!((attached.lines, attached.reports), (2, 1));
    assert_eq!(status_of(&db, early).await.2, Some(parent));
    // Attaching again changes nothing.
    let again = staff::attach(&db, &isp.admin, TicketScope::All, parent, now)
        .await
        .unwrap();
    assert_eq!((again.lines, again.reports), (0, 0));

    // Sari sees the outage and the desk's public update, not its work notes.
    comments::insert(
        &mut db.acquire().await.unwrap(),
        &isp.admin,
        parent,
        Visibility::Public,
        "Teknisi sedang menuju POP.",
        now,
    )
    .await
    .unwrap();
    comments::insert(
        &mut db.acquire().await.unwrap(),
        &isp.admin,
        parent,
        Visibility::Internal,
        "Catatan internal: catu daya POP.",
        now,
    )
    .await
    .unwrap();
    let seen = portal::for_customer(&db, sari.user_id.unwrap().0)
        .await
        .unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].lines, vec!["sari".to_owned()]);
    assert_eq!(seen[0].updates.len(), 1);
    assert!(seen[0].updates[0].body_html.contains("menuju POP"));

    // She reports anyway: the report joins the outage.
    let late = faults::report(
        &db,
        &sari,
        sari.user_id.unwrap().0,
        fault(isp.sari_line),
        now,
    )
    .await
    .unwrap()
    .0;
    assert_eq!(status_of(&db, late).await.2, Some(parent));
    let view = staff::view(&db, TicketScope::All, parent).await.unwrap();
    assert_eq!(view.children.len(), 2);
    let child_view = staff::view(&db, TicketScope::All, late).await.unwrap();
    assert_eq!(child_view.parent.map(|p| p.id), Some(parent));

    // Resolving the outage resolves both reports with its note; the portal notice goes.
    workflow::transition(
        &db,
        &isp.admin,
        TicketScope::All,
        parent,
        Status::Resolved,
        Some("Catu daya POP dipulihkan.".into()),
        Utc::now(),
    )
    .await
    .unwrap();
    for child in [early, late] {
        let (status, resolution, _) = status_of(&db, child).await;
        assert_eq!(status, "resolved");
        assert_eq!(resolution.as_deref(), Some("Catu daya POP dipulihkan."));
    }
    assert!(portal::for_customer(&db, sari.user_id.unwrap().0)
        .await
        .unwrap()
        .is_empty());
    let over = staff::attach(&db, &isp.admin, TicketScope::All, parent, Utc::now()).await;
    assert!(matches!(
        over,
        Err(ServiceError::App(AppError::Conflict(Msg::OutageClosed)))
    ));
}
