//! The demo's field service: the three technicians with their skills, zones and home bases,
//! and today's work: new lines waiting for their installation (two scheduled, one for the
//! dispatcher to plan) and a repair for an incident on a Bekasi line. Seeded once.

use app::cmdb::server::ports;
use app::customers::model::{CustomerCategory, CustomerDraft};
use app::customers::server::service as customers;
use app::error::server::ServiceResult;
use app::field::model::{NewWorkOrder, ScheduleDraft, Window, WorkOrderKind};
use app::field::server::{create, proof, schedule};
use app::format::TimeZone;
use app::request::Actor;
use app::secrets::SecretBox;
use app::subscriptions::model::{SubscriptionDraft, SubscriptionId};
use app::subscriptions::server::service as lines;
use app::tickets::model::{Level, NewTicket, TicketKind};
use app::tickets::server::create as tickets;
use chrono::{DateTime, NaiveTime, Utc};
use sqlx::PgPool;

struct DemoTechnician {
    username: &'static str,
    skills: &'static [&'static str],
    zone: &'static str,
    home: (f64, f64),
}

const TECHNICIANS: [DemoTechnician; 3] = [
    DemoTechnician {
        username: "tech1",
        skills: &["installation", "fiber_splicing"],
        zone: "Bekasi",
        home: (-6.2383, 106.9756),
    },
    DemoTechnician {
        username: "tech2",
        skills: &["installation", "wireless"],
        zone: "Jakarta",
        home: (-6.1754, 106.8272),
    },
    DemoTechnician {
        username: "tech3",
        skills: &["installation", "fiber_splicing"],
        zone: "Depok",
        home: (-6.4025, 106.7942),
    },
];

struct NewHouse {
    name: &'static str,
    phone: &'static str,
    address: &'static str,
    at: (f64, f64),
    nas: &'static str,
    username: &'static str,
    /// The technician and the local hours of today's visit; none leaves it for dispatch.
    visit: Option<(&'static str, (u32, u32))>,
}

const NEW_HOUSES: [NewHouse; 3] = [
    NewHouse {
        name: "Rahmat Hidayat",
        phone: "0812-7000-0101",
        address: "Perum Galaxy Blok A3/12, Bekasi Selatan",
        at: (-6.2601, 106.9903),
        nas: "NAS Bekasi",
        username: "rahmat",
        visit: Some(("tech1", (9, 11))),
    },
    NewHouse {
        name: "Teguh Santoso",
        phone: "0812-7000-0103",
        address: "Jl. Ir. H. Juanda No. 8, Depok",
        at: (-6.3800, 106.8400),
        nas: "NAS Depok (lama)",
        username: "teguh",
        visit: Some(("tech3", (13, 15))),
    },
    NewHouse {
        name: "Lina Marlina",
        phone: "0812-7000-0102",
        address: "Jl. Salemba Raya No. 22, Jakarta Pusat",
        at: (-6.1950, 106.8510),
        nas: "NAS Jakarta Pusat",
        username: "lina",
        visit: None,
    },
];

async fn user_id(db: &PgPool, username: &str) -> ServiceResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(db)
            .await?,
    )
}

/// Today's `hours` in Jakarta.
fn today_between(now: DateTime<Utc>, (from, until): (u32, u32)) -> Window {
    let offset = TimeZone::AsiaJakarta.offset();
    let day = now.with_timezone(&offset).date_naive();
    let at = |hour: u32| {
        day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("a valid hour"))
            .and_local_timezone(offset)
            .single()
            .expect("a fixed offset")
            .to_utc()
    };
    Window {
        start: at(from),
        end: at(until),
    }
}

