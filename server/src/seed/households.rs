//! The demo's neighbourhoods: a few hundred more households and shops around the three
//! areas, each a customer with a PPPoE line on the area's simulated router, an ONT at the
//! house and a port on one of eight more 16-port ODPs per area, so the map, the ODP port
//! grids, impact analysis and the CMDB graph's ×N groups look like a real ISP's. One ODP
//! (ODP-BKS-03) is nearly full. Deterministic: the same count gives the same people, places
//! and ports. Made through the same services staff use, after the five demo customers and
//! before the billing history (so these lines have months of paid invoices too).

use app::cmdb::model::RelationKind;
use app::customers::model::{CustomerCategory, CustomerDraft};
use app::customers::server::service as customers;
use app::error::server::ServiceResult;
use app::request::Actor;
use app::secrets::SecretBox;
use app::subscriptions::model::SubscriptionDraft;
use app::subscriptions::server::service as lines;
use sqlx::PgPool;

use super::plant::{ci, feed, AREAS};

/// The ODC ports the new ODPs hang off (port 9 stays free for staff trying the CMDB).
const ODC_PORTS: [u32; 9] = [3, 4, 5, 6, 7, 8, 10, 11, 12];
/// How many lines each new ODP of an area takes, in order (99, 98 and 98: the default of
/// 295 households fills them exactly); Bekasi's first is nearly full.
const FILL: [[usize; 9]; 3] = [
    [12, 9, 14, 10, 11, 13, 8, 12, 10],
    [15, 11, 9, 12, 13, 8, 10, 11, 9],
    [10, 13, 11, 9, 12, 14, 8, 11, 10],
];
const ODP_PORTS: &str = "16";

const FIRST: [&str; 24] = [
    "Andi", "Bayu", "Citra", "Dian", "Fajar", "Gita", "Hendra", "Indah", "Kurnia", "Lina", "Mega",
    "Nanda", "Oki", "Putri", "Rudi", "Rani", "Taufik", "Umi", "Vina", "Wulan", "Yudi", "Zainal",
    "Fitri", "Galih",
];
const LAST: [&str; 14] = [
    "Pratama", "Wibowo", "Hidayat", "Kusuma", "Nugroho", "Permana", "Halim", "Gunawan", "Siregar",
    "Nasution", "Lubis", "Harahap", "Pohan", "Tanjung",
];
const STREETS: [&str; 8] = [
    "Jl. Anggrek",
    "Jl. Kenanga",
    "Jl. Flamboyan",
    "Gg. Mawar",
    "Jl. Cendana",
    "Jl. Dahlia",
    "Jl. Teratai",
    "Gg. Kemuning",
];

/// A small deterministic generator (the seed must not differ between runs).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        // Numerical Recipes' LCG; plenty for scattering houses.
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A value in [-1, 1).
    fn spread(&mut self) -> f64 {
        (self.next() % 2000) as f64 / 1000.0 - 1.0
    }
}

