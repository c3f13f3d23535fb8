//! Business calendars as admins edit them: zone, 24×7 or weekly hours, holidays observed.
//! `calendar::load` turns the same rows into the clock's calendar.

use super::recompute;
use crate::audit::server::AuditEvent;
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::AppError;
use crate::format::TimeZone;
use crate::i18n::Msg;
use crate::request::Actor;
use crate::sla::model::hours::{format_day, MinuteRange};
use crate::sla::model::{BusinessCalendar, CalendarDraft};
use sqlx::{PgConnection, PgPool};

/// Every calendar with its hours and how many policies use it, by name.
pub async fn all(conn: &mut PgConnection) -> ServiceResult<Vec<BusinessCalendar>> {
    let heads = sqlx::query!(
        r#"SELECT c.id, c.name, c.time_zone, c.always_open, c.observes_holidays,
                  (SELECT count(*) FROM sla_policies p WHERE p.calendar_id = c.id) AS "policies!"
           FROM business_calendars c ORDER BY lower(c.name)"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let segments = sqlx::query!(
        r#"SELECT calendar_id, weekday, start_minute, end_minute FROM business_calendar_segments
           ORDER BY calendar_id, weekday, start_minute"#
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(heads
        .into_iter()
        .map(|c| {
            let hours = (1..=7)
                .map(|day| {
                    let ranges: Vec<MinuteRange> = segments
                        .iter()
                        .filter(|s| s.calendar_id == c.id && i32::from(s.weekday) == day)
                        .map(|s| MinuteRange {
                            start: u16::try_from(s.start_minute).unwrap_or(0),
                            end: u16::try_from(s.end_minute).unwrap_or(0),
                        })
                        .collect();
                    format_day(&ranges)
                })
                .collect();
            BusinessCalendar {
                id: c.id,
                name: c.name,
                time_zone: TimeZone::from_iana(&c.time_zone).unwrap_or_default(),
                always_open: c.always_open,
                observes_holidays: c.observes_holidays,
                hours,
                policies: c.policies,
            }
        })
        .collect())
}

/// Creates (`id == 0`) or updates a calendar; returns its id. Open tickets on any policy are
/// queued for recomputation, since their deadlines may move.
pub async fn save(db: &PgPool, actor: &Actor, draft: CalendarDraft) -> ServiceResult<i64> {
    let draft = CalendarDraft {
        name: draft.name.trim().to_owned(),
        ..draft
    };
    let week = draft.parse()?;
    let unique = [("business_calendars_name_key", "name", Msg::ValNameTaken)];
    let mut tx = db.begin().await?;
    let before = if draft.id == 0 {
        None
    } else {
        let all = all(&mut tx).await?;
        Some(
            all.into_iter()
                .find(|c| c.id == draft.id)
                .ok_or(AppError::NotFound)?,
        )
    };
    let id = if before.is_none() {
        sqlx::query_scalar!(
            r#"INSERT INTO business_calendars (name, time_zone, always_open, observes_holidays)
               VALUES ($1, $2, $3, $4) RETURNING id"#,
            draft.name,
            draft.time_zone.iana(),
            draft.always_open,
            draft.observes_holidays,
        )
        .fetch_one(&mut *tx)
        .await
    } else {
        sqlx::query_scalar!(
            r#"UPDATE business_calendars SET name = $2, time_zone = $3, always_open = $4,
                      observes_holidays = $5, updated_at = now()
               WHERE id = $1 RETURNING id"#,
            draft.id,
            draft.name,
            draft.time_zone.iana(),
            draft.always_open,
            draft.observes_holidays,
        )
        .fetch_one(&mut *tx)
        .await
    }
    .map_err(|e| on_constraint(e, &unique))?;
    sqlx::query!(
        "DELETE FROM business_calendar_segments WHERE calendar_id = $1",
        id
    )
    .execute(&mut *tx)
    .await?;
    let (mut days, mut starts, mut ends) = (Vec::new(), Vec::new(), Vec::new());
    for (day, ranges) in (1i16..).zip(&week) {
        for r in ranges {
            days.push(day);
            starts.push(i16::try_from(r.start).unwrap_or(0));
            ends.push(i16::try_from(r.end).unwrap_or(0));
        }
    }
    sqlx::query!(
        r#"INSERT INTO business_calendar_segments (calendar_id, weekday, start_minute, end_minute)
           SELECT $1, * FROM unnest($2::smallint[], $3::smallint[], $4::smallint[])"#,
        id,
        &days,
        &starts,
        &ends,
    )
    .execute(&mut *tx)
    .await?;
    let after = CalendarDraft {
        id,
        hours: week.iter().map(|r| format_day(r)).collect(),
        ..draft
    };
    AuditEvent::saved(
        ("calendar.create", "calendar.update"),
        "business_calendar",
        id,
        before.as_ref(),
        &after,
    )
    .write(&mut tx, actor)
    .await?;
    recompute::enqueue_open(&mut tx).await?;
    tx.commit().await?;
    Ok(id)
}
