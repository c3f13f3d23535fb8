//! Recomputes a ticket's SLA clocks from scratch: policy, calendar and the whole status
//! history. Called inside every transaction that changes a ticket, and by the SLA job.

use super::{alerts, calendar, recompute};
use crate::error::server::ServiceResult;
use crate::sla::model::{select_policy, PolicyCriteria};
use crate::tickets::model::{Priority, SlaMetric, SlaState, Status, TicketKind};
use chrono::{DateTime, Duration, Utc};
use sla_clock::{read_clock, ClockInput, ClockState, Pause};
use sqlx::PgConnection;

/// What a clock depends on, read from the ticket row.
struct Subject {
    kind: TicketKind,
    priority: Priority,
    category_id: Option<i64>,
    status: Status,
    first_response_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

struct Period {
    status: Status,
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
}

fn state_of(state: ClockState) -> SlaState {
    match state {
        ClockState::Running => SlaState::Running,
        ClockState::Paused => SlaState::Paused,
        ClockState::Warning => SlaState::Warning,
        ClockState::Breached => SlaState::Breached,
        ClockState::Met => SlaState::Met,
    }
}

/// Pauses for one clock: every pending period, and for the resolution clock also the time a
/// ticket sat resolved before being reopened (so reopening does not count that time).
fn pauses_for(metric: SlaMetric, periods: &[Period]) -> Vec<Pause> {
    periods
        .iter()
        .filter(|p| {
            p.status.is_pending()
                || (metric == SlaMetric::Resolution && p.status == Status::Resolved)
        })
        .map(|p| Pause {
            start: p.started_at,
            end: p.ended_at,
        })
        .collect()
}

/// When the clock's goal was reached. A ticket resolved or cancelled without an explicit
/// response has been responded to by that act.
fn stopped_at(metric: SlaMetric, s: &Subject) -> Option<DateTime<Utc>> {
    let finished = match s.status {
        Status::Resolved | Status::Closed => s.resolved_at.or(s.closed_at),
        Status::Cancelled => s.closed_at,
        _ => None,
    };
    match metric {
        SlaMetric::Response => s.first_response_at.or(finished),
        SlaMetric::Resolution => finished,
    }
}

/// Recomputes both clocks of `ticket_id` as of `now`, stores them and the ticket's summary
/// (worst state, nearest deadline), and announces warnings and breaches not yet announced.
/// The caller holds the ticket row lock.
pub async fn refresh(
    conn: &mut PgConnection,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    recompute::dequeue(conn, ticket_id).await?;
    let row = sqlx::query!(
        r#"SELECT kind, priority, category_id, status, first_response_at, resolved_at,
                  closed_at, created_at
           FROM tickets WHERE id = $1"#,
        ticket_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let subject = Subject {
        kind: TicketKind::from_code(&row.kind).unwrap_or(TicketKind::Incident),
        priority: Priority::new(i64::from(row.priority)).unwrap_or(Priority::MODERATE),
        category_id: row.category_id,
        status: Status::from_code(&row.status).unwrap_or(Status::New),
        first_response_at: row.first_response_at,
        resolved_at: row.resolved_at,
        closed_at: row.closed_at,
        created_at: row.created_at,
    };

    // A clock that has stopped (responded, resolved) keeps the result it stopped with: a
    // later settings change or priority change does not rewrite history. It runs again
    // only when its stop moves, as when a resolved ticket is reopened.
    let stored = sqlx::query!(
        "SELECT metric, state, stopped_at FROM ticket_sla_clocks WHERE ticket_id = $1",
        ticket_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let frozen = |metric: SlaMetric| -> Option<SlaState> {
        let clock = stored.iter().find(|c| c.metric == metric.code())?;
        let stop = stopped_at(metric, &subject);
        (clock.stopped_at.is_some() && clock.stopped_at == stop)
            .then(|| SlaState::from_code(&clock.state))
            .flatten()
    };
    let kept: Vec<String> = [SlaMetric::Response, SlaMetric::Resolution]
        .into_iter()
        .filter(|m| frozen(*m).is_some())
        .map(|m| m.code().to_owned())
        .collect();

    let Some(policy) = matching_policy(conn, &subject).await? else {
        sqlx::query!(
            "DELETE FROM ticket_sla_clocks WHERE ticket_id = $1 AND metric <> ALL($2)",
            ticket_id,
            &kept
        )
        .execute(&mut *conn)
        .await?;
        let worst = [SlaMetric::Response, SlaMetric::Resolution]
            .into_iter()
            .filter_map(frozen)
            .max();
        sqlx::query!(
            "UPDATE tickets SET sla_state = $2, sla_due_at = NULL
             WHERE id = $1 AND (sla_state IS DISTINCT FROM $2 OR sla_due_at IS NOT NULL)",
            ticket_id,
            worst.map(SlaState::code),
        )
        .execute(&mut *conn)
        .await?;
        return Ok(());
    };
    let calendar = calendar::load(conn, policy.calendar_id).await?;
    let periods: Vec<Period> = sqlx::query!(
        r#"SELECT status, started_at, ended_at FROM ticket_status_periods
           WHERE ticket_id = $1 ORDER BY started_at, id"#,
        ticket_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter_map(|p| {
        Some(Period {
            status: Status::from_code(&p.status)?,
            started_at: p.started_at,
            ended_at: p.ended_at,
        })
    })
    .collect();

    let mut worst: Option<SlaState> = None;
    let mut nearest_due: Option<DateTime<Utc>> = None;
    for (metric, minutes) in [
        (SlaMetric::Response, policy.response_minutes),
        (SlaMetric::Resolution, policy.resolution_minutes),
    ] {
        if let Some(state) = frozen(metric) {
            worst = worst.max(Some(state));
            continue;
        }
        let pauses = pauses_for(metric, &periods);
        let reading = read_clock(&ClockInput {
            calendar: &calendar,
            start: subject.created_at,
            target: Duration::minutes(i64::from(minutes)),
            warning_percent: u8::try_from(policy.warning_percent).unwrap_or(75),
            pauses: &pauses,
            stopped_at: stopped_at(metric, &subject),
            now,
        });
        let state = state_of(reading.state);
        worst = worst.max(Some(state));
        if matches!(state, SlaState::Running | SlaState::Warning) {
            if let Some(due) = reading.due_at {
                nearest_due = Some(nearest_due.map_or(due, |n: DateTime<Utc>| n.min(due)));
            }
        }
        let warned = reading.elapsed * 100
            >= Duration::minutes(i64::from(minutes)) * i32::from(policy.warning_percent);
        let breached =
            reading.elapsed > Duration::minutes(i64::from(minutes)) || state == SlaState::Breached;
        let previous = sqlx::query!(
            r#"INSERT INTO ticket_sla_clocks
                   (ticket_id, metric, policy_id, target_minutes, state, elapsed_seconds,
                    due_at, warning_at, stopped_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
               ON CONFLICT (ticket_id, metric) DO UPDATE SET
                   policy_id = EXCLUDED.policy_id, target_minutes = EXCLUDED.target_minutes,
                   state = EXCLUDED.state, elapsed_seconds = EXCLUDED.elapsed_seconds,
                   due_at = EXCLUDED.due_at, warning_at = EXCLUDED.warning_at,
                   stopped_at = EXCLUDED.stopped_at, updated_at = now(),
                   -- a clock that moved back below a threshold (e.g. lower priority,
                   -- longer target) may announce it again when it gets there
                   warned_at = CASE WHEN $10 THEN ticket_sla_clocks.warned_at END,
                   breached_at = CASE WHEN $11 THEN ticket_sla_clocks.breached_at END
               RETURNING warned_at, breached_at"#,
            ticket_id,
            metric.code(),
            policy.id,
            minutes,
            state.code(),
            reading.elapsed.num_seconds(),
            reading.due_at,
            reading.warning_at,
            stopped_at(metric, &subject),
            warned,
            breached,
        )
        .fetch_one(&mut *conn)
        .await?;
        let still_running = stopped_at(metric, &subject).is_none();
        if state == SlaState::Breached && previous.breached_at.is_none() {
            alerts::announce(conn, ticket_id, metric, SlaState::Breached, now).await?;
        } else if state == SlaState::Warning && still_running && previous.warned_at.is_none() {
            alerts::announce(conn, ticket_id, metric, SlaState::Warning, now).await?;
        }
    }
    sqlx::query!(
        "UPDATE tickets SET sla_state = $2, sla_due_at = $3
         WHERE id = $1 AND (sla_state IS DISTINCT FROM $2 OR sla_due_at IS DISTINCT FROM $3)",
        ticket_id,
        worst.map(SlaState::code),
        nearest_due,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// [`refresh`] in a transaction of its own, under the ticket's row lock, so a user's change
/// and the job never interleave.
pub async fn refresh_locked(
    db: &sqlx::PgPool,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query!("SELECT id FROM tickets WHERE id = $1 FOR UPDATE", ticket_id)
        .fetch_one(&mut *tx)
        .await?;
    refresh(&mut tx, ticket_id, now).await?;
    tx.commit().await?;
    Ok(())
}

struct Policy {
    id: i64,
    calendar_id: i64,
    response_minutes: i32,
    resolution_minutes: i32,
    warning_percent: i16,
}

async fn matching_policy(
    conn: &mut PgConnection,
    subject: &Subject,
) -> ServiceResult<Option<Policy>> {
    let category_path: Vec<i64> = match subject.category_id {
        None => Vec::new(),
        Some(id) => {
            sqlx::query_scalar!(
                r#"WITH RECURSIVE up(id, parent_id, depth) AS (
                   SELECT id, parent_id, 0 FROM ticket_categories WHERE id = $1
                   UNION ALL
                   SELECT c.id, c.parent_id, up.depth + 1
                   FROM ticket_categories c JOIN up ON c.id = up.parent_id
                   WHERE up.depth < 20)
               SELECT id AS "id!" FROM up ORDER BY depth"#,
                id
            )
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let rows = sqlx::query!(
        r#"SELECT id, ticket_kind, priority, category_id, calendar_id, response_minutes,
                  resolution_minutes, warning_percent
           FROM sla_policies WHERE active"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let criteria: Vec<PolicyCriteria> = rows
        .iter()
        .map(|r| PolicyCriteria {
            id: r.id,
            ticket_kind: r.ticket_kind.as_deref().and_then(TicketKind::from_code),
            priority: r.priority.and_then(|p| Priority::new(i64::from(p))),
            category_id: r.category_id,
        })
        .collect();
    let chosen = select_policy(&criteria, subject.kind, subject.priority, &category_path);
    Ok(rows
        .into_iter()
        .find(|r| Some(r.id) == chosen)
        .map(|r| Policy {
            id: r.id,
            calendar_id: r.calendar_id,
            response_minutes: r.response_minutes,
            resolution_minutes: r.resolution_minutes,
            warning_percent: r.warning_percent,
        }))
}
