use crate::error::server::{ServiceError, ServiceResult};
use crate::request::Actor;
use serde::Serialize;
use sqlx::PgConnection;

/// One audit row. Build it, then `write` it on the transaction that made the change, so the
/// change and its record commit or roll back together.
#[derive(Debug)]
pub struct AuditEvent {
    action: &'static str,
    entity: &'static str,
    entity_id: Option<String>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

impl AuditEvent {
    /// `action` is `<entity>.<verb>`, e.g. `user.create`.
    pub fn new(action: &'static str, entity: &'static str, entity_id: impl ToString) -> Self {
        AuditEvent {
            action,
            entity,
            entity_id: Some(entity_id.to_string()),
            before: None,
            after: None,
        }
    }

    /// The row for a create-or-update save: `create` with the new state when there was no
    /// `before`, otherwise `update` with both.
    pub fn saved(
        (create, update): (&'static str, &'static str),
        entity: &'static str,
        entity_id: impl ToString,
        before: Option<&impl Serialize>,
        after: &impl Serialize,
    ) -> Self {
        let event = match before {
            None => AuditEvent::new(create, entity, entity_id),
            Some(before) => AuditEvent::new(update, entity, entity_id).before(before),
        };
        event.after(after)
    }

    pub fn before(mut self, state: &impl Serialize) -> Self {
        self.before = serde_json::to_value(state).ok();
        self
    }

    pub fn after(mut self, state: &impl Serialize) -> Self {
        self.after = serde_json::to_value(state).ok();
        self
    }

    pub async fn write(self, conn: &mut PgConnection, actor: &Actor) -> ServiceResult<()> {
        let roles: Vec<String> = actor.roles.iter().map(|r| r.code().to_owned()).collect();
        sqlx::query!(
            r#"INSERT INTO audit_log
                   (actor_id, actor_label, actor_roles, action, entity, entity_id, before, after, ip)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"#,
            actor.user_id.map(|id| id.0),
            actor.label,
            &roles,
            self.action,
            self.entity,
            self.entity_id,
            self.before,
            self.after,
            actor.ip,
        )
        .execute(conn)
        .await
        .map_err(ServiceError::from)?;
        Ok(())
    }
}
