//! Which tickets an actor may see. Every ticket query and change goes through this, so a
//! technician can never read another group's ticket by guessing its id.

use crate::auth::Permission;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::request::Actor;
use sqlx::{PgConnection, Postgres, QueryBuilder};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketScope {
    /// Agents, supervisors, admins.
    All,
    /// Tickets assigned to this user or to one of their groups (technicians).
    Involved(i64),
    /// Tickets this user reported (portal customers).
    Caller(i64),
}

impl TicketScope {
    /// `Forbidden` for actors who may see no tickets at all.
    pub fn of(actor: &Actor) -> Result<Self, AppError> {
        let user = actor.user_id.map(|id| id.0);
        match user {
            _ if actor.can(Permission::ViewAllTickets) => Ok(TicketScope::All),
            Some(id) if actor.can(Permission::WorkTickets) => Ok(TicketScope::Involved(id)),
            Some(id) if actor.can(Permission::UsePortal) => Ok(TicketScope::Caller(id)),
            _ => Err(AppError::Forbidden),
        }
    }

    /// Whether this viewer sees internal work notes.
    pub fn is_staff(self) -> bool {
        !matches!(self, TicketScope::Caller(_))
    }

    /// Appends ` AND <visible to this scope>` for a query over `tickets t`.
    pub fn push_condition(self, qb: &mut QueryBuilder<Postgres>) {
        match self {
            TicketScope::All => {}
            TicketScope::Involved(user) => {
                qb.push(" AND (t.assignee_id = ")
                    .push_bind(user)
                    .push(" OR t.group_id IN (SELECT group_id FROM support_group_members WHERE user_id = ")
                    .push_bind(user)
                    .push("))");
            }
            TicketScope::Caller(user) => {
                qb.push(" AND t.caller_id = ").push_bind(user);
            }
        }
    }

    /// `NotFound` unless the ticket exists and this scope may see it: a hidden ticket looks
    /// exactly like a missing one.
    pub async fn ensure_visible(
        self,
        conn: &mut PgConnection,
        ticket_id: i64,
    ) -> ServiceResult<()> {
        let mut qb = QueryBuilder::new("SELECT t.id FROM tickets t WHERE t.id = ");
        qb.push_bind(ticket_id);
        self.push_condition(&mut qb);
        match qb.build_query_scalar::<i64>().fetch_optional(conn).await? {
            Some(_) => Ok(()),
            None => Err(AppError::NotFound.into()),
        }
    }
}
