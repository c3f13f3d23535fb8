//! Server side of tickets: one file per concern, each change in one transaction with its
//! audit row and its SLA refresh.

pub mod attachments;
pub mod comments;
pub mod create;
pub mod detail;
pub mod edit;
pub mod markdown;
pub mod query;
pub mod rows;
pub mod saved;
pub mod scope;
pub mod snapshot;
pub mod timeline;
pub mod watchers;
pub mod workflow;

pub use scope::TicketScope;

use crate::auth::Permission;
use crate::error::AppError;
use crate::request::{current_user, pool, Actor};
use query::Viewer;
use sqlx::PgPool;

/// What every ticket server function starts with: the pool, the actor (after checking
/// `permission`), the tickets they may see, and who is looking (for "me" and "today").
pub fn request_context(
    permission: Permission,
) -> Result<(PgPool, Actor, TicketScope, Viewer), AppError> {
    let db = pool()?;
    let (user, actor) = current_user()?;
    actor.require(permission)?;
    let scope = TicketScope::of(&actor).map_err(crate::error::server::with_status)?;
    let viewer = Viewer {
        user_id: user.user.id.0,
        time_zone: user.time_zone,
        now: chrono::Utc::now(),
    };
    Ok((db, actor, scope, viewer))
}
