//! The demo's plans, the five demo customers with a PPPoE line each on the simulated
//! routers, and the routers' isolir settings (the billing seed isolates the line whose
//! invoice is unpaid). The
//! provisioning worker writes them to the routers after start-up, so the NAS pages and the
//! portal show live sessions.

use app::customers::model::{CustomerCategory, CustomerDraft};
use app::customers::server::service as customers;
use app::error::server::ServiceResult;
use app::plans::model::{ConnectionType, PlanDraft, PlanSave};
use app::plans::server::service as plans;
use app::request::Actor;
use app::secrets::SecretBox;
use app::subscriptions::model::SubscriptionDraft;
use app::subscriptions::server::service as lines;
use sqlx::PgPool;

struct DemoPlan {
    name: &'static str,
    profile: &'static str,
    down: &'static str,
    up: &'static str,
    price: &'static str,
    burst: Option<(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )>,
}

const PLANS: [DemoPlan; 3] = [
    DemoPlan {
        name: "Rumah 10 Mbps",
        profile: "simpul-10m",
        down: "10M",
        up: "5M",
        price: "166.500",
        burst: None,
    },
    DemoPlan {
        name: "Rumah 20 Mbps",
        profile: "simpul-20m",
        down: "20M",
        up: "10M",
        price: "222.000",
        burst: None,
    },
    DemoPlan {
        name: "Bisnis 50 Mbps",
        profile: "simpul-50m",
        down: "50M",
        up: "25M",
        price: "555.000",
        burst: Some(("75M", "35M", "40M", "20M", "16")),
    },
];

struct DemoCustomer {
    username: &'static str,
    phone: &'static str,
    address: &'static str,
    coordinates: (&'static str, &'static str),
    nik: &'static str,
    category: CustomerCategory,
    plan: usize,
    nas: &'static str,
}

const CUSTOMERS: [DemoCustomer; 5] = [
    DemoCustomer {
        username: "ahmad",
        phone: "0812-1000-0001",
        address: "Jl. Kramat Raya No. 12, Senen, Jakarta Pusat",
        coordinates: ("-6.1862", "106.8441"),
        nik: "3171011208850001",
        category: CustomerCategory::Residential,
        plan: 1,
        nas: "NAS Jakarta Pusat",
    },
    DemoCustomer {
        username: "siti",
        phone: "0813-2000-0002",
        address: "Perum Harapan Indah Blok C2/7, Bekasi",
        coordinates: ("-6.1847", "106.9822"),
        nik: "3275015503900002",
        category: CustomerCategory::Residential,
        plan: 0,
        nas: "NAS Bekasi",
    },
    DemoCustomer {
        username: "budi",
        phone: "0857-3000-0003",
        address: "Jl. Margonda Raya No. 300, Depok",
        coordinates: ("-6.3683", "106.8329"),
        nik: "3276010101800003",
        category: CustomerCategory::Residential,
        plan: 1,
        nas: "NAS Depok (lama)",
    },
    DemoCustomer {
        username: "made",
        phone: "0361-234-567",
        address: "Warung Made, Jl. Cempaka Putih 5, Jakarta Pusat",
        coordinates: ("-6.1781", "106.8683"),
        nik: "5171012006880004",
        category: CustomerCategory::Business,
        plan: 2,
        nas: "NAS Jakarta Pusat",
    },
    DemoCustomer {
        username: "yohana",
        phone: "0811-4800-0005",
        address: "Jl. Kalimalang No. 45, Bekasi",
        coordinates: ("-6.2486", "106.9745"),
        nik: "9171016709920005",
        category: CustomerCategory::Residential,
        plan: 0,
        nas: "NAS Bekasi",
    },
];

async fn nas_id(db: &PgPool, name: &str) -> ServiceResult<Option<i64>> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM nas WHERE name = $1")
            .bind(name)
            .fetch_optional(db)
            .await?,
    )
}

