//! SLA settings server functions; desk admins only.

use crate::error::AppError;
use crate::sla::model::{CalendarDraft, Holiday, SlaPolicy, SlaSettings};
use chrono::NaiveDate;
use leptos::prelude::*;

/// Policies, calendars, the categories policies may name, and the recompute backlog.
#[server]
pub async fn load_sla_settings() -> Result<SlaSettings, AppError> {
    use crate::auth::Permission;
    use crate::desk::server::categories;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};
    use crate::sla::server::{calendars, policies, recompute};

    let (db, _) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(SlaSettings {
        policies: policies::all(&mut conn).await?,
        calendars: calendars::all(&mut conn).await?,
        categories: categories::all(&mut conn).await?,
        recompute_pending: recompute::pending(&mut conn).await?,
    })
}

#[server]
pub async fn save_sla_policy(policy: SlaPolicy) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::sla::server::policies;

    let (db, actor) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    Ok(policies::save(&db, &actor, policy).await?)
}

#[server]
pub async fn save_business_calendar(calendar: CalendarDraft) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::sla::server::calendars;

    let (db, actor) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    Ok(calendars::save(&db, &actor, calendar).await?)
}

#[server]
pub async fn holidays_of_year(year: i32) -> Result<Vec<Holiday>, AppError> {
    use crate::auth::Permission;
    use crate::error::server::ServiceError;
    use crate::error::FieldErrors;
    use crate::i18n::Msg;
    use crate::request::{authorize, pool};
    use crate::sla::server::holidays;

    let (db, _) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    if !(2000..=2200).contains(&year) {
        return Err(FieldErrors::single("year", Msg::ValYearRange));
    }
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(holidays::of_year(&mut conn, year).await?)
}

/// Adds a holiday, or changes the one on `original` (its date may move).
#[server]
pub async fn save_holiday(original: Option<NaiveDate>, holiday: Holiday) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::sla::server::holidays;

    let (db, actor) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    Ok(holidays::save(&db, &actor, original, holiday).await?)
}

#[server]
pub async fn delete_holiday(day: NaiveDate) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};
    use crate::sla::server::holidays;

    let (db, actor) = (pool()?, authorize(Permission::ManageServiceDesk)?);
    Ok(holidays::delete(&db, &actor, day).await?)
}
