//! Technicians: as the desk picks between them, and their profiles as admins keep them.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::FieldErrors;
use crate::field::model::{Skill, TechnicianDraft, TechnicianOption, TechnicianProfile};
use crate::i18n::Msg;
use crate::request::Actor;

/// Active technicians, by name.
pub async fn options(conn: &mut PgConnection) -> ServiceResult<Vec<TechnicianOption>> {
    let rows = sqlx::query!(
        r#"SELECT t.user_id, u.full_name, t.zone, t.skills
           FROM technicians t JOIN users u ON u.id = t.user_id
           WHERE t.active AND u.active AND 'technician' = ANY(u.roles)
           ORDER BY u.full_name, t.user_id"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TechnicianOption {
            user_id: r.user_id,
            name: r.full_name,
            zone: r.zone,
            skills: r
                .skills
                .iter()
                .filter_map(|s| Skill::from_code(s))
                .collect(),
        })
        .collect())
}

/// Every account with the technician role, with its profile when it has one.
pub async fn profiles(conn: &mut PgConnection) -> ServiceResult<Vec<TechnicianProfile>> {
    let rows = sqlx::query!(
        r#"SELECT u.id, u.full_name, u.username, t.user_id AS "profile?", t.skills AS "skills?",
                  t.zone AS "zone?", t.home_lat, t.home_lng, t.work_start AS "work_start?",
                  t.work_end AS "work_end?", t.active AS "active?"
           FROM users u LEFT JOIN technicians t ON t.user_id = u.id
           WHERE 'technician' = ANY(u.roles) AND u.active
           ORDER BY u.full_name, u.id"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let time = |t: Option<chrono::NaiveTime>, default: &str| {
                t.map_or_else(|| default.to_owned(), |t| t.format("%H:%M").to_string())
            };
            TechnicianProfile {
                user_id: r.id,
                name: r.full_name,
                username: r.username,
                has_profile: r.profile.is_some(),
                draft: TechnicianDraft {
                    user_id: r.id,
                    skills: r
                        .skills
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|s| Skill::from_code(s))
                        .collect(),
                    zone: r.zone.unwrap_or_default(),
                    home_lat: r.home_lat.map(|v| v.to_string()).unwrap_or_default(),
                    home_lng: r.home_lng.map(|v| v.to_string()).unwrap_or_default(),
                    work_start: time(r.work_start, "08:00"),
                    work_end: time(r.work_end, "17:00"),
                    active: r.active.unwrap_or(true),
                },
            }
        })
        .collect())
}

#[derive(Serialize)]
struct ProfileAudit<'a> {
    skills: Vec<&'static str>,
    zone: &'a str,
    home: Option<(f64, f64)>,
    work_start: String,
    work_end: String,
    active: bool,
}

/// Creates or updates a technician's profile; the account must hold the technician role.
pub async fn save(db: &PgPool, actor: &Actor, draft: &TechnicianDraft) -> ServiceResult<()> {
    let checked = draft.check()?;
    let mut tx = db.begin().await?;
    let is_technician = sqlx::query_scalar!(
        r#"SELECT 'technician' = ANY(roles) AS "ok!" FROM users WHERE id = $1 FOR UPDATE"#,
        draft.user_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if is_technician != Some(true) {
        return Err(FieldErrors::single("user_id", Msg::ValWoTechnicianUnknown).into());
    }
    let skills: Vec<&str> = checked.skills.iter().map(|s| s.code()).collect();
    let existed = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM technicians WHERE user_id = $1) AS "e!""#,
        draft.user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO technicians (user_id, skills, zone, home_lat, home_lng, work_start,
                                    work_end, active, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
           ON CONFLICT (user_id) DO UPDATE SET
               skills = EXCLUDED.skills, zone = EXCLUDED.zone, home_lat = EXCLUDED.home_lat,
               home_lng = EXCLUDED.home_lng, work_start = EXCLUDED.work_start,
               work_end = EXCLUDED.work_end, active = EXCLUDED.active, updated_at = now()"#,
        draft.user_id,
        &skills as &[&str],
        checked.zone,
        checked.home.map(|h| h.0),
        checked.home.map(|h| h.1),
        checked.hours.0,
        checked.hours.1,
        draft.active
    )
    .execute(&mut *tx)
    .await?;
    let action = if existed {
        "technician.update"
    } else {
        "technician.create"
    };
    AuditEvent::new(action, "technician", draft.user_id)
        .after(&ProfileAudit {
            skills: checked.skills.iter().map(|s| s.code()).collect(),
            zone: &checked.zone,
            home: checked.home,
            work_start: checked.hours.0.format("%H:%M").to_string(),
            work_end: checked.hours.1.format("%H:%M").to_string(),
            active: draft.active,
        })
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
