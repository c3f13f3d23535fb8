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

/// Active supervisors and admins, who may be told about a group's SLA warnings.
pub async fn supervisor_candidates(conn: &mut PgConnection) -> ServiceResult<Vec<NamedRef>> {
    Ok(sqlx::query_as!(
        NamedRef,
        r#"SELECT id, full_name AS name FROM users
           WHERE active AND roles && ARRAY['supervisor', 'admin'] ORDER BY lower(full_name), id"#,
    )
    .fetch_all(conn)
    .await?)
}

/// Creates (`id == 0`) or updates a group with its members; returns its id. Members must be
/// staff who can hold tickets; the supervisor must be a supervisor or admin.
pub async fn save(
    db: &sqlx::PgPool,
    actor: &crate::request::Actor,
    draft: crate::desk::model::GroupDraft,
) -> ServiceResult<i64> {
    use crate::audit::server::AuditEvent;
    use crate::error::server::on_constraint;
    use crate::error::{AppError, FieldErrors};
    use crate::i18n::Msg;

    let mut draft = draft;
    draft.name = draft.name.trim().to_owned();
    draft.description = draft.description.trim().to_owned();
    draft.member_ids.sort_unstable();
    draft.member_ids.dedup();
    draft.validate().into_result()?;
    let mut tx = db.begin().await?;
    let before = if draft.id == 0 {
        None
    } else {
        Some(
            all(&mut tx)
                .await?
                .into_iter()
                .find(|g| g.id == draft.id)
                .ok_or(AppError::NotFound)?,
        )
    };
    // Only what the admin changes is checked: a member who has since left (account off,
    // role changed) must not make the rest of the group impossible to edit.
    let mut errors = FieldErrors::new();
    let old_supervisor = before
        .as_ref()
        .and_then(|g| g.supervisor.as_ref().map(|s| s.id));
    if let Some(supervisor) = draft.supervisor_id.filter(|s| Some(*s) != old_supervisor) {
        let candidates = supervisor_candidates(&mut tx).await?;
        if !candidates.iter().any(|c| c.id == supervisor) {
            errors.add("supervisor_id", Msg::ValSupervisorRole);
        }
    }
    for member in &draft.member_ids {
        let existing = before
            .as_ref()
            .is_some_and(|g| g.members.iter().any(|m| m.id == *member));
        if !existing && !is_assignable(&mut tx, *member).await? {
            errors.add("member_ids", Msg::ValMemberNotStaff);
        }
    }
    let was_active = before.as_ref().is_none_or(|g| g.active);
    if was_active && !draft.active {
        let routed = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM ticket_categories WHERE group_id = $1 AND active"#,
            draft.id
        )
        .fetch_one(&mut *tx)
        .await?;
        if routed > 0 {
            errors.add("active", Msg::ValGroupStillRouted);
        }
    }
    errors.into_result()?;
    let unique = [("support_groups_name_key", "name", Msg::ValNameTaken)];
    let id = if before.is_none() {
        sqlx::query_scalar!(
            r#"INSERT INTO support_groups (name, description, supervisor_id, active)
               VALUES ($1, $2, $3, $4) RETURNING id"#,
            draft.name,
            draft.description,
            draft.supervisor_id,
            draft.active,
        )
        .fetch_one(&mut *tx)
        .await
    } else {
        sqlx::query_scalar!(
            r#"UPDATE support_groups SET name = $2, description = $3, supervisor_id = $4,
                      active = $5, updated_at = now()
               WHERE id = $1 RETURNING id"#,
            draft.id,
            draft.name,
            draft.description,
            draft.supervisor_id,
            draft.active,
        )
        .fetch_one(&mut *tx)
        .await
    }
    .map_err(|e| on_constraint(e, &unique))?;
    sqlx::query!(
        "DELETE FROM support_group_members WHERE group_id = $1 AND user_id <> ALL($2)",
        id,
        &draft.member_ids
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO support_group_members (group_id, user_id)
           SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING"#,
        id,
        &draft.member_ids
    )
    .execute(&mut *tx)
    .await?;
    let after = crate::desk::model::GroupDraft { id, ..draft };
    AuditEvent::saved(
        ("support_group.create", "support_group.update"),
        "support_group",
        id,
        before.as_ref(),
        &after,
    )
    .write(&mut tx, actor)
    .await?;
    tx.commit().await?;
    Ok(id)
}
