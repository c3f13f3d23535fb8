//! The ticket summary as read from the database, shared by the list, the board and the
//! detail page.

use crate::error::server::ServiceResult;
use crate::tickets::model::{
    NamedRef, Priority, SlaState, Status, TicketId, TicketKind, TicketSummary,
};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};

/// The columns of [`SummaryRow`], over `tickets t` and the joins of [`SUMMARY_FROM`].
pub const SUMMARY_COLUMNS: &str = "t.id, t.kind, t.number_text, t.title, t.status, \
     t.priority, t.category_id, c.name AS category_name, t.group_id, g.name AS group_name, \
     t.assignee_id, a.full_name AS assignee_name, t.sla_state, t.sla_due_at, t.comment_count, \
     t.tags, t.created_at, t.updated_at";

macro_rules! summary_joins {
    () => {
        " LEFT JOIN ticket_categories c ON c.id = t.category_id \
          LEFT JOIN support_groups g ON g.id = t.group_id \
          LEFT JOIN users a ON a.id = t.assignee_id"
    };
}

pub const SUMMARY_FROM: &str = concat!(" FROM tickets t", summary_joins!());

/// The joins of [`SUMMARY_FROM`], for queries whose `t` is a subquery over `tickets`.
pub const SUMMARY_JOINS: &str = summary_joins!();

#[derive(Debug, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub kind: String,
    pub number_text: String,
    pub title: String,
    pub status: String,
    pub priority: i16,
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub sla_state: Option<String>,
    pub sla_due_at: Option<DateTime<Utc>>,
    pub comment_count: i32,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn named(id: Option<i64>, name: Option<String>) -> Option<NamedRef> {
    Some(NamedRef {
        id: id?,
        name: name?,
    })
}

impl SummaryRow {
    pub fn into_summary(self) -> TicketSummary {
        TicketSummary {
            id: TicketId(self.id),
            kind: TicketKind::from_code(&self.kind).unwrap_or(TicketKind::Incident),
            number: self.number_text,
            title: self.title,
            status: Status::from_code(&self.status).unwrap_or(Status::New),
            priority: Priority::new(self.priority.into()).unwrap_or(Priority::MODERATE),
            category: named(self.category_id, self.category_name),
            group: named(self.group_id, self.group_name),
            assignee: named(self.assignee_id, self.assignee_name),
            sla_state: self.sla_state.as_deref().and_then(SlaState::from_code),
            sla_due_at: self.sla_due_at,
            comment_count: self.comment_count,
            tags: self.tags,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// Summaries of the given tickets, in the order of `ids` (missing ones skipped).
pub async fn summaries_by_id(
    conn: &mut PgConnection,
    ids: &[i64],
) -> ServiceResult<Vec<TicketSummary>> {
    let mut qb: QueryBuilder<Postgres> =
        QueryBuilder::new(format!("SELECT {SUMMARY_COLUMNS}{SUMMARY_FROM}"));
    qb.push(" WHERE t.id = ANY(")
        .push_bind(ids.to_vec())
        .push(")");
    let rows: Vec<SummaryRow> = qb.build_query_as().fetch_all(conn).await?;
    let mut out: Vec<TicketSummary> = rows.into_iter().map(SummaryRow::into_summary).collect();
    out.sort_by_key(|s| ids.iter().position(|id| *id == s.id.0));
    Ok(out)
}
