//! Database behaviour of tickets: numbering, priority, auto-assignment, the status machine,
//! SLA clocks over the status history, visibility scopes, lists, search and the board.
//! Times are fixed (week of Monday 2026-11-23, Asia/Jakarta) so SLA arithmetic is exact.
#![cfg(feature = "ssr")]

mod support;

use app::auth::model::{Role, UserId};
use app::error::server::ServiceError;
use app::error::AppError;
use app::format::TimeZone;
use app::i18n::Msg;
use app::request::Actor;
use app::sla::server::{clocks, job};
use app::tickets::model::{
    AssigneeFilter, AssignmentReason, Level, NewTicket, SlaMetric, SlaState, Status, TicketEdit,
    TicketFilter, TicketId, TicketKind, TicketSort, TimelineItem, Visibility,
};
use app::tickets::server::query::{self, Viewer};
use app::tickets::server::{comments, create, detail, edit, timeline, workflow, TicketScope};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use support::{add_user, uid, wib};

async fn add_group(db: &PgPool, name: &str, members: &[&Actor], supervisor: Option<&Actor>) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO support_groups (name, supervisor_id) VALUES ($1, $2) RETURNING id",
    )
    .bind(name)
    .bind(supervisor.map(uid))
    .fetch_one(db)
    .await
    .unwrap();
    for m in members {
        sqlx::query("INSERT INTO support_group_members (group_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(uid(m))
            .execute(db)
            .await
            .unwrap();
    }
    id
}

async fn add_category(db: &PgPool, name: &str, parent: Option<i64>, group: Option<i64>) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO ticket_categories (name, parent_id, group_id, default_impact, default_urgency)
         VALUES ($1, $2, $3, 2, 2) RETURNING id",
    )
    .bind(name)
    .bind(parent)
    .bind(group)
    .fetch_one(db)
    .await
    .unwrap()
}

fn ticket(title: &str, impact: i64, urgency: i64) -> NewTicket {
    NewTicket {
        kind: Some(TicketKind::Incident),
        title: title.into(),
        description: format!("Deskripsi untuk {title}"),
        impact: Level::new(impact),
        urgency: Level::new(urgency),
        ..Default::default()
    }
}

async fn open(db: &PgPool, actor: &Actor, input: NewTicket, at: DateTime<Utc>) -> i64 {
    create::create(db, actor, input, at)
        .await
        .expect("create ticket")
        .0
}

async fn status_of(db: &PgPool, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await
        .unwrap()
}

fn app_error(err: ServiceError) -> AppError {
    AppError::from(err)
}

