//! The outages a customer's lines are in, and the outage a new fault report joins.

use sqlx::{PgConnection, PgPool};

use crate::error::server::ServiceResult;
use crate::outages::model::PortalOutage;
use crate::portal::model::PortalReply;
use crate::tickets::model::{TimelineItem, Visibility};
use crate::tickets::server::{timeline, TicketScope};

/// Open outages on the lines of the customer signed in as `user_id`, oldest first, with
/// the desk's public updates. Nothing else of the incident (its title, its notes, other
/// customers) is shown.
pub async fn for_customer(db: &PgPool, user_id: i64) -> ServiceResult<Vec<PortalOutage>> {
    let rows = sqlx::query!(
        r#"SELECT t.id, t.number_text, t.created_at,
                  array_agg(s.username ORDER BY s.username) AS "lines!"
           FROM outage_lines o
           JOIN tickets t ON t.id = o.ticket_id
           JOIN subscriptions s ON s.id = o.subscription_id
           JOIN customers c ON c.id = s.customer_id
           WHERE c.user_id = $1 AND t.status NOT IN ('resolved', 'closed', 'cancelled')
           GROUP BY t.id
           ORDER BY t.created_at, t.id"#,
        user_id
    )
    .fetch_all(db)
    .await?;
    let mut outages = Vec::with_capacity(rows.len());
    for row in rows {
        let updates = timeline::load(db, TicketScope::All, row.id)
            .await?
            .into_iter()
            .filter_map(|entry| match entry.item {
                TimelineItem::Comment {
                    visibility: Visibility::Public,
                    body_html,
                    ..
                } => Some(PortalReply {
                    at: entry.at,
                    mine: false,
                    author: entry.actor.unwrap_or_default(),
                    body_html,
                }),
                _ => None,
            })
            .collect();
        outages.push(PortalOutage {
            number: row.number_text,
            since: row.created_at,
            lines: row.lines,
            updates,
        });
    }
    Ok(outages)
}

/// The open outage a line is attached to (the newest, if several).
pub async fn open_outage_of_line(
    conn: &mut PgConnection,
    subscription_id: i64,
) -> ServiceResult<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT t.id FROM outage_lines o JOIN tickets t ON t.id = o.ticket_id
           WHERE o.subscription_id = $1 AND t.status NOT IN ('resolved', 'closed', 'cancelled')
           ORDER BY t.created_at DESC, t.id DESC LIMIT 1"#,
        subscription_id
    )
    .fetch_optional(conn)
    .await?)
}
