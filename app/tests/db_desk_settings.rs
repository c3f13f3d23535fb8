//! What desk admins configure (SLA policies, calendars, holidays, groups, categories, catalog
//! items) and how open tickets follow a change, against a real database.
#![cfg(feature = "ssr")]

mod support;

use app::auth::model::Role;
use app::catalog::model::{CatalogItem, FieldKind, FormField};
use app::catalog::server::items;
use app::desk::model::{CategoryDraft, GroupDraft};
use app::desk::server::{categories, groups};
use app::error::server::ServiceError;
use app::error::AppError;
use app::i18n::Msg;
use app::request::Actor;
use app::sla::model::{CalendarDraft, Holiday, SlaPolicy};
use app::sla::server::{calendars, clocks, holidays, job, policies, recompute};
use app::tickets::model::{Level, NewTicket, Priority, SlaMetric, Status, TicketKind};
use app::tickets::server::{create, workflow, TicketScope};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use support::{add_user, uid, wib};

fn field_error(err: ServiceError, field: &str) -> Option<Msg> {
    AppError::from(err)
        .field_errors()
        .and_then(|e| e.get(field))
}

/// A P3 incident (impact 2 × urgency 2): office hours, response 2 h, resolution 18 h.
async fn open_p3(db: &PgPool, actor: &Actor, at: DateTime<Utc>) -> i64 {
    let input = NewTicket {
        kind: Some(TicketKind::Incident),
        title: "Internet lambat".into(),
        description: "Sejak pagi".into(),
        impact: Level::new(2),
        urgency: Level::new(2),
        ..Default::default()
    };
    create::create(db, actor, input, at).await.unwrap().0
}

async fn resolution_due(db: &PgPool, id: i64) -> (String, Option<DateTime<Utc>>) {
    sqlx::query_as(
        "SELECT state, due_at FROM ticket_sla_clocks WHERE ticket_id = $1 AND metric = $2",
    )
    .bind(id)
    .bind(SlaMetric::Resolution.code())
    .fetch_one(db)
    .await
    .unwrap()
}

async fn queued(db: &PgPool) -> Vec<i64> {
    sqlx::query_scalar("SELECT ticket_id FROM sla_recompute_queue ORDER BY ticket_id")
        .fetch_all(db)
        .await
        .unwrap()
}

