//! Creating and editing CIs, audited. Routers and lines keep their code, name and
//! lifecycle from the records they stand for; staff add where they are and who owns them.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::audit::server::AuditEvent;
use crate::cmdb::model::attributes::AttributeValue;
use crate::cmdb::model::{CheckedCi, CiDraft};
use crate::cmdb::server::repo;
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::FieldErrors;
use crate::i18n::Msg;
use crate::request::Actor;

const UNIQUE: [(&str, &str, Msg); 2] = [
    ("cis_code_key", "code", Msg::ValCiCodeTaken),
    (
        "cis_owner_group_id_fkey",
        "owner_group_id",
        Msg::ValCiOwnerGroup,
    ),
];

#[derive(Serialize)]
struct CiAudit<'a> {
    class: &'a str,
    code: &'a str,
    name: &'a str,
    lifecycle: &'static str,
    latitude: Option<f64>,
    longitude: Option<f64>,
    address: &'a str,
    owner_group_id: Option<i64>,
    notes: &'a str,
    attributes: &'a [AttributeValue],
}

fn audit_view<'a>(class: &'a str, ci: &'a CheckedCi) -> CiAudit<'a> {
    CiAudit {
        class,
        code: &ci.code,
        name: &ci.name,
        lifecycle: ci.lifecycle.code(),
        latitude: ci.coordinates.map(|c| c.0),
        longitude: ci.coordinates.map(|c| c.1),
        address: &ci.address,
        owner_group_id: ci.owner_group_id,
        notes: &ci.notes,
        attributes: &ci.attributes,
    }
}

/// Creates (`id` 0) or updates a CI; answers its id.
pub async fn save(db: &PgPool, actor: &Actor, draft: CiDraft) -> ServiceResult<i64> {
    let mut tx = db.begin().await?;
    let id = save_in(&mut tx, actor, draft).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`save`] inside the caller's transaction (an import saves all its rows in one).
pub async fn save_in(tx: &mut PgConnection, actor: &Actor, draft: CiDraft) -> ServiceResult<i64> {
    repo::lock_plant(&mut *tx).await?;
    let before = if draft.id == 0 {
        None
    } else {
        let ci = repo::get(&mut *tx, draft.id).await?;
        sqlx::query!("SELECT id FROM cis WHERE id = $1 FOR UPDATE", draft.id)
            .fetch_one(&mut *tx)
            .await?;
        Some(ci)
    };
    let class_code = before
        .as_ref()
        .map_or(draft.class.as_str(), |ci| ci.class.as_str());
    let Some(class) = repo::class(&mut *tx, class_code).await? else {
        return Err(FieldErrors::single("class", Msg::ValCiClass).into());
    };
    if class.managed && before.is_none() {
        return Err(FieldErrors::single("class", Msg::ValCiManagedClass).into());
    }
    let mut checked = draft.check(&class)?;
    if let (true, Some(before)) = (class.managed, &before) {
        // What the router or line says wins over anything the form sent.
        checked.code = before.code.clone();
        checked.name = before.name.clone();
        checked.lifecycle = before.lifecycle;
    }
    let attributes = repo::attributes_json(&class, &checked.attributes);
    let (latitude, longitude) = (
        checked.coordinates.map(|c| c.0),
        checked.coordinates.map(|c| c.1),
    );
    let id = match &before {
        None => sqlx::query_scalar!(
            r#"INSERT INTO cis (class, code, name, lifecycle, latitude, longitude, address,
                                owner_group_id, notes, attributes)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"#,
            class.code,
            checked.code,
            checked.name,
            checked.lifecycle.code(),
            latitude,
            longitude,
            checked.address,
            checked.owner_group_id,
            checked.notes,
            attributes,
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| on_constraint(e, &UNIQUE))?,
        Some(_) => sqlx::query_scalar!(
            r#"UPDATE cis SET code = $2, name = $3, lifecycle = $4, latitude = $5,
                   longitude = $6, address = $7, owner_group_id = $8, notes = $9,
                   attributes = $10, updated_at = now()
               WHERE id = $1 RETURNING id"#,
            draft.id,
            checked.code,
            checked.name,
            checked.lifecycle.code(),
            latitude,
            longitude,
            checked.address,
            checked.owner_group_id,
            checked.notes,
            attributes,
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| on_constraint(e, &UNIQUE))?,
    };
    let before_checked = before.as_ref().map(|ci| CheckedCi {
        code: ci.code.clone(),
        name: ci.name.clone(),
        lifecycle: ci.lifecycle,
        coordinates: ci.latitude.zip(ci.longitude),
        address: ci.address.clone(),
        owner_group_id: ci.owner_group_id,
        notes: ci.notes.clone(),
        attributes: ci.attributes.clone(),
    });
    AuditEvent::saved(
        ("ci.create", "ci.update"),
        "ci",
        id,
        before_checked
            .as_ref()
            .map(|b| audit_view(&class.code, b))
            .as_ref(),
        &audit_view(&class.code, &checked),
    )
    .write(&mut *tx, actor)
    .await?;
    Ok(id)
}
