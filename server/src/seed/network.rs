//! The demo's three routers, served by `routeros-sim` (started by `./simpul dev` and the
//! end-to-end run) on `SIMPUL_DEMO_ROUTER_PORT` and the ports after it:
//!
//! | NAS | API | port |
//! |---|---|---|
//! | NAS Jakarta Pusat (RouterOS 7) | binary | base |
//! | NAS Bekasi (RouterOS 7.18, REST) | REST over HTTP | base + 11 |
//! | NAS Depok (RouterOS 6.42, pre-6.43 login) | binary | base + 20 |

use app::error::server::ServiceResult;
use app::nas::model::{ApiKind, NasDraft};
use app::nas::server::{hub::RouterHub, save};
use app::request::Actor;
use app::secrets::SecretBox;
use sqlx::PgPool;

/// The API user and password of every demo router (see `scripts/lib.sh`, `start_demo_routers`).
pub const DEMO_ROUTER_USER: &str = "simpul";
pub const DEMO_ROUTER_PASSWORD: &str = "demo-router-pass";

struct DemoNas {
    name: &'static str,
    site: &'static str,
    kind: ApiKind,
    port_offset: u16,
    tags: &'static str,
    notes: &'static str,
}

const DEMO_NAS: [DemoNas; 3] = [
    DemoNas {
        name: "NAS Jakarta Pusat",
        site: "POP Jakarta Pusat, rak 2",
        kind: ApiKind::Binary,
        port_offset: 0,
        tags: "core, jakarta, ros7",
        notes: "CCR2004, uplink 1 Gbps.",
    },
    DemoNas {
        name: "NAS Bekasi",
        site: "POP Bekasi Timur",
        kind: ApiKind::RestHttp,
        port_offset: 11,
        tags: "bekasi, ros7, rest",
        notes: "RouterOS 7.18 (REST API).",
    },
    DemoNas {
        name: "NAS Depok (lama)",
        site: "POP Depok",
        kind: ApiKind::Binary,
        port_offset: 20,
        tags: "depok, ros6",
        notes: "RouterOS 6.42: login lama (MD5 challenge). Rencana upgrade.",
    },
];

/// Adds the demo routers that are not there yet (by name).
pub async fn seed(db: &PgPool, secrets: &SecretBox, base_port: u16) -> ServiceResult<()> {
    let hub = RouterHub::default();
    for demo in &DEMO_NAS {
        let exists =
            sqlx::query_scalar::<_, bool>("SELECT EXISTS (SELECT 1 FROM nas WHERE name = $1)")
                .bind(demo.name)
                .fetch_one(db)
                .await?;
        if exists {
            continue;
        }
        let draft = NasDraft {
            id: 0,
            name: demo.name.into(),
            site: demo.site.into(),
            host: "127.0.0.1".into(),
            api_kind: demo.kind,
            port: i32::from(base_port.saturating_add(demo.port_offset)),
            tls_verify: false,
            username: DEMO_ROUTER_USER.into(),
            password: DEMO_ROUTER_PASSWORD.into(),
            radius_secret: String::new(),
            tags: demo.tags.into(),
            notes: demo.notes.into(),
            active: true,
        };
        save::save(db, secrets, &hub, &Actor::system(), draft).await?;
    }
    Ok(())
}
