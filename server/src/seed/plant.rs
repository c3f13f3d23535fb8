//! The demo's network plant behind the three simulated routers: an uplink each (Jakarta's
//! with a backup), an OLT with its sixteen PON ports, an ODC on the first and two ODPs per area, and an ONT at each
//! demo customer's house on an ODP port, so that the CMDB, impact analysis and the path up
//! show a real network. Seeded once, through the same services staff use (audited as the
//! system).

use app::cmdb::model::attributes::AttributeValue;
use app::cmdb::model::{CiDraft, Lifecycle, RelationDraft, RelationKind};
use app::cmdb::server::{relations, save};
use app::error::server::ServiceResult;
use app::request::Actor;
use sqlx::PgPool;

pub(super) struct Area {
    pub nas: &'static str,
    pub code: &'static str,
    pub place: &'static str,
    /// Where the OLT stands; the ODC and ODPs sit a little towards the customers.
    pub at: (f64, f64),
    backup_uplink: bool,
}

pub(super) const AREAS: [Area; 3] = [
    Area {
        nas: "NAS Jakarta Pusat",
        code: "JKT",
        place: "Jakarta Pusat",
        at: (-6.1826, 106.8535),
        backup_uplink: true,
    },
    Area {
        nas: "NAS Bekasi",
        code: "BKS",
        place: "Bekasi",
        at: (-6.2212, 106.9804),
        backup_uplink: false,
    },
    Area {
        nas: "NAS Depok (lama)",
        code: "DPK",
        place: "Depok",
        at: (-6.3710, 106.8310),
        backup_uplink: false,
    },
];

pub(super) async fn ci(
    db: &PgPool,
    actor: &Actor,
    (class, code, name): (&str, String, String),
    at: (f64, f64),
    pairs: &[(&str, &str)],
) -> ServiceResult<i64> {
    let draft = CiDraft {
        class: class.into(),
        code,
        name,
        lifecycle: Lifecycle::Active,
        latitude: at.0.to_string(),
        longitude: at.1.to_string(),
        attributes: AttributeValue::list(pairs),
        ..CiDraft::default()
    };
    save::save(db, actor, draft).await
}

pub(super) async fn feed(
    db: &PgPool,
    actor: &Actor,
    kind: RelationKind,
    (from_ci, to_ci): (i64, i64),
    from_port: Option<u32>,
) -> ServiceResult<()> {
    let draft = RelationDraft {
        kind,
        from_ci,
        to_ci,
        from_port: from_port.map(|p| p.to_string()).unwrap_or_default(),
        ..RelationDraft::default()
    };
    relations::add(db, actor, draft).await.map(|_| ())
}