fn viewer(actor: &Actor, now: DateTime<Utc>) -> Viewer {
    Viewer {
        user_id: uid(actor),
        time_zone: TimeZone::AsiaJakarta,
        now,
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn numbers_run_per_kind_and_priority_follows_the_matrix(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let now = wib(23, 9, 0);
    let a = open(&db, &agent, ticket("A", 1, 1), now).await;
    let b = open(&db, &agent, ticket("B", 2, 3), now).await;
    let mut request = ticket("C", 3, 3);
    request.kind = Some(TicketKind::Request);
    let c = open(&db, &agent, request, now).await;
    let rows: Vec<(String, i16)> =
        sqlx::query_as("SELECT number_text, priority FROM tickets WHERE id = ANY($1) ORDER BY id")
            .bind(vec![a, b, c])
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        rows,
        vec![
            ("INC-000001".into(), 1),
            ("INC-000002".into(), 4),
            ("REQ-000001".into(), 5)
        ]
    );
    // The matrix is data: change a cell and new tickets follow it.
    sqlx::query("UPDATE priority_matrix SET priority = 2 WHERE impact = 2 AND urgency = 3")
        .execute(&db)
        .await
        .unwrap();
    let d = open(&db, &agent, ticket("D", 2, 3), now).await;
    let p: i16 = sqlx::query_scalar("SELECT priority FROM tickets WHERE id = $1")
        .bind(d)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(p, 2);
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_input_gets_field_errors_and_creates_nothing(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let mut input = ticket("", 1, 1);
    input.impact = None;
    input.category_id = Some(9999);
    let err = app_error(
        create::create(&db, &agent, input, wib(23, 9, 0))
            .await
            .unwrap_err(),
    );
    let errors = err.field_errors().expect("validation error").clone();
    assert_eq!(errors.get("title"), Some(Msg::ValRequired));
    assert_eq!(errors.get("impact"), Some(Msg::ValRequired));
    assert_eq!(errors.get("category_id"), Some(Msg::ValCategoryInvalid));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM tickets")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn category_routes_to_a_group_and_its_least_loaded_agent(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let busy = add_user(&db, "sibuk", &[Role::Technician]).await;
    let free = add_user(&db, "luang", &[Role::Technician]).await;
    let boss = add_user(&db, "bos", &[Role::Supervisor]).await;
    let noc = add_group(&db, "Network Ops", &[&busy, &free], Some(&boss)).await;
    let faults = add_category(&db, "Gangguan", None, Some(noc)).await;
    let no_internet = add_category(&db, "Internet mati", Some(faults), None).await;

    // `busy` already holds an open ticket.
    let mut first = ticket("Sudah ada", 2, 2);
    first.assignee_id = Some(UserId(uid(&busy)));
    open(&db, &agent, first, wib(23, 8, 0)).await;

    let mut input = ticket("ONT merah", 1, 1);
    input.impact = None; // from the category (inherited 2/2 defaults are on both levels)
    input.category_id = Some(no_internet);
    let id = open(&db, &agent, input, wib(23, 9, 0)).await;
    let d = detail::load(&db, TicketScope::All, id, wib(23, 9, 0))
        .await
        .unwrap();
    assert_eq!(d.summary.group.as_ref().map(|g| g.id), Some(noc));
    assert_eq!(d.summary.assignee.as_ref().map(|a| a.id), Some(uid(&free)));
    assert_eq!(d.summary.status, Status::Assigned);
    assert_eq!(
        d.impact,
        Level::MEDIUM,
        "impact defaulted from the category tree"
    );
    assert_eq!(
        d.assignment_reason,
        Some(AssignmentReason::LeastLoaded {
            group: "Network Ops".into(),
            open_tickets: 0
        })
    );
    let notified: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'ticket_assigned'",
    )
    .bind(uid(&free))
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(notified, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_status_machine_refuses_illegal_moves(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let id = open(&db, &agent, ticket("A", 2, 2), wib(23, 9, 0)).await;
    let t = |to, note: Option<&str>, at| {
        let db = db.clone();
        let agent = agent.clone();
        let note = note.map(str::to_owned);
        async move { workflow::transition(&db, &agent, TicketScope::All, id, to, note, at).await }
    };
    let err = app_error(t(Status::Closed, None, wib(23, 9, 1)).await.unwrap_err());
    assert_eq!(err, AppError::Conflict(Msg::ErrTransitionNotAllowed));
    let err = app_error(
        t(Status::InProgress, None, wib(23, 9, 1))
            .await
            .unwrap_err(),
    );
    assert_eq!(err, AppError::Conflict(Msg::ErrNeedsAssignee));
    let err = app_error(
        t(Status::Resolved, Some("  "), wib(23, 9, 1))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        err.field_errors().and_then(|e| e.get("note")),
        Some(Msg::ErrNeedsResolution)
    );
    assert_eq!(
        status_of(&db, id).await,
        "new",
        "refused moves change nothing"
    );

    workflow::assign(
        &db,
        &agent,
        TicketScope::All,
        id,
        None,
        Some(uid(&agent)),
        wib(23, 9, 2),
    )
    .await
    .unwrap();
    assert_eq!(status_of(&db, id).await, "assigned");
    t(Status::InProgress, None, wib(23, 9, 3)).await.unwrap();
    t(Status::Resolved, Some("Kabel drop diganti"), wib(23, 10, 0))
        .await
        .unwrap();
    // Reopening works within the window (7 days by default), not after it.
    let err = app_error(
        t(Status::InProgress, None, wib(30, 10, 1))
            .await
            .unwrap_err(),
    );
    assert_eq!(err, AppError::Conflict(Msg::ErrReopenWindowPassed));
    t(Status::InProgress, None, wib(24, 10, 0)).await.unwrap();
    assert_eq!(status_of(&db, id).await, "in_progress");
    let resolved_at: Option<DateTime<Utc>> =
        sqlx::query_scalar("SELECT resolved_at FROM tickets WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(resolved_at, None, "reopening clears the resolution");
}

async fn clock(db: &PgPool, id: i64, metric: SlaMetric) -> (String, Option<DateTime<Utc>>, i64) {
    sqlx::query_as(
        "SELECT state, due_at, elapsed_seconds FROM ticket_sla_clocks WHERE ticket_id = $1 AND metric = $2",
    )
    .bind(id)
    .bind(metric.code())
    .fetch_one(db)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn sla_clocks_pause_while_pending_and_survive_a_priority_change(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    // P3 (impact 2, urgency 2): office hours Mon–Fri 08–17, response 2 h, resolution 18 h.
    let mut input = ticket("Lambat", 2, 2);
    input.assignee_id = Some(UserId(uid(&agent)));
    let id = open(&db, &agent, input, wib(23, 9, 0)).await;
    assert_eq!(
        clock(&db, id, SlaMetric::Response).await.1,
        Some(wib(23, 11, 0))
    );
    // Mon 09–17 (8 h) + Tue 08–17 (9 h) + Wed 08–09 (1 h)
    assert_eq!(
        clock(&db, id, SlaMetric::Resolution).await.1,
        Some(wib(25, 9, 0))
    );

    let by = |to, at| workflow::transition(&db, &agent, TicketScope::All, id, to, None, at);
    by(Status::PendingCustomer, wib(23, 10, 0)).await.unwrap();
    let (state, due, _) = clock(&db, id, SlaMetric::Resolution).await;
    assert_eq!((state.as_str(), due), ("paused", None));
    // Asking the customer is the first response.
    assert_eq!(clock(&db, id, SlaMetric::Response).await.0, "met");

    by(Status::InProgress, wib(24, 10, 0)).await.unwrap();
    // 9 business hours waited (Mon 10–17, Tue 08–10): due moves from Wed 09:00 to Thu 09:00.
    assert_eq!(
        clock(&db, id, SlaMetric::Resolution).await.1,
        Some(wib(26, 9, 0))
    );

    // Lowering to P4 (45 h) recomputes from the whole history: the wait still does not count.
    workflow::reclassify(
        &db,
        &agent,
        TicketScope::All,
        id,
        (Level::MEDIUM, Level::LOW),
        "Hanya satu pelanggan, ada jalur cadangan",
        wib(24, 11, 0),
    )
    .await
    .unwrap();
    let (state, due, elapsed) = clock(&db, id, SlaMetric::Resolution).await;
    assert_eq!(state, "running");
    assert_eq!(elapsed, 2 * 3600, "Mon 09–10 and Tue 10–11");
    // 45 h counting: Mon 1 h, Tue 10–17 7 h, Wed–Fri 27 h, next Mon 9 h, Tue 1 h.
    assert_eq!(due, Some(wib(23, 9, 0) + chrono::Duration::days(8)));

    let err = app_error(
        workflow::reclassify(
            &db,
            &agent,
            TicketScope::All,
            id,
            (Level::HIGH, Level::HIGH),
            " ",
            wib(24, 12, 0),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(
        err.field_errors().and_then(|e| e.get("note")),
        Some(Msg::ValWorkNoteRequired)
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_sla_job_announces_a_breach_once(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let tech = add_user(&db, "teknisi", &[Role::Technician]).await;
    let boss = add_user(&db, "bos", &[Role::Supervisor]).await;
    let group = add_group(&db, "Field", &[&tech], Some(&boss)).await;
    // P1 runs 24×7: response within 15 minutes.
    let mut input = ticket("Backbone putus", 1, 1);
    input.group_id = Some(group);
    let id = open(&db, &agent, input, wib(28, 22, 0)).await; // Saturday night

    assert_eq!(
        job::tick(&db, wib(28, 22, 5)).await.unwrap(),
        0,
        "nothing due yet"
    );
    assert_eq!(
        job::tick(&db, wib(28, 22, 12)).await.unwrap(),
        1,
        "75 % of 15 min passed"
    );
    assert_eq!(clock(&db, id, SlaMetric::Response).await.0, "warning");
    assert_eq!(job::tick(&db, wib(28, 22, 16)).await.unwrap(), 1);
    assert_eq!(clock(&db, id, SlaMetric::Response).await.0, "breached");
    assert_eq!(
        job::tick(&db, wib(28, 22, 30)).await.unwrap(),
        0,
        "breached clocks are done"
    );

    let kinds: Vec<(i64, String)> = sqlx::query_as(
        "SELECT user_id, kind FROM notifications WHERE kind LIKE 'sla_%' ORDER BY kind, user_id",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    let (t, b) = (uid(&tech), uid(&boss));
    let mut expected = vec![
        (t, "sla_breached".to_owned()),
        (b, "sla_breached".to_owned()),
        (t, "sla_warning".to_owned()),
        (b, "sla_warning".to_owned()),
    ];
    expected.sort_by(|x, y| x.1.cmp(&y.1).then(x.0.cmp(&y.0)));
    assert_eq!(
        kinds, expected,
        "assignee and supervisor, once per crossing"
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity = 'ticket' AND action LIKE 'ticket.sla_%' ORDER BY id",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(actions, vec!["ticket.sla_warning", "ticket.sla_breached"]);
    // Refreshing again (any later change) does not announce again.
    let mut tx = db.begin().await.unwrap();
    clocks::refresh(&mut tx, id, wib(28, 23, 0)).await.unwrap();
    tx.commit().await.unwrap();
    let total: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notifications WHERE kind LIKE 'sla_%'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(total, 4);
}

#[sqlx::test(migrations = "../migrations")]
async fn technicians_see_only_their_groups_and_customers_only_their_own(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let tech = add_user(&db, "teknisi", &[Role::Technician]).await;
    let other_tech = add_user(&db, "lain", &[Role::Technician]).await;
    let customer = add_user(&db, "pelanggan", &[Role::Customer]).await;
    let field = add_group(&db, "Field", &[&tech], None).await;
    let mut in_group = ticket("Di grup", 2, 2);
    in_group.group_id = Some(field);
    in_group.assignee_id = Some(UserId(uid(&tech)));
    in_group.caller_id = Some(UserId(uid(&customer)));
    let mine = open(&db, &agent, in_group, wib(23, 9, 0)).await;
    let elsewhere = open(&db, &agent, ticket("Di tempat lain", 2, 2), wib(23, 9, 1)).await;

    let tech_scope = TicketScope::of(&tech).unwrap();
    assert_eq!(tech_scope, TicketScope::Involved(uid(&tech)));
    let page = query::list(
        &db,
        tech_scope,
        viewer(&tech, wib(23, 10, 0)),
        &TicketFilter::default(),
        TicketSort::Updated,
        None,
        50,
    )
    .await
    .unwrap();
    assert_eq!(
        page.items.iter().map(|t| t.id.0).collect::<Vec<_>>(),
        vec![mine]
    );
    let hidden = detail::load(&db, tech_scope, elsewhere, wib(23, 10, 0))
        .await
        .unwrap_err();
    assert_eq!(
        app_error(hidden),
        AppError::NotFound,
        "hidden looks like missing"
    );
    let moved = workflow::transition(
        &db,
        &tech,
        tech_scope,
        elsewhere,
        Status::Cancelled,
        None,
        wib(23, 10, 0),
    )
    .await
    .unwrap_err();
    assert_eq!(app_error(moved), AppError::NotFound);
    let other = TicketScope::of(&other_tech).unwrap();
    assert!(detail::load(&db, other, mine, wib(23, 10, 0))
        .await
        .is_err());

    // The customer sees their ticket, public replies only, and no internal changes.
    comments::add(
        &db,
        &agent,
        TicketScope::All,
        mine,
        Visibility::Internal,
        "ODP 12 port 3 redaman tinggi",
        wib(23, 9, 30),
    )
    .await
    .unwrap();
    comments::add(
        &db,
        &agent,
        TicketScope::All,
        mine,
        Visibility::Public,
        "Teknisi menuju lokasi",
        wib(23, 9, 31),
    )
    .await
    .unwrap();
    let cust = TicketScope::of(&customer).unwrap();
    assert_eq!(cust, TicketScope::Caller(uid(&customer)));
    let entries = timeline::load(&db, cust, mine).await.unwrap();
    let comments: Vec<Visibility> = entries
        .iter()
        .filter_map(|e| match &e.item {
            TimelineItem::Comment { visibility, .. } => Some(*visibility),
            _ => None,
        })
        .collect();
    assert_eq!(comments, vec![Visibility::Public]);
    assert!(entries
        .iter()
        .all(|e| e.actor.is_none() || matches!(e.item, TimelineItem::Comment { .. })));
    let err = comments::add(
        &db,
        &customer,
        cust,
        mine,
        Visibility::Internal,
        "x",
        wib(23, 10, 0),
    )
    .await
    .unwrap_err();
    assert_eq!(app_error(err), AppError::Forbidden);
    assert!(timeline::load(&db, cust, elsewhere).await.is_err());
}

#[sqlx::test(migrations = "../migrations")]
async fn every_sort_pages_through_all_tickets_exactly_once(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let mut ids = Vec::new();
    for i in 0..11u32 {
        let input = ticket(
            &format!("Tiket {i}"),
            i64::from(i % 3) + 1,
            i64::from(i % 2) + 1,
        );
        ids.push(open(&db, &agent, input, wib(23, 9, i)).await);
    }
    // Some tickets wait on the customer, so their SLA clocks have no due time.
    for id in ids.iter().step_by(4) {
        workflow::transition(
            &db,
            &agent,
            TicketScope::All,
            *id,
            Status::PendingCustomer,
            None,
            wib(23, 10, 0),
        )
        .await
        .unwrap();
    }
    let v = viewer(&agent, wib(23, 11, 0));
    for sort in TicketSort::ALL {
        let mut filter = TicketFilter::default();
        if sort == TicketSort::Relevance {
            filter.text = Some("tiket".into());
        }
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = query::list(
                &db,
                TicketScope::All,
                v,
                &filter,
                sort,
                cursor.as_deref(),
                3,
            )
            .await
            .unwrap();
            seen.extend(page.items.iter().map(|t| t.id.0));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(seen.len(), 11, "{sort:?}: {seen:?}");
        assert_eq!(sorted.len(), 11, "{sort:?} repeated a ticket: {seen:?}");
    }
    let by_priority = query::list(
        &db,
        TicketScope::All,
        v,
        &TicketFilter::default(),
        TicketSort::Priority,
        None,
        50,
    )
    .await
    .unwrap();
    let priorities: Vec<u8> = by_priority.items.iter().map(|t| t.priority.get()).collect();
    let mut expected = priorities.clone();
    expected.sort();
    assert_eq!(priorities, expected);
}

#[sqlx::test(migrations = "../migrations")]
async fn filters_and_full_text_search(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let tech = add_user(&db, "teknisi", &[Role::Technician]).await;
    let field = add_group(&db, "Field", &[&tech], None).await;
    let fiber = open(
        &db,
        &agent,
        ticket("Kabel fiber putus di Cibubur", 1, 1),
        wib(23, 9, 0),
    )
    .await;
    let mut slow = ticket("Internet lambat", 3, 3);
    slow.group_id = Some(field);
    let slow = open(&db, &agent, slow, wib(23, 9, 1)).await;
    comments::add(
        &db,
        &agent,
        TicketScope::All,
        slow,
        Visibility::Internal,
        "Redaman ODP tinggi sekali",
        wib(23, 9, 2),
    )
    .await
    .unwrap();
    let v = viewer(&agent, wib(23, 10, 0));
    let find = |filter: TicketFilter| {
        let db = db.clone();
        async move {
            query::list(
                &db,
                TicketScope::All,
                v,
                &filter,
                TicketSort::Relevance,
                None,
                50,
            )
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|t| t.id.0)
            .collect::<Vec<_>>()
        }
    };
    let text = |t: &str| TicketFilter {
        text: Some(t.into()),
        ..Default::default()
    };
    assert_eq!(find(text("fiber")).await, vec![fiber]);
    assert_eq!(find(text("cibub")).await, vec![fiber], "prefix match");
    assert_eq!(
        find(text("redaman")).await,
        vec![slow],
        "comments are searched"
    );
    assert_eq!(find(text("INC-000002")).await, vec![slow], "full number");
    assert_eq!(find(text("00001")).await, vec![fiber], "partial number");
    assert_eq!(
        find(text("'; DROP TABLE tickets; --")).await,
        Vec::<i64>::new()
    );
    let unassigned_in_field = TicketFilter {
        group_id: Some(field),
        assignee: AssigneeFilter::Unassigned,
        ..Default::default()
    };
    // least-loaded assignment gave it to the technician
    assert_eq!(find(unassigned_in_field).await, Vec::<i64>::new());
    let mine = TicketFilter {
        my_groups: true,
        ..Default::default()
    };
    let tv = viewer(&tech, wib(23, 10, 0));
    let page = query::list(
        &db,
        TicketScope::All,
        tv,
        &mine,
        TicketSort::Updated,
        None,
        50,
    )
    .await
    .unwrap();
    assert_eq!(
        page.items.iter().map(|t| t.id.0).collect::<Vec<_>>(),
        vec![slow]
    );
    let breached = TicketFilter {
        sla_state: Some(SlaState::Running),
        due_today: true,
        ..Default::default()
    };
    // P1 on 24×7 is due in 4 h (today); P5 on office hours is due days later.
    assert_eq!(find(breached).await, vec![fiber]);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_board_groups_cards_by_status(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let a = open(&db, &agent, ticket("A", 3, 3), wib(23, 9, 0)).await;
    let b = open(&db, &agent, ticket("B", 1, 1), wib(23, 9, 1)).await;
    let mut c = ticket("C", 2, 2);
    c.assignee_id = Some(UserId(uid(&agent)));
    let c = open(&db, &agent, c, wib(23, 9, 2)).await;
    workflow::transition(
        &db,
        &agent,
        TicketScope::All,
        c,
        Status::InProgress,
        None,
        wib(23, 9, 3),
    )
    .await
    .unwrap();
    let board = query::board(
        &db,
        TicketScope::All,
        viewer(&agent, wib(23, 10, 0)),
        &TicketFilter::default(),
    )
    .await
    .unwrap();
    let lane = |s: Status| board.lanes.iter().find(|l| l.status == s).unwrap();
    assert_eq!(
        lane(Status::New)
            .tickets
            .iter()
            .map(|t| t.id.0)
            .collect::<Vec<_>>(),
        vec![b, a],
        "most urgent first"
    );
    assert_eq!(lane(Status::New).total, 2);
    assert_eq!(lane(Status::InProgress).tickets[0].id, TicketId(c));
    assert!(lane(Status::Closed).tickets.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn edits_are_optimistically_locked_and_show_on_the_timeline(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let id = open(&db, &agent, ticket("Judul lama", 2, 2), wib(23, 9, 0)).await;
    let d = detail::load(&db, TicketScope::All, id, wib(23, 9, 1))
        .await
        .unwrap();
    let changes = TicketEdit {
        title: "Judul baru".into(),
        description: "**tebal**".into(),
        tags: vec!["Fiber Cut".into()],
        ..Default::default()
    };
    edit::edit(
        &db,
        &agent,
        TicketScope::All,
        id,
        d.summary.updated_at,
        changes.clone(),
        wib(23, 9, 2),
    )
    .await
    .unwrap();
    let stale = edit::edit(
        &db,
        &agent,
        TicketScope::All,
        id,
        d.summary.updated_at,
        changes,
        wib(23, 9, 3),
    )
    .await
    .unwrap_err();
    assert_eq!(app_error(stale), AppError::Conflict(Msg::ErrStaleData));
    let d = detail::load(&db, TicketScope::All, id, wib(23, 9, 4))
        .await
        .unwrap();
    assert_eq!(d.description_html, "<p><strong>tebal</strong></p>\n");
    assert_eq!(d.summary.tags, vec!["fiber-cut".to_owned()]);
    let entries = timeline::load(&db, TicketScope::All, id).await.unwrap();
    let update = entries
        .iter()
        .find_map(|e| match &e.item {
            TimelineItem::Change { action, changes } if action == "ticket.update" => {
                Some(changes.clone())
            }
            _ => None,
        })
        .expect("update on the timeline");
    let title = update
        .iter()
        .find(|c| c.field == "title")
        .expect("title change");
    assert_eq!(
        (title.from.as_deref(), title.to.as_deref()),
        (Some("Judul lama"), Some("Judul baru"))
    );
    assert_eq!(
        entries.first().map(|e| e.actor.clone()),
        Some(Some("User agen".into()))
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn resolved_tickets_close_after_the_reopen_window(db: PgPool) {
    let agent = add_user(&db, "agen", &[Role::Agent]).await;
    let id = open(&db, &agent, ticket("A", 2, 2), wib(23, 9, 0)).await;
    workflow::transition(
        &db,
        &agent,
        TicketScope::All,
        id,
        Status::Resolved,
        Some("Sudah normal".into()),
        wib(23, 10, 0),
    )
    .await
    .unwrap();
    assert_eq!(
        workflow::close_expired(&db, wib(29, 10, 0)).await.unwrap(),
        0
    );
    assert_eq!(
        workflow::close_expired(&db, wib(30, 10, 1)).await.unwrap(),
        1
    );
    assert_eq!(status_of(&db, id).await, "closed");
    let (state, _, _) = clock(&db, id, SlaMetric::Resolution).await;
    assert_eq!(state, "met", "resolved within the target");
}

#[sqlx::test(migrations = "../migrations")]
async fn saved_filters_belong_to_their_owner(db: PgPool) {
    use app::tickets::server::saved;
    let a = add_user(&db, "agen", &[Role::Agent]).await;
    let b = add_user(&db, "agen2", &[Role::Agent]).await;
    let f = saved::save(
        &db,
        &a,
        "  Fiber   Depok ",
        "?q=fiber&cursor=t|1|2&status=open",
    )
    .await
    .unwrap();
    assert_eq!(f.name, "Fiber Depok");
    assert_eq!(
        f.query, "q=fiber&status=open",
        "the page position is not part of a filter"
    );
    let dup = saved::save(&db, &a, "fiber depok", "q=x")
        .await
        .unwrap_err();
    assert_eq!(
        app_error(dup).field_errors().and_then(|e| e.get("name")),
        Some(Msg::ValNameTaken)
    );
    assert!(
        saved::list(&db, &b).await.unwrap().is_empty(),
        "others do not see it"
    );
    assert_eq!(
        app_error(saved::delete(&db, &b, f.id).await.unwrap_err()),
        AppError::NotFound
    );
    saved::delete(&db, &a, f.id).await.unwrap();
    assert!(saved::list(&db, &a).await.unwrap().is_empty());
}
