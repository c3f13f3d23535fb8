//! Reading the CMDB: classes, the CI list, one CI with its relations.

use sqlx::PgConnection;

use crate::cmdb::model::attributes::{AttributeDef, AttributeValue, Label};
use crate::cmdb::model::{
    Ci, CiChoices, CiClass, CiFilter, CiRef, CiRow, CiView, ConfigItemId, Lifecycle, RelationKind,
    RelationRow,
};
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::pagination::{page_from, parse_text_cursor, text_cursor, Page};

/// The plant lock. Every service that writes the plant takes it first, before any CI row:
/// the feed-loop and topology triggers take it too, so writers always lock in one order
/// (migrations 20261207000001_cmdb and 20261208000001_cmdb_topology).
pub async fn lock_plant(conn: &mut PgConnection) -> ServiceResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock(7340150)")
        .execute(conn)
        .await?;
    Ok(())
}

/// Every class, from the core to the customer.
pub async fn classes(conn: &mut PgConnection) -> ServiceResult<Vec<CiClass>> {
    let rows = sqlx::query!(
        r#"SELECT code, name_id, name_en, tier, attributes, ports_key, managed
           FROM ci_classes ORDER BY position, code"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CiClass {
            code: r.code,
            name: Label {
                id: r.name_id,
                en: r.name_en,
            },
            tier: r.tier,
            attributes: serde_json::from_value::<Vec<AttributeDef>>(r.attributes)
                .unwrap_or_default(),
            ports_key: r.ports_key,
            managed: r.managed,
        })
        .collect())
}

pub async fn class(conn: &mut PgConnection, code: &str) -> ServiceResult<Option<CiClass>> {
    Ok(classes(conn).await?.into_iter().find(|c| c.code == code))
}

