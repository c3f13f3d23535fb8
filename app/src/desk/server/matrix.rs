use crate::error::server::ServiceResult;
use crate::tickets::model::{Level, Priority, PriorityMatrix};
use sqlx::PgConnection;

/// The configured matrix; cells missing from the table keep the ITIL default.
pub async fn load(conn: &mut PgConnection) -> ServiceResult<PriorityMatrix> {
    let mut matrix = PriorityMatrix::default();
    let rows = sqlx::query!("SELECT impact, urgency, priority FROM priority_matrix")
        .fetch_all(conn)
        .await?;
    for r in rows {
        if let (Some(i), Some(u), Some(p)) = (
            Level::new(r.impact.into()),
            Level::new(r.urgency.into()),
            Priority::new(r.priority.into()),
        ) {
            matrix.set(i, u, p);
        }
    }
    Ok(matrix)
}