/// Adds `count` households, spread evenly over the areas (nothing when the first is there).
pub async fn seed(db: &PgPool, secrets: &SecretBox, count: usize) -> ServiceResult<()> {
    if count == 0 {
        return Ok(());
    }
    let seeded: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM cis WHERE code = 'ODP-JKT-03')")
            .fetch_one(db)
            .await?;
    if seeded {
        return Ok(());
    }
    let plans: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM plans WHERE profile_name IN ('simpul-10m', 'simpul-20m', 'simpul-50m')
         ORDER BY profile_name",
    )
    .fetch_all(db)
    .await?;
    if plans.len() < 3 {
        return Ok(());
    }
    let actor = Actor::system();
    let mut dice = Dice(0x5EED_0001);
    let mut n = 0usize;
    for (a, area) in AREAS.iter().enumerate() {
        let share = count / AREAS.len() + usize::from(a < count % AREAS.len());
        let found: Option<(i64, i64)> = sqlx::query_as(
            "SELECT n.id, odc.id FROM nas n, cis odc
             WHERE n.name = $1 AND odc.code = 'ODC-' || $2 || '-01'",
        )
        .bind(area.nas)
        .bind(area.code)
        .fetch_optional(db)
        .await?;
        let Some((nas_id, odc)) = found else {
            continue;
        };
        let mut left = share;
        for (k, (&odc_port, &fill)) in ODC_PORTS.iter().zip(&FILL[a]).enumerate() {
            if left == 0 {
                break;
            }
            // ODPs on a grid south of the OLT, about 450 m apart.
            let at = (
                area.at.0 - 0.004 * (1 + k / 3) as f64,
                area.at.1 + 0.004 * (k % 3) as f64 - 0.004,
            );
            let number = k + 3;
            let odp = ci(
                db,
                &actor,
                (
                    "odp",
                    format!("ODP-{}-{number:02}", area.code),
                    format!("ODP {} {number:02}", area.place),
                ),
                at,
                &[
                    ("capacity", ODP_PORTS),
                    ("splitter_ratio", "1:16"),
                    ("pole", &format!("TN-{}-{number:03}", area.code)),
                ],
            )
            .await?;
            feed(db, &actor, RelationKind::Feeds, (odc, odp), Some(odc_port)).await?;
            for port in 1..=fill.min(left) {
                n += 1;
                left -= 1;
                let house = (at.0 + 0.0011 * dice.spread(), at.1 + 0.0011 * dice.spread());
                household(
                    db,
                    secrets,
                    &actor,
                    nas_id,
                    &plans,
                    (n, &mut dice),
                    house,
                    (odp, port as u32),
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// One customer with a working line, an ONT at the house and a port on `odp`.
#[allow(clippy::too_many_arguments)]
async fn household(
    db: &PgPool,
    secrets: &SecretBox,
    actor: &Actor,
    nas_id: i64,
    plans: &[i64],
    (n, dice): (usize, &mut Dice),
    (lat, lng): (f64, f64),
    (odp, port): (i64, u32),
) -> ServiceResult<()> {
    let first = FIRST[n % FIRST.len()];
    let last = LAST[(n / FIRST.len() + n) % LAST.len()];
    // Every tenth is a shop; shops take the business plan.
    let shop = n % 10 == 0;
    let full_name = if shop {
        format!("Toko {first} {last}")
    } else {
        format!("{first} {last}")
    };
    let address = format!(
        "{} No. {}, RT {:03}/RW {:03}",
        STREETS[(dice.next() % STREETS.len() as u64) as usize],
        1 + dice.next() % 120,
        1 + n % 12,
        1 + n % 7
    );
    let customer = customers::create(
        db,
        actor,
        CustomerDraft {
            full_name,
            phone: format!("0812-77{:02}-{:04}", n / 10_000, n % 10_000),
            address: address.clone(),
            latitude: format!("{lat:.6}"),
            longitude: format!("{lng:.6}"),
            category: if shop {
                CustomerCategory::Business
            } else {
                CustomerCategory::Residential
            },
            ..CustomerDraft::default()
        },
    )
    .await?;
    let username = format!("{}.{}{n}", first.to_lowercase(), last.to_lowercase());
    let plan = if shop { plans[2] } else { plans[n % 2] };
    let line = lines::create(
        db,
        secrets,
        actor,
        SubscriptionDraft {
            customer_id: customer,
            plan_id: plan,
            nas_id,
            username: username.clone(),
            install_address: address,
            activate_now: true,
            ..SubscriptionDraft::default()
        },
    )
    .await?;
    let premise: i64 = sqlx::query_scalar("SELECT id FROM cis WHERE subscription_id = $1")
        .bind(line)
        .fetch_one(db)
        .await?;
    let serial = format!("ZTEG{:08X}", 0xD0C0_0000u32 + n as u32);
    let ont = ci(
        db,
        actor,
        (
            "ont",
            format!("ONT-{}", username.to_uppercase()),
            format!("ONT {username}"),
        ),
        (lat, lng),
        &[
            ("vendor", "ZTE"),
            ("model", "F609"),
            ("serial_number", &serial),
        ],
    )
    .await?;
    feed(db, actor, RelationKind::Feeds, (odp, ont), Some(port)).await?;
    feed(db, actor, RelationKind::Feeds, (ont, premise), None).await?;
    Ok(())
}
