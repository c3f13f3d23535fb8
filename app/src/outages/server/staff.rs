//! Linking an incident to the CI that failed and attaching every line that fails with it.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::audit::server::AuditEvent;
use crate::cmdb::model::CiRef;
use crate::cmdb::server::{impact, repo};
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::outages::model::{OutageChild, TicketLink, TicketOutageView};
use crate::request::Actor;
use crate::tickets::model::Status;
use crate::tickets::server::workflow::lock;
use crate::tickets::server::TicketScope;

/// Resolved, closed or cancelled: an outage that is over takes no more lines.
fn is_done(status: Status) -> bool {
    matches!(
        status,
        Status::Resolved | Status::Closed | Status::Cancelled
    )
}

/// What the ticket page shows of the ticket's outage.
pub async fn view(
    db: &PgPool,
    scope: TicketScope,
    ticket_id: i64,
) -> ServiceResult<TicketOutageView> {
    let mut conn = db.acquire().await?;
    scope.ensure_visible(&mut conn, ticket_id).await?;
    let ticket = sqlx::query!(
        r#"SELECT t.kind, t.status, t.config_item_id, p.id AS "parent_id?",
                  p.number_text AS "parent_number?",
                  (SELECT count(*) FROM outage_lines o WHERE o.ticket_id = t.id) AS "attached!"
           FROM tickets t LEFT JOIN tickets p ON p.id = t.parent_id
           WHERE t.id = $1"#,
        ticket_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let ci = match ticket.config_item_id {
        Some(id) => {
            let ci = repo::get(&mut conn, id).await?;
            Some(CiRef {
                id: ci.id,
                class: ci.class,
                code: ci.code,
                name: ci.name,
                lifecycle: ci.lifecycle,
            })
        }
        None => None,
    };
    let affected_lines = match &ci {
        Some(ci) => impact::affected_lines(&mut conn, ci.id.0).await?.len() as i64,
        None => 0,
    };
    let open = Status::from_code(&ticket.status).is_some_and(|s| !is_done(s));
    let children = sqlx::query!(
        r#"SELECT t.id, t.number_text, t.status,
                  COALESCE(NULLIF(t.caller_name, ''), c.full_name, '') AS "caller!"
           FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id
           WHERE t.parent_id = $1 ORDER BY t.id"#,
        ticket_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| OutageChild {
        id: r.id,
        number: r.number_text,
        status: Status::from_code(&r.status).unwrap_or(Status::New),
        caller: r.caller,
    })
    .collect();
    Ok(TicketOutageView {
        ticket_id,
        can_attach: ticket.kind == "incident" && open && ci.is_some(),
        ci,
        affected_lines,
        attached_lines: ticket.attached,
        parent: ticket
            .parent_id
            .zip(ticket.parent_number)
            .map(|(id, number)| TicketLink { id, number }),
        children,
    })
}

/// Links the ticket to the CI with this code, or unlinks it when `code` is blank.
pub async fn link_ci(
    db: &PgPool,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    code: &str,
) -> ServiceResult<()> {
    let code = code.trim();
    let mut tx = db.begin().await?;
    let ci = if code.is_empty() {
        None
    } else {
        let found = sqlx::query_scalar!("SELECT id FROM cis WHERE lower(code) = lower($1)", code)
            .fetch_optional(&mut *tx)
            .await?;
        Some(found.ok_or_else(|| FieldErrors::single("ci", Msg::ValUnknownCi))?)
    };
    lock(&mut tx, scope, ticket_id).await?;
    sqlx::query!(
        "UPDATE tickets SET config_item_id = $2, updated_at = now() WHERE id = $1",
        ticket_id,
        ci
    )
    .execute(&mut *tx)
    .await?;
    AuditEvent::new("ticket.link_ci", "ticket", ticket_id)
        .after(&serde_json::json!({ "ci": code.to_uppercase() }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// What attaching did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attached {
    /// Lines newly attached.
    pub lines: i64,
    /// Open incidents already reported on those lines, now linked under the outage.
    pub reports: i64,
}

/// Attaches every line that fails with the ticket's CI (those attached before stay), and
/// links the open incidents already reported on them under it.
pub async fn attach(
    db: &PgPool,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<Attached> {
    let mut tx = db.begin().await?;
    let locked = lock(&mut tx, scope, ticket_id).await?;
    let ticket = sqlx::query!(
        "SELECT kind, config_item_id FROM tickets WHERE id = $1",
        ticket_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let Some(ci) = ticket.config_item_id.filter(|_| ticket.kind == "incident") else {
        return Err(AppError::Conflict(Msg::OutageNeedsCi).into());
    };
    if is_done(locked.status) {
        return Err(AppError::Conflict(Msg::OutageClosed).into());
    }
    let lines = impact::affected_lines(&mut tx, ci).await?;
    let attached = attach_lines(&mut tx, ticket_id, &lines, now).await?;
    AuditEvent::new("ticket.outage_attach", "ticket", ticket_id)
        .after(&serde_json::json!({ "lines": attached.lines, "reports": attached.reports }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(attached)
}

async fn attach_lines(
    conn: &mut PgConnection,
    ticket_id: i64,
    lines: &[i64],
    now: DateTime<Utc>,
) -> ServiceResult<Attached> {
    let added = sqlx::query!(
        r#"INSERT INTO outage_lines (ticket_id, subscription_id, attached_at)
           SELECT $1, line, $3 FROM unnest($2::bigint[]) AS line
           ON CONFLICT DO NOTHING"#,
        ticket_id,
        lines,
        now
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let reports = sqlx::query!(
        r#"UPDATE tickets SET parent_id = $1, updated_at = $3
           WHERE kind = 'incident' AND subscription_id = ANY($2) AND id <> $1
             AND parent_id IS NULL AND status NOT IN ('resolved', 'closed', 'cancelled')"#,
        ticket_id,
        lines,
        now
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(Attached {
        lines: added as i64,
        reports: reports as i64,
    })
}