async fn p3_policy(db: &PgPool) -> SlaPolicy {
    let mut conn = db.acquire().await.unwrap();
    policies::all(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.priority == Some(Priority::MODERATE))
        .unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_policy_change_recomputes_open_tickets_but_leaves_finished_ones(db: PgPool) {
    let admin = add_user(&db, "admin", &[Role::Admin]).await;
    let open = open_p3(&db, &admin, wib(23, 9, 0)).await;
    let done = open_p3(&db, &admin, wib(23, 9, 0)).await;
    workflow::transition(
        &db,
        &admin,
        TicketScope::All,
        done,
        Status::Resolved,
        Some("Sudah normal".into()),
        wib(23, 10, 0),
    )
    .await
    .unwrap();
    // Mon 09–17 (8 h) + Tue 08–17 (9 h) + Wed 08–09 (1 h)
    assert_eq!(resolution_due(&db, open).await.1, Some(wib(25, 9, 0)));
    let (done_state, _) = resolution_due(&db, done).await;
    assert_eq!(done_state, "met");

    // Targets shorter than the finished ticket took: it must still count as met.
    let mut p3 = p3_policy(&db).await;
    p3.response_minutes = 15;
    p3.resolution_minutes = 30;
    policies::save(&db, &admin, p3).await.unwrap();
    assert_eq!(queued(&db).await, vec![open], "only the open ticket waits");

    job::tick(&db, wib(23, 9, 10)).await.unwrap();
    assert!(queued(&db).await.is_empty());
    assert_eq!(resolution_due(&db, open).await.1, Some(wib(23, 9, 30)));
    // Closing it later refreshes its clocks again; the result it stopped with stays.
    workflow::close_expired(&db, wib(30, 10, 1)).await.unwrap();
    assert_eq!(resolution_due(&db, done).await.0, "met", "history stays");
    let breaches: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'ticket.sla_breached' AND entity_id = $1",
    )
    .bind(done.to_string())
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        breaches, 0,
        "no breach announced for a ticket finished in time"
    );

    let audit: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'sla_policy.update'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(audit, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn policies_are_checked_before_saving(db: PgPool) {
    let admin = add_user(&db, "admin", &[Role::Admin]).await;
    let p3 = p3_policy(&db).await;
    let taken = SlaPolicy {
        id: 0,
        name: p3.name.to_uppercase(),
        ..p3.clone()
    };
    let err = policies::save(&db, &admin, taken).await.unwrap_err();
    assert_eq!(field_error(err, "name"), Some(Msg::ValNameTaken));
    let missing = SlaPolicy {
        id: 0,
        name: "Baru".into(),
        calendar_id: 9999,
        category_id: Some(9999),
        ..p3.clone()
    };
    let err = policies::save(&db, &admin, missing.clone())
        .await
        .unwrap_err();
    let errors = AppError::from(err);
    let errors = errors.field_errors().unwrap();
    assert_eq!(errors.get("calendar_id"), Some(Msg::ValChoiceInvalid));
    assert_eq!(errors.get("category_id"), Some(Msg::ValChoiceInvalid));
    let unknown = SlaPolicy { id: 9999, ..p3 };
    assert!(matches!(
        AppError::from(policies::save(&db, &admin, unknown).await.unwrap_err()),
        AppError::NotFound
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn holidays_and_calendar_hours_move_open_deadlines(db: PgPool) {
    let admin = add_user(&db, "admin", &[Role::Admin]).await;
    let id = open_p3(&db, &admin, wib(23, 9, 0)).await;
    assert_eq!(resolution_due(&db, id).await.1, Some(wib(25, 9, 0)));

    // A new holiday on Tuesday pushes the deadline a working day later.
    let tuesday = Holiday {
        day: day(2026, 11, 24),
        name: "Cuti bersama".into(),
        provisional: true,
    };
    holidays::save(&db, &admin, None, tuesday.clone())
        .await
        .unwrap();
    job::tick(&db, wib(23, 9, 30)).await.unwrap();
    assert_eq!(resolution_due(&db, id).await.1, Some(wib(26, 9, 0)));

    let err = holidays::save(&db, &admin, None, tuesday.clone())
        .await
        .unwrap_err();
    assert_eq!(field_error(err, "day"), Some(Msg::ValHolidayExists));

    // The decree moves it to Friday and confirms it.
    let friday = Holiday {
        day: day(2026, 11, 27),
        provisional: false,
        ..tuesday
    };
    holidays::save(&db, &admin, Some(day(2026, 11, 24)), friday)
        .await
        .unwrap();
    let mut conn = db.acquire().await.unwrap();
    let year = holidays::of_year(&mut conn, 2026).await.unwrap();
    assert!(year
        .iter()
        .any(|h| h.day == day(2026, 11, 27) && !h.provisional));
    assert!(!year.iter().any(|h| h.day == day(2026, 11, 24)));
    job::tick(&db, wib(23, 9, 30)).await.unwrap();
    assert_eq!(resolution_due(&db, id).await.1, Some(wib(25, 9, 0)));

    // Split office hours: 08–12 and 13–17 on weekdays.
    let office = calendars::all(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .find(|c| !c.always_open)
        .unwrap();
    assert_eq!(office.hours[0], "08.00–17.00");
    assert!(office.hours[5].is_empty());
    let mut draft = CalendarDraft {
        id: office.id,
        name: office.name.clone(),
        time_zone: office.time_zone,
        always_open: false,
        observes_holidays: true,
        hours: office.hours.clone(),
    };
    draft.hours[1] = "08-13, 12-17".into();
    let err = calendars::save(&db, &admin, draft.clone())
        .await
        .unwrap_err();
    assert_eq!(field_error(err, "hours.2"), Some(Msg::ValHoursOverlap));
    for d in 0..5 {
        draft.hours[d] = "08.00–12.00, 13.00–17.00".into();
    }
    calendars::save(&db, &admin, draft.clone()).await.unwrap();
    job::tick(&db, wib(23, 9, 30)).await.unwrap();
    // Mon 09–12 and 13–17 (7 h) + Tue (8 h) + Wed 08–11 (3 h) = 18 h.
    assert_eq!(resolution_due(&db, id).await.1, Some(wib(25, 11, 0)));

    let taken = CalendarDraft {
        id: 0,
        name: "24×7".into(),
        always_open: true,
        ..Default::default()
    };
    let err = calendars::save(&db, &admin, taken).await.unwrap_err();
    assert_eq!(field_error(err, "name"), Some(Msg::ValNameTaken));

    holidays::delete(&db, &admin, day(2026, 11, 27))
        .await
        .unwrap();
    assert!(matches!(
        AppError::from(
            holidays::delete(&db, &admin, day(2026, 11, 27))
                .await
                .unwrap_err()
        ),
        AppError::NotFound
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn any_refresh_takes_a_ticket_off_the_queue(db: PgPool) {
    let admin = add_user(&db, "admin", &[Role::Admin]).await;
    let id = open_p3(&db, &admin, wib(23, 9, 0)).await;
    let mut conn = db.acquire().await.unwrap();
    assert_eq!(recompute::enqueue_open(&mut conn).await.unwrap(), 1);
    assert_eq!(recompute::pending(&mut conn).await.unwrap(), 1);
    // Every ticket change refreshes its clocks through this; so does the job.
    clocks::refresh_locked(&db, id, wib(23, 9, 5))
        .await
        .unwrap();
    assert!(queued(&db).await.is_empty());
    assert_eq!(job::tick(&db, wib(23, 9, 6)).await.unwrap(), 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn groups_take_only_staff_and_a_real_supervisor(db: PgPool) {
    let admin = add_user(&db, "admin", &[Role::Admin]).await;
    let sup = add_user(&db, "sup", &[Role::Supervisor]).await;
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let tech = add_user(&db, "tek", &[Role::Technician]).await;
    let customer = add_user(&db, "pelanggan", &[Role::Customer]).await;

    let bad = GroupDraft {
        name: "Network Ops".into(),
        supervisor_id: Some(uid(&agent)),
        member_ids: vec![uid(&tech), uid(&customer)],
        active: true,
        ..Default::default()
    };
    let err = AppError::from(groups::save(&db, &admin, bad.clone()).await.unwrap_err());
    let errors = err.field_errors().unwrap();
    assert_eq!(errors.get("supervisor_id"), Some(Msg::ValSupervisorRole));
    assert_eq!(errors.get("member_ids"), Some(Msg::ValMemberNotStaff));

    let good = GroupDraft {
        supervisor_id: Some(uid(&sup)),
        member_ids: vec![uid(&tech), uid(&agent), uid(&tech)],
        ..bad
    };
    let id = groups::save(&db, &admin, good.clone()).await.unwrap();
    let mut conn = db.acquire().await.unwrap();
    let saved = groups::all(&mut conn).await.unwrap();
    assert_eq!(saved[0].members.len(), 2);
    assert_eq!(saved[0].supervisor.as_ref().map(|s| s.id), Some(uid(&sup)));

    // Members are replaced, not added to.
    let fewer = GroupDraft {
        id,
        member_ids: vec![uid(&agent)],
        ..good.clone()
    };
    groups::save(&db, &admin, fewer).await.unwrap();
    let saved = groups::all(&mut conn).await.unwrap();
    assert_eq!(
        saved[0].members.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![uid(&agent)]
    );

    let twin = GroupDraft {
        name: "network ops".into(),
        ..good.clone()
    };
    let err = groups::save(&db, &admin, twin).await.unwrap_err();
    assert_eq!(field_error(err, "name"), Some(Msg::ValNameTaken));

    // A member who has since left does not block edits to the rest of the group.
    sqlx::query("UPDATE users SET active = false WHERE id = $1")
        .bind(uid(&agent))
        .execute(&db)
        .await
        .unwrap();
    let renamed = GroupDraft {
        id,
        name: "Network Operations".into(),
        member_ids: vec![uid(&agent), uid(&tech)],
        ..good.clone()
    };
    groups::save(&db, &admin, renamed.clone()).await.unwrap();

    // A group that categories still route to cannot be switched off.
    let category = categories::save(
        &db,
        &admin,
        CategoryDraft {
            name: "Backbone".into(),
            group_id: Some(id),
            active: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let off = GroupDraft {
        active: false,
        ..renamed.clone()
    };
    let err = groups::save(&db, &admin, off.clone()).await.unwrap_err();
    assert_eq!(field_error(err, "active"), Some(Msg::ValGroupStillRouted));
    categories::save(
        &db,
        &admin,
        CategoryDraft {
            id: category,
            name: "Backbone".into(),
            group_id: Some(id),
            active: false,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    groups::save(&db, &admin, off).await.unwrap();
    // The retired group does not stop the category from being renamed.
    categories::save(
        &db,
        &admin,
        CategoryDraft {
            id: category,
            name: "Backbone lama".into(),
            group_id: Some(id),
            active: false,
            ..Default::default()
        },
    )
    .await
    .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn the_category_tree_refuses_cycles_and_moves_requeue_open_tickets(db: PgPool) {
    let admin = add_user(&db, "admin", &[Role::Admin]).await;
    let draft = |name: &str, parent: Option<i64>| CategoryDraft {
        name: name.into(),
        parent_id: parent,
        active: true,
        default_impact: Level::new(2),
        ..Default::default()
    };
    let top = categories::save(&db, &admin, draft("Gangguan", None))
        .await
        .unwrap();
    let child = categories::save(&db, &admin, draft("Internet mati", Some(top)))
        .await
        .unwrap();
    let grandchild = categories::save(&db, &admin, draft("Kabel putus", Some(child)))
        .await
        .unwrap();

    for parent in [top, grandchild] {
        let cycle = CategoryDraft {
            id: top,
            ..draft("Gangguan", Some(parent))
        };
        let err = categories::save(&db, &admin, cycle).await.unwrap_err();
        assert_eq!(field_error(err, "parent_id"), Some(Msg::ValCategoryCycle));
    }
    let twin = draft("internet MATI", Some(top));
    let err = categories::save(&db, &admin, twin).await.unwrap_err();
    assert_eq!(field_error(err, "name"), Some(Msg::ValNameTaken));
    // The same name elsewhere in the tree is fine.
    categories::save(&db, &admin, draft("Internet mati", None))
        .await
        .unwrap();

    let ticket = open_p3(&db, &admin, wib(23, 9, 0)).await;
    // Renaming does not touch clocks; moving does (policies match by ancestor).
    categories::save(
        &db,
        &admin,
        CategoryDraft {
            id: grandchild,
            ..draft("Kabel FO putus", Some(child))
        },
    )
    .await
    .unwrap();
    assert!(queued(&db).await.is_empty());
    categories::save(
        &db,
        &admin,
        CategoryDraft {
            id: grandchild,
            ..draft("Kabel FO putus", Some(top))
        },
    )
    .await
    .unwrap();
    assert_eq!(queued(&db).await, vec![ticket]);
    let mut conn = db.acquire().await.unwrap();
    let tree = categories::all(&mut conn).await.unwrap();
    assert!(tree.iter().any(|c| c.path == "Gangguan › Kabel FO putus"));
}

#[sqlx::test(migrations = "../migrations")]
async fn catalog_field_keys_come_from_labels_when_left_empty(db: PgPool) {
    let admin = add_user(&db, "admin", &[Role::Admin]).await;
    let field = |label: &str| FormField {
        label: label.into(),
        kind: FieldKind::Text,
        ..Default::default()
    };
    let item = CatalogItem {
        name: "Pindah alamat".into(),
        fields: vec![
            field("Alamat baru"),
            field("Alamat baru"),
            FormField {
                key: "catatan".into(),
                ..field("Catatan")
            },
        ],
        ..Default::default()
    };
    let id = items::save(&db, &admin, item).await.unwrap();
    let mut conn = db.acquire().await.unwrap();
    let saved = items::get(&mut conn, id).await.unwrap();
    let keys: Vec<&str> = saved.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, vec!["alamat_baru", "alamat_baru_2", "catatan"]);

    let bad_category = CatalogItem {
        id,
        category_id: Some(9999),
        ..saved
    };
    let err = items::save(&db, &admin, bad_category).await.unwrap_err();
    assert_eq!(field_error(err, "category_id"), Some(Msg::ValChoiceInvalid));
}

#[sqlx::test(migrations = "../migrations")]
async fn each_portal_symptom_files_under_one_category(db: PgPool) {
    use app::portal::model::Symptom;

    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let save = |name: &str, id: i64, symptom: Option<Symptom>| {
        categories::save(
            &db,
            &admin,
            CategoryDraft {
                id,
                name: name.into(),
                active: true,
                portal_symptom: symptom,
                ..Default::default()
            },
        )
    };
    let outage = save("Internet mati", 0, Some(Symptom::NoInternet))
        .await
        .unwrap();
    let slow = save("Lambat", 0, Some(Symptom::Slow)).await.unwrap();
    // Choosing a symptom another category holds moves it; the other keeps its own.
    let fibre = save("Kabel FO putus", 0, Some(Symptom::NoInternet))
        .await
        .unwrap();
    let mut conn = db.acquire().await.unwrap();
    let symptom_of = |tree: &[app::desk::model::Category], id: i64| {
        tree.iter().find(|c| c.id == id).unwrap().portal_symptom
    };
    let tree = categories::all(&mut conn).await.unwrap();
    assert_eq!(symptom_of(&tree, outage), None);
    assert_eq!(symptom_of(&tree, fibre), Some(Symptom::NoInternet));
    assert_eq!(symptom_of(&tree, slow), Some(Symptom::Slow));
    // Editing without a symptom clears it.
    save("Lambat", slow, None).await.unwrap();
    let tree = categories::all(&mut conn).await.unwrap();
    assert_eq!(symptom_of(&tree, slow), None);
    let held: Vec<String> = sqlx::query_scalar(
        "SELECT portal_symptom FROM ticket_categories WHERE portal_symptom IS NOT NULL",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(held, vec!["no_internet".to_owned()]);
    // The category that lost a symptom says so in its history.
    let moved: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'ticket_category' AND entity_id = $1
           AND after->'portal_symptom' = 'null'::jsonb",
    )
    .bind(outage.to_string())
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(moved, 1);
    // An inactive category cannot take reports.
    let inactive = categories::save(
        &db,
        &admin,
        CategoryDraft {
            name: "Arsip".into(),
            active: false,
            portal_symptom: Some(Symptom::Other),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        field_error(inactive, "portal_symptom"),
        Some(Msg::ValSymptomNeedsActive)
    );
}