pub async fn choices(conn: &mut PgConnection) -> ServiceResult<CiChoices> {
    let classes = classes(&mut *conn).await?;
    let groups =
        sqlx::query!(r#"SELECT id, name FROM support_groups WHERE active ORDER BY lower(name)"#)
            .fetch_all(conn)
            .await?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect();
    Ok(CiChoices { classes, groups })
}

/// CIs by code (cis_class_code_idx, cis_code_key), or by words in their code and name
/// (cis_search_idx); keyset on (lower(code), id).
pub async fn list(
    conn: &mut PgConnection,
    filter: &CiFilter,
    limit: i64,
) -> ServiceResult<Page<CiRow>> {
    let search = filter.search.trim().to_lowercase();
    let search = (!search.is_empty()).then(|| format!("%{}%", escape_like(&search)));
    let class = (!filter.class.is_empty()).then_some(filter.class.as_str());
    let lifecycle = filter.lifecycle.map(Lifecycle::code);
    let after = filter.cursor.as_deref().and_then(parse_text_cursor);
    let (after_code, after_id) = match after {
        Some((code, id)) => (Some(code), id),
        None => (None, 0),
    };
    let rows = sqlx::query!(
        r#"SELECT c.id, c.class, c.code, c.name, c.lifecycle, c.address,
                  c.latitude IS NOT NULL AS "located!", g.name AS "owner_group?",
                  (SELECT count(*) FROM ci_relations r
                   WHERE r.from_ci = c.id OR r.to_ci = c.id) AS "relations!"
           FROM cis c LEFT JOIN support_groups g ON g.id = c.owner_group_id
           WHERE ($1::text IS NULL OR c.class = $1)
             AND ($2::text IS NULL OR c.lifecycle = $2)
             AND ($3::text IS NULL OR lower(c.code || ' ' || c.name) LIKE $3)
             AND ($4::text IS NULL OR (lower(c.code), c.id) > ($4, $5))
           ORDER BY lower(c.code), c.id
           LIMIT $6"#,
        class,
        lifecycle,
        search,
        after_code,
        after_id,
        limit + 1,
    )
    .fetch_all(conn)
    .await?;
    let rows = rows
        .into_iter()
        .map(|r| CiRow {
            ci: ci_ref(r.id, r.class, r.code, r.name, &r.lifecycle),
            address: r.address,
            located: r.located,
            owner_group: r.owner_group,
            relations: r.relations,
        })
        .collect();
    Ok(page_from(rows, limit, |row: &CiRow| {
        text_cursor(&row.ci.code.to_lowercase(), row.ci.id.0)
    }))
}

/// A CI as other rows mention it, from its columns.
pub fn ci_ref(id: i64, class: String, code: String, name: String, lifecycle: &str) -> CiRef {
    CiRef {
        id: ConfigItemId(id),
        class,
        code,
        name,
        lifecycle: Lifecycle::parse(lifecycle).unwrap_or_default(),
    }
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub async fn get(conn: &mut PgConnection, id: i64) -> ServiceResult<Ci> {
    let r = sqlx::query!(
        r#"SELECT c.id, c.class, c.code, c.name, c.lifecycle, c.latitude, c.longitude,
                  c.address, c.owner_group_id, g.name AS "owner_group?", c.notes, c.attributes,
                  c.nas_id, c.subscription_id, s.customer_id AS "customer_id?",
                  c.created_at, c.updated_at
           FROM cis c
           LEFT JOIN support_groups g ON g.id = c.owner_group_id
           LEFT JOIN subscriptions s ON s.id = c.subscription_id
           WHERE c.id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Ci {
        id: ConfigItemId(r.id),
        class: r.class,
        code: r.code,
        name: r.name,
        lifecycle: Lifecycle::parse(&r.lifecycle).unwrap_or_default(),
        latitude: r.latitude,
        longitude: r.longitude,
        address: r.address,
        owner_group_id: r.owner_group_id,
        owner_group: r.owner_group,
        notes: r.notes,
        attributes: stored_attributes(&r.attributes),
        nas_id: r.nas_id,
        subscription_id: r.subscription_id,
        customer_id: r.customer_id,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// Stored values (text or numbers in a JSON object) as the form edits them.
pub fn stored_attributes(json: &serde_json::Value) -> Vec<AttributeValue> {
    json.as_object()
        .into_iter()
        .flatten()
        .map(|(key, value)| AttributeValue {
            key: key.clone(),
            value: match value {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            },
        })
        .collect()
}

/// Values as stored: integers as JSON numbers, everything else as text.
pub fn attributes_json(class: &CiClass, values: &[AttributeValue]) -> serde_json::Value {
    use crate::cmdb::model::attributes::AttributeType;
    let map = values
        .iter()
        .map(|v| {
            let integer = class
                .attributes
                .iter()
                .any(|d| d.key == v.key && d.kind == AttributeType::Integer);
            let value = match v.value.parse::<i64>() {
                Ok(n) if integer => serde_json::Value::from(n),
                _ => serde_json::Value::from(v.value.clone()),
            };
            (v.key.clone(), value)
        })
        .collect();
    serde_json::Value::Object(map)
}

pub async fn relations(conn: &mut PgConnection, id: i64) -> ServiceResult<Vec<RelationRow>> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.kind, r.from_ci = $1 AS "outgoing!", r.from_port, r.to_port, r.note,
                  o.id AS other_id, o.class, o.code, o.name, o.lifecycle
           FROM ci_relations r
           JOIN cis o ON o.id = CASE WHEN r.from_ci = $1 THEN r.to_ci ELSE r.from_ci END
           WHERE r.from_ci = $1 OR r.to_ci = $1
           ORDER BY r.kind, r.from_ci = $1, r.from_port NULLS LAST, lower(o.code)"#,
        id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RelationRow {
            id: r.id,
            kind: RelationKind::parse(&r.kind).unwrap_or_default(),
            outgoing: r.outgoing,
            other: ci_ref(r.other_id, r.class, r.code, r.name, &r.lifecycle),
            from_port: r.from_port,
            to_port: r.to_port,
            note: r.note,
        })
        .collect())
}

pub async fn view(conn: &mut PgConnection, id: i64) -> ServiceResult<CiView> {
    let ci = get(&mut *conn, id).await?;
    let class = class(&mut *conn, &ci.class)
        .await?
        .ok_or_else(|| crate::error::server::ServiceError::Internal("CI of no class".into()))?;
    let relations = relations(&mut *conn, id).await?;
    let ports_total = class
        .ports_key
        .as_deref()
        .and_then(|key| ci.attributes.iter().find(|v| v.key == key))
        .and_then(|v| v.value.parse::<i64>().ok());
    let ports_used = relations
        .iter()
        .filter(|r| r.kind == RelationKind::Feeds && r.outgoing && r.from_port.is_some())
        .count() as i64;
    Ok(CiView {
        ci,
        class,
        relations,
        ports_used,
        ports_total,
    })
}
