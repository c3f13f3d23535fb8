//! Work orders against a real database: the state rules, evidence and checklist before
//! "done", what a finished installation changes (ONT CI, ODP port, active line, billing
//! start), and an incident following its repair order (response, waiting, resolved).

#[allow(dead_code)]
mod support;

use app::auth::model::Role;
use app::error::server::ServiceError;
use app::error::AppError;
use app::field::model::{
    ChecklistItem, EvidenceKind, FailureReason, MoveRequest, Mover, NewWorkOrder, ScheduleDraft,
    Skill, TechnicianDraft, Window, WorkOrderKind, WorkOrderState, WorkOrderTemplate,
};
use app::field::server::proof::{self, FileProof};
use app::field::server::read::{self, OrderScope};
use app::field::server::{create, moves, schedule, technicians, templates};
use app::i18n::Msg;
use app::request::Actor;
use app::subscriptions::model::{SubscriptionDraft, SubscriptionId};
use app::tickets::model::{Level, NewTicket, TicketKind};
use app::tickets::server::create as tickets;
use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;
use support::cmdb::{ci, ci_of_line, small_isp, SmallIsp};
use support::isp::{customer, line, line_draft};
use support::{add_user, field_error, uid, wib};

/// A JPEG's first bytes: enough for the type sniffing that decides what a file is.
const JPEG: [u8; 12] = [
    0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1,
];
const PNG: [u8; 12] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

/// A data directory of its own for one test, removed afterwards.
struct DataDir(std::path::PathBuf);

