//! The CMDB graph's neighbourhood against a real database and a simulated router over a
//! real socket: rings up and down, health from the monitor, the lines' sessions and impact
//! analysis, open incidents, and the grouping the page draws.

// Shared helpers; this file needs only some of them.
#[allow(dead_code)]
mod support;

use std::collections::HashSet;

use app::auth::model::Role;
use app::cmdb::model::graph::layout::{layout, BoxKind};
use app::cmdb::model::graph::{Health, Neighbourhood};
use app::cmdb::model::RelationKind;
use app::cmdb::server::graph;
use app::error::server::ServiceError;
use app::error::AppError;
use app::nas::server::hub::RouterHub;
use app::nas::server::monitor;
use sqlx::PgPool;
use support::add_user;
use support::cmdb::{ci, ci_of_line, ci_of_nas, olt, relate};
use support::isp::{customer, drain, eventually, line, line_draft, nas, plan, secrets, sim};

fn health_of(hood: &Neighbourhood, code: &str) -> Health {
    hood.cis
        .iter()
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("{code} is not in the graph"))
        .health
}

fn level_of(hood: &Neighbourhood, id: i64) -> i8 {
    hood.cis
        .iter()
        .find(|c| c.id == id)
        .expect("in the graph")
        .level
}

#[sqlx::test(migrations = "../migrations")]
async fn an_odp_graph_shows_its_plant_with_live_health_and_a_down_router_cuts_it_off(db: PgPool) {
    let router = sim("sim-graf").await;
    let hub = RouterHub::default();
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let nas_id = nas(&db, &admin, "NAS Graf", router.ports().api).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "rumah-20", &[nas_id]).await;
    let budi = customer(&db, &admin, "Budi Santoso", "081234567801").await;
    let sari = customer(&db, &admin, "Sari Usaha", "081234567802").await;
    let budi_line = line(&db, &admin, line_draft(budi, plan_id, nas_id, "budi")).await;
    drain(&db, &hub, nas_id).await;
    // Sari's line is not on the router yet: no session can come up for it.
    let sari_line = line(&db, &admin, line_draft(sari, plan_id, nas_id, "sari")).await;
    assert!(monitor::check_one(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap());

    let router_ci = ci_of_nas(&db, nas_id).await;
    let olt = olt(&db, &admin, "OLT-1").await;
    let odp = ci(&db, &admin, "odp", "ODP-1", &[("capacity", "8")]).await;
    relate(&db, &admin, RelationKind::Feeds, router_ci, olt, "")
        .await
        .unwrap();
    relate(&db, &admin, RelationKind::Feeds, olt, odp, "1")
        .await
        .unwrap();
    let mut onts = Vec::new();
    for n in 1..=6 {
        let ont = ci(
            &db,
            &admin,
            "ont",
            &format!("ONT-{n}"),
            &[("serial_number", &format!("ZTEG0000000{n}"))],
        )
        .await;
        relate(&db, &admin, RelationKind::Feeds, odp, ont, &n.to_string())
            .await
            .unwrap();
        onts.push(ont);
    }
    let (budi_premise, sari_premise) = (
        ci_of_line(&db, budi_line).await,
        ci_of_line(&db, sari_line).await,
    );
    relate(&db, &admin, RelationKind::Feeds, onts[0], budi_premise, "")
        .await
        .unwrap();
    relate(&db, &admin, RelationKind::Feeds, onts[1], sari_premise, "")
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO tickets (kind, number, title, impact, urgency, priority, subscription_id)
         VALUES ('incident', nextval('ticket_number_incident'), 'Internet mati', 2, 2, 3, $1)",
    )
    .bind(sari_line)
    .execute(&db)
    .await
    .unwrap();

    // Budi's session comes up on the simulator shortly after his secret was written.
    let budi_online = eventually(|| async {
        let hood = graph::neighbourhood(&db, &secrets(), &hub, odp, 2, 2)
            .await
            .unwrap();
        hood.cis
            .iter()
            .any(|c| c.id == budi_premise && c.health == Health::Online)
    })
    .await;
    assert!(budi_online, "Budi's line should be online");

    let hood = graph::neighbourhood(&db, &secrets(), &hub, odp, 2, 2)
        .await
        .unwrap();
    assert_eq!(hood.cis.len(), 1 + 1 + 1 + 6 + 2);
    assert!(!hood.truncated);
    assert_eq!(level_of(&hood, router_ci), -2);
    assert_eq!(level_of(&hood, olt), -1);
    assert_eq!(level_of(&hood, odp), 0);
    assert_eq!(level_of(&hood, onts[5]), 1);
    assert_eq!(level_of(&hood, sari_premise), 2);
    // Router → OLT → ODP, six ONTs, two premises, and each premise depending on its
    // line's router.
    assert_eq!(hood.links.len(), 2 + 6 + 2 + 2);
    let router_code = hood
        .cis
        .iter()
        .find(|c| c.id == router_ci)
        .unwrap()
        .code
        .clone();
    assert_eq!(health_of(&hood, &router_code), Health::Up);
    assert_eq!(health_of(&hood, "ODP-1"), Health::Normal);
    let sari_ci = hood.cis.iter().find(|c| c.id == sari_premise).unwrap();
    assert_eq!(sari_ci.health, Health::Offline);
    assert_eq!(sari_ci.open_incidents, 1);
    assert!(hood.class_name("ont").is_some());

    // The page draws the six ONTs (one class and health under one ODP) as one "×6" box;
    // the two premises below them differ (online, offline) and stay single.
    let drawn = layout(&hood, &HashSet::new());
    let groups: Vec<usize> = drawn
        .boxes
        .iter()
        .filter_map(|b| match &b.kind {
            BoxKind::Group(g) if g.class == "ont" => Some(g.members.len()),
            _ => None,
        })
        .collect();
    assert_eq!(groups, vec![6]);

    // One ring each way.
    let near = graph::neighbourhood(&db, &secrets(), &hub, odp, 1, 1)
        .await
        .unwrap();
    assert_eq!(near.cis.len(), 1 + 1 + 6);

    // The router stops answering: the monitor finds it down and everything below it is
    // cut off, whatever its line said before.
    drop(router);
    assert!(!monitor::check_one(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap());
    let hood = graph::neighbourhood(&db, &secrets(), &hub, odp, 2, 2)
        .await
        .unwrap();
    assert_eq!(health_of(&hood, &router_code), Health::Down);
    for cut_off in ["OLT-1", "ODP-1", "ONT-1", "ONT-6"] {
        assert_eq!(health_of(&hood, cut_off), Health::Affected, "{cut_off}");
    }
    let budi_ci = hood.cis.iter().find(|c| c.id == budi_premise).unwrap();
    assert_eq!(budi_ci.health, Health::Affected);
}

