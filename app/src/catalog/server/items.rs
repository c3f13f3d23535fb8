use crate::audit::server::AuditEvent;
use crate::catalog::model::{key_from_label, ApproverRole, CatalogItem, FormField};
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::request::Actor;
use crate::tickets::model::Level;
use sqlx::{PgConnection, PgPool};

struct Row {
    id: i64,
    name: String,
    description: String,
    category_id: Option<i64>,
    impact: i16,
    urgency: i16,
    form: serde_json::Value,
    approvals: Vec<String>,
    active: bool,
}

impl Row {
    fn item(self) -> CatalogItem {
        CatalogItem {
            id: self.id,
            name: self.name,
            description: self.description,
            category_id: self.category_id,
            impact: Level::new(self.impact.into()).unwrap_or(Level::LOW),
            urgency: Level::new(self.urgency.into()).unwrap_or(Level::LOW),
            fields: serde_json::from_value::<Vec<FormField>>(self.form).unwrap_or_default(),
            approvals: self
                .approvals
                .iter()
                .filter_map(|r| ApproverRole::from_code(r))
                .collect(),
            active: self.active,
        }
    }
}

/// Items by name; requesters see only active ones.
pub async fn list(db: &PgPool, include_inactive: bool) -> ServiceResult<Vec<CatalogItem>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT id, name, description, category_id, impact, urgency, form, approvals, active
           FROM catalog_items WHERE active OR $1 ORDER BY lower(name)"#,
        include_inactive
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Row::item).collect())
}

pub async fn get(conn: &mut PgConnection, id: i64) -> ServiceResult<CatalogItem> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT id, name, description, category_id, impact, urgency, form, approvals, active
           FROM catalog_items WHERE id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(row.item())
}

/// `base`, or `base_2`, `base_3`… when another field already has it; shortened first so the
/// suffix never pushes a key past the 40-character limit. `base` is ASCII.
fn unused_key(base: &str, taken: &[String]) -> String {
    if base.is_empty() {
        return String::new();
    }
    (1..)
        .map(|n| {
            if n == 1 {
                base.to_owned()
            } else {
                let suffix = format!("_{n}");
                let head = &base[..base.len().min(40 - suffix.len())];
                format!("{}{suffix}", head.trim_end_matches('_'))
            }
        })
        .find(|k| !taken.contains(k))
        .unwrap_or_default()
}

/// Creates (`id == 0`) or updates an item after checking its definition. Empty field keys
/// are made from the labels.
pub async fn save(db: &PgPool, actor: &Actor, item: CatalogItem) -> ServiceResult<i64> {
    let mut item = item;
    item.name = item.name.trim().to_owned();
    let mut taken: Vec<String> = item
        .fields
        .iter()
        .map(|f| f.key.trim().to_owned())
        .collect();
    for f in &mut item.fields {
        f.key = f.key.trim().to_owned();
        f.label = f.label.trim().to_owned();
        if f.key.is_empty() {
            f.key = unused_key(&key_from_label(&f.label), &taken);
            taken.push(f.key.clone());
        }
        f.options = f
            .options
            .iter()
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .collect();
    }
    item.validate().into_result()?;
    let form = serde_json::to_value(&item.fields).unwrap_or_default();
    let approvals: Vec<String> = item.approvals.iter().map(|r| r.code().to_owned()).collect();
    let unique = [
        ("catalog_items_name_key", "name", Msg::ValNameTaken),
        (
            "catalog_items_category_id_fkey",
            "category_id",
            Msg::ValChoiceInvalid,
        ),
    ];
    let mut tx = db.begin().await?;
    let (id, action) = if item.id == 0 {
        let id = sqlx::query_scalar!(
            r#"INSERT INTO catalog_items (name, description, category_id, impact, urgency, form, approvals, active)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"#,
            item.name,
            item.description.trim(),
            item.category_id,
            i16::from(item.impact.get()),
            i16::from(item.urgency.get()),
            form,
            &approvals,
            item.active,
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| on_constraint(e, &unique))?;
        (id, "catalog_item.create")
    } else {
        let before = get(&mut tx, item.id).await?;
        sqlx::query!(
            r#"UPDATE catalog_items SET name = $2, description = $3, category_id = $4, impact = $5,
                      urgency = $6, form = $7, approvals = $8, active = $9, updated_at = now()
               WHERE id = $1"#,
            item.id,
            item.name,
            item.description.trim(),
            item.category_id,
            i16::from(item.impact.get()),
            i16::from(item.urgency.get()),
            form,
            &approvals,
            item.active,
        )
        .execute(&mut *tx)
        .await
        .map_err(|e| on_constraint(e, &unique))?;
        AuditEvent::new("catalog_item.update", "catalog_item", item.id)
            .before(&before)
            .after(&item)
            .write(&mut tx, actor)
            .await?;
        tx.commit().await?;
        return Ok(item.id);
    };
    AuditEvent::new(action, "catalog_item", id)
        .after(&item)
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::unused_key;

    #[test]
    fn suffixed_keys_stay_within_the_limit() {
        let long = "a".repeat(40);
        let taken = vec![long.clone()];
        let next = unused_key(&long, &taken);
        assert_eq!(next.len(), 40);
        assert!(next.ends_with("_2"));
        assert_eq!(unused_key("ip", &["ip".into(), "ip_2".into()]), "ip_3");
    }
}