pub async fn seed(db: &PgPool) -> ServiceResult<()> {
    let seeded: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM cis WHERE code = 'OLT-JKT-01')")
            .fetch_one(db)
            .await?;
    if seeded {
        return Ok(());
    }
    let actor = Actor::system();
    let near = |(lat, lng): (f64, f64), d_lat: f64, d_lng: f64| (lat + d_lat, lng + d_lng);
    for area in &AREAS {
        let Some(router) = sqlx::query_scalar::<_, i64>(
            "SELECT c.id FROM cis c JOIN nas n ON n.id = c.nas_id WHERE n.name = $1",
        )
        .bind(area.nas)
        .fetch_optional(db)
        .await?
        else {
            continue;
        };
        let (code, place) = (area.code, area.place);
        let uplink = ci(
            db,
            &actor,
            (
                "link",
                format!("UPLINK-{code}-A"),
                format!("Uplink {place} (fiber)"),
            ),
            area.at,
            &[
                ("provider", "Backbone Nusantara"),
                ("capacity_mbps", "10000"),
            ],
        )
        .await?;
        feed(db, &actor, RelationKind::Feeds, (uplink, router), None).await?;
        if area.backup_uplink {
            let backup = ci(
                db,
                &actor,
                (
                    "link",
                    format!("UPLINK-{code}-B"),
                    format!("Uplink {place} (radio, cadangan)"),
                ),
                area.at,
                &[("provider", "Radio Link Jaya"), ("capacity_mbps", "1000")],
            )
            .await?;
            feed(db, &actor, RelationKind::BackupOf, (backup, uplink), None).await?;
        }
        let olt = ci(
            db,
            &actor,
            ("olt", format!("OLT-{code}-01"), format!("OLT {place}")),
            area.at,
            &[("vendor", "ZTE"), ("model", "C320"), ("pon_ports", "16")],
        )
        .await?;
        feed(db, &actor, RelationKind::Feeds, (router, olt), None).await?;
        let pon = ci(
            db,
            &actor,
            (
                "pon_port",
                format!("OLT-{code}-01/PON-1"),
                format!("PON 1 OLT {place}"),
            ),
            area.at,
            &[("port_number", "1")],
        )
        .await?;
        feed(db, &actor, RelationKind::Feeds, (olt, pon), Some(1)).await?;
        // The OLT's other PON ports, in the rack and waiting for the area to grow; the CMDB
        // graph shows them as one "×16" box until expanded.
        for port in 2..=16u32 {
            let spare = ci(
                db,
                &actor,
                (
                    "pon_port",
                    format!("OLT-{code}-01/PON-{port}"),
                    format!("PON {port} OLT {place}"),
                ),
                area.at,
                &[("port_number", &port.to_string())],
            )
            .await?;
            feed(db, &actor, RelationKind::Feeds, (olt, spare), Some(port)).await?;
        }
        let odc = ci(
            db,
            &actor,
            ("odc", format!("ODC-{code}-01"), format!("ODC {place} 01")),
            near(area.at, 0.002, 0.002),
            &[
                ("cabinet", "FDT 48"),
                ("capacity", "48"),
                ("splitter_ratio", "1:4"),
            ],
        )
        .await?;
        feed(db, &actor, RelationKind::Feeds, (pon, odc), None).await?;
        let mut odps = Vec::new();
        for (n, capacity) in [(1u32, "8"), (2, "16")] {
            let odp = ci(
                db,
                &actor,
                (
                    "odp",
                    format!("ODP-{code}-0{n}"),
                    format!("ODP {place} 0{n}"),
                ),
                near(area.at, 0.003 * f64::from(n), -0.002),
                &[
                    ("capacity", capacity),
                    (
                        "splitter_ratio",
                        if capacity == "8" { "1:8" } else { "1:16" },
                    ),
                    ("pole", &format!("TN-{code}-{n:03}")),
                ],
            )
            .await?;
            feed(db, &actor, RelationKind::Feeds, (odc, odp), Some(n)).await?;
            odps.push(odp);
        }
        // The demo customers' houses: an ONT each on the first ODP's ports, in order.
        let premises: Vec<(i64, String, Option<f64>, Option<f64>)> = sqlx::query_as(
            "SELECT p.id, s.username, p.latitude, p.longitude
             FROM cis p JOIN subscriptions s ON s.id = p.subscription_id
             JOIN nas n ON n.id = s.nas_id WHERE n.name = $1 ORDER BY s.id",
        )
        .bind(area.nas)
        .fetch_all(db)
        .await?;
        for (port, (premise, username, lat, lng)) in (1u32..).zip(premises) {
            let serial = format!("ZTEG{:08X}", 0xC0DE_0000u32 + premise as u32);
            let ont = ci(
                db,
                &actor,
                (
                    "ont",
                    format!("ONT-{}", username.to_uppercase()),
                    format!("ONT {username}"),
                ),
                lat.zip(lng).unwrap_or(area.at),
                &[
                    ("vendor", "ZTE"),
                    ("model", "F609"),
                    ("serial_number", &serial),
                ],
            )
            .await?;
            feed(db, &actor, RelationKind::Feeds, (odps[0], ont), Some(port)).await?;
            feed(db, &actor, RelationKind::Feeds, (ont, premise), None).await?;
        }
    }
    Ok(())
}
