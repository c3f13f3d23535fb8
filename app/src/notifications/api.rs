//! The signed-in user's own notifications; nobody reads anyone else's.

use crate::error::AppError;
use crate::notifications::model::Notification;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationInbox {
    pub items: Vec<Notification>,
    pub unread: i64,
}

#[server]
pub async fn my_notifications() -> Result<NotificationInbox, AppError> {
    use crate::notifications::server;
    use crate::request::{current_user, pool};

    let (db, (user, _)) = (pool()?, current_user()?);
    let (items, unread) = server::latest(&db, user.user.id.0, 30).await?;
    Ok(NotificationInbox { items, unread })
}

/// Marks the given notifications (or all, when `ids` is empty) as read.
#[server]
pub async fn mark_notifications_read(#[server(default)] ids: Vec<i64>) -> Result<u64, AppError> {
    use crate::notifications::server;
    use crate::request::{current_user, pool};

    let (db, (user, _)) = (pool()?, current_user()?);
    let only = (!ids.is_empty()).then_some(ids.as_slice());
    Ok(server::mark_read(&db, user.user.id.0, only).await?)
}
