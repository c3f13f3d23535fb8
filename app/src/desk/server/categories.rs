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
                  c.default_impact, c.default_urgency, c.active, c.portal_symptom
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
            portal_symptom: r
                .portal_symptom
                .as_deref()
                .and_then(crate::portal::model::Symptom::parse),
        })
        .collect())
}

/// Creates (`id == 0`) or updates a category; returns its id. A category cannot move under
/// itself or its own descendants. Moving one changes which SLA policies match its tickets,
/// so open tickets are queued for recomputation.
pub async fn save(
    db: &sqlx::PgPool,
    actor: &crate::request::Actor,
    draft: crate::desk::model::CategoryDraft,
) -> ServiceResult<i64> {
    use crate::audit::server::AuditEvent;
    use crate::error::server::on_constraint;
    use crate::error::{AppError, FieldErrors};
    use crate::i18n::Msg;

    let draft = crate::desk::model::CategoryDraft {
        name: draft.name.trim().to_owned(),
        ..draft
    };
    draft.validate().into_result()?;
    let mut tx = db.begin().await?;
    // Serializes tree edits, so two concurrent moves cannot build a cycle between them.
    sqlx::query!("LOCK TABLE ticket_categories IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    let tree = all(&mut tx).await?;
    let before = if draft.id == 0 {
        None
    } else {
        Some(
            tree.iter()
                .find(|c| c.id == draft.id)
                .cloned()
                .ok_or(AppError::NotFound)?,
        )
    };
    let mut errors = FieldErrors::new();
    if let Some(parent) = draft.parent_id {
        let mut cursor = tree.iter().find(|c| c.id == parent);
        if cursor.is_none() {
            errors.add("parent_id", Msg::ValChoiceInvalid);
        }
        // Walk up from the new parent: meeting the category itself means a cycle.
        while let Some(c) = cursor {
            if draft.id != 0 && c.id == draft.id {
                errors.add("parent_id", Msg::ValCategoryCycle);
                break;
            }
            cursor = c.parent_id.and_then(|p| tree.iter().find(|x| x.id == p));
        }
    }
    // A group is checked only when it changes, so a category whose group was retired can
    // still be renamed or moved.
    let old_group = before.as_ref().and_then(|b| b.group_id);
    if let Some(group) = draft.group_id.filter(|g| Some(*g) != old_group) {
        if super::groups::active_name(&mut tx, group).await?.is_none() {
            errors.add("group_id", Msg::ValChoiceInvalid);
        }
    }
    if before.as_ref().is_some_and(|b| b.active) && !draft.active {
        let offered = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM catalog_items WHERE category_id = $1 AND active"#,
            draft.id
        )
        .fetch_one(&mut *tx)
        .await?;
        if offered > 0 {
            errors.add("active", Msg::ValCategoryStillOffered);
        }
    }
    // The portal files reports only under active categories.
    if draft.portal_symptom.is_some() && !draft.active {
        errors.add("portal_symptom", Msg::ValSymptomNeedsActive);
    }
    errors.into_result()?;
    let unique = [("ticket_categories_name_key", "name", Msg::ValNameTaken)];
    let symptom = draft.portal_symptom.map(|s| s.as_str());
    // One category per symptom: choosing it here takes it from wherever it was.
    if let Some(symptom) = symptom {
        let losers = sqlx::query_scalar!(
            "UPDATE ticket_categories SET portal_symptom = NULL, updated_at = now()
             WHERE portal_symptom = $1 AND id <> $2 RETURNING id",
            symptom,
            draft.id
        )
        .fetch_all(&mut *tx)
        .await?;
        for loser in losers {
            AuditEvent::new("category.update", "ticket_category", loser)
                .before(&serde_json::json!({ "portal_symptom": symptom }))
                .after(&serde_json::json!({ "portal_symptom": null }))
                .write(&mut tx, actor)
                .await?;
        }
    }
    let impact = draft.default_impact.map(|l| i16::from(l.get()));
    let urgency = draft.default_urgency.map(|l| i16::from(l.get()));
    let id = if before.is_none() {
        sqlx::query_scalar!(
            r#"INSERT INTO ticket_categories
                   (parent_id, name, group_id, default_impact, default_urgency, active,
                    portal_symptom)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"#,
            draft.parent_id,
            draft.name,
            draft.group_id,
            impact,
            urgency,
            draft.active,
            symptom,
        )
        .fetch_one(&mut *tx)
        .await
    } else {
        sqlx::query_scalar!(
            r#"UPDATE ticket_categories SET parent_id = $2, name = $3, group_id = $4,
                      default_impact = $5, default_urgency = $6, active = $7,
                      portal_symptom = $8, updated_at = now()
               WHERE id = $1 RETURNING id"#,
            draft.id,
            draft.parent_id,
            draft.name,
            draft.group_id,
            impact,
            urgency,
            draft.active,
            symptom,
        )
        .fetch_one(&mut *tx)
        .await
    }
    .map_err(|e| on_constraint(e, &unique))?;
    let after = crate::desk::model::CategoryDraft { id, ..draft };
    let moved = before
        .as_ref()
        .is_some_and(|b| b.parent_id != after.parent_id);
    AuditEvent::saved(
        ("category.create", "category.update"),
        "ticket_category",
        id,
        before.as_ref(),
        &after,
    )
    .write(&mut tx, actor)
    .await?;
    if moved {
        crate::sla::server::recompute::enqueue_open(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(id)
}