impl DataDir {
    fn new() -> Self {
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("simpul-field-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        DataDir(dir)
    }

    fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn technician(db: &PgPool, username: &str, skills: &[&str]) -> Actor {
    let actor = add_user(db, username, &[Role::Technician]).await;
    sqlx::query("INSERT INTO technicians (user_id, skills, zone) VALUES ($1, $2, 'Jakarta')")
        .bind(uid(&actor))
        .bind(skills)
        .execute(db)
        .await
        .unwrap();
    actor
}

fn window(now: DateTime<Utc>) -> Option<Window> {
    Some(Window {
        start: now + Duration::hours(1),
        end: now + Duration::hours(3),
    })
}

fn to(state: WorkOrderState) -> MoveRequest {
    MoveRequest {
        to: state,
        failure_reason: None,
        note: String::new(),
    }
}

fn conflict<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Msg {
    match result.map_err(AppError::from) {
        Err(AppError::Conflict(msg)) => msg,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

async fn state_of(db: &PgPool, id: i64) -> WorkOrderState {
    let code: String = sqlx::query_scalar("SELECT state FROM work_orders WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await
        .unwrap();
    WorkOrderState::from_code(&code).unwrap()
}

/// A new customer with a line waiting for its installation.
async fn pending_line(db: &PgPool, isp: &SmallIsp) -> i64 {
    let dewi = customer(db, &isp.admin, "Dewi Lestari", "081234567803").await;
    let plan: i64 = sqlx::query_scalar("SELECT id FROM plans LIMIT 1")
        .fetch_one(db)
        .await
        .unwrap();
    let draft = SubscriptionDraft {
        activate_now: false,
        ..line_draft(dewi, plan, isp.router, "dewi")
    };
    line(db, &isp.admin, draft).await
}

#[sqlx::test(migrations = "../migrations")]
async fn an_installation_is_done_only_with_its_evidence_and_then_activates_the_line(db: PgPool) {
    let isp = small_isp(&db).await;
    let admin = &isp.admin;
    let now = wib(7, 9, 0);
    let andi = technician(&db, "andi", &["installation"]).await;
    let rudi = technician(&db, "rudi", &["fiber_splicing"]).await;
    let odp = ci(&db, admin, "odp", "ODP-JKT-01", &[("capacity", "8")]).await;
    let dewi_line = pending_line(&db, &isp).await;

    // An installation is for a line waiting for it; Budi's line is already active.
    let active = create::create(
        &db,
        admin,
        NewWorkOrder {
            kind: Some(WorkOrderKind::Installation),
            subscription_id: Some(isp.budi_line),
            ..NewWorkOrder::default()
        },
        now,
    )
    .await;
    assert_eq!(
        field_error(active, "subscription_id"),
        Msg::ValWoLineNotWaiting
    );
    let draft = NewWorkOrder {
        kind: Some(WorkOrderKind::Installation),
        subscription_id: Some(dewi_line),
        instructions: "Pelanggan minta pasang sebelum jam 12".into(),
        ..NewWorkOrder::default()
    };
    let id = create::create(&db, admin, draft.clone(), now)
        .await
        .unwrap();
    let second = create::create(&db, admin, draft, now).await;
    assert_eq!(
        field_error(second, "subscription_id"),
        Msg::ValWoOpenForLine
    );

    let mut conn = db.acquire().await.unwrap();
    let order = read::detail(&mut conn, OrderScope::All, id, (true, false))
        .await
        .unwrap();
    assert_eq!(order.state, WorkOrderState::New);
    assert!(order.number.starts_with("WO-"));
    assert_eq!(order.customer.as_ref().unwrap().1, "Dewi Lestari");
    assert_eq!(order.address, "Jl. Melati 1, Jakarta");
    assert_eq!(
        order.ci.as_ref().unwrap().0,
        ci_of_line(&db, dewi_line).await
    );
    assert_eq!(order.checklist.len(), 5);
    assert_eq!(order.required_evidence.len(), 5);

    // Scheduling needs an active technician and a sane window.
    let nobody = schedule::schedule(
        &db,
        admin,
        id,
        &ScheduleDraft {
            technician_id: Some(uid(admin)),
            window: window(now),
        },
        now,
    )
    .await;
    assert_eq!(
        field_error(nobody, "technician_id"),
        Msg::ValWoTechnicianUnknown
    );
    let backwards = ScheduleDraft {
        technician_id: Some(uid(&andi)),
        window: Some(Window {
            start: now,
            end: now - Duration::hours(1),
        }),
    };
    let backwards = schedule::schedule(&db, admin, id, &backwards, now).await;
    assert_eq!(field_error(backwards, "window_end"), Msg::ValWindowOrder);
    let plan = ScheduleDraft {
        technician_id: Some(uid(&andi)),
        window: window(now),
    };
    schedule::schedule(&db, admin, id, &plan, now)
        .await
        .unwrap();
    assert_eq!(state_of(&db, id).await, WorkOrderState::Scheduled);

    // Only Andi works it, one step at a time.
    let not_his = moves::move_order(
        &db,
        &rudi,
        Mover::Technician,
        id,
        &to(WorkOrderState::OnTheWay),
        now,
    )
    .await;
    assert_eq!(conflict(not_his), Msg::ErrWoNotYours);
    let skipped = moves::move_order(
        &db,
        &andi,
        Mover::Technician,
        id,
        &to(WorkOrderState::OnSite),
        now,
    )
    .await;
    assert_eq!(conflict(skipped), Msg::ErrTransitionNotAllowed);
    moves::move_order(
        &db,
        &andi,
        Mover::Technician,
        id,
        &to(WorkOrderState::OnTheWay),
        now,
    )
    .await
    .unwrap();
    let moved = schedule::schedule(&db, admin, id, &plan, now).await;
    assert_eq!(conflict(moved), Msg::ErrTransitionNotAllowed);
    moves::move_order(
        &db,
        &andi,
        Mover::Technician,
        id,
        &to(WorkOrderState::OnSite),
        now,
    )
    .await
    .unwrap();

    // Done waits for every piece of evidence and every checklist item.
    let early = moves::move_order(
        &db,
        &andi,
        Mover::Technician,
        id,
        &to(WorkOrderState::Done),
        now,
    )
    .await;
    let errors = match early.map_err(AppError::from) {
        Err(AppError::Validation(errors)) => errors,
        other => panic!("expected missing evidence, got {other:?}"),
    };
    assert_eq!(
        errors.get("evidence.photo_odp"),
        Some(Msg::ValWoEvidenceMissing)
    );
    assert_eq!(
        errors.get("evidence.ont_serial"),
        Some(Msg::ValWoEvidenceMissing)
    );
    assert_eq!(
        errors.get("checklist.splice"),
        Some(Msg::ValWoChecklistOpen)
    );

    let typo = proof::add_text(&db, &andi, id, EvidenceKind::OntSerial, "ZTEG12", now).await;
    assert_eq!(field_error(typo, "value"), Msg::ValOntSerial);
    let not_text = proof::add_text(&db, &andi, id, EvidenceKind::PhotoOnt, "foto", now).await;
    assert_eq!(field_error(not_text, "value"), Msg::ValEvidenceNeedsFile);
    proof::add_text(
        &db,
        &andi,
        id,
        EvidenceKind::OntSerial,
        "zteg-c8a1b2c3",
        now,
    )
    .await
    .unwrap();
    proof::add_text(&db, &andi, id, EvidenceKind::RxPower, "-19,5 dBm", now)
        .await
        .unwrap();
    let data = DataDir::new();
    let photo = |kind, bytes: &[u8]| FileProof {
        kind,
        filename: "foto.jpg".into(),
        bytes: bytes.to_vec(),
    };
    let html = proof::add_file(
        &db,
        data.path(),
        &andi,
        id,
        photo(EvidenceKind::PhotoOdp, b"<html>"),
        now,
    )
    .await;
    assert_eq!(field_error(html, "file"), Msg::ValEvidenceImage);
    for kind in [EvidenceKind::PhotoOdp, EvidenceKind::PhotoOnt] {
        proof::add_file(&db, data.path(), &andi, id, photo(kind, &JPEG), now)
            .await
            .unwrap();
    }
    proof::add_file(
        &db,
        data.path(),
        &andi,
        id,
        photo(EvidenceKind::Signature, &PNG),
        now,
    )
    .await
    .unwrap();
    let unknown = proof::tick(&db, &andi, id, "tidak_ada", true, now).await;
    assert_eq!(field_error(unknown, "item"), Msg::ValWoChecklistUnknown);
    for item in [
        "drop_cable",
        "splice",
        "ont_mount",
        "speed_test",
        "wifi_explained",
    ] {
        proof::tick(&db, &andi, id, item, true, now).await.unwrap();
    }

    // The line needs its ODP port; a taken or unknown port is refused.
    let no_port = moves::move_order(
        &db,
        &andi,
        Mover::Technician,
        id,
        &to(WorkOrderState::Done),
        now,
    )
    .await;
    assert_eq!(field_error(no_port, "odp_port"), Msg::ValWoPortRequired);
    let beyond = proof::set_port(&db, &andi, id, (odp, 9), true, now).await;
    assert_eq!(field_error(beyond, "odp_port"), Msg::ValWoPortTaken);
    proof::set_port(&db, &andi, id, (odp, 4), true, now)
        .await
        .unwrap();
    moves::move_order(
        &db,
        &andi,
        Mover::Technician,
        id,
        &to(WorkOrderState::Done),
        now,
    )
    .await
    .unwrap();

    // The ONT is in the plant with its serial, on port 4, and the line is active, billed
    // from today, queued for its router.
    let (status, billing_starts, provision): (String, chrono::NaiveDate, String) = sqlx::query_as(
        "SELECT status, billing_starts_on, provision_state FROM subscriptions WHERE id = $1",
    )
    .bind(dewi_line)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(status, "active");
    assert_eq!(billing_starts, now.date_naive());
    assert_eq!(provision, "queued");
    let (serial, port): (String, i32) = sqlx::query_as(
        r#"SELECT o.attributes ->> 'serial_number', f.from_port
           FROM cis o JOIN ci_relations f ON f.to_ci = o.id AND f.from_ci = $1
           WHERE o.class = 'ont' AND o.code = 'ONT-DEWI'"#,
    )
    .bind(odp)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((serial.as_str(), port), ("ZTEGC8A1B2C3", 4));
    let order = read::detail(&mut conn, OrderScope::All, id, (true, false))
        .await
        .unwrap();
    assert_eq!(order.state, WorkOrderState::Done);
    assert!(order.outstanding.is_empty());
    let path: Vec<_> = order.events.iter().map(|e| e.to).collect();
    assert_eq!(
        path,
        [
            WorkOrderState::New,
            WorkOrderState::Scheduled,
            WorkOrderState::OnTheWay,
            WorkOrderState::OnSite,
            WorkOrderState::Done
        ]
    );
    assert_eq!(
        conflict(proof::tick(&db, &andi, id, "splice", false, now).await),
        Msg::ErrWoFinal
    );
    // Every change is in the audit log.
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'work_order' AND entity_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(audited >= 15, "{audited} audit rows");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_repair_moves_its_incident_and_its_sla(db: PgPool) {
    let isp = small_isp(&db).await;
    let admin = &isp.admin;
    let now = wib(7, 9, 0);
    let rudi = technician(&db, "rudi", &["fiber_splicing"]).await;
    let incident = tickets::create(
        &db,
        admin,
        NewTicket {
            kind: Some(TicketKind::Incident),
            title: "Internet mati sejak pagi".into(),
            impact: Some(Level::LOW),
            urgency: Some(Level::HIGH),
            subscription_id: Some(SubscriptionId(isp.budi_line)),
            ..NewTicket::default()
        },
        now,
    )
    .await
    .unwrap()
    .0;
    let id = create::create(
        &db,
        admin,
        NewWorkOrder {
            kind: Some(WorkOrderKind::Repair),
            ticket_id: Some(incident),
            ..NewWorkOrder::default()
        },
        now,
    )
    .await
    .unwrap();
    let ticket = |db: PgPool| async move {
        sqlx::query_as::<_, (String, Option<i64>, Option<DateTime<Utc>>)>(
            "SELECT status, assignee_id, first_response_at FROM tickets WHERE id = $1",
        )
        .bind(incident)
        .fetch_one(&db)
        .await
        .unwrap()
    };
    assert_eq!(ticket(db.clone()).await.0, "new");

    // The appointment answers the caller and gives the incident to the technician.
    let at = now + Duration::minutes(20);
    let plan = ScheduleDraft {
        technician_id: Some(uid(&rudi)),
        window: window(now),
    };
    schedule::schedule(&db, admin, id, &plan, at).await.unwrap();
    assert_eq!(
        ticket(db.clone()).await,
        ("assigned".into(), Some(uid(&rudi)), Some(at))
    );
    moves::move_order(
        &db,
        &rudi,
        Mover::Technician,
        id,
        &to(WorkOrderState::OnTheWay),
        at,
    )
    .await
    .unwrap();
    assert_eq!(ticket(db.clone()).await.0, "in_progress");

    // Nobody home: the incident waits for the customer (its clock pauses) until the visit
    // is rescheduled.
    let absent = MoveRequest {
        to: WorkOrderState::Failed,
        failure_reason: Some(FailureReason::CustomerAbsent),
        note: "Rumah kosong, telepon tidak diangkat".into(),
    };
    let no_reason = MoveRequest {
        failure_reason: None,
        ..absent.clone()
    };
    let refused = moves::move_order(&db, &rudi, Mover::Technician, id, &no_reason, at).await;
    assert_eq!(field_error(refused, "failure_reason"), Msg::ValRequired);
    moves::move_order(&db, &rudi, Mover::Technician, id, &absent, at)
        .await
        .unwrap();
    assert_eq!(ticket(db.clone()).await.0, "pending_customer");
    // The technician cannot reschedule; the desk does.
    let tomorrow = ScheduleDraft {
        technician_id: Some(uid(&rudi)),
        window: window(now + Duration::days(1)),
    };
    schedule::schedule(&db, admin, id, &tomorrow, at)
        .await
        .unwrap();
    assert_eq!(state_of(&db, id).await, WorkOrderState::Rescheduled);
    assert_eq!(ticket(db.clone()).await.0, "in_progress");

    // Done with its evidence: the incident is resolved with the technician's notes.
    let next_day = at + Duration::days(1);
    for step in [WorkOrderState::OnTheWay, WorkOrderState::OnSite] {
        moves::move_order(&db, &rudi, Mover::Technician, id, &to(step), next_day)
            .await
            .unwrap();
    }
    proof::save_notes(
        &db,
        &rudi,
        id,
        "Konektor di ODP kotor, dibersihkan dan disambung ulang.",
        next_day,
    )
    .await
    .unwrap();
    proof::add_text(&db, &rudi, id, EvidenceKind::RxPower, "-21.4", next_day)
        .await
        .unwrap();
    let data = DataDir::new();
    let signature = FileProof {
        kind: EvidenceKind::Signature,
        filename: "ttd.png".into(),
        bytes: PNG.to_vec(),
    };
    proof::add_file(&db, data.path(), &rudi, id, signature, next_day)
        .await
        .unwrap();
    for item in ["check_power", "check_cable", "verify_service"] {
        proof::tick(&db, &rudi, id, item, true, next_day)
            .await
            .unwrap();
    }
    moves::move_order(
        &db,
        &rudi,
        Mover::Technician,
        id,
        &to(WorkOrderState::Done),
        next_day,
    )
    .await
    .unwrap();
    let (status, resolution): (String, Option<String>) =
        sqlx::query_as("SELECT status, resolution FROM tickets WHERE id = $1")
            .bind(incident)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(status, "resolved");
    // The caller reads a plain sentence; the technician's notes stay with the desk.
    let number: String = sqlx::query_scalar("SELECT number FROM work_orders WHERE id = $1")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        resolution,
        Some(format!("Perbaikan di lokasi selesai ({number})."))
    );
    let notes: Vec<(String, String)> = sqlx::query_as(
        "SELECT visibility, body FROM ticket_comments WHERE ticket_id = $1 ORDER BY id",
    )
    .bind(incident)
    .fetch_all(&db)
    .await
    .unwrap();
    assert!(notes.contains(&(
        "internal".into(),
        "Konektor di ODP kotor, dibersihkan dan disambung ulang.".into()
    )));
    assert!(!notes
        .iter()
        .any(|(visibility, body)| visibility == "public" && body.contains("Konektor")));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_desk_cancels_and_records_failures_but_does_not_work_orders(db: PgPool) {
    let isp = small_isp(&db).await;
    let admin = &isp.admin;
    let now = wib(7, 9, 0);
    let andi = technician(&db, "andi", &["installation"]).await;
    let survey = create::create(
        &db,
        admin,
        NewWorkOrder {
            kind: Some(WorkOrderKind::Survey),
            address: "Ruko Harapan Indah Blok C2".into(),
            latitude: Some(-6.18),
            longitude: Some(106.98),
            ..NewWorkOrder::default()
        },
        now,
    )
    .await
    .unwrap();
    let plan = ScheduleDraft {
        technician_id: Some(uid(&andi)),
        window: window(now),
    };
    schedule::schedule(&db, admin, survey, &plan, now)
        .await
        .unwrap();
    let start = moves::move_order(
        &db,
        admin,
        Mover::Dispatcher,
        survey,
        &to(WorkOrderState::OnTheWay),
        now,
    )
    .await;
    assert_eq!(conflict(start), Msg::ErrTransitionNotAllowed);
    let weather = MoveRequest {
        to: WorkOrderState::Failed,
        failure_reason: Some(FailureReason::BadWeather),
        note: String::new(),
    };
    moves::move_order(&db, admin, Mover::Dispatcher, survey, &weather, now)
        .await
        .unwrap();
    moves::move_order(
        &db,
        admin,
        Mover::Dispatcher,
        survey,
        &to(WorkOrderState::Cancelled),
        now,
    )
    .await
    .unwrap();
    let again = moves::move_order(
        &db,
        admin,
        Mover::Dispatcher,
        survey,
        &to(WorkOrderState::Cancelled),
        now,
    )
    .await;
    assert_eq!(conflict(again), Msg::ErrWoUnchanged);
    let reschedule = schedule::schedule(&db, admin, survey, &plan, now).await;
    assert_eq!(conflict(reschedule), Msg::ErrWoFinal);

    // A technician reads only their own orders.
    let mut conn = db.acquire().await.unwrap();
    let other = add_user(&db, "rudi", &[Role::Technician]).await;
    let hidden = read::detail(
        &mut conn,
        OrderScope::Technician(uid(&other)),
        survey,
        (false, true),
    )
    .await;
    assert!(matches!(hidden, Err(ServiceError::App(AppError::NotFound))));
    let mine = read::detail(
        &mut conn,
        OrderScope::Technician(uid(&andi)),
        survey,
        (false, true),
    )
    .await
    .unwrap();
    assert_eq!(mine.failure_reason, None);
    assert_eq!(mine.events[2].reason, Some(FailureReason::BadWeather));
    let page = read::list(
        &mut conn,
        OrderScope::Technician(uid(&other)),
        &Default::default(),
    )
    .await
    .unwrap();
    assert!(page.rows.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn admins_keep_technician_profiles_and_each_kinds_checklist(db: PgPool) {
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let joko = add_user(&db, "joko", &[Role::Technician]).await;
    let agent = add_user(&db, "agent1", &[Role::Agent]).await;
    let mut conn = db.acquire().await.unwrap();
    // Every technician account is listed, with or without a profile.
    let listed = technicians::profiles(&mut conn).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].has_profile);
    let mut draft = TechnicianDraft {
        user_id: uid(&joko),
        skills: vec![Skill::Installation, Skill::FiberSplicing],
        zone: "Bekasi".into(),
        home_lat: "-6.2383".into(),
        home_lng: "106.9756".into(),
        work_start: "08:00".into(),
        work_end: "16:00".into(),
        active: true,
    };
    technicians::save(&db, &admin, &draft).await.unwrap();
    let not_a_technician = TechnicianDraft {
        user_id: uid(&agent),
        ..draft.clone()
    };
    let refused = technicians::save(&db, &admin, &not_a_technician).await;
    assert_eq!(field_error(refused, "user_id"), Msg::ValWoTechnicianUnknown);
    draft.zone = "Bekasi Utara".into();
    technicians::save(&db, &admin, &draft).await.unwrap();
    let listed = technicians::profiles(&mut conn).await.unwrap();
    assert!(listed[0].has_profile);
    assert_eq!(listed[0].draft.zone, "Bekasi Utara");
    assert_eq!(listed[0].draft.work_end, "16:00");
    assert_eq!(
        listed[0].draft.skills,
        vec![Skill::FiberSplicing, Skill::Installation]
    );
    let options = technicians::options(&mut conn).await.unwrap();
    assert_eq!(options[0].user_id, uid(&joko));

    // A kind's checklist: its order counts for "done" at once.
    let template = WorkOrderTemplate {
        kind: WorkOrderKind::Survey,
        checklist: vec![ChecklistItem {
            key: "photo_route".into(),
            id: " Foto jalur kabel ".into(),
            en: "Photo of the cable route".into(),
        }],
        evidence: vec![EvidenceKind::PhotoOdp, EvidenceKind::RxPower],
    };
    templates::save(&db, &admin, &template).await.unwrap();
    let saved = templates::all(&mut conn).await.unwrap();
    let survey = saved
        .iter()
        .find(|t| t.kind == WorkOrderKind::Survey)
        .unwrap();
    assert_eq!(survey.checklist[0].id, "Foto jalur kabel");
    assert_eq!(
        survey.evidence,
        vec![EvidenceKind::PhotoOdp, EvidenceKind::RxPower]
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action IN ('technician.create', 'technician.update', 'work_order_template.update')",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(audited, 3);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_repair_of_a_mass_outage_answers_the_incidents_reported_on_it(db: PgPool) {
    let isp = small_isp(&db).await;
    let admin = &isp.admin;
    let now = wib(7, 9, 0);
    let rudi = technician(&db, "rudi", &["fiber_splicing"]).await;
    let incident = |title: &'static str| NewTicket {
        kind: Some(TicketKind::Incident),
        title: title.into(),
        impact: Some(Level::HIGH),
        urgency: Some(Level::HIGH),
        ..NewTicket::default()
    };
    let parent = tickets::create(&db, admin, incident("Kabel feeder putus"), now)
        .await
        .unwrap()
        .0;
    let child = tickets::create(&db, admin, incident("Internet mati"), now)
        .await
        .unwrap()
        .0;
    sqlx::query("UPDATE tickets SET parent_id = $1 WHERE id = $2")
        .bind(parent)
        .bind(child)
        .execute(&db)
        .await
        .unwrap();
    let id = create::create(
        &db,
        admin,
        NewWorkOrder {
            kind: Some(WorkOrderKind::Repair),
            ticket_id: Some(parent),
            ..NewWorkOrder::default()
        },
        now,
    )
    .await
    .unwrap();
    let plan = ScheduleDraft {
        technician_id: Some(uid(&rudi)),
        window: window(now),
    };
    schedule::schedule(&db, admin, id, &plan, now)
        .await
        .unwrap();
    for step in [WorkOrderState::OnTheWay, WorkOrderState::OnSite] {
        moves::move_order(&db, &rudi, Mover::Technician, id, &to(step), now)
            .await
            .unwrap();
    }
    proof::add_text(&db, &rudi, id, EvidenceKind::RxPower, "-20", now)
        .await
        .unwrap();
    let data = DataDir::new();
    let signature = FileProof {
        kind: EvidenceKind::Signature,
        filename: "ttd.png".into(),
        bytes: PNG.to_vec(),
    };
    proof::add_file(&db, data.path(), &rudi, id, signature, now)
        .await
        .unwrap();
    for item in ["check_power", "check_cable", "verify_service"] {
        proof::tick(&db, &rudi, id, item, true, now).await.unwrap();
    }
    moves::move_order(
        &db,
        &rudi,
        Mover::Technician,
        id,
        &to(WorkOrderState::Done),
        now,
    )
    .await
    .unwrap();
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT status FROM tickets WHERE id IN ($1, $2) ORDER BY id")
            .bind(parent)
            .bind(child)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(statuses, ["resolved", "resolved"]);
}
