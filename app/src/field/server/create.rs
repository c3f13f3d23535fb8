//! Opening work orders: from a line waiting for install, an incident, a terminated line, or
//! a survey of a place. The customer, place and plant come from the source, so the
//! technician never reads an address retyped by hand.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use super::events;
use crate::audit::server::AuditEvent;
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::field::model::{NewWorkOrder, WorkOrderKind, WorkOrderState};
use crate::i18n::Msg;
use crate::request::Actor;

const CONSTRAINTS: [(&str, &str, Msg); 1] = [(
    "work_orders_open_per_line_key",
    "subscription_id",
    Msg::ValWoOpenForLine,
)];

/// Where the order happens and for whom, filled from its source.
#[derive(Default, Serialize)]
struct Target {
    ticket_id: Option<i64>,
    subscription_id: Option<i64>,
    customer_id: Option<i64>,
    ci_id: Option<i64>,
    address: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

#[derive(Serialize)]
struct CreatedAudit<'a> {
    number: &'a str,
    kind: &'static str,
    #[serde(flatten)]
    target: &'a Target,
    instructions: &'a str,
}

pub async fn create(
    db: &PgPool,
    actor: &Actor,
    draft: NewWorkOrder,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    let mut tx = db.begin().await?;
    let id = create_in(&mut tx, actor, &draft, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates the order inside the caller's transaction (a new line opens its installation
/// order in the same transaction that creates it).
pub async fn create_in(
    conn: &mut PgConnection,
    actor: &Actor,
    draft: &NewWorkOrder,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    let kind = draft.check()?;
    let mut target = match kind {
        WorkOrderKind::Installation | WorkOrderKind::Dismantle => {
            let line = draft.subscription_id.unwrap_or_default();
            from_line(&mut *conn, kind, line).await?
        }
        WorkOrderKind::Repair => match draft.ticket_id {
            Some(ticket) => from_incident(&mut *conn, ticket).await?,
            None => from_line(&mut *conn, kind, draft.subscription_id.unwrap_or_default()).await?,
        },
        WorkOrderKind::Survey => match draft.customer_id {
            Some(customer) => from_customer(&mut *conn, customer).await?,
            None => Target::default(),
        },
    };
    if !draft.address.trim().is_empty() {
        target.address = draft.address.trim().to_owned();
    }
    if let (Some(lat), Some(lng)) = (draft.latitude, draft.longitude) {
        (target.latitude, target.longitude) = (Some(lat), Some(lng));
    }
    let instructions = draft.instructions.trim();
    let seq: i64 = sqlx::query_scalar!(r#"SELECT nextval('work_order_numbers') AS "n!""#)
        .fetch_one(&mut *conn)
        .await?;
    let number = format!("WO-{seq:06}");
    let id = sqlx::query_scalar!(
        r#"INSERT INTO work_orders (number, kind, ticket_id, subscription_id, customer_id, ci_id,
                                    address, latitude, longitude, instructions, created_by,
                                    created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
           RETURNING id"#,
        number,
        kind.code(),
        target.ticket_id,
        target.subscription_id,
        target.customer_id,
        target.ci_id,
        target.address,
        target.latitude,
        target.longitude,
        instructions,
        actor.user_id.map(|u| u.0),
        now
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| on_constraint(e, &CONSTRAINTS))?;
    let change = events::Change {
        from: None,
        to: WorkOrderState::New,
        reason: None,
        note: "",
    };
    events::record(&mut *conn, actor, id, &change, now).await?;
    AuditEvent::new("work_order.create", "work_order", id)
        .after(&CreatedAudit {
            number: &number,
            kind: kind.code(),
            target: &target,
            instructions,
        })
        .write(&mut *conn, actor)
        .await?;
    Ok(id)
}

/// A line's customer and place, and its premise CI (where the ONT goes). An installation
/// needs a line still waiting for it, a dismantle a terminated one.
async fn from_line(
    conn: &mut PgConnection,
    kind: WorkOrderKind,
    line: i64,
) -> ServiceResult<Target> {
    let (target, status) = line_target(conn, line).await?;
    let status_ok = match kind {
        WorkOrderKind::Installation => status == "pending_install",
        WorkOrderKind::Dismantle => status == "terminated",
        _ => status != "terminated",
    };
    if !status_ok {
        let msg = match kind {
            WorkOrderKind::Installation => Msg::ValWoLineNotWaiting,
            WorkOrderKind::Dismantle => Msg::ValWoLineNotTerminated,
            _ => Msg::ValWoLineTerminated,
        };
        return Err(FieldErrors::single("subscription_id", msg).into());
    }
    Ok(target)
}

async fn line_target(conn: &mut PgConnection, line: i64) -> ServiceResult<(Target, String)> {
    let row = sqlx::query!(
        r#"SELECT s.id, s.status, s.customer_id, s.install_address, c.address,
                  coalesce(p.latitude, c.latitude) AS latitude,
                  coalesce(p.longitude, c.longitude) AS longitude,
                  p.id AS "premise?"
           FROM subscriptions s
           JOIN customers c ON c.id = s.customer_id
           LEFT JOIN cis p ON p.subscription_id = s.id
           WHERE s.id = $1"#,
        line
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Err(FieldErrors::single("subscription_id", Msg::ValRequired).into());
    };
    let address = if row.install_address.trim().is_empty() {
        row.address
    } else {
        row.install_address
    };
    let target = Target {
        ticket_id: None,
        subscription_id: Some(row.id),
        customer_id: Some(row.customer_id),
        ci_id: row.premise,
        address,
        latitude: row.latitude,
        longitude: row.longitude,
    };
    Ok((target, row.status))
}

/// An open incident's line, customer and CI.
async fn from_incident(conn: &mut PgConnection, ticket: i64) -> ServiceResult<Target> {
    let row = sqlx::query!(
        r#"SELECT kind, status, subscription_id, customer_id, config_item_id
           FROM tickets WHERE id = $1"#,
        ticket
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if row.kind != "incident" {
        return Err(FieldErrors::single("ticket_id", Msg::ValWoNeedsIncident).into());
    }
    if matches!(row.status.as_str(), "resolved" | "closed" | "cancelled") {
        return Err(FieldErrors::single("ticket_id", Msg::ValWoTicketClosed).into());
    }
    let mut target = match (row.subscription_id, row.customer_id) {
        // The incident names the line; repairing it is what it asks for, whatever its state.
        (Some(line), _) => line_target(&mut *conn, line).await?.0,
        (None, Some(customer)) => from_customer(&mut *conn, customer).await?,
        (None, None) => Target::default(),
    };
    target.ticket_id = Some(ticket);
    if row.config_item_id.is_some() {
        target.ci_id = row.config_item_id;
    }
    Ok(target)
}

async fn from_customer(conn: &mut PgConnection, customer: i64) -> ServiceResult<Target> {
    let row = sqlx::query!(
        "SELECT id, address, latitude, longitude FROM customers WHERE id = $1",
        customer
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| FieldErrors::single("customer_id", Msg::ValRequired))?;
    Ok(Target {
        customer_id: Some(row.id),
        address: row.address,
        latitude: row.latitude,
        longitude: row.longitude,
        ..Target::default()
    })
}