async fn plan_id(db: &PgPool, profile: &str) -> ServiceResult<Option<i64>> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT id FROM plans WHERE profile_name = $1")
            .bind(profile)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn seed(db: &PgPool, secrets: &SecretBox) -> ServiceResult<()> {
    let actor = Actor::system();
    let mut routers = Vec::new();
    for name in ["NAS Jakarta Pusat", "NAS Bekasi", "NAS Depok (lama)"] {
        if let Some(id) = nas_id(db, name).await? {
            routers.push(id);
        }
    }
    // The simulated routers come with an isolation pool.
    sqlx::query(
        "UPDATE nas SET isolir_pool = 'pool-isolir' WHERE id = ANY($1) AND isolir_pool = ''",
    )
    .bind(&routers)
    .execute(db)
    .await?;
    // Faults reported in the portal land in the desk's fault categories.
    for (symptom, category) in [
        ("no_internet", "Internet mati"),
        ("slow", "Internet lambat"),
        ("intermittent", "Putus-sambung"),
        ("other", "Gangguan"),
    ] {
        sqlx::query(
            "UPDATE ticket_categories SET portal_symptom = $1
             WHERE name = $2 AND portal_symptom IS NULL
               AND NOT EXISTS (SELECT 1 FROM ticket_categories WHERE portal_symptom = $1)",
        )
        .bind(symptom)
        .bind(category)
        .execute(db)
        .await?;
    }
    for plan in &PLANS {
        if plan_id(db, plan.profile).await?.is_some() {
            continue;
        }
        let (burst_enabled, b) = match plan.burst {
            Some(b) => (true, b),
            None => (false, ("", "", "", "", "")),
        };
        let draft = PlanDraft {
            name: plan.name.into(),
            description: format!(
                "Internet rumah/bisnis {} unduh, {} unggah.",
                plan.down, plan.up
            ),
            connection_type: ConnectionType::Pppoe,
            profile_name: plan.profile.into(),
            download: plan.down.into(),
            upload: plan.up.into(),
            burst_enabled,
            burst_download: b.0.into(),
            burst_upload: b.1.into(),
            burst_threshold_download: b.2.into(),
            burst_threshold_upload: b.3.into(),
            burst_time_secs: b.4.into(),
            price_rupiah: plan.price.into(),
            address_pool: "pool-pppoe".into(),
            nas_ids: routers.clone(),
            active: true,
            ..PlanDraft::default()
        };
        plans::save(
            db,
            &actor,
            PlanSave {
                draft,
                kick_sessions: false,
            },
        )
        .await?;
    }
    for demo in &CUSTOMERS {
        let user: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT u.id, u.full_name, u.email FROM users u
             WHERE u.username = $1 AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.user_id = u.id)",
        )
        .bind(demo.username)
        .fetch_optional(db)
        .await?;
        let (Some((user_id, full_name, email)), Some(nas), Some(plan)) = (
            user,
            nas_id(db, demo.nas).await?,
            plan_id(db, PLANS[demo.plan].profile).await?,
        ) else {
            continue;
        };
        let draft = CustomerDraft {
            full_name,
            phone: demo.phone.into(),
            email,
            address: demo.address.into(),
            latitude: demo.coordinates.0.into(),
            longitude: demo.coordinates.1.into(),
            nik: demo.nik.into(),
            category: demo.category,
            ..CustomerDraft::default()
        };
        let customer = customers::create(db, &actor, draft).await?;
        sqlx::query("UPDATE customers SET user_id = $2 WHERE id = $1")
            .bind(customer)
            .bind(user_id)
            .execute(db)
            .await?;
        lines::create(
            db,
            secrets,
            &actor,
            SubscriptionDraft {
                customer_id: customer,
                plan_id: plan,
                nas_id: nas,
                username: demo.username.into(),
                install_address: demo.address.into(),
                activate_now: true,
                ..SubscriptionDraft::default()
            },
        )
        .await?;
    }
    Ok(())
}
