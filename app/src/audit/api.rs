use crate::audit::model::{AuditEntry, AuditFilter};
use crate::error::AppError;
use crate::pagination::Page;
use leptos::prelude::*;

#[server]
pub async fn list_audit(
    #[server(default)] filter: AuditFilter,
    cursor: Option<String>,
) -> Result<Page<AuditEntry>, AppError> {
    use crate::audit::server;
    use crate::auth::Permission;
    use crate::pagination::DEFAULT_PAGE_SIZE;
    use crate::request::{current_user, pool};

    let (db, (auth, actor)) = (pool()?, current_user()?);
    actor.require(Permission::ViewAuditLog)?;
    Ok(server::list(
        &db,
        filter,
        auth.time_zone,
        cursor.as_deref(),
        DEFAULT_PAGE_SIZE,
    )
    .await?)
}
