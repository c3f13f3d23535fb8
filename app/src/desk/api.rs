//! Reading the desk configuration. Editing screens come with the admin pages.

use crate::desk::model::TicketFormData;
use crate::error::AppError;
use leptos::prelude::*;

/// Categories, groups, assignable staff and the priority matrix, for ticket forms.
#[server]
pub async fn ticket_form_options() -> Result<TicketFormData, AppError> {
    use crate::auth::Permission;
    use crate::desk::server::{categories, groups, matrix};
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::WorkTickets)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(TicketFormData {
        categories: categories::all(&mut conn).await?,
        groups: groups::all(&mut conn).await?,
        matrix: matrix::load(&mut conn).await?,
        assignees: groups::assignable_staff(&mut conn).await?,
        callers: groups::customer_accounts(&mut conn).await?,
    })
}