#[sqlx::test(migrations = "../migrations")]
async fn backups_sit_beside_their_partner_and_unknown_cis_are_not_found(db: PgPool) {
    let hub = RouterHub::default();
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let uplink = ci(&db, &admin, "link", "UPLINK-A", &[]).await;
    let backup = ci(&db, &admin, "link", "UPLINK-B", &[]).await;
    let olt = olt(&db, &admin, "OLT-1").await;
    relate(&db, &admin, RelationKind::Feeds, uplink, olt, "")
        .await
        .unwrap();
    relate(&db, &admin, RelationKind::BackupOf, backup, uplink, "")
        .await
        .unwrap();

    let hood = graph::neighbourhood(&db, &secrets(), &hub, olt, 1, 1)
        .await
        .unwrap();
    assert_eq!(level_of(&hood, uplink), -1);
    assert_eq!(level_of(&hood, backup), -1);
    assert_eq!(hood.links.len(), 2);
    // Nothing is known live of a link or an OLT; no router above them is down.
    assert!(hood.cis.iter().all(|c| c.health == Health::Normal));

    let missing = graph::neighbourhood(&db, &secrets(), &hub, 999_999, 2, 2).await;
    assert!(matches!(
        missing,
        Err(ServiceError::App(AppError::NotFound))
    ));
}
