use crate::desk::model::SupportGroup;
use crate::error::server::ServiceResult;
use crate::tickets::model::NamedRef;
use sqlx::PgConnection;

/// Roles that can hold tickets. Kept in SQL form next to the queries that use it.
pub const ASSIGNABLE_ROLES: [&str; 4] = ["admin", "supervisor", "agent", "technician"];

pub struct LeastLoaded {
    pub user_id: i64,
    pub open_tickets: i64,
}

/// The active member of `group_id` with the fewest open tickets (ties: longest-standing
/// account first, so the choice is stable).
pub async fn least_loaded_member(
    conn: &mut PgConnection,
    group_id: i64,
) -> ServiceResult<Option<LeastLoaded>> {
    let row = sqlx::query!(
        r#"SELECT u.id,
                  (SELECT count(*) FROM tickets t
                   WHERE t.assignee_id = u.id
                     AND t.status NOT IN ('resolved', 'closed', 'cancelled')) AS "open!"
           FROM support_group_members m JOIN users u ON u.id = m.user_id
           WHERE m.group_id = $1 AND u.active AND u.roles && $2::text[]
           ORDER BY 2, u.id
           LIMIT 1"#,
        group_id,
        &ASSIGNABLE_ROLES.map(str::to_owned),
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| LeastLoaded {
        user_id: r.id,
        open_tickets: r.open,
    }))
}

/// The group's name when it exists and is active.
pub async fn active_name(conn: &mut PgConnection, group_id: i64) -> ServiceResult<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT name FROM support_groups WHERE id = $1 AND active",
        group_id
    )
    .fetch_optional(conn)
    .await?)
}

pub async fn is_member(
    conn: &mut PgConnection,
    group_id: i64,
    user_id: i64,
) -> ServiceResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM support_group_members WHERE group_id = $1 AND user_id = $2) AS "e!""#,
        group_id,
        user_id
    )
    .fetch_one(conn)
    .await?)
}

/// Whether `user_id` is an active account that may hold tickets.
pub async fn is_assignable(conn: &mut PgConnection, user_id: i64) -> ServiceResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND active AND roles && $2::text[]) AS "e!""#,
        user_id,
        &ASSIGNABLE_ROLES.map(str::to_owned),
    )
    .fetch_one(conn)
    .await?)
}

/// Active staff who may hold tickets, by name.
pub async fn assignable_staff(conn: &mut PgConnection) -> ServiceResult<Vec<NamedRef>> {
    Ok(sqlx::query_as!(
        NamedRef,
        r#"SELECT id, full_name AS name FROM users
           WHERE active AND roles && $1::text[] ORDER BY lower(full_name), id"#,
        &ASSIGNABLE_ROLES.map(str::to_owned),
    )
    .fetch_all(conn)
    .await?)
}

/// Active customer accounts, by name (until the customers domain brings search).
pub async fn customer_accounts(conn: &mut PgConnection) -> ServiceResult<Vec<NamedRef>> {
    Ok(sqlx::query_as!(
        NamedRef,
        r#"SELECT id, full_name AS name FROM users
           WHERE active AND 'customer' = ANY (roles) ORDER BY lower(full_name), id LIMIT 500"#,
    )
    .fetch_all(conn)
    .await?)
}

pub async fn all(conn: &mut PgConnection) -> ServiceResult<Vec<SupportGroup>> {
    let rows = sqlx::query!(
        r#"SELECT g.id, g.name, g.description, g.active, g.supervisor_id,
                  s.full_name AS "supervisor_name?",
                  coalesce(array_agg(u.id ORDER BY lower(u.full_name)) FILTER (WHERE u.id IS NOT NULL), '{}') AS "member_ids!",
                  coalesce(array_agg(u.full_name ORDER BY lower(u.full_name)) FILTER (WHERE u.id IS NOT NULL), '{}') AS "member_names!"
           FROM support_groups g
           LEFT JOIN users s ON s.id = g.supervisor_id
           LEFT JOIN support_group_members m ON m.group_id = g.id
           LEFT JOIN users u ON u.id = m.user_id
           GROUP BY g.id, s.full_name
           ORDER BY lower(g.name)"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SupportGroup {
            id: r.id,
            name: r.name,
            description: r.description,
            supervisor: r
                .supervisor_id
                .zip(r.supervisor_name)
                .map(|(id, name)| NamedRef { id, name }),
            members: r
                .member_ids
                .into_iter()
                .zip(r.member_names)
                .map(|(id, name)| NamedRef { id, name })
                .collect(),
            active: r.active,
        })
        .collect())
}
