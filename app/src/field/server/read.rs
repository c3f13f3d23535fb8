//! Reading work orders: the desk's list (keyset by id, newest first) and one order with its
//! checklist, evidence and history. Technicians read only the orders given to them.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use super::proof;
use super::schedule::window_of;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::field::model::{
    EvidenceItem, EvidenceKind, FailureReason, Outstanding, WorkOrderDetail, WorkOrderEvent,
    WorkOrderFilter, WorkOrderKind, WorkOrderPage, WorkOrderRow, WorkOrderState, WORK_ORDER_PAGE,
};
use crate::format::TimeZone;
use crate::i18n::Msg;

/// Whose orders a reader sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderScope {
    All,
    Technician(i64),
}

impl OrderScope {
    fn technician(self) -> Option<i64> {
        match self {
            OrderScope::All => None,
            OrderScope::Technician(id) => Some(id),
        }
    }
}

/// The Jakarta day as a UTC range; none for dates no work order can have (before 2000 or
/// after 2100), which also keeps the arithmetic far from chrono's limits.
fn day_range(day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    use chrono::Datelike;
    if !(2000..=2100).contains(&day.year()) {
        return None;
    }
    let start = day
        .and_hms_opt(0, 0, 0)?
        .and_local_timezone(TimeZone::AsiaJakarta.offset())
        .single()?
        .to_utc();
    Some((start, start + chrono::Duration::days(1)))
}

pub async fn list(
    conn: &mut PgConnection,
    scope: OrderScope,
    filter: &WorkOrderFilter,
) -> ServiceResult<WorkOrderPage> {
    let (from, to) = match filter.day {
        None => (None, None),
        Some(day) => {
            let (a, b) =
                day_range(day).ok_or_else(|| FieldErrors::single("day", Msg::ValDateInvalid))?;
            (Some(a), Some(b))
        }
    };
    let technician = scope.technician().or(filter.technician_id);
    let rows = sqlx::query!(
        r#"SELECT w.id, w.number, w.kind, w.state, w.address, w.window_start, w.window_end,
                  w.created_at, c.full_name AS "customer?", u.full_name AS "technician?",
                  t.number_text AS "ticket?"
           FROM work_orders w
           LEFT JOIN customers c ON c.id = w.customer_id
           LEFT JOIN users u ON u.id = w.technician_id
           LEFT JOIN tickets t ON t.id = w.ticket_id
           WHERE ($1::bigint IS NULL OR w.id < $1)
             AND ($2::text IS NULL OR w.state = $2)
             AND ($3::text IS NULL OR w.kind = $3)
             AND ($4::bigint IS NULL OR w.technician_id = $4)
             AND ($5::timestamptz IS NULL OR (w.window_start >= $5 AND w.window_start < $6))
           ORDER BY w.id DESC
           LIMIT $7"#,
        filter.before_id,
        filter.state.map(WorkOrderState::code),
        filter.kind.map(WorkOrderKind::code),
        technician,
        from,
        to,
        WORK_ORDER_PAGE + 1
    )
    .fetch_all(conn)
    .await?;
    let mut rows: Vec<WorkOrderRow> = rows
        .into_iter()
        .map(|r| WorkOrderRow {
            id: r.id,
            number: r.number,
            kind: WorkOrderKind::from_code(&r.kind).unwrap_or(WorkOrderKind::Repair),
            state: WorkOrderState::from_code(&r.state).unwrap_or(WorkOrderState::New),
            customer: r.customer,
            address: r.address,
            technician: r.technician,
            window: window_of(r.window_start, r.window_end),
            ticket: r.ticket,
            created_at: r.created_at,
        })
        .collect();
    let next_before_id = if rows.len() as i64 > WORK_ORDER_PAGE {
        rows.truncate(WORK_ORDER_PAGE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(WorkOrderPage {
        rows,
        next_before_id,
    })
}

pub async fn detail(
    conn: &mut PgConnection,
    scope: OrderScope,
    id: i64,
    (can_dispatch, can_work): (bool, bool),
) -> ServiceResult<WorkOrderDetail> {
    let r = sqlx::query!(
        r#"SELECT w.id, w.number, w.kind, w.state, w.ticket_id, w.subscription_id,
                  w.customer_id, w.ci_id, w.technician_id, w.window_start, w.window_end,
                  w.address, w.latitude, w.longitude, w.instructions, w.tech_notes,
                  w.failure_reason, w.failure_note, w.created_at, w.completed_at, w.version,
                  w.odp_id, w.odp_port,
                  t.number_text AS "ticket?", s.username AS "line?", c.full_name AS "customer?",
                  c.phone AS "phone?", ci.code AS "ci?", u.full_name AS "technician?",
                  odp.code AS "odp?"
           FROM work_orders w
           LEFT JOIN tickets t ON t.id = w.ticket_id
           LEFT JOIN subscriptions s ON s.id = w.subscription_id
           LEFT JOIN customers c ON c.id = w.customer_id
           LEFT JOIN cis ci ON ci.id = w.ci_id
           LEFT JOIN cis odp ON odp.id = w.odp_id
           LEFT JOIN users u ON u.id = w.technician_id
           WHERE w.id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if let Some(tech) = scope.technician() {
        if r.technician_id != Some(tech) {
            return Err(AppError::NotFound.into());
        }
    }
    let kind = WorkOrderKind::from_code(&r.kind).unwrap_or(WorkOrderKind::Repair);
    let state = WorkOrderState::from_code(&r.state).unwrap_or(WorkOrderState::New);
    let (checklist, required) = proof::template(&mut *conn, kind).await?;
    let ticked = proof::ticked(&mut *conn, id).await?;
    let evidence = evidence(&mut *conn, id).await?;
    let present: Vec<EvidenceKind> = evidence.iter().map(|e| e.kind).collect();
    let outstanding = Outstanding::of(&required, &present, &checklist, &ticked);
    let events = events(&mut *conn, id).await?;
    let pair = |id: Option<i64>, label: Option<String>| id.zip(label);
    Ok(WorkOrderDetail {
        id: r.id,
        number: r.number,
        kind,
        state,
        ticket: pair(r.ticket_id, r.ticket),
        subscription: pair(r.subscription_id, r.line),
        customer: pair(r.customer_id, r.customer),
        customer_phone: r.phone.unwrap_or_default(),
        ci: pair(r.ci_id, r.ci),
        technician: pair(r.technician_id, r.technician),
        window: window_of(r.window_start, r.window_end),
        address: r.address,
        latitude: r.latitude,
        longitude: r.longitude,
        odp: pair(r.odp_id, r.odp),
        odp_port: r.odp_port,
        instructions: r.instructions,
        tech_notes: r.tech_notes,
        failure_reason: r
            .failure_reason
            .as_deref()
            .and_then(FailureReason::from_code),
        failure_note: r.failure_note,
        checklist,
        ticked,
        required_evidence: required,
        evidence,
        events,
        outstanding,
        created_at: r.created_at,
        completed_at: r.completed_at,
        version: r.version,
        can_dispatch,
        can_work: can_work && r.technician_id.is_some() && scope.technician() == r.technician_id,
    })
}

async fn evidence(conn: &mut PgConnection, id: i64) -> ServiceResult<Vec<EvidenceItem>> {
    let rows = sqlx::query!(
        r#"SELECT e.id, e.kind, e.value, e.file_path IS NOT NULL AS "is_file!", e.created_at,
                  u.full_name AS "by?"
           FROM work_order_evidence e LEFT JOIN users u ON u.id = e.created_by
           WHERE e.work_order_id = $1 ORDER BY e.kind, e.id"#,
        id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(EvidenceItem {
                id: r.id,
                kind: EvidenceKind::from_code(&r.kind)?,
                value: r.value,
                is_file: r.is_file,
                at: r.created_at,
                by: r.by,
            })
        })
        .collect())
}

async fn events(conn: &mut PgConnection, id: i64) -> ServiceResult<Vec<WorkOrderEvent>> {
    let rows = sqlx::query!(
        r#"SELECT e.at, e.from_state, e.to_state, e.reason, e.note, u.full_name AS "actor?"
           FROM work_order_events e LEFT JOIN users u ON u.id = e.actor_id
           WHERE e.work_order_id = $1 ORDER BY e.at, e.id"#,
        id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| WorkOrderEvent {
            at: r.at,
            actor: r.actor,
            from: r.from_state.as_deref().and_then(WorkOrderState::from_code),
            to: WorkOrderState::from_code(&r.to_state).unwrap_or(WorkOrderState::New),
            reason: r.reason.as_deref().and_then(FailureReason::from_code),
            note: r.note,
        })
        .collect())
}

