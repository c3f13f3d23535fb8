use crate::desk::model::Category;
use crate::error::server::ServiceResult;
use crate::tickets::model::Level;
use sqlx::PgConnection;

/// The defaults a category gives a new ticket; inherited from the nearest ancestor that
/// sets them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryDefaults {
    pub group_id: Option<i64>,
    pub impact: Option<Level>,
    pub urgency: Option<Level>,
}

/// `None` when the category does not exist or is inactive.
pub async fn defaults(
    conn: &mut PgConnection,
    category_id: i64,
) -> ServiceResult<Option<CategoryDefaults>> {
    let rows = sqlx::query!(
        r#"WITH RECURSIVE up(id, parent_id, group_id, default_impact, default_urgency, active, depth) AS (
               SELECT id, parent_id, group_id, default_impact, default_urgency, active, 0
               FROM ticket_categories WHERE id = $1
               UNION ALL
               SELECT c.id, c.parent_id, c.group_id, c.default_impact, c.default_urgency,
                      c.active, up.depth + 1
               FROM ticket_categories c JOIN up ON c.id = up.parent_id
               WHERE up.depth < 20)
           SELECT group_id, default_impact, default_urgency, active AS "active!", depth AS "depth!"
           FROM up ORDER BY depth"#,
        category_id
    )
    .fetch_all(conn)
    .await?;
    match rows.first() {
        Some(own) if own.active => {}
        _ => return Ok(None),
    }
    let mut out = CategoryDefaults::default();
    for r in &rows {
        out.group_id = out.group_id.or(r.group_id);
        out.impact = out
            .impact
            .or(r.default_impact.and_then(|v| Level::new(v.into())));
        out.urgency = out
            .urgency
            .or(r.default_urgency.and_then(|v| Level::new(v.into())));
    }
    Ok(Some(out))
}

/// Every category with its path, ordered by path (for pickers and the admin tree).
pub async fn all(conn: &mut PgConnection) -> ServiceResult<Vec<Category>> {
    let rows = sqlx::query!(
        r#"WITH RECURSIVE tree(id, path, depth) AS (
               SELECT id, name, 0 FROM ticket_categories WHERE parent_id IS NULL
               UNION ALL
               SELECT c.id, tree.path || ' › ' || c.name, tree.depth + 1
               FROM ticket_categories c JOIN tree ON c.parent_id = tree.id
               WHERE tree.depth < 20)
           SELECT c.id, c.parent_id, c.name, tree.path AS "path!", c.group_id,
                  c.default_impact, c.default_urgency, c.active
           FROM ticket_categories c JOIN tree ON tree.id = c.id
           ORDER BY lower(tree.path)"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Category {
            id: r.id,
            parent_id: r.parent_id,
            name: r.name,
            path: r.path,
            group_id: r.group_id,
            default_impact: r.default_impact.and_then(|v| Level::new(v.into())),
            default_urgency: r.default_urgency.and_then(|v| Level::new(v.into())),
            active: r.active,
        })
        .collect())
}
