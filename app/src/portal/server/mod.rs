pub mod billing;
pub mod faults;
pub mod lines;
pub mod tickets;

use crate::error::server::ServiceResult;
use crate::error::AppError;
use sqlx::PgConnection;

/// The customer record behind a portal account; an account without one sees nothing.
pub async fn customer_of(conn: &mut PgConnection, user_id: i64) -> ServiceResult<i64> {
    Ok(crate::customers::server::repo::id_for_user(conn, user_id)
        .await?
        .ok_or(AppError::NotFound)?)
}
