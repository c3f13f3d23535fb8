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

/// Replaces the matrix. Existing tickets keep their priority until their impact or urgency
/// changes; new tickets use the new matrix at once.
pub async fn save(
    db: &sqlx::PgPool,
    actor: &crate::request::Actor,
    matrix: PriorityMatrix,
) -> ServiceResult<()> {
    if !matrix.is_monotonic() {
        return Err(crate::error::FieldErrors::single(
            "matrix",
            crate::i18n::Msg::ValMatrixNotMonotonic,
        )
        .into());
    }
    let mut tx = db.begin().await?;
    let before = load(&mut tx).await?;
    for (impact, urgency, priority) in matrix.entries() {
        sqlx::query!(
            r#"INSERT INTO priority_matrix (impact, urgency, priority) VALUES ($1, $2, $3)
               ON CONFLICT (impact, urgency) DO UPDATE SET priority = EXCLUDED.priority"#,
            i16::from(impact.get()),
            i16::from(urgency.get()),
            i16::from(priority.get()),
        )
        .execute(&mut *tx)
        .await?;
    }
    crate::audit::server::AuditEvent::new("priority_matrix.update", "priority_matrix", "1")
        .before(&before)
        .after(&matrix)
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
