use crate::error::AppError;
use crate::outbox::model::OutboxMessage;
use crate::pagination::Page;
use leptos::prelude::*;

#[server]
pub async fn list_outbox(cursor: Option<String>) -> Result<Page<OutboxMessage>, AppError> {
    use crate::auth::Permission;
    use crate::outbox::server;
    use crate::pagination::DEFAULT_PAGE_SIZE;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewOutbox)?);
    Ok(server::list(&db, cursor.as_deref(), DEFAULT_PAGE_SIZE).await?)
}
