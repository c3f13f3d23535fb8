//! A plausible starting configuration for a demo router: addresses, pools, and a few
//! customers configured by hand before Simpul arrived (as on every real ISP's router).

use routeros::Row;

use crate::schema;
use crate::store::Store;

/// Routers one process can seed with distinct subnets.
pub const MAX_SEEDED: usize = 30;

/// Seeds a router that has no pools yet; `index` (below [`MAX_SEEDED`]) keeps the routers'
/// subnets apart. Others are left empty.
pub fn seed(store: &mut Store, index: usize) {
    let empty = store.table("/ip/pool").is_none_or(|t| t.items.is_empty());
    if !empty || index >= MAX_SEEDED {
        return;
    }
    let net = 10 + index;
    let add = |store: &mut Store, menu: &str, row: Row| {
        let schema = schema::menu(menu).expect("demo menus exist");
        if let Err(trap) = store.add(schema, &row) {
            eprintln!("routeros-sim: demo seed {menu}: {}", trap.message);
        }
    };
    add(
        store,
        "/ip/address",
        Row::new()
            .with("address", format!("198.51.100.{}/29", 2 + index * 8))
            .with("interface", "ether1")
            .with("comment", "uplink"),
    );
    add(
        store,
        "/ip/address",
        Row::new()
            .with("address", format!("10.{net}.0.1/16"))
            .with("interface", "ether2")
            .with("comment", "access"),
    );
    add(
        store,
        "/ip/pool",
        Row::new()
            .with("name", "pool-pppoe")
            .with("ranges", format!("10.{net}.1.2-10.{net}.3.254")),
    );
    add(
        store,
        "/ip/pool",
        Row::new()
            .with("name", "pool-isolir")
            .with("ranges", format!("10.{net}.250.2-10.{net}.250.254")),
    );
    add(
        store,
        "/ip/pool",
        Row::new()
            .with("name", "pool-hotspot")
            .with("ranges", format!("10.{net}.200.2-10.{net}.200.254")),
    );
    add(
        store,
        "/ppp/profile",
        Row::new()
            .with("name", "legacy-10M")
            .with("local-address", format!("10.{net}.0.1"))
            .with("remote-address", "pool-pppoe")
            .with("rate-limit", "5M/10M")
            .with("dns-server", "8.8.8.8,1.1.1.1")
            .with("comment", "set up by hand before Simpul"),
    );
    let customers = [
        ("warung-sari", "legacy-10M", false),
        ("kos-melati-01", "legacy-10M", false),
        ("bengkel-jaya", "default", false),
        ("rumah-pak-rt", "legacy-10M", true),
    ];
    for (name, profile, disabled) in customers {
        add(
            store,
            "/ppp/secret",
            Row::new()
                .with("name", format!("{name}-{}", index + 1))
                .with("password", format!("{name}-pw"))
                .with("service", "pppoe")
                .with("profile", profile)
                .with("disabled", if disabled { "yes" } else { "no" })
                .with("comment", "manual"),
        );
    }
    add(
        store,
        "/queue/simple",
        Row::new()
            .with("name", "static-kantor-desa")
            .with("target", format!("10.{net}.9.10/32"))
            .with("max-limit", "20M/20M"),
    );
    add(
        store,
        "/ip/hotspot/user/profile",
        Row::new()
            .with("name", "voucher-1h")
            .with("rate-limit", "2M/2M")
            .with("address-pool", "pool-hotspot")
            .with("session-timeout", "1h"),
    );
    add(
        store,
        "/ip/hotspot/user",
        Row::new()
            .with("name", format!("voucher-{}001", index + 1))
            .with("password", "4821")
            .with("profile", "voucher-1h")
            .with("limit-uptime", "1h"),
    );
}
