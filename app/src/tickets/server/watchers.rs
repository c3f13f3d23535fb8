//! Telling a ticket's watchers what happened to it, in their notification bell.

use crate::desk::server::groups::ASSIGNABLE_ROLES;
use crate::error::server::ServiceResult;
use crate::notifications::model::NotificationKind;
use crate::notifications::server as notifications;
use crate::request::Actor;
use crate::tickets::model::Visibility;
use sqlx::PgConnection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchedEvent {
    Comment(Visibility),
    StatusChanged,
}

/// Notifies every active watcher except the one who acted. Internal notes go to staff who
/// can work tickets only: a customer watching their own ticket never hears of them.
pub async fn tell(
    conn: &mut PgConnection,
    actor: &Actor,
    ticket_id: i64,
    event: WatchedEvent,
) -> ServiceResult<()> {
    let staff_only = event == WatchedEvent::Comment(Visibility::Internal);
    let recipients: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT w.user_id FROM ticket_watchers w JOIN users u ON u.id = w.user_id
           WHERE w.ticket_id = $1 AND u.active AND w.user_id IS DISTINCT FROM $2
             AND (NOT $3 OR u.roles && $4::text[])
           ORDER BY w.user_id"#,
        ticket_id,
        actor.user_id.map(|u| u.0),
        staff_only,
        &ASSIGNABLE_ROLES.map(str::to_owned),
    )
    .fetch_all(&mut *conn)
    .await?;
    let kind = match event {
        WatchedEvent::Comment(_) => NotificationKind::WatchedComment,
        WatchedEvent::StatusChanged => NotificationKind::WatchedStatus,
    };
    notifications::notify(conn, &recipients, kind, Some(ticket_id), None).await
}
