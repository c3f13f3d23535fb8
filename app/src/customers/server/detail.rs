//! The customer page: the record, its lines, its tickets and its history. Everyone who may
//! see customers gets the record, lines and history (without the actors' addresses unless
//! they may read the audit log); tickets only for those who may see all tickets.

use sqlx::PgConnection;

use super::repo;
use crate::audit::model::AuditEntry;
use crate::auth::Permission;
use crate::customers::model::{CustomerDetail, CustomerTicket};
use crate::error::server::ServiceResult;
use crate::request::Actor;
use crate::tickets::model::{Priority, Status};

/// How many tickets and history rows the page shows (the ticket list and the audit page
/// hold the rest).
const RECENT: i64 = 50;

pub async fn detail(
    conn: &mut PgConnection,
    viewer: &Actor,
    id: i64,
) -> ServiceResult<CustomerDetail> {
    let customer = repo::get(conn, id).await?;
    let subscriptions = crate::subscriptions::server::repo::list_for_customer(conn, id).await?;
    let tickets = if viewer.can(Permission::ViewAllTickets) {
        recent_tickets(conn, id).await?
    } else {
        Vec::new()
    };
    let line_ids: Vec<String> = subscriptions.iter().map(|s| s.id.to_string()).collect();
    let mut history = sqlx::query_as!(
        AuditEntry,
        r#"SELECT id, at, actor_id, actor_label, actor_roles, action, entity, entity_id,
                  before, after, ip
           FROM audit_log
           WHERE (entity = 'customer' AND entity_id = $1)
              OR (entity = 'subscription' AND entity_id = ANY($2))
           ORDER BY at DESC, id DESC LIMIT $3"#,
        id.to_string(),
        &line_ids,
        RECENT
    )
    .fetch_all(&mut *conn)
    .await?;
    if !viewer.can(Permission::ViewAuditLog) {
        for entry in &mut history {
            entry.ip = None;
        }
    }
    Ok(CustomerDetail {
        customer,
        subscriptions,
        tickets,
        history,
    })
}

/// tickets_customer_idx / tickets_subscription_idx
async fn recent_tickets(conn: &mut PgConnection, id: i64) -> ServiceResult<Vec<CustomerTicket>> {
    Ok(sqlx::query!(
        r#"SELECT t.id, t.number_text AS "number!", t.title, t.status, t.priority, t.created_at
           FROM tickets t
           WHERE t.customer_id = $1
              OR t.subscription_id IN (SELECT s.id FROM subscriptions s WHERE s.customer_id = $1)
           ORDER BY t.id DESC LIMIT $2"#,
        id,
        RECENT
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| CustomerTicket {
        id: r.id,
        number: r.number,
        title: r.title,
        status: Status::from_code(&r.status).unwrap_or(Status::New),
        priority: Priority::new(i64::from(r.priority)).unwrap_or(Priority::MODERATE),
        created_at: r.created_at,
    })
    .collect())
}
