//! The demo service desk: support groups, a category tree routed to them, and a handful of
//! tickets in different states so the board, list and SLA badges have something to show.
//! Seeded once: skipped when any support group exists.

use app::auth::model::UserId;
use app::error::server::ServiceResult;
use app::request::Actor;
use app::sla::server::job;
use app::tickets::model::{Level, NewTicket, Status, TicketKind, Visibility};
use app::tickets::server::{comments, create, workflow, TicketScope};
use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

struct Group {
    name: &'static str,
    description: &'static str,
    supervisor: &'static str,
    members: &'static [&'static str],
}

const GROUPS: &[Group] = &[
    Group {
        name: "Service Desk",
        description: "Penerimaan laporan, triase, permintaan layanan",
        supervisor: "supervisor",
        members: &["agent1", "agent2"],
    },
    Group {
        name: "Network Ops",
        description: "NOC: backbone, OLT, NAS, kualitas jaringan",
        supervisor: "supervisor",
        members: &["agent2", "tech3"],
    },
    Group {
        name: "Field Technicians",
        description: "Kunjungan lapangan: instalasi, perbaikan, bongkar",
        supervisor: "supervisor",
        members: &["tech1", "tech2", "tech3"],
    },
];

/// (name, parent, group, impact, urgency)
const CATEGORIES: &[(&str, Option<&str>, &str, i16, i16)] = &[
    ("Gangguan", None, "Service Desk", 3, 2),
    ("Internet mati", Some("Gangguan"), "Field Technicians", 3, 1),
    ("Internet lambat", Some("Gangguan"), "Network Ops", 3, 2),
    ("Putus-sambung", Some("Gangguan"), "Network Ops", 3, 2),
    ("Gangguan massal", Some("Gangguan"), "Network Ops", 1, 1),
    ("Permintaan", None, "Service Desk", 3, 3),
    ("Upgrade paket", Some("Permintaan"), "Service Desk", 3, 3),
    (
        "Pindah alamat",
        Some("Permintaan"),
        "Field Technicians",
        3,
        3,
    ),
    ("IP statis", Some("Permintaan"), "Network Ops", 3, 3),
    ("Tagihan", None, "Service Desk", 3, 2),
];

async fn user_id(db: &PgPool, username: &str) -> ServiceResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_one(db)
            .await?,
    )
}

async fn category_id(db: &PgPool, name: &str) -> ServiceResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT id FROM ticket_categories WHERE name = $1")
            .bind(name)
            .fetch_one(db)
            .await?,
    )
}

async fn actor(db: &PgPool, username: &str) -> ServiceResult<Actor> {
    let row: (i64, Vec<String>) = sqlx::query_as("SELECT id, roles FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(db)
        .await?;
    Ok(Actor {
        user_id: Some(UserId(row.0)),
        label: Some(username.to_owned()),
        roles: row
            .1
            .iter()
            .filter_map(|c| app::auth::model::Role::from_code(c))
            .collect(),
        ip: None,
    })
}

pub async fn seed(db: &PgPool, now: DateTime<Utc>) -> ServiceResult<()> {
    let seeded: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM support_groups)")
        .fetch_one(db)
        .await?;
    if seeded {
        return Ok(());
    }
    for g in GROUPS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO support_groups (name, description, supervisor_id) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(g.name)
        .bind(g.description)
        .bind(user_id(db, g.supervisor).await?)
        .fetch_one(db)
        .await?;
        for m in g.members {
            sqlx::query("INSERT INTO support_group_members (group_id, user_id) VALUES ($1, $2)")
                .bind(id)
                .bind(user_id(db, m).await?)
                .execute(db)
                .await?;
        }
    }
    for (name, parent, group, impact, urgency) in CATEGORIES {
        let parent_id = match parent {
            Some(p) => Some(category_id(db, p).await?),
            None => None,
        };
        sqlx::query(
            "INSERT INTO ticket_categories (name, parent_id, group_id, default_impact, default_urgency)
             VALUES ($1, $2, (SELECT id FROM support_groups WHERE name = $3), $4, $5)",
        )
        .bind(name)
        .bind(parent_id)
        .bind(group)
        .bind(impact)
        .bind(urgency)
        .execute(db)
        .await?;
    }
    seed_catalog(db).await?;
    seed_tickets(db, now).await
}