/// A technician's day: their open orders planned up to the end of tomorrow (Jakarta) in
/// appointment order, overdue ones first, and what they finished or failed today.
pub async fn technician_day(
    conn: &mut PgConnection,
    technician: i64,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<WorkOrderRow>> {
    let today = now
        .with_timezone(&TimeZone::AsiaJakarta.offset())
        .date_naive();
    let (today_start, _) = day_range(today).ok_or(AppError::Internal)?;
    let until = today_start + chrono::Duration::days(2);
    let rows = sqlx::query!(
        r#"SELECT w.id, w.number, w.kind, w.state, w.address, w.window_start, w.window_end,
                  w.created_at, c.full_name AS "customer?", u.full_name AS "technician?",
                  t.number_text AS "ticket?"
           FROM work_orders w
           LEFT JOIN customers c ON c.id = w.customer_id
           LEFT JOIN users u ON u.id = w.technician_id
           LEFT JOIN tickets t ON t.id = w.ticket_id
           WHERE w.technician_id = $1 AND w.window_start < $3
             AND (w.state IN ('scheduled', 'rescheduled', 'on_the_way', 'on_site')
                  OR (w.state IN ('done', 'failed') AND w.updated_at >= $2))
           ORDER BY w.window_start, w.id"#,
        technician,
        today_start,
        until
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| WorkOrderRow {
            id: r.id,
            number: r.number,
            kind: WorkOrderKind::from_code(&r.kind).unwrap_or(WorkOrderKind::Repair),
            state: WorkOrderState::from_code(&r.state).unwrap_or(WorkOrderState::New),
            customer: r.customer,
            address: r.address,
            technician: r.technician,
            window: window_of(r.window_start, r.window_end),
            ticket: r.ticket,
            created_at: r.created_at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_jakarta_days_and_absurd_ones_are_refused() {
        let (start, end) = day_range(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()).unwrap();
        assert_eq!(start.to_rfc3339(), "2026-12-06T17:00:00+00:00");
        assert_eq!(end - start, chrono::Duration::days(1));
        assert_eq!(day_range(NaiveDate::MIN), None);
        assert_eq!(day_range(NaiveDate::MAX), None);
        assert_eq!(
            day_range(NaiveDate::from_ymd_opt(1999, 12, 31).unwrap()),
            None
        );
    }
}
