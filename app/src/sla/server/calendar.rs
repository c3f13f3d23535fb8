use crate::error::server::{ServiceError, ServiceResult};
use crate::format::TimeZone;
use chrono::NaiveDate;
use sla_clock::{Calendar, Segment};
use sqlx::PgConnection;

/// Builds the clock's calendar from its rows: zone, weekly segments and, when the calendar
/// observes them, the national holidays.
pub async fn load(conn: &mut PgConnection, calendar_id: i64) -> ServiceResult<Calendar> {
    let head = sqlx::query!(
        "SELECT time_zone, always_open, observes_holidays FROM business_calendars WHERE id = $1",
        calendar_id
    )
    .fetch_one(&mut *conn)
    .await?;
    if head.always_open {
        return Ok(Calendar::always_open());
    }
    let segments = sqlx::query!(
        r#"SELECT weekday, start_minute, end_minute FROM business_calendar_segments
           WHERE calendar_id = $1"#,
        calendar_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut week: [Vec<Segment>; 7] = Default::default();
    for s in segments {
        let day = usize::try_from(s.weekday - 1).unwrap_or(0).min(6);
        week[day].push(Segment::new(
            u16::try_from(s.start_minute).unwrap_or(0),
            u16::try_from(s.end_minute).unwrap_or(0),
        ));
    }
    let holidays: Vec<NaiveDate> = if head.observes_holidays {
        sqlx::query_scalar!("SELECT day FROM holidays")
            .fetch_all(&mut *conn)
            .await?
    } else {
        Vec::new()
    };
    let offset = TimeZone::from_iana(&head.time_zone)
        .unwrap_or_default()
        .offset()
        .local_minus_utc();
    Calendar::weekly(offset, week, holidays)
        .map_err(|e| ServiceError::Internal(format!("calendar {calendar_id}: {e}")))
}