async fn seed_catalog(db: &PgPool) -> ServiceResult<()> {
    use app::catalog::model::{ApproverRole, CatalogItem, FieldKind, FormField};
    use app::catalog::server::items;
    let field =
        |key: &str, label: &str, kind: FieldKind, required: bool, help: &str, options: &[&str]| {
            FormField {
                key: key.into(),
                label: label.into(),
                kind,
                required,
                help: help.into(),
                options: options.iter().map(|o| o.to_string()).collect(),
            }
        };
    let demo = [
        CatalogItem {
            name: "Upgrade paket".into(),
            description: "Naik ke paket yang lebih cepat mulai periode tagihan berikutnya.".into(),
            category_id: Some(category_id(db, "Upgrade paket").await?),
            fields: vec![
                field(
                    "paket_baru",
                    "Paket baru",
                    FieldKind::Select,
                    true,
                    "",
                    &["Rumah 20 Mbps", "Rumah 50 Mbps", "Bisnis 100 Mbps"],
                ),
                field(
                    "mulai",
                    "Mulai berlaku",
                    FieldKind::Date,
                    true,
                    "Biasanya awal bulan berikutnya.",
                    &[],
                ),
                field("catatan", "Catatan", FieldKind::Text, false, "", &[]),
            ],
            approvals: vec![ApproverRole::Finance],
            ..Default::default()
        },
        CatalogItem {
            name: "Pindah alamat".into(),
            description: "Memindahkan instalasi ke alamat baru di area layanan.".into(),
            category_id: Some(category_id(db, "Pindah alamat").await?),
            fields: vec![
                field(
                    "alamat_baru",
                    "Alamat baru",
                    FieldKind::Text,
                    true,
                    "Lengkap dengan RT/RW dan patokan.",
                    &[],
                ),
                field(
                    "tanggal",
                    "Tanggal yang diinginkan",
                    FieldKind::Date,
                    false,
                    "",
                    &[],
                ),
                field(
                    "bersedia_biaya",
                    "Bersedia membayar biaya pindah",
                    FieldKind::Checkbox,
                    true,
                    "Rp 150.000, ditagihkan bulan depan.",
                    &[],
                ),
            ],
            approvals: vec![ApproverRole::Supervisor],
            ..Default::default()
        },
        CatalogItem {
            name: "IP publik statis".into(),
            description: "Alamat IP publik tetap untuk CCTV, server atau VPN.".into(),
            category_id: Some(category_id(db, "IP statis").await?),
            fields: vec![
                field(
                    "jumlah_ip",
                    "Jumlah IP",
                    FieldKind::Number,
                    true,
                    "1 sampai 8.",
                    &[],
                ),
                field("keperluan", "Keperluan", FieldKind::Text, true, "", &[]),
            ],
            approvals: vec![ApproverRole::Supervisor, ApproverRole::Finance],
            ..Default::default()
        },
    ];
    for item in demo {
        items::save(db, &Actor::system(), item).await?;
    }
    Ok(())
}

async fn seed_tickets(db: &PgPool, now: DateTime<Utc>) -> ServiceResult<()> {
    let agent = actor(db, "agent1").await?;
    let hours = |h: i64| now - Duration::hours(h);
    let demo = [
        // (title, description, category, caller, hours ago, then)
        (
            "Internet mati total sejak pagi",
            "Pelanggan melaporkan lampu LOS pada ONT menyala merah.\n\n- Sudah restart ONT\n- Kabel drop terlihat normal",
            "Internet mati",
            "ahmad",
            30,
            Some(Status::InProgress),
        ),
        (
            "Kecepatan turun di malam hari",
            "Speedtest jam 20.00 hanya 3 Mbps dari paket 20 Mbps.",
            "Internet lambat",
            "siti",
            5,
            Some(Status::PendingCustomer),
        ),
        (
            "Koneksi putus-sambung tiap 10 menit",
            "Sesi PPPoE sering reconnect menurut pelanggan.",
            "Putus-sambung",
            "budi",
            2,
            None,
        ),
        (
            "Tagihan bulan ini tertagih dua kali",
            "Pelanggan mengirim bukti transfer ganda.",
            "Tagihan",
            "made",
            1,
            None,
        ),
    ];
    for (title, description, category, caller, ago, then) in demo {
        let id = create::create(
            db,
            &agent,
            NewTicket {
                kind: Some(TicketKind::Incident),
                title: title.into(),
                description: description.into(),
                category_id: Some(category_id(db, category).await?),
                caller_id: Some(UserId(user_id(db, caller).await?)),
                ..Default::default()
            },
            hours(ago),
        )
        .await?
        .0;
        if let Some(status) = then {
            let at = hours(ago) + Duration::minutes(20);
            comments::add(
                db,
                &agent,
                TicketScope::All,
                id,
                Visibility::Public,
                "Terima kasih, laporan Anda sedang kami tangani.",
                at,
            )
            .await?;
            workflow::transition(db, &agent, TicketScope::All, id, status, None, at).await?;
        }
    }
    let mut request = NewTicket {
        kind: Some(TicketKind::Request),
        title: "Permintaan IP statis untuk CCTV".into(),
        description: "Pelanggan bisnis butuh satu IP publik statis.".into(),
        category_id: Some(category_id(db, "IP statis").await?),
        caller_id: Some(UserId(user_id(db, "siti").await?)),
        ..Default::default()
    };
    request.impact = Some(Level::LOW);
    create::create(db, &agent, request, hours(3)).await?;
    // Bring every clock up to the present (warnings and breaches included).
    job::tick(db, now).await?;
    Ok(())
}
