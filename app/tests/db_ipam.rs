//! IP address management against a real database and a simulated router over a real
//! socket: pools read by the monitor, addresses of live sessions and fixed addresses,
//! usage, conflicts, and prefixes recorded and removed (validated, audited).

// Shared helpers; this file needs only some of them.
#[allow(dead_code)]
mod support;

use app::auth::model::Role;
use app::i18n::Msg;
use app::ipam::model::{AddressSource, ConflictKind, PrefixDraft};
use app::ipam::server::{prefixes, repo};
use app::nas::server::hub::RouterHub;
use app::nas::server::monitor;
use routeros::Command;
use sqlx::PgPool;
use support::isp::{
    by_hand, customer, drain, eventually, line, line_draft, nas, plan, secrets, sim,
};
use support::{add_user, field_error};

#[sqlx::test(migrations = "../migrations")]
async fn sessions_and_fixed_addresses_fill_pools_and_conflicts_are_named(db: PgPool) {
    let router = sim("sim-ipam").await;
    let hub = RouterHub::default();
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let nas_id = nas(&db, &admin, "NAS IPAM", router.ports().api).await;
    let plan_id = plan(&db, &admin, "Rumah 20", "rumah-20", &[nas_id]).await;
    let budi = customer(&db, &admin, "Budi Santoso", "081234567801").await;
    let sari = customer(&db, &admin, "Sari Usaha", "081234567802").await;
    let budi_line = line(&db, &admin, line_draft(budi, plan_id, nas_id, "budi")).await;
    let sari_line = line(&db, &admin, line_draft(sari, plan_id, nas_id, "sari")).await;
    drain(&db, &hub, nas_id).await;
    // The operator's pools on the router; the sessions' addresses (10.255.0.x, the
    // simulator's own for a profile without a pool) fall in the first.
    let conn = by_hand(&router).await;
    for (name, ranges) in [
        ("pool-pppoe", "10.255.0.2-10.255.0.254"),
        ("pool-lama", "10.255.0.200-10.255.1.10"),
    ] {
        conn.execute(
            Command::new("/ip/pool/add")
                .attr("name", name)
                .attr("ranges", ranges),
        )
        .await
        .unwrap();
    }
    assert!(monitor::check_one(&db, &secrets(), &hub, nas_id)
        .await
        .unwrap());

    let both_online = eventually(|| async {
        let seen = repo::overview(&db, &secrets(), &hub, true).await.unwrap();
        seen.routers[0].assignments.len() == 2
    })
    .await;
    assert!(both_online, "both sessions should come up with an address");
    let seen = repo::overview(&db, &secrets(), &hub, true).await.unwrap();
    let ipam = &seen.routers[0];
    assert!(ipam.sessions_read);
    assert!(ipam.pools_read_at.is_some());
    assert!(ipam
        .assignments
        .iter()
        .all(|a| a.source == AddressSource::Session && a.pool.as_deref() == Some("pool-pppoe")));
    let pppoe = ipam.pools.iter().find(|p| p.name == "pool-pppoe").unwrap();
    assert_eq!((pppoe.usage.used, pppoe.usage.size), (2, 253));
    // The two pools share 10.255.0.200-254.
    assert_eq!(
        seen.conflicts.iter().map(|c| c.kind).collect::<Vec<_>>(),
        vec![ConflictKind::PoolsOverlap]
    );

    // Sari's line is given Budi's address as a fixed one behind Simpul's back: two lines on
    // one address, and a fixed address inside a pool.
    let budi_address = ipam
        .assignments
        .iter()
        .find(|a| a.subscription_id == budi_line)
        .unwrap()
        .address;
    sqlx::query("UPDATE subscriptions SET static_ip = $2::inet WHERE id = $1")
        .bind(sari_line)
        .bind(budi_address.to_string())
        .execute(&db)
        .await
        .unwrap();
    let seen = repo::overview(&db, &secrets(), &hub, true).await.unwrap();
    let kinds: Vec<ConflictKind> = seen.conflicts.iter().map(|c| c.kind).collect();
    assert!(kinds.contains(&ConflictKind::SharedAddress), "{kinds:?}");
    assert!(kinds.contains(&ConflictKind::StaticInPool), "{kinds:?}");
    let shared = seen
        .conflicts
        .iter()
        .find(|c| c.kind == ConflictKind::SharedAddress)
        .unwrap();
    let mut lines: Vec<i64> = shared.lines.iter().map(|l| l.subscription_id).collect();
    lines.sort_unstable();
    assert_eq!(lines, vec![budi_line, sari_line]);

    // The router stops answering: only fixed addresses are known, and it says so.
    drop(router);
    let seen = repo::overview(&db, &secrets(), &hub, true).await.unwrap();
    assert!(!seen.routers[0].sessions_read);
    assert!(seen.routers[0]
        .assignments
        .iter()
        .all(|a| a.source == AddressSource::Static));
}

#[sqlx::test(migrations = "../migrations")]
async fn prefixes_are_networks_recorded_once_and_audited(db: PgPool) {
    let hub = RouterHub::default();
    let admin = add_user(&db, "admin1", &[Role::Admin]).await;
    let nas_id = nas(&db, &admin, "NAS Prefiks", 1).await;
    let draft = |prefix: &str| PrefixDraft {
        nas_id,
        prefix: prefix.into(),
        description: "Pelanggan PPPoE".into(),
    };
    let typo = prefixes::add(&db, &admin, draft("10.20.1.7/22")).await;
    assert_eq!(field_error(typo, "prefix"), Msg::ValIpPrefixHostBits);
    let id = prefixes::add(&db, &admin, draft("10.20.0.0/22"))
        .await
        .unwrap();
    let again = prefixes::add(&db, &admin, draft("10.20.0.0/22")).await;
    assert_eq!(field_error(again, "prefix"), Msg::ValIpPrefixTaken);
    let nowhere = prefixes::add(
        &db,
        &admin,
        PrefixDraft {
            nas_id: 999_999,
            ..draft("10.30.0.0/24")
        },
    )
    .await;
    assert_eq!(field_error(nowhere, "nas_id"), Msg::ValRequired);
    prefixes::add(&db, &admin, draft("10.20.1.0/24"))
        .await
        .unwrap();

    let seen = repo::overview(&db, &secrets(), &hub, false).await.unwrap();
    let ipam = &seen.routers[0];
    assert_eq!(ipam.prefixes.len(), 2);
    assert_eq!(ipam.prefixes[0].prefix, "10.20.0.0/22");
    assert_eq!(ipam.prefixes[0].usage.size, 1024);
    assert_eq!(
        seen.conflicts.iter().map(|c| c.kind).collect::<Vec<_>>(),
        vec![ConflictKind::PrefixesOverlap]
    );
    assert!(!seen.can_manage);

    prefixes::remove(&db, &admin, id).await.unwrap();
    assert!(prefixes::remove(&db, &admin, id).await.is_err());
    let audit: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'ip_prefix' ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        audit,
        vec!["ip_prefix.create", "ip_prefix.create", "ip_prefix.delete"]
    );
}
