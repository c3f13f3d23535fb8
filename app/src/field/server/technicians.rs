//! Technicians as the desk picks between them.

use sqlx::PgConnection;

use crate::error::server::ServiceResult;
use crate::field::model::{Skill, TechnicianOption};

/// Active technicians, by name.
pub async fn options(conn: &mut PgConnection) -> ServiceResult<Vec<TechnicianOption>> {
    let rows = sqlx::query!(
        r#"SELECT t.user_id, u.full_name, t.zone, t.skills
           FROM technicians t JOIN users u ON u.id = t.user_id
           WHERE t.active AND u.active AND 'technician' = ANY(u.roles)
           ORDER BY u.full_name, t.user_id"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TechnicianOption {
            user_id: r.user_id,
            name: r.full_name,
            zone: r.zone,
            skills: r
                .skills
                .iter()
                .filter_map(|s| Skill::from_code(s))
                .collect(),
        })
        .collect())
}
