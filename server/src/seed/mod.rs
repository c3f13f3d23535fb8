//! The demo ISP: a deterministic set of staff and customers so every screen has something
//! real to show on first run. Idempotent: accounts that exist are left as they are.

use app::auth::model::Role;
use app::error::server::ServiceResult;
use app::request::Actor;
use app::users::model::UserFields;
use app::users::server::service;
use sqlx::PgPool;

mod billing;
mod field;
mod households;
pub mod messaging;
mod network;
pub mod payments;
mod plant;
mod service_desk;
mod subscribers;

/// Every demo account signs in with this password (printed by `./simpul dev`, in README).
pub const DEMO_PASSWORD: &str = "simpul-demo";

pub struct DemoUser {
    pub username: &'static str,
    pub full_name: &'static str,
    pub roles: &'static [Role],
}

pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        username: "admin",
        full_name: "Rina Wijaya",
        roles: &[Role::Admin],
    },
    DemoUser {
        username: "supervisor",
        full_name: "Bambang Sutrisno",
        roles: &[Role::Supervisor],
    },
    DemoUser {
        username: "agent1",
        full_name: "Dewi Lestari",
        roles: &[Role::Agent],
    },
    DemoUser {
        username: "agent2",
        full_name: "Agus Setiawan",
        roles: &[Role::Agent],
    },
    DemoUser {
        username: "tech1",
        full_name: "Joko Prasetyo",
        roles: &[Role::Technician],
    },
    DemoUser {
        username: "tech2",
        full_name: "Eko Saputra",
        roles: &[Role::Technician],
    },
    DemoUser {
        username: "tech3",
        full_name: "Putu Ardana",
        roles: &[Role::Technician],
    },
    DemoUser {
        username: "finance",
        full_name: "Sri Wahyuni",
        roles: &[Role::Finance],
    },
    DemoUser {
        username: "ahmad",
        full_name: "Ahmad Fauzi",
        roles: &[Role::Customer],
    },
    DemoUser {
        username: "siti",
        full_name: "Siti Nurhaliza",
        roles: &[Role::Customer],
    },
    DemoUser {
        username: "budi",
        full_name: "Budi Hartono",
        roles: &[Role::Customer],
    },
    DemoUser {
        username: "made",
        full_name: "Made Wirawan",
        roles: &[Role::Customer],
    },
    DemoUser {
        username: "yohana",
        full_name: "Yohana Kambu",
        roles: &[Role::Customer],
    },
];

pub fn demo_email(username: &str) -> String {
    format!("{username}@demo.simpul.id")
}

/// Creates the demo accounts that are missing; returns how many were created.
/// `households`: how many customers beyond the five demo ones (`SIMPUL_DEMO_HOUSEHOLDS`;
/// tests take none, the map and the ODPs want a few hundred).
pub async fn seed_demo(
    db: &PgPool,
    secrets: &app::secrets::SecretBox,
    router_port: u16,
    households: usize,
) -> ServiceResult<usize> {
    let actor = Actor::system();
    let mut created = 0;
    for user in DEMO_USERS {
        let exists = sqlx::query_scalar::<_, bool>(
            "SELECT EXISTS (SELECT 1 FROM users WHERE username = $1)",
        )
        .bind(user.username)
        .fetch_one(db)
        .await?;
        if exists {
            continue;
        }
        let fields = UserFields {
            username: user.username.into(),
            email: demo_email(user.username),
            full_name: user.full_name.into(),
            roles: user.roles.to_vec(),
        };
        service::create(db, &actor, fields, DEMO_PASSWORD).await?;
        created += 1;
    }
    service_desk::seed(db, chrono::Utc::now()).await?;
    network::seed(db, secrets, router_port).await?;
    subscribers::seed(db, secrets).await?;
    plant::seed(db).await?;
    households::seed(db, secrets, households).await?;
    billing::seed(db).await?;
    payments::seed(db, secrets, router_port).await?;
    // After the billing history, which is the past: only what happens from now on is sent.
    messaging::seed(db, secrets, router_port).await?;
    field::seed(db, secrets, chrono::Utc::now()).await?;
    Ok(created)
}

/// The table printed after start-up.
pub fn demo_logins_table(base_url: &str) -> String {
    let mut out =
        format!("Demo ISP at {base_url} — every account's password is `{DEMO_PASSWORD}`\n");
    for user in DEMO_USERS {
        let roles: Vec<&str> = user.roles.iter().map(|r| r.code()).collect();
        let area = if user.roles.contains(&Role::Customer) {
            "/portal"
        } else if user.roles.contains(&Role::Technician) {
            "/tech"
        } else {
            "/"
        };
        out.push_str(&format!(
            "  {:<11} {:<28} {:<18} {}\n",
            user.username,
            demo_email(user.username),
            roles.join(","),
            area
        ));
    }
    out
}