pub async fn seed(db: &PgPool, secrets: &SecretBox, now: DateTime<Utc>) -> ServiceResult<()> {
    let seeded: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM technicians)")
        .fetch_one(db)
        .await?;
    if seeded {
        return Ok(());
    }
    let actor = Actor::system();
    for tech in &TECHNICIANS {
        let Some(id) = user_id(db, tech.username).await? else {
            continue;
        };
        sqlx::query(
            "INSERT INTO technicians (user_id, skills, zone, home_lat, home_lng)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(tech.skills)
        .bind(tech.zone)
        .bind(tech.home.0)
        .bind(tech.home.1)
        .execute(db)
        .await?;
    }
    let plan: Option<i64> =
        sqlx::query_scalar("SELECT id FROM plans WHERE profile_name = 'simpul-20m'")
            .fetch_optional(db)
            .await?;
    let Some(plan) = plan else {
        return Ok(());
    };
    for house in &NEW_HOUSES {
        let nas: Option<i64> = sqlx::query_scalar("SELECT id FROM nas WHERE name = $1")
            .bind(house.nas)
            .fetch_optional(db)
            .await?;
        let Some(nas) = nas else { continue };
        let customer = customers::create(
            db,
            &actor,
            CustomerDraft {
                full_name: house.name.into(),
                phone: house.phone.into(),
                address: house.address.into(),
                latitude: house.at.0.to_string(),
                longitude: house.at.1.to_string(),
                category: CustomerCategory::Residential,
                ..CustomerDraft::default()
            },
        )
        .await?;
        let line = lines::create(
            db,
            secrets,
            &actor,
            SubscriptionDraft {
                customer_id: customer,
                plan_id: plan,
                nas_id: nas,
                username: house.username.into(),
                install_address: house.address.into(),
                activate_now: false,
                ..SubscriptionDraft::default()
            },
        )
        .await?;
        let order = create::create(
            db,
            &actor,
            NewWorkOrder {
                kind: Some(WorkOrderKind::Installation),
                subscription_id: Some(line),
                instructions: "Pelanggan baru, paket 20 Mbps. Hubungi sebelum datang.".into(),
                ..NewWorkOrder::default()
            },
            now,
        )
        .await?;
        // The nearest ODP with a free port, planned by the desk.
        let mut conn = db.acquire().await?;
        let nearby = ports::nearest_free(&mut conn, house.at, 3_000.0, 1).await?;
        if let Some(odp) = nearby.first() {
            let grid = ports::grid(&mut conn, odp.ci.id.0).await?;
            let free = grid.and_then(|g| g.ports.into_iter().find(|p| p.is_free()));
            if let Some(port) = free {
                proof::set_port(db, &actor, order, (odp.ci.id.0, port.number), false, now).await?;
            }
        }
        if let Some((tech, hours)) = house.visit {
            if let Some(tech) = user_id(db, tech).await? {
                let plan = ScheduleDraft {
                    technician_id: Some(tech),
                    window: Some(today_between(now, hours)),
                };
                schedule::schedule(db, &actor, order, &plan, now).await?;
            }
        }
    }
    repair(db, &actor, now).await
}

/// Yohana's line drops whenever it rains: an incident with a repair visit this afternoon.
async fn repair(db: &PgPool, actor: &Actor, now: DateTime<Utc>) -> ServiceResult<()> {
    let line: Option<i64> = sqlx::query_scalar(
        "SELECT s.id FROM subscriptions s JOIN customers c ON c.id = s.customer_id
         JOIN users u ON u.id = c.user_id WHERE u.username = 'yohana' LIMIT 1",
    )
    .fetch_optional(db)
    .await?;
    let (Some(line), Some(tech)) = (line, user_id(db, "tech1").await?) else {
        return Ok(());
    };
    let incident = tickets::create(
        db,
        actor,
        NewTicket {
            kind: Some(TicketKind::Incident),
            title: "Internet putus-sambung setiap hujan".into(),
            description: "Pelanggan melapor koneksi putus setiap hujan sejak minggu lalu. \
                          Lampu LOS di ONT sempat merah."
                .into(),
            impact: Some(Level::LOW),
            urgency: Some(Level::MEDIUM),
            caller_name: "Yohana Kambu".into(),
            subscription_id: Some(SubscriptionId(line)),
            ..NewTicket::default()
        },
        now,
    )
    .await?
    .0;
    let order = create::create(
        db,
        actor,
        NewWorkOrder {
            kind: Some(WorkOrderKind::Repair),
            ticket_id: Some(incident),
            instructions: "Periksa konektor drop di ODP dan di rumah; kemungkinan air masuk."
                .into(),
            ..NewWorkOrder::default()
        },
        now,
    )
    .await?;
    let plan = ScheduleDraft {
        technician_id: Some(tech),
        window: Some(today_between(now, (13, 15))),
    };
    schedule::schedule(db, actor, order, &plan, now).await
}
