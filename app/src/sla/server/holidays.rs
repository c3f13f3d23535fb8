//! National holidays, shared by every calendar that observes them.

use super::recompute;
use crate::audit::server::AuditEvent;
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::request::Actor;
use crate::sla::model::Holiday;
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

/// The holidays of one year, by date.
pub async fn of_year(conn: &mut PgConnection, year: i32) -> ServiceResult<Vec<Holiday>> {
    Ok(sqlx::query_as!(
        Holiday,
        r#"SELECT day, name, provisional FROM holidays
           WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1) ORDER BY day"#,
        year
    )
    .fetch_all(conn)
    .await?)
}

async fn get(conn: &mut PgConnection, day: NaiveDate) -> ServiceResult<Option<Holiday>> {
    Ok(sqlx::query_as!(
        Holiday,
        "SELECT day, name, provisional FROM holidays WHERE day = $1 FOR UPDATE",
        day
    )
    .fetch_optional(conn)
    .await?)
}

/// Adds a holiday or, when `original` is given, changes that one (its date may move, as
/// when the decree for the year fixes a provisional lunar date).
pub async fn save(
    db: &PgPool,
    actor: &Actor,
    original: Option<NaiveDate>,
    holiday: Holiday,
) -> ServiceResult<()> {
    let holiday = Holiday {
        name: holiday.name.trim().to_owned(),
        ..holiday
    };
    holiday.validate().into_result()?;
    let unique = [("holidays_pkey", "day", Msg::ValHolidayExists)];
    let mut tx = db.begin().await?;
    let before = match original {
        Some(day) => Some(get(&mut tx, day).await?.ok_or(AppError::NotFound)?),
        None => None,
    };
    if let Some(before) = &before {
        sqlx::query!("DELETE FROM holidays WHERE day = $1", before.day)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query!(
        "INSERT INTO holidays (day, name, provisional) VALUES ($1, $2, $3)",
        holiday.day,
        holiday.name,
        holiday.provisional
    )
    .execute(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, &unique))?;
    AuditEvent::saved(
        ("holiday.create", "holiday.update"),
        "holiday",
        holiday.day,
        before.as_ref(),
        &holiday,
    )
    .write(&mut tx, actor)
    .await?;
    recompute::enqueue_open(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete(db: &PgPool, actor: &Actor, day: NaiveDate) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    let before = get(&mut tx, day).await?.ok_or(AppError::NotFound)?;
    sqlx::query!("DELETE FROM holidays WHERE day = $1", day)
        .execute(&mut *tx)
        .await?;
    AuditEvent::new("holiday.delete", "holiday", day)
        .before(&before)
        .write(&mut tx, actor)
        .await?;
    recompute::enqueue_open(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}
